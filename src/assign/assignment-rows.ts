/**
 * Output helpers: the assignment as rows for a CSV, and counts by block and arm.
 */
import { EnsayoError } from "../errors.js";
import { sortLevels } from "../internal/factor.js";
import type { Assignment, Condition, RaDesign } from "./declare-ra.js";

/** One unit of an assignment, ready to write as a CSV row. */
export interface AssignmentRow {
  /** The unit's id, or its 1-based row number when no ids were given. */
  readonly id: string | number;
  readonly block: string | null;
  readonly cluster: string | null;
  readonly condition: Condition;
  /** Probability of the condition the unit received (for weights 1/p). */
  readonly probability: number;
}

function check(fn: string, design: RaDesign, assignment: Assignment): void {
  if (assignment.arm.length !== design.n || assignment.conditions.length !== design.conditions.length) {
    throw new EnsayoError("LENGTH_MISMATCH", `${fn}: the assignment (${assignment.arm.length} units) is not from this design (${design.n} units)`);
  }
}

/**
 * The assignment as rows `{ id, block, cluster, condition, probability }`, in input order.
 *
 * @throws EnsayoError `LENGTH_MISMATCH` when the assignment is not from `design`.
 * @example
 * ```ts
 * const d = declareRa({ ids: ["a", "b"], conditions: ["control", "taller"] });
 * assignmentRows(d, d.conduct(1)); // [{ id: "a", block: null, cluster: null, condition: "taller", probability: 0.5 }, …]
 * ```
 */
export function assignmentRows(design: RaDesign, assignment: Assignment): AssignmentRow[] {
  check("assignmentRows", design, assignment);
  const { matrix } = design.probabilities();
  const rows: AssignmentRow[] = [];
  for (let i = 0; i < design.n; i++) {
    const a = assignment.arm[i]!;
    rows.push({
      id: design.ids ? design.ids[i]! : i + 1,
      block: design.blocks ? design.blocks[i]! : null,
      cluster: design.clusters ? design.clusters[i]! : null,
      condition: design.conditions[a]!,
      probability: matrix[a]![i]!,
    });
  }
  return rows;
}

/** One block × arm cell of the summary. */
export interface AssignmentSummaryRow {
  /** Block label, or `"(all)"` for the totals. */
  readonly block: string;
  readonly condition: Condition;
  /** Units assigned. */
  readonly count: number;
  /** Expected units: the sum of the units' probabilities of this arm. */
  readonly expected: number;
}

/**
 * Counts by block and arm (tidy rows), plus the totals under block `"(all)"`, with expected counts.
 *
 * @throws EnsayoError `LENGTH_MISMATCH` when the assignment is not from `design`.
 * @example
 * ```ts
 * assignmentSummary(d, a); // [{ block: "Central", condition: 0, count: 5, expected: 5 }, …, { block: "(all)", … }]
 * ```
 */
export function assignmentSummary(design: RaDesign, assignment: Assignment): AssignmentSummaryRow[] {
  check("assignmentSummary", design, assignment);
  const { matrix } = design.probabilities();
  const k = design.conditions.length;
  const labels = design.blocks ? sortLevels([...new Set(design.blocks)]) : [];
  const index = new Map(labels.map((l, b) => [l, b]));
  const B = labels.length;
  const count = new Float64Array((B + 1) * k);
  const expected = new Float64Array((B + 1) * k);
  for (let i = 0; i < design.n; i++) {
    const b = design.blocks ? index.get(design.blocks[i]!)! : -1;
    const a = assignment.arm[i]!;
    count[B * k + a]++;
    if (b >= 0) count[b * k + a]++;
    for (let j = 0; j < k; j++) {
      expected[B * k + j] += matrix[j]![i]!;
      if (b >= 0) expected[b * k + j] += matrix[j]![i]!;
    }
  }
  const rows: AssignmentSummaryRow[] = [];
  const push = (block: string, b: number): void => {
    for (let j = 0; j < k; j++) rows.push({ block, condition: design.conditions[j]!, count: count[b * k + j]!, expected: expected[b * k + j]! });
  };
  labels.forEach((l, b) => push(l, b));
  push("(all)", B);
  return rows;
}

/**
 * `assignmentSummary`: counts by block and arm, with expected counts.
 */
import { named } from "../internal/boundary.js";
import { sortLevels } from "../internal/factor.js";
import { checkSameDesign } from "./assignment-rows.js";
import type { Assignment, Condition, RaDesign } from "./declare-ra.js";
import { rawDesign } from "../design/protocol.js";

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
 * @throws EnsayoError `INVALID_DATA` when `design` is not from declareRa or `assignment` not from `design.conduct`; `LENGTH_MISMATCH` when the assignment is not from `design`.
 * @example
 * ```ts
 * const d = declareRa({ blocks: ["Central", "Central", "Central", "Central", "Itapúa", "Itapúa"], prob: 0.5 });
 * const rows = assignmentSummary(d, d.conduct(7));
 * rows.map((r) => `${r.block} ${r.condition}: ${r.count}`);
 * // ["Central 0: 2", "Central 1: 2", "Itapúa 0: 1", "Itapúa 1: 1", "(all) 0: 3", "(all) 1: 3"]
 * rows[0]!.expected; // 2
 * ```
 */
export function assignmentSummary(design: RaDesign, assignment: Assignment): AssignmentSummaryRow[] {
  return named("assignmentSummary", () => summaryOf(design, assignment));
}

function summaryOf(design: RaDesign, assignment: Assignment): AssignmentSummaryRow[] {
  checkSameDesign(design, assignment);
  const { matrix } = rawDesign(design).probabilities();
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

/**
 * Output helpers: the assignment as rows for a CSV, and counts by block and arm.
 */
import { EnsayoError } from "../errors.js";
import { named } from "../internal/boundary.js";
import type { Assignment, Condition, RaDesign } from "./declare-ra.js";
import { rawDesign } from "../design/protocol.js";

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

/** Throw `LENGTH_MISMATCH` when `assignment` was not drawn from `design` (different units or conditions). */
export function checkSameDesign(design: RaDesign, assignment: Assignment): void {
  if (assignment.arm.length !== design.n || assignment.conditions.length !== design.conditions.length) {
    throw new EnsayoError("LENGTH_MISMATCH", `the assignment (${assignment.arm.length} units) is not from this design (${design.n} units)`);
  }
}

/**
 * The assignment as rows `{ id, block, cluster, condition, probability }`, in input order.
 *
 * @throws EnsayoError `LENGTH_MISMATCH` when the assignment is not from `design`.
 * @example
 * ```ts
 * const d = declareRa({ id: ["a", "b"], conditions: ["control", "taller"] });
 * assignmentRows(d, d.conduct(1)); // [{ id: "a", block: null, cluster: null, condition: "taller", probability: 0.5 }, …]
 * ```
 */
export function assignmentRows(design: RaDesign, assignment: Assignment): AssignmentRow[] {
  return named("assignmentRows", () => rowsOf(design, assignment));
}

function rowsOf(design: RaDesign, assignment: Assignment): AssignmentRow[] {
  checkSameDesign(design, assignment);
  const { matrix } = rawDesign(design).probabilities();
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

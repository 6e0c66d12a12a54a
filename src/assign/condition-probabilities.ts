/**
 * `conditionProbabilities`: each unit's probability of the arm it received (for IPW weights).
 */
import { EnsayoError } from "../errors.js";
import { named } from "../internal/boundary.js";
import { checkAssignment, checkDesign } from "./assignment-rows.js";
import type { Assignment, RaDesign } from "./declare-ra.js";
import { rawDesign } from "../design/protocol.js";

/**
 * Each unit's probability of the condition it actually received (randomizr's
 * `obtain_condition_probabilities`), e.g. for inverse-probability weights `1 / p`.
 *
 * @throws EnsayoError `INVALID_DATA` when `design` is not from declareRa or `assignment` is neither an assignment nor an Int32Array; `LENGTH_MISMATCH` when the assignment is not from a design of the same size.
 * @example
 * ```ts
 * const d = declareRa({ n: 10, prob: 0.33 });
 * conditionProbabilities(d, d.conduct(1)); // Float64Array of 0.33 (treated) and 0.67 (control)
 * ```
 */
export function conditionProbabilities(design: RaDesign, assignment: Assignment | Int32Array): Float64Array {
  return named("conditionProbabilities", () => probabilitiesOf(design, assignment));
}

function probabilitiesOf(design: RaDesign, assignment: Assignment | Int32Array): Float64Array {
  checkDesign(design);
  checkAssignment(assignment, true);
  const arm = assignment instanceof Int32Array ? assignment : assignment.arm;
  if (arm.length !== design.n) {
    throw new EnsayoError("LENGTH_MISMATCH", `the assignment has ${arm.length} units but the design has ${design.n}`);
  }
  const { matrix } = rawDesign(design).probabilities();
  const out = new Float64Array(arm.length);
  for (let i = 0; i < arm.length; i++) out[i] = matrix[arm[i]!]![i]!;
  return out;
}

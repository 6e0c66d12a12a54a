/**
 * The analysis steps `pilot.diagnose` reruns on every simulated dataset, by the analysis's own code: a family's
 * registered multiplicity adjustment (`adjustFamily`) and an outcome's randomization test
 * (`registeredRandomizationTest`). One seam, so the simulation does not depend on those steps' signatures (internal).
 */
import type { RaDesign } from "../assign/declare-ra.js";
import type { Table } from "../data/table.js";
import type { Seed } from "../internal/rng.js";
import { adjustFamily } from "./multiplicity-step.js";
import type { ArmColumns } from "./merge-inputs.js";
import type { PilotPlan, PlanFamily } from "./plan-schema.js";
import { registeredRandomizationTest } from "./randomization-step.js";

/**
 * Whether the Westfall–Young / Romano–Wolf step-down uses the registered estimator's t statistics (refitted on
 * every assignment: a nested step-down then costs a registered fit per inner draw, so `pilot.diagnose` defaults
 * to Holm in its place), as here, or the difference-in-means t statistics (cheap to nest).
 */
export const STEP_DOWN_USES_REGISTERED_T = true;

/** One simulated dataset as the analysis steps see it (two arms). */
export interface SimulatedAnalysis {
  readonly plan: PilotPlan;
  /** One row per design unit: the plan's arm column (labels), the 0/1 indicator `treated`, the outcomes. */
  readonly table: Table;
  readonly design: RaDesign;
  readonly treated: string;
  /** Assignments of the design for the resampling steps, and their seed. */
  readonly draws: number;
  readonly seed: Seed;
}

/** The two arms as the analysis steps name them: control, and the one treated arm's 0/1 indicator column. */
function twoArms(a: SimulatedAnalysis): ArmColumns {
  return { control: String(a.plan.design.conditions[0]), treated: [{ label: String(a.plan.design.conditions[1]), column: a.treated }], code: "" };
}

/** The family's adjusted p-values (q-values for BH, BY, sharpenedQ), in the order of `p`. */
export function familyAdjusted(a: SimulatedAnalysis, family: PlanFamily, p: readonly number[]): number[] {
  const ctx = { plan: a.plan, table: a.table, arms: twoArms(a), design: a.design, draws: a.draws, seed: a.seed };
  return adjustFamily(family.name, family.outcomes.map((o) => ({ outcome: o.column, arm: 0 })), p, family.multiplicity, ctx).adjusted;
}

/** The outcome's randomization p-value, the registered estimator's estimate as the statistic. */
export function randomizationP(a: SimulatedAnalysis, outcome: string): number {
  return registeredRandomizationTest(a.plan, a.table, outcome, twoArms(a), 0, { design: a.design, draws: a.draws, seed: a.seed }).pValue;
}

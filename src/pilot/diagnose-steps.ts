/**
 * The analysis steps `pilot.diagnose` reruns on every simulated dataset, by the analysis's own code: a family's
 * registered multiplicity adjustment (`adjustFamily`) and an outcome's randomization test
 * (`registeredRandomizationTest`). One seam, so the simulation does not depend on those steps' signatures (internal).
 */
import type { RaDesign } from "../assign/declare-ra.js";
import type { Table } from "../data/table.js";
import type { Seed } from "../internal/rng.js";
import { adjustFamily } from "./multiplicity-step.js";
import type { PilotPlan, PlanFamily } from "./plan-schema.js";
import { registeredRandomizationTest } from "./randomization-step.js";

/**
 * Whether the Westfall–Young / Romano–Wolf step-down uses the registered estimator's t statistics (refitted on
 * every assignment: a nested step-down then costs a registered fit per inner draw, so `pilot.diagnose` defaults
 * to Holm in its place) or, as here, the difference-in-means t statistics (cheap to nest).
 */
export const STEP_DOWN_USES_REGISTERED_T = false;

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

/** The family's adjusted p-values (q-values for BH, BY, sharpenedQ), in the order of `p`. */
export function familyAdjusted(a: SimulatedAnalysis, family: PlanFamily, p: readonly number[]): number[] {
  const ctx = { table: a.table, design: a.design, treatment: a.plan.design.treatment, control: String(a.plan.design.conditions[0]), draws: a.draws, seed: a.seed, alpha: a.plan.alpha };
  return adjustFamily(family.outcomes.map((o) => o.column), p, family.multiplicity, ctx).adjusted;
}

/** The outcome's randomization p-value, the registered estimator's estimate as the statistic. */
export function randomizationP(a: SimulatedAnalysis, outcome: string): number {
  return registeredRandomizationTest(a.plan, a.table, outcome, a.treated, { design: a.design, draws: a.draws, seed: a.seed }).pValue;
}

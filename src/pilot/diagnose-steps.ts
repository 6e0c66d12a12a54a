/**
 * The analysis steps `pilot.diagnose` reruns on every simulated dataset, by the analysis's own code: a family's
 * registered multiplicity adjustment (`adjustFamily`) and an outcome's randomization test
 * (`registeredRandomizationTest`). One seam, so the simulation does not depend on those steps' signatures (internal).
 */
import type { RaDesign } from "../assign/declare-ra.js";
import type { Table } from "../data/table.js";
import type { Seed } from "../internal/rng.js";
import { adjustFamily, type FamilyHypothesis } from "./multiplicity-step.js";
import type { ArmColumns } from "./merge-inputs.js";
import type { MultiplicityMethod, PilotPlan } from "./plan-schema.js";
import { registeredRandomizationTest } from "./randomization-step.js";

/**
 * Whether the Westfall–Young / Romano–Wolf step-down uses the registered estimator's t statistics (refitted on
 * every assignment: a nested step-down then costs a registered fit per inner draw, so `pilot.diagnose` defaults
 * to Holm in its place), as here, or the difference-in-means t statistics (cheap to nest).
 */
export const STEP_DOWN_USES_REGISTERED_T = true;

/** One simulated dataset as the analysis steps see it. */
export interface SimulatedAnalysis {
  readonly plan: PilotPlan;
  /** One row per design unit: the plan's arm column (labels), the arms' 0/1 indicators (and code), the outcomes. */
  readonly table: Table;
  readonly design: RaDesign;
  /** The control and every treated arm with its indicator column, as pilot.analyze names them. */
  readonly arms: ArmColumns;
  /** Assignments of the design for the resampling steps, and their seed. */
  readonly draws: number;
  readonly seed: Seed;
}

/**
 * The family's adjusted p-values (q-values for BH, BY, sharpenedQ) over its hypotheses (outcome × treated arm),
 * in the order of `p`.
 */
export function familyAdjusted(a: SimulatedAnalysis, family: string, method: MultiplicityMethod, hypotheses: readonly FamilyHypothesis[], p: readonly number[]): number[] {
  const ctx = { plan: a.plan, table: a.table, arms: a.arms, design: a.design, draws: a.draws, seed: a.seed };
  return adjustFamily(family, hypotheses, p, method, ctx).adjusted;
}

/** The randomization p-value of treated arm `arm` on the outcome, the registered estimator's estimate as the statistic. */
export function randomizationP(a: SimulatedAnalysis, outcome: string, arm: number): number {
  return registeredRandomizationTest(a.plan, a.table, outcome, a.arms, arm, { design: a.design, draws: a.draws, seed: a.seed }).pValue;
}

/**
 * Randomization inference for the pilot's outcomes with `riTest`: the statistic is the registered
 * estimator's estimate, the assignments those of the declared design (all of them when there are at most
 * `draws`, else `draws` seeded draws), the null the sharp null of no effect for anyone.
 */
import type { RaDesign } from "../assign/declare-ra.js";
import type { Table } from "../data/table.js";
import { riTest } from "../inference/ri-test.js";
import type { Seed } from "../internal/rng.js";
import type { PilotPlan } from "./plan-schema.js";
import { fitRegistered } from "./registered-estimator.js";
import { withColumn } from "./table-ops.js";

/** What every outcome's randomization test shares: the design and its draws. */
export interface RandomizationContext {
  readonly design: RaDesign;
  readonly draws: number;
  readonly seed: Seed;
}

/** Randomization p-value of one outcome, with its null distribution (for the plot). */
export interface RandomizationResult {
  readonly outcome: string;
  readonly observed: number;
  /** ri2's two-sided p-value (riTest's `pValue`). */
  readonly pValue: number;
  /** Monte Carlo SE of `pValue` (0 when exact). */
  readonly mcStdError: number;
  /** `"exact"` or `"sampled"`, and the assignments used. */
  readonly method: string;
  readonly nSims: number;
  /** Estimates under each assignment. */
  readonly distribution: readonly number[];
  /** Assignments where the estimator failed. */
  readonly failed: number;
}

/** The column riTest permutes around: zeros, because under the sharp null of no effect the observed outcome is every potential outcome. */
const NULL_OUTCOME = "__ensayo_sharp_null";

/**
 * Randomization test of `outcome` with the registered estimator as the statistic.
 * The table must hold one row per unit of `ctx.design`, in its order (the analysis table keeps baseline order).
 */
export function registeredRandomizationTest(plan: PilotPlan, table: Table, outcome: string, treated: string, ctx: RandomizationContext): RandomizationResult {
  const n = table.nRows;
  const treatedArm = ctx.design.conditions.findIndex((c) => String(c) === String(plan.design.conditions[1]));
  const indicator = new Float64Array(n);
  const data = withColumn(table, NULL_OUTCOME, new Float64Array(n));
  const r = riTest(data, {
    outcome: NULL_OUTCOME,
    treatment: plan.design.treatment,
    design: ctx.design,
    sims: ctx.draws,
    maxExact: ctx.draws,
    seed: ctx.seed,
    confidence: false,
    statistic: (view, arm) => {
      for (let i = 0; i < n; i++) indicator[i] = arm[i] === treatedArm ? 1 : 0;
      // the real outcome, unchanged: under the sharp null of no effect it is the outcome under any assignment
      return fitRegistered(plan, withColumn(view, treated, indicator), outcome, treated, { seOff: true }).row.estimate;
    },
  });
  const row = r.rows[0]!;
  return {
    outcome, observed: row.estimate, pValue: row.pValue, mcStdError: row.mcStdError, method: r.method, nSims: r.nSims,
    distribution: r.nullDistribution[0]?.values ?? [], failed: row.nFailed,
  };
}

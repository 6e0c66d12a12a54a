/**
 * Randomization inference for the pilot's outcomes with `riTest`: the statistic is the registered
 * estimator's estimate, the assignments those of the declared design (all of them when there are at most
 * `draws`, else `draws` seeded draws), the null the sharp null of no effect for anyone.
 */
import type { RaDesign } from "../assign/declare-ra.js";
import type { Table } from "../data/table.js";
import { riTest } from "../inference/ri-test.js";
import type { Seed } from "../internal/rng.js";
import type { ArmColumns } from "./merge-inputs.js";
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
 * The analysis table under one assignment of the design: every treated arm's 0/1 indicator and the arm
 * code rewritten from `arm` (indices into the design's conditions); the outcomes are left as they are.
 */
export function armsUnder(plan: PilotPlan, arms: ArmColumns, design: RaDesign): (view: Table, arm: Int32Array) => Table {
  const n = design.n;
  const position = design.conditions.map((c) => plan.design.conditions.findIndex((p) => String(p) === String(c)));
  const indicators = arms.treated.map(() => new Float64Array(n));
  const code = new Float64Array(n);
  return (view, arm) => {
    for (let i = 0; i < n; i++) {
      const k = position[arm[i]!]!;
      code[i] = k;
      for (let j = 0; j < indicators.length; j++) indicators[j]![i] = k === j + 1 ? 1 : 0;
    }
    let t = view;
    arms.treated.forEach((a, j) => (t = withColumn(t, a.column, indicators[j]!)));
    return arms.code ? withColumn(t, arms.code, code) : t;
  };
}

/**
 * Randomization test of `outcome` with the registered estimator as the statistic: treated arm `k`'s
 * estimate, or with `k = "joint"` the arms' joint Wald F (registered SE). The table must hold one row per
 * unit of `ctx.design`, in its order (the analysis table keeps baseline order).
 */
export function registeredRandomizationTest(plan: PilotPlan, table: Table, outcome: string, arms: ArmColumns, k: number | "joint", ctx: RandomizationContext): RandomizationResult {
  const n = table.nRows;
  const under = armsUnder(plan, arms, ctx.design);
  const data = withColumn(table, NULL_OUTCOME, new Float64Array(n));
  const r = riTest(data, {
    outcome: NULL_OUTCOME,
    treatment: plan.design.treatment,
    design: ctx.design,
    sims: ctx.draws,
    maxExact: ctx.draws,
    seed: ctx.seed,
    confidence: false,
    // the real outcome, unchanged: under the sharp null of no effect it is the outcome under any assignment
    statistic: (view, arm) => k === "joint"
      ? fitRegistered(plan, under(view, arm), outcome, arms, { joint: true }).joint!.statistic
      : fitRegistered(plan, under(view, arm), outcome, arms, { seOff: true }).rows[k]!.estimate,
  });
  const row = r.rows[0]!;
  return {
    outcome, observed: row.estimate, pValue: row.pValue, mcStdError: row.mcStdError, method: r.method, nSims: r.nSims,
    distribution: r.nullDistribution[0]?.values ?? [], failed: row.nFailed,
  };
}

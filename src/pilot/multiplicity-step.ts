/**
 * Multiplicity adjustment within a family, over its outcomes × treated arms: `adjustPValues` for p.adjust's
 * methods and Anderson's sharpened q-values; `westfallYoung` / `romanoWolf` (step-down over the declared
 * design's own assignments) for the resampling methods, on the registered estimator's t statistics.
 */
import type { RaDesign } from "../assign/declare-ra.js";
import type { Table } from "../data/table.js";
import { adjustPValues } from "../inference/adjust-p-values.js";
import { romanoWolf } from "../inference/romano-wolf.js";
import { westfallYoung } from "../inference/westfall-young.js";
import type { Seed } from "../internal/rng.js";
import type { ArmColumns } from "./merge-inputs.js";
import type { PilotNotice } from "./pilot-notices.js";
import type { MultiplicityMethod, PilotPlan } from "./plan-schema.js";
import { armsUnder } from "./randomization-step.js";
import { fitRegistered, planSeType, type RegisteredFit } from "./registered-estimator.js";
import { withColumn } from "./table-ops.js";

/** What the resampling methods need: the analysis table (one row per design unit), the design and the plan. */
export interface ResamplingContext {
  readonly plan: PilotPlan;
  readonly table: Table;
  readonly arms: ArmColumns;
  readonly design: RaDesign;
  readonly draws: number;
  readonly seed: Seed;
}

/** One hypothesis of a family: an outcome and a treated arm (its position in `arms.treated`). */
export interface FamilyHypothesis {
  readonly outcome: string;
  readonly arm: number;
}

/** Prefix of the columns that stand for the hypotheses in the family-wise run (zeros: the sharp null). */
const HYPOTHESIS = "__ensayo_h";

/**
 * Adjusted p-values of a family's hypotheses, in input order (NaN where the p-value was missing), with a
 * note on how. The resampling methods run `westfallYoung` / `romanoWolf` with the registered estimator's t
 * statistic (`fitRegistered`'s treated-arm row refitted on every assignment), every hypothesis on the same
 * assignments (those of riTest with the same seed).
 */
export function adjustFamily(
  family: string, hypotheses: readonly FamilyHypothesis[], p: readonly number[], method: MultiplicityMethod, ctx: ResamplingContext,
): { adjusted: number[]; note: PilotNotice | null } {
  if (method === "westfallYoung" || method === "romanoWolf") {
    const { plan, arms } = ctx;
    const names = hypotheses.map((_, j) => `${HYPOTHESIS}${j}`);
    let data = ctx.table;
    for (const name of names) data = withColumn(data, name, new Float64Array(data.nRows));
    const options = {
      outcomes: names, treatment: plan.design.treatment, design: ctx.design, control: arms.control, sims: ctx.draws, maxExact: ctx.draws,
      seed: ctx.seed, alpha: plan.alpha, statistic: registeredT(plan, arms, ctx.design, hypotheses),
    };
    const r = method === "westfallYoung" ? westfallYoung(data, options) : romanoWolf(data, options);
    const byName = new Map(r.rows.map((row) => [row.outcome, row.pValueAdjusted]));
    return {
      adjusted: names.map((o) => byName.get(o) ?? NaN),
      note: {
        code: "resampling_step_down",
        params: {
          family, method: method === "westfallYoung" ? "Westfall–Young maxT" : "Romano–Wolf", estimator: plan.estimator, seType: planSeType(plan),
          draws: r.permutations.nSims, how: r.permutations.method === "exact" ? "exact" : "sampled",
        },
      },
    };
  }
  const r = adjustPValues(p.map((x) => (Number.isFinite(x) ? x : null)), { method: method === "sharpenedQ" ? "sharpened" : method });
  return { adjusted: r.adjusted.map((x) => (x === null ? NaN : x)), note: null };
}

/**
 * The family's statistic: for hypothesis j, the t statistic of treated arm `arm` in the registered fit of
 * its outcome under the assignment. The arms of one outcome are adjacent, so one fit per outcome and
 * assignment serves them all.
 */
export function registeredT(plan: PilotPlan, arms: ArmColumns, design: RaDesign, hypotheses: readonly FamilyHypothesis[]) {
  const under = armsUnder(plan, arms, design);
  let lastOutcome = "";
  let lastArm: Int32Array | null = null;
  let lastFit: RegisteredFit | null = null;
  return (view: Table, arm: Int32Array, column: string): number => {
    const h = hypotheses[Number(column.slice(HYPOTHESIS.length))]!;
    if (!(lastFit && lastOutcome === h.outcome && sameArms(lastArm!, arm))) {
      lastFit = null;
      lastFit = fitRegistered(plan, under(view, arm), h.outcome, arms);
      lastOutcome = h.outcome;
      lastArm = Int32Array.from(arm);
    }
    return lastFit.rows[h.arm]!.statistic;
  };
}

function sameArms(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Inputs and summaries of `pilot.diagnose` (internal): the simulation's units, the rates per outcome and
 * per family with their Monte Carlo SEs, and `planTrial`'s summary of the declared design.
 */
import { labelColumn, numericColumn } from "../data/columns.js";
import { buildTable, type Column, type ColumnType, type Table } from "../data/table.js";
import type { RegisteredSimRaw, SimulatedOutcome } from "./diagnose-simulation.js";
import type { MultiplicityMethod, PilotPlan } from "./plan-schema.js";

/** One outcome (and treated arm) of a diagnosis. All rates are over the simulations that did not fail. */
export interface DiagnosedOutcome {
  readonly family: string;
  readonly outcome: string;
  /** The treated arm compared with control (the plan's second condition with two arms). */
  readonly arm: string;
  readonly effect: number;
  readonly multiplicity: MultiplicityMethod;
  /** Share of simulations whose family-adjusted p-value (q-value for BH, BY, sharpenedQ) is ≤ α, and its Monte Carlo SE. */
  readonly power: number;
  readonly powerStdError: number;
  /** Share with the estimator's own p-value ≤ α (no adjustment). */
  readonly powerUnadjusted: number;
  /** The same two shares when every effect is zero: the false-positive rates. */
  readonly falsePositiveRate: number;
  readonly falsePositiveRateStdError: number;
  readonly falsePositiveRateUnadjusted: number;
  /** Share with the randomization p-value ≤ α, with the effects and under zero effects (NaN when not simulated). */
  readonly powerRandomization: number;
  readonly falsePositiveRateRandomization: number;
  /** Mean estimate − effect, SD of the estimates, mean SE, and the share of intervals covering the effect. */
  readonly bias: number;
  readonly sdEstimate: number;
  readonly meanSe: number;
  readonly coverage: number;
  /** `planTrial`'s power at this effect and MDE at the target power (unadjusted α). */
  readonly analyticPower: number;
  readonly analyticMde: number;
}

/** One family of a diagnosis. */
export interface DiagnosedFamily {
  readonly family: string;
  readonly multiplicity: MultiplicityMethod;
  readonly nOutcomes: number;
  /** Hypotheses adjusted together: outcomes × treated arms (as pilot.analyze adjusts the family). */
  readonly nHypotheses: number;
  /** P(at least one outcome of the family rejected after adjustment), with the effects. */
  readonly powerAny: number;
  readonly powerAnyStdError: number;
  /** P(every outcome of the family rejected after adjustment), with the effects. */
  readonly powerAll: number;
  readonly powerAllStdError: number;
  /** P(at least one rejected) when every effect is zero: the family-wise error rate (equal to the FDR under this complete null). */
  readonly familywiseErrorRate: number;
  readonly familywiseErrorRateStdError: number;
  /**
   * How the adjusted p-values were obtained: `"exact"` (p.adjust's methods on the estimator's p-values),
   * `"resampled"` (step-down over `innerDraws` assignments) or `"holm"` (Holm in place of the step-down, `resampling: "holm"`: an approximation).
   */
  readonly adjustment: "exact" | "resampled" | "holm";
  readonly innerDraws: number | null;
}

const share = (hits: number, total: number): [number, number] => {
  if (total === 0) return [NaN, NaN];
  const p = hits / total;
  return [p, Math.sqrt((p * (1 - p)) / total)];
};

/** Per-outcome rates, bias and coverage. */
export function summarizeOutcomes(
  raw: RegisteredSimRaw, plan: PilotPlan, outcomes: readonly SimulatedOutcome[],
  analyticPower: (column: string, arm: number) => number, analyticMde: (column: string) => number,
): DiagnosedOutcome[] {
  const arms = plan.design.conditions.slice(1).map(String);
  const T = arms.length;
  const K = outcomes.length * T;
  const sims = raw.failed.length;
  const E = plan.families.reduce((a, f) => a + f.outcomes.length, 0) * T;
  let entry = 0;
  return plan.families.flatMap((f) => f.outcomes.flatMap((fo) => arms.map((arm, a) => {
    const e = entry++;
    const ko = outcomes.findIndex((o) => o.column === fo.column);
    const k = ko * T + a;
    const o = outcomes[ko]!;
    const effect = o.effects[a]!;
    let S = 0, rej = 0, rejRaw = 0, fp = 0, fpRaw = 0, ri = 0, fpRi = 0, cov = 0, sE = 0, sE2 = 0, sSe = 0;
    for (let s = 0; s < sims; s++) {
      if (raw.failed[s]) continue;
      const j = s * K + k;
      S++;
      rej += raw.rejectAdjusted[s * E + e]!; rejRaw += raw.rejectRaw[j]!;
      fp += raw.nullRejectAdjusted[s * E + e]!; fpRaw += raw.nullRejectRaw[j]!;
      ri += raw.rejectRi[j]!; fpRi += raw.nullRejectRi[j]!;
      cov += raw.covered[j]!;
      sE += raw.estimate[j]!; sE2 += raw.estimate[j]! ** 2; sSe += raw.stdError[j]!;
    }
    const [power, powerStdError] = share(rej, S);
    const [falsePositiveRate, falsePositiveRateStdError] = share(fp, S);
    const meanEstimate = S ? sE / S : NaN;
    return {
      family: f.name, outcome: o.column, arm, effect, multiplicity: f.multiplicity,
      power, powerStdError, powerUnadjusted: share(rejRaw, S)[0],
      falsePositiveRate, falsePositiveRateStdError, falsePositiveRateUnadjusted: share(fpRaw, S)[0],
      powerRandomization: raw.randomization ? share(ri, S)[0] : NaN,
      falsePositiveRateRandomization: raw.randomization ? share(fpRi, S)[0] : NaN,
      bias: meanEstimate - effect,
      sdEstimate: S > 1 ? Math.sqrt(Math.max(0, (sE2 - (sE * sE) / S) / (S - 1))) : NaN,
      meanSe: S ? sSe / S : NaN,
      coverage: share(cov, S)[0],
      analyticPower: analyticPower(o.column, a), analyticMde: analyticMde(o.column),
    };
  })));
}

/** Per-family "at least one" and "all" power and the family-wise error rate. */
export function summarizeFamilies(raw: RegisteredSimRaw, plan: PilotPlan, innerDraws: number, holmInstead: boolean): DiagnosedFamily[] {
  const sims = raw.failed.length;
  const T = plan.design.conditions.length - 1;
  const E = plan.families.reduce((a, f) => a + f.outcomes.length, 0) * T;
  let entry = 0;
  return plan.families.map((f) => {
    const ks = f.outcomes.flatMap(() => Array.from({ length: T }, () => entry++));
    let S = 0, any = 0, all = 0, fwe = 0;
    for (let s = 0; s < sims; s++) {
      if (raw.failed[s]) continue;
      S++;
      let hits = 0, nullHits = 0;
      for (const k of ks) {
        hits += raw.rejectAdjusted[s * E + k]!;
        nullHits += raw.nullRejectAdjusted[s * E + k]!;
      }
      if (hits > 0) any++;
      if (hits === ks.length) all++;
      if (nullHits > 0) fwe++;
    }
    const resampled = f.multiplicity === "westfallYoung" || f.multiplicity === "romanoWolf";
    const [powerAny, powerAnyStdError] = share(any, S);
    const [powerAll, powerAllStdError] = share(all, S);
    const [familywiseErrorRate, familywiseErrorRateStdError] = share(fwe, S);
    return {
      family: f.name, multiplicity: f.multiplicity, nOutcomes: f.outcomes.length, nHypotheses: ks.length, powerAny, powerAnyStdError, powerAll, powerAllStdError,
      familywiseErrorRate, familywiseErrorRateStdError, adjustment: resampled ? (holmInstead ? "holm" : "resampled") : "exact", innerDraws: resampled && !holmInstead ? innerDraws : null,
    };
  });
}

/** The baseline columns the estimator reads, the standardized first numeric covariate and the cluster index. */
export function simulationUnits(plan: PilotPlan, baseline: Table): { units: Table; x: Float64Array; clusterIndex: Int32Array; nClusters: number } {
  const cols: Record<string, Column> = Object.create(null);
  const types: Record<string, ColumnType> = Object.create(null);
  for (const n of [plan.design.blocks, plan.design.clusters, ...plan.covariates]) {
    if (n) {
      cols[n] = baseline.columns[n]!.slice() as Column;
      types[n] = baseline.types[n]!;
    }
  }
  const n = baseline.nRows;
  const first = plan.covariates.find((c) => baseline.columns[c] instanceof Float64Array);
  const raw = first ? numericColumn(baseline, first) : new Float64Array(n);
  let s = 0, k = 0;
  for (const v of raw) if (!Number.isNaN(v)) { s += v; k++; }
  const mean = k ? s / k : 0;
  let ss = 0;
  for (const v of raw) if (!Number.isNaN(v)) ss += (v - mean) ** 2;
  const sd = k > 1 ? Math.sqrt(ss / (k - 1)) : 0;
  // a missing covariate value is drawn at the mean (0 once standardized)
  const x = Float64Array.from(raw, (v) => (Number.isNaN(v) || !(sd > 0) ? 0 : (v - mean) / sd));
  const clusterIndex = new Int32Array(n).fill(-1);
  let nClusters = 0;
  if (plan.design.clusters) {
    const index = new Map<string | null, number>();
    labelColumn(baseline, plan.design.clusters, "clusters").forEach((l, i) => {
      let c = index.get(l);
      if (c === undefined) index.set(l, (c = nClusters++));
      clusterIndex[i] = c;
    });
  }
  return { units: buildTable(cols, { types }), x, clusterIndex, nClusters };
}

/** planTrial's summary of the declared design on this baseline (at the plan's α, unadjusted). */
export function analyticPlan(plan: PilotPlan, baseline: Table, o: { icc: number; r2: number }): Record<string, unknown> {
  const n = baseline.nRows;
  const blocks = plan.design.blocks ? new Set(labelColumn(baseline, plan.design.blocks)).size : 1;
  // several arms: planTrial's comparison of one treated arm with control, the units split equally among the arms
  const arms = plan.design.conditions.length > 2 ? { arms: plan.design.conditions.length } : {};
  const common = { alpha: plan.alpha, adjust: "none", ...arms, nBlocks: blocks, ...(o.r2 > 0 ? { r2Unit: o.r2 } : {}) };
  if (!plan.design.clusters) return { ...common, design: "individual", nUnits: n, ...(o.r2 > 0 ? { nCovariates: 1 } : {}) };
  const sizes = new Map<string | null, number>();
  for (const l of labelColumn(baseline, plan.design.clusters)) sizes.set(l, (sizes.get(l) ?? 0) + 1);
  const v = [...sizes.values()];
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1));
  return { ...common, design: "cluster", nClusters: v.length, clusterSize: mean, clusterSizeCv: sd / mean, icc: o.icc };
}

/**
 * riTest's result from the observed statistic and its randomization distribution: the p-values of
 * the three alternatives (ri2's definitions), their Monte Carlo standard errors, the confidence set
 * by test inversion, and the null distribution.
 */
import type { PermutationValues } from "./evaluate-permutations.js";
import { randomizationPValue, type Alternative } from "./p-value.js";
import { invertTest } from "./ri-confidence.js";
import type { PreparedRiTest } from "./ri-prepare.js";
import type { RiStatisticKind } from "./ri-statistic.js";
import type { PermutationMethod } from "./permutation-source.js";
import { withDisplay } from "../report/result-proto.js";

/** One tested statistic (one arm against control, or the F / custom statistic). */
export interface RiTestRow {
  readonly term: string;
  /** The arm compared with control (null for the F and custom statistics). */
  readonly arm: string | null;
  readonly control: string;
  /** The observed statistic. */
  readonly estimate: number;
  /** The sharp null's effect for this arm (the two-sided p-value is centred on it, as ri2's). */
  readonly sharpNull: number;
  /** The p-value of `alternative`. */
  readonly pValue: number;
  readonly pValueTwoSided: number;
  readonly pValueGreater: number;
  readonly pValueLess: number;
  /** Monte Carlo SE of `pValue`: √(p(1 − p)/m) for sampled draws, 0 for exact enumeration and a given matrix. */
  readonly mcStdError: number;
  /** Assignments at least as extreme (for `alternative`), and with a computable statistic. */
  readonly nExtreme: number;
  readonly nValid: number;
  /** Assignments on which the statistic threw or was NaN (left out of the p-value). */
  readonly nFailed: number;
  /** Confidence set by test inversion over constant effects (NaN when not computed). */
  readonly confLow: number;
  readonly confHigh: number;
}

/** Result of riTest. */
export interface RiTestResult {
  readonly kind: "riTest";
  readonly statistic: RiStatisticKind;
  readonly outcome: string;
  readonly treatment: string;
  readonly conditions: readonly (string | number)[];
  /** "exact": every possible assignment, weighted by its probability; "sampled": seeded draws; "matrix": the given assignments. */
  readonly method: PermutationMethod;
  /** Assignments used. */
  readonly nSims: number;
  /** Possible assignments of the design (null when unknown or above 2^53). */
  readonly numPermutations: number | null;
  readonly maxExact: number;
  readonly seed: string | number;
  readonly alternative: Alternative;
  readonly plusOne: boolean;
  readonly alpha: number;
  /** Standard error type of a t or F statistic (null otherwise). */
  readonly seType: string | null;
  readonly rows: RiTestRow[];
  /** The statistic under the sharp null on every assignment, per term (NaN where it failed); with exact unequal probabilities, their weights. */
  readonly nullDistribution: { readonly term: string; readonly values: number[]; readonly weights: number[] | null }[];
  /** How the confidence set was found (null when not computed). */
  readonly confidenceMethod: string | null;
  readonly warnings: string[];
}

const CI_NOTE = "test inversion over constant effects: outward doubling from the estimate, then bisection to 1e-12 relative (docs/inference.md)";

/** Summarize (see the module comment). */
export function summarizeRiTest(p: PreparedRiTest, v: PermutationValues): RiTestResult {
  const { statistic, options: o, alternative, conditions, control, tauByArm } = p;
  const warnings: string[] = [];
  const method = p.source.method;
  // equally likely assignments are counted (b / m exactly, as ri2), unequal ones weighted by their probabilities
  const weights = method === "exact" && !allEqual(v.weights) ? v.weights : null;
  const nA = statistic.terms.length;
  const nTau = tauByArm.length;
  const armTaus = Float64Array.from(statistic.termArms.map((a) => (a >= 0 ? tauByArm[a]! : 0)));
  const allTau = Float64Array.from({ length: nTau }, (_, j) => tauByArm[j]!).filter((_, j) => j !== control);
  // the statistic under the sharp null, per assignment and term
  const K = statistic.stats.k;
  let nullValues: Float64Array;
  const withParts = statistic.linear && K === (1 + nA) * nA;
  if (withParts) {
    nullValues = new Float64Array(v.size * nA);
    for (let i = 0; i < v.size; i++) {
      for (let a = 0; a < nA; a++) {
        let s = v.values[i * K + a]!;
        for (let l = 0; l < nA; l++) s -= allTau[l]! * v.values[i * K + (1 + l) * nA + a]!;
        nullValues[i * nA + a] = s + allTau[a]!;
      }
    }
  } else nullValues = v.values;
  const nonLinearCenter = statistic.linear ? 0 : allTau.every((t) => t === allTau[0]) ? allTau[0]! : 0;
  if (!statistic.linear && statistic.kind !== "t" && allTau.some((t) => t !== allTau[0])) {
    warnings.push(`the two-sided p-value of the ${statistic.kind} statistic is centred on 0: the sharp null gives different effects per arm`);
  }
  const sampled = method === "sampled";
  const rows: RiTestRow[] = statistic.terms.map((term, a) => {
    const obs = p.observed[a]!;
    const center = statistic.kind === "t" || statistic.linear ? armTaus[a]! : nonLinearCenter;
    const plus = o.plusOne && sampled;
    const two = randomizationPValue(nullValues, nA, a, obs, center, "two-sided", weights, plus);
    const gr = randomizationPValue(nullValues, nA, a, obs, center, "greater", weights, plus);
    const le = randomizationPValue(nullValues, nA, a, obs, center, "less", weights, plus);
    const chosen = alternative === "two-sided" ? two : alternative === "greater" ? gr : le;
    const pv = chosen.pValue;
    const nFailed = v.failed[a]!;
    let ci = { low: NaN, high: NaN };
    if (o.confidence && withParts) {
      ci = invertTest({ values: v.values, k: K, weights, a, nA, tau: allTau, observed: obs }, o.alpha, alternative);
    }
    const armIndex = statistic.termArms[a]!;
    return {
      term,
      arm: armIndex >= 0 ? String(conditions[armIndex]) : null,
      control: String(conditions[control]),
      estimate: obs,
      sharpNull: statistic.linear || statistic.kind === "t" ? armTaus[a]! : nonLinearCenter,
      pValue: pv,
      pValueTwoSided: two.pValue,
      pValueGreater: gr.pValue,
      pValueLess: le.pValue,
      mcStdError: sampled ? Math.sqrt((pv * (1 - pv)) / chosen.nValid) : 0,
      nExtreme: chosen.extreme,
      nValid: chosen.nValid,
      nFailed,
      confLow: ci.low,
      confHigh: ci.high,
    };
  });
  const failedMax = Math.max(0, ...Array.from(v.failed));
  if (failedMax > 0) {
    warnings.push(`the statistic could not be computed on ${failedMax} of ${v.size} assignments${v.firstError ? ` (first error: ${v.firstError})` : " (NaN)"}; the p-values use the others`);
  }
  if (o.confidence && !statistic.linear) warnings.push(`no confidence set: test inversion needs a statistic linear in the outcome (difference in means or a coefficient), not a ${statistic.kind} statistic`);
  if (o.plusOne && !sampled) warnings.push("`plusOne` applies to sampled p-values only: this test enumerated its assignments, so the p-values are exact");
  const nullDistribution = statistic.terms.map((term, a) => ({
    term,
    values: Array.from({ length: v.size }, (_, i) => nullValues[i * nA + a]!),
    weights: weights ? Array.from(weights) : null,
  }));
  return withDisplay({
    kind: "riTest",
    statistic: statistic.kind,
    outcome: o.outcome,
    treatment: o.treatment,
    conditions: [...conditions],
    method,
    nSims: v.size,
    numPermutations: Number.isFinite(p.source.numPermutations) ? p.source.numPermutations : null,
    maxExact: o.maxExact,
    seed: o.seed,
    alternative,
    plusOne: o.plusOne,
    alpha: o.alpha,
    seType: statistic.seType,
    rows,
    nullDistribution,
    confidenceMethod: o.confidence && statistic.linear ? CI_NOTE : null,
    warnings,
  });
}

function allEqual(w: Float64Array): boolean {
  for (let i = 1; i < w.length; i++) if (Math.abs(w[i]! - w[0]!) > 1e-15 * w[0]!) return false;
  return true;
}

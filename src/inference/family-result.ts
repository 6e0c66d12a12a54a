/**
 * The result rows shared by `westfallYoung` and `romanoWolf`.
 */
import { adjustPValues } from "./adjust-p-values.js";
import type { FamilyRun, FamilyStatisticKind } from "./family-statistics.js";
import type { PermutationMethod } from "./permutation-source.js";

/** One hypothesis of a family-wise result. */
export interface FamilyRow {
  readonly outcome: string;
  /** The compared arms, as `"<arm> - <control>"` for the built-in statistics, or riTest's term (e.g. `"grupotaller"`). */
  readonly term: string;
  /** The estimate (arm minus control): the difference in means, or the coefficient; null for riTest's t, F and function statistics. */
  readonly estimate: number | null;
  /** The observed statistic the step-down used (before orienting by `alternative`). */
  readonly statistic: number;
  /** This hypothesis's own randomization p-value, from the same assignments. */
  readonly pValue: number;
  /** Family-wise adjusted p-value from the randomization distribution. */
  readonly pValueAdjusted: number;
  /** Holm's adjustment of `pValue` (what wyoung also reports), for comparison. */
  readonly pValueHolm: number;
  /** `pValueAdjusted ≤ alpha`. */
  readonly rejected: boolean;
  /** Position in the step-down (1 = most significant). */
  readonly step: number;
}

/** How the null distribution was made. */
export interface FamilyPermutations {
  /** `"exact"`: every assignment of the design, each with its probability; `"sampled"`: seeded draws; `"matrix"`: the given ones. */
  readonly method: PermutationMethod;
  /** Assignments used (after leaving out those where a statistic was not computable). */
  readonly nSims: number;
  /** Assignments left out because some statistic could not be computed on them. */
  readonly nDropped: number;
  /** Possible assignments of the design (NaN when unknown). */
  readonly numPermutations: number;
}

/** Rows, permutation facts and warnings of a run. */
/** What the results of westfallYoung and romanoWolf share (each adds its `kind`, and westfallYoung its `method`). */
export interface FamilyResultBase {
  /** The statistic: `"t"`, `"difference"`, or the kind riTest reports for its statistics. */
  readonly statistic: FamilyStatisticKind;
  /** The alternative tested (R's `"two.sided"` is echoed as `"two-sided"`). */
  readonly alternative: "two-sided" | "greater" | "less";
  readonly control: string;
  readonly rows: readonly FamilyRow[];
  readonly permutations: FamilyPermutations;
  readonly seed: number | string;
  readonly plusOne: boolean;
  readonly alpha: number;
  readonly warnings: string[];
}

export function familyRows(run: FamilyRun, alpha: number): { rows: FamilyRow[]; permutations: FamilyPermutations; warnings: string[] } {
  const { pValues } = run;
  const holm = adjustPValues(Array.from(pValues.raw), { method: "holm" }).adjusted;
  const step = new Int32Array(run.hypotheses.length);
  pValues.order.forEach((h, j) => { step[h] = j + 1; });
  const rows = run.hypotheses.map((h, j) => ({
    outcome: h.outcome,
    term: h.term,
    estimate: run.estimate[j]!,
    statistic: run.statistic[j]!,
    pValue: pValues.raw[j]!,
    pValueAdjusted: pValues.adjusted[j]!,
    pValueHolm: holm[j]!,
    rejected: pValues.adjusted[j]! <= alpha,
    step: step[j]!,
  }));
  const warnings: string[] = [];
  if (pValues.nDrawsWithNaN > 0) {
    warnings.push(`${pValues.nDrawsWithNaN} of ${pValues.nDrawsWithNaN + pValues.nDraws} assignments left out: a statistic could not be computed on them (an arm with too few units with the outcome present)`);
  }
  for (const [o, k] of Object.entries(run.nMissing)) if (k > 0) warnings.push(`'${o}': ${k} row(s) with a missing value are left out of this outcome's statistics`);
  return {
    rows,
    permutations: { method: run.source.method, nSims: pValues.nDraws, nDropped: pValues.nDrawsWithNaN, numPermutations: run.source.numPermutations },
    warnings,
  };
}

/**
 * Randomization p-values from a null distribution, with ri2's definitions (`conduct_ri`,
 * ri2 0.5): with tol = √(machine ε) ≈ 1.49e-8, a simulated statistic s is as extreme as the
 * observed o when
 * - two-sided: |s − τ| ≥ |o − τ| − tol·(|o − τ| + 1), τ the sharp null's effect;
 * - greater ("upper"): s ≥ o − tol·(|o| + 1);
 * - less ("lower"): s ≤ o + tol·(|o| + 1).
 * The p-value is the (probability-weighted, for exact enumeration) share of assignments as extreme;
 * the tolerance makes the observed assignment count as extreme despite rounding.
 */

/** Which side of the null distribution is extreme (the library's one `alternative` vocabulary). */
export type { Alternative } from "../internal/alternative.js";
import type { Alternative } from "../internal/alternative.js";

/** ri2's tolerance: √(double ε). */
export const EXTREME_TOL = Math.sqrt(2.220446049250313e-16);

/** True when `sim` is at least as extreme as `obs` (ri2's rule, see the module comment). */
export function isExtreme(sim: number, obs: number, center: number, alternative: Alternative): boolean {
  if (alternative === "two-sided") {
    const d = Math.abs(obs - center);
    return Math.abs(sim - center) >= d - EXTREME_TOL * (d + 1);
  }
  if (alternative === "greater") return sim >= obs - EXTREME_TOL * (Math.abs(obs) + 1);
  return sim <= obs + EXTREME_TOL * (Math.abs(obs) + 1);
}

/** A p-value from a null distribution. */
export interface RandomizationPValue {
  readonly pValue: number;
  /** Assignments (or their total weight × valid count for exact) as extreme as observed. */
  readonly extreme: number;
  /** Assignments with a computable statistic. */
  readonly nValid: number;
}

/**
 * The p-value of statistic `j` (of `k` per assignment) in `values` for the observed `obs`:
 * Σ w·[extreme] / Σ w over assignments whose statistic is not NaN. With `plusOne` (sampled
 * draws only), Phipson & Smyth's (b + 1)/(m + 1). With `nan: "notExtreme"` an assignment whose
 * statistic is NaN stays in the denominator as not extreme (balanceTable's rule) instead of being left out.
 *
 * @example
 * ```ts
 * randomizationPValue(Float64Array.of(-2, -1, 0, 0, 1, 2), 1, 0, 2, 0, "two-sided", null).pValue; // 1/3
 * ```
 */
export function randomizationPValue(
  values: Float64Array, k: number, j: number, obs: number, center: number, alternative: Alternative,
  weights: Float64Array | null, plusOne = false, nan: "exclude" | "notExtreme" = "exclude",
): RandomizationPValue {
  const size = values.length / k;
  let hit = 0;
  let total = 0;
  let b = 0;
  let m = 0;
  for (let i = 0; i < size; i++) {
    const s = values[i * k + j]!;
    const w = weights ? weights[i]! : 1;
    if (Number.isNaN(s)) {
      if (nan === "notExtreme") total += w;
      continue;
    }
    m++;
    total += w;
    if (isExtreme(s, obs, center, alternative)) {
      hit += w;
      b++;
    }
  }
  if (m === 0 || Number.isNaN(obs)) return { pValue: NaN, extreme: b, nValid: m };
  const draws = nan === "notExtreme" ? size : m;
  return { pValue: plusOne ? (b + 1) / (draws + 1) : hit / total, extreme: b, nValid: m };
}

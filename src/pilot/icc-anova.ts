/**
 * The one-way ANOVA estimator of the intraclass correlation, with Searle's F-based confidence interval.
 */
import { qf } from "../math/distributions.js";

/** ANOVA variance components of y by group, and the ICC with its interval. */
export interface AnovaIcc {
  readonly nGroups: number;
  readonly nObs: number;
  /** Mean squares between and within groups. */
  readonly msBetween: number;
  readonly msWithin: number;
  /** n₀ = (N − Σ n_j² / N) / (J − 1), the "average" group size of unbalanced ANOVA. */
  readonly n0: number;
  /** σ²_b = (MSB − MSW) / n₀ (may be negative: then the ICC is reported as estimated, and a warning says so). */
  readonly varianceBetween: number;
  /** σ²_w = MSW. */
  readonly varianceWithin: number;
  /** ρ = σ²_b / (σ²_b + σ²_w). */
  readonly icc: number;
  /** Searle's interval: F = MSB/MSW, F_L = F / F_{1−α/2}(J−1, N−J), F_U = F / F_{α/2}(J−1, N−J), bound = (F_· − 1)/(F_· + n₀ − 1). */
  readonly confLow: number;
  readonly confHigh: number;
}

/**
 * One-way ANOVA ICC of `y` by `group` codes (0 … J−1); rows with a NaN `y` or a negative code are left out.
 *
 * @see Searle, S. R. (1971). Linear Models, §9.8; Donner, A. (1986), Int. Stat. Review 54(1), 67–82.
 */
export function anovaIcc(y: Float64Array, group: Int32Array, nGroups: number, alpha: number): AnovaIcc {
  const count = new Float64Array(nGroups);
  const sum = new Float64Array(nGroups);
  let N = 0;
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const g = group[i]!;
    if (g < 0 || Number.isNaN(y[i]!)) continue;
    count[g]++;
    sum[g] += y[i]!;
    N++;
    total += y[i]!;
  }
  const grand = total / N;
  let J = 0;
  let ssb = 0;
  let sumSq = 0;
  for (let g = 0; g < nGroups; g++) {
    if (count[g] === 0) continue;
    J++;
    ssb += count[g]! * (sum[g]! / count[g]! - grand) ** 2;
    sumSq += count[g]! * count[g]!;
  }
  let ssw = 0;
  for (let i = 0; i < y.length; i++) {
    const g = group[i]!;
    if (g < 0 || Number.isNaN(y[i]!)) continue;
    ssw += (y[i]! - sum[g]! / count[g]!) ** 2;
  }
  const msb = ssb / (J - 1);
  const msw = ssw / (N - J);
  const n0 = (N - sumSq / N) / (J - 1);
  const vb = (msb - msw) / n0;
  const F = msb / msw;
  const fl = F / qf(1 - alpha / 2, J - 1, N - J);
  const fu = F / qf(alpha / 2, J - 1, N - J);
  return {
    nGroups: J, nObs: N, msBetween: msb, msWithin: msw, n0, varianceBetween: vb, varianceWithin: msw,
    icc: vb / (vb + msw),
    confLow: (fl - 1) / (fl + n0 - 1),
    confHigh: (fu - 1) / (fu + n0 - 1),
  };
}

/**
 * The arithmetic of standardized indices: control moments, Anderson's weights and the row means.
 */
import { EnsayoError } from "../errors.js";
import { symInverse } from "../math/linalg.js";

/** Mean and SD (n − 1 denominator) of `y` over rows with `rows[i] = 1` and a value present. */
export function controlMoments(y: Float64Array, rows: Uint8Array, what: string): { mean: number; sd: number } {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < y.length; i++) if (rows[i] && !Number.isNaN(y[i]!)) { n++; sum += y[i]!; }
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < y.length; i++) if (rows[i] && !Number.isNaN(y[i]!)) ss += (y[i]! - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  if (n < 2 || !(sd > 0)) {
    throw new EnsayoError("NOT_ESTIMABLE", `'${what}' has ${n} control value(s)${n >= 2 ? " that are all equal" : ""}; it cannot be standardized`, {
      column: what,
      hint: "Standardizing needs at least two distinct control values; drop this outcome from `outcomes`",
    });
  }
  return { mean, sd };
}

/**
 * Anderson's weights: rowSums(Σ⁻¹) normalized to sum to 1, with Σ the covariance (n − 1) of the z's over
 * rows where every z is present (and, when `sample` is given, `sample[i] = 1`).
 */
export function andersonWeights(zs: readonly Float64Array[], sample: Uint8Array | null): { weights: Float64Array; nUsed: number } {
  const K = zs.length;
  const n = zs[0]!.length;
  const use: number[] = [];
  for (let i = 0; i < n; i++) {
    if (sample && !sample[i]) continue;
    let ok = true;
    for (let k = 0; k < K && ok; k++) if (Number.isNaN(zs[k]![i]!)) ok = false;
    if (ok) use.push(i);
  }
  if (use.length <= K) {
    throw new EnsayoError("NOT_ESTIMABLE", `Anderson's weights need more complete rows than outcomes (${K}); ${use.length} row(s) have every outcome`, {
      hint: "Use method \"klk\", or fewer outcomes",
    });
  }
  const means = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    let s = 0;
    for (const i of use) s += zs[k]![i]!;
    means[k] = s / use.length;
  }
  const cov = new Float64Array(K * K);
  for (let a = 0; a < K; a++) {
    for (let b = a; b < K; b++) {
      let s = 0;
      for (const i of use) s += (zs[a]![i]! - means[a]!) * (zs[b]![i]! - means[b]!);
      cov[a * K + b] = cov[b * K + a] = s / (use.length - 1);
    }
  }
  const inv = symInverse(cov, K);
  if (!inv) {
    throw new EnsayoError("NOT_ESTIMABLE", `the covariance of the standardized outcomes is singular (an outcome is a combination of others)`, {
      hint: "Drop the redundant outcome, or use method \"klk\"",
    });
  }
  const raw = new Float64Array(K);
  let total = 0;
  for (let a = 0; a < K; a++) {
    for (let b = 0; b < K; b++) raw[a] += inv[a * K + b]!;
    total += raw[a]!;
  }
  return { weights: raw.map((w) => w / total), nUsed: use.length };
}

/**
 * index_i = Σ_k w_k z_ik / Σ_k w_k over the k present in row i (all k required when `complete`);
 * NaN when none is present or their weights sum to ≤ 0.
 */
export function weightedRowMeans(zs: readonly Float64Array[], weights: Float64Array, complete: boolean): {
  index: Float64Array; nPartial: number; nNonPositive: number;
} {
  const K = zs.length;
  const n = zs[0]!.length;
  const index = new Float64Array(n);
  let nPartial = 0;
  let nNonPositive = 0;
  for (let i = 0; i < n; i++) {
    let num = 0;
    let den = 0;
    let present = 0;
    for (let k = 0; k < K; k++) {
      const v = zs[k]![i]!;
      if (Number.isNaN(v)) continue;
      num += weights[k]! * v;
      den += weights[k]!;
      present++;
    }
    if (present === 0 || (complete && present < K)) index[i] = NaN;
    else if (!(den > 0)) { index[i] = NaN; nNonPositive++; }
    else {
      index[i] = num / den;
      if (present < K) nPartial++;
    }
  }
  return { index, nPartial, nNonPositive };
}

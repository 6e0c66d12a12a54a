/**
 * Anderson's (2008) sharpened false-discovery-rate q-values: the two-stage step-up of
 * Benjamini, Krieger & Yekutieli (2006), run over a grid of q as Anderson's
 * `fdr_sharpened_qvalues.do` runs it, so the values match Stata's to three decimals.
 */

/** Steps of the q grid: q runs over k / SHARPENED_Q_STEPS for k = SHARPENED_Q_STEPS, …, 1 (0.001 steps). */
export const SHARPENED_Q_STEPS = 1000;

/**
 * Sharpened q-values of `p` (no missing values), with `m` hypotheses in the family (`m ≥ p.length`;
 * hypotheses beyond `p.length` count in `m` but are never rejected).
 *
 * For each q = k/1000 from 1 down to 0.001: q′ = q/(1+q); stage 1 rejects the R₁ smallest p with
 * BH at level q′ (R₁ = max{i : p₍ᵢ₎ ≤ q′·i/m}); stage 2 runs BH at q₂ = q′·m/(m − R₁) and rejects the
 * R₂ smallest (when R₁ = m every hypothesis is rejected, as Stata's missing q₂ does). A hypothesis's
 * sharpened q-value is the smallest q of the grid at which it is rejected; 1 when it never is.
 *
 * @see Anderson (2008) JASA 103(484), 1481–1495; Benjamini, Krieger & Yekutieli (2006) Biometrika 93(3).
 * @example
 * ```ts
 * sharpenedQValues(new Float64Array([0.001, 0.01, 0.02, 0.5]), 4); // Float64Array [0.005, 0.016, 0.021, 0.143]
 * ```
 */
export function sharpenedQValues(p: Float64Array, m: number): Float64Array {
  const k = p.length;
  const order = ascendingOrder(p);
  const sorted = new Float64Array(k);
  for (let i = 0; i < k; i++) sorted[i] = p[order[i]!]!;
  const qSorted = new Float64Array(k).fill(1);
  for (let step = SHARPENED_Q_STEPS; step >= 1; step--) {
    const q = step / SHARPENED_Q_STEPS;
    const qAdj = q / (1 + q);
    const r1 = stepUpRejections(sorted, qAdj, m);
    const r2 = r1 === m ? k : stepUpRejections(sorted, qAdj * (m / (m - r1)), m);
    // the loop runs downwards, so the last q that rejects a rank is the smallest
    for (let i = 0; i < r2; i++) qSorted[i] = q;
  }
  const out = new Float64Array(k);
  for (let i = 0; i < k; i++) out[order[i]!] = qSorted[i]!;
  return out;
}

/** BH step-up at `level`: the largest rank i (1-based) with p₍ᵢ₎ ≤ level·i/m, or 0. */
function stepUpRejections(sorted: Float64Array, level: number, m: number): number {
  for (let i = sorted.length; i >= 1; i--) if ((level * i) / m >= sorted[i - 1]!) return i;
  return 0;
}

/** Indexes that sort `p` ascending, ties in input order (R's `order`, which is stable). */
export function ascendingOrder(p: Float64Array): Int32Array {
  const idx = Array.from({ length: p.length }, (_, i) => i);
  idx.sort((a, b) => p[a]! - p[b]! || a - b);
  return Int32Array.from(idx);
}

/**
 * Per-block sufficient statistics for the difference in means, in one pass for
 * counts and sums and a second pass for squared deviations (two-pass variances,
 * as R's `var`, so large offsets such as years near 2020 keep their digits).
 * Everything lives in `Float64Array`s indexed by block code. Internal.
 */

/** Per-block statistics; arm 0 = control, arm 1 = treated. */
export interface BlockStats {
  readonly nBlocks: number;
  /** Units per arm. */
  readonly n0: Float64Array;
  readonly n1: Float64Array;
  /** Means per arm (weighted when weights were given). */
  readonly mean0: Float64Array;
  readonly mean1: Float64Array;
  /** Sample variances per arm (n − 1 denominator; NaN with one unit). */
  readonly var0: Float64Array;
  readonly var1: Float64Array;
  /** Sum of weights per arm (equal to n0/n1 without weights). */
  readonly w0: Float64Array;
  readonly w1: Float64Array;
  /**
   * With weights: the HC2 variance of the weighted difference in the block,
   * Σ_arm Σ_i w_i² e_i² / ((1 − w_i/W_arm) W_arm²), which is what
   * `lm_robust(y ~ t, weights = w, se_type = "HC2")` gives on [1, t].
   */
  readonly hc2: Float64Array | null;
}

/**
 * Statistics of `y` by block and arm. `block` may be null (one block).
 */
export function blockStats(
  y: Float64Array,
  arm: Uint8Array,
  block: Int32Array | null,
  nBlocks: number,
  weights: Float64Array | null,
): BlockStats {
  const K = block ? nBlocks : 1;
  const n0 = new Float64Array(K);
  const n1 = new Float64Array(K);
  const w0 = new Float64Array(K);
  const w1 = new Float64Array(K);
  const s0 = new Float64Array(K);
  const s1 = new Float64Array(K);
  const n = y.length;
  for (let i = 0; i < n; i++) {
    const k = block ? block[i]! : 0;
    const wi = weights ? weights[i]! : 1;
    if (arm[i]) {
      n1[k]++;
      w1[k] += wi;
      s1[k] += wi * y[i]!;
    } else {
      n0[k]++;
      w0[k] += wi;
      s0[k] += wi * y[i]!;
    }
  }
  const mean0 = new Float64Array(K);
  const mean1 = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    mean0[k] = s0[k]! / w0[k]!;
    mean1[k] = s1[k]! / w1[k]!;
  }
  const ss0 = new Float64Array(K);
  const ss1 = new Float64Array(K);
  const hc2 = weights ? new Float64Array(K) : null;
  for (let i = 0; i < n; i++) {
    const k = block ? block[i]! : 0;
    if (arm[i]) {
      const d = y[i]! - mean1[k]!;
      ss1[k] += d * d;
      if (weights) {
        const wi = weights[i]!;
        const W = w1[k]!;
        hc2![k] += (wi * wi * d * d) / ((1 - wi / W) * W * W);
      }
    } else {
      const d = y[i]! - mean0[k]!;
      ss0[k] += d * d;
      if (weights) {
        const wi = weights[i]!;
        const W = w0[k]!;
        hc2![k] += (wi * wi * d * d) / ((1 - wi / W) * W * W);
      }
    }
  }
  const var0 = new Float64Array(K);
  const var1 = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    var0[k] = n0[k]! > 1 ? ss0[k]! / (n0[k]! - 1) : NaN;
    var1[k] = n1[k]! > 1 ? ss1[k]! / (n1[k]! - 1) : NaN;
  }
  return { nBlocks: K, n0, n1, mean0, mean1, var0, var1, w0, w1, hc2 };
}

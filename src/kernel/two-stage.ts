/**
 * The first stage of two-stage least squares, on arrays: the projection X̂ = Z (Z'WZ)⁻¹ Z'W X of
 * the regressors on the instruments, with the rank decided as the kernel decides it (pivoted QR,
 * R's relative tolerance), and the least-squares fitted values the IV diagnostics need. The second
 * stage is the kernel's fit of y on X̂ with the structural residuals y − Xβ (`structural` in
 * {@link KernelInput}).
 */
import { applyQt, colPivQr, leadingR, solveUpper, type ColPivQr } from "../math/linalg.js";
import { RANK_TOL } from "./fit.js";
import type { KernelInput } from "./types.js";
import { sqrtMeanWeights } from "./sandwich.js";

/** The first stage: X̂ (n×p, column-major) and which instrument columns it used. */
export interface FirstStage {
  readonly fitted: Float64Array;
  /** Rank of the (weighted) instruments; 0 when every instrument column is zero. */
  readonly rank: number;
  /** The instrument columns used (the first `rank` pivots), ascending. */
  readonly used: readonly number[];
}

/**
 * Project the p columns of `X` on the `pz` columns of `Z` (both n-row column-major), weighted by
 * `weights` (√(w / mean w) on the rows).
 *
 * @example
 * ```ts
 * // instruments [1, z] and regressor d = 2z over 4 rows (column-major)
 * const Z = Float64Array.of(1, 1, 1, 1, 0, 1, 0, 1);
 * firstStage(Z, 4, 2, Float64Array.of(0, 2, 0, 2), 1, undefined).rank; // 2
 * ```
 */
export function firstStage(Z: Float64Array, n: number, pz: number, X: Float64Array, p: number, weights: Float64Array | undefined): FirstStage {
  const sw = weights ? sqrtMeanWeights(weights, n).sw : new Float64Array(n).fill(1);
  // Rank with R's relative tolerance: a column equal to a combination of earlier ones up to
  // rounding (an instrument constant like the intercept) is aliased, not kept as noise.
  const fq = colPivQr(scaleRows(Z, n, pz, sw), n, pz, RANK_TOL);
  const used = Array.from(fq.perm.subarray(0, fq.rank)).sort((a, b) => a - b);
  return { fitted: fq.rank === 0 ? new Float64Array(n * p) : qrFitted(fq, Z, n, X, p, sw), rank: fq.rank, used };
}

/** The kernel input of the second stage: y on X̂ with the structural regressors X. */
export function secondStageInput(base: Omit<KernelInput, "cols" | "structural">, X: Float64Array, fitted: Float64Array, p: number): KernelInput {
  const n = base.n;
  const cols = (m: Float64Array) => Array.from({ length: p }, (_, j) => m.subarray(j * n, j * n + n));
  return { ...base, cols: cols(fitted), structural: cols(X) };
}

/** Fitted values of the least-squares fits of each of the `q` columns of `Y` on `X` (weighted when `w`). */
export function lsFitted(X: Float64Array, n: number, p: number, Y: Float64Array, q: number, w: Float64Array | undefined): Float64Array {
  const sw = w ? sqrtMeanWeights(w, n).sw : undefined;
  const Xw = sw ? scaleRows(X, n, p, sw) : X;
  return qrFitted(colPivQr(Xw, n, p, RANK_TOL), X, n, Y, q, sw);
}

/**
 * Fitted values X b_c of the (weighted) least-squares fits of each of the `q` columns of `Y` on
 * `X`, given `f`, the pivoted QR of √w·X (of X when `sw` is undefined); b_c solves R b = (Q'√w·y_c)
 * on the first rank(f) pivoted columns.
 */
export function qrFitted(f: ColPivQr, X: Float64Array, n: number, Y: Float64Array, q: number, sw: Float64Array | undefined): Float64Array {
  const r = f.rank;
  const R = leadingR(f, r);
  const out = new Float64Array(n * q);
  for (let c = 0; c < q; c++) {
    const col = Float64Array.from(Y.subarray(c * n, (c + 1) * n), (v, i) => (sw ? v * sw[i]! : v));
    applyQt(f, col);
    const b = solveUpper(R, r, col);
    for (let k = 0; k < r; k++) {
      const j = f.perm[k]!;
      const bk = b[k]!;
      for (let i = 0; i < n; i++) out[c * n + i] += X[j * n + i]! * bk;
    }
  }
  return out;
}

function scaleRows(x: Float64Array, n: number, p: number, s: Float64Array): Float64Array {
  const out = new Float64Array(n * p);
  for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) out[j * n + i] = x[j * n + i]! * s[i]!;
  return out;
}

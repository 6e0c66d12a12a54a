/**
 * The covariate space of a factored regression, computed once for all assignments: an orthonormal
 * basis Q of the columns X (n × p, intercept included), so that the annihilator is
 * M_X = I − QQ' and M_X y = y − Q(Q'y). X = QR by a tall-skinny QR followed by a pivoted QR of R
 * (the pivots and rank decisions of a pivoted QR of X itself, estimatr's rule with lmRobust's
 * relative tolerance); Q = X_piv R⁻¹ on the r columns kept. Only `src/math/linalg.ts` is used.
 */
import { colPivQr, invUpper, leadingR, tsqr } from "../math/linalg.js";

/** Relative pivot tolerance of the rank decision: the one lmRobust uses (estimatr's 1e-7). */
export const FWL_RANK_TOL = 1e-7;

/** An orthonormal basis of the covariates. */
export interface FwlBasis {
  readonly n: number;
  /** Rank of the covariates (columns of Q). */
  readonly r: number;
  /** Q row-major: row i at i·r. */
  readonly q: Float64Array;
  /** ‖Q_i‖², the covariates' leverages. */
  readonly h: Float64Array;
}

/**
 * The basis of `cols` (each of length n).
 *
 * @example
 * ```ts
 * const b = fwlBasis([new Float64Array(4).fill(1)], 4);
 * b.r; // 1
 * Math.abs(b.q[0]!); // 0.5
 * ```
 */
export function fwlBasis(cols: readonly Float64Array[], n: number): FwlBasis {
  const p = cols.length;
  if (p === 0) return { n, r: 0, q: new Float64Array(0), h: new Float64Array(n) };
  const R = tsqr(cols, n, p, 1024).R;
  const qr = colPivQr(R, p, p, FWL_RANK_TOL);
  const r = qr.rank;
  const rinv = invUpper(leadingR(qr, r), r); // column c of R⁻¹ at rinv[c·r .. c·r + c]
  const kept = Array.from({ length: r }, (_, j) => cols[qr.perm[j]!]!);
  const q = new Float64Array(n * r);
  const h = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < r; c++) {
      let v = 0;
      for (let j = 0; j <= c; j++) v += kept[j]![i]! * rinv[c * r + j]!;
      q[i * r + c] = v;
      s += v * v;
    }
    h[i] = s;
  }
  return { n, r, q, h };
}

/**
 * M_X y = y − Q(Q'y), written into `out` (allocated when absent) and returned.
 *
 * @example
 * ```ts
 * fwlResidualize(fwlBasis([new Float64Array(3).fill(1)], 3), Float64Array.of(1, 2, 6)); // [-2, -1, 3]
 * ```
 */
export function fwlResidualize(b: FwlBasis, y: Float64Array, out = new Float64Array(y.length)): Float64Array {
  const { r, q, n } = b;
  const g = new Float64Array(r);
  for (let i = 0; i < n; i++) for (let c = 0; c < r; c++) g[c] += q[i * r + c]! * y[i]!;
  for (let i = 0; i < n; i++) {
    let s = y[i]!;
    for (let c = 0; c < r; c++) s -= q[i * r + c]! * g[c]!;
    out[i] = s;
  }
  return out;
}

/**
 * A clustered design in the orthonormal basis of its QR factorization, cluster by cluster, without
 * forming that basis. With X (n×p, rows sorted by cluster), the fit's basis Q = X T (T = R⁻¹ on the
 * kept pivoted columns, p×r) and each cluster's own factor X_g = U_g R_g from a cluster-leaf TSQR
 * ({@link clusterTsqr}), the cluster-robust variances need only
 *
 *   Γ_g = Q_g'Q_g = T'R_g'R_g T = W_g'W_g  with the small W_g = R_g T (k_g × r, k_g = min(n_g, p)),
 *   Q_g'v = T'(X_g'v)                       for any vector v on the cluster's rows,
 *
 * so no n×r matrix is formed and no n-sized pass beyond the QR itself and one X'v per cluster.
 * Internal.
 */
import type { ClusterTsqr } from "../math/linalg.js";
import { addGramUpper } from "./design-rows.js";
import { congruence } from "./sandwich.js";

/** A clustered design as X, T and the per-cluster factors (see the module comment). */
export interface ClusterBasis {
  readonly kind: "cluster-basis";
  readonly n: number;
  /** Columns of X. */
  readonly p: number;
  /** Columns of Q = X T. */
  readonly r: number;
  /** X, p columns of length n, rows sorted by cluster. */
  readonly cols: readonly Float64Array[];
  /** T, p×r column-major (rows of aliased columns are zero). */
  readonly t: Float64Array;
  /** T is upper triangular (p = r, the unpivoted R⁻¹), so W_g = R_g T is too. */
  readonly upper: boolean;
  /** The cluster-leaf TSQR of X (only its per-cluster factors are read). */
  readonly qr: ClusterTsqr;
}

/**
 * The basis Q = X_p R⁻¹ of a pivoted QR: column k of X_p is `cols[perm[k]]` (k < r) and `rinv` is the
 * r×r upper-triangular R⁻¹, so T[perm[k], c] = (R⁻¹)_{kc}.
 */
export function pivotedBasis(cols: readonly Float64Array[], n: number, p: number, r: number, rinv: Float64Array, perm: Int32Array, qr: ClusterTsqr): ClusterBasis {
  const t = new Float64Array(p * r);
  for (let c = 0; c < r; c++) for (let k = 0; k <= c; k++) t[c * p + perm[k]!] = rinv[c * r + k]!;
  return { kind: "cluster-basis", n, p, r, cols, t, upper: false, qr };
}

/**
 * The basis Q = X R⁻¹ of the unpivoted factor R of `qr` itself (full column rank): T = R⁻¹ is upper
 * triangular, so each W_g = R_g R⁻¹ is too and Γ_g costs ⅓p³ instead of ~p³. Any orthonormal basis of
 * the column space gives the same variance; this one is cheapest.
 */
export function unpivotedBasis(cols: readonly Float64Array[], n: number, p: number, rinv: Float64Array, qr: ClusterTsqr): ClusterBasis {
  return { kind: "cluster-basis", n, p, r: p, cols, t: rinv, upper: true, qr };
}

/**
 * The contrast vectors, in the basis, of the coefficients in pivot order: the coefficient on column
 * perm[k] is β_{perm[k]} = (T γ)_{perm[k]}, so its contrast is row perm[k] of T. Returned r×r with
 * contrast k at [k·r, k·r + r).
 */
export function basisContrasts(b: ClusterBasis, perm: Int32Array): Float64Array {
  const { p, r, t } = b;
  const out = new Float64Array(r * r);
  for (let k = 0; k < r; k++) for (let c = 0; c < r; c++) out[k * r + c] = t[c * p + perm[k]!]!;
  return out;
}

/**
 * The variance of the coefficients in pivot order from a meat in the basis: V = T · meat · T'
 * over the original columns, then V_p[k, l] = V[perm[k], perm[l]] (r×r column-major, symmetrized).
 */
export function basisSandwich(b: ClusterBasis, meat: Float64Array, perm: Int32Array): Float64Array {
  const { p, r, t } = b;
  // rows perm[0..r) of T: Tp (r×r, row k = T[perm[k], :]), then Tp meat Tp'.
  const tp = new Float64Array(r * r);
  for (let c = 0; c < r; c++) for (let k = 0; k < r; k++) tp[c * r + k] = t[c * p + perm[k]!]!;
  return congruence(tp, r, r, meat);
}

/** Doubles of scratch {@link addClusterGram} needs. */
export function clusterGramScratch(b: ClusterBasis): number {
  return b.p * b.r;
}

/**
 * Add the upper triangle of Γ_g = W_g'W_g (W_g = R_g T) to the r×r leading block of `g` (leading
 * dimension `ld`). O(k_g·p·r / 2 + k_g·r² / 2).
 */
export function addClusterGram(b: ClusterBasis, cluster: number, G: Float64Array, ld: number, scratch: Float64Array): void {
  const { p, r, t } = b;
  const F = b.qr.factors;
  const o = b.qr.offsets[cluster]!;
  const kg = (b.qr.offsets[cluster + 1]! - o) / p;
  const W = scratch.subarray(0, kg * r);
  W.fill(0);
  // W[i, c] = Σ_k R_g[i, k] T[k, c]; column k of R_g is nonzero in rows 0..min(k, k_g − 1), and with an
  // upper-triangular T only k ≤ c count, so W is upper trapezoidal too.
  for (let c = 0; c < r; c++) {
    const oc = c * kg;
    const tc = c * p;
    const kmax = b.upper ? c + 1 : p;
    for (let k = 0; k < kmax; k++) {
      const v = t[tc + k]!;
      if (v === 0) continue;
      const ok = o + k * kg;
      const imax = Math.min(k + 1, kg);
      for (let i = 0; i < imax; i++) W[oc + i] += F[ok + i]! * v;
    }
  }
  if (b.upper) addTrapezoidGramUpper(W, kg, r, G, ld);
  else addGramUpper(W, kg, r, G, ld);
}

/**
 * {@link addGramUpper} for an upper-trapezoidal W (k×r, W[i, c] = 0 for i > c): Γ[a, b] sums only
 * rows i ≤ min(a, k − 1).
 */
function addTrapezoidGramUpper(W: Float64Array, k: number, r: number, G: Float64Array, ld: number): void {
  for (let bcol = 0; bcol < r; bcol++) {
    const ob = bcol * k;
    for (let a = 0; a <= bcol; a++) {
      const oa = a * k;
      const imax = Math.min(a + 1, k);
      let s0 = 0;
      let s1 = 0;
      let i = 0;
      for (; i + 1 < imax; i += 2) {
        s0 += W[oa + i]! * W[ob + i]!;
        s1 += W[oa + i + 1]! * W[ob + i + 1]!;
      }
      if (i < imax) s0 += W[oa + i]! * W[ob + i]!;
      G[bcol * ld + a] += s0 + s1;
    }
  }
}

/**
 * out[c] += (T'Σ_i x_i v_i)_c over rows i0..i1−1 (v = null: v_i = 1), the projection Q'v of the rows'
 * part of v. `xv` is scratch of length p.
 */
export function addProjection(b: ClusterBasis, i0: number, i1: number, v: Float64Array | null, out: Float64Array, xv: Float64Array): void {
  const { p, r, t, cols } = b;
  for (let k = 0; k < p; k++) {
    const col = cols[k]!;
    let s0 = 0;
    let s1 = 0;
    let i = i0;
    if (v) {
      for (; i + 1 < i1; i += 2) {
        s0 += col[i]! * v[i]!;
        s1 += col[i + 1]! * v[i + 1]!;
      }
      if (i < i1) s0 += col[i]! * v[i]!;
    } else {
      for (; i + 1 < i1; i += 2) {
        s0 += col[i]!;
        s1 += col[i + 1]!;
      }
      if (i < i1) s0 += col[i]!;
    }
    xv[k] = s0 + s1;
  }
  for (let c = 0; c < r; c++) {
    let acc = 0;
    const tc = c * p;
    for (let k = 0; k < p; k++) acc += t[tc + k]! * xv[k]!;
    out[c] += acc;
  }
}

/**
 * Cluster scores in the basis Q: row g (of a J×r row-major result) is Q_g'e_g = T'(X_g'e_g).
 * @param starts - J + 1 cluster boundaries.
 */
export function basisScores(b: ClusterBasis, e: Float64Array, starts: Int32Array): Float64Array {
  const J = starts.length - 1;
  const half = new Float64Array(J * b.r);
  const xv = new Float64Array(b.p);
  for (let g = 0; g < J; g++) addProjection(b, starts[g]!, starts[g + 1]!, e, half.subarray(g * b.r, g * b.r + b.r), xv);
  return half;
}

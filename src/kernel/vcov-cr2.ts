/**
 * The CR2 (Bell–McCaffrey) cluster-robust variance and its Satterthwaite degrees of freedom,
 * as estimatr 1.0.0 (`lm_variance` in `src/lm_robust_helper.cpp`) and clubSandwich compute them.
 *
 * Notation: clusters g = 1..J with rows X_g (n_g × r), residuals e_g, M = (X'X)⁻¹,
 * H_gg = X_g M X_g' (the cluster's block of the hat matrix), A_g = (I − H_gg)^(−1/2), where
 * eigenvalues of I − H_gg at or below 1e−12 are set to 0 (estimatr's pseudo-inverse root).
 * The meat is Σ_g X_g' A_g e_g e_g' A_g X_g; the variance is M · meat · M.
 *
 * ## Low-rank form (unweighted fits, with or without absorbed fixed effects)
 *
 * H_gg = Z_g K Z_g' has rank ≤ q (Z_g = the cluster's rows of the design, q its columns;
 * with fixed effects Z_g also holds the dummies of the levels present in the cluster and
 * K = blockdiag(M, M_D) with M_D = (D'D)⁺). Write K = L L' and V = Z_g L (n_g × q). If
 * V'V = L' Γ_g L = W diag(t) W' (Γ_g = Z_g'Z_g, a q×q Gram matrix), the non-trivial
 * eigenvectors of V V' are V W diag(t)^(−1/2) with eigenvalues t, and every other eigenvalue
 * of I − VV' is 1, so for any f with f(1) = 1:
 *
 *   f(I − V V') = I + V W diag(φ(t)) W' V',   φ(t) = (f(1 − t) − 1) / t   (φ(0) = f'(1)·(−1) = 1/2),
 *
 * i.e. A_g = I + Z_g C_g Z_g' with C_g = L W diag(φ(t)) W' L' (q×q). φ is smooth at t = 0,
 * so directions with t ≈ 0 (a rank-deficient X_g, e.g. a cluster-level treatment) need no
 * threshold. Then with B_g = E + C_g Γ_g E (E selects the r columns of X):
 *   A_g X_g = Z_g B_g,   X_g' A_g e_g = B_g' Z_g' e_g,   Z_g' A_g X_g = Γ_g B_g,
 *   X_g' A_g² X_g = B_g' Γ_g B_g,
 * all q×q work once Γ_g and Z_g'e_g are accumulated in one O(n q²) pass.
 *
 * ## Satterthwaite df (Bell–McCaffrey; Pustejovsky & Tipton 2018)
 *
 * For coefficient j let c_g = A_g X_g M e_j (what estimatr calls a row of ME). estimatr builds
 * the J×J matrix P = H3'H3 − H1'H2 − (H1'H2)' + diag(P_diag) and reports (tr P)² / Σ P².
 * Expanding its factors, P[g,h] = δ_gh d_g + a_g' T a_h − a_g' M b_h − b_g' M a_h with
 * a_g = X_u,g' c_g, b_g = X_g' c_g, d_g = c_g'c_g and T = M X'X M (X_u unweighted rows;
 * without weights a = b and T = M, so P = diag(d) − A M A'). With Z = [A B] (J × 2q) and
 * Q = [[T, −M], [−M, 0]], P = diag(d) + Z Q Z', so
 *   tr P = Σ d_g + Σ z_g'Q z_g,   Σ P² = Σ d_g² + 2 Σ d_g z_g'Q z_g + tr((Q G)²),  G = Z'Z,
 * which is O(J q² + q³) per coefficient instead of O(J² q).
 *
 * Why one file of about 850 lines: the low-rank operator, the weighted form, the meat-only series,
 * the df and HTZ support and the naive oracle share this notation and its derivation; split, each
 * part would need the comment above again. Callers reach it through the one entry point, cr2.ts.
 */
import { cholesky, crossprod, dot, matMul, matMulTN, symEigen, symFunction } from "../math/linalg.js";
import { addGramUpper, denseRows, mirrorUpper, ROW_BLOCK, type DesignRows } from "./design-rows.js";
import { addClusterGram, addProjection, clusterGramScratch, type ClusterBasis } from "./cluster-basis.js";

/** Absorbed fixed effects, in the row order of the fit. */
export interface FeDummies {
  /** Per factor, the global level index (offset so levels of all factors are 0..L-1) of each row. */
  readonly codes: readonly Int32Array[];
  /** Total number of levels L over all factors. */
  readonly nLevels: number;
  /** (D'D)⁺, L×L column-major. */
  readonly mD: Float64Array;
}

/** What a CR2 computation returns. */
export interface Cr2Parts {
  /** J×r: row g is X_g' A_g e_g (stored row-major: `half[g * r + a]`). */
  readonly half: Float64Array;
  /** Satterthwaite df per coefficient (NaN where not computable). */
  readonly df: Float64Array;
  /** What further small-sample tests (HTZ) need; null in `"meat"` and `"operators"` mode. */
  readonly support: Cr2DfSupport | null;
  /** In `"operators"` mode, each cluster's B_g (q_g×r) with X_g'A_g e_g = B_g'Z_g'e_g, and its present levels. */
  readonly operators?: { readonly B: readonly Float64Array[]; readonly present: readonly Int32Array[] };
}

/**
 * How much of the CR2 computation {@link cr2LowRank} does: `"df"` (default) the meat rows, the
 * per-coefficient Satterthwaite df and the HTZ support; `"support"` the rows and the support, no
 * df; `"meat"` the rows only (all a Wald F with J − 1 df needs), by the series of
 * {@link cr2SeriesHalf} where it applies; `"operators"` each cluster's B_g, so the rows for any
 * other residual vector cost one q_g×r product per cluster (randomization tests: a fixed design,
 * many outcomes).
 */
export type Cr2Mode = "df" | "support" | "meat" | "operators";

/**
 * Clusters whose leverage block has trace above this take the eigendecomposition in `"meat"` mode:
 * the series then needs more than ~60 terms, and near 1 it would not converge.
 */
const SERIES_MAX_TRACE = 0.5;

const FLOOR = 1e-12;
const fInvSqrt = (l: number) => (l > FLOOR ? 1 / Math.sqrt(l) : 0);

function phi(t: number): number {
  if (Math.abs(t) < 1e-6) return 0.5 + t * (3 / 8 + t * (5 / 16));
  return (fInvSqrt(1 - t) - 1) / t;
}

/**
 * CR2 meat rows and df for an unweighted fit by the low-rank form (see the module comment).
 *
 * @param x - n×r design (rows sorted by cluster): stored column-major, as row blocks on demand, or as
 *   the per-cluster factors of a {@link ClusterBasis} (then Γ_g and Z_g'e_g come from them).
 * @param e - residuals.
 * @param starts - J+1 cluster boundaries: cluster g is rows starts[g]..starts[g+1]-1.
 * @param m - (X'X)⁻¹, r×r (the identity when `x` is the orthonormal Q of a QR factorization).
 * @param fe - absorbed fixed effects (then x is the demeaned design).
 * @param contrasts - r×r; column j is the vector m_j with c_g = A_g X_g m_j for coefficient j
 *   (default `m`: the coefficients of `x` itself; with x = Q and β = R⁻¹γ, column j of R⁻ᵀ).
 */
export function cr2LowRank(
  x: Float64Array | DesignRows | ClusterBasis,
  n: number,
  r: number,
  e: Float64Array,
  starts: Int32Array,
  m: Float64Array,
  fe?: FeDummies,
  contrasts: Float64Array = m,
  mode: Cr2Mode = "df",
): Cr2Parts {
  const J = starts.length - 1;
  const nf = fe ? fe.codes.length : 0;
  const L = fe ? fe.nLevels : 0;
  const lm = cholesky(m, r) ?? symFunction(m, r, (v) => (v > 0 ? Math.sqrt(v) : 0));
  const half = new Float64Array(J * r);
  // The series needs K^(1/2) diagonal and invertible: M diagonal (the identity in lmRobust's Q basis)
  // and at most one absorbed factor (M_D = diag(1/n_l)).
  const lmDiag = mode === "meat" && nf <= 1 ? positiveDiagonal(lm, r) : null;
  const dScale = lmDiag ? new Float64Array(r + L) : null;
  const work = lmDiag ? new Float64Array(3 * (r + L)) : null;
  // Per-cluster pieces for the df: F_g = Γ_g B_g (q_g×r), Dd_g = B_g'Γ_g B_g (r×r), present levels.
  const Fs: Float64Array[] = new Array(J);
  const Dds: Float64Array[] = new Array(J);
  const levs: Int32Array[] = new Array(J);
  const Bs: Float64Array[] = mode === "operators" ? new Array(J) : [];
  const local = new Int32Array(L).fill(-1);
  // The design either as per-cluster factors (no row of Q is formed) or as row blocks.
  const basis = !(x instanceof Float64Array) && "kind" in x ? x : null;
  const rows = basis ? null : x instanceof Float64Array ? denseRows(x, n, r) : (x as DesignRows);
  const blk = rows ? new Float64Array(ROW_BLOCK * r) : null;
  const gramScratch = basis ? new Float64Array(clusterGramScratch(basis)) : null;
  const xv = basis ? new Float64Array(basis.p) : null;
  let gBuf = new Float64Array(r * r);
  let sBuf = new Float64Array(r);
  for (let g = 0; g < J; g++) {
    const s0 = starts[g]!;
    const s1 = starts[g + 1]!;
    // Levels present in the cluster.
    const present: number[] = [];
    if (fe) {
      for (let f = 0; f < nf; f++) {
        const codes = fe.codes[f]!;
        for (let i = s0; i < s1; i++) {
          const l = codes[i]!;
          if (local[l] === -1) {
            local[l] = r + present.length;
            present.push(l);
          }
        }
      }
    }
    const q = r + present.length;
    // Gram Γ = Z'Z and s = Z'e (upper triangle, then mirrored), in buffers reused across clusters.
    if (gBuf.length < q * q) gBuf = new Float64Array(q * q);
    if (sBuf.length < q) sBuf = new Float64Array(q);
    const G = gBuf.subarray(0, q * q);
    const s = sBuf.subarray(0, q);
    G.fill(0);
    s.fill(0);
    if (basis) {
      addClusterGram(basis, g, G, q, gramScratch!);
      addProjection(basis, s0, s1, e, s, xv!);
      if (fe) feGramFromBasis(basis, fe, local, r, present.length, s0, s1, e, G, s, q, xv!);
    } else for (let c0 = s0; c0 < s1; c0 += ROW_BLOCK) {
      const c1 = Math.min(s1, c0 + ROW_BLOCK);
      const mb = c1 - c0;
      rows!.fill(c0, c1, blk!);
      addGramUpper(blk!, mb, r, G, q);
      for (let a = 0; a < r; a++) s[a] += dot(blk!, a * mb, e, c0, 0, mb);
      if (fe) {
        for (let f = 0; f < nf; f++) {
          const codes = fe.codes[f]!;
          for (let i = c0; i < c1; i++) {
            const li = local[codes[i]!]!;
            s[li] += e[i]!;
            for (let a = 0; a < r; a++) G[li * q + a] += blk![a * mb + i - c0]!;
            for (let f2 = 0; f2 < nf; f2++) {
              const lj = local[fe.codes[f2]![i]!]!;
              G[lj * q + li] += 1;
            }
          }
        }
      }
    }
    mirrorUpper(G, q);
    if (dScale) {
      for (let a = 0; a < r; a++) dScale[a] = lmDiag![a]!;
      for (let b = 0; b < present.length; b++) dScale[r + b] = Math.sqrt(fe!.mD[present[b]! * L + present[b]!]!);
      if (cr2SeriesHalf(G, s, q, r, dScale, work!, half, g * r)) {
        for (const l of present) local[l] = -1;
        continue;
      }
    }
    // K^(1/2) = blockdiag(chol(M), sqrt(M_D[present, present])).
    const Lk = new Float64Array(q * q);
    for (let b = 0; b < r; b++) for (let a = 0; a < r; a++) Lk[b * q + a] = lm[b * r + a]!;
    if (present.length) {
      const pl = present.length;
      const md = new Float64Array(pl * pl);
      for (let b = 0; b < pl; b++) for (let a = 0; a < pl; a++) md[b * pl + a] = fe!.mD[present[b]! * L + present[a]!]!;
      const sq = nf === 1 ? null : symFunction(md, pl, (v) => (v > 0 ? Math.sqrt(v) : 0));
      for (let b = 0; b < pl; b++)
        for (let a = 0; a < pl; a++) Lk[(r + b) * q + r + a] = sq ? sq[b * pl + a]! : a === b ? Math.sqrt(md[b * pl + a]!) : 0;
    }
    // S = L' Γ L, eigen, C = L W φ W' L'.
    const GL = matMul(G, Lk, q, q, q);
    const S = matMulTN(Lk, GL, q, q, q);
    const { values, vectors } = symEigen(S, q);
    const LW = matMul(Lk, vectors, q, q, q);
    const C = new Float64Array(q * q);
    for (let k = 0; k < q; k++) {
      const ph = phi(values[k]!);
      for (let b = 0; b < q; b++) {
        const v = LW[k * q + b]! * ph;
        for (let a = 0; a < q; a++) C[b * q + a] += LW[k * q + a]! * v;
      }
    }
    // B = E + C Γ E (q×r); half row = B' s.
    const B = correctionB(C, G, q, r, 0);
    scoreRow(B, s, q, r, half, g);
    if (mode === "meat" || mode === "operators") {
      if (mode === "operators") {
        Bs[g] = B;
        levs[g] = Int32Array.from(present);
      }
      for (const l of present) local[l] = -1;
      continue;
    }
    const F = matMul(G, B, q, q, r);
    Fs[g] = F;
    Dds[g] = matMulTN(B, F, q, r, r);
    levs[g] = Int32Array.from(present);
    for (const l of present) local[l] = -1;
  }
  if (mode === "meat") return { half, df: new Float64Array(r).fill(NaN), support: null };
  if (mode === "operators") return { half, df: new Float64Array(r).fill(NaN), support: null, operators: { B: Bs, present: levs } };
  // P(m1, m2) = diag(d) − U₁ M_U U₂' with rows u_g = F_g m in global coordinates (r + L).
  const Q = r + L;
  const Qf = new Float64Array(Q * Q);
  for (let b = 0; b < r; b++) for (let a = 0; a < r; a++) Qf[b * Q + a] = -m[b * r + a]!;
  if (fe) for (let b = 0; b < L; b++) for (let a = 0; a < L; a++) Qf[(r + b) * Q + r + a] = -fe.mD[b * L + a]!;
  const idxs = levs.map((pres) => {
    const idx = new Int32Array(r + pres.length);
    for (let a = 0; a < r; a++) idx[a] = a;
    pres.forEach((l, t) => (idx[r + t] = r + l));
    return idx;
  });
  const support: Cr2DfSupport = {
    J,
    r,
    dim: Q,
    qform: Qf,
    z(g, mv) {
      const F = Fs[g]!;
      const q = idxs[g]!.length;
      const out = new Float64Array(q);
      for (let a = 0; a < q; a++) {
        let acc = 0;
        for (let c = 0; c < r; c++) acc += F[c * q + a]! * mv[c]!;
        out[a] = acc;
      }
      return out;
    },
    idx: (g) => idxs[g]!,
    d: (g, m1, m2) => bilinear(Dds[g]!, m1, m2, r),
  };
  return { half, df: mode === "df" ? coefficientDf(support, contrasts) : new Float64Array(r).fill(NaN), support };
}

/**
 * The fixed-effect part of a cluster's Γ and s in the basis form: for each present level l
 * (local index li ≥ r), s[li] += Σ e, the cross block G[li·q + c] = (Q_g'd_l)_c = (T'X_g'd_l)_c
 * and the dummy-by-dummy counts (upper triangle and below, as the row-block form fills them).
 */
function feGramFromBasis(
  b: ClusterBasis,
  fe: FeDummies,
  local: Int32Array,
  r: number,
  nPresent: number,
  s0: number,
  s1: number,
  e: Float64Array,
  G: Float64Array,
  s: Float64Array,
  q: number,
  xv: Float64Array,
): void {
  const nf = fe.codes.length;
  const { p, t, cols } = b;
  // X-space sums of each present level's rows: sums[u·p + k], u = li − r (column by column, so each
  // column of X is read in order).
  const sums = new Float64Array(nPresent * p);
  const at = new Int32Array(s1 - s0);
  for (let f = 0; f < nf; f++) {
    const codes = fe.codes[f]!;
    for (let i = s0; i < s1; i++) {
      const li = local[codes[i]!]!;
      at[i - s0] = (li - r) * p;
      s[li] += e[i]!;
      for (let f2 = 0; f2 < nf; f2++) G[local[fe.codes[f2]![i]!]! * q + li] += 1;
    }
    for (let k = 0; k < p; k++) {
      const col = cols[k]!;
      for (let i = s0; i < s1; i++) sums[at[i - s0]! + k] += col[i]!;
    }
  }
  for (let u = 0; u < nPresent; u++) {
    for (let k = 0; k < p; k++) xv[k] = sums[u * p + k]!;
    const li = r + u;
    for (let c = 0; c < r; c++) {
      let acc = 0;
      for (let k = 0; k < p; k++) acc += t[c * p + k]! * xv[k]!;
      G[li * q + c] += acc;
    }
  }
}

/** The diagonal of an r×r matrix that is diagonal with positive entries, else null. */
function positiveDiagonal(a: Float64Array, r: number): Float64Array | null {
  const d = new Float64Array(r);
  for (let b = 0; b < r; b++)
    for (let i = 0; i < r; i++) {
      const v = a[b * r + i]!;
      if (i === b) {
        if (!(v > 0)) return null;
        d[i] = v;
      } else if (v !== 0) return null;
    }
  return d;
}

/**
 * One cluster's meat row X_g' A_g e_g by the binomial series of the inverse square root, with no
 * eigendecomposition: with D = K^(1/2) diagonal, S = D Γ D (the cluster's leverage block in an
 * orthonormal basis, eigenvalues t ∈ [0, 1]) and t₀ = D s,
 *
 *   X_g' A_g e_g = E' D⁻¹ (I − S)^(−1/2) t₀ = E' D⁻¹ Σ_j c_j S^j t₀,   c_j = C(2j, j) / 4^j,
 *
 * the same vector the eigen form B' s gives (φ(t) = Σ_{j≥1} c_j t^(j−1)). S is symmetric PSD
 * with ρ(S) ≤ τ = tr S, so ‖S^(j+1) t₀‖ ≤ τ ‖S^j t₀‖ and, c_j being decreasing, the terms after
 * the j-th sum to at most c_j ‖S^j t₀‖ τ / (1 − τ); the loop stops once that is below 2⁻⁶⁰ ‖t₀‖
 * (‖Σ‖ ≥ ‖t₀‖, since every eigenvalue of (I − S)^(−1/2) is at least 1). Eigenvalues of I − S
 * are at least 1 − τ ≥ 1/2 here, so estimatr's 1e−12 floor never applies. O(q²) per term:
 * with τ ≈ q/J (a cluster's share of the leverage), ~10 terms for q = 37, J = 2,000.
 *
 * @param G - the cluster's q×q Gram matrix Γ = Z_g'Z_g (column-major).
 * @param s - Z_g' e_g (length q).
 * @param d - diagonal of K^(1/2), all positive (length ≥ q).
 * @param work - scratch of length ≥ 3q.
 * @returns false, with `half` untouched, when τ > {@link SERIES_MAX_TRACE} (use the eigen form).
 */
export function cr2SeriesHalf(G: Float64Array, s: Float64Array, q: number, r: number, d: Float64Array, work: Float64Array, half: Float64Array, offset: number): boolean {
  let tau = 0;
  for (let a = 0; a < q; a++) tau += G[a * q + a]! * d[a]! * d[a]!;
  if (!(tau <= SERIES_MAX_TRACE)) return false;
  const w = work.subarray(0, q);
  const next = work.subarray(q, 2 * q);
  const sum = work.subarray(2 * q, 3 * q);
  let norm0 = 0;
  for (let a = 0; a < q; a++) {
    const v = d[a]! * s[a]!;
    w[a] = v;
    sum[a] = v;
    norm0 += v * v;
  }
  // Scale in the tail bound: c_j ‖S^j t₀‖ τ/(1 − τ) ≤ 2⁻⁶⁰ ‖t₀‖, compared squared.
  const ratio = tau / (1 - tau);
  const stop = norm0 * 2 ** -120;
  let c = 1;
  for (let j = 1; norm0 > 0 && j <= 200; j++) {
    // next = S w = D Γ D w (w scaled by D in place first; it is not needed after this product)
    let nn = 0;
    for (let a = 0; a < q; a++) w[a] = w[a]! * d[a]!;
    for (let b = 0; b < q; b++) next[b] = dot(G, b * q, w, 0, 0, q) * d[b]!;
    c *= (2 * j - 1) / (2 * j);
    for (let a = 0; a < q; a++) {
      const v = next[a]!;
      w[a] = v;
      sum[a] += c * v;
      nn += v * v;
    }
    const tail = c * ratio;
    if (tail * tail * nn <= stop) break;
  }
  for (let a = 0; a < r; a++) half[offset + a] = sum[a]! / d[a]!;
  return true;
}

/**
 * What the Satterthwaite df and the HTZ test need from a CR2 fit: for contrast vectors m₁, m₂
 * (in the fit's basis), P(m₁, m₂) = diag(d) + Z₁ K Z₂' with d_g = c_g¹'c_g², rows z_g (sparse:
 * values at `idx(g)` of a `dim`-vector) and the fixed `qform` K (see the module comment).
 */
export interface Cr2DfSupport {
  readonly J: number;
  /** Dimension of the contrast vectors. */
  readonly r: number;
  /** Dimension of the z_g vectors. */
  readonly dim: number;
  /** K, dim×dim column-major. */
  readonly qform: Float64Array;
  /** z_g for contrast m, at the coordinates idx(g). */
  z(g: number, m: Float64Array): Float64Array;
  idx(g: number): Int32Array;
  /** c_g(m₁)' c_g(m₂). */
  d(g: number, m1: Float64Array, m2: Float64Array): number;
}

/** The pieces of P(m₁, m₂) for every cluster: d_g and the sparse z_g of each contrast. */
interface PParts {
  readonly d: Float64Array;
  readonly z1: Float64Array[];
  readonly z2: Float64Array[];
}

function pParts(s: Cr2DfSupport, m1: Float64Array, m2: Float64Array): PParts {
  const d = new Float64Array(s.J);
  const z1: Float64Array[] = [];
  const z2: Float64Array[] = [];
  for (let g = 0; g < s.J; g++) {
    d[g] = s.d(g, m1, m2);
    const a = s.z(g, m1);
    z1.push(a);
    z2.push(m1 === m2 ? a : s.z(g, m2));
  }
  return { d, z1, z2 };
}

/** Σ_g z_g¹' K z_g² for one cluster's sparse vectors. */
function zKz(s: Cr2DfSupport, idx: Int32Array, a: Float64Array, b: Float64Array): number {
  const K = s.qform;
  const D = s.dim;
  let acc = 0;
  for (let u = 0; u < idx.length; u++) {
    const au = a[u]!;
    if (au === 0) continue;
    const ou = idx[u]!;
    let t = 0;
    for (let v = 0; v < idx.length; v++) t += K[idx[v]! * D + ou]! * b[v]!;
    acc += au * t;
  }
  return acc;
}

/** tr P for the given parts. */
export function pTrace(s: Cr2DfSupport, P: PParts): number {
  let tr = 0;
  for (let g = 0; g < s.J; g++) tr += P.d[g]! + zKz(s, s.idx(g), P.z1[g]!, P.z2[g]!);
  return tr;
}

/** Σ_gh P_ab[g,h] P_cd[g,h] (Frobenius inner product of two P matrices). */
export function pInner(s: Cr2DfSupport, A: PParts, B: PParts): number {
  const D = s.dim;
  let acc = 0;
  for (let g = 0; g < s.J; g++) {
    const idx = s.idx(g);
    acc += A.d[g]! * B.d[g]!;
    acc += A.d[g]! * zKz(s, idx, B.z1[g]!, B.z2[g]!);
    acc += B.d[g]! * zKz(s, idx, A.z1[g]!, A.z2[g]!);
  }
  // tr(K G₁₃ K G₄₂) with G₁₃ = Z_A1' Z_B1 and G₄₂ = Z_B2' Z_A2 (dim×dim, built sparsely).
  const G13 = new Float64Array(D * D);
  const G42 = new Float64Array(D * D);
  for (let g = 0; g < s.J; g++) {
    const idx = s.idx(g);
    const a1 = A.z1[g]!;
    const b1 = B.z1[g]!;
    const b2 = B.z2[g]!;
    const a2 = A.z2[g]!;
    for (let u = 0; u < idx.length; u++) {
      const ou = idx[u]!;
      const x1 = a1[u]!;
      const x4 = b2[u]!;
      for (let v = 0; v < idx.length; v++) {
        const ov = idx[v]!;
        G13[ov * D + ou] += x1 * b1[v]!;
        G42[ov * D + ou] += x4 * a2[v]!;
      }
    }
  }
  const K = s.qform;
  const KG13 = matMul(K, G13, D, D, D);
  const KG42 = matMul(K, G42, D, D, D);
  let tr = 0;
  for (let a = 0; a < D; a++) for (let b = 0; b < D; b++) tr += KG13[b * D + a]! * KG42[a * D + b]!;
  return acc + tr;
}

/** Satterthwaite df (tr P)² / Σ P² for each column of `contrasts` (r×r). */
function coefficientDf(s: Cr2DfSupport, contrasts: Float64Array): Float64Array {
  const r = s.r;
  const df = new Float64Array(r);
  for (let j = 0; j < r; j++) {
    const mj = contrasts.subarray(j * r, j * r + r);
    const P = pParts(s, mj, mj);
    const tr = pTrace(s, P);
    df[j] = (tr * tr) / pInner(s, P, P);
  }
  return df;
}

/**
 * clubSandwich's HTZ test (Pustejovsky & Tipton 2018, `Wald_test(test = "HTZ")`) of the
 * contrasts in the rows of `L` (q vectors of length r): Ω[s,t] = tr P(ℓ_s, ℓ_t); with the
 * rotated contrasts ℓ̃ = Ω^(−1/2) ℓ and B_st = P(ℓ̃_s, ℓ̃_t), V[s,t] = ⟨B_st, B_ts⟩ + ⟨B_ss, B_tt⟩
 * and ν = q(q+1) / Σ V. Returns ν.
 */
export function htzDf(s: Cr2DfSupport, L: readonly Float64Array[]): number {
  const q = L.length;
  const r = s.r;
  const Om = new Float64Array(q * q);
  for (let a = 0; a < q; a++)
    for (let b = a; b < q; b++) {
      const v = pTrace(s, pParts(s, L[a]!, L[b]!));
      Om[b * q + a] = v;
      Om[a * q + b] = v;
    }
  const On = symFunction(Om, q, (v) => (v > 0 ? 1 / Math.sqrt(v) : 0));
  const Lt: Float64Array[] = [];
  for (let a = 0; a < q; a++) {
    const v = new Float64Array(r);
    for (let b = 0; b < q; b++) {
      const w = On[b * q + a]!;
      for (let c = 0; c < r; c++) v[c] += w * L[b]![c]!;
    }
    Lt.push(v);
  }
  const parts = new Map<string, PParts>();
  const P = (a: number, b: number) => {
    const key = `${a},${b}`;
    let v = parts.get(key);
    if (!v) {
      v = pParts(s, Lt[a]!, Lt[b]!);
      parts.set(key, v);
    }
    return v;
  };
  let total = 0;
  for (let a = 0; a < q; a++)
    for (let b = 0; b < q; b++) total += pInner(s, P(a, b), P(b, a)) + pInner(s, P(a, a), P(b, b));
  return (q * (q + 1)) / total;
}

/**
 * CR2 meat rows and df by the direct per-cluster n_g×n_g eigendecomposition, in estimatr's
 * weighted form: A_g = (I − H − H' + X_u,g T X_u,g')^(−1/2) with H = X_u,g M X_g',
 * T = M X'X M, X = W X_u (W = w / mean(w)), residuals unweighted. With unit weights this is
 * the textbook (I − H_gg)^(−1/2). Cost O(Σ n_g³): the test oracle of {@link cr2LowRank} and
 * {@link cr2WeightedLowRank}.
 *
 * @param xu - unweighted design, n×r column-major, sorted by cluster.
 * @param xw - W·X_u (equal to xu when unweighted).
 * @param eu - unweighted residuals.
 * @param m - (X_u' W X_u)⁻¹.
 * @param wm - mean of the raw weights (1 when unweighted).
 */
export function cr2Naive(
  xu: Float64Array,
  xw: Float64Array,
  n: number,
  r: number,
  eu: Float64Array,
  starts: Int32Array,
  m: Float64Array,
  wm: number,
): Cr2Parts {
  const J = starts.length - 1;
  // T = M X'X M with X = xw.
  const T = matMul(matMul(m, crossprod(xw, n, r), r, r, r), m, r, r, r);
  const half = new Float64Array(J * r);
  const Fa: Float64Array[] = [];
  const Fb: Float64Array[] = [];
  const Fd: Float64Array[] = [];
  for (let g = 0; g < J; g++) {
    const s0 = starts[g]!;
    const ng = starts[g + 1]! - s0;
    // Rows of the cluster, as ng×r column-major blocks.
    const Xu = new Float64Array(ng * r);
    const Xw = new Float64Array(ng * r);
    for (let c = 0; c < r; c++)
      for (let i = 0; i < ng; i++) {
        Xu[c * ng + i] = xu[c * n + s0 + i]!;
        Xw[c * ng + i] = xw[c * n + s0 + i]!;
      }
    const XuM = matMul(Xu, m, ng, r, r);
    const XuT = matMul(Xu, T, ng, r, r);
    const mat = new Float64Array(ng * ng);
    for (let b = 0; b < ng; b++)
      for (let a = 0; a < ng; a++) {
        let h = 0;
        let hT = 0;
        let t = 0;
        for (let c = 0; c < r; c++) {
          h += XuM[c * ng + a]! * Xw[c * ng + b]!; // H[a,b]
          hT += XuM[c * ng + b]! * Xw[c * ng + a]!; // H[b,a]
          t += XuT[c * ng + a]! * Xu[c * ng + b]!;
        }
        mat[b * ng + a] = (a === b ? 1 : 0) - h - hT + t;
      }
    const A = symFunction(mat, ng, fInvSqrt);
    const AX = matMul(A, Xw, ng, ng, r);
    for (let c = 0; c < r; c++) {
      let acc = 0;
      for (let i = 0; i < ng; i++) acc += AX[c * ng + i]! * eu[s0 + i]!;
      half[g * r + c] = acc;
    }
    const fa = matMulTN(Xu, AX, ng, r, r);
    const fb = matMulTN(Xw, AX, ng, r, r);
    const fd = matMulTN(AX, AX, ng, r, r);
    for (let k = 0; k < r * r; k++) {
      fa[k] = fa[k]! / wm;
      fb[k] = fb[k]! / wm;
      fd[k] = fd[k]! / (wm * wm);
    }
    Fa.push(fa);
    Fb.push(fb);
    Fd.push(fd);
  }
  return weightedParts(half, Fa, Fb, Fd, T, m, r, J);
}

/** The df support of the weighted form from the per-cluster Fa, Fb, Fd (shared by both weighted paths). */
function weightedParts(
  half: Float64Array,
  Fa: readonly Float64Array[],
  Fb: readonly Float64Array[],
  Fd: readonly Float64Array[],
  T: Float64Array,
  m: Float64Array,
  r: number,
  J: number,
  contrasts: Float64Array = m,
): Cr2Parts {
  // P(m1, m2) = diag(d) + Z₁ K Z₂' with z_g = [Fa_g m; Fb_g m] and K = [[T, −M], [−M, 0]].
  const q2 = 2 * r;
  const K = weightedK(T, m, r);
  const idxAll = Int32Array.from({ length: q2 }, (_, i) => i);
  const support: Cr2DfSupport = {
    J,
    r,
    dim: q2,
    qform: K,
    z(g, mv) {
      const out = new Float64Array(q2);
      for (let a = 0; a < r; a++) {
        let sa = 0;
        let sb = 0;
        for (let c = 0; c < r; c++) {
          sa += Fa[g]![c * r + a]! * mv[c]!;
          sb += Fb[g]![c * r + a]! * mv[c]!;
        }
        out[a] = sa;
        out[r + a] = sb;
      }
      return out;
    },
    idx: () => idxAll,
    d: (g, m1, m2) => bilinear(Fd[g]!, m1, m2, r),
  };
  return { half, df: coefficientDf(support, contrasts), support };
}

/**
 * estimatr's weighted CR2 (see {@link cr2Naive}) by a low-rank form. The matrix is
 * B_g = I + Z_g K Z_g' with Z_g = [X_u,g, X_w,g] (n_g × 2r) and K = [[T, −M], [−M, 0]]. With the
 * columns of Z_g scaled to unit norm (Z = Z_s D), Γ_s = Z_s'Z_s = V diag(σ) V' (directions with
 * σ ≤ 1e−13·max σ are exact null directions of Z_g and dropped), the orthonormal basis
 * Z_s V σ^(−1/2) of range(Z_g) turns B_g into I + Q S Q' with S = σ^(1/2) V' (D K D) V σ^(1/2) = W Λ W',
 * so B_g^(−1/2) = I + Z_g C Z_g' with C = D⁻¹ V σ^(−1/2) W diag(f(1 + λ) − 1) W' σ^(−1/2) V' D⁻¹
 * (f the inverse square root with estimatr's 1e−12 floor). O(n_g r² + r³) per cluster; tested
 * against {@link cr2Naive}.
 *
 * @param ws - W = w / mean(w) per row (sorted by cluster).
 * @param contrasts - r×r, column j the contrast of coefficient j in this basis (default `m`).
 */
export function cr2WeightedLowRank(
  xu: Float64Array,
  n: number,
  r: number,
  eu: Float64Array,
  ws: Float64Array,
  starts: Int32Array,
  m: Float64Array,
  wm: number,
  contrasts: Float64Array = m,
): Cr2Parts {
  const J = starts.length - 1;
  const q = 2 * r;
  // T = M X_w'X_w M.
  const XtX = new Float64Array(r * r);
  for (let a = 0; a < r; a++)
    for (let b = a; b < r; b++) {
      let acc = 0;
      const oa = a * n;
      const ob = b * n;
      for (let i = 0; i < n; i++) acc += ws[i]! * ws[i]! * xu[oa + i]! * xu[ob + i]!;
      XtX[b * r + a] = acc;
      XtX[a * r + b] = acc;
    }
  const T = matMul(matMul(m, XtX, r, r, r), m, r, r, r);
  const K = weightedK(T, m, r);
  const half = new Float64Array(J * r);
  const Fa: Float64Array[] = [];
  const Fb: Float64Array[] = [];
  const Fd: Float64Array[] = [];
  for (let g = 0; g < J; g++) {
    const s0 = starts[g]!;
    const s1 = starts[g + 1]!;
    // Γ = Z'Z and s = Z'e over the cluster's rows, Z = [x, w·x].
    const G = new Float64Array(q * q);
    const se = new Float64Array(q);
    for (let a = 0; a < r; a++) {
      const oa = a * n;
      let e1 = 0;
      let e2 = 0;
      for (let i = s0; i < s1; i++) {
        const v = xu[oa + i]! * eu[i]!;
        e1 += v;
        e2 += ws[i]! * v;
      }
      se[a] = e1;
      se[r + a] = e2;
      for (let b = a; b < r; b++) {
        const ob = b * n;
        let g11 = 0;
        let g12 = 0;
        let g22 = 0;
        for (let i = s0; i < s1; i++) {
          const v = xu[oa + i]! * xu[ob + i]!;
          const wi = ws[i]!;
          g11 += v;
          g12 += wi * v;
          g22 += wi * wi * v;
        }
        G[b * q + a] = g11;
        G[a * q + b] = g11;
        G[(r + b) * q + r + a] = g22;
        G[(r + a) * q + r + b] = g22;
        G[(r + b) * q + a] = g12; // x_a · (w x_b)
        G[(r + a) * q + b] = g12;
        G[b * q + r + a] = g12;
        G[a * q + r + b] = g12;
      }
    }
    // Column scaling D, scaled Gram, its eigenbasis.
    const D = new Float64Array(q);
    for (let a = 0; a < q; a++) D[a] = G[a * q + a]! > 0 ? Math.sqrt(G[a * q + a]!) : 1;
    const Gs = new Float64Array(q * q);
    const Ks = new Float64Array(q * q);
    for (let b = 0; b < q; b++)
      for (let a = 0; a < q; a++) {
        Gs[b * q + a] = G[b * q + a]! / (D[a]! * D[b]!);
        Ks[b * q + a] = K[b * q + a]! * D[a]! * D[b]!;
      }
    const eg = symEigen(Gs, q);
    let smax = 0;
    for (const v of eg.values) smax = Math.max(smax, v);
    const keep: number[] = [];
    for (let k = 0; k < q; k++) if (eg.values[k]! > 1e-13 * smax) keep.push(k);
    const sdim = keep.length;
    // U = V_p σ_p^(−1/2) (q × s); S = U' (σ-scaled) … = σ^(1/2) V' Ks V σ^(1/2).
    const Vs = new Float64Array(q * sdim);
    const Vh = new Float64Array(q * sdim);
    keep.forEach((k, c) => {
      const sg = eg.values[k]!;
      for (let a = 0; a < q; a++) {
        Vs[c * q + a] = eg.vectors[k * q + a]! * Math.sqrt(sg);
        Vh[c * q + a] = eg.vectors[k * q + a]! / Math.sqrt(sg);
      }
    });
    const S = matMulTN(Vs, matMul(Ks, Vs, q, q, sdim), q, sdim, sdim);
    const es = symEigen(S, sdim);
    const VhW = matMul(Vh, es.vectors, q, sdim, sdim);
    const Cs = new Float64Array(q * q);
    for (let k = 0; k < sdim; k++) {
      const ps = fInvSqrt(1 + es.values[k]!) - 1;
      if (ps === 0) continue;
      for (let b = 0; b < q; b++) {
        const v = VhW[k * q + b]! * ps;
        for (let a = 0; a < q; a++) Cs[b * q + a] += VhW[k * q + a]! * v;
      }
    }
    const C = new Float64Array(q * q);
    for (let b = 0; b < q; b++) for (let a = 0; a < q; a++) C[b * q + a] = Cs[b * q + a]! / (D[a]! * D[b]!);
    // B = E_w + C Γ[:, r:2r] (q × r); A X_w = Z B; half row = B' s.
    const B = correctionB(C, G, q, r, r);
    scoreRow(B, se, q, r, half, g);
    const GB = matMul(G, B, q, q, r);
    const fa = new Float64Array(r * r);
    const fb = new Float64Array(r * r);
    for (let c = 0; c < r; c++)
      for (let a = 0; a < r; a++) {
        fa[c * r + a] = GB[c * q + a]! / wm;
        fb[c * r + a] = GB[c * q + r + a]! / wm;
      }
    const fd = matMulTN(B, GB, q, r, r);
    for (let k = 0; k < r * r; k++) fd[k] = fd[k]! / (wm * wm);
    Fa.push(fa);
    Fb.push(fb);
    Fd.push(fd);
  }
  return weightedParts(half, Fa, Fb, Fd, T, m, r, J, contrasts);
}

/** K = [[T, −M], [−M, 0]] (2r × 2r, column-major), the fixed quadratic form of the weighted CR2. */
function weightedK(T: Float64Array, m: Float64Array, r: number): Float64Array {
  const q2 = 2 * r;
  const K = new Float64Array(q2 * q2);
  for (let b = 0; b < r; b++)
    for (let a = 0; a < r; a++) {
      K[b * q2 + a] = T[b * r + a]!;
      K[(r + b) * q2 + a] = -m[b * r + a]!;
      K[b * q2 + r + a] = -m[b * r + a]!;
    }
  return K;
}

/**
 * B = E + C Γ E (q×r, column-major) for a cluster's q×q C and Gram Γ, where E is the q×r block
 * of the identity starting at column `off` (0 for the unweighted form: the X columns of Z;
 * r for the weighted form: the W·X columns).
 */
function correctionB(C: Float64Array, G: Float64Array, q: number, r: number, off: number): Float64Array {
  const B = new Float64Array(q * r);
  for (let c = 0; c < r; c++) {
    const oc = (off + c) * q;
    for (let a = 0; a < q; a++) {
      let acc = a === off + c ? 1 : 0;
      for (let k = 0; k < q; k++) acc += C[k * q + a]! * G[oc + k]!;
      B[c * q + a] = acc;
    }
  }
  return B;
}

/** Row g of the cluster scores: half[g, c] = (B' s)_c for a cluster's q×r B and q-vector s. */
function scoreRow(B: Float64Array, s: Float64Array, q: number, r: number, half: Float64Array, g: number): void {
  for (let c = 0; c < r; c++) {
    let acc = 0;
    for (let a = 0; a < q; a++) acc += B[c * q + a]! * s[a]!;
    half[g * r + c] = acc;
  }
}

/** m₂' D m₁ for an r×r column-major D. */
function bilinear(D: Float64Array, m1: Float64Array, m2: Float64Array, r: number): number {
  let acc = 0;
  for (let b = 0; b < r; b++) {
    let t = 0;
    for (let a = 0; a < r; a++) t += D[b * r + a]! * m1[a]!;
    acc += t * m2[b]!;
  }
  return acc;
}

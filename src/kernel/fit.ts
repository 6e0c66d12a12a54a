/**
 * The least-squares kernel: `y ~ X [+ absorbed fixed effects]`, weighted or not, clustered or not,
 * with any SE type of the registry, on arrays only (estimatr's `lm_robust_fit`). The pivoted QR
 * decides the rank (Eigen's rule plus R's relative tolerance), the coefficients come from Q'y, and
 * {@link variance} gives the variance, its df and what the Wald tests need; R² and the F test of all
 * terms but the intercept complete the fit. A factor of many levels kept as codes is fitted as a
 * block of sparse dummies when that form applies (factor-block.ts). Two-stage least squares is the
 * same kernel on the projected regressors with the structural residuals (`structural`).
 */
import { pf } from "../math/distributions.js";
import { applyQt, clusterTsqr, colPivQr, invUpper, leadingR, tsqr } from "../math/linalg.js";
import { factorsByCluster, feDummies, fitDesign, permuteVec } from "./absorb.js";
import { pivotedBasis, unpivotedBasis } from "./cluster-basis.js";
import { materialize, qRows, ROW_BLOCK } from "./design-rows.js";
import { EnsayoError } from "../errors.js";
import { fitFactorBlock, materializeFactor } from "./factor-block.js";
import type { FTest, KernelFit, KernelInput } from "./types.js";
import { sandwich, termVcov } from "./sandwich.js";
import { variance, type BreadPieces } from "./variance.js";
import { waldQuadratic } from "./wald.js";

/**
 * Relative tolerance of the rank decision: a pivot whose residual is under 1e-7 of its column's
 * norm is aliased (R's `lm` and estimatr 2.0 rule).
 */
export const RANK_TOL = 1e-7;

/**
 * Fit `input` by least squares with its SE type (see the module comment).
 *
 * @throws EnsayoError (without a function name: the public boundary adds it, `internal/boundary.ts`) `NOT_ESTIMABLE` when no term
 *   is left or every regressor is zero or collinear.
 * @example
 * ```ts
 * const y = Float64Array.of(3.1, 2.4, 5.0, 4.2, 6.3, 5.9, 7.7, 6.1, 4.4, 8.0);
 * const z = Float64Array.of(0, 0, 0, 0, 0, 0, 0, 1, 1, 1);
 * const fit = fitLeastSquares({ y, n: 10, cols: [new Float64Array(10).fill(1), z], intercept: true, seType: "HC2" });
 * fit.estimate[1]; // 1.22381
 * Math.sqrt(fit.vcov[1]![1]!); // 1.255311
 * fit.df[1]; // 8
 * ```
 */
export function fitLeastSquares(input: KernelInput): KernelFit {
  if (input.factor) {
    const block = fitFactorBlock(input, RANK_TOL);
    if (block) return block;
  }
  const inp = materializeFactor(input);
  const { n, seType } = inp;
  const d = fitDesign(inp);
  const { p, feRank, order, starts, wRaw, wm, xs, ys } = d;
  const x = d.structural?.cols ?? d.cols;
  const xe = d.structural?.xs ?? xs;
  const y = d.y;
  const J = d.J;
  const clustered = inp.clusters !== undefined;

  // Pivoted QR (Eigen's rule) of the small R of a tall-skinny QR: same pivots and rank as a
  // pivoted QR of X itself, with the n-sized work done block by block in cache.
  // A column counts as aliased below Eigen's threshold or when its residual is under 1e-7 of its
  // own norm (R's lm and estimatr 2.0 rule): blocked QR rounding must not hide exact collinearity.
  // Unweighted clustered fits with clusters of some size factor cluster by cluster (one TSQR leaf per
  // cluster): the per-cluster factors then give the CR2/CR0 pieces without forming the rows of Q.
  const cq = clustered && !wRaw && factorsByCluster(n, p, J) ? clusterTsqr(xs, p, starts!, ys) : null;
  const ts = cq ?? tsqr(xs, n, p, 1024, ys);
  const qr = colPivQr(ts.R, p, p, RANK_TOL);
  const r = qr.rank;
  if (r === 0) throw new EnsayoError("NOT_ESTIMABLE", "every regressor is zero or collinear", { hint: "Check the design columns" });
  const Rinv = invUpper(leadingR(qr, r), r);
  // γ = Q'y from the Householder reflections (Q₁'y from the tall-skinny pass, then the small
  // pivoted QR's reflections), so β = R⁻¹γ is the backward-stable least-squares solution.
  const eff = Float64Array.from(ts.qty);
  applyQt(qr, eff);
  const gamma = eff.subarray(0, r);
  const betaPiv = new Float64Array(r);
  for (let i = 0; i < r; i++) {
    let acc = 0;
    for (let j = i; j < r; j++) acc += Rinv[j * r + i]! * gamma[j]!;
    betaPiv[i] = acc;
  }
  // Residuals e = y − X_p β (one pass; the structural regressors for 2SLS); the rows of
  // Q = X_p R⁻¹ are made block by block when needed (never stored).
  const e = residuals(xe, ys, n, r, qr.perm, betaPiv);
  const Q = qRows(xs, n, r, Rinv, qr.perm);
  // Full rank: the cheaper basis of the unpivoted R (see unpivotedBasis); otherwise that of the pivoted QR.
  const basis = cq ? (r === p ? unpivotedBasis(xs, n, p, invUpper(cq.R, p), cq) : pivotedBasis(xs, n, p, r, Rinv, qr.perm, cq)) : null;
  const beta = new Float64Array(p).fill(NaN);
  for (let k = 0; k < r; k++) beta[qr.perm[k]!] = betaPiv[k]!;
  const kept: number[] = [];
  const aliased: number[] = [];
  for (let j = 0; j < p; j++) (Number.isNaN(beta[j]!) ? aliased : kept).push(j);
  const posOf = new Int32Array(p).fill(-1);
  for (let k = 0; k < r; k++) posOf[qr.perm[k]!] = k;
  let rss = 0;
  for (let i = 0; i < n; i++) rss += e[i]! * e[i]!;
  const totalRank = r + feRank;
  const dfRes = n - totalRank;
  const I = new Float64Array(r * r);
  for (let k = 0; k < r; k++) I[k * r + k] = 1;
  const Mpiv = sandwich(Rinv, I, r, true);

  const pieces: BreadPieces = {
    n,
    r,
    totalRank,
    J,
    Rinv,
    perm: qr.perm,
    Q,
    basis,
    e,
    rss,
    Mpiv,
    starts,
    design: d,
    feDummies: () => feDummies(d, n),
    weightedCr2: wRaw
      ? () => ({
          // estimatr's weighted CR2, in the basis X_u R⁻¹ (where M = I)
          xu: materialize(qRows(d.cols, n, r, Rinv, qr.perm)),
          ws: Float64Array.from(wRaw, (v) => v / wm),
          eu: residuals(x, y, n, r, qr.perm, betaPiv),
          wm,
        })
      : undefined,
  };
  const v = variance(seType, pieces, inp.cr2Mode ?? "df");

  // Back to the kept columns in their original order.
  const pk = kept.map((j) => posOf[j]!);
  const toKept = (W: Float64Array) => {
    const out = new Float64Array(r * r);
    for (let a = 0; a < r; a++) for (let b = 0; b < r; b++) out[b * r + a] = W[pk[b]! * r + pk[a]!]!;
    return out;
  };
  const V = v.Vp ? toKept(v.Vp) : null;
  const df = new Float64Array(p).fill(NaN);
  kept.forEach((j, a) => (df[j] = v.dfPiv[pk[a]!]!));
  let yss = 0;
  for (let i = 0; i < n; i++) yss += ys[i]! * ys[i]!;

  // R², adjusted R², F.
  const hasInt = inp.intercept ? 1 : 0;
  let wrss = rss;
  if (wRaw) {
    wrss = 0;
    for (let i = 0; i < n; i++) wrss += e[i]! * e[i]!;
    wrss *= wm; // Σ w e² in raw-weight units when weighted (estimatr's res_var · df)
  }
  const yForR2 = inp.fe ? (order ? permuteVec(inp.y, order) : inp.y) : y;
  const r2 = 1 - wrss / totalSS(yForR2, wRaw, hasInt === 1);
  const adjR2 = 1 - (1 - r2) * ((n - hasInt) / dfRes);
  const fStatistic = V && seType !== "none" && !inp.fe ? fTest(inp.structural ? "kept" : "leading", beta, kept, V, r, hasInt, seType === "classical", r2, clustered ? J - 1 : dfRes, dfRes) : undefined;
  const s2 = rss / dfRes;
  const htz = v.htz;
  return {
    n,
    firstTerm: d.firstTerm,
    p,
    rank: r,
    dfResidual: dfRes,
    nClusters: J,
    estimate: beta,
    kept,
    aliased,
    vcov: termVcov(p, kept, V, r),
    df,
    badLeverage: order ? v.badLeverage.map((i) => order[i]!) : v.badLeverage,
    perfectFit: rss <= 1e-20 * yss,
    r2,
    adjR2,
    ...(fStatistic ? { fStatistic } : {}),
    classicalVcov: () => toKept(Mpiv.map((w) => w * s2)),
    ...(htz
      ? {
          htz: {
            support: htz.support,
            contrast: (term: number) => {
              const a = kept.indexOf(term);
              if (a < 0) throw new EnsayoError("INVALID_OPTION", `term ${term + 1} is aliased`);
              return htz.contrasts.slice(pk[a]! * r, pk[a]! * r + r);
            },
          },
        }
      : {}),
  };
}

/**
 * The F test of all terms but the intercept. OLS (`"leading"`): the classical F from R² with the
 * classical variance, else the Wald F of coefficient positions intercept+1..rank of the full vector
 * (estimatr takes those positions, aliased included). 2SLS (`"kept"`): the Wald F of the kept terms.
 */
function fTest(
  terms: "leading" | "kept",
  beta: Float64Array,
  kept: readonly number[],
  V: Float64Array,
  r: number,
  hasInt: number,
  classical: boolean,
  r2: number,
  dendf: number,
  dfRes: number,
): FTest | undefined {
  const nomdf = r - hasInt;
  if (!(nomdf > 0)) return undefined;
  let value: number;
  if (terms === "kept") {
    const idx: number[] = [];
    for (let a = hasInt; a < r; a++) idx.push(a);
    value = waldQuadratic(idx.map((a) => beta[kept[a]!]!), idx.map((a) => idx.map((b) => V[b * r + a]!))) / nomdf;
  } else if (classical) value = classicalF(r2, dfRes, nomdf);
  else {
    const idxFull: number[] = [];
    for (let j = hasInt; j < r; j++) idxFull.push(j);
    const idxKept = idxFull.map((_, t) => t + hasInt);
    const b = idxFull.map((j) => beta[j]!);
    value = waldQuadratic(b, idxKept.map((a) => idxKept.map((c) => V[c * r + a]!))) / nomdf;
  }
  return { value, df1: nomdf, df2: dendf, pValue: Number.isNaN(value) ? NaN : pf(value, nomdf, dendf, false) };
}

/** The classical F of all terms but the intercept from R²: (R²/q) / ((1 − R²)/df). */
export function classicalF(r2: number, dfResidual: number, q: number): number {
  return (r2 * dfResidual) / ((1 - r2) * q);
}

/** Σ w (y − ȳ_w)² (centred when there is an intercept). */
function totalSS(y: Float64Array, w: Float64Array | undefined, hasInt: boolean): number {

  const n = y.length;
  if (!w) {
    if (!hasInt) {
      let s = 0;
      for (let i = 0; i < n; i++) s += y[i]! * y[i]!;
      return s;
    }
    let mean = 0;
    for (let i = 0; i < n; i++) mean += y[i]!;
    mean /= n;
    let s = 0;
    for (let i = 0; i < n; i++) s += (y[i]! - mean) ** 2;
    return s;
  }
  let sw = 0;
  let swy = 0;
  for (let i = 0; i < n; i++) {
    sw += w[i]!;
    swy += w[i]! * y[i]!;
  }
  const mean = hasInt ? swy / sw : 0;
  let s = 0;
  for (let i = 0; i < n; i++) s += w[i]! * (y[i]! - mean) ** 2;
  return s;
}

// Kernels: the n-sized loops live in small functions so V8 optimizes them (a very large
// function can stay unoptimized, and its loops with it).

/** e = y − X_p β over the first r pivoted columns. */
function residuals(xs: readonly Float64Array[], ys: Float64Array, n: number, r: number, perm: Int32Array, beta: Float64Array): Float64Array {
  const e = Float64Array.from(ys);
  for (let i0 = 0; i0 < n; i0 += ROW_BLOCK) {
    const i1 = Math.min(n, i0 + ROW_BLOCK);
    for (let k = 0; k < r; k++) {
      const b = beta[k]!;
      const xk = xs[perm[k]!]!;
      for (let i = i0; i < i1; i++) e[i] -= xk[i]! * b;
    }
  }
  return e;
}

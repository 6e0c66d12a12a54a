/**
 * The design as the QR and the variance code see it: fixed effects absorbed (the intercept dropped,
 * X and y demeaned within the groups), rows in cluster order (estimatr sorts by cluster before
 * computing variances), weights √(w / mean w) applied; and the fixed effects' own pieces (their
 * leverage and rank, their dummies for CR2). Arrays only.
 */
import { pinvPsd, symEigen } from "../math/linalg.js";
import { EnsayoError } from "../errors.js";
import type { KernelInput } from "./types.js";
import { clusterOrder, sqrtMeanWeights } from "./sandwich.js";
import type { FeDummies } from "./vcov-cr2.js";

/** Mean rows per cluster from which a clustered fit factors cluster by cluster (see fitLm; measured break-even). */
const CLUSTER_LEAF_MIN_ROWS = 16;

/**
 * Whether an unweighted clustered fit of n rows, p columns and J clusters factors cluster by cluster
 * (`clusterTsqr`): each leaf costs O(p²) besides its rows, so with small clusters (fewer than 16 rows
 * on average, or than p/2) the plain TSQR and the rows of Q are faster. fitLm and repeatedWald decide
 * alike, so they factor the same R (and make the same rank decisions).
 */
export function factorsByCluster(n: number, p: number, J: number): boolean {
  return n >= CLUSTER_LEAF_MIN_ROWS * J && 2 * n >= p * J;
}

/**
 * A fit's design as its QR and variance code see it: the intercept dropped and X and y demeaned
 * within the fixed effects, rows in cluster order (estimatr sorts by cluster before computing
 * variances), and with weights √(w / mean w) applied (`xs`, `ys`; `cols`, `y` unweighted).
 * Shared by {@link fitLm} and `repeatedWald`, which must see the same design.
 */
export interface FitDesign {
  readonly p: number;
  /** Position of the first estimated term among the input's columns (1 when fixed effects drop the intercept). */
  readonly firstTerm: number;
  /** X, unweighted (p columns of length n). */
  readonly cols: Float64Array[];
  readonly y: Float64Array;
  /** X and y with √(w / mean w) applied (the same arrays when unweighted). */
  readonly xs: Float64Array[];
  readonly ys: Float64Array;
  readonly feRank: number;
  readonly feD: { readonly codes: readonly Int32Array[]; readonly offsets: readonly number[]; readonly L: number } | undefined;
  /** `order[k]` = row at sorted position k, or undefined when the rows already are in cluster order. */
  readonly order: Int32Array | undefined;
  /** J + 1 cluster boundaries (clustered fits). */
  readonly starts: Int32Array | undefined;
  readonly J: number;
  readonly wRaw: Float64Array | undefined;
  readonly wm: number;
  readonly sw: Float64Array | undefined;
  /** Two-stage least squares: the structural regressors as `cols` and `xs` hold the projected ones. */
  readonly structural?: { readonly cols: Float64Array[]; readonly xs: Float64Array[] } | undefined;
}

/** See {@link FitDesign}. @throws EnsayoError `NOT_ESTIMABLE` when no term is left. */
export function fitDesign(inp: KernelInput): FitDesign {
  const n = inp.n;
  // The design as column views: no copy unless fixed effects, clusters or weights change it.
  let p = inp.cols.length;
  let cols: Float64Array[] = [...inp.cols];
  let y = inp.y;
  let feRank = 0;
  let feD: FitDesign["feD"];
  // Fixed effects: drop the intercept, demean y and X within the FE groups.
  if (inp.fe) {
    const start = inp.intercept ? 1 : 0;
    p = inp.cols.length - start;
    cols = inp.ownsColumns ? cols.slice(start) : cols.slice(start).map((c) => Float64Array.from(c));
    y = Float64Array.from(inp.y);
    demean([y], n, inp.fe.codes, inp.fe.nLevels, inp.weights);
    demean(cols, n, inp.fe.codes, inp.fe.nLevels, inp.weights);
    feRank = inp.fe.nLevels.reduce((a, l) => a + (l - 1), 0) + 1;
    const offsets: number[] = [];
    let L = 0;
    for (const l of inp.fe.nLevels) {
      offsets.push(L);
      L += l;
    }
    feD = { codes: inp.fe.codes, offsets, L };
  }
  if (p === 0) throw new EnsayoError("NOT_ESTIMABLE", "the model has no terms to estimate", { hint: "Add a regressor to the formula" });
  // Cluster order (stable by code), as estimatr sorts by cluster before computing variances.
  let order: Int32Array | undefined;
  let starts: Int32Array | undefined;
  const J = inp.nClusters ?? 1;
  if (inp.clusters !== undefined) {
    ({ order, starts } = clusterOrder(inp.clusters, n, J));
    if (isIdentity(order)) order = undefined; // already in cluster order (e.g. the balance regressions)
    else {
      cols = cols.map((c) => permuteVec(c, order!));
      y = permuteVec(y, order);
    }
  }
  const wRaw = inp.weights ? (order ? permuteVec(inp.weights, order) : inp.weights) : undefined;
  let wm = 1;
  let sw: Float64Array | undefined;
  let xs = cols;
  let ys = y;
  if (wRaw) {
    ({ mean: wm, sw } = sqrtMeanWeights(wRaw, n));
    xs = cols.map((c) => scaleVec(c, sw!));
    ys = scaleVec(y, sw);
  }
  let structural: FitDesign["structural"];
  if (inp.structural) {
    let sc: Float64Array[] = inp.structural.slice(inp.fe && inp.intercept ? 1 : 0).map((c) => Float64Array.from(c));
    if (inp.fe) demean(sc, n, inp.fe.codes, inp.fe.nLevels, inp.weights);
    if (order) sc = sc.map((c) => permuteVec(c, order!));
    structural = { cols: sc, xs: sw ? sc.map((c) => scaleVec(c, sw!)) : sc };
  }
  return { structural, p, firstTerm: inp.fe && inp.intercept ? 1 : 0, cols, y, xs, ys, feRank, feD, order, starts, J, wRaw, wm, sw };
}

/**
 * The absorbed fixed effects as the CR2 code takes them: each factor's codes in the fit's row order,
 * offset so the levels of all factors are 0..L−1, and (D'D)⁺ (unweighted).
 */
export function feDummies(d: FitDesign, n: number): FeDummies | undefined {
  const feD = d.feD;
  if (!feD) return undefined;
  const codes = feD.codes.map((c, f) => {
    const sorted = d.order ? permuteInt(c, d.order) : Int32Array.from(c);
    const off = feD.offsets[f]!;
    for (let i = 0; i < n; i++) sorted[i] += off;
    return sorted;
  });
  return { codes, nLevels: feD.L, mD: feGramPinv(codes, feD.L, n, undefined) };
}


/** `x` times `s` elementwise. */
export function scaleVec(x: Float64Array, s: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i]! * s[i]!;
  return out;
}


/**
 * Demean each column (length n) in place within the groups of one or more factors, with weights
 * (none: unit weights): exact in one pass for one factor; alternating projections to 1e-14 for several.
 */
export function demean(cols: readonly Float64Array[], n: number, codes: readonly Int32Array[], nLevels: readonly number[], weights?: Float64Array): void {
  if (!weights && codes.length === 1) {
    demeanOne(cols, n, codes[0]!, nLevels[0]!);
    return;
  }
  const w = weights ?? new Float64Array(n).fill(1);
  const gw = nLevels.map((L, f) => {
    const s = new Float64Array(L);
    const c = codes[f]!;
    for (let i = 0; i < n; i++) s[c[i]!] += w[i]!;
    return s;
  });
  for (const col of cols) {
    for (let iter = 0; iter < 100000; iter++) {
      let delta = 0;
      let norm = 0;
      for (let f = 0; f < codes.length; f++) {
        const c = codes[f]!;
        const sums = new Float64Array(nLevels[f]!);
        for (let i = 0; i < n; i++) sums[c[i]!] += w[i]! * col[i]!;
        const g = gw[f]!;
        for (let l = 0; l < sums.length; l++) sums[l] = sums[l]! / g[l]!;
        for (let i = 0; i < n; i++) col[i] = col[i]! - sums[c[i]!]!;
        for (let l = 0; l < sums.length; l++) delta += sums[l]! * sums[l]! * g[l]!;
      }
      if (codes.length === 1) break;
      for (let i = 0; i < n; i++) norm += col[i]! * col[i]!;
      if (Math.sqrt(delta) <= 1e-14 * Math.sqrt(1 + norm)) break;
    }
  }
}

/** {@link demean} for one factor and unit weights: subtract each level's mean (one pass to sum, one to subtract). */
function demeanOne(cols: readonly Float64Array[], n: number, c: Int32Array, L: number): void {
  const count = new Float64Array(L);
  for (let i = 0; i < n; i++) count[c[i]!]++;
  const sums = new Float64Array(L);
  for (const col of cols) {
    sums.fill(0);
    for (let i = 0; i < n; i++) sums[c[i]!] += col[i]!;
    for (let l = 0; l < L; l++) sums[l] = sums[l]! / count[l]!;
    for (let i = 0; i < n; i++) col[i] = col[i]! - sums[c[i]!]!;
  }
}

/** Leverage of the (weighted) fixed-effect dummies, diag(P_D), and the rank of D. */
export function feLeverage(fe: { readonly codes: readonly Int32Array[]; readonly offsets: readonly number[]; readonly L: number }, n: number, sw: Float64Array | undefined): { h: Float64Array; rank: number } {
  const h = new Float64Array(n);
  if (fe.codes.length === 1) {
    const c = fe.codes[0]!;
    const tot = new Float64Array(fe.L);
    for (let i = 0; i < n; i++) tot[c[i]!] += sw ? sw[i]! * sw[i]! : 1;
    for (let i = 0; i < n; i++) h[i] = (sw ? sw[i]! * sw[i]! : 1) / tot[c[i]!]!;
    return { h, rank: fe.L };
  }
  const codes = fe.codes.map((c, f) => {
    const o = fe.offsets[f]!;
    return c.map((v) => v + o);
  });
  const { pinv, rank } = feGram(codes, fe.L, n, sw);
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (const ca of codes) for (const cb of codes) acc += pinv[cb[i]! * fe.L + ca[i]!]!;
    h[i] = acc * (sw ? sw[i]! * sw[i]! : 1);
  }
  return { h, rank };
}

function feGram(codes: readonly Int32Array[], L: number, n: number, sw: Float64Array | undefined): { pinv: Float64Array; rank: number } {
  const G = new Float64Array(L * L);
  for (let i = 0; i < n; i++) {
    const w = sw ? sw[i]! * sw[i]! : 1;
    for (const ca of codes) for (const cb of codes) G[cb[i]! * L + ca[i]!] += w;
  }
  const { values } = symEigen(G, L);
  let max = 0;
  for (const v of values) max = Math.max(max, Math.abs(v));
  let rank = 0;
  for (const v of values) if (v > 1e-10 * max) rank++;
  return { pinv: pinvPsd(G, L, 1e-10), rank };
}

function feGramPinv(codes: readonly Int32Array[], L: number, n: number, sw: Float64Array | undefined): Float64Array {
  if (codes.length === 1) {
    const G = new Float64Array(L * L);
    const c = codes[0]!;
    for (let i = 0; i < n; i++) G[c[i]! * L + c[i]!] += sw ? sw[i]! * sw[i]! : 1;
    for (let l = 0; l < L; l++) G[l * L + l] = 1 / G[l * L + l]!;
    return G;
  }
  return feGram(codes, L, n, sw).pinv;
}

export function isIdentity(order: Int32Array): boolean {
  for (let i = 0; i < order.length; i++) if (order[i] !== i) return false;
  return true;
}

export function permuteVec(v: Float64Array, order: Int32Array): Float64Array {
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[order[i]!]!;
  return out;
}

function permuteInt(v: Int32Array, order: Int32Array): Int32Array {
  const out = new Int32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[order[i]!]!;
  return out;
}

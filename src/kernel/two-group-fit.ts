/**
 * Closed-form fit of `x ~ t` (an intercept and one 0/1 regressor) with estimatr's
 * variance estimators, used by `balanceTable` for the per-covariate regressions
 * (with block fixed effects: {@link fitTwoGroupFe}) and by `differenceInMeans` for
 * clustered designs.
 *
 * Why a dedicated path: a balance table runs one regression per covariate; with
 * CR2 the generic fit needs one (I − H_gg)^(−1/2) per cluster, which is the
 * bottleneck on large data. For X = [1, t] everything is explicit.
 *
 * Derivation (n1 treated, n0 control; residuals e_i = x_i − mean of the unit's arm):
 * - (X'X)^(−1) = [[1/n0, −1/n0], [−1/n0, 1/n1 + 1/n0]], so H_ij = 1/n1 when i, j are both
 *   treated, 1/n0 when both control, 0 otherwise; the coefficient on t is the
 *   difference in means.
 * - In cluster g with a_g treated and b_g control units, H_gg has eigenvalues a_g/n1
 *   (on the treated units' indicator) and b_g/n0 (on the control units'), so
 *   A_g = (I − H_gg)^(−1/2) scales the treated residual sum S_Tg by
 *   f_Tg = (1 − a_g/n1)^(−1/2) and the control sum S_Cg by f_Cg = (1 − b_g/n0)^(−1/2)
 *   (0 when the eigenvalue of I − H_gg is ≤ 1e−12, estimatr's pseudo-inverse rule).
 * - CR2: Var(β_t) = Σ_g (f_Tg S_Tg / n1 − f_Cg S_Cg / n0)².
 * - CR2 df (Bell–McCaffrey, as estimatr): ν = (tr P)² / Σ_gh P_gh², P = D − αα' − ββ'
 *   with d_g = f_Tg² a_g / n1² + f_Cg² b_g / n0², α_g = f_Tg a_g / n1^(3/2),
 *   β_g = f_Cg b_g / n0^(3/2). Both sums are O(G).
 * - HC0/HC1/HC2/HC3 are the single-unit-cluster case with ω_i = 1, n/(n−2),
 *   1/(1 − h_i), 1/(1 − h_i)² and h_i = 1/n_arm; classical is s²(1/n1 + 1/n0);
 *   CR0 is CR2 with f = 1; `stata` is CR0 · J(n−1)/((J−1)(n−2)).
 * - df: n − 2 without clusters; J − 1 for CR0 and stata; ν for CR2.
 *
 * `test/balance/two-group-fit.test.ts` and `two-group-fe.test.ts` prove both fits equal to
 * `lmRobust` to 1e−10.
 */
import { SE_TYPES, seScale, type SeName as SeType, type SeTypeSpec } from "./se-types.js";

/** The registry's declaration of `se` as a fit with (or without) clusters uses it (stata without clusters is HC1). */
function declared(se: SeType, clustered: boolean): { name: SeType; spec: SeTypeSpec } {
  const spec = SE_TYPES[se];
  const name = !clustered && spec.withoutClusters ? spec.withoutClusters : se;
  return { name, spec: SE_TYPES[name] };
}

/** What the closed-form fit returns for the coefficient on `t`, plus the per-arm moments. */
export interface TwoGroupFit {
  readonly estimate: number;
  readonly stdError: number;
  readonly df: number;
  readonly nObs: number;
  readonly nClusters: number;
  /** Observed units, means, sums of squared deviations and missing counts: treated (1) and control (0). */
  readonly n1: number;
  readonly n0: number;
  readonly mean1: number;
  readonly mean0: number;
  readonly ss1: number;
  readonly ss0: number;
  readonly missing1: number;
  readonly missing0: number;
}

/**
 * Fit `x ~ t` on the rows with `arm[i]` 1 (treated) or 0 (control) and `x[i]` observed;
 * rows with `arm[i] = −1` are not in the sample, and a missing `x` (NaN) is counted per arm.
 * Two passes over the data.
 *
 * @param x - the covariate, NaN where missing.
 * @param arm - 1 treated, 0 control, −1 left out.
 * @param clusters - cluster codes 0..nCodes−1 for every row, or null.
 * @param nCodes - number of cluster codes.
 */
export function fitTwoGroup(
  x: Float64Array,
  arm: Int8Array,
  seType: SeType,
  clusters: Int32Array | null,
  nCodes: number,
): TwoGroupFit {
  const n = x.length;
  let n1 = 0;
  let n0 = 0;
  let s1 = 0;
  let s0 = 0;
  let missing1 = 0;
  let missing0 = 0;
  for (let i = 0; i < n; i++) {
    const a = arm[i]!;
    if (a < 0) continue;
    const v = x[i]!;
    if (v !== v) {
      if (a === 1) missing1++;
      else missing0++;
    } else if (a === 1) {
      n1++;
      s1 += v;
    } else {
      n0++;
      s0 += v;
    }
  }
  const nObs = n1 + n0;
  const m1 = s1 / n1;
  const m0 = s0 / n0;
  const estimate = m1 - m0;
  const moments = { n1, n0, mean1: m1, mean0: m0, missing1, missing0 };
  let ss1 = 0;
  let ss0 = 0;
  if (clusters === null) {
    for (let i = 0; i < n; i++) {
      const a = arm[i]!;
      const v = x[i]!;
      if (a < 0 || v !== v) continue;
      if (a === 1) {
        const e = v - m1;
        ss1 += e * e;
      } else {
        const e = v - m0;
        ss0 += e * e;
      }
    }
    const df = nObs - 2;
    // the meat the registry declares, in closed form (h = 1/n_arm): ω = e²·scale, e²/(1 − h), e²/(1 − h)²
    const { name, spec } = declared(seType, false);
    let v = NaN;
    if (spec.meat === "homoskedastic") v = ((ss1 + ss0) / df) * (1 / n1 + 1 / n0);
    else if (spec.meat === "heteroskedastic") {
      const power = spec.leveragePower ?? 0;
      if (power === 0) {
        v = ss1 / (n1 * n1) + ss0 / (n0 * n0);
        const f = seScale(name, nObs, 2, nObs);
        if (f !== 1) v *= f;
      } else if (power === 1) v = ss1 / (n1 * (n1 - 1)) + ss0 / (n0 * (n0 - 1));
      else v = ss1 / ((n1 - 1) * (n1 - 1)) + ss0 / ((n0 - 1) * (n0 - 1));
    }
    return { estimate, stdError: Math.sqrt(v), df, nObs, nClusters: nObs, ...moments, ss1, ss0 };
  }
  // clustered: per-cluster counts and residual sums
  const a = new Float64Array(nCodes);
  const b = new Float64Array(nCodes);
  const sT = new Float64Array(nCodes);
  const sC = new Float64Array(nCodes);
  const present = new Uint8Array(nCodes);
  for (let i = 0; i < n; i++) {
    const ai = arm[i]!;
    const v = x[i]!;
    if (ai < 0 || v !== v) continue;
    const g = clusters[i]!;
    present[g] = 1;
    if (ai === 1) {
      const e = v - m1;
      a[g]++;
      sT[g] += e;
      ss1 += e * e;
    } else {
      const e = v - m0;
      b[g]++;
      sC[g] += e;
      ss0 += e * e;
    }
  }
  let J = 0;
  for (let g = 0; g < nCodes; g++) J += present[g]!;
  const spec = SE_TYPES[seType];
  const cr2 = spec.meat === "bell-mccaffrey";
  let v = 0;
  let trD = 0;
  let sumD2 = 0;
  let sumDa2 = 0;
  let sumA2 = 0;
  let sumB2 = 0;
  let sumAB = 0;
  const n1p = n1 * Math.sqrt(n1);
  const n0p = n0 * Math.sqrt(n0);
  for (let g = 0; g < nCodes; g++) {
    if (!present[g]) continue;
    let fT = 1;
    let fC = 1;
    if (cr2) {
      const lt = 1 - a[g]! / n1;
      const lc = 1 - b[g]! / n0;
      fT = lt > 1e-12 ? 1 / Math.sqrt(lt) : 0;
      fC = lc > 1e-12 ? 1 / Math.sqrt(lc) : 0;
    }
    const u = (fT * sT[g]!) / n1 - (fC * sC[g]!) / n0;
    v += u * u;
    if (cr2) {
      const d = (fT * fT * a[g]!) / (n1 * n1) + (fC * fC * b[g]!) / (n0 * n0);
      const al = (fT * a[g]!) / n1p;
      const be = (fC * b[g]!) / n0p;
      trD += d;
      sumD2 += d * d;
      sumDa2 += d * (al * al + be * be);
      sumA2 += al * al;
      sumB2 += be * be;
      sumAB += al * be;
    }
  }
  let df: number;
  if (cr2) {
    const tr = trD - sumA2 - sumB2;
    const fro = sumD2 - 2 * sumDa2 + sumA2 * sumA2 + sumB2 * sumB2 + 2 * sumAB * sumAB;
    df = (tr * tr) / fro;
  } else {
    df = J - 1;
    if (spec.meat !== "cluster") v = NaN;
    else {
      const f = seScale(seType, nObs, 2, J);
      if (f !== 1) v *= f;
    }
  }
  return { estimate, stdError: Math.sqrt(v), df, nObs, nClusters: J, ...moments, ss1, ss0 };
}

/** True when `fitTwoGroup` implements `seType` with (or without) clusters. */
export function twoGroupSupports(seType: SeType, clustered: boolean): boolean {
  const { spec } = declared(seType, clustered);
  if (clustered) return spec.clusters !== "no" && (spec.meat === "cluster" || spec.meat === "bell-mccaffrey");
  return spec.meat === "homoskedastic" || spec.meat === "heteroskedastic";
}

/**
 * Closed-form fit of `x ~ t` with block fixed effects (estimatr's `fixed_effects = ~ block`),
 * for HC0–HC3, classical, and — when every cluster lies in one block — CR0, CR2 and stata.
 * Returns null when clusters cross blocks (the caller then uses `lmRobust`).
 *
 * With t̃ = t − (block mean of t), S = Σ t̃², β̂ = Σ t̃·x / S and residuals
 * e = (x − block mean of x) − β̂·t̃. The hat matrix of [t, block dummies] is
 * H_ij = [same block]/n_b + t̃_i t̃_j / S. Within a cluster of block b with a treated and
 * c control units (t̃ = u and v), H_gg acts on span{e_T/√a, e_C/√c} as the 2×2 matrix
 * U = [[a(1/n_b + u²/S), √(ac)(1/n_b + uv/S)], [·, c(1/n_b + v²/S)]]; A_g = (I − U)^(−1/2)
 * there (eigenvalues ≤ 1e−12 → 0) and the identity elsewhere, so with m = A_g(S_T/√a, S_C/√c)
 * the cluster's score is (u√a·m₁ + v√c·m₂)/S. The CR2 df is (tr P)²/‖P‖²_F with
 * P = D − Σ_b s_b s_b'/n_b − r r'/S, from q_g = A_g t̃_g / S: d_g = ‖q_g‖², s_g = Σ q_g,
 * r_g = t̃'q_g. Residual df n − 1 − B (B blocks in the sample).
 */
export function fitTwoGroupFe(
  x: Float64Array,
  arm: Int8Array,
  blocks: Int32Array,
  nBlocks: number,
  seType: SeType,
  clusters: Int32Array | null,
  nCodes: number,
): { estimate: number; stdError: number; df: number } | null {
  const n = x.length;
  const nb = new Float64Array(nBlocks);
  const tb = new Float64Array(nBlocks);
  const xb = new Float64Array(nBlocks);
  let nObs = 0;
  for (let i = 0; i < n; i++) {
    const a = arm[i]!;
    const v = x[i]!;
    if (a < 0 || v !== v) continue;
    const b = blocks[i]!;
    nb[b]++;
    tb[b] += a;
    xb[b] += v;
    nObs++;
  }
  let B = 0;
  for (let b = 0; b < nBlocks; b++) {
    if (nb[b]! > 0) {
      B++;
      tb[b] /= nb[b]!;
      xb[b] /= nb[b]!;
    }
  }
  let S = 0;
  let Sxy = 0;
  for (let i = 0; i < n; i++) {
    const a = arm[i]!;
    const v = x[i]!;
    if (a < 0 || v !== v) continue;
    const b = blocks[i]!;
    const tt = a - tb[b]!;
    S += tt * tt;
    Sxy += tt * (v - xb[b]!);
  }
  const beta = Sxy / S;
  const dfRes = nObs - 1 - B;
  if (clusters === null) {
    const { name, spec } = declared(seType, false);
    const power = spec.meat === "heteroskedastic" ? (spec.leveragePower ?? 0) : -1;
    const scale = power === 0 ? seScale(name, nObs, nObs - dfRes, nObs) : 1;
    let v = 0;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const a = arm[i]!;
      const xv = x[i]!;
      if (a < 0 || xv !== xv) continue;
      const b = blocks[i]!;
      const tt = a - tb[b]!;
      const e = xv - xb[b]! - beta * tt;
      ss += e * e;
      const h = 1 / nb[b]! + (tt * tt) / S;
      // ω / e² of the registry's heteroskedastic meat: the scale (HC0 1, HC1 n/(n − k)), 1/(1 − h), 1/(1 − h)²
      let w = power === 0 ? scale : power === 1 ? 1 / (1 - h) : power === 2 ? 1 / ((1 - h) * (1 - h)) : NaN;
      if (!Number.isFinite(w)) w = 0;
      v += ((tt * tt) / (S * S)) * w * e * e;
    }
    if (spec.meat === "homoskedastic") v = ss / dfRes / S;
    return { estimate: beta, stdError: Math.sqrt(v), df: dfRes };
  }
  // clusters: each must lie in one block
  const clBlock = new Int32Array(nCodes).fill(-1);
  const ca = new Float64Array(nCodes);
  const cc = new Float64Array(nCodes);
  const sT = new Float64Array(nCodes);
  const sC = new Float64Array(nCodes);
  for (let i = 0; i < n; i++) {
    const a = arm[i]!;
    const xv = x[i]!;
    if (a < 0 || xv !== xv) continue;
    const g = clusters[i]!;
    const b = blocks[i]!;
    if (clBlock[g] === -1) clBlock[g] = b;
    else if (clBlock[g] !== b) return null;
    const e = xv - xb[b]! - beta * (a - tb[b]!);
    if (a === 1) {
      ca[g]++;
      sT[g] += e;
    } else {
      cc[g]++;
      sC[g] += e;
    }
  }
  const spec = SE_TYPES[seType];
  const cr2 = spec.meat === "bell-mccaffrey";
  let J = 0;
  let v = 0;
  let trD = 0, sumD2 = 0, sumDL = 0, sumR2 = 0;
  const blockS2 = new Float64Array(nBlocks); // Σ_{g∈b} s_g²
  const blockSR = new Float64Array(nBlocks); // Σ_{g∈b} s_g r_g
  for (let g = 0; g < nCodes; g++) {
    const b = clBlock[g]!;
    if (b < 0) continue;
    J++;
    const a = ca[g]!;
    const c = cc[g]!;
    const u = 1 - tb[b]!;
    const w = -tb[b]!;
    const ra = Math.sqrt(a);
    const rc = Math.sqrt(c);
    // W = (I − U)^(−1/2) on the 2-dim span (1-dim when an arm is absent from the cluster)
    let w11 = 1, w12 = 0, w22 = 1;
    if (cr2) {
      const inb = 1 / nb[b]!;
      const m11 = 1 - a * (inb + (u * u) / S);
      const m22 = 1 - c * (inb + (w * w) / S);
      const m12 = -ra * rc * (inb + (u * w) / S);
      if (c === 0) w11 = m11 > 1e-12 ? 1 / Math.sqrt(m11) : 0;
      else if (a === 0) w22 = m22 > 1e-12 ? 1 / Math.sqrt(m22) : 0;
      else {
        // eigen-decomposition of the symmetric 2×2 [[m11, m12], [m12, m22]]
        const tr = m11 + m22;
        const disc = Math.sqrt(Math.max(((m11 - m22) * (m11 - m22)) / 4 + m12 * m12, 0));
        const l1 = tr / 2 + disc;
        const l2 = tr / 2 - disc;
        const f1 = l1 > 1e-12 ? 1 / Math.sqrt(l1) : 0;
        const f2 = l2 > 1e-12 ? 1 / Math.sqrt(l2) : 0;
        // eigenvector of l1
        let v1x: number, v1y: number;
        if (Math.abs(m12) > 1e-300) {
          v1x = m12;
          v1y = l1 - m11;
        } else if (m11 >= m22) {
          v1x = 1;
          v1y = 0;
        } else {
          v1x = 0;
          v1y = 1;
        }
        const nv = Math.hypot(v1x, v1y);
        v1x /= nv;
        v1y /= nv;
        // W = f1 v1 v1' + f2 v2 v2', v2 = (−v1y, v1x)
        w11 = f1 * v1x * v1x + f2 * v1y * v1y;
        w22 = f1 * v1y * v1y + f2 * v1x * v1x;
        w12 = (f1 - f2) * v1x * v1y;
      }
    }
    const y1 = a > 0 ? sT[g]! / ra : 0;
    const y2 = c > 0 ? sC[g]! / rc : 0;
    const z1 = w11 * y1 + w12 * y2;
    const z2 = w12 * y1 + w22 * y2;
    const score = (u * ra * z1 + w * rc * z2) / S;
    v += score * score;
    if (cr2) {
      const p1 = u * ra;
      const p2 = w * rc;
      const m1 = w11 * p1 + w12 * p2;
      const m2 = w12 * p1 + w22 * p2;
      const d = (m1 * m1 + m2 * m2) / (S * S);
      const s = (ra * m1 + rc * m2) / S;
      const r = (p1 * m1 + p2 * m2) / S;
      const l2 = (s * s) / nb[b]! + (r * r) / S;
      trD += d;
      sumD2 += d * d;
      sumDL += d * l2;
      sumR2 += r * r;
      blockS2[b] += s * s;
      blockSR[b] += s * r;
    }
  }
  let df: number;
  if (cr2) {
    let trL = sumR2 / S;
    let fro = (sumR2 / S) * (sumR2 / S);
    for (let b = 0; b < nBlocks; b++) {
      if (nb[b]! === 0) continue;
      trL += blockS2[b]! / nb[b]!;
      fro += (blockS2[b]! / nb[b]!) * (blockS2[b]! / nb[b]!) + (2 * blockSR[b]! * blockSR[b]!) / (nb[b]! * S);
    }
    const tr = trD - trL;
    df = (tr * tr) / (sumD2 - 2 * sumDL + fro);
  } else {
    df = J - 1;
    if (spec.meat !== "cluster") v = NaN;
    else {
      const f = seScale(seType, nObs, nObs - dfRes, J);
      if (f !== 1) v *= f;
    }
  }
  return { estimate: beta, stdError: Math.sqrt(v), df };
}

/**
 * Least squares with one treatment-coded factor of many levels kept as a block of sparse
 * dummies: `y ~ t + x + b` with `b` of L levels costs O(n k² + L² k) instead of the O(n (k + L)²)
 * of a dense QR (2,000 levels, n = 20,000: from minutes to well under a second). Every coefficient,
 * the full variance matrix, leverages and the F test equal those of the dense fit (estimatr's).
 *
 * Notation: X = [Z, D], Z the n × k dense columns (intercept included), D the dummies of levels
 * 1..L−1 (level 0 is the reference), n_l their counts, g_l the level means of Z, Δ = D'D = diag(n_l).
 * Partialling D out is demeaning Z and y within the non-reference levels (rows of the reference
 * level stay as they are): Z̃ = (I − P_D)Z, S = Z̃'Z̃ = Z'Z − Z'D Δ⁻¹ D'Z. Then
 *   β_Z = S⁻¹ Z̃'y (a QR of Z̃),  β_l = ȳ_l − g_l'β_Z,  e = ỹ − Z̃β_Z,
 *   M = (X'X)⁻¹ = [[S⁻¹, −S⁻¹G'], [−G S⁻¹, Δ⁻¹ + G S⁻¹ G']],
 * so row i of X M is a_i = [u_i ; e_l/n_l − G u_i] with u_i = S⁻¹ z̃_i (no dummy part in the
 * reference level), and the leverage is h_i = z̃_i'S⁻¹z̃_i + 1/n_l (exact). A sandwich
 * V = Σ ω_i a_i a_i' then has the blocks
 *   V_ZZ = S⁻¹ (Σ ω z̃ z̃') S⁻¹,   V_ZD[:, l] = w̄_l − V_ZZ g_l,
 *   V_DD[l, m] = δ_lm Ω_l / n_l² − w̄_l'g_m − g_l'w̄_m + g_l'V_ZZ g_m,
 * with w̄_l = Σ_{i∈l} ω_i u_i / n_l and Ω_l = Σ_{i∈l} ω_i; the classical s²M is the same with
 * w̄ = 0, V_ZZ = s²S⁻¹ and s²/n_l on the diagonal. The joint F of all terms but the intercept uses
 * V⁻¹ = X'X Φ⁻¹ X'X / c (Φ = X'ΩX, c the HC1 factor) with Φ solved through its diagonal D block.
 *
 * The fit gives up (returns null, and the dense path runs) when a non-reference level has one row,
 * when Z̃ is rank-deficient (then which column the dense pivoted QR aliases depends on all columns),
 * or when a level's Ω_l is 0.
 */
import { EnsayoError } from "../errors.js";
import { pf } from "../math/distributions.js";
import { applyQt, colPivQr, invUpper, leadingR, symInverse, tsqr } from "../math/linalg.js";
import { coefficientRow, degenerateInferenceWarnings } from "./dim-inference.js";
import { qRows, ROW_BLOCK } from "./design-rows.js";
import { sandwich } from "./sandwich.js";
import type { CoefficientRow } from "./types.js";
import type { FStatistic, LmFit, LmFitInput, LmRobustResult } from "./lm-robust.js";

/** A treatment-coded factor kept out of the dense design. */
export interface FactorBlock {
  /** Level of each estimation row, 0..nLevels−1; level 0 is the reference (no column). */
  readonly codes: Int32Array;
  readonly nLevels: number;
  /** Position of the first dummy column among all terms (the L − 1 dummies are contiguous). */
  readonly start: number;
  /** Names of all terms, dense and dummy, in R's order. */
  readonly names: readonly string[];
}

/** Fewest levels for which lmRobust keeps a factor as a block (below, the dense QR is as fast). */
export const FACTOR_BLOCK_MIN_LEVELS = 40;

/** The SE types the block fit computes (the unclustered, unweighted ones). */
const BLOCK_SE = new Set(["classical", "HC0", "HC1", "HC2", "HC3"]);

/**
 * Fit `inp` (its `cols`/`names` the dense columns Z, `factorBlock` the factor) by the block form,
 * or null when the dense fit must run instead (see the module comment).
 */
export function fitFactorBlock(inp: LmFitInput, rankTol: number): LmFit | null {
  const fb = inp.factorBlock;
  if (!fb || inp.weights || inp.clusters || inp.fe || !BLOCK_SE.has(inp.seType) || !inp.intercept) return null;
  const { n, alpha, outcome } = inp;
  const FN = inp.fn ?? "lmRobust";
  const k = inp.p;
  const L = fb.nLevels;
  const Ld = L - 1;
  const codes = fb.codes;
  const Z: Float64Array[] = inp.x.length === 0 && inp.cols ? [...inp.cols] : Array.from({ length: k }, (_, j) => inp.x.subarray(j * n, j * n + n));
  const count = new Float64Array(L);
  for (let i = 0; i < n; i++) count[codes[i]!]++;
  for (let l = 1; l < L; l++) if (count[l]! < 2) return null;
  // Level means of Z (G, Ld × k row-major: G[(l−1)·k + j]) and of y; Z̃ and ỹ.
  const G = new Float64Array(Ld * k);
  const Zt = Z.map((col, j) => demeanNonReference(col, codes, count, L, G, j, k));
  const ybar = new Float64Array(L);
  const yt = demeanNonReference(inp.y, codes, count, L, null, 0, 0, ybar);
  // QR of Z̃ (with ỹ).
  const ts = tsqr(Zt, n, k, 1024, yt);
  const qr = colPivQr(ts.R, k, k, rankTol);
  if (qr.rank < k) return null;
  const perm = qr.perm;
  const Rinv = invUpper(leadingR(qr, k), k);
  const eff = Float64Array.from(ts.qty);
  applyQt(qr, eff);
  const betaPiv = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let acc = 0;
    for (let j = i; j < k; j++) acc += Rinv[j * k + i]! * eff[j]!;
    betaPiv[i] = acc;
  }
  const betaZ = new Float64Array(k);
  for (let a = 0; a < k; a++) betaZ[perm[a]!] = betaPiv[a]!;
  const betaD = new Float64Array(Ld);
  for (let l = 1; l < L; l++) {
    let acc = ybar[l]!;
    for (let j = 0; j < k; j++) acc -= G[(l - 1) * k + j]! * betaZ[j]!;
    betaD[l - 1] = acc;
  }
  const e = new Float64Array(yt);
  for (let a = 0; a < k; a++) {
    const b = betaPiv[a]!;
    const col = Zt[perm[a]!]!;
    for (let i = 0; i < n; i++) e[i] -= col[i]! * b;
  }
  let rss = 0;
  for (let i = 0; i < n; i++) rss += e[i]! * e[i]!;
  const rank = k + Ld;
  const dfRes = n - rank;
  const seType = inp.seType;
  const warnings = [...inp.warnings];
  const Q = qRows(Zt, n, k, Rinv, perm);

  // ω per row, Σ ω q q' (in the Q basis), Σ_{i∈l} ω q_i and Ω_l.
  let Vzz: Float64Array; // k × k, original Z order
  let wbar: Float64Array; // Ld × k, original Z order
  let diagD: Float64Array; // Ld
  let omega: Float64Array | null = null;
  const toOriginal = (Vp: Float64Array) => {
    const out = new Float64Array(k * k);
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) out[perm[b]! * k + perm[a]!] = Vp[b * k + a]!;
    return out;
  };
  const I = new Float64Array(k * k);
  for (let a = 0; a < k; a++) I[a * k + a] = 1;
  const s2 = rss / dfRes;
  if (seType === "classical") {
    Vzz = toOriginal(sandwich(Rinv, I, k, true)).map((v) => v * s2);
    wbar = new Float64Array(Ld * k);
    diagD = new Float64Array(Ld);
    for (let l = 1; l < L; l++) diagD[l - 1] = s2 / count[l]!;
  } else {
    const mode = seType === "HC2" ? 2 : seType === "HC3" ? 3 : 0;
    const acc = hcPieces(Q, e, codes, count, L, mode);
    if (acc.bad.length) {
      const rowsText = acc.bad.slice(0, 10).map((i) => (inp.rowIds ? inp.rowIds[i]! + 1 : i + 1));
      warnings.push(
        `${FN}: ${acc.bad.length} observation(s) have leverage 1 (data row ${rowsText.join(", ")}${acc.bad.length > 10 ? ", …" : ""}), so the ${seType} variance is undefined and the standard errors are NaN; estimatr 1.0.0 silently gives them weight 0. Use HC1, or remove the term that isolates them`,
      );
    }
    for (let l = 1; l < L; l++) if (!(acc.levelOmega[l]! > 0) && !Number.isNaN(acc.levelOmega[l]!)) return null;
    omega = acc.omega;
    const f = seType === "HC1" ? n / dfRes : 1;
    Vzz = toOriginal(sandwich(Rinv, acc.meat, k, true));
    if (f !== 1) Vzz = Vzz.map((v) => v * f);
    // w̄_l = R⁻¹ (Σ_{i∈l} ω q_i) / n_l, to the original order.
    wbar = new Float64Array(Ld * k);
    diagD = new Float64Array(Ld);
    for (let l = 1; l < L; l++) {
      const o = l * k;
      for (let a = 0; a < k; a++) {
        let s = 0;
        for (let c = a; c < k; c++) s += Rinv[c * k + a]! * acc.levelQ[o + c]!;
        wbar[(l - 1) * k + perm[a]!] = (f * s) / count[l]!;
      }
      diagD[l - 1] = (f * acc.levelOmega[l]!) / (count[l]! * count[l]!);
    }
  }
  const vcov = blockVcov(Vzz, wbar, diagD, G, k, Ld, fb.start, fb.names.length);

  // Coefficient table.
  const names = fb.names;
  const p = names.length;
  const zPos = denseTermPositions(k, fb.start, Ld);
  const estimate = new Float64Array(p);
  for (let j = 0; j < k; j++) estimate[zPos[j]!] = betaZ[j]!;
  for (let l = 0; l < Ld; l++) estimate[fb.start + l] = betaD[l]!;
  let dfCoef = dfRes;
  if (!(dfRes > 0)) {
    for (const term of names) warnings.push(`${FN}: the degrees of freedom of '${term}' are not positive; its df and p-value are NaN`);
    dfCoef = NaN;
  }
  const coefficients: CoefficientRow[] = names.map((term, j) => coefficientRow(term, estimate[j]!, Math.sqrt(vcov[j]![j]!), dfCoef, alpha, outcome));
  let yss = 0;
  for (let i = 0; i < n; i++) yss += inp.y[i]! * inp.y[i]!;
  warnings.push(...degenerateInferenceWarnings(FN, coefficients, true, rss <= 1e-20 * yss));

  // R², adjusted R², F of all terms but the intercept (zPos[0] = 0 is the intercept).
  let ym = 0;
  for (let i = 0; i < n; i++) ym += inp.y[i]!;
  ym /= n;
  let tss = 0;
  for (let i = 0; i < n; i++) tss += (inp.y[i]! - ym) ** 2;
  const r2 = 1 - rss / tss;
  const adjR2 = 1 - (1 - r2) * ((n - 1) / dfRes);
  const nomdf = p - 1;
  let value: number;
  if (seType === "classical") value = (r2 * dfRes) / ((1 - r2) * nomdf);
  else {
    const f = seType === "HC1" ? n / dfRes : 1;
    value = jointWald(Z, codes, count, L, omega!, G, estimate, zPos, fb.start, k, Ld) / (f * nomdf);
  }
  const fStatistic: FStatistic = { value, df1: nomdf, df2: dfRes, pValue: Number.isNaN(value) ? NaN : pf(value, nomdf, dfRes, false) };
  const result: LmRobustResult = {
    kind: inp.call?.fn === "lmLin" ? "lmLin" : "lmRobust",
    outcome,
    formula: inp.formula,
    coefficients,
    vcov,
    terms: [...names],
    nObs: n,
    seType,
    alpha,
    r2,
    adjR2,
    fStatistic,
    rank,
    dfResidual: dfRes,
    nDropped: inp.dropped.total,
    dropped: inp.dropped,
    warnings,
    weighted: false,
    ...(inp.call ? { call: inp.call } : {}),
  };
  const classicalVcov = () => {
    const Mzz = toOriginal(sandwich(Rinv, I, k, true)).map((v) => v * s2);
    const dg = new Float64Array(Ld);
    for (let l = 1; l < L; l++) dg[l - 1] = s2 / count[l]!;
    const V = blockVcov(Mzz, new Float64Array(Ld * k), dg, G, k, Ld, fb.start, p);
    const out = new Float64Array(p * p);
    for (let b = 0; b < p; b++) for (let a = 0; a < p; a++) out[b * p + a] = V[a]![b]!;
    return out;
  };
  return { result, classicalVcov };
}

/** Positions among all terms of the k dense columns: those before the block, then those after it. */
function denseTermPositions(k: number, start: number, Ld: number): Int32Array {
  const pos = new Int32Array(k);
  for (let j = 0; j < k; j++) pos[j] = j < start ? j : j + Ld;
  return pos;
}

/**
 * `col` with the mean of each non-reference level subtracted (reference rows unchanged); the
 * level means go to `G[(l−1)·k + j]` (when given) and `means[l]` (when given).
 */
function demeanNonReference(
  col: ArrayLike<number>,
  codes: Int32Array,
  count: Float64Array,
  L: number,
  G: Float64Array | null,
  j: number,
  k: number,
  means: Float64Array = new Float64Array(L),
): Float64Array {
  const n = codes.length;
  means.fill(0);
  for (let i = 0; i < n; i++) means[codes[i]!] += col[i]!;
  for (let l = 1; l < L; l++) {
    means[l] = means[l]! / count[l]!;
    if (G) G[(l - 1) * k + j] = means[l]!;
  }
  means[0] = 0;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = col[i]! - means[codes[i]!]!;
  return out;
}

/**
 * One pass over the rows of Q: ω_i (e², e²/(1−h) or e²/(1−h)², h = ‖q_i‖² + 1/n_l), Σ ω q q',
 * Σ_{i∈l} ω q_i (L × k) and Ω_l. Rows with leverage 1 get ω = NaN and are listed in `bad`.
 */
function hcPieces(
  Q: ReturnType<typeof qRows>,
  e: Float64Array,
  codes: Int32Array,
  count: Float64Array,
  L: number,
  mode: number,
): { meat: Float64Array; levelQ: Float64Array; levelOmega: Float64Array; omega: Float64Array; bad: number[] } {
  const { n, r: k } = Q;
  const qb = new Float64Array(ROW_BLOCK * k);
  const meat = new Float64Array(k * k);
  const levelQ = new Float64Array(L * k);
  const levelOmega = new Float64Array(L);
  const omega = new Float64Array(n);
  const bad: number[] = [];
  for (let i0 = 0; i0 < n; i0 += ROW_BLOCK) {
    const i1 = Math.min(n, i0 + ROW_BLOCK);
    const m = i1 - i0;
    Q.fill(i0, i1, qb);
    for (let t = 0; t < m; t++) {
      const i = i0 + t;
      let w = e[i]! * e[i]!;
      if (mode) {
        let h = 0;
        for (let c = 0; c < k; c++) h += qb[c * m + t]! ** 2;
        const l = codes[i]!;
        if (l > 0) h += 1 / count[l]!;
        const om = 1 - h;
        if (om < 1e-10) {
          bad.push(i);
          w = NaN;
        } else w = mode === 2 ? w / om : w / (om * om);
      }
      omega[i] = w;
      const l = codes[i]!;
      levelOmega[l] += w;
      const o = l * k;
      for (let c = 0; c < k; c++) levelQ[o + c] += w * qb[c * m + t]!;
    }
    for (let b = 0; b < k; b++) {
      const ob = b * m;
      for (let a = 0; a <= b; a++) {
        const oa = a * m;
        let s = 0;
        for (let t = 0; t < m; t++) s += omega[i0 + t]! * qb[oa + t]! * qb[ob + t]!;
        meat[b * k + a] += s;
      }
    }
  }
  for (let b = 0; b < k; b++) for (let a = 0; a < b; a++) meat[a * k + b] = meat[b * k + a]!;
  return { meat, levelQ, levelOmega, omega, bad };
}

/** The full p × p variance from its blocks (see the module comment), terms in R's order. */
function blockVcov(Vzz: Float64Array, wbar: Float64Array, diagD: Float64Array, G: Float64Array, k: number, Ld: number, start: number, p: number): number[][] {
  const zPos = denseTermPositions(k, start, Ld);
  // Filled row-major in one p × p buffer (upper triangle computed, mirrored), then cut into rows.
  const V = new Float64Array(p * p);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) V[zPos[a]! * p + zPos[b]!] = Vzz[b * k + a]!;
  // H = G V_ZZ (Ld × k); V_ZD[a, l] = w̄_l[a] − (V_ZZ g_l)[a] = w̄_l[a] − H[l, a].
  const H = new Float64Array(Ld * k);
  for (let l = 0; l < Ld; l++)
    for (let a = 0; a < k; a++) {
      let s = 0;
      for (let c = 0; c < k; c++) s += G[l * k + c]! * Vzz[a * k + c]!;
      H[l * k + a] = s;
    }
  // V_DD[l, m] = δ diag − w̄_l·g_m − g_l·w̄_m + H_l·g_m = δ diag + (H_l − w̄_l)·g_m − g_l·w̄_m.
  const hw = new Float64Array(k);
  const gl = new Float64Array(k);
  for (let l = 0; l < Ld; l++) {
    const ol = (start + l) * p;
    for (let a = 0; a < k; a++) {
      const v = wbar[l * k + a]! - H[l * k + a]!;
      V[ol + zPos[a]!] = v;
      V[zPos[a]! * p + start + l] = v;
      hw[a] = H[l * k + a]! - wbar[l * k + a]!;
      gl[a] = G[l * k + a]!;
    }
    V[ol + start + l] = diagD[l]!;
    for (let m = l; m < Ld; m++) {
      let s = 0;
      const om = m * k;
      for (let c = 0; c < k; c++) s += hw[c]! * G[om + c]! - gl[c]! * wbar[om + c]!;
      V[ol + start + m] += s;
    }
    for (let m = l + 1; m < Ld; m++) V[(start + m) * p + start + l] = V[ol + start + m]!;
  }
  const out: number[][] = new Array(p);
  for (let i = 0; i < p; i++) {
    // an indexed loop into a preallocated array: several times faster than Array.from of a typed array
    const row = new Array<number>(p);
    const o = i * p;
    for (let j = 0; j < p; j++) row[j] = V[o + j]!;
    out[i] = row;
  }
  return out;
}

/**
 * b'V_s⁻¹b for b all coefficients but the intercept (position 0) and V_s their variance block,
 * up to the HC factor: with P = X'X Φ⁻¹ X'X (= c V⁻¹) and u = b with 0 for the intercept,
 * b'V_s⁻¹b = c⁻¹ (u'Pu − (e₁'Pu)² / e₁'Pe₁). NaN when a piece is not positive.
 */
function jointWald(
  Z: readonly Float64Array[],
  codes: Int32Array,
  count: Float64Array,
  L: number,
  omega: Float64Array,
  G: Float64Array,
  estimate: Float64Array,
  zPos: Int32Array,
  start: number,
  k: number,
  Ld: number,
): number {
  const n = codes.length;
  for (let i = 0; i < n; i++) if (Number.isNaN(omega[i]!)) return NaN;
  // Φ = [[Z'ΩZ, ζ], [ζ', diag(Ω_l)]]; ζ_l = Σ_{i∈l} ω z_i. Its Schur complement Ψ = Σ ω (z − ζ_l/Ω_l)(…)' over non-reference rows, plus Σ ω z z' over reference rows.
  const Om = new Float64Array(L);
  const zeta = new Float64Array(L * k);
  for (let i = 0; i < n; i++) {
    const l = codes[i]!;
    const w = omega[i]!;
    Om[l] += w;
    for (let j = 0; j < k; j++) zeta[l * k + j] += w * Z[j]![i]!;
  }
  const center = new Float64Array(L * k);
  for (let l = 1; l < L; l++) for (let j = 0; j < k; j++) center[l * k + j] = zeta[l * k + j]! / Om[l]!;
  const Psi = new Float64Array(k * k);
  const zc = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const l = codes[i]!;
    const w = omega[i]!;
    for (let j = 0; j < k; j++) zc[j] = Z[j]![i]! - center[l * k + j]!;
    for (let b = 0; b < k; b++) for (let a = 0; a <= b; a++) Psi[b * k + a] += w * zc[a]! * zc[b]!;
  }
  for (let b = 0; b < k; b++) for (let a = 0; a < b; a++) Psi[a * k + b] = Psi[b * k + a]!;
  const PsiInv = symInverse(Psi, k);
  if (!PsiInv) return NaN;
  // Z'Z (k × k).
  const ZZ = new Float64Array(k * k);
  for (let b = 0; b < k; b++)
    for (let a = 0; a <= b; a++) {
      let s = 0;
      const za = Z[a]!;
      const zb = Z[b]!;
      for (let i = 0; i < n; i++) s += za[i]! * zb[i]!;
      ZZ[b * k + a] = s;
      ZZ[a * k + b] = s;
    }
  // X'X v for v = (v_Z, v_D): [Z'Z v_Z + Σ n_l g_l v_l ; n_l (g_l'v_Z + v_l)].
  const xtx = (vz: Float64Array, vd: Float64Array): [Float64Array, Float64Array] => {
    const oz = new Float64Array(k);
    const od = new Float64Array(Ld);
    for (let a = 0; a < k; a++) {
      let s = 0;
      for (let b = 0; b < k; b++) s += ZZ[b * k + a]! * vz[b]!;
      oz[a] = s;
    }
    for (let l = 0; l < Ld; l++) {
      const nl = count[l + 1]!;
      let gv = 0;
      for (let a = 0; a < k; a++) {
        gv += G[l * k + a]! * vz[a]!;
        oz[a] += nl * G[l * k + a]! * vd[l]!;
      }
      od[l] = nl * (gv + vd[l]!);
    }
    return [oz, od];
  };
  // Φ⁻¹ r through the Schur complement of the diagonal block.
  const solvePhi = (rz: Float64Array, rd: Float64Array): [Float64Array, Float64Array] => {
    const t = Float64Array.from(rz);
    for (let l = 1; l < L; l++) {
      const f = rd[l - 1]! / Om[l]!;
      for (let a = 0; a < k; a++) t[a] -= zeta[l * k + a]! * f;
    }
    const xz = new Float64Array(k);
    for (let a = 0; a < k; a++) {
      let s = 0;
      for (let b = 0; b < k; b++) s += PsiInv[b * k + a]! * t[b]!;
      xz[a] = s;
    }
    const xd = new Float64Array(Ld);
    for (let l = 1; l < L; l++) {
      let s = rd[l - 1]!;
      for (let a = 0; a < k; a++) s -= zeta[l * k + a]! * xz[a]!;
      xd[l - 1] = s / Om[l]!;
    }
    return [xz, xd];
  };
  const applyP = (vz: Float64Array, vd: Float64Array): [Float64Array, Float64Array] => {
    const [az, ad] = xtx(vz, vd);
    const [sz, sd] = solvePhi(az, ad);
    return xtx(sz, sd);
  };
  const uz = new Float64Array(k);
  for (let j = 0; j < k; j++) uz[j] = zPos[j] === 0 ? 0 : estimate[zPos[j]!]!;
  const ud = estimate.slice(start, start + Ld);
  const [pz, pd] = applyP(uz, ud);
  let uPu = 0;
  for (let a = 0; a < k; a++) uPu += uz[a]! * pz[a]!;
  for (let l = 0; l < Ld; l++) uPu += ud[l]! * pd[l]!;
  const e1 = new Float64Array(k);
  e1[0] = 1;
  const [qz] = applyP(e1, new Float64Array(Ld));
  const p11 = qz[0]!;
  const p1u = pz[0]!;
  if (!(p11 > 0)) return NaN;
  return uPu - (p1u * p1u) / p11;
}

/** The dense design of a block fit: the dummies written out and inserted at their position (the fallback). */
export function materializeFactorBlock(inp: LmFitInput): LmFitInput {
  const fb = inp.factorBlock;
  if (!fb) return inp;
  const n = inp.n;
  const k = inp.p;
  const Z: Float64Array[] = inp.x.length === 0 && inp.cols ? [...inp.cols] : Array.from({ length: k }, (_, j) => inp.x.subarray(j * n, j * n + n));
  const dummies: Float64Array[] = [];
  for (let l = 1; l < fb.nLevels; l++) dummies.push(new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const l = fb.codes[i]!;
    if (l > 0) dummies[l - 1]![i] = 1;
  }
  const cols = [...Z.slice(0, fb.start), ...dummies, ...Z.slice(fb.start)];
  const { factorBlock: _omit, ...rest } = inp;
  if (cols.length !== fb.names.length) throw new EnsayoError("NOT_ESTIMABLE", "internal: factor block size mismatch");
  return { ...rest, x: new Float64Array(0), cols, p: cols.length, names: [...fb.names], ownsColumns: false };
}

/**
 * Two-stage least squares with robust and cluster-robust standard errors, equal to
 * R's `estimatr::iv_robust` (1.0.0).
 */
import { seScale } from "../kernel/se-types.js";
import * as z from "zod/mini";
import { EnsayoError } from "../errors.js";
import { asTable, type DataInput } from "../data/table.js";
import { parseOptions } from "../internal/options.js";
import { pchisq, pf } from "../math/distributions.js";
import { applyQt, colPivQr, invUpper, leadingR, solveUpper, type ColPivQr } from "../math/linalg.js";
import { parseFormula } from "./formula.js";
import { fitLm, LinearModelOptionsShape, prepareFit, RANK_TOL, waldQuadratic, type LinearFitResult, type LmFitInput } from "./lm-robust.js";
import { aliasedRow, coefficientRow, degenerateInferenceWarnings } from "./dim-inference.js";
import { designMatrix, levelsOption } from "./model-matrix.js";
import type { CoefficientRow, DroppedRows, SeType } from "./types.js";
import { clusterMeat, clusterOrder, clusterScores, sandwich, sqrtMeanWeights, termVcov } from "./sandwich.js";
import { cr2LowRank, cr2Naive } from "./vcov-cr2.js";
import { denseRows } from "./design-rows.js";
import { withDisplay } from "../report/result-proto.js";

const FN = "ivRobust";
const IvRobustSchema = z
  .strictObject({
    ...LinearModelOptionsShape,
    /** Also report the first-stage F test of the excluded instruments (estimatr's `diagnostics`). Default false. */
    diagnostics: z._default(z.boolean(), false),
  });

/** A test statistic with its reference distribution's df and p-value. */
export interface IvDiagnosticTest {
  readonly value: number;
  /** Numerator df (F) or df (chi-square). */
  readonly df1: number;
  /** Denominator df of an F test (absent for chi-square). */
  readonly df2?: number;
  readonly pValue: number;
}

/** First-stage F test of the excluded instruments for one endogenous regressor. */
export interface FirstStageTest {
  /** The endogenous regressor (a column of the regressor design not among the instruments). */
  readonly term: string;
  /** Wald F with the result's SE type (the classical F with `"classical"`). */
  readonly value: number;
  /** Number of excluded instruments (numerator df). */
  readonly df1: number;
  /** J − 1 with clusters, else n − rank of the first stage. */
  readonly df2: number;
  readonly pValue: number;
}

/** Options of {@link ivRobust}. */
export type IvRobustOptions = z.input<typeof IvRobustSchema>;


/** Result of {@link ivRobust}: a linear fit (R² with the structural residuals y − Xβ, as estimatr) plus its instruments and diagnostics. */
export interface IvRobustResult extends LinearFitResult {
  readonly kind: "ivRobust";
  /** Instrument columns (the first-stage design). */
  readonly instruments: readonly string[];
  /** With `diagnostics: true`: the first-stage F test of each endogenous regressor. */
  readonly firstStage?: readonly FirstStageTest[];
  /** With `diagnostics: true`: Wu–Hausman regression F test of endogeneity. */
  readonly endogeneity?: IvDiagnosticTest;
  /**
   * With `diagnostics: true`: overidentification test (Sargan n·R² with `"classical"`, else
   * Wooldridge's robust score test), χ² with (instruments − endogenous) df; NaN when exactly
   * identified or weighted (as estimatr).
   */
  readonly overidentification?: IvDiagnosticTest;
}

/**
 * Estimate a linear model by two-stage least squares, instrumenting the regressors on
 * the left of `|` with the instruments on its right (`y ~ d + x | z + x`), with the
 * standard errors of `estimatr::iv_robust`.
 *
 * First stage: X̂ = Z (Z'WZ)⁻¹ Z'W X. Second stage: β = (X̂'WX̂)⁻¹ X̂'W y. The variance is
 * the `lmRobust` sandwich built on X̂ (bread M = (X̂'WX̂)⁻¹, leverages and CR2 adjustments
 * from X̂) with the **structural** residuals e = y − Xβ, not y − X̂β. SE types and df as
 * `lmRobust`: classical s²M (s² = Σ w e² / (n − k)), HC0–HC3 (df n − k), CR0 and stata
 * (df J − 1; stata = CR0 · J(n−1)/((J−1)(n−k)), Stata's `ivregress 2sls, vce(cluster)` small),
 * CR2 with the Bell–McCaffrey df. `seType: "stata"` without clusters is HC1 (`ivregress 2sls,
 * small robust`).
 *
 * Differences from estimatr 1.0.0: fewer instrument columns than regressors is an error
 * (estimatr 1.0.0 warns and returns numbers; 2.0 refuses); zero-weight rows are not
 * observations. `diagnostics: true` adds estimatr's diagnostics: the first-stage F test of the
 * excluded instruments (weak instruments), the Wu–Hausman endogeneity F test and the
 * overidentification test. Fixed effects are not available yet.
 *
 * Both stages decide the rank as `lmRobust` (Eigen's pivoted QR plus R's relative tolerance
 * 1e-7), so an instrument or regressor collinear with earlier columns (e.g. a treatment
 * constant like the intercept) is aliased rather than kept as rounding noise. As estimatr's
 * `iv_robust` (which returns NA coefficients), a regressor the instruments do not identify is
 * reported with estimate NaN and `aliased: true`, and a warning names it.
 *
 * @throws EnsayoError `FORMULA_PARSE` (no `|` part), `NOT_ESTIMABLE` (underidentified),
 *   `MISSING_COLUMN`, `NOT_NUMERIC`, `MISSING_VALUE`, `INVALID_OPTION`, `BAD_WEIGHTS`, `TOO_FEW_CLUSTERS`.
 * @example
 * ```ts
 * // the bundled pilot: effect of completing the workshop, instrumented by the assigned arm, by office
 * const data = readCsvFile("fixtures/pilot/panel.csv");
 * const fit = ivRobust(data, "puntaje_final ~ completo_taller + puntaje_base | grupo + puntaje_base", { clusters: "oficina" });
 * const row = fit.coefficients[1]!; // { term: "completo_taller", estimate: 5.95, stdError: 1.65, df: 38.5 (CR2), … }
 * [row.estimate, row.stdError, row.df]; // [5.95, 1.65, 38.5]
 * ```
 */
export function ivRobust(data: DataInput, formula: string, options?: IvRobustOptions): IvRobustResult {
  const parsed = parseOptions(IvRobustSchema, options, FN);
  const opts = { ...parsed, levels: levelsOption(parsed.levels, options, FN) };
  const table = asTable(data, FN);
  const spec = parseFormula(formula);
  if (spec.outcome === null)
    throw new EnsayoError("FORMULA_PARSE", `${FN}: formula '${formula}' has no outcome; write it as 'y ~ d + x | z + x'`, { value: formula });
  if (spec.parts.length !== 2)
    throw new EnsayoError(
      "FORMULA_PARSE",
      `${FN}: formula '${formula}' needs regressors and instruments separated by '|', e.g. 'y ~ d + x | z + x'`,
      { value: formula, hint: "Exogenous regressors go on both sides of '|'" },
    );
  let zm: { x: Float64Array; p: number; names: string[] } | undefined;
  const inp = prepareFit(table, {
    fn: FN,
    outcome: spec.outcome,
    formula,
    variables: spec.variables,
    build: (rows) => {
      const z2 = designMatrix(table, spec.parts[1]!, rows, FN, opts.levels);
      zm = { x: z2.x, p: z2.p, names: z2.names };
      return designMatrix(table, spec.parts[0]!, rows, FN, opts.levels);
    },
    weights: opts.weights,
    clusters: opts.clusters,
    seType: opts.seType,
    alpha: opts.alpha,
    na: opts.na,
  });
  const warnings = [...inp.warnings];
  const Zm = zm!;
  const n = inp.n;
  const p = inp.p;
  if (Zm.p < p) {
    throw new EnsayoError(
      "NOT_ESTIMABLE",
      `${FN}: the model is underidentified: ${p} regressor column(s) (${inp.names.join(", ")}) but only ${Zm.p} instrument column(s) (${Zm.names.join(", ")})`,
      { value: formula, hint: "Every endogenous regressor needs its own excluded instrument; exogenous regressors must appear on both sides of '|'" },
    );
  }
  const seType = inp.seType;
  const clustered = inp.clusters !== undefined;
  const J = inp.nClusters ?? 1;

  // Sort rows by cluster (as estimatr), so cluster g is rows starts[g]..starts[g+1]-1.
  let order: Int32Array | null = null;
  let starts: Int32Array | undefined;
  if (clustered) ({ order, starts } = clusterOrder(inp.clusters!, n, J));
  const perm = (v: Float64Array, cols: number) => {
    if (!order) return v;
    const out = new Float64Array(n * cols);
    for (let j = 0; j < cols; j++) for (let i = 0; i < n; i++) out[j * n + i] = v[j * n + order[i]!]!;
    return out;
  };
  const X = perm(inp.x, p);
  const Z = perm(Zm.x, Zm.p);
  const y = perm(inp.y, 1);
  const wRaw = inp.weights ? perm(inp.weights, 1) : undefined;
  const { mean: wm, sw } = wRaw ? sqrtMeanWeights(wRaw, n) : { mean: 1, sw: new Float64Array(n).fill(1) };

  // First stage: X̂ = Z b, b from the weighted least squares of each X column on Z.
  const Zw = scaleRows(Z, n, Zm.p, sw);
  // Rank with R's relative tolerance (as lmRobust): a column equal to a combination of earlier
  // ones up to rounding (an instrument constant like the intercept) is aliased, not kept as noise.
  const fq = colPivQr(Zw, n, Zm.p, RANK_TOL);
  const rz = fq.rank;
  if (rz === 0) throw new EnsayoError("NOT_ESTIMABLE", `${FN}: every instrument column is zero`, { value: formula, hint: "Check the instrument columns" });
  if (rz < Zm.p) {
    const dropped = Zm.names.filter((_, j) => !Array.from(fq.perm.subarray(0, rz)).includes(j));
    warnings.push(`${FN}: ${Zm.p - rz} instrument column(s) are collinear with earlier ones in the first stage and were not used: ${dropped.join(", ")}`);
  }
  const Xhat = qrFitted(fq, Z, n, X, p, sw);

  // Second stage on X̂ (weighted).
  const Xw = scaleRows(Xhat, n, p, sw);
  const qr = colPivQr(Xw, n, p, RANK_TOL);
  const r = qr.rank;
  if (r === 0) throw new EnsayoError("NOT_ESTIMABLE", `${FN}: every regressor is zero or collinear`, { value: formula, hint: "Check the design columns" });
  const eff = Float64Array.from(y, (v, i) => v * sw[i]!);
  applyQt(qr, eff);
  const Rinv = invUpper(leadingR(qr, r), r);
  const beta = new Float64Array(p).fill(NaN);
  const posOf = new Int32Array(p).fill(-1);
  for (let k = 0; k < r; k++) {
    let acc = 0;
    for (let j = k; j < r; j++) acc += Rinv[j * r + k]! * eff[j]!;
    beta[qr.perm[k]!] = acc;
    posOf[qr.perm[k]!] = k;
  }
  const kept: number[] = [];
  for (let j = 0; j < p; j++) if (posOf[j]! >= 0) kept.push(j);
  if (r < p)
    warnings.push(
      `${FN}: ${p - r} term(s) are collinear in the second stage (not identified by the instruments) and were not estimated (estimate NaN, aliased): ${inp.names.filter((_, j) => posOf[j]! < 0).join(", ")}`,
    );
  // M = (X̂_k' W X̂_k)⁻¹ in kept order.
  const M = new Float64Array(r * r);
  for (let a = 0; a < r; a++)
    for (let b = 0; b < r; b++) {
      const pa = posOf[kept[a]!]!;
      const pb = posOf[kept[b]!]!;
      let acc = 0;
      for (let k = Math.max(pa, pb); k < r; k++) acc += Rinv[k * r + pa]! * Rinv[k * r + pb]!;
      M[b * r + a] = acc;
    }
  const Xk = selectCols(Xw, n, kept); // weighted X̂, kept columns
  // Structural residuals, unweighted (eu) and weighted (e).
  const eu = Float64Array.from(y);
  for (const j of kept) {
    const b = beta[j]!;
    for (let i = 0; i < n; i++) eu[i] -= X[j * n + i]! * b;
  }
  const e = Float64Array.from(eu, (v, i) => v * sw[i]!);
  let rss = 0;
  for (let i = 0; i < n; i++) rss += e[i]! * e[i]!;
  const dfRes = n - r;

  let V: Float64Array | null = null;
  const dfCoef = new Float64Array(r).fill(NaN);
  if (seType === "classical") {
    const s2 = rss / dfRes;
    V = M.map((v) => v * s2);
    dfCoef.fill(dfRes);
  } else if (seType !== "none" && !clustered) {
    const omega = new Float64Array(n);
    for (let i = 0; i < n; i++) omega[i] = e[i]! * e[i]!;
    if (seType === "HC2" || seType === "HC3") {
      const h = leverages(Xk, n, r, M);
      const bad: number[] = [];
      for (let i = 0; i < n; i++) {
        const om = 1 - h[i]!;
        if (om < 1e-10) {
          bad.push(i);
          omega[i] = NaN;
        } else omega[i] = seType === "HC2" ? omega[i]! / om : omega[i]! / (om * om);
      }
      if (bad.length)
        warnings.push(`${FN}: ${bad.length} observation(s) have leverage 1, so the ${seType} variance is undefined and the standard errors are NaN`);
    }
    V = sandwich(M, meatRows(Xk, n, r, omega), r, false);
    const f = seScale(seType, n, n - dfRes, J);
    if (f !== 1) V = V.map((v) => v * f);
    dfCoef.fill(dfRes);
  } else if (seType !== "none") {
    let half: Float64Array;
    if (seType === "CR2") {
      const parts = wRaw
        ? (() => {
            const xu = selectCols(Xhat, n, kept);
            const xw = new Float64Array(n * r);
            for (let a = 0; a < r; a++) for (let i = 0; i < n; i++) xw[a * n + i] = xu[a * n + i]! * (wRaw[i]! / wm);
            return cr2Naive(xu, xw, n, r, eu, starts!, M, wm);
          })()
        : cr2LowRank(Xk, n, r, e, starts!, M);
      half = parts.half;
      dfCoef.set(parts.df);
    } else {
      half = clusterScores(denseRows(Xk, n, r), e, starts!);
      dfCoef.fill(J - 1);
    }
    V = sandwich(M, clusterMeat(half, J, r), r, false);
    const f = seScale(seType, n, n - dfRes, J);
    if (f !== 1) V = V.map((v) => v * f);
  }
  for (let a = 0; a < r; a++) if (!(dfCoef[a]! > 0)) dfCoef[a] = NaN;

  const alpha = opts.alpha;
  const coefficients: CoefficientRow[] = inp.names.map((term, j) => {
    const a = kept.indexOf(j);
    if (a < 0) return aliasedRow(term, inp.outcome);
    return coefficientRow(term, beta[j]!, V ? Math.sqrt(V[a * r + a]!) : NaN, dfCoef[a]!, alpha, inp.outcome);
  });
  let yss = 0;
  for (let i = 0; i < n; i++) yss += (y[i]! * sw[i]!) ** 2;
  warnings.push(...degenerateInferenceWarnings(FN, coefficients, V !== null && seType !== "none", rss <= 1e-20 * yss, inp.clusters !== undefined));
  const vcov = termVcov(inp.names.length, kept, V, r);

  // R² from the structural residuals (estimatr: 1 − Σ w e² / TSS_w).
  const hasInt = inp.intercept ? 1 : 0;
  let tss = 0;
  {
    let swt = 0;
    let swy = 0;
    for (let i = 0; i < n; i++) {
      const w = sw[i]! * sw[i]!;
      swt += w;
      swy += w * y[i]!;
    }
    const mean = hasInt ? swy / swt : 0;
    for (let i = 0; i < n; i++) tss += sw[i]! * sw[i]! * (y[i]! - mean) ** 2;
  }
  const r2 = 1 - rss / tss;
  const adjR2 = 1 - (1 - r2) * ((n - hasInt) / dfRes);
  let fStatistic: IvRobustResult["fStatistic"];
  const nomdf = r - hasInt;
  if (nomdf > 0 && V && seType !== "none") {
    const dendf = clustered ? J - 1 : dfRes;
    const idx: number[] = [];
    for (let a = hasInt; a < r; a++) idx.push(a);
    const value = waldQuadratic(idx.map((a) => beta[kept[a]!]!), idx.map((a) => idx.map((b) => V![b * r + a]!))) / nomdf;
    fStatistic = { value, df1: nomdf, df2: dendf, pValue: Number.isNaN(value) ? NaN : pf(value, nomdf, dendf, false) };
  }
  const diag = opts.diagnostics && seType !== "none";
  const firstStage = diag ? firstStageTests(inp, Zm) : undefined;
  const endogeneity = diag ? wuHausman(inp, Zm) : undefined;
  const overidentification = diag ? overidTest(inp, Zm, beta, kept) : undefined;
  return withDisplay({
    kind: "ivRobust",
    outcome: inp.outcome,
    formula,
    coefficients,
    vcov,
    terms: inp.names,
    instruments: Zm.names,
    nObs: n,
    ...(clustered ? { nClusters: J } : {}),
    seType,
    alpha,
    r2,
    adjR2,
    ...(fStatistic ? { fStatistic } : {}),
    rank: r,
    dfResidual: dfRes,
    weighted: wRaw !== undefined,
    ...(firstStage ? { firstStage } : {}),
    ...(endogeneity ? { endogeneity } : {}),
    ...(overidentification ? { overidentification } : {}),
    nDropped: inp.dropped.total,
    dropped: inp.dropped,
    warnings,
  });
}

/**
 * estimatr's `first_stage_ftest`: each endogenous regressor on all instruments with the
 * fit's SE type; Wald F of the excluded instruments' coefficients over their number.
 */
function firstStageTests(inp: LmFitInput, Zm: { x: Float64Array; p: number; names: string[] }): FirstStageTest[] {
  const n = inp.n;
  const endog = inp.names.map((name, j) => ({ name, j })).filter((c) => !Zm.names.includes(c.name));
  const excluded = Zm.names.map((name, j) => ({ name, j })).filter((c) => !inp.names.includes(c.name));
  return endog.map(({ name, j }) => {
    const fit = fitLm({
      ...inp,
      outcome: name,
      formula: `${name} ~ instruments`,
      y: inp.x.slice(j * n, (j + 1) * n),
      x: Zm.x,
      p: Zm.p,
      names: Zm.names,
      intercept: Zm.names[0] === "(Intercept)",
      warnings: [],
    });
    const idx = excluded.map((c) => c.j).filter((k) => !fit.coefficients[k]!.aliased);
    const q = idx.length;
    const value = waldQuadratic(idx.map((k) => fit.coefficients[k]!.estimate), idx.map((a) => idx.map((b) => fit.vcov[a]![b]!))) / q;
    const df2 = fit.nClusters !== undefined ? fit.nClusters - 1 : fit.dfResidual;
    return { term: name, value, df1: q, df2, pValue: Number.isNaN(value) ? NaN : pf(value, q, df2, false) };
  });
}

/** First-stage residuals X − X̂ of every regressor column (original row order). */
function firstStageResiduals(inp: LmFitInput, Zm: { x: Float64Array; p: number }): Float64Array {
  const fitted = lsFitted(Zm.x, inp.n, Zm.p, inp.x, inp.p, inp.weights);
  const out = new Float64Array(inp.n * inp.p);
  for (let k = 0; k < out.length; k++) out[k] = inp.x[k]! - fitted[k]!;
  return out;
}

/**
 * estimatr's `wu_hausman_reg_ftest`: y on [X, first-stage residuals] with the fit's SE type;
 * Wald F of the residual columns that are not collinear (those of exogenous regressors are 0).
 */
function wuHausman(inp: LmFitInput, Zm: { x: Float64Array; p: number; names: string[] }): IvDiagnosticTest {
  const n = inp.n;
  const res = firstStageResiduals(inp, Zm);
  const x = new Float64Array(n * inp.p * 2);
  x.set(inp.x, 0);
  x.set(res, n * inp.p);
  const fit = fitLm({
    ...inp,
    formula: "wu-hausman",
    x,
    p: inp.p * 2,
    names: [...inp.names, ...inp.names.map((v) => `resid_${v}`)],
    warnings: [],
  });
  const idx: number[] = [];
  for (let j = inp.p; j < 2 * inp.p; j++) if (!fit.coefficients[j]!.aliased) idx.push(j);
  const q = idx.length;
  const value = q === 0 ? NaN : waldQuadratic(idx.map((j) => fit.coefficients[j]!.estimate), idx.map((a) => idx.map((b) => fit.vcov[a]![b]!))) / q;
  const df2 = fit.nClusters !== undefined ? fit.nClusters - 1 : fit.dfResidual;
  return { value, df1: q, df2, pValue: Number.isNaN(value) ? NaN : pf(value, q, df2, false) };
}

/**
 * Overidentification: Sargan's n·R² of the structural residuals on Z (classical SEs), or
 * Wooldridge's (1995) robust score test (estimatr's `wooldridge_score_chisq`): the first m
 * excluded instruments are regressed on the exogenous regressors and the first-stage fits of
 * the endogenous ones; with k_i = residual_i · e_i, the statistic is n − SSR of 1 on k.
 */
function overidTest(inp: LmFitInput, Zm: { x: Float64Array; p: number; names: string[] }, beta: Float64Array, kept: number[]): IvDiagnosticTest {
  const n = inp.n;
  const endog = inp.names.map((name, j) => ({ name, j })).filter((c) => !Zm.names.includes(c.name));
  const excluded = Zm.names.map((name, j) => ({ name, j })).filter((c) => !inp.names.includes(c.name));
  const m = excluded.length - endog.length;
  if (m <= 0 || inp.weights) return { value: NaN, df1: Math.max(m, 0), pValue: NaN };
  // Structural residuals (unweighted, original order).
  const e = Float64Array.from(inp.y);
  for (const j of kept) for (let i = 0; i < n; i++) e[i] -= inp.x[j * n + i]! * beta[j]!;
  let value: number;
  if (inp.seType === "classical") {
    const f = lsFitted(Zm.x, n, Zm.p, e, 1, undefined);
    let ssr = 0;
    let tss = 0;
    for (let i = 0; i < n; i++) {
      ssr += (e[i]! - f[i]!) ** 2;
      tss += e[i]! * e[i]!; // estimatr fits without an intercept flag here: uncentred R²
    }
    value = n * (1 - ssr / tss);
  } else {
    const fits = lsFitted(Zm.x, n, Zm.p, inp.x, inp.p, undefined);
    const exog = inp.names.map((_, j) => j).filter((j) => Zm.names.includes(inp.names[j]!));
    const cols = [...exog.map((j) => inp.x.subarray(j * n, (j + 1) * n)), ...endog.map((c) => fits.subarray(c.j * n, (c.j + 1) * n))];
    const W = new Float64Array(n * cols.length);
    cols.forEach((c, a) => W.set(c, a * n));
    const Q = new Float64Array(n * m);
    for (let a = 0; a < m; a++) Q.set(Zm.x.subarray(excluded[a]!.j * n, (excluded[a]!.j + 1) * n), a * n);
    const qhat = lsFitted(W, n, cols.length, Q, m, undefined);
    const K = new Float64Array(n * m);
    for (let k = 0; k < n * m; k++) K[k] = (Q[k]! - qhat[k]!) * e[k % n]!;
    const ones = new Float64Array(n).fill(1);
    const f1 = lsFitted(K, n, m, ones, 1, undefined);
    let ssr = 0;
    for (let i = 0; i < n; i++) ssr += (1 - f1[i]!) ** 2;
    value = n - ssr;
  }
  return { value, df1: m, pValue: pchisq(value, m, false) };
}

/** Fitted values of the least-squares fits of each of the `q` columns of `Y` on `X` (weighted when `w`). */
function lsFitted(X: Float64Array, n: number, p: number, Y: Float64Array, q: number, w: Float64Array | undefined): Float64Array {
  const sw = w ? sqrtMeanWeights(w, n).sw : undefined;
  const Xw = sw ? scaleRows(X, n, p, sw) : X;
  return qrFitted(colPivQr(Xw, n, p, RANK_TOL), X, n, Y, q, sw);
}

/**
 * Fitted values X b_c of the (weighted) least-squares fits of each of the `q` columns of `Y` on
 * `X`, given `f`, the pivoted QR of √w·X (of X when `sw` is undefined); b_c solves R b = (Q'√w·y_c)
 * on the first rank(f) pivoted columns.
 */
function qrFitted(f: ColPivQr, X: Float64Array, n: number, Y: Float64Array, q: number, sw: Float64Array | undefined): Float64Array {
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

function selectCols(x: Float64Array, n: number, cols: readonly number[]): Float64Array {
  const out = new Float64Array(n * cols.length);
  cols.forEach((j, a) => out.set(x.subarray(j * n, j * n + n), a * n));
  return out;
}

/** h_i = x_i' M x_i. */
function leverages(X: Float64Array, n: number, r: number, M: Float64Array): Float64Array {
  const h = new Float64Array(n);
  for (let a = 0; a < r; a++)
    for (let b = 0; b < r; b++) {
      const m = M[b * r + a]!;
      if (m === 0) continue;
      for (let i = 0; i < n; i++) h[i] += X[a * n + i]! * m * X[b * n + i]!;
    }
  return h;
}

/** Σ ω_i x_i x_i'. */
function meatRows(X: Float64Array, n: number, r: number, omega: Float64Array): Float64Array {
  const meat = new Float64Array(r * r);
  for (let a = 0; a < r; a++)
    for (let b = a; b < r; b++) {
      let acc = 0;
      for (let i = 0; i < n; i++) acc += omega[i]! * X[a * n + i]! * X[b * n + i]!;
      meat[b * r + a] = acc;
      meat[a * r + b] = acc;
    }
  return meat;
}

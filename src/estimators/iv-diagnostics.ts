/**
 * ivRobust's diagnostics (estimatr's `diagnostics = TRUE`): the first-stage F test of the excluded
 * instruments, the Wu–Hausman endogeneity test and the overidentification test. Each is a
 * least-squares fit through the kernel (`fitLm`) or a first-stage projection (kernel/two-stage.ts).
 */
import { pchisq, pf } from "../math/distributions.js";
import { lsFitted } from "../kernel/two-stage.js";
import { waldQuadratic } from "../kernel/wald.js";
import { fitLm, type LmFitInput } from "./linear-fit.js";
import type { FirstStageTest, IvDiagnosticTest } from "./iv-robust.js";

/** The instruments' design (n×p column-major) and names. */
export interface InstrumentDesign {
  readonly x: Float64Array;
  readonly p: number;
  readonly names: string[];
}

/**
 * estimatr's `first_stage_ftest`: each endogenous regressor on all instruments with the
 * fit's SE type; Wald F of the excluded instruments' coefficients over their number.
 */
export function firstStageTests(inp: LmFitInput, Zm: InstrumentDesign): FirstStageTest[] {
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
export function wuHausman(inp: LmFitInput, Zm: InstrumentDesign): IvDiagnosticTest {
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
export function overidTest(inp: LmFitInput, Zm: InstrumentDesign, beta: Float64Array, kept: readonly number[]): IvDiagnosticTest {
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


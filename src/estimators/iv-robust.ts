/**
 * Two-stage least squares with robust and cluster-robust standard errors, equal to
 * R's `estimatr::iv_robust` (1.0.0): options → the regressor and instrument designs → the kernel's
 * first stage (kernel/two-stage.ts) and its least-squares fit of y on X̂ with the structural residuals
 * (kernel/fit.ts, the same fit and variance as lmRobust's) → the result.
 */
import * as z from "zod/mini";
import { EnsayoError } from "../errors.js";
import { toTable, type DataInput } from "../data/table.js";
import { parseOptions } from "../internal/options.js";
import { named } from "../internal/boundary.js";
import { fitLeastSquares } from "../kernel/fit.js";
import { firstStage, secondStageInput, type FirstStage } from "../kernel/two-stage.js";
import type { KernelFit } from "../kernel/types.js";
import { parseFormulaCore } from "./formula.js";
import { coefficientRows, kernelInput, type LinearFitResult, type LmFitInput } from "./linear-fit.js";
import { LinearModelOptionsShape, prepareFit } from "./prepare-fit.js";
import { degenerateInferenceWarnings } from "./dim-inference.js";
import { firstStageTests, overidTest, wuHausman, type InstrumentDesign } from "./iv-diagnostics.js";
import { designMatrix, levelsOption } from "./model-matrix.js";
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
  return named(FN, () => {
    try {
      return ivRobustCore(data, formula, options);
    } catch (error) {
      // an error that names no value of its own shows the formula it came from
      if (error instanceof EnsayoError && error.fn === undefined && error.value === undefined) (error as { value?: unknown }).value = formula;
      throw error;
    }
  });
}

/** {@link ivRobust} without the function name on its errors. */
function ivRobustCore(data: DataInput, formula: string, options?: IvRobustOptions): IvRobustResult {
  const parsed = parseOptions(IvRobustSchema, options, FN);
  const opts = { ...parsed, levels: levelsOption(parsed.levels, options) };
  const table = toTable(data);
  const spec = parseFormulaCore(formula);
  if (spec.outcome === null)
    throw new EnsayoError("FORMULA_PARSE", `formula '${formula}' has no outcome; write it as 'y ~ d + x | z + x'`, { value: formula });
  if (spec.parts.length !== 2)
    throw new EnsayoError(
      "FORMULA_PARSE",
      `formula '${formula}' needs regressors and instruments separated by '|', e.g. 'y ~ d + x | z + x'`,
      { value: formula, hint: "Exogenous regressors go on both sides of '|'" },
    );
  let zm: InstrumentDesign | undefined;
  const inp = prepareFit(table, {
    outcome: spec.outcome,
    formula,
    variables: spec.variables,
    build: (rows) => {
      const z2 = designMatrix(table, spec.parts[1]!, rows, opts.levels);
      zm = { x: z2.x, p: z2.p, names: z2.names };
      return designMatrix(table, spec.parts[0]!, rows, opts.levels);
    },
    weights: opts.weights,
    clusters: opts.clusters,
    seType: opts.seType,
    alpha: opts.alpha,
    na: opts.na,
  });
  const Zm = zm!;
  const { n, p, seType, outcome } = inp;
  if (Zm.p < p) {
    throw new EnsayoError(
      "NOT_ESTIMABLE",
      `the model is underidentified: ${p} regressor column(s) (${inp.names.join(", ")}) but only ${Zm.p} instrument column(s) (${Zm.names.join(", ")})`,
      { value: formula, hint: "Every endogenous regressor needs its own excluded instrument; exogenous regressors must appear on both sides of '|'" },
    );
  }
  // First stage X̂ = P_Z X, then the kernel's fit of y on X̂ with the structural residuals y − Xβ.
  const stage1 = firstStage(Zm.x, n, Zm.p, inp.x, p, inp.weights);
  if (stage1.rank === 0) throw new EnsayoError("NOT_ESTIMABLE", `every instrument column is zero`, { value: formula, hint: "Check the instrument columns" });
  const fit = fitLeastSquares(secondStageInput(kernelInput(inp), inp.x, stage1.fitted, p));
  const coefficients = coefficientRows(fit, inp.names, outcome, opts.alpha);
  const clustered = inp.clusters !== undefined;
  const warnings = [...inp.warnings, ...stageWarnings(inp, Zm, stage1, fit), ...degenerateInferenceWarnings(coefficients, seType !== "none", fit.perfectFit, clustered)];
  const diag = opts.diagnostics && seType !== "none";
  const firstStage1 = diag ? firstStageTests(inp, Zm) : undefined;
  const endogeneity = diag ? wuHausman(inp, Zm) : undefined;
  const overidentification = diag ? overidTest(inp, Zm, fit.estimate, fit.kept) : undefined;
  return withDisplay({
    kind: "ivRobust",
    outcome,
    formula,
    coefficients,
    vcov: fit.vcov,
    terms: inp.names,
    instruments: Zm.names,
    nObs: n,
    ...(clustered ? { nClusters: fit.nClusters } : {}),
    seType,
    alpha: opts.alpha,
    r2: fit.r2,
    adjR2: fit.adjR2,
    ...(fit.fStatistic ? { fStatistic: fit.fStatistic } : {}),
    rank: fit.rank,
    dfResidual: fit.dfResidual,
    weighted: inp.weights !== undefined,
    ...(firstStage1 ? { firstStage: firstStage1 } : {}),
    ...(endogeneity ? { endogeneity } : {}),
    ...(overidentification ? { overidentification } : {}),
    nDropped: inp.dropped.total,
    dropped: inp.dropped,
    warnings,
  });
}

/** The warnings of the two stages: unused instruments, regressors the instruments do not identify, leverages of 1. */
function stageWarnings(inp: LmFitInput, Zm: InstrumentDesign, stage1: FirstStage, fit: KernelFit): string[] {
  const out: string[] = [];
  if (stage1.rank < Zm.p)
    out.push(`${Zm.p - stage1.rank} instrument column(s) are collinear with earlier ones in the first stage and were not used: ${Zm.names.filter((_, j) => !stage1.used.includes(j)).join(", ")}`);
  if (fit.aliased.length)
    out.push(
      `${fit.aliased.length} term(s) are collinear in the second stage (not identified by the instruments) and were not estimated (estimate NaN, aliased): ${fit.aliased.map((j) => inp.names[j]).join(", ")}`,
    );
  if (fit.badLeverage.length)
    out.push(`${fit.badLeverage.length} observation(s) have leverage 1, so the ${inp.seType} variance is undefined and the standard errors are NaN`);
  return out;
}

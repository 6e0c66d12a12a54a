/**
 * The estimator side of every least-squares fit (lmRobust, lmLin, the balance regressions, ivRobust's
 * diagnostics): an {@link LmFitInput} (the kernel's arrays plus names, outcome, formula, the dropped
 * rows) goes to the array-only kernel (`kernel/fit.ts`) and comes back as the public
 * {@link LmRobustResult}: coefficient rows with term names and warnings (the public function's boundary names
 * its errors).
 */
import { pf } from "../math/distributions.js";
import { classicalF, fitLeastSquares } from "../kernel/fit.js";
import type { FactorCodes, HtzSupport, KernelFit, KernelInput } from "../kernel/types.js";
import { termVcov } from "../kernel/sandwich.js";
import { seTypeFor } from "../kernel/se-types.js";
import type { Cr2Mode } from "../kernel/vcov-cr2.js";
import { withDisplay } from "../report/result-proto.js";
import { aliasedRow, coefficientRow, degenerateInferenceWarnings } from "./dim-inference.js";
import type { CoefficientRow, DroppedRows, SeType } from "./types.js";

export type { HtzSupport } from "../kernel/types.js";

/** A factor of many levels kept as level codes for the kernel's block fit, with all terms' names (dense and dummy) in R's order. */
export interface FactorBlock extends FactorCodes {
  readonly names: readonly string[];
}

/** The F test of all non-intercept coefficients. */
export interface FStatistic {
  readonly value: number;
  readonly df1: number;
  readonly df2: number;
  readonly pValue: number;
}

/**
 * What every linear-model fit reports (lmRobust, lmLin, ivRobust): the tidy coefficients, the
 * variance matrix over all terms, the fit's size and summary statistics. waldTest reads these.
 */
export interface LinearFitResult {
  readonly outcome: string;
  readonly formula: string;
  /** One row per term, aliased ones included (estimate NaN, `aliased: true`). */
  readonly coefficients: readonly CoefficientRow[];
  /** Variance matrix over all terms; rows and columns of aliased terms are NaN. */
  readonly vcov: readonly (readonly number[])[];
  readonly terms: readonly string[];
  /** Observations used (rows with zero weight excluded). */
  readonly nObs: number;
  readonly nClusters?: number;
  readonly seType: SeType;
  readonly alpha: number;
  readonly r2: number;
  readonly adjR2: number;
  /** Wald F of all terms but the intercept (absent with fixed effects and when there is no such term). */
  readonly fStatistic?: FStatistic;
  /** Rank of the (demeaned) design. */
  readonly rank: number;
  /** n − rank − (rank of the absorbed fixed effects). */
  readonly dfResidual: number;
  /** Rows dropped for missing values (= `dropped.total`; every result that drops rows reports `nDropped`). */
  readonly nDropped: number;
  /** Which columns the dropped rows were missing in. */
  readonly dropped: DroppedRows;
  readonly warnings: readonly string[];
  /** Whether the fit was weighted. */
  readonly weighted: boolean;
}

/** Result of {@link lmRobust} (and {@link lmLin}). */
export interface LmRobustResult extends LinearFitResult {
  readonly kind: "lmRobust" | "lmLin";
  readonly coefficients: CoefficientRow[];
  readonly vcov: number[][];
  readonly terms: string[];
  readonly warnings: string[];
  /** Absorbed fixed-effect columns, if any. */
  readonly fixedEffects?: string[];
  /** How the fit was made (function, formula, options), so a later test can refit it from the same data. */
  readonly call?: LinearModelCall;
}

/**
 * How a fit was made, as plain JSON: the public function, its formula (lmRobust) and the options
 * it was given. `waldTest(fit, terms, { test: "HTZ", data })` refits from it.
 */
export interface LinearModelCall {
  readonly fn: "lmRobust" | "lmLin";
  readonly formula?: string;
  readonly options: Readonly<Record<string, unknown>>;
}

/**
 * A prepared least-squares fit: the kernel's arrays (`y`, the design, weights, cluster and
 * fixed-effect codes) with what only the user layer knows (names, outcome, formula, dropped rows,
 * warnings so far). Internal.
 */
export interface LmFitInput {
  readonly outcome: string;
  readonly formula: string;
  /** y over the estimation rows. */
  readonly y: Float64Array;
  /** Design n×p column-major with its names; includes `(Intercept)` if `intercept`. Empty when `cols` carries the design. */
  readonly x: Float64Array;
  /** The design as p columns of length n, used when `x` is empty (read, never written; may be the table's own arrays). */
  readonly cols?: readonly Float64Array[];
  /** `cols` were made for this fit alone, so fixed effects may demean them in place instead of copying. */
  readonly ownsColumns?: boolean;
  readonly n: number;
  readonly p: number;
  readonly names: string[];
  readonly intercept: boolean;
  /** Raw weights (already validated, none zero) or undefined. */
  readonly weights?: Float64Array;
  /** Cluster code per row (0..J-1) or undefined. */
  readonly clusters?: Int32Array;
  readonly nClusters?: number;
  /** Fixed-effect factor codes per factor and their level counts. */
  readonly fe?: { readonly names: string[]; readonly codes: Int32Array[]; readonly nLevels: number[] };
  readonly seType: SeType;
  readonly alpha: number;
  readonly dropped: DroppedRows;
  readonly warnings: string[];
  /** 0-based data row of each estimation row (for messages). */
  readonly rowIds?: Int32Array;
  /**
   * How much of the unweighted CR2 computation to do (default `"df"`: everything). Callers that
   * need only the variance matrix skip the per-coefficient Satterthwaite df, an O(J q² r) step:
   * `"support"` keeps what the HTZ test needs, `"meat"` (a Wald F with J − 1 df) keeps nothing
   * else and takes the eigen-free series of `cr2SeriesHalf`.
   */
  readonly cr2Mode?: Cr2Mode;
  /** Recorded on the result (see {@link LinearModelCall}). */
  readonly call?: LinearModelCall;
  /** A factor kept out of `x`/`cols` as level codes (then `names` and `p` are the dense columns'). */
  readonly factorBlock?: FactorBlock;
}

/**
 * The kernel's input for `inp`: its arrays only.
 */
export function kernelInput(inp: LmFitInput): KernelInput {
  const n = inp.n;
  const dense = inp.x.length === 0 && inp.cols;
  return {
    y: inp.y,
    n,
    cols: dense ? inp.cols! : Array.from({ length: inp.p }, (_, j) => inp.x.subarray(j * n, j * n + n)),
    ownsColumns: Boolean(dense && inp.ownsColumns),
    intercept: inp.intercept,
    weights: inp.weights,
    clusters: inp.clusters,
    nClusters: inp.nClusters,
    fe: inp.fe,
    factor: inp.factorBlock,
    seType: inp.seType,
    cr2Mode: inp.cr2Mode,
  };
}

/**
 * A fit with the pieces that later tests of the same fit reuse, handed back beside the result (never
 * stored on it or keyed by it: the result is the whole truth a user sees and can clone or serialize).
 * Internal.
 */
export interface LmFit {
  readonly result: LmRobustResult;
  /** The classical variance s²(X'X)⁻¹ of the same fit (r×r over the kept terms, column-major), made on demand. */
  classicalVcov(): Float64Array;
  /** CR2 fits made in `"support"` mode: what HTZ needs. */
  readonly htz?: HtzSupport;
}

/**
 * The classical (homoskedastic) version of a fit: the same estimates with
 * the variance s²(X'X)⁻¹, s² = RSS/(n − rank), the residual df for every coefficient and no
 * clusters — what `lmRobust(..., { seType: "classical" })` without `clusters` gives, without
 * refitting. Internal: not exported from the index.
 */
export function classicalTwin(fit: LmFit): LmRobustResult {
  const result = fit.result;
  if (result.seType === "classical") return result;
  const V = fit.classicalVcov();
  const keptTerms: number[] = [];
  result.coefficients.forEach((c, j) => {
    if (!c.aliased) keptTerms.push(j);
  });
  const r = keptTerms.length;
  const df = result.dfResidual;
  const coefficients = result.coefficients.map((c, j) => {
    const a = keptTerms.indexOf(j);
    return a < 0 ? c : coefficientRow(c.term, c.estimate, Math.sqrt(V[a * r + a]!), df > 0 ? df : NaN, result.alpha, result.outcome);
  });
  const { nClusters: _omit, fStatistic, ...rest } = result;
  let twinF: FStatistic | undefined;
  if (fStatistic) {
    const value = classicalF(result.r2, df, fStatistic.df1);
    twinF = { value, df1: fStatistic.df1, df2: df, pValue: Number.isNaN(value) ? NaN : pf(value, fStatistic.df1, df, false) };
  }
  return { ...rest, seType: "classical", coefficients, vcov: termVcov(result.terms.length, keptTerms, V, r), ...(twinF ? { fStatistic: twinF } : {}) };
}

/**
 * Estimate a prepared least-squares fit through the kernel and assemble its result.
 *
 * @throws EnsayoError `NOT_ESTIMABLE` when nothing can be estimated (the public function's boundary names it).
 */
export function fitLm(inp: LmFitInput): LmRobustResult {
  return fitLmParts(inp).result;
}

/** {@link fitLm} with the pieces later tests of the same fit reuse ({@link LmFit}). Internal. */
export function fitLmParts(inp: LmFitInput): LmFit {
  const fit = fitLeastSquares(kernelInput(inp));
  const { seType, alpha, outcome } = inp;
  const names = (inp.factorBlock?.names ?? inp.names).slice(fit.firstTerm);
  const clustered = inp.clusters !== undefined;
  const warnings = [...inp.warnings];
  if (fit.aliased.length)
    warnings.push(`${fit.aliased.length} term(s) are collinear with earlier ones and were not estimated: ${fit.aliased.map((j) => names[j]).join(", ")}`);
  const bad = fit.badLeverage;
  if (bad.length) {
    const rowsText = bad.slice(0, 10).map((i) => (inp.rowIds ? inp.rowIds[i]! + 1 : i + 1));
    warnings.push(
      `${bad.length} observation(s) have leverage 1 (data row ${rowsText.join(", ")}${bad.length > 10 ? ", …" : ""}), so the ${seType} variance is undefined and the standard errors are NaN; estimatr 1.0.0 silently gives them weight 0. Use HC1, or remove the term that isolates them`,
    );
  }
  const coefficients = coefficientRows(fit, names, outcome, alpha, (term) => {
    if (seType !== "none") warnings.push(`the degrees of freedom of '${term}' are not positive; its df and p-value are NaN`);
  });
  warnings.push(...degenerateInferenceWarnings(coefficients, seType !== "none", fit.perfectFit, clustered));
  const result: LmRobustResult = {
    kind: inp.call?.fn === "lmLin" ? "lmLin" : "lmRobust",
    outcome,
    formula: inp.formula,
    coefficients,
    vcov: fit.vcov,
    terms: names,
    nObs: fit.n,
    ...(clustered ? { nClusters: fit.nClusters } : {}),
    seType,
    alpha,
    r2: fit.r2,
    adjR2: fit.adjR2,
    ...(fit.fStatistic ? { fStatistic: fit.fStatistic } : {}),
    rank: fit.rank,
    dfResidual: fit.dfResidual,
    nDropped: inp.dropped.total,
    dropped: inp.dropped,
    warnings,
    ...(inp.fe ? { fixedEffects: inp.fe.names } : {}),
    weighted: inp.weights !== undefined,
    ...(inp.call ? { call: inp.call } : {}),
  };
  return { result: withDisplay(result), classicalVcov: fit.classicalVcov, ...(fit.htz ? { htz: fit.htz } : {}) };
}

/**
 * The tidy coefficient rows of a kernel fit: aliased terms as such, the others with their SE from
 * the variance's diagonal; a df that is not positive becomes NaN (`onNonPositiveDf` is told which term).
 */
export function coefficientRows(fit: KernelFit, names: readonly string[], outcome: string, alpha: number, onNonPositiveDf?: (term: string) => void): CoefficientRow[] {
  const df = Float64Array.from(fit.df);
  const isKept = new Uint8Array(names.length);
  for (const j of fit.kept) isKept[j] = 1;
  for (const j of fit.kept)
    if (!(df[j]! > 0)) {
      if (!Number.isNaN(df[j]!)) onNonPositiveDf?.(names[j]!);
      df[j] = NaN;
    }
  return names.map((term, j) =>
    !isKept[j] ? aliasedRow(term, outcome) : coefficientRow(term, fit.estimate[j]!, Math.sqrt(fit.vcov[j]![j]!), df[j]!, alpha, outcome),
  );
}

/** Resolve the default SE type and refuse combinations estimatr refuses: the registry's one rule ({@link seTypeFor}). */
export function checkSeType(se: SeType | undefined, clustered: boolean): SeType {
  return seTypeFor(se, clustered);
}

/** The given options as plain JSON data (keys with undefined values left out). */
export function callOptions(options: object | undefined): Readonly<Record<string, unknown>> {
  return options === undefined ? {} : (JSON.parse(JSON.stringify(options)) as Record<string, unknown>);
}

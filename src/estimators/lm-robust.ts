/**
 * Ordinary (or weighted) least squares with heteroskedasticity- and cluster-robust standard
 * errors, equal to R's `estimatr::lm_robust` (1.0.0).
 */
import * as z from "zod/mini";
import { EnsayoError } from "../errors.js";
import { asTable, type DataInput, type Table } from "../data/table.js";
import { getColumn, numericColumn } from "../data/columns.js";
import { parseOptions } from "../internal/options.js";
import { pf } from "../math/distributions.js";
import { applyQt, clusterTsqr, colPivQr, invUpper, leadingR, pinvPsd, symEigen, transpose, tsqr } from "../math/linalg.js";
import { parseFormula } from "./formula.js";
import { nfcKey } from "../internal/nfc.js";
import { aliasedRow, coefficientRow, degenerateInferenceWarnings } from "./dim-inference.js";
import { completeRows, designColumns, designColumnsFactorBlock, levelsOption, LevelsOptionSchema } from "./model-matrix.js";
import { infiniteWarnings, missingOnly } from "./infinite-values.js";
import { FACTOR_BLOCK_MIN_LEVELS, fitFactorBlock, materializeFactorBlock, type FactorBlock } from "./factor-block-fit.js";
import type { CoefficientRow, DroppedRows, SeType } from "./types.js";
import { clusterMeat, clusterOrder, clusterScores, sandwich, sqrtMeanWeights, termVcov } from "./sandwich.js";
import { addGramUpper, materialize, mirrorUpper, qRows, ROW_BLOCK, type DesignRows } from "./design-rows.js";
import { basisContrasts, basisSandwich, basisScores, pivotedBasis, unpivotedBasis } from "./cluster-basis.js";
import { cr2 } from "./cr2.js";
import { resolveSeType, seScale, SE_TYPE_NAMES } from "../kernel/se-types.js";
import type { Cr2DfSupport, Cr2Mode, FeDummies } from "./vcov-cr2.js";
import { withDisplay } from "../report/result-proto.js";

/**
 * Options shared by the regression estimators (lmRobust, lmLin, ivRobust): one definition, so
 * their validation and defaults cannot drift apart. Internal; each function adds its own fields.
 */
export const LinearModelOptionsShape = {
  /** Variance estimator; default `"HC2"`, or `"CR2"` with `clusters`. */
  seType: z.optional(z.enum(SE_TYPE_NAMES)),
  /** Column holding cluster ids. */
  clusters: z.optional(z.string().check(z.minLength(1))),
  /** Column of non-negative weights. */
  weights: z.optional(z.string().check(z.minLength(1))),
  /** Size of the tests; confidence level is 1 − alpha. Default 0.05. */
  alpha: z._default(z.number().check(z.gt(0), z.lt(1)), 0.05),
  /** Rows with missing values: `"omit"` (default, listwise) or `"error"`. */
  na: z._default(z.enum(["omit", "error"]), "omit"),
  /** Level order per text column; the first level is the reference. */
  levels: z.optional(LevelsOptionSchema),
};

const LmRobustOptionsSchema = z
  .strictObject({
    ...LinearModelOptionsShape,
    /** One or more factor columns to absorb (not estimated, not reported). */
    fixedEffects: z.optional(z.union([z.string().check(z.minLength(1)), z.array(z.string().check(z.minLength(1))).check(z.minLength(1))])),
  });

/** Options of {@link lmRobust}. */
export type LmRobustOptions = z.input<typeof LmRobustOptionsSchema>;

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

/** The given options as plain JSON data (keys with undefined values left out). */
export function callOptions(options: object | undefined): Readonly<Record<string, unknown>> {
  return options === undefined ? {} : (JSON.parse(JSON.stringify(options)) as Record<string, unknown>);
}

/** A fit's internals, shared with the other estimators of this folder. */
export interface LmFitInput {
  /** The public function's name, for messages (default `"lmRobust"`; lmLin and ivRobust pass theirs). */
  readonly fn?: string;
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

const FN = "lmRobust";

/** What waldTest's HTZ test needs from a CR2 fit: the df support and each kept term's contrast in its basis. */
export interface HtzSupport {
  readonly support: Cr2DfSupport;
  /** Contrast vector of term `term` (an index into the result's terms); throws for an aliased term. */
  contrast(term: number): Float64Array;
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

/** The classical F of all terms but the intercept from R²: (R²/q) / ((1 − R²)/df). */
function classicalF(r2: number, dfResidual: number, q: number): number {
  return (r2 * dfResidual) / ((1 - r2) * q);
}

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
 * Relative tolerance of the rank decision (see fitLm): a pivot whose residual is under 1e-7 of
 * its column's norm is aliased (R's `lm` and estimatr 2.0 rule). Shared by ivRobust.
 */
export const RANK_TOL = 1e-7;

/**
 * Fit a linear model by least squares and report robust standard errors, as `estimatr::lm_robust`.
 *
 * Coefficients come from a column-pivoted Householder QR (estimatr's Eigen algorithm, so the
 * same collinear terms are reported as aliased). Variances, with M = (X'X)⁻¹, residuals e and
 * leverages h: classical s²M; HC0 M X'diag(e²)X M; HC1 = HC0·n/(n−k); HC2 with e²/(1−h);
 * HC3 with e²/(1−h)²; CR0 M Σ_g X_g'e_g e_g'X_g M; stata = CR0·J(n−1)/((J−1)(n−k));
 * CR2 (Bell–McCaffrey) M Σ_g X_g'A_g e_g e_g'A_g X_g M with A_g = (I−H_gg)^(−1/2).
 * df: n − k for the HC types and classical, J − 1 for CR0/stata, Bell–McCaffrey Satterthwaite per
 * coefficient for CR2 (k counts absorbed fixed effects). Weights w scale rows by √(w/mean w).
 * A treatment-coded factor of 40 or more levels is fitted as a block of sparse dummies when there are
 * no clusters or weights (the same numbers, O(n k² + L² k) instead of O(n (k + L)²); factor-block-fit.ts).
 *
 * Differences from estimatr 1.0.0 (see docs/estimators.md): zero-weight rows are dropped
 * (not counted in n, df or clusters); a leverage of 1 under HC2/HC3 gives NaN standard errors
 * and a warning naming the rows.
 *
 * @see https://declaredesign.org/r/estimatr/articles/mathematical-notes.html
 * @throws EnsayoError `FORMULA_PARSE`, `MISSING_COLUMN`, `NOT_NUMERIC`, `MISSING_VALUE`,
 *   `INVALID_OPTION` (e.g. `HC2` with clusters), `BAD_WEIGHTS`, `TOO_FEW_CLUSTERS`, `NOT_ESTIMABLE`.
 * @example
 * ```ts
 * const fit = lmRobust({ y: [3.1, 2.4, 5.0, 4.2, 6.3, 5.9, 7.7, 6.1, 4.4, 8.0], z: [0,0,0,0,0,0,0,1,1,1] }, "y ~ z");
 * fit.coefficients[1]; // { term: "z", estimate: 1.22381, stdError: 1.255311, df: 8, … }
 * ```
 */
export function lmRobust(data: DataInput, formula: string, options?: LmRobustOptions): LmRobustResult {
  return lmRobustWith(data, formula, options, "df");
}

/**
 * `lmRobust` for callers that use only the variance matrix (e.g. a joint Wald F test, whose df
 * with clusters is J − 1): unweighted CR2 fits skip the per-coefficient Satterthwaite df, so each
 * row's `df`, `pValue`, `confLow` and `confHigh` are NaN. `"support"` (default) keeps what
 * `waldTest(..., { test: "HTZ" })` needs; `"meat"` does not. Internal: not exported from the index.
 */
export function lmRobustVcovOnly(data: DataInput, formula: string, options?: LmRobustOptions, mode: "support" | "meat" = "support"): LmRobustResult {
  return lmRobustWith(data, formula, options, mode);
}

function lmRobustWith(data: DataInput, formula: string, options: LmRobustOptions | undefined, cr2Mode: Cr2Mode): LmRobustResult {
  const prepared = lmFitInput(data, formula, options, true);
  return fitLm(cr2Mode === "df" ? prepared : { ...prepared, cr2Mode });
}

/**
 * What `lmRobust(data, formula, options)` hands to {@link fitLm}: options validated, complete rows, the design. Internal.
 * With `factorBlocks`, a factor of many levels may stay a block of level codes (`factorBlock`) that only
 * fitLm reads; without it (the default) the design is always dense, as repeatedWald and other readers need.
 */
export function lmFitInput(data: DataInput, formula: string, options?: LmRobustOptions, factorBlocks = false): LmFitInput {
  const parsed = parseOptions(LmRobustOptionsSchema, options, FN);
  const opts = { ...parsed, levels: levelsOption(parsed.levels, options, FN) };
  const table = asTable(data, FN);
  const spec = parseFormula(formula);
  if (spec.outcome === null)
    throw new EnsayoError("FORMULA_PARSE", `${FN}: formula '${formula}' has no outcome; write it as 'y ~ x'`, { value: formula });
  if (spec.parts.length !== 1)
    throw new EnsayoError("FORMULA_PARSE", `${FN}: formula '${formula}' has a '|' part; instruments belong in ivRobust`, { value: formula });
  const fes = opts.fixedEffects === undefined ? [] : typeof opts.fixedEffects === "string" ? [opts.fixedEffects] : opts.fixedEffects;
  // One factor of many levels stays a block of sparse dummies where the block fit applies (see factor-block-fit.ts).
  const se = opts.seType ?? (opts.clusters !== undefined ? "CR2" : "HC2");
  const blockable = factorBlocks && opts.weights === undefined && opts.clusters === undefined && fes.length === 0 && se !== "none" && se !== "CR0" && se !== "CR2";
  const prepared = prepareFit(table, {
    fn: FN,
    outcome: spec.outcome,
    formula,
    variables: spec.variables,
    build: (rows) =>
      (blockable && designColumnsFactorBlock(table, spec.parts[0]!, rows, FN, opts.levels, FACTOR_BLOCK_MIN_LEVELS)) ||
      designColumns(table, spec.parts[0]!, rows, FN, opts.levels),
    weights: opts.weights,
    clusters: opts.clusters,
    fixedEffects: fes,
    seType: opts.seType,
    alpha: opts.alpha,
    na: opts.na,
  });
  return { ...prepared, call: { fn: "lmRobust", formula, options: callOptions(options) } };
}

/** What {@link prepareFit} needs. */
export interface PrepareFitSpec {
  readonly fn: string;
  readonly outcome: string;
  readonly formula: string;
  /** Every variable the design uses (checked for missing values). */
  readonly variables: readonly string[];
  /** Build the design over the complete rows. */
  readonly build: (rows: Int32Array) => {
    x?: Float64Array;
    cols?: readonly Float64Array[];
    n: number;
    p: number;
    names: string[];
    intercept: boolean;
    factorBlock?: FactorBlock;
  };
  readonly weights?: string | undefined;
  readonly clusters?: string | undefined;
  readonly fixedEffects?: readonly string[];
  readonly seType?: SeType | undefined;
  readonly alpha: number;
  readonly na: "omit" | "error";
  /** Extra columns that must be complete (e.g. instruments). */
  readonly extraColumns?: readonly string[];
}

/**
 * Select the complete rows, validate weights and clusters, and build the design: the shared
 * front half of `lmRobust`, `lmLin` and other least-squares estimators.
 *
 * @throws EnsayoError as {@link lmRobust}.
 */
export function prepareFit(table: Table, s: PrepareFitSpec): LmFitInput {
  const fn = s.fn;
  const warnings: string[] = [];
  const clustered = s.clusters !== undefined;
  const seType = checkSeType(s.seType, clustered, fn);
  const fes = s.fixedEffects ?? [];
  const cols: { name: string; role: string }[] = [{ name: s.outcome, role: "outcome" }];
  for (const v of s.variables) cols.push({ name: v, role: "variable" });
  for (const v of s.extraColumns ?? []) cols.push({ name: v, role: "variable" });
  if (s.weights !== undefined) cols.push({ name: s.weights, role: "weights" });
  if (s.clusters !== undefined) cols.push({ name: s.clusters, role: "clusters" });
  for (const f of fes) cols.push({ name: f, role: "fixedEffects" });
  const yCol = numericColumn(table, s.outcome, fn, "outcome");
  let { rows, dropped } = completeRows(table, cols, s.na, fn);
  const ancillary = [s.weights, s.clusters, ...fes].filter((v): v is string => v !== undefined);
  warnings.push(...infiniteWarnings(fn, dropped));
  const ancDropped = ancillary.filter((v) => missingOnly(dropped, v) > 0);
  if (ancDropped.length)
    warnings.push(`${fn}: rows with missing ${ancDropped.map((v) => `'${v}'`).join(", ")} were dropped (${dropped.total} rows dropped in all)`);

  let weights: Float64Array | undefined;
  if (s.weights !== undefined) {
    const wCol = numericColumn(table, s.weights, fn, "weights");
    let zeros = 0;
    for (let i = 0; i < rows.length; i++) {
      const w = wCol[rows[i]!]!;
      if (!(w >= 0) || !Number.isFinite(w))
        throw new EnsayoError("BAD_WEIGHTS", `${fn}: \`weights\` column '${s.weights}' must be finite and non-negative, but row ${rows[i]! + 1} holds ${w}`, {
          column: s.weights,
          line: rows[i]! + 1,
          value: w,
          hint: "Fix or remove that row",
        });
      if (w === 0) zeros++;
    }
    if (zeros === rows.length)
      throw new EnsayoError("BAD_WEIGHTS", `${fn}: every weight in '${s.weights}' is zero`, { column: s.weights, hint: "Give positive weights" });
    if (zeros > 0) {
      const kept = new Int32Array(rows.length - zeros);
      for (let i = 0, j = 0; i < rows.length; i++) if (wCol[rows[i]!] !== 0) kept[j++] = rows[i]!;
      rows = kept;
      warnings.push(
        `${fn}: ${zeros} row(s) with zero weight were left out; they count neither as observations, in the df, nor as clusters (estimatr 1.0.0 counts them)`,
      );
    }
    weights = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) weights[i] = wCol[rows[i]!]!;
  }
  const n = rows.length;
  if (n === 0) throw new EnsayoError("NOT_ESTIMABLE", `${fn}: no complete rows to estimate from`, { hint: "Check the missing values in the columns used" });
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = yCol[rows[i]!]!;
  const dm = s.build(rows);

  let clusters: Int32Array | undefined;
  let nClusters: number | undefined;
  if (s.clusters !== undefined) {
    const f = codeLabels(table, s.clusters, rows, fn, "clusters");
    clusters = f.codes;
    nClusters = f.nLevels;
    if (nClusters < 2)
      throw new EnsayoError("TOO_FEW_CLUSTERS", `${fn}: \`clusters\` '${s.clusters}' has ${nClusters} cluster in the estimation rows; at least 2 are needed`, {
        column: s.clusters,
        hint: "Check the cluster column, or drop `clusters`",
      });
  }
  let fe: LmFitInput["fe"];
  if (fes.length) {
    const codes: Int32Array[] = [];
    const nLevels: number[] = [];
    for (const f of fes) {
      const c = codeLabels(table, f, rows, fn, "fixedEffects");
      codes.push(c.codes);
      nLevels.push(c.nLevels);
    }
    if (fes.length > 1 && nLevels.some((l) => l === 1))
      throw new EnsayoError("INVALID_OPTION", `${fn}: a fixed effect with one level cannot be combined with other fixed effects`, {
        hint: "Remove the constant fixed-effect column",
      });
    fe = { names: [...fes], codes, nLevels };
    if (weights !== undefined && seType === "CR2")
      throw new EnsayoError("INVALID_OPTION", `${fn}: \`fixedEffects\` with \`weights\` and \`seType\` "CR2" is not supported (as in estimatr 1.0.0)`, {
        hint: 'Use seType "stata" or "CR0", or drop the fixed effects and add the factor to the formula',
      });
  }
  return {
    outcome: s.outcome,
    formula: s.formula,
    y,
    ...(dm.cols ? { x: new Float64Array(0), cols: dm.cols } : { x: dm.x! }),
    ...(dm.factorBlock ? { factorBlock: dm.factorBlock } : {}),
    n,
    p: dm.p,
    names: dm.names,
    intercept: dm.intercept,
    ...(weights ? { weights } : {}),
    ...(clusters ? { clusters, nClusters: nClusters! } : {}),
    ...(fe ? { fe } : {}),
    seType,
    alpha: s.alpha,
    dropped,
    warnings,
    rowIds: rows,
    fn,
  };
}

function codeLabels(table: Table, name: string, rows: Int32Array, fn: string, role: string): { codes: Int32Array; nLevels: number } {
  const col = getColumn(table, name, fn, role);
  const map = new Map<string | number, number>();
  const codes = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const raw = col[rows[i]!]!;
    const v = typeof raw === "string" ? nfcKey(raw) : raw; // one cluster or fixed-effect level per NFC spelling
    let c = map.get(v);
    if (c === undefined) {
      c = map.size;
      map.set(v, c);
    }
    codes[i] = c;
  }
  // Renumber in sorted order (R's factor order) so cluster order is deterministic.
  const keys = [...map.keys()];
  const sorted = [...keys].sort((a, b) => (typeof a === "number" && typeof b === "number" ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
  const remap = new Int32Array(keys.length);
  sorted.forEach((k, i) => (remap[map.get(k)!] = i));
  for (let i = 0; i < codes.length; i++) codes[i] = remap[codes[i]!]!;
  return { codes, nLevels: keys.length };
}

/** Resolve the default SE type and refuse combinations estimatr refuses: the registry's one rule ({@link resolveSeType}). */
export function checkSeType(se: SeType | undefined, clustered: boolean, fn: string): SeType {
  return resolveSeType(se, clustered, fn);
}

/**
 * A fit's design as its QR and variance code see it: the intercept dropped and X and y demeaned
 * within the fixed effects, rows in cluster order (estimatr sorts by cluster before computing
 * variances), and with weights √(w / mean w) applied (`xs`, `ys`; `cols`, `y` unweighted).
 * Shared by {@link fitLm} and `repeatedWald`, which must see the same design.
 */
export interface FitDesign {
  readonly p: number;
  readonly names: string[];
  /** X, unweighted (p columns of length n). */
  readonly cols: Float64Array[];
  readonly y: Float64Array;
  /** X and y with √(w / mean w) applied (the same arrays when unweighted). */
  readonly xs: Float64Array[];
  readonly ys: Float64Array;
  readonly feRank: number;
  readonly feD: { codes: Int32Array[]; offsets: number[]; L: number } | undefined;
  /** `order[k]` = row at sorted position k, or undefined when the rows already are in cluster order. */
  readonly order: Int32Array | undefined;
  /** J + 1 cluster boundaries (clustered fits). */
  readonly starts: Int32Array | undefined;
  readonly J: number;
  readonly wRaw: Float64Array | undefined;
  readonly wm: number;
  readonly sw: Float64Array | undefined;
}

/** See {@link FitDesign}. @throws EnsayoError `NOT_ESTIMABLE` when no term is left. */
export function fitDesign(inp: LmFitInput, FN: string): FitDesign {
  const n = inp.n;
  // The design as column views: no copy unless fixed effects, clusters or weights change it.
  let p = inp.p;
  let cols: Float64Array[] =
    inp.x.length === 0 && inp.cols ? [...inp.cols] : Array.from({ length: p }, (_, j) => inp.x.subarray(j * n, j * n + n));
  let names = inp.names;
  let y = inp.y;
  let feRank = 0;
  let feD: FitDesign["feD"];
  // Fixed effects: drop the intercept, demean y and X within the FE groups.
  if (inp.fe) {
    const start = inp.intercept ? 1 : 0;
    p = inp.p - start;
    names = inp.names.slice(start);
    cols = inp.ownsColumns && inp.x.length === 0 ? cols.slice(start) : cols.slice(start).map((c) => Float64Array.from(c));
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
  if (p === 0) throw new EnsayoError("NOT_ESTIMABLE", `${FN}: the model has no terms to estimate`, { hint: "Add a regressor to the formula" });
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
  return { p, names, cols, y, xs, ys, feRank, feD, order, starts, J, wRaw, wm, sw };
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

/**
 * Estimate a prepared least-squares fit: QR, residuals, the requested variance, df, tests.
 *
 * @throws EnsayoError `NOT_ESTIMABLE` when nothing can be estimated.
 */
export function fitLm(inp: LmFitInput): LmRobustResult {
  return fitLmParts(inp).result;
}

/** {@link fitLm} with the pieces later tests of the same fit reuse ({@link LmFit}). Internal. */
export function fitLmParts(input: LmFitInput): LmFit {
  if (input.factorBlock) {
    const block = fitFactorBlock(input, RANK_TOL);
    if (block) return block;
  }
  const inp = materializeFactorBlock(input);
  // Messages name the calling public function (lmLin and ivRobust fit through here too).
  const FN = inp.fn ?? "lmRobust";
  const { outcome, n, seType, alpha } = inp;
  const warnings = [...inp.warnings];
  const weighted = inp.weights !== undefined;
  const clustered = inp.clusters !== undefined;
  const d = fitDesign(inp, FN);
  const { p, names, feRank, feD, order, starts, wRaw, wm, sw, xs, ys } = d;
  const x = d.cols;
  const y = d.y;
  const J = d.J;
  const yOriginal = inp.y;

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
  if (r === 0) throw new EnsayoError("NOT_ESTIMABLE", `${FN}: every regressor is zero or collinear`, { hint: "Check the design columns" });
  const Rinv = invUpper(leadingR(qr, r), r);
  // Q = X_p R⁻¹ (n×r, orthonormal up to cond(X)·eps), on the pivoted kept columns.
  // Every n-sized loop below runs over row blocks so the columns it touches stay in cache.
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
  // Residuals e = y − X_p β (one pass); clustered fits also need the rows of Q = X_p R⁻¹ cluster by
  // cluster, made block by block when needed (never stored).
  const e = residuals(xs, ys, n, r, qr.perm, betaPiv);
  const Q = qRows(xs, n, r, Rinv, qr.perm);
  // Full rank: the cheaper basis of the unpivoted R (see unpivotedBasis); otherwise that of the pivoted QR.
  const basis = cq ? (r === p ? unpivotedBasis(xs, n, p, invUpper(cq.R, p), cq) : pivotedBasis(xs, n, p, r, Rinv, qr.perm, cq)) : null;
  const beta = new Float64Array(p).fill(NaN);
  for (let k = 0; k < r; k++) beta[qr.perm[k]!] = betaPiv[k]!;
  const kept: number[] = [];
  for (let j = 0; j < p; j++) if (!Number.isNaN(beta[j]!)) kept.push(j);
  const aliased = p - r;
  if (aliased > 0)
    warnings.push(`${FN}: ${aliased} term(s) are collinear with earlier ones and were not estimated: ${names.filter((_, j) => Number.isNaN(beta[j]!)).join(", ")}`);
  // Work in the pivoted, orthonormal basis: X_p = Q R with Q = X_p R⁻¹ (n×r). Leverages are
  // row norms of Q and every sandwich is R⁻¹ (Q'ΩQ) R⁻ᵀ, so rounding grows with cond(X), not
  // cond(X)² as with an explicit (X'X)⁻¹ (which matters for a covariate such as a year ≈ 2020).
  const posOf = new Int32Array(p).fill(-1);
  for (let k = 0; k < r; k++) posOf[qr.perm[k]!] = k;
  let rss = 0;
  for (let i = 0; i < n; i++) rss += e[i]! * e[i]!;
  const totRank = r + feRank;
  const dfRes = n - totRank;
  const I = new Float64Array(r * r);
  for (let k = 0; k < r; k++) I[k * r + k] = 1;
  const Mpiv = sandwich(Rinv, I, r, true);

  // Variance, in pivot order.
  let cr2Basis: { support: Cr2DfSupport; contrastPiv: (k: number) => Float64Array } | undefined;
  let Vp: Float64Array | null = null;
  let dfPiv: Float64Array = new Float64Array(r).fill(NaN);
  if (seType !== "none") {
    if (seType === "classical") {
      const s2 = rss / (n - totRank);
      Vp = Mpiv.map((v) => v * s2);
      dfPiv.fill(n - totRank);
    } else if (!clustered) {
      let dfHC = n - totRank;
      const mode = seType === "HC2" ? 2 : seType === "HC3" ? 3 : 0;
      let hExtra: Float64Array | null = null;
      if (mode && feD) {
        const hd = feLeverage(feD, n, sw);
        hExtra = hd.h;
        dfHC = n - (r + hd.rank);
      }
      const { meat: meatQ, bad } = streamMeat(Q, e, mode, hExtra);
      if (bad.length) {
        const rowsText = bad.slice(0, 10).map((i) => (inp.rowIds ? inp.rowIds[i]! + 1 : i + 1));
        warnings.push(
          `${FN}: ${bad.length} observation(s) have leverage 1 (data row ${rowsText.join(", ")}${bad.length > 10 ? ", …" : ""}), so the ${seType} variance is undefined and the standard errors are NaN; estimatr 1.0.0 silently gives them weight 0. Use HC1, or remove the term that isolates them`,
        );
      }
      Vp = sandwich(Rinv, meatQ, r, true);
      const f = seScale(seType, n, totRank, J);
      if (f !== 1) Vp = Vp.map((v) => v * f);
      dfPiv.fill(seType === "HC2" || seType === "HC3" ? dfHC : n - totRank);
    } else {
      let half: Float64Array;
      if (seType === "CR2") {
        // Coefficient k of β = R⁻¹γ has contrast row k of R⁻¹ in the Q basis (row perm[k] of T in a cluster basis).
        const contrasts = basis ? basisContrasts(basis, qr.perm) : transpose(Rinv, r, r);
        const weightedRows = wRaw
          ? {
              // estimatr's weighted CR2, in the basis X_u R⁻¹ (where M = I)
              xu: materialize(qRows(x, n, r, Rinv, qr.perm)),
              ws: Float64Array.from(wRaw, (v) => v / wm),
              eu: residuals(x, y, n, r, qr.perm, betaPiv),
              wm,
            }
          : undefined;
        const parts = cr2({ design: basis ?? Q, n, r, e, starts: starts!, contrasts, mode: inp.cr2Mode ?? "df", fe: wRaw ? undefined : feDummies(d, n), weighted: weightedRows });
        const support = parts.support;
        if (support) cr2Basis = { support, contrastPiv: (k) => contrasts.slice(k * r, k * r + r) };
        half = parts.half;
        dfPiv = parts.df;
      } else {
        half = basis ? basisScores(basis, e, starts!) : clusterScores(Q, e, starts!);
        dfPiv.fill(J - 1);
      }
      const meat = clusterMeat(half, J, r);
      Vp = basis ? basisSandwich(basis, meat, qr.perm) : sandwich(Rinv, meat, r, true);
      const f = seScale(seType, n, totRank, J);
      if (f !== 1) Vp = Vp.map((v) => v * f);
    }
  }
  // Back to the kept columns in their original order.
  const bk = new Float64Array(r);
  kept.forEach((j, a) => (bk[a] = beta[j]!));
  const pk = kept.map((j) => posOf[j]!);
  const toKept = (W: Float64Array) => {
    const out = new Float64Array(r * r);
    for (let a = 0; a < r; a++) for (let b = 0; b < r; b++) out[b * r + a] = W[pk[b]! * r + pk[a]!]!;
    return out;
  };
  const V = Vp ? toKept(Vp) : null;
  const dfCoef = Float64Array.from(pk, (k) => dfPiv[k]!);
  for (let a = 0; a < r; a++)
    if (!(dfCoef[a]! > 0) && seType !== "none" && !Number.isNaN(dfCoef[a]!)) {
      warnings.push(`${FN}: the degrees of freedom of '${names[kept[a]!]}' are not positive; its df and p-value are NaN`);
      dfCoef[a] = NaN;
    }

  // Coefficient table over all terms.
  const coefficients: CoefficientRow[] = names.map((term, j) => {
    const a = posOf[j]! >= 0 ? kept.indexOf(j) : -1;
    if (a < 0) return aliasedRow(term, outcome);
    return coefficientRow(term, bk[a]!, V ? Math.sqrt(V[a * r + a]!) : NaN, dfCoef[a]!, alpha, outcome);
  });
  // A perfect fit (residual norm under 1e-10 of the outcome's): the SEs are 0 or rounding noise.
  let yss = 0;
  for (let i = 0; i < n; i++) yss += ys[i]! * ys[i]!;
  warnings.push(...degenerateInferenceWarnings(FN, coefficients, V !== null && seType !== "none", rss <= 1e-20 * yss, clustered));
  const vcov = termVcov(names.length, kept, V, r);

  // R², adjusted R², F.
  const hasInt = inp.intercept ? 1 : 0;
  let wrss = 0;
  for (let i = 0; i < n; i++) wrss += e[i]! * e[i]!;
  wrss *= wm; // Σ w e² in raw-weight units when weighted (estimatr's res_var · df)
  if (!wRaw) wrss = rss;
  const yForR2 = inp.fe ? (order ? permuteVec(yOriginal, order) : yOriginal) : y;
  const tss = totalSS(yForR2, wRaw, hasInt === 1);
  const r2 = 1 - wrss / tss;
  const adjR2 = 1 - (1 - r2) * ((n - hasInt) / dfRes);
  let fStatistic: FStatistic | undefined;
  const nomdf = r - (inp.fe ? 0 : hasInt);
  if (!inp.fe && nomdf > 0 && V && seType !== "none") {
    const dendf = clustered ? J - 1 : dfRes;
    let value: number;
    if (seType === "classical") value = classicalF(r2, dfRes, nomdf);
    else {
      // estimatr takes coefficient positions (hasInt+1)..rank of the full vector (aliased included).
      const idxFull: number[] = [];
      for (let j = hasInt; j < r; j++) idxFull.push(j);
      const idxKept = idxFull.map((_, t) => t + hasInt);
      const b = idxFull.map((j) => beta[j]!);
      value = waldQuadratic(b, idxKept.map((a) => idxKept.map((c) => V![c * r + a]!))) / nomdf;
    }
    fStatistic = { value, df1: nomdf, df2: dendf, pValue: Number.isNaN(value) ? NaN : pf(value, nomdf, dendf, false) };
  }
  const result: LmRobustResult = {
    kind: inp.call?.fn === "lmLin" ? "lmLin" : "lmRobust",
    outcome,
    formula: inp.formula,
    coefficients,
    vcov,
    terms: names,
    nObs: n,
    ...(clustered ? { nClusters: J } : {}),
    seType,
    alpha,
    r2,
    adjR2,
    ...(fStatistic ? { fStatistic } : {}),
    rank: r,
    dfResidual: dfRes,
    nDropped: inp.dropped.total,
    dropped: inp.dropped,
    warnings,
    ...(inp.fe ? { fixedEffects: inp.fe.names } : {}),
    weighted,
    ...(inp.call ? { call: inp.call } : {}),
  };
  const s2 = rss / dfRes;
  const cb = cr2Basis;
  return {
    result: withDisplay(result),
    classicalVcov: () => toKept(Mpiv.map((v) => v * s2)),
    ...(cb
      ? {
          htz: {
            support: cb.support,
            contrast: (term: number) => {
              const a = kept.indexOf(term);
              if (a < 0) throw new EnsayoError("INVALID_OPTION", `term ${names[term]} is aliased`);
              return cb.contrastPiv(pk[a]!);
            },
          },
        }
      : {}),
  };
}

/** b' V⁻¹ b by Cholesky; NaN when V is not positive definite or b has NaN. */
export function waldQuadratic(b: readonly number[], V: readonly (readonly number[])[]): number {
  const q = b.length;
  if (b.some((v) => Number.isNaN(v))) return NaN;
  const L = new Float64Array(q * q);
  for (let j = 0; j < q; j++) {
    let d = V[j]![j]!;
    for (let k = 0; k < j; k++) d -= L[k * q + j]! ** 2;
    if (!(d > 0)) return NaN;
    const ljj = Math.sqrt(d);
    L[j * q + j] = ljj;
    for (let i = j + 1; i < q; i++) {
      let s = V[i]![j]!;
      for (let k = 0; k < j; k++) s -= L[k * q + i]! * L[k * q + j]!;
      L[j * q + i] = s / ljj;
    }
  }
  // Solve L z = b; quadratic form = z'z.
  const zv = new Float64Array(q);
  let acc = 0;
  for (let i = 0; i < q; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= L[k * q + i]! * zv[k]!;
    zv[i] = s / L[i * q + i]!;
    acc += zv[i]! * zv[i]!;
  }
  return acc;
}

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

/**
 * Σ ω_i q_i q_i' streaming Q by blocks, with ω = e² (mode 0), e²/(1−h) (2) or e²/(1−h)² (3),
 * h = ‖q_i‖² (+ hExtra_i, the fixed-effect leverage). Rows with 1 − h < 1e−10 (leverage 1) get
 * ω = NaN and are returned in `bad`.
 */
export function streamMeat(Q: DesignRows, e: Float64Array, mode: number, hExtra: Float64Array | null): { meat: Float64Array; bad: number[] } {
  const { n, r } = Q;
  const qb = new Float64Array(ROW_BLOCK * r);
  const w = new Float64Array(ROW_BLOCK);
  const wq = new Float64Array(ROW_BLOCK);
  const meat = new Float64Array(r * r);
  const bad: number[] = [];
  for (let i0 = 0; i0 < n; i0 += ROW_BLOCK) {
    const i1 = Math.min(n, i0 + ROW_BLOCK);
    const m = i1 - i0;
    Q.fill(i0, i1, qb);
    for (let t = 0; t < m; t++) w[t] = e[i0 + t]! * e[i0 + t]!;
    if (mode) {
      const h = wq;
      h.fill(0);
      for (let c = 0; c < r; c++) {
        const oc = c * m;
        for (let t = 0; t < m; t++) h[t] += qb[oc + t]! * qb[oc + t]!;
      }
      if (hExtra) for (let t = 0; t < m; t++) h[t] += hExtra[i0 + t]!;
      for (let t = 0; t < m; t++) {
        const om = 1 - h[t]!;
        if (om < 1e-10) {
          bad.push(i0 + t);
          w[t] = NaN;
        } else w[t] = mode === 2 ? w[t]! / om : w[t]! / (om * om);
      }
    }
    // Σ ω q q' = (√ω q)'(√ω q): ω ≥ 0 (or NaN, which propagates as before).
    for (let t = 0; t < m; t++) wq[t] = Math.sqrt(w[t]!);
    for (let c = 0; c < r; c++) {
      const oc = c * m;
      for (let t = 0; t < m; t++) qb[oc + t] = qb[oc + t]! * wq[t]!;
    }
    addGramUpper(qb, m, r, meat, r);
  }
  mirrorUpper(meat, r);
  return { meat, bad };
}

/** `x` times `s` elementwise. */
function scaleVec(x: Float64Array, s: Float64Array): Float64Array {
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
export function feLeverage(fe: { codes: Int32Array[]; offsets: number[]; L: number }, n: number, sw: Float64Array | undefined): { h: Float64Array; rank: number } {
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

function isIdentity(order: Int32Array): boolean {
  for (let i = 0; i < order.length; i++) if (order[i] !== i) return false;
  return true;
}

function permuteVec(v: Float64Array, order: Int32Array): Float64Array {
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[order[i]!]!;
  return out;
}

function permuteInt(v: Int32Array, order: Int32Array): Int32Array {
  const out = new Int32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[order[i]!]!;
  return out;
}

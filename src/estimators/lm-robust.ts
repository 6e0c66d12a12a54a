/**
 * Ordinary (or weighted) least squares with heteroskedasticity- and cluster-robust standard
 * errors, equal to R's `estimatr::lm_robust` (1.0.0): options → the design from the table and
 * formula (prepare-fit.ts) → the array-only kernel (kernel/fit.ts) → the result (linear-fit.ts).
 */
import * as z from "zod/mini";
import { EnsayoError } from "../errors.js";
import { toTable, type DataInput } from "../data/table.js";
import { parseOptions } from "../internal/options.js";
import { parseFormulaCore } from "./formula.js";
import { named } from "../internal/boundary.js";
import { designColumns, designColumnsFactorBlock, levelsOption } from "./model-matrix.js";
import { FACTOR_BLOCK_MIN_LEVELS } from "../kernel/factor-block.js";
import { SE_TYPES } from "../kernel/se-types.js";
import type { Cr2Mode } from "../kernel/vcov-cr2.js";
import { callOptions, fitLm, type LmFitInput, type LmRobustResult } from "./linear-fit.js";
import { LinearModelOptionsShape, prepareFit } from "./prepare-fit.js";

export type { FStatistic, LinearFitResult, LinearModelCall, LmRobustResult } from "./linear-fit.js";
/** Kept for src/inference/fwl-statistic.ts, which reads the rank tolerance here. */
export { RANK_TOL } from "../kernel/fit.js";

const FN = "lmRobust";

const LmRobustOptionsSchema = z
  .strictObject({
    ...LinearModelOptionsShape,
    /** One or more factor columns to absorb (not estimated, not reported). */
    fixedEffects: z.optional(z.union([z.string().check(z.minLength(1)), z.array(z.string().check(z.minLength(1))).check(z.minLength(1))])),
  });

/** Options of {@link lmRobust}. */
export type LmRobustOptions = z.input<typeof LmRobustOptionsSchema>;

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
 * no clusters or weights (the same numbers, O(n k² + L² k) instead of O(n (k + L)²); kernel/factor-block.ts).
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
  return named(FN, () => lmRobustWith(data, formula, options, "df"));
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
  return lmFitInputParsed(data, formula, parseLmRobustOptions(options), options, factorBlocks);
}

/** `lmRobust`'s options, parsed (with their `levels` read from the caller's object). Internal. */
export type LmRobustParsed = ReturnType<typeof parseLmRobustOptions>;

/** Parse `lmRobust`'s options once, for callers that fit many times (riTest's CR2 refits). Internal. */
export function parseLmRobustOptions(options: LmRobustOptions | undefined) {
  const parsed = parseOptions(LmRobustOptionsSchema, options, FN);
  return { ...parsed, levels: levelsOption(parsed.levels, options) };
}

/** {@link lmFitInput} on options already parsed by {@link parseLmRobustOptions} (`options` as given, for the call record). Internal. */
export function lmFitInputParsed(data: DataInput, formula: string, opts: LmRobustParsed, options: LmRobustOptions | undefined, factorBlocks = false): LmFitInput {
  const table = toTable(data);
  const spec = parseFormulaCore(formula);
  if (spec.outcome === null)
    throw new EnsayoError("FORMULA_PARSE", `formula '${formula}' has no outcome; write it as 'y ~ x'`, { value: formula });
  if (spec.parts.length !== 1)
    throw new EnsayoError("FORMULA_PARSE", `formula '${formula}' has a '|' part; instruments belong in ivRobust`, { value: formula });
  const fes = opts.fixedEffects === undefined ? [] : typeof opts.fixedEffects === "string" ? [opts.fixedEffects] : opts.fixedEffects;
  // One factor of many levels stays a block of sparse dummies where the block fit applies (see kernel/factor-block.ts).
  const declared = SE_TYPES[opts.seType ?? (opts.clusters !== undefined ? "CR2" : "HC2")];
  const se = opts.clusters === undefined && declared.withoutClusters ? SE_TYPES[declared.withoutClusters] : declared;
  const blockable = factorBlocks && opts.weights === undefined && opts.clusters === undefined && fes.length === 0 && (se.meat === "homoskedastic" || se.meat === "heteroskedastic");
  const prepared = prepareFit(table, {
    outcome: spec.outcome,
    formula,
    variables: spec.variables,
    build: (rows) =>
      (blockable && designColumnsFactorBlock(table, spec.parts[0]!, rows, opts.levels, FACTOR_BLOCK_MIN_LEVELS)) ||
      designColumns(table, spec.parts[0]!, rows, opts.levels),
    weights: opts.weights,
    clusters: opts.clusters,
    fixedEffects: fes,
    seType: opts.seType,
    alpha: opts.alpha,
    na: opts.na,
  });
  return { ...prepared, call: { fn: "lmRobust", formula, options: callOptions(options) } };
}


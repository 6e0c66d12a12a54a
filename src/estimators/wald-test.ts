/**
 * Joint Wald tests that several coefficients of a fitted model are all zero, with the
 * model's own variance estimate (HC*, CR*, classical).
 */
import * as z from "zod/mini";
import { EnsayoError } from "../errors.js";
import { parseOptions } from "../internal/options.js";
import { pchisq, pf } from "../math/distributions.js";
import type { DataInput } from "../data/table.js";
import type { HtzSupport, LinearModelCall } from "./linear-fit.js";
import { fitLmParts } from "./linear-fit.js";
import { lmFitInput } from "./lm-robust.js";
import { waldQuadratic } from "../kernel/wald.js";
import { lmLinInput } from "./lm-lin.js";
import { htzDf } from "../kernel/vcov-cr2.js";
import type { CoefficientRow, SeType } from "./types.js";
import { withDisplay } from "../report/result-proto.js";
import { named } from "../internal/boundary.js";

const WaldTestOptionsSchema = z
  .strictObject({
    /**
     * `"F"` (default): W/q against F(q, df2), df2 = the fit's residual df, or J − 1 with
     * clusters (clubSandwich's "Naive-F", estimatr's F statistic). `"chisq"`: W against χ²(q)
     * (clubSandwich's "chi-sq"). `"HTZ"`: clubSandwich's small-sample Hotelling-T² test
     * (`Wald_test(test = "HTZ")`), for CR2 fits only.
     */
    test: z._default(z.enum(["F", "chisq", "HTZ"]), "F"),
    /**
     * The data the fit was made from (required by `"HTZ"`): the HTZ test needs per-cluster pieces
     * of the CR2 fit that a result does not carry, so they are recomputed from the data and the
     * fit's recorded `call`.
     */
    data: z.optional(z.unknown()),
  });

/** Options of {@link waldTest}. */
export type WaldTestOptions = z.input<typeof WaldTestOptionsSchema>;

/** Result of {@link waldTest}. */
export interface WaldTestResult {
  readonly kind: "waldTest";
  /** The terms tested (all equal to zero). */
  readonly terms: readonly string[];
  readonly test: "F" | "chisq" | "HTZ";
  /** F = W/q, W for chisq, or δ·W/q for HTZ, with W = b'V⁻¹b. */
  readonly statistic: number;
  readonly df1: number;
  /** Denominator df (Infinity for chisq). */
  readonly df2: number;
  readonly pValue: number;
  /** The variance estimator the test used (the fit's). */
  readonly seType: SeType;
  /** The fit's warnings (rows dropped, ±Infinity, leverage …): the test rests on the same rows. */
  readonly warnings: readonly string[];
}

/**
 * What waldTest reads from a fit: lmRobust's, lmLin's and ivRobust's results (and their copies,
 * clones or JSON round trips) all have these fields.
 */
export interface WaldTestable {
  readonly coefficients: readonly CoefficientRow[];
  readonly vcov: readonly (readonly number[])[];
  readonly terms: readonly string[];
  readonly seType: SeType;
  readonly dfResidual: number;
  readonly nObs: number;
  readonly nClusters?: number;
  readonly call?: LinearModelCall;
  /** The fit's warnings, passed on to the test. */
  readonly warnings?: readonly string[];
}

/**
 * Test that the coefficients on `terms` are jointly zero, with the fit's variance matrix.
 *
 * W = b'V⁻¹b with b the tested estimates and V their block of `result.vcov`. `"F"`: W/q
 * against F(q, df2), with df2 = n − k (unclustered) or J − 1 (clustered; clubSandwich's
 * `Wald_test(test = "Naive-F")`); `"chisq"`: W against χ²(q) (clubSandwich's `"chi-sq"`).
 * `"HTZ"` (CR2 fits of lmRobust or lmLin, with `data`): Pustejovsky & Tipton (2018) — Ω[s,t] = tr P(ℓ_s, ℓ_t) over the
 * Bell–McCaffrey P matrices of the tested contrasts, ν = q(q+1)/Σ_st(⟨B_st,B_ts⟩ + ⟨B_ss,B_tt⟩)
 * with B from the Ω^(−1/2)-rotated contrasts, then F = δ·W/q with δ = (ν − q + 1)/ν against
 * F(q, ν − q + 1), equal to clubSandwich 0.5.8's `Wald_test(test = "HTZ")`. The F and χ² tests
 * read the result alone, so they work on any copy of it (spread, `structuredClone`, JSON) and on
 * ivRobust fits; HTZ refits from `data` and the result's `call`.
 *
 * @throws EnsayoError `INVALID_OPTION` for an unknown or aliased term, an empty list, a fit
 *   without a variance (`seType: "none"`), `"HTZ"` on a fit that is not CR2, without `data`, or
 *   with `data` the fit was not made from.
 * @example
 * ```ts
 * const data = readCsvFile("fixtures/pilot/panel.csv");
 * const fit = lmRobust(data, "puntaje_final ~ grupo + puntaje_base + edad", { clusters: "oficina" });
 * const f = waldTest(fit, ["puntaje_base", "edad"]); // { statistic: 439.0, df1: 2, df2: 47, pValue: 3.9e-31, … }
 * [f.statistic, f.df1, f.df2]; // [439.0, 2, 47]
 * const htz = waldTest(fit, ["puntaje_base", "edad"], { test: "HTZ", data }); // { statistic: 426.4, df1: 2, df2: 33.6, … }
 * [htz.statistic, htz.df2]; // [426.4, 33.6]
 * ```
 */
export function waldTest(result: WaldTestable, terms: readonly string[], options?: WaldTestOptions): WaldTestResult {
  return named("waldTest", () => waldTestCore(result, terms, options));
}

/** {@link waldTest} without the function name on its errors. */
function waldTestCore(result: WaldTestable, terms: readonly string[], options?: WaldTestOptions): WaldTestResult {
  const opts = parseOptions(WaldTestOptionsSchema, options, "waldTest");
  checkFit(result);
  if (opts.test !== "HTZ" && opts.data !== undefined)
    throw new EnsayoError("INVALID_OPTION", `\`data\` is used by test "HTZ" only (got test "${opts.test}")`, { hint: "Leave `data` out" });
  const htz = opts.test === "HTZ" ? htzSupportFromData(result, opts.data as DataInput | undefined) : undefined;
  return waldTestWith(result, terms, opts.test, htz);
}

function checkFit(result: WaldTestable): void {
  if (!result || typeof result !== "object" || !Array.isArray(result.vcov) || !Array.isArray(result.terms) || !Array.isArray(result.coefficients))
    throw new EnsayoError("INVALID_OPTION", "`result` must be a fit from lmRobust, lmLin or ivRobust", { hint: "Pass the object lmRobust returned" });
}

/**
 * The HTZ pieces of a CR2 fit, recomputed from the data it was made from and its recorded call.
 * The refit must give the very same estimates (same rows, same design), or the data are refused.
 */
function htzSupportFromData(result: WaldTestable, data: DataInput | undefined): HtzSupport {
  if (result.seType !== "CR2")
    throw new EnsayoError("INVALID_OPTION", `\`test: "HTZ"\` needs a CR2 fit (got seType "${result.seType}")`, {
      hint: 'Fit with `clusters` and seType "CR2", or use test "F"',
    });
  const call = result.call;
  if (!call || (call.fn !== "lmRobust" && call.fn !== "lmLin"))
    throw new EnsayoError("INVALID_OPTION", "`test: \"HTZ\"` needs a fit from lmRobust or lmLin that records its `call`", {
      hint: 'Refit with lmRobust or lmLin, or use test "F"',
    });
  if (data === undefined)
    throw new EnsayoError(
      "INVALID_OPTION",
      '`test: "HTZ"` needs the data the fit was made from: the test uses per-cluster pieces of the CR2 fit that the result does not carry',
      { hint: 'Pass them: waldTest(fit, terms, { test: "HTZ", data })' },
    );
  const inp = call.fn === "lmLin" ? lmLinInput(data, call.options as never) : lmFitInput(data, call.formula ?? "", call.options as never);
  const refit = fitLmParts({ ...inp, cr2Mode: "support" });
  const same =
    refit.result.nObs === result.nObs &&
    refit.result.terms.length === result.terms.length &&
    refit.result.coefficients.every((c, j) => c.term === result.terms[j] && Object.is(c.estimate, result.coefficients[j]!.estimate));
  if (!same || !refit.htz)
    throw new EnsayoError("INVALID_OPTION", "`data` are not the data the fit was made from (refitting its call gives other estimates)", {
      hint: "Pass the same table (same rows and values) given to lmRobust or lmLin",
    });
  return refit.htz;
}

/** {@link waldTest} with the HTZ pieces in hand (balance's regressions keep them from their own fit). Internal. */
export function waldTestWith(result: WaldTestable, terms: readonly string[], test: "F" | "chisq" | "HTZ", htz?: HtzSupport): WaldTestResult {
  checkFit(result);
  if (!Array.isArray(terms) || terms.length === 0)
    throw new EnsayoError("INVALID_OPTION", "`terms` must list at least one term", {
      hint: `The fit's terms are: ${result.terms.join(", ")}`,
    });
  if (result.seType === "none")
    throw new EnsayoError("INVALID_OPTION", 'the fit has `seType: "none"`, so there is no variance to test with', {
      hint: "Refit with a variance estimator such as HC2 or CR2",
    });
  const idx = terms.map((t) => {
    const j = result.terms.indexOf(t);
    if (j < 0)
      throw new EnsayoError("INVALID_OPTION", `term '${t}' is not in the fit`, {
        value: t,
        hint: `The fit's terms are: ${result.terms.join(", ")}`,
      });
    if (result.coefficients[j]!.aliased)
      throw new EnsayoError("INVALID_OPTION", `term '${t}' is aliased (collinear) and was not estimated`, {
        value: t,
        hint: "Leave it out of the test",
      });
    return j;
  });
  if (new Set(idx).size !== idx.length) throw new EnsayoError("INVALID_OPTION", "`terms` lists a term twice", { value: terms });
  const warnings = Array.isArray(result.warnings) ? [...result.warnings] : [];
  const b = idx.map((j) => result.coefficients[j]!.estimate);
  const V = idx.map((a) => idx.map((c) => result.vcov[a]![c]!));
  const W = waldQuadratic(b, V);
  const q = idx.length;
  if (test === "chisq") {
    return withDisplay({ kind: "waldTest", terms: [...terms], test: "chisq", statistic: W, df1: q, df2: Infinity, pValue: Number.isNaN(W) ? NaN : pchisq(W, q, false), seType: result.seType, warnings });
  }
  if (test === "HTZ") {
    if (!htz || result.seType !== "CR2")
      throw new EnsayoError("INVALID_OPTION", `\`test: "HTZ"\` needs a CR2 fit and its per-cluster pieces (got seType "${result.seType}")`, {
        hint: 'Fit with `clusters` and seType "CR2", or use test "F"',
      });
    const nu = htzDf(
      htz.support,
      idx.map((j) => htz.contrast(j)),
    );
    const delta = Math.max((nu - q + 1) / nu, 0);
    const df2h = nu - q + 1;
    const Fh = (delta * W) / q;
    return withDisplay({ kind: "waldTest", terms: [...terms], test: "HTZ", statistic: Fh, df1: q, df2: df2h, pValue: df2h > 0 && !Number.isNaN(Fh) ? pf(Fh, q, df2h, false) : NaN, seType: result.seType, warnings });
  }
  const df2 = result.nClusters !== undefined ? result.nClusters - 1 : result.dfResidual;
  const F = W / q;
  return withDisplay({ kind: "waldTest", terms: [...terms], test: "F", statistic: F, df1: q, df2, pValue: Number.isNaN(F) ? NaN : pf(F, q, df2, false), seType: result.seType, warnings });
}

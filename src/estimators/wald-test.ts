/**
 * Joint Wald tests that several coefficients of a fitted model are all zero, with the
 * model's own variance estimate (HC*, CR*, classical).
 */
import * as z from "zod/mini";
import { EnsayoError } from "../errors.js";
import { parseOptions } from "../internal/options.js";
import { pchisq, pf } from "../math/distributions.js";
import type { LmRobustResult } from "./lm-robust.js";
import { cr2InternalsOf, waldQuadratic } from "./lm-robust.js";
import { htzDf } from "./vcov-cr2.js";
import type { SeType } from "./types.js";
import { withDisplay } from "../report/result-proto.js";

const WaldTestOptionsSchema = z
  .strictObject({
    /**
     * `"F"` (default): W/q against F(q, df2), df2 = the fit's residual df, or J − 1 with
     * clusters (clubSandwich's "Naive-F", estimatr's F statistic). `"chisq"`: W against χ²(q)
     * (clubSandwich's "chi-sq"). `"HTZ"`: clubSandwich's small-sample Hotelling-T² test
     * (`Wald_test(test = "HTZ")`), for CR2 fits only.
     */
    test: z._default(z.enum(["F", "chisq", "HTZ"]), "F"),
  });

/** Options of {@link waldTest}. */
export type WaldTestOptions = z.input<typeof WaldTestOptionsSchema>;

/** Result of {@link waldTest}. */
export interface WaldTestResult {
  readonly kind: "wald_test";
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
}

/**
 * Test that the coefficients on `terms` are jointly zero, with the fit's variance matrix.
 *
 * W = b'V⁻¹b with b the tested estimates and V their block of `result.vcov`. `"F"`: W/q
 * against F(q, df2), with df2 = n − k (unclustered) or J − 1 (clustered; clubSandwich's
 * `Wald_test(test = "Naive-F")`); `"chisq"`: W against χ²(q) (clubSandwich's `"chi-sq"`).
 * `"HTZ"` (CR2 fits): Pustejovsky & Tipton (2018) — Ω[s,t] = tr P(ℓ_s, ℓ_t) over the
 * Bell–McCaffrey P matrices of the tested contrasts, ν = q(q+1)/Σ_st(⟨B_st,B_ts⟩ + ⟨B_ss,B_tt⟩)
 * with B from the Ω^(−1/2)-rotated contrasts, then F = δ·W/q with δ = (ν − q + 1)/ν against
 * F(q, ν − q + 1), equal to clubSandwich 0.5.8's `Wald_test(test = "HTZ")`.
 *
 * @throws EnsayoError `INVALID_OPTION` for an unknown or aliased term, an empty list, a fit
 *   without a variance (`seType: "none"`), or `"HTZ"` on a fit that is not CR2 (or was not
 *   made in this session: HTZ needs the fit's per-cluster pieces, which are not serialized).
 * @example
 * ```ts
 * const fit = lmRobust(data, "y ~ z + x1 + x2");
 * waldTest(fit, ["x1", "x2"]); // { statistic: 3.1, df1: 2, df2: 76, pValue: 0.05, … }
 * ```
 */
export function waldTest(result: LmRobustResult, terms: readonly string[], options?: WaldTestOptions): WaldTestResult {
  const opts = parseOptions(WaldTestOptionsSchema, options, "waldTest");
  if (!result || !Array.isArray(result.vcov) || !Array.isArray(result.terms))
    throw new EnsayoError("INVALID_OPTION", "waldTest: `result` must be a fit from lmRobust or lmLin", { hint: "Pass the object lmRobust returned" });
  if (!Array.isArray(terms) || terms.length === 0)
    throw new EnsayoError("INVALID_OPTION", "waldTest: `terms` must list at least one term", {
      hint: `The fit's terms are: ${result.terms.join(", ")}`,
    });
  if (result.seType === "none")
    throw new EnsayoError("INVALID_OPTION", 'waldTest: the fit has `seType: "none"`, so there is no variance to test with', {
      hint: "Refit with a variance estimator such as HC2 or CR2",
    });
  const idx = terms.map((t) => {
    const j = result.terms.indexOf(t);
    if (j < 0)
      throw new EnsayoError("INVALID_OPTION", `waldTest: term '${t}' is not in the fit`, {
        value: t,
        hint: `The fit's terms are: ${result.terms.join(", ")}`,
      });
    if (result.coefficients[j]!.aliased)
      throw new EnsayoError("INVALID_OPTION", `waldTest: term '${t}' is aliased (collinear) and was not estimated`, {
        value: t,
        hint: "Leave it out of the test",
      });
    return j;
  });
  if (new Set(idx).size !== idx.length) throw new EnsayoError("INVALID_OPTION", "waldTest: `terms` lists a term twice", { value: terms });
  const b = idx.map((j) => result.coefficients[j]!.estimate);
  const V = idx.map((a) => idx.map((c) => result.vcov[a]![c]!));
  const W = waldQuadratic(b, V);
  const q = idx.length;
  if (opts.test === "chisq") {
    return withDisplay({ kind: "wald_test", terms: [...terms], test: "chisq", statistic: W, df1: q, df2: Infinity, pValue: Number.isNaN(W) ? NaN : pchisq(W, q, false), seType: result.seType });
  }
  if (opts.test === "HTZ") {
    const internals = result.seType === "CR2" ? cr2InternalsOf(result) : undefined;
    if (!internals)
      throw new EnsayoError("INVALID_OPTION", `waldTest: \`test: "HTZ"\` needs a CR2 fit made by lmRobust or lmLin in this session (got seType "${result.seType}")`, {
        hint: 'Fit with `clusters` and seType "CR2", or use test "F"',
      });
    const nu = htzDf(
      internals.support,
      idx.map((j) => internals.contrast(j)),
    );
    const delta = Math.max((nu - q + 1) / nu, 0);
    const df2h = nu - q + 1;
    const Fh = (delta * W) / q;
    return withDisplay({ kind: "wald_test", terms: [...terms], test: "HTZ", statistic: Fh, df1: q, df2: df2h, pValue: df2h > 0 && !Number.isNaN(Fh) ? pf(Fh, q, df2h, false) : NaN, seType: result.seType });
  }
  const df2 = result.nClusters !== undefined ? result.nClusters - 1 : result.dfResidual;
  const F = W / q;
  return withDisplay({ kind: "wald_test", terms: [...terms], test: "F", statistic: F, df1: q, df2, pValue: Number.isNaN(F) ? NaN : pf(F, q, df2, false), seType: result.seType });
}

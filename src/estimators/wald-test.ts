/**
 * Joint Wald tests that several coefficients of a fitted model are all zero, with the
 * model's own variance estimate (HC*, CR*, classical).
 */
import { z } from "zod";
import { EnsayoError } from "../errors.js";
import { parseOptions } from "../internal/options.js";
import { pchisq, pf } from "../math/distributions.js";
import type { LmRobustResult } from "./lm-robust.js";
import { waldQuadratic } from "./lm-robust.js";
import type { SeType } from "./types.js";

const WaldTestOptionsSchema = z
  .object({
    /**
     * `"F"` (default): W/q against F(q, df2), df2 = the fit's residual df, or J − 1 with
     * clusters (clubSandwich's "Naive-F", estimatr's F statistic). `"chisq"`: W against χ²(q)
     * (clubSandwich's "chi-sq").
     */
    test: z.enum(["F", "chisq"]).default("F"),
  })
  .strict();

/** Options of {@link waldTest}. */
export type WaldTestOptions = z.input<typeof WaldTestOptionsSchema>;

/** Result of {@link waldTest}. */
export interface WaldTestResult {
  readonly kind: "wald_test";
  /** The terms tested (all equal to zero). */
  readonly terms: readonly string[];
  readonly test: "F" | "chisq";
  /** F = W/q, or W for chisq, with W = b'V⁻¹b. */
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
 * The small-sample HTZ test of clubSandwich is not implemented yet.
 *
 * @throws EnsayoError `INVALID_OPTION` for an unknown or aliased term, an empty list, or a fit
 *   without a variance (`seType: "none"`).
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
    return { kind: "wald_test", terms: [...terms], test: "chisq", statistic: W, df1: q, df2: Infinity, pValue: Number.isNaN(W) ? NaN : pchisq(W, q, false), seType: result.seType };
  }
  const df2 = result.nClusters !== undefined ? result.nClusters - 1 : result.dfResidual;
  const F = W / q;
  return { kind: "wald_test", terms: [...terms], test: "F", statistic: F, df1: q, df2, pValue: Number.isNaN(F) ? NaN : pf(F, q, df2, false), seType: result.seType };
}

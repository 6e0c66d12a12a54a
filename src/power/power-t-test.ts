/**
 * Power of one- and two-sample t tests with Cohen's d, as R's `pwr::pwr.t.test`.
 */
import * as z from "zod/mini";
import { parseOptions } from "../internal/options.js";
import { ptNoncentral, qt } from "../math/distributions.js";
import {
  alphaSchema,
  alternativeSchema,
  canonicalAlternative,
  type AlternativeInput,
  findUnknown,
  givenText,
  powerSchema,
  solveWith,
  unknownNumber,
  type PwrAlternative,
  type SolveFor,
} from "./pwr-common.js";
import type { PowerModel } from "./solve.js";
import { withDisplay } from "../report/result-proto.js";
import { named } from "../internal/boundary.js";

const Schema = z.strictObject({
  n: z.optional(z.nullable(z.number().check(z.gt(1, "must be greater than 1 (the t test needs n − 1 > 0 degrees of freedom)")))),
  d: unknownNumber,
  alpha: alphaSchema,
  power: powerSchema,
  type: z._default(z.enum(["two.sample", "one.sample", "paired"]), "two.sample"),
  alternative: alternativeSchema,
});

/** Kind of t test, as pwr's `type`. */
export type TTestType = "two.sample" | "one.sample" | "paired";

/**
 * Options of {@link powerTTest}: give all of `n`, `d`, `power`, `alpha` but one.
 * `alpha` defaults to 0.05; pass `alpha: null` to solve for it.
 */
export type PowerTTestOptions = SolveFor<{ n: number; d: number; power: number }> & {
  /** `"two.sample"` (default; `n` per group), `"one.sample"`, or `"paired"` (`n` pairs). */
  type?: TTestType;
  /** `"two-sided"` (default; both tails, as pwr; R's `"two.sided"` accepted), `"less"` or `"greater"`. */
  alternative?: AlternativeInput;
};

/** Result of {@link powerTTest}: every parameter, the solved one included. */
export interface PowerTTestResult {
  readonly kind: "powerTTest";
  /** Sample size per group (two-sample), number of pairs (paired) or of observations (one-sample). */
  readonly n: number;
  /** Cohen's d (for `"two-sided"`, its absolute value, as pwr). */
  readonly d: number;
  readonly alpha: number;
  readonly power: number;
  readonly type: TTestType;
  readonly alternative: PwrAlternative;
  /** The parameter that was solved for. */
  readonly solvedFor: "n" | "d" | "power" | "alpha";
  /** pwr's `method` text. */
  readonly method: string;
  /** pwr's `note` (what `n` counts), or `null`. */
  readonly note: string | null;
}

/** Power of the t test at (n, d, alpha): pwr's formula, noncentral t. */
export function tTestPower(n: number, d: number, alpha: number, tsample: number, alternative: PwrAlternative): number {
  const nu = (n - 1) * tsample;
  const ncp = Math.sqrt(n / tsample) * d;
  if (alternative === "two-sided") {
    const qu = qt(alpha / 2, nu, false);
    return ptNoncentral(qu, nu, ncp, false) + ptNoncentral(-qu, nu, ncp, true);
  }
  if (alternative === "less") return ptNoncentral(qt(alpha, nu, true), nu, ncp, true);
  return ptNoncentral(qt(alpha, nu, false), nu, ncp, false);
}

/** Search range for d, as pwr (for a monotone power curve in d the root is unique). */
export function dRange(alternative: PwrAlternative): [number, number] {
  return alternative === "two-sided" ? [1e-7, 10] : alternative === "less" ? [-10, 5] : [-5, 10];
}

/**
 * Power, sample size, effect size or significance level of a t test, solving for the one left out.
 *
 * Same formulas as `pwr::pwr.t.test` (noncentral t, not a normal approximation):
 * ν = (n − 1)·s and λ = √(n/s)·d with s = 2 for two samples (n per group) and 1 otherwise;
 * two-sided power = P(T_{ν,λ} > q) + P(T_{ν,λ} < −q), q = t_{1−α/2,ν} (both tails, as pwr);
 * one-sided power uses the one tail at level α.
 * The unknown is found by Brent's method to full double precision within pwr's search
 * ranges (n ∈ (2, 1e9); d ∈ (1e-7, 10) two-sided, (−10, 5) "less", (−5, 10) "greater";
 * alpha ∈ (1e-10, 1 − 1e-10)), so it can differ from pwr's loosely solved value in the 5th digit.
 *
 * @see Cohen, J. (1988). Statistical Power Analysis for the Behavioral Sciences, 2nd ed.; R package pwr.
 * @throws `INVALID_OPTION` when not exactly one of `n`, `d`, `power`, `alpha` is left out, or a value is out of range.
 * @throws `UNSOLVABLE` when no value in the search range reaches the target power (the message gives the power at both ends).
 * @example
 * ```ts
 * powerTTest({ n: 64, d: 0.5 }).power;   // 0.8014596  (pwr.t.test(n = 64, d = .5))
 * powerTTest({ d: 0.5, power: 0.8 }).n;  // 63.76561
 * ```
 */
export function powerTTest(options: PowerTTestOptions): PowerTTestResult {
  return named("powerTTest", () => powerTTestCore(options));
}

/** {@link powerTTest} without the function name on its errors. */
function powerTTestCore(options: PowerTTestOptions): PowerTTestResult {
  const o = parseOptions(Schema, options, "powerTTest");
  const unknown = findUnknown(o, ["n", "d", "power", "alpha"]) as PowerTTestResult["solvedFor"];
  const tsample = o.type === "two.sample" ? 2 : 1;
  const alt = canonicalAlternative(o.alternative);
  let n = o.n ?? NaN;
  let d = o.d ?? NaN;
  let alpha = o.alpha === undefined ? 0.05 : (o.alpha ?? NaN);
  let power = o.power ?? NaN;
  if (alt === "two-sided" && unknown !== "d") d = Math.abs(d);
  const given = givenText({ n, d, alpha, power }, unknown);
  // The power function and the search range of each unknown; the generic solver finds the one left out.
  const model: PowerModel<"n" | "d" | "alpha" | "power"> = {
    power: (v) => tTestPower(v.n, v.d, v.alpha, tsample, alt),
    ranges: { n: [2 + 1e-10, 1e9], d: dRange(alt), alpha: [1e-10, 1 - 1e-10] },
  };
  ({ n, d, alpha, power } = solveWith(model, { n, d, alpha, power }, unknown, given));
  const method = `${o.type === "one.sample" ? "One-sample" : o.type === "two.sample" ? "Two-sample" : "Paired"} t test power calculation`;
  const note = o.type === "paired" ? "n is number of *pairs*" : o.type === "two.sample" ? "n is number in *each* group" : null;
  return withDisplay({ kind: "powerTTest", n, d, alpha, power, type: o.type, alternative: alt, solvedFor: unknown, method, note });
}

/**
 * Power of a two-sample t test with unequal group sizes, as R's `pwr::pwr.t2n.test`.
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
import { dRange } from "./power-t-test.js";
import { withDisplay } from "../report/result-proto.js";
import { named } from "../internal/boundary.js";

const atLeast2 = unknownNumber.check(z.refine((v) => v == null || v >= 2, "must be at least 2 (pwr: observations in a group)"));
const Schema = z.strictObject({
  n1: atLeast2,
  n2: atLeast2,
  d: unknownNumber,
  alpha: alphaSchema,
  power: powerSchema,
  alternative: alternativeSchema,
});

/**
 * Options of {@link powerT2n}: give all of `n1`, `n2`, `d`, `power`, `alpha` but one
 * (`alpha` defaults to 0.05; `alpha: null` solves for it).
 */
export type PowerT2nOptions = SolveFor<{ n1: number; n2: number; d: number; power: number }> & {
  /** `"two-sided"` (default; R's `"two.sided"` accepted), `"less"` or `"greater"`. */
  alternative?: AlternativeInput;
};

/** Result of {@link powerT2n}: every parameter, the solved one included. */
export interface PowerT2nResult {
  readonly kind: "powerT2n";
  readonly n1: number;
  readonly n2: number;
  readonly d: number;
  readonly alpha: number;
  readonly power: number;
  readonly alternative: PwrAlternative;
  readonly solvedFor: "n1" | "n2" | "d" | "power" | "alpha";
  readonly method: string;
  readonly note: null;
}

function t2nPower(n1: number, n2: number, d: number, alpha: number, alternative: PwrAlternative): number {
  const nu = n1 + n2 - 2;
  const ncp = d * (1 / Math.sqrt(1 / n1 + 1 / n2));
  if (alternative === "two-sided") {
    const qu = qt(alpha / 2, nu, false);
    return ptNoncentral(qu, nu, ncp, false) + ptNoncentral(-qu, nu, ncp, true);
  }
  if (alternative === "less") return ptNoncentral(qt(alpha, nu, true), nu, ncp, true);
  return ptNoncentral(qt(alpha, nu, false), nu, ncp, false);
}

/**
 * Power, a group size, effect size or significance level of a two-sample t test with groups of
 * n1 and n2, solving for the one left out.
 *
 * As `pwr::pwr.t2n.test`: ν = n1 + n2 − 2, λ = d / √(1/n1 + 1/n2), noncentral t;
 * two-sided power counts both tails. Unknowns are solved to full precision within pwr's
 * ranges (n1, n2 ∈ (2, 1e9); d as in {@link powerTTest}; alpha ∈ (1e-10, 1 − 1e-10)).
 *
 * @see Cohen (1988); R package pwr.
 * @throws `INVALID_OPTION` when not exactly one parameter is left out, or a group has fewer than 2.
 * @throws `UNSOLVABLE` when no value in the search range reaches the target power.
 * @example
 * ```ts
 * powerT2n({ n1: 30, n2: 60, d: 0.6 }).power; // 0.756139 (pwr.t2n.test)
 * ```
 */
export function powerT2n(options: PowerT2nOptions): PowerT2nResult {
  return named("powerT2n", () => powerT2nCore(options));
}

/** {@link powerT2n} without the function name on its errors. */
function powerT2nCore(options: PowerT2nOptions): PowerT2nResult {
  const o = parseOptions(Schema, options, "powerT2n");
  const unknown = findUnknown(o, ["n1", "n2", "d", "power", "alpha"]) as PowerT2nResult["solvedFor"];
  const alt = canonicalAlternative(o.alternative);
  let n1 = o.n1 ?? NaN;
  let n2 = o.n2 ?? NaN;
  let d = o.d ?? NaN;
  let alpha = o.alpha === undefined ? 0.05 : (o.alpha ?? NaN);
  let power = o.power ?? NaN;
  if (alt === "two-sided" && unknown !== "d") d = Math.abs(d);
  const given = givenText({ n1, n2, d, alpha, power }, unknown);
  const model: PowerModel<"n1" | "n2" | "d" | "alpha" | "power"> = {
    power: (v) => t2nPower(v.n1, v.n2, v.d, v.alpha, alt),
    ranges: { n1: [2 + 1e-10, 1e9], n2: [2 + 1e-10, 1e9], d: dRange(alt), alpha: [1e-10, 1 - 1e-10] },
  };
  ({ n1, n2, d, alpha, power } = solveWith(model, { n1, n2, d, alpha, power }, unknown, given));
  return withDisplay({ kind: "powerT2n", n1, n2, d, alpha, power, alternative: alt, solvedFor: unknown, method: "t test power calculation", note: null });
}

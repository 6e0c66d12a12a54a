/**
 * Power of a test of two proportions with unequal groups (arcsine transformation), as R's `pwr::pwr.2p2n.test`.
 */
import * as z from "zod/mini";
import { parseOptions } from "../internal/options.js";
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
import { hRange, normalPower } from "./power-2p.js";
import { withDisplay } from "../report/result-proto.js";
import { named } from "../internal/boundary.js";

const atLeast2 = unknownNumber.check(z.refine((v) => v == null || v >= 2, "must be at least 2 (pwr: observations in a group)"));
const Schema = z.strictObject({
  h: unknownNumber,
  n1: atLeast2,
  n2: atLeast2,
  alpha: alphaSchema,
  power: powerSchema,
  alternative: alternativeSchema,
});

/** Options of {@link power2p2n}: give all of `h`, `n1`, `n2`, `power`, `alpha` but one. */
export type Power2p2nOptions = SolveFor<{ h: number; n1: number; n2: number; power: number }> & {
  /** `"two-sided"` (default; R's `"two.sided"` accepted), `"less"` or `"greater"`. */
  alternative?: AlternativeInput;
};

/** Result of {@link power2p2n}: every parameter, the solved one included. */
export interface Power2p2nResult {
  readonly kind: "power2p2n";
  readonly h: number;
  readonly n1: number;
  readonly n2: number;
  readonly alpha: number;
  readonly power: number;
  readonly alternative: PwrAlternative;
  readonly solvedFor: "h" | "n1" | "n2" | "power" | "alpha";
  readonly method: string;
  readonly note: string;
}

/**
 * Power, a group size, effect size h or significance level of a two-proportion test with groups
 * of n1 and n2, solving for the one left out.
 *
 * As `pwr::pwr.2p2n.test`: the power of {@link power2p} with √(n1·n2/(n1 + n2)) in place of √(n/2).
 * Unknowns are solved to full precision within pwr's ranges.
 *
 * @see Cohen (1988), ch. 6; R package pwr.
 * @throws `INVALID_OPTION` when not exactly one parameter is left out, or a group has fewer than 2.
 * @throws `UNSOLVABLE` when no value in the search range reaches the target power.
 * @example
 * ```ts
 * power2p2n({ h: 0.3, n1: 80, n2: 245 }).power; // 0.6442346 (pwr.2p2n.test)
 * ```
 */
export function power2p2n(options: Power2p2nOptions): Power2p2nResult {
  return named("power2p2n", () => power2p2nCore(options));
}

/** {@link power2p2n} without the function name on its errors. */
function power2p2nCore(options: Power2p2nOptions): Power2p2nResult {
  const o = parseOptions(Schema, options, "power2p2n");
  const unknown = findUnknown(o, ["h", "n1", "n2", "power", "alpha"]) as Power2p2nResult["solvedFor"];
  const alt = canonicalAlternative(o.alternative);
  let h = o.h ?? NaN;
  let n1 = o.n1 ?? NaN;
  let n2 = o.n2 ?? NaN;
  let alpha = o.alpha === undefined ? 0.05 : (o.alpha ?? NaN);
  let power = o.power ?? NaN;
  if (alt === "two-sided" && unknown !== "h") h = Math.abs(h);
  const given = givenText({ h, n1, n2, alpha, power }, unknown);
  const scale = (a: number, b: number): number => Math.sqrt((a * b) / (a + b));
  const model: PowerModel<"h" | "n1" | "n2" | "alpha" | "power"> = {
    power: (v) => normalPower(v.h, scale(v.n1, v.n2), v.alpha, alt),
    ranges: { h: hRange(alt), n1: [2 + 1e-10, 1e9], n2: [2 + 1e-10, 1e9], alpha: [1e-10, 1 - 1e-10] },
  };
  ({ h, n1, n2, alpha, power } = solveWith(model, { h, n1, n2, alpha, power }, unknown, given));
  return withDisplay({
    kind: "power2p2n",
    h,
    n1,
    n2,
    alpha,
    power,
    alternative: alt,
    solvedFor: unknown,
    method: "difference of proportion power calculation for binomial distribution (arcsine transformation)",
    note: "different sample sizes",
  });
}

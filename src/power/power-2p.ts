/**
 * Power of a test of two proportions with equal groups (arcsine transformation), as R's `pwr::pwr.2p.test`.
 */
import * as z from "zod/mini";
import { parseOptions } from "../internal/options.js";
import { pnorm, qnorm } from "../math/distributions.js";
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
  h: unknownNumber,
  n: unknownNumber.check(z.refine((v) => v == null || v >= 1, "must be at least 1 (observations in each group)")),
  alpha: alphaSchema,
  power: powerSchema,
  alternative: alternativeSchema,
});

/** Options of {@link power2p}: give all of `h`, `n`, `power`, `alpha` but one (`alpha: null` solves for it). */
export type Power2pOptions = SolveFor<{ h: number; n: number; power: number }> & {
  /** `"two-sided"` (default; R's `"two.sided"` accepted), `"less"` or `"greater"`. */
  alternative?: AlternativeInput;
};

/** Result of {@link power2p}: every parameter, the solved one included. */
export interface Power2pResult {
  readonly kind: "power2p";
  /** Cohen's h (see {@link cohenH}); absolute value when two-sided. */
  readonly h: number;
  /** Observations in each group. */
  readonly n: number;
  readonly alpha: number;
  readonly power: number;
  readonly alternative: PwrAlternative;
  readonly solvedFor: "h" | "n" | "power" | "alpha";
  readonly method: string;
  readonly note: string;
}

/** Normal-approximation power with effect h and scale s (√(n/2) or √(n1n2/(n1+n2))), as pwr. */
export function normalPower(h: number, scale: number, alpha: number, alternative: PwrAlternative): number {
  if (alternative === "two-sided") {
    return pnorm(qnorm(alpha / 2, 0, 1, false) - h * scale, 0, 1, false) + pnorm(qnorm(alpha / 2, 0, 1, true) - h * scale, 0, 1, true);
  }
  if (alternative === "less") return pnorm(qnorm(alpha, 0, 1, true) - h * scale, 0, 1, true);
  return pnorm(qnorm(alpha, 0, 1, false) - h * scale, 0, 1, false);
}

/** pwr's search range for h. */
export function hRange(alternative: PwrAlternative): [number, number] {
  return alternative === "two-sided" ? [1e-10, 10] : alternative === "less" ? [-10, 5] : [-5, 10];
}

/**
 * Power, group size, effect size h or significance level of a two-proportion test with n per
 * group, solving for the one left out.
 *
 * As `pwr::pwr.2p.test` (normal approximation on the arcsine scale): two-sided power =
 * Φ(h√(n/2) − z_{1−α/2}) + Φ(−z_{1−α/2} − h√(n/2)); one-sided uses z_{1−α}.
 * Unknowns are solved to full precision within pwr's ranges (h ∈ (1e-10, 10) two-sided,
 * (−10, 5) "less", (−5, 10) "greater"; n ∈ (2, 1e9); alpha ∈ (1e-10, 1 − 1e-10)).
 *
 * @see Cohen (1988), ch. 6; R package pwr.
 * @throws `INVALID_OPTION` when not exactly one parameter is left out, or a value is out of range.
 * @throws `UNSOLVABLE` when no value in the search range reaches the target power.
 * @example
 * ```ts
 * power2p({ h: cohenH(0.65, 0.45), n: 100 }).power; // 0.8166924
 * ```
 */
export function power2p(options: Power2pOptions): Power2pResult {
  return named("power2p", () => power2pCore(options));
}

/** {@link power2p} without the function name on its errors. */
function power2pCore(options: Power2pOptions): Power2pResult {
  const o = parseOptions(Schema, options, "power2p");
  const unknown = findUnknown(o, ["h", "n", "power", "alpha"]) as Power2pResult["solvedFor"];
  const alt = canonicalAlternative(o.alternative);
  let h = o.h ?? NaN;
  let n = o.n ?? NaN;
  let alpha = o.alpha === undefined ? 0.05 : (o.alpha ?? NaN);
  let power = o.power ?? NaN;
  if (alt === "two-sided" && unknown !== "h") h = Math.abs(h);
  const given = givenText({ h, n, alpha, power }, unknown);
  const model: PowerModel<"h" | "n" | "alpha" | "power"> = {
    power: (v) => normalPower(v.h, Math.sqrt(v.n / 2), v.alpha, alt),
    ranges: { h: hRange(alt), n: [2 + 1e-10, 1e9], alpha: [1e-10, 1 - 1e-10] },
  };
  ({ h, n, alpha, power } = solveWith(model, { h, n, alpha, power }, unknown, given));
  return withDisplay({
    kind: "power2p",
    h,
    n,
    alpha,
    power,
    alternative: alt,
    solvedFor: unknown,
    method: "Difference of proportion power calculation for binomial distribution (arcsine transformation)",
    note: "same sample sizes",
  });
}

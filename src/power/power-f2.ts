/**
 * Power of the F test in multiple regression with Cohen's f², as R's `pwr::pwr.f2.test`.
 */
import * as z from "zod/mini";
import { parseOptions } from "../internal/options.js";
import { pfNoncentral, qf } from "../math/distributions.js";
import { alphaSchema, findUnknown, givenText, powerSchema, solveWith, unknownNumber, type SolveFor } from "./pwr-common.js";
import type { PowerModel } from "./solve.js";
import { withDisplay } from "../report/result-proto.js";
import { named } from "../internal/boundary.js";

const Schema = z.strictObject({
  u: unknownNumber.check(z.refine((v) => v == null || v >= 1, "must be at least 1 (numerator degrees of freedom)")),
  v: unknownNumber.check(z.refine((v) => v == null || v >= 1, "must be at least 1 (denominator degrees of freedom)")),
  f2: unknownNumber.check(z.refine((v) => v == null || v >= 0, "must be 0 or more")),
  alpha: alphaSchema,
  power: powerSchema,
});

/** Options of {@link powerF2}: give all of `u`, `v`, `f2`, `power`, `alpha` but one. */
export type PowerF2Options = SolveFor<{ u: number; v: number; f2: number; power: number }>;

/** Result of {@link powerF2}: every parameter, the solved one included. */
export interface PowerF2Result {
  readonly kind: "powerF2";
  /** Numerator degrees of freedom (number of tested coefficients). */
  readonly u: number;
  /** Denominator degrees of freedom (n − u − 1 for n observations). */
  readonly v: number;
  /** Cohen's f² = R²/(1 − R²) (or the partial version). */
  readonly f2: number;
  readonly alpha: number;
  readonly power: number;
  readonly solvedFor: "u" | "v" | "f2" | "power" | "alpha";
  readonly method: string;
  readonly note: null;
}

function f2Power(u: number, v: number, f2: number, alpha: number): number {
  const lambda = f2 * (u + v + 1);
  return pfNoncentral(qf(alpha, u, v, false), u, v, lambda, false);
}

/**
 * Power, degrees of freedom, effect size f² or significance level of the regression F test,
 * solving for the one left out.
 *
 * As `pwr::pwr.f2.test`: λ = f²·(u + v + 1); power = 1 − F_{u,v,λ}(F⁻¹_{u,v}(1 − α)) with the
 * noncentral F distribution. Unknowns are solved to full precision within pwr's ranges
 * (u ∈ (1, 100), v ∈ (1, 1e9), f² ∈ (1e-7, 1e7), alpha ∈ (1e-10, 1 − 1e-10)).
 *
 * @see Cohen (1988), ch. 9; R package pwr.
 * @throws `INVALID_OPTION` when not exactly one parameter is left out, or a value is out of range.
 * @throws `UNSOLVABLE` when no value in the search range reaches the target power.
 * @example
 * ```ts
 * powerF2({ u: 3, v: 100, f2: 0.1 }).power; // 0.7611138
 * ```
 */
export function powerF2(options: PowerF2Options): PowerF2Result {
  return named("powerF2", () => powerF2Core(options));
}

/** {@link powerF2} without the function name on its errors. */
function powerF2Core(options: PowerF2Options): PowerF2Result {
  const o = parseOptions(Schema, options, "powerF2");
  const unknown = findUnknown(o, ["u", "v", "f2", "power", "alpha"]) as PowerF2Result["solvedFor"];
  let u = o.u ?? NaN;
  let v = o.v ?? NaN;
  let f2 = o.f2 ?? NaN;
  let alpha = o.alpha === undefined ? 0.05 : (o.alpha ?? NaN);
  let power = o.power ?? NaN;
  const given = givenText({ u, v, f2, alpha, power }, unknown);
  const model: PowerModel<"u" | "v" | "f2" | "alpha" | "power"> = {
    power: (x) => f2Power(x.u, x.v, x.f2, x.alpha),
    ranges: { u: [1 + 1e-10, 100], v: [1 + 1e-10, 1e9], f2: [1e-7, 1e7], alpha: [1e-10, 1 - 1e-10] },
  };
  ({ u, v, f2, alpha, power } = solveWith(model, { u, v, f2, alpha, power }, unknown, given));
  return withDisplay({ kind: "powerF2", u, v, f2, alpha, power, solvedFor: unknown, method: "Multiple regression power calculation", note: null });
}

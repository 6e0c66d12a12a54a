/**
 * Cohen's h, the arcsine effect size for two proportions, as R's `pwr::ES.h`.
 */
import { invalidOption } from "../errors.js";
import { named } from "../internal/boundary.js";

/**
 * Cohen's effect size h for proportions p1 and p2: h = 2·asin(√p1) − 2·asin(√p2).
 *
 * @see Cohen (1988), ch. 6; R package pwr, `ES.h`.
 * @throws `INVALID_OPTION` when a proportion is not a number in [0, 1].
 * @example
 * ```ts
 * cohenH(0.65, 0.45); // 0.4048601
 * ```
 */
export function cohenH(p1: number, p2: number): number {
  return named("cohenH", () => cohenHCore(p1, p2));
}

/** {@link cohenH} without the function name on its errors. */
function cohenHCore(p1: number, p2: number): number {
  if (typeof p1 !== "number" || !(p1 >= 0 && p1 <= 1)) invalidOption("p1", "must be a proportion in [0, 1]", p1);
  if (typeof p2 !== "number" || !(p2 >= 0 && p2 <= 1)) invalidOption("p2", "must be a proportion in [0, 1]", p2);
  return 2 * Math.asin(Math.sqrt(p1)) - 2 * Math.asin(Math.sqrt(p2));
}

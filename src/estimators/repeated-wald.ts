/**
 * The Wald F of the same named terms of one least-squares design for outcome after outcome (a
 * randomization test of balance redraws the assignment and regresses it on the same covariates):
 * the terms are found by name here, and the kernel (kernel/repeated-wald.ts) factors the design once.
 * Internal (`balanceTable`'s randomization p-value).
 */
import { EnsayoError } from "../errors.js";
import { repeatedWaldKernel } from "../kernel/repeated-wald.js";
import { kernelInput, type LmFitInput } from "./linear-fit.js";

/** The Wald statistic of a fixed design for any outcome. */
export interface RepeatedWald {
  /** Number of terms tested. */
  readonly q: number;
  /** The terms tested (with `skipAliased`, those of the requested ones that are estimable). */
  readonly terms: readonly string[];
  /**
   * F = b'V⁻¹b / q for the tested terms of `y ~ X` with the design's variance estimator (as
   * `waldTest(fit, terms)`), `y` in the rows and order of the design's input; NaN when V is singular.
   */
  statistic(y: ArrayLike<number>): number;
}

/**
 * Factor the design of `inp` (its `y` is ignored) for {@link RepeatedWald}. Unweighted fits only;
 * every tested term must be in the fit and estimable, or with `skipAliased` the aliased ones are left
 * out of the test (as `balanceTable`'s joint test leaves collinear covariates out).
 *
 * @throws EnsayoError `INVALID_OPTION` (weights, an unknown or aliased term), `NOT_ESTIMABLE`, and
 *   `LENGTH_MISMATCH` from `statistic`.
 */
export function repeatedWald(inp: LmFitInput, requested: readonly string[], options: { skipAliased?: boolean } = {}): RepeatedWald {
  const positions = requested.map((term) => {
    const j = inp.names.indexOf(term);
    if (j < 0) throw new EnsayoError("INVALID_OPTION", `term '${term}' is not in the fit`, { value: term });
    return j;
  });
  const kernel = repeatedWaldKernel(kernelInput(inp), positions, options);
  return {
    q: kernel.tested.length,
    terms: kernel.tested.map((j) => inp.names[j]!),
    statistic: (y) => kernel.statistic(y),
  };
}

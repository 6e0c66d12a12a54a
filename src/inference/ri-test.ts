/**
 * `riTest`: randomization inference from the declared design.
 */
import type { DataInput } from "../data/table.js";
import { evaluatePermutations } from "./evaluate-permutations.js";
import { prepareRiTest, type RiTestOptions } from "./ri-prepare.js";
import { summarizeRiTest, type RiTestResult } from "./ri-summary.js";
import { named } from "../internal/boundary.js";

export type { RiTestOptions } from "./ri-prepare.js";
export type { RiTestResult, RiTestRow } from "./ri-summary.js";
export type { RiStatisticFunction, RiStatisticKind, RiStatisticOption } from "./ri-statistic.js";

/**
 * Randomization inference: the observed statistic against its distribution over the assignments
 * the declared design could have produced, under a sharp null (no effect, or a constant effect τ per
 * arm imputed as ri2's `sharp_hypothesis`: Y(control) = y − τ[arm], y_π = Y(control) + τ[π]).
 *
 * Assignments: every possible one, weighted by its exact probability, when the design has at most
 * `maxExact` (default 100,000); otherwise `sims` (default 10,000) seeded draws from the design's own
 * procedure (re-randomized and `balanceAcrossBlocks` designs included). Or a receipt (the design is
 * re-declared on `data` and checked), or a list of assignments (`permutations`, taken as the complete
 * reference set as ri2 takes a permutation matrix). Memory is O(n + sims): assignments are streamed.
 *
 * Statistics: the difference in means (`differenceInMeans`' estimate, with blocks, clusters, weights),
 * an `lmRobust` or `lmLin` coefficient or t statistic, the Wald F of every arm, or a function
 * `(table, arms) => number`. p-values as ri2 defines them (see `docs/inference.md`): two-sided
 * |s − τ| ≥ |o − τ| − tol(|o − τ| + 1), greater s ≥ o − tol(|o| + 1), less s ≤ o + tol(|o| + 1), tol = √ε.
 *
 * @throws EnsayoError `INVALID_OPTION` (bad options; fewer than 100 `sims`; `alpha` outside (0, 1)),
 *   `DESIGN_MISMATCH` (design, receipt or permutations that do not fit the data), `SINGLE_ASSIGNMENT`,
 *   `MISSING_VALUE`, `MISSING_COLUMN`, `NOT_ESTIMABLE` (the observed statistic cannot be computed),
 *   `CONDITION_NOT_FOUND`; `ABORTED` when the signal is aborted; whatever `onProgress` throws.
 * @see ri2's `conduct_ri` (Coppock); Gerber & Green (2012), ch. 3; Phipson & Smyth (2010).
 * @example
 * ```ts
 * const design = declareRa({ n: 8, m: 4 });
 * const data = { y: [3, 1, 4, 1, 5, 9, 2, 6], z: [1, 0, 1, 0, 1, 1, 0, 0] };
 * const r = riTest(data, { outcome: "y", treatment: "z", design });
 * r.method;          // "exact" (70 assignments)
 * r.rows[0].estimate; // 2.75  (5.25 − 2.5)
 * r.rows[0].pValue;   // 0.2285714  (16 of the 70 assignments are as extreme)
 * ```
 */
export function riTest(data: DataInput, options: RiTestOptions): RiTestResult {
  return named("riTest", () => riTestCore(data, options));
}

/** {@link riTest} without the function name on its errors. */
function riTestCore(data: DataInput, options: RiTestOptions): RiTestResult {
  const prepared = prepareRiTest(data, options);
  const values = evaluatePermutations(prepared.source, prepared.statistic.stats, {
    ...(prepared.options.onProgress ? { onProgress: prepared.options.onProgress } : {}),
    ...(prepared.options.signal ? { signal: prepared.options.signal } : {}),
  });
  return summarizeRiTest(prepared, values);
}

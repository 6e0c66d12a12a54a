/** `completeRa` */
import type { Seed } from "../internal/rng.js";
import type { Assignment, RaOptions } from "./declare-ra.js";
import { runRa } from "./wrappers-common.js";

/** Options of `completeRa`: the options of `declareRa` plus the `seed`. */
export type CompleteRaOptions = RaOptions & {
  /** Seed of the random stream (record it: the same seed gives the same assignment). */
  readonly seed: Seed;
};

/**
 * Complete random assignment: exactly `m` of `n` (or `mEach` per arm); with `prob` / `probEach`, the floor or ceiling
 * of n·p, chosen so every unit's probability is exactly p.
 *
 * A thin wrapper: `declareRa(options).conduct(seed)`; see `declareRa` for the amounts and the rounding rule.
 *
 * @throws EnsayoError `INVALID_OPTION`, `INFEASIBLE_DESIGN`, `NONNESTED_CLUSTERS`, `DUPLICATE_ID`, `MISSING_VALUE`, `LENGTH_MISMATCH`, `MISSING_COLUMN`.
 * @example
 * ```ts
 * completeRa({ n: 10, m: 4, conditions: ["control", "taller"], seed: 7 }).counts; // [6, 4]
 * ```
 */
export function completeRa(options: CompleteRaOptions): Assignment {
  return runRa("completeRa", options, { blocks: false, clusters: false });
}

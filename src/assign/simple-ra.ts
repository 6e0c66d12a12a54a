/** `simpleRa` */
import type { Seed } from "../internal/rng.js";
import type { Assignment, RaOptions } from "./declare-ra.js";
import { runRa } from "./wrappers-common.js";

/** Options of `simpleRa`: the options of `declareRa` plus the `seed`. */
export type SimpleRaOptions = RaOptions & {
  /** Seed of the random stream (record it: the same seed gives the same assignment). */
  readonly seed: Seed;
};

/**
 * Simple random assignment: every unit (or cluster, with `clusters`) gets an independent draw, so arm sizes vary.
 * With `prob` / `probEach` each unit's probability is exactly the one given.
 *
 * A thin wrapper: `declareRa(options).conduct(seed)`; see `declareRa` for the amounts and the rounding rule.
 *
 * @throws EnsayoError `INVALID_OPTION`, `INFEASIBLE_DESIGN`, `NONNESTED_CLUSTERS`, `DUPLICATE_ID`, `MISSING_VALUE`, `LENGTH_MISMATCH`, `MISSING_COLUMN`.
 * @example
 * ```ts
 * simpleRa({ n: 100, prob: 0.3, seed: 1 }).counts; // about [70, 30], varying with the seed
 * ```
 */
export function simpleRa(options: SimpleRaOptions): Assignment {
  return runRa("simpleRa", options, { blocks: false, simple: true });
}

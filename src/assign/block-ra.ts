/** `blockRa` */
import type { Seed } from "../internal/rng.js";
import type { Assignment, RaOptions } from "./declare-ra.js";
import { runRa } from "./wrappers-common.js";

/** Options of `blockRa`: the options of `declareRa` plus the `seed`. */
export type BlockRaOptions = RaOptions & {
  /** Seed of the random stream (record it: the same seed gives the same assignment). */
  readonly seed: Seed;
};

/**
 * Block random assignment: complete assignment within every block (`m`, `prob`, `probEach`, or per block
 * `blockM`, `blockProb`, `blockMEach`, `blockProbEach`). With `balanceAcrossBlocks`, odd blocks' remainders are
 * allocated jointly so each arm's total is within one of its expectation.
 *
 * A thin wrapper: `declareRa(options).conduct(seed)`; see `declareRa` for the amounts and the rounding rule.
 *
 * @throws EnsayoError `INVALID_OPTION`, `INFEASIBLE_DESIGN`, `NONNESTED_CLUSTERS`, `DUPLICATE_ID`, `MISSING_VALUE`, `LENGTH_MISMATCH`, `MISSING_COLUMN`.
 * @example
 * ```ts
 * blockRa({ blocks: ["Central", "Central", "Ñeembucú", "Ñeembucú"], seed: 3 }).counts; // [2, 2]
 * ```
 */
export function blockRa(options: BlockRaOptions): Assignment {
  return runRa("blockRa", options, { blocks: true, clusters: false });
}

/** `blockAndClusterRa` */
import type { Seed } from "../internal/rng.js";
import type { Assignment, RaOptions } from "./declare-ra.js";
import { runRa } from "./wrappers-common.js";

/** Options of `blockAndClusterRa`: the options of `declareRa` plus the `seed`. */
export type BlockAndClusterRaOptions = RaOptions & {
  /** Seed of the random stream (record it: the same seed gives the same assignment). */
  readonly seed: Seed;
};

/**
 * Blocked and clustered random assignment: whole clusters assigned completely within blocks; every cluster must lie in one block.
 *
 * A thin wrapper: `declareRa(options).conduct(seed)`; see `declareRa` for the amounts and the rounding rule.
 *
 * @throws EnsayoError `INVALID_OPTION`, `INFEASIBLE_DESIGN`, `NONNESTED_CLUSTERS`, `DUPLICATE_ID`, `MISSING_VALUE`, `LENGTH_MISMATCH`, `MISSING_COLUMN`.
 * @example
 * ```ts
 * blockAndClusterRa({ blocks: ["A", "A", "A", "A"], clusters: ["e1", "e1", "e2", "e2"], seed: 5 }).counts; // [2, 2]
 * ```
 */
export function blockAndClusterRa(options: BlockAndClusterRaOptions): Assignment {
  return runRa("blockAndClusterRa", options, { blocks: true, clusters: true });
}

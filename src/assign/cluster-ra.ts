/** `clusterRa` */
import type { Seed } from "../internal/rng.js";
import type { Assignment, RaOptions } from "./declare-ra.js";
import { runRa } from "./wrappers-common.js";

/** Options of `clusterRa`: the options of `declareRa` plus the `seed`. */
export type ClusterRaOptions = RaOptions & {
  /** Seed of the random stream (record it: the same seed gives the same assignment). */
  readonly seed: Seed;
};

/**
 * Cluster random assignment: whole clusters are assigned (`m` counts clusters), every unit gets its cluster's arm.
 *
 * A thin wrapper: `declareRa(options).conduct(seed)`; see `declareRa` for the amounts and the rounding rule.
 *
 * @throws EnsayoError `INVALID_OPTION`, `INFEASIBLE_DESIGN`, `NONNESTED_CLUSTERS`, `DUPLICATE_ID`, `MISSING_VALUE`, `LENGTH_MISMATCH`, `MISSING_COLUMN`.
 * @example
 * ```ts
 * clusterRa({ clusters: ["e1", "e1", "e2", "e2"], m: 1, seed: 5 }).condition; // [1, 1, 0, 0] or [0, 0, 1, 1]
 * ```
 */
export function clusterRa(options: ClusterRaOptions): Assignment {
  return runRa("clusterRa", options, { blocks: false, clusters: true });
}

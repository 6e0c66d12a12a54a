/**
 * The clustered difference in means: OLS of y on [1, t] with CR2 (Bell–McCaffrey)
 * standard errors and the Bell–McCaffrey / Pustejovsky–Tipton degrees of freedom,
 * as `lm_robust(y ~ t, clusters = g, se_type = "CR2")`. Internal.
 *
 * Without weights this is the closed form of {@link fitTwoGroup} (`two-group-fit.ts`, which
 * `balanceTable` uses too): with every cluster in one arm, H_gg = (1/n_a)·J (n_a units in the
 * cluster's arm), so (I − H_gg)^(−1/2) scales the cluster's residual total by (1 − n_g/n_a)^(−1/2)
 * (0 when n_g = n_a, estimatr's pseudo-inverse), and the Satterthwaite df is a sum over clusters:
 * O(n) where the generic CR2 needs per-cluster matrix roots. With weights, the fit goes through the
 * public `lmRobust`.
 */
import { EnsayoError } from "../errors.js";
import { fitTwoGroup } from "../kernel/two-group-fit.js";

/** A clustered difference: estimate, CR2 SE, CR2 df, clusters. */
export interface ClusteredFit {
  readonly estimate: number;
  readonly stdError: number;
  readonly df: number;
  readonly nClusters: number;
  readonly warnings: string[];
}

/** Hook for the weighted case (set by the module that can reach `lmRobust`). */
export type WeightedClusteredFitter = (
  y: Float64Array,
  arm: Uint8Array,
  cluster: Int32Array,
  weights: Float64Array,
  alpha: number,
) => ClusteredFit;

/**
 * CR2 difference in means for data whose clusters are each in one arm.
 * `cluster` codes may be sparse (codes of the whole sample); only those present count.
 */
export function clusteredDifference(
  y: Float64Array,
  arm: Uint8Array,
  cluster: Int32Array,
  weights: Float64Array | null,
  opts: { alpha: number; clusters?: string | undefined },
  weightedFitter?: WeightedClusteredFitter,
): ClusteredFit {
  if (weights) {
    if (!weightedFitter) {
      throw new EnsayoError("NOT_ESTIMABLE", `weighted clustered differences need lmRobust, which is not available`, {
        column: opts.clusters,
      });
    }
    return weightedFitter(y, arm, cluster, weights, opts.alpha);
  }
  // y ~ t with CR2 on [1, t]: the closed form of `fitTwoGroup` (every cluster in one arm is its special case).
  let maxCode = 0;
  for (let i = 0; i < cluster.length; i++) if (cluster[i]! > maxCode) maxCode = cluster[i]!;
  const fit = fitTwoGroup(y, Int8Array.from(arm), "CR2", cluster, maxCode + 1);
  if (fit.nClusters < 2) {
    throw new EnsayoError("TOO_FEW_CLUSTERS", `\`clusters\` ('${opts.clusters}') has ${fit.nClusters} cluster in the compared conditions; at least two are needed`, {
      column: opts.clusters,
      hint: "A clustered standard error needs several clusters in each arm",
    });
  }
  return { estimate: fit.estimate, stdError: fit.stdError, df: fit.df, nClusters: fit.nClusters, warnings: [] };
}

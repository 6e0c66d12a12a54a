/**
 * The clustered difference in means: OLS of y on [1, t] with CR2 (Bell–McCaffrey)
 * standard errors and the Bell–McCaffrey / Pustejovsky–Tipton degrees of freedom,
 * as `lm_robust(y ~ t, clusters = g, se_type = "CR2")`. Internal.
 *
 * Without weights the CR2 algebra has a closed form here, because every cluster
 * lies in one arm: with n_a units in the cluster's arm and n_g in the cluster,
 * H_gg = (1/n_a)·J, so (I − H_gg)^(−1/2) acts on the cluster's residual total as
 * (1 − n_g/n_a)^(−1/2) (the pseudo-inverse gives 0 when n_g = n_a). Then
 * V = Σ_arms Σ_{g∈arm} E_g² / ((1 − ρ_g) n_a²), with E_g the cluster's residual sum and
 * ρ_g = n_g/n_a, and the Satterthwaite df is (tr G)² / Σ G_gh² with
 * G_gh = q_g q_h (δ_gh n_g − [same arm] n_g n_h / n_a), q_g = ±(1/n_a)(1 − ρ_g)^(−1/2).
 * This is O(n) where the generic CR2 needs per-cluster matrix roots.
 * With weights, the fit goes through the public `lmRobust`.
 */
import { EnsayoError } from "../errors.js";

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
  fn: string,
  opts: { alpha: number; clusters?: string | undefined },
  weightedFitter?: WeightedClusteredFitter,
): ClusteredFit {
  if (weights) {
    if (!weightedFitter) {
      throw new EnsayoError("NOT_ESTIMABLE", `${fn}: weighted clustered differences need lmRobust, which is not available`, {
        column: opts.clusters,
      });
    }
    return weightedFitter(y, arm, cluster, weights, opts.alpha);
  }
  const n = y.length;
  // Map cluster codes to dense ids in order of appearance.
  let maxCode = 0;
  for (let i = 0; i < n; i++) if (cluster[i]! > maxCode) maxCode = cluster[i]!;
  const dense = new Int32Array(maxCode + 1).fill(-1);
  let G = 0;
  for (let i = 0; i < n; i++) {
    const c = cluster[i]!;
    if (dense[c] === -1) dense[c] = G++;
  }
  if (G < 2) {
    throw new EnsayoError("TOO_FEW_CLUSTERS", `${fn}: \`clusters\` ('${opts.clusters}') has ${G} cluster in the compared conditions; at least two are needed`, {
      column: opts.clusters,
      hint: "A clustered standard error needs several clusters in each arm",
    });
  }
  const ng = new Float64Array(G);
  const eg = new Float64Array(G);
  const armG = new Uint8Array(G);
  let n1 = 0;
  let s1 = 0;
  let s0 = 0;
  for (let i = 0; i < n; i++) {
    const g = dense[cluster[i]!]!;
    ng[g]++;
    armG[g] = arm[i]!;
    if (arm[i]) {
      n1++;
      s1 += y[i]!;
    } else s0 += y[i]!;
  }
  const n0 = n - n1;
  const m1 = s1 / n1;
  const m0 = s0 / n0;
  for (let i = 0; i < n; i++) eg[dense[cluster[i]!]!] += y[i]! - (arm[i] ? m1 : m0);
  let v = 0;
  let trG = 0;
  let diag = 0;
  let cross1 = 0;
  let cross0 = 0;
  for (let g = 0; g < G; g++) {
    const na = armG[g] ? n1 : n0;
    const rho = ng[g]! / na;
    const oneMinus = 1 - rho;
    // Pseudo-inverse square root: a zero eigenvalue (single cluster in an arm) contributes 0.
    const inv = oneMinus > 1e-12 ? 1 / oneMinus : 0;
    v += (eg[g]! * eg[g]! * inv) / (na * na);
    const q2 = inv / (na * na);
    trG += q2 * ng[g]! * oneMinus * (inv > 0 ? 1 : 0);
    diag += q2 * q2 * ng[g]! * ng[g]! * (1 - 2 * rho);
    if (armG[g]) cross1 += (q2 * ng[g]! * ng[g]!) / na;
    else cross0 += (q2 * ng[g]! * ng[g]!) / na;
  }
  const sumSq = diag + cross1 * cross1 + cross0 * cross0;
  const df = (trG * trG) / sumSq;
  return { estimate: m1 - m0, stdError: Math.sqrt(v), df, nClusters: G, warnings: [] };
}

/**
 * The one entry point of the CR2 (Bell–McCaffrey) variance: every least-squares fit hands its
 * design, residuals and clusters here, and the fastest exact form for the case runs:
 * - weighted fits: estimatr's weighted form by its low-rank version (`cr2WeightedLowRank`);
 * - unweighted, no absorbed fixed effects, the rows of Q in hand and every coefficient's df wanted:
 *   all df at once, small clusters in their own n_g space (`cr2Orthonormal`);
 * - otherwise the general low-rank form (`cr2LowRank`: fixed effects, per-cluster factors, the
 *   HTZ support, the meat-only series, the per-cluster operators of randomization tests).
 * The direct per-cluster eigendecomposition (`cr2Naive`) is the oracle every form is tested
 * against (test/kernel/vcov-cr2.test.ts, cr2-orthonormal.test.ts). The two-group closed form of
 * the difference in means (two-group-fit.ts) is the same estimator for a design of two dummies.
 */
import type { ClusterBasis } from "./cluster-basis.js";
import { cr2Orthonormal } from "./cr2-orthonormal.js";
import type { DesignRows } from "./design-rows.js";
import { cr2LowRank, cr2WeightedLowRank, type Cr2Mode, type Cr2Parts, type FeDummies } from "./vcov-cr2.js";

/** What {@link cr2} needs: the design in an orthonormal basis (M = I), residuals and clusters. */
export interface Cr2Input {
  /** The design's rows in the orthonormal basis Q = X_p R⁻¹, or its per-cluster factors. */
  readonly design: DesignRows | ClusterBasis;
  readonly n: number;
  readonly r: number;
  /** Residuals (weighted fits: √w-scaled), rows sorted by cluster. */
  readonly e: Float64Array;
  /** J + 1 cluster boundaries. */
  readonly starts: Int32Array;
  /** r × r; column j is coefficient j's contrast in the basis. */
  readonly contrasts: Float64Array;
  readonly mode: Cr2Mode;
  /** Absorbed fixed effects. */
  readonly fe?: FeDummies | undefined;
  /** Weighted fits: the unweighted rows X_u R⁻¹ (n × r), W = w / mean w, unweighted residuals, mean w. */
  readonly weighted?: { readonly xu: Float64Array; readonly ws: Float64Array; readonly eu: Float64Array; readonly wm: number } | undefined;
}

/**
 * CR2 meat rows (X_g'A_g e_g per cluster), the Satterthwaite df of each coefficient (in `"df"`
 * mode) and, in `"support"` mode, what the HTZ test needs.
 *
 * @see Bell, R. M. & McCaffrey, D. F. (2002). Bias reduction in standard errors for linear regression with multi-stage samples. Survey Methodology 28(2).
 */
export function cr2(input: Cr2Input): Cr2Parts {
  const { design, n, r, e, starts, contrasts, mode, fe, weighted } = input;
  const I = new Float64Array(r * r);
  for (let k = 0; k < r; k++) I[k * r + k] = 1;
  if (weighted) return cr2WeightedLowRank(weighted.xu, n, r, weighted.eu, weighted.ws, starts, I, weighted.wm, contrasts);
  const rows = "kind" in design ? null : design;
  if (rows && !fe && mode === "df") return { ...cr2Orthonormal(rows, e, starts, contrasts), support: null };
  return cr2LowRank(design, n, r, e, starts, I, fe, contrasts, mode);
}

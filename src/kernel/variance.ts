/**
 * The one variance function of the kernel: given a fit's bread pieces (R⁻¹ of the pivoted QR, the
 * rows of Q = X_p R⁻¹ or the per-cluster factors, the residuals, the clusters and absorbed fixed
 * effects) and an SE type, it forms that type's meat, scale and df as the registry (se-types.ts)
 * declares them: homoskedastic s²M; heteroskedastic Σ ω q q' with ω = e²/(1 − h)^power; cluster
 * Σ_g Q_g'e_g e_g'Q_g; Bell–McCaffrey through the one CR2 entry point (cr2.ts). Every variance is
 * R⁻¹ (Q'ΩQ) R⁻ᵀ in the pivoted orthonormal basis, so rounding grows with cond(X), not cond(X)².
 * OLS and 2SLS (whose Q is that of the projected regressors and e the structural residuals) alike.
 */
import { transpose } from "../math/linalg.js";
import { basisContrasts, basisSandwich, basisScores, type ClusterBasis } from "./cluster-basis.js";
import { cr2 } from "./cr2.js";
import { addGramUpper, mirrorUpper, ROW_BLOCK, type DesignRows } from "./design-rows.js";
import { feLeverage, type FitDesign } from "./absorb.js";
import { clusterMeat, clusterScores, sandwich } from "./sandwich.js";
import { SE_TYPES, seScale, type SeName } from "./se-types.js";
import type { Cr2DfSupport, Cr2Mode, FeDummies } from "./vcov-cr2.js";

/** What a fit hands to {@link variance}: the bread and the pieces each meat needs. */
export interface BreadPieces {
  readonly n: number;
  /** Rank of the design (columns kept). */
  readonly r: number;
  /** r + the rank of the absorbed fixed effects. */
  readonly totalRank: number;
  readonly J: number;
  /** R⁻¹ of the pivoted QR (r×r, column-major, upper). */
  readonly Rinv: Float64Array;
  readonly perm: Int32Array;
  /** The rows of Q = X_p R⁻¹ (weighted rows when weighted), in cluster order. */
  readonly Q: DesignRows;
  /** Per-cluster factors of a cluster-by-cluster QR, when the fit made one. */
  readonly basis: ClusterBasis | null;
  /** Residuals (√w-scaled when weighted), in cluster order. */
  readonly e: Float64Array;
  readonly rss: number;
  /** M = (X'X)⁻¹ in pivot order (R⁻¹R⁻ᵀ). */
  readonly Mpiv: Float64Array;
  readonly starts: Int32Array | undefined;
  /** The absorbed fixed effects and weights as the design holds them. */
  readonly design: Pick<FitDesign, "feD" | "sw">;
  /** The fixed-effect dummies for CR2 (unweighted fits). */
  readonly feDummies: () => FeDummies | undefined;
  /** Weighted fits: estimatr's weighted CR2 in the basis X_u R⁻¹ (made only for CR2). */
  readonly weightedCr2: (() => { xu: Float64Array; ws: Float64Array; eu: Float64Array; wm: number }) | undefined;
}

/** A variance in pivot order, with its df and what later tests reuse. */
export interface Variance {
  /** r×r in pivot order (column-major), or null for `"none"`. */
  readonly Vp: Float64Array | null;
  /** df of each pivoted coefficient (NaN where undefined). */
  readonly dfPiv: Float64Array;
  /** Rows (cluster order) whose leverage is 1 under a leverage-adjusted meat (their ω is NaN). */
  readonly badLeverage: number[];
  /** CR2 fits in `"support"` mode: the HTZ df support and each pivoted coefficient's contrast. */
  readonly htz?: { readonly support: Cr2DfSupport; readonly contrasts: Float64Array };
}

/**
 * The variance of a fit under `se` (see the module comment): meat, scale and df as
 * `SE_TYPES[se]` declares them.
 *
 * @see https://declaredesign.org/r/estimatr/articles/mathematical-notes.html
 * Its output is the `vcov` and `df` of `fitLeastSquares` (kernel/fit.ts; see that example); the SE type's
 * declaration decides every branch:
 *
 * @example
 * ```ts
 * SE_TYPES.HC2.meat; // "heteroskedastic"
 * leverageMode(SE_TYPES.HC2.leveragePower!); // 2
 * ```
 */
export function variance(se: SeName, b: BreadPieces, cr2Mode: Cr2Mode = "df"): Variance {
  const { n, r, totalRank, J, Rinv, basis, e, starts } = b;
  const spec = SE_TYPES[se];
  const dfPiv = new Float64Array(r).fill(NaN);
  const badLeverage: number[] = [];
  let Vp: Float64Array | null = null;
  let htz: Variance["htz"];
  switch (spec.meat) {
    case "none":
      break;
    case "homoskedastic": {
      const s2 = b.rss / (n - totalRank);
      Vp = b.Mpiv.map((v) => v * s2);
      dfPiv.fill(n - totalRank);
      break;
    }
    case "heteroskedastic": {
      let dfHC = n - totalRank;
      const power = spec.leveragePower ?? 0;
      let hExtra: Float64Array | null = null;
      if (power && b.design.feD) {
        const hd = feLeverage(b.design.feD, n, b.design.sw);
        hExtra = hd.h;
        dfHC = n - (r + hd.rank);
      }
      const { meat, bad } = streamMeat(b.Q, e, leverageMode(power), hExtra);
      badLeverage.push(...bad);
      Vp = sandwich(Rinv, meat, r, true);
      dfPiv.fill(power ? dfHC : n - totalRank);
      break;
    }
    case "cluster":
    case "bell-mccaffrey": {
      let half: Float64Array;
      if (spec.meat === "bell-mccaffrey") {
        // Coefficient k of β = R⁻¹γ has contrast row k of R⁻¹ in the Q basis (row perm[k] of T in a cluster basis).
        const contrasts = basis ? basisContrasts(basis, b.perm) : transpose(Rinv, r, r);
        const weighted = b.weightedCr2?.();
        const parts = cr2({ design: basis ?? b.Q, n, r, e, starts: starts!, contrasts, mode: cr2Mode, fe: weighted ? undefined : b.feDummies(), weighted });
        if (parts.support) htz = { support: parts.support, contrasts };
        half = parts.half;
        dfPiv.set(parts.df);
      } else {
        half = basis ? basisScores(basis, e, starts!) : clusterScores(b.Q, e, starts!);
        dfPiv.fill(J - 1);
      }
      const meat = clusterMeat(half, J, r);
      Vp = basis ? basisSandwich(basis, meat, b.perm) : sandwich(Rinv, meat, r, true);
      break;
    }
  }
  if (Vp && spec.meat !== "homoskedastic") {
    const f = seScale(se, n, totalRank, J);
    if (f !== 1) Vp = Vp.map((v) => v * f);
  }
  return { Vp, dfPiv, badLeverage, ...(htz ? { htz } : {}) };
}

/**
 * {@link streamMeat}'s mode for a leverage power: 0 (ω = e²), 2 (e²/(1 − h)), 3 (e²/(1 − h)²).
 *
 * @example
 * ```ts
 * leverageMode(2); // 3
 * ```
 */
export function leverageMode(power: number): 0 | 2 | 3 {
  return power === 1 ? 2 : power === 2 ? 3 : 0;
}

/**
 * Σ ω_i q_i q_i' streaming Q by blocks, with ω = e² (mode 0), e²/(1−h) (2) or e²/(1−h)² (3),
 * h = ‖q_i‖² (+ hExtra_i, the fixed-effect leverage). Rows with 1 − h < 1e−10 (leverage 1) get
 * ω = NaN and are returned in `bad`.
 */
export function streamMeat(Q: DesignRows, e: Float64Array, mode: number, hExtra: Float64Array | null): { meat: Float64Array; bad: number[] } {
  const { n, r } = Q;
  const qb = new Float64Array(ROW_BLOCK * r);
  const w = new Float64Array(ROW_BLOCK);
  const wq = new Float64Array(ROW_BLOCK);
  const meat = new Float64Array(r * r);
  const bad: number[] = [];
  for (let i0 = 0; i0 < n; i0 += ROW_BLOCK) {
    const i1 = Math.min(n, i0 + ROW_BLOCK);
    const m = i1 - i0;
    Q.fill(i0, i1, qb);
    for (let t = 0; t < m; t++) w[t] = e[i0 + t]! * e[i0 + t]!;
    if (mode) {
      const h = wq;
      h.fill(0);
      for (let c = 0; c < r; c++) {
        const oc = c * m;
        for (let t = 0; t < m; t++) h[t] += qb[oc + t]! * qb[oc + t]!;
      }
      if (hExtra) for (let t = 0; t < m; t++) h[t] += hExtra[i0 + t]!;
      for (let t = 0; t < m; t++) {
        const om = 1 - h[t]!;
        if (om < 1e-10) {
          bad.push(i0 + t);
          w[t] = NaN;
        } else w[t] = mode === 2 ? w[t]! / om : w[t]! / (om * om);
      }
    }
    // Σ ω q q' = (√ω q)'(√ω q): ω ≥ 0 (or NaN, which propagates as before).
    for (let t = 0; t < m; t++) wq[t] = Math.sqrt(w[t]!);
    for (let c = 0; c < r; c++) {
      const oc = c * m;
      for (let t = 0; t < m; t++) qb[oc + t] = qb[oc + t]! * wq[t]!;
    }
    addGramUpper(qb, m, r, meat, r);
  }
  mirrorUpper(meat, r);
  return { meat, bad };
}


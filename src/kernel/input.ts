/**
 * What the least-squares kernel takes: arrays only. The user layer (lmRobust, lmLin, ivRobust, the
 * balance regressions) resolves columns, formulas and options and hands over these arrays; term
 * names, the formula, the caller's name and the result's bookkeeping stay with it.
 */
import type { SeName } from "./se-types.js";
import type { Cr2Mode } from "./vcov-cr2.js";

/** A treatment-coded factor kept out of the dense columns as level codes (see factor-block.ts). */
export interface FactorCodes {
  /** Level of each row, 0..nLevels−1; level 0 is the reference (no column). */
  readonly codes: Int32Array;
  readonly nLevels: number;
  /** Position of the first dummy among all terms (the nLevels − 1 dummies are contiguous). */
  readonly start: number;
}

/** A least-squares problem `y ~ X [+ absorbed fixed effects]` with its variance estimator. */
export interface KernelInput {
  /** Outcome, n values. */
  readonly y: Float64Array;
  readonly n: number;
  /** The p design columns (each of length n); with `factor`, the dense columns only. */
  readonly cols: readonly Float64Array[];
  /** Whether the kernel may overwrite `cols` (demeaning in place). */
  readonly ownsColumns?: boolean;
  /** Whether `cols[0]` is the intercept (dropped when fixed effects are absorbed; R² centred). */
  readonly intercept: boolean;
  /** Raw weights (validated, none zero), or undefined. */
  readonly weights?: Float64Array | undefined;
  /** Cluster code per row (0..nClusters−1), or undefined. */
  readonly clusters?: Int32Array | undefined;
  readonly nClusters?: number | undefined;
  /** Absorbed fixed effects: level codes per factor and their level counts. */
  readonly fe?: { readonly codes: readonly Int32Array[]; readonly nLevels: readonly number[] } | undefined;
  /** A factor of many levels kept as codes (fitted as sparse dummies when the block form applies). */
  readonly factor?: FactorCodes | undefined;
  readonly seType: SeName;
  /** How much of the unweighted CR2 work to do (default `"df"`; see vcov-cr2.ts). */
  readonly cr2Mode?: Cr2Mode | undefined;
  /**
   * Two-stage least squares: `cols` are the projected regressors X̂ and these the original ones X;
   * the coefficients come from X̂, the residuals (and so the meat and R²) from y − Xβ.
   */
  readonly structural?: readonly Float64Array[] | undefined;
  /**
   * Which coefficients the F test of all terms but the intercept reads: `"leading"` positions
   * intercept+1..rank of the full vector, aliased included (estimatr's lm_robust), or the `"kept"` ones
   * (iv_robust as ensayo has always computed it).
   */
  readonly fTerms?: "leading" | "kept";
}

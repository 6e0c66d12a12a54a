/**
 * What the least-squares kernel takes and gives back. It takes arrays only. The user layer (lmRobust, lmLin, ivRobust, the
 * balance regressions) resolves columns, formulas and options and hands over these arrays; term
 * names, the formula, the caller's name and the result's bookkeeping stay with it.
 */
import type { SeName } from "./se-types.js";
import type { Cr2DfSupport, Cr2Mode } from "./vcov-cr2.js";

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
   * the coefficients come from X̂, the residuals (and so the meat and R²) from y − Xβ, and the F test
   * is the Wald F of the kept terms (for OLS: the classical F from R², or estimatr's positions
   * intercept+1..rank of the full vector).
   */
  readonly structural?: readonly Float64Array[] | undefined;
}

/** The F test of all terms but the intercept. */
export interface FTest {
  readonly value: number;
  readonly df1: number;
  readonly df2: number;
  readonly pValue: number;
}

/** What waldTest's HTZ test needs from a CR2 fit: the df support and each kept term's contrast in its basis. */
export interface HtzSupport {
  readonly support: Cr2DfSupport;
  /** Contrast vector of term `term` (an index into the fit's terms); throws for an aliased term. */
  contrast(term: number): Float64Array;
}

/** A fitted least-squares problem, over its terms (the input's columns from `firstTerm` on). */
export interface KernelFit {
  readonly n: number;
  /** 1 when absorbed fixed effects dropped the intercept column, else 0. */
  readonly firstTerm: number;
  /** Number of terms (dummies of a factor block included). */
  readonly p: number;
  readonly rank: number;
  /** n − rank − (rank of the absorbed fixed effects). */
  readonly dfResidual: number;
  /** Number of clusters (1 without clusters). */
  readonly nClusters: number;
  /** Coefficient of each term, NaN where aliased. */
  readonly estimate: Float64Array;
  /** The estimable terms, ascending. */
  readonly kept: readonly number[];
  /** Term positions of aliased terms, ascending. */
  readonly aliased: readonly number[];
  /** Variance matrix over all terms (aliased rows and columns NaN; all NaN without variance). */
  readonly vcov: number[][];
  /** df of each term's t test (NaN where aliased or undefined; not yet checked for being positive). */
  readonly df: Float64Array;
  /** Estimation rows (input order) whose leverage is 1 under HC2/HC3 (their SEs are NaN). */
  readonly badLeverage: readonly number[];
  /** The residuals are 0 up to rounding (norm under 1e-10 of the outcome's). */
  readonly perfectFit: boolean;
  readonly r2: number;
  readonly adjR2: number;
  readonly fStatistic?: FTest;
  /** s²(X'X)⁻¹ over the kept terms (r×r column-major), made on demand. */
  classicalVcov(): Float64Array;
  /** CR2 fits made in `"support"` mode: what HTZ needs. */
  readonly htz?: HtzSupport;
}

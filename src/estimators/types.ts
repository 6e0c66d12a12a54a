/**
 * Result types shared by every estimator in `src/estimators`.
 *
 * Names follow estimatr's tidy output, in camelCase.
 */
import type { SeName } from "../kernel/se-types.js";

/** One row of a tidy coefficient table (estimatr's `tidy()` columns, camelCase). */
export interface CoefficientRow {
  /** Term label as R prints it: `(Intercept)`, `x`, `regionItapúa`, `z:x`. */
  readonly term: string;
  /** Point estimate (NaN when aliased). */
  readonly estimate: number;
  /** Standard error. */
  readonly stdError: number;
  /** estimate / stdError. */
  readonly statistic: number;
  /** Degrees of freedom of the t reference distribution (Infinity for a normal reference). */
  readonly df: number;
  /** Two-sided p-value. */
  readonly pValue: number;
  /** Lower end of the (1 − alpha) confidence interval. */
  readonly confLow: number;
  /** Upper end of the (1 − alpha) confidence interval. */
  readonly confHigh: number;
  /** Name of the outcome column. */
  readonly outcome: string;
  /** True when the term is linearly dependent on earlier terms and was not estimated (R's NA). */
  readonly aliased?: boolean;
}

/** Variance estimator names, as estimatr's `se_type` (declared once, in src/kernel/se-types.ts). */
export type SeType = SeName;

/** Rows left out of an estimate because a used column was missing. */
export interface DroppedRows {
  /** Number of rows dropped (a row missing in several columns counts once). */
  readonly total: number;
  /** Rows missing per column (a row missing in two columns counts in both). */
  readonly byColumn: Readonly<Record<string, number>>;
  /** Of `byColumn`, the values that were ±Infinity (stored as missing), per column; absent when none. */
  readonly infinite?: Readonly<Record<string, number>>;
}

/**
 * Fields shared by the results of the two-arm design-based estimators (differenceInMeans,
 * horvitzThompson): one row comparing `treated` with `control`.
 */
export interface TwoArmEstimate {
  readonly outcome: string;
  /** One row: the estimated difference. */
  readonly coefficients: readonly CoefficientRow[];
  /** Rows used. */
  readonly nObs: number;
  readonly nBlocks?: number;
  readonly nClusters?: number;
  /** Control condition (as text). */
  readonly control: string;
  /** Treatment condition (as text). */
  readonly treated: string;
  readonly alpha: number;
  /** Rows dropped for missing values (= `dropped.total`). */
  readonly nDropped: number;
  /** Which columns the dropped rows were missing in. */
  readonly dropped: DroppedRows;
  readonly warnings: readonly string[];
}

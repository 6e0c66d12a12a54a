/**
 * Tidy coefficient rows with estimatr's inference (`add_cis_pvals`): the statistic
 * is estimate / SE; with a finite df, p = 2·pt(|t|, df, upper) and the interval is
 * estimate ± qt(1 − α/2, df)·SE; with df = Infinity (Horvitz–Thompson) the normal
 * distribution is used. A df ≤ 0 becomes NaN (estimatr: NA with a warning). Internal.
 */
import { pnorm, pt, qnorm, qt } from "../math/distributions.js";
import type { CoefficientRow } from "./types.js";

/** One coefficient row from an estimate, its SE and df. */
export function coefficientRow(
  term: string,
  estimate: number,
  stdError: number,
  dfIn: number,
  alpha: number,
  outcome: string,
  warnings?: string[],
): CoefficientRow {
  let df = dfIn;
  if (df <= 0) {
    warnings?.push(`The degrees of freedom were estimated as ${df}; p-value and confidence interval are NaN`);
    df = NaN;
  }
  const statistic = estimate / stdError;
  let pValue: number;
  let crit: number;
  if (Number.isNaN(df) || Number.isNaN(statistic)) {
    pValue = NaN;
    crit = df === Infinity ? qnorm(1 - alpha / 2) : Number.isNaN(df) ? NaN : qt(1 - alpha / 2, df);
  } else if (df === Infinity) {
    pValue = 2 * pnorm(Math.abs(statistic), 0, 1, false);
    crit = qnorm(1 - alpha / 2);
  } else {
    pValue = 2 * pt(Math.abs(statistic), df, false);
    crit = qt(1 - alpha / 2, df);
  }
  const half = crit * stdError;
  return {
    term,
    estimate,
    stdError,
    statistic,
    df,
    pValue,
    confLow: estimate - half,
    confHigh: estimate + half,
    outcome,
  };
}

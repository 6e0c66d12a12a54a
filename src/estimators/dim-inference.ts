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
  if (warnings) {
    // a warning already given may explain the zero (e.g. one cluster per arm): then the outcome may well vary
    if (stdError === 0 && !warnings.some((w) => /standard error/i.test(w)))
      warnings.push(
        `The standard error of '${term}' is 0: the outcome does not vary within the treatment arms (nor within blocks or clusters), ` +
          "so there is no variation to estimate the sampling variance from; the statistic, df, p-value and confidence interval are NaN or degenerate",
      );
    else if (!Number.isFinite(statistic) && !warnings.some((w) => /standard error/i.test(w)))
      warnings.push(`The test statistic of '${term}' is not finite (estimate ${estimate}, standard error ${stdError}); its p-value and confidence interval are not informative`);
  }
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

/** The row of a term that was not estimated (aliased: collinear with earlier terms): every number NaN. */
export function aliasedRow(term: string, outcome: string): CoefficientRow {
  return { term, estimate: NaN, stdError: NaN, statistic: NaN, df: NaN, pValue: NaN, confLow: NaN, confHigh: NaN, outcome, aliased: true };
}

/**
 * Warnings for coefficient rows whose inference is degenerate: a standard error of exactly 0,
 * a perfect fit (`perfectFit`: residuals all 0 up to rounding, e.g. a constant outcome, so the
 * standard errors are 0 or rounding noise; `clustered`: a zero from cluster sums that vanish, e.g. one cluster
 * per arm) or a statistic that is not finite. Aliased rows and
 * fits without standard errors are skipped. Names the terms.
 */
export function degenerateInferenceWarnings(rows: readonly CoefficientRow[], hasSe: boolean, perfectFit = false, clustered = false): string[] {
  if (!hasSe) return [];
  const live = rows.filter((r) => !r.aliased);
  const zero = live.filter((r) => perfectFit || r.stdError === 0).map((r) => `'${r.term}'`);
  const nonFinite = live.filter((r) => !perfectFit && r.stdError !== 0 && !Number.isFinite(r.statistic)).map((r) => `'${r.term}'`);
  const out: string[] = [];
  if (zero.length)
    out.push(
      `the standard error of ${zero.join(", ")} is 0${perfectFit ? " up to rounding" : ""} (${
        perfectFit
          ? "the residuals are all 0: the outcome is constant or fitted exactly"
          : clustered
            ? "the residuals sum to 0 within every cluster, as when each arm has a single cluster: there is no second cluster to estimate the variance from"
            : "the residuals are 0 wherever the term varies"
      }), ` +
        "so the statistic is infinite, NaN or rounding noise and the p-value and confidence interval are not informative",
    );
  if (nonFinite.length)
    out.push(`the test statistic of ${nonFinite.join(", ")} is not finite (standard error NaN or infinite), so the p-value and confidence interval are NaN`);
  return out;
}

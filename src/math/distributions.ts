/**
 * Distribution functions (R's names and argument order).
 *
 * PROVISIONAL: backed by jstat; being replaced with algorithms checked against R to 1e-10.
 * The signatures are fixed: code against them.
 */
import jStat from "jstat";

/** Normal CDF, as R's `pnorm(x, mean, sd, lower.tail)`. */
export function pnorm(x: number, mean = 0, sd = 1, lowerTail = true): number {
  const p = jStat.normal.cdf(x, mean, sd);
  return lowerTail ? p : 1 - p;
}
/** Normal quantile, as R's `qnorm(p, mean, sd, lower.tail)`. */
export function qnorm(p: number, mean = 0, sd = 1, lowerTail = true): number {
  return jStat.normal.inv(lowerTail ? p : 1 - p, mean, sd);
}
/** Student t CDF, as R's `pt(x, df, lower.tail)`. */
export function pt(x: number, df: number, lowerTail = true): number {
  const p = jStat.studentt.cdf(x, df);
  return lowerTail ? p : 1 - p;
}
/** Student t quantile, as R's `qt(p, df, lower.tail)`. */
export function qt(p: number, df: number, lowerTail = true): number {
  return jStat.studentt.inv(lowerTail ? p : 1 - p, df);
}
/** Noncentral t CDF, as R's `pt(x, df, ncp, lower.tail)`. */
export function ptNoncentral(x: number, df: number, ncp: number, lowerTail = true): number {
  const p = jStat.noncentralt.cdf(x, df, ncp);
  return lowerTail ? p : 1 - p;
}
/** F CDF, as R's `pf(x, df1, df2, lower.tail)`. */
export function pf(x: number, df1: number, df2: number, lowerTail = true): number {
  const p = jStat.centralF.cdf(x, df1, df2);
  return lowerTail ? p : 1 - p;
}
/** F quantile, as R's `qf(p, df1, df2, lower.tail)`. */
export function qf(p: number, df1: number, df2: number, lowerTail = true): number {
  return jStat.centralF.inv(lowerTail ? p : 1 - p, df1, df2);
}
/** Noncentral F CDF, as R's `pf(x, df1, df2, ncp, lower.tail)`. */
export function pfNoncentral(_x: number, _df1: number, _df2: number, _ncp: number, _lowerTail = true): number {
  throw new Error("pfNoncentral: not implemented yet");
}
/** Chi-square CDF, as R's `pchisq(x, df, lower.tail)`. */
export function pchisq(x: number, df: number, lowerTail = true): number {
  const p = jStat.chisquare.cdf(x, df);
  return lowerTail ? p : 1 - p;
}
/** Chi-square quantile, as R's `qchisq(p, df, lower.tail)`. */
export function qchisq(p: number, df: number, lowerTail = true): number {
  return jStat.chisquare.inv(lowerTail ? p : 1 - p, df);
}

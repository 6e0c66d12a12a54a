/**
 * The rows of a balance table for one arm against the control: per covariate (per level of a
 * categorical one), the arm moments, the regression difference with robust SEs, the standardized
 * difference, the variance ratio and the flag. Internal to the balance layer.
 */
import { EnsayoError } from "../errors.js";
import { pt, qt } from "../math/distributions.js";
import type { SeType } from "../estimators/types.js";
import { fitTwoGroup, fitTwoGroupFe, twoGroupSupports, type TwoGroupFit } from "../kernel/two-group-fit.js";
import type { CovariateBlock, CovariateColumn } from "./covariates.js";
import { fitCoefficient } from "./regressions.js";
import type { ArmComparison, BalanceSample } from "./balance-sample.js";

/** What the rows of one comparison are computed with. */
export interface RowSettings {
  readonly seType: SeType;
  readonly alpha: number;
  readonly threshold: { readonly stdDiff: number; readonly pValue: number };
  /** Column names, for messages. */
  readonly treatment: string;
  readonly blocks: string | undefined;
}

/**
 * One row per covariate column of `blocks` for the arm of `cmp` against the control; warnings
 * for statistics that are not computable are pushed to `warnings`.
 *
 * The closed forms of `x ~ t` (with block fixed effects when there are blocks, see
 * `two-group-fit.ts`) are used where they hold; otherwise the regression is fitted.
 *
 * @throws EnsayoError `NOT_ESTIMABLE` when the arm does not vary within blocks.
 */
export function covariateRows(blocks: readonly CovariateBlock[], sample: BalanceSample, cmp: ArmComparison, settings: RowSettings, warnings: string[]): TestedRow[] {
  const { blockCodes, clusterFactor, control } = sample;
  const { seType } = settings;
  const n = cmp.pair.length;
  const fast = !blockCodes && twoGroupSupports(seType, clusterFactor !== null);
  const useCov = fast ? null : new Uint8Array(n);
  const rows: TestedRow[] = [];
  for (const block of blocks) {
    for (const col of block.columns) {
      // one closed-form pass gives the arm moments (and, without fixed effects, the fit itself)
      const moments = fast
        ? fitTwoGroup(col.values, cmp.armVec, seType, clusterFactor ? clusterFactor.codes : null, clusterFactor ? clusterFactor.levels.length : 0)
        : fitTwoGroup(col.values, cmp.armVec, "HC0", null, 0);
      const row = rowFromMoments(moments, col, cmp.arm, control);
      let fit: Fit | null = fast ? moments : null;
      if (!fit && blockCodes && twoGroupSupports(seType, clusterFactor !== null)) {
        // block fixed effects: closed form when clusters are nested in blocks (null otherwise)
        fit = fitTwoGroupFe(col.values, cmp.armVec, blockCodes.codes, blockCodes.levels.length, seType,
          clusterFactor ? clusterFactor.codes : null, clusterFactor ? clusterFactor.levels.length : 0);
      }
      fit ??= regressionFit(col, sample, cmp, useCov!, settings);
      if (blockCodes && !Number.isFinite(fit.estimate)) {
        throw new EnsayoError("NOT_ESTIMABLE", `arm '${cmp.arm}' does not vary within blocks '${settings.blocks}', so its difference cannot be estimated with block fixed effects`, {
          column: settings.blocks!,
          hint: `Check that the blocks hold units of both '${control}' and '${cmp.arm}', or leave \`blocks\` out`,
        });
      }
      rows.push(testedRow(row, fit, settings, cmp.arm, warnings));
    }
  }
  return rows;
}

interface Fit {
  readonly estimate: number;
  readonly stdError: number;
  readonly df: number;
}

/** The difference fitted as a regression (`fitCoefficient`), on the pair's units with the covariate present. */
function regressionFit(col: CovariateColumn, sample: BalanceSample, cmp: ArmComparison, useCov: Uint8Array, settings: RowSettings): Fit {
  const { blockCodes, clusterFactor } = sample;
  for (let i = 0; i < useCov.length; i++) useCov[i] = cmp.pair[i]! && !Number.isNaN(col.values[i]!) ? 1 : 0;
  try {
    return fitCoefficient(col.values, cmp.t, useCov, blockCodes ? blockCodes.codes : null, clusterFactor?.codes ?? null, settings.seType);
  } catch (e) {
    if (e instanceof EnsayoError && e.code === "NOT_ESTIMABLE") {
      throw new EnsayoError("NOT_ESTIMABLE", `the regression of '${col.term}' on arm '${cmp.arm}' cannot be estimated with block fixed effects`, {
        column: settings.blocks!,
        hint: `Check that every block '${settings.blocks}' holds units of both '${sample.control}' and '${cmp.arm}'`,
        cause: e,
      });
    }
    throw e;
  }
}

type Moments = ReturnType<typeof rowFromMoments>;
/** A balance row (`BalanceRow` in balance-table.ts) as computed here. */
export type TestedRow = ReturnType<typeof testedRow>;

/** The row with its test, interval and flag; warnings for what is not computable. */
function testedRow(row: Moments, fit: Fit, settings: RowSettings, arm: string, warnings: string[]) {
  const { alpha, threshold } = settings;
  const statistic = fit.estimate / fit.stdError;
  const pValue = 2 * pt(Math.abs(statistic), fit.df, false);
  const q = qt(1 - alpha / 2, fit.df);
  const term = row.term;
  if (!Number.isFinite(fit.stdError)) warnings.push(`${term} (${arm}): the standard error is not computable`);
  else if (Number.isNaN(pValue)) warnings.push(`${term} (${arm}): the test statistic and p-value are not computable (standard error ${fit.stdError}: no variation within arms)`);
  const flag = Math.abs(row.stdDiff) > threshold.stdDiff || pValue < threshold.pValue;
  if (Number.isNaN(row.stdDiff)) warnings.push(`${term} (${arm}): the standardized difference is not computable (no variation in either arm)`);
  if (Number.isNaN(row.varianceRatio) && !Number.isNaN(row.stdDiff)) warnings.push(`${term} (${arm}): the variance ratio is not computable (no variation in control)`);
  return {
    ...row,
    estimate: fit.estimate,
    stdError: fit.stdError,
    statistic,
    df: fit.df,
    pValue,
    confLow: fit.estimate - q * fit.stdError,
    confHigh: fit.estimate + q * fit.stdError,
    flag,
  };
}

/** Descriptive statistics of one covariate in the two arms: n, mean, SD, missing, difference, stdDiff, variance ratio. */
function rowFromMoments(m: TwoGroupFit, col: { covariate: string; level: string | null; term: string }, arm: string, control: string) {
  const var1 = m.n1 > 1 ? m.ss1 / (m.n1 - 1) : NaN;
  const var0 = m.n0 > 1 ? m.ss0 / (m.n0 - 1) : NaN;
  const difference = m.n1 > 0 && m.n0 > 0 ? m.mean1 - m.mean0 : NaN;
  const pooled = Math.sqrt((var1 + var0) / 2);
  return {
    covariate: col.covariate,
    level: col.level,
    term: col.term,
    arm,
    control,
    nControl: m.n0,
    nTreatment: m.n1,
    missingControl: m.missing0,
    missingTreatment: m.missing1,
    meanControl: m.n0 > 0 ? m.mean0 : NaN,
    meanTreatment: m.n1 > 0 ? m.mean1 : NaN,
    sdControl: Math.sqrt(var0),
    sdTreatment: Math.sqrt(var1),
    difference,
    stdDiff: pooled > 0 ? difference / pooled : NaN,
    varianceRatio: var0 > 0 ? var1 / var0 : NaN,
  };
}

/**
 * The parts of an attrition report computed per arm on the joined panel: response rates,
 * differential attrition (the response indicator's interaction with the arm over the
 * covariates) and Lee bounds. Internal to the balance layer (attritionReport).
 */
import { labelColumn } from "../data/columns.js";
import { buildTable, type Column, type Table } from "../data/table.js";
import { EnsayoError } from "../errors.js";
import { factorize } from "../internal/factor.js";
import type { SeType } from "../estimators/types.js";
import { anyMissing, expandCovariates, jointDesign } from "./covariates.js";
import { leeBoundsCore, type LeeBoundsResult } from "./lee-bounds.js";
import { interactionTest } from "./regressions.js";

/** The arm of every panel row, coded. */
export interface ArmCodes {
  readonly codes: Int32Array;
  readonly levels: readonly string[];
}

/** Each arm's units in the baseline, how many responded, and the rates. */
export function responseRatesOf(arms: readonly string[], armF: ArmCodes, responded: Float64Array) {
  return arms.map((arm) => {
    const code = armF.levels.indexOf(arm);
    let nUnits = 0;
    let r = 0;
    for (let i = 0; i < armF.codes.length; i++) {
      if (armF.codes[i] !== code) continue;
      nUnits++;
      r += responded[i]!;
    }
    return { arm, nUnits, responded: r, responseRate: r / nUnits, attrition: 1 - r / nUnits };
  });
}

/** The panel's columns (joined names) an attrition report reads. */
export interface PanelColumns {
  readonly treatment: string;
  readonly blocks: string | undefined;
  readonly clusters: string | undefined;
  readonly covariates: readonly string[];
  readonly categorical: readonly string[];
}

/**
 * Differential attrition per arm against the control: does response depend on the covariates
 * differently in the two arms? The joint test of the arm × covariate interactions in the
 * regression of the response indicator (listwise on the covariates, blocks and clusters).
 */
export function differentialAttritionRows(table: Table, cols: PanelColumns, arms: readonly string[], control: string, armF: ArmCodes, responded: Float64Array, seType: SeType, warnings: string[]) {
  const { blocks, clusters } = cols;
  const blocksExp = expandCovariates(table, [...cols.covariates], new Set(cols.categorical));
  const missingAny = anyMissing(blocksExp, table.nRows);
  const blockCodes = blocks ? factorize(labelColumn(table, blocks, "blocks")).codes : null;
  const clusterCodes = clusters ? factorize(labelColumn(table, clusters, "clusters")).codes : null;
  return arms.slice(1).map((arm) => {
    const a = armF.levels.indexOf(arm);
    const c = armF.levels.indexOf(control);
    const n = table.nRows;
    const use = new Uint8Array(n);
    const t = new Uint8Array(n);
    let nPair = 0;
    for (let i = 0; i < n; i++) {
      const code = armF.codes[i]!;
      if (code !== a && code !== c) continue;
      nPair++;
      if (blockCodes && blockCodes[i]! < 0) continue;
      if (clusterCodes && clusterCodes[i]! < 0) continue;
      if (missingAny[i]) continue;
      use[i] = 1;
      t[i] = code === a ? 1 : 0;
    }
    const dm = jointDesign(blocksExp, use);
    const it = interactionTest(responded, t, dm, use, blockCodes, clusterCodes, seType);
    warnings.push(...it.warnings.map((w) => `differential attrition (${arm}): ${w}`));
    const nDropped = nPair - it.nObs;
    if (nDropped > 0) {
      warnings.push(`differential attrition (${arm}): ${nDropped} of ${nPair} units left out because a covariate${blocks || clusters ? ", block or cluster" : ""} is missing`);
    }
    return {
      arm,
      control,
      nObs: it.nObs,
      nDropped,
      statistic: it.statistic,
      df1: it.df1,
      df2: it.df2,
      pValue: it.pValue,
      classicalStatistic: it.classicalStatistic,
      classicalDf1: it.classicalDf1,
      classicalDf2: it.classicalDf2,
      classicalPValue: it.classicalPValue,
    };
  });
}

/**
 * Lee bounds of `outcome` for every arm against the control (response = in the endline with the
 * outcome observed), skipping arms that lost every unit.
 *
 * @throws EnsayoError `MISSING_COLUMN` when the endline lacks the outcome.
 */
export function leeBoundsByArm(table: Table, outcome: { joined: string; given: string; endlineNames: readonly string[] }, cols: PanelColumns, arms: readonly string[], control: string, armF: ArmCodes, lost: ReadonlySet<string>, alpha: number, warnings: string[]): LeeBoundsResult[] {
  if (!Object.prototype.hasOwnProperty.call(table.columns, outcome.joined)) {
    throw new EnsayoError("MISSING_COLUMN", `\`outcome\` '${outcome.given}' is not a column of the endline`, {
      column: outcome.given,
      hint: `The endline columns are: ${outcome.endlineNames.join(", ")}`,
    });
  }
  const lee: LeeBoundsResult[] = [];
  for (const arm of arms.slice(1)) {
    if (lost.has(arm) || lost.has(control)) continue;
    const keep = new Float64Array(table.nRows);
    for (let i = 0; i < table.nRows; i++) {
      const l = armF.codes[i]! < 0 ? null : armF.levels[armF.codes[i]!];
      keep[i] = l === arm || l === control ? 1 : 0;
    }
    lee.push(leeBoundsCore(subset(table, keep), { outcome: outcome.joined, treatment: cols.treatment, control, alpha }));
  }
  if (cols.clusters && lee.length > 0) warnings.push("Lee bounds standard errors treat units as independent; with clusters they may be too small");
  if (cols.blocks && lee.length > 0) warnings.push("Lee bounds pool the blocks: the trimming is done across the whole arm, not within blocks");
  return lee;
}

/** Rows of `table` where `keep[i] = 1`. */
export function subset(table: Table, keep: Float64Array): Table {
  const idx: number[] = [];
  for (let i = 0; i < table.nRows; i++) if (keep[i] === 1) idx.push(i);
  const cols: Record<string, Column> = Object.create(null);
  for (const name of table.names) {
    const col = table.columns[name]!;
    cols[name] = col instanceof Float64Array ? Float64Array.from(idx, (i) => col[i]!) : idx.map((i) => col[i]!);
  }
  return buildTable(cols, { names: table.names, types: table.types });
}

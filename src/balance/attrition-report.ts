/**
 * Attrition report: who answered the endline, whether that differs by arm, whether the
 * responders are still balanced, and Lee bounds on the effect.
 */
import { SE_TYPE_NAMES_WITH_VARIANCE } from "../kernel/se-types.js";
import * as z from "zod/mini";
import { toTable, type DataInput } from "../data/table.js";
import { mergePanelCore } from "../data/merge-panel.js";
import { showId } from "../data/ids.js";
import { parseOptions } from "../internal/options.js";
import type { SeType } from "../estimators/types.js";
import { BalanceTableSchema, balanceTableCore, type BalanceRow, type BalanceTableResult } from "./balance-table.js";
import { codeColumn, infiniteWarnings } from "./covariates.js";
import type { LeeBoundsResult } from "./lee-bounds.js";
import { differentialAttritionRows, leeBoundsByArm, responseRatesOf, subset } from "./attrition-parts.js";
import { withDisplay } from "../report/result-proto.js";
import { named } from "../internal/boundary.js";

const AttritionReportSchema = z
  .strictObject({
    /** Unit id column: one name for both files, or `{ baseline, endline }`. */
    id: z.union([z.string().check(z.minLength(1)), z.strictObject({ baseline: z.string().check(z.minLength(1)), endline: z.string().check(z.minLength(1)) })]),
    /** Arm column (in the baseline). */
    treatment: z.string().check(z.minLength(1)),
    /** Baseline covariates for the responders' balance and the differential-attrition test. Default none. */
    covariates: z.optional(z.array(z.string().check(z.minLength(1)))),
    /** Numeric covariates to expand into levels. Default none. */
    categorical: z.optional(z.array(z.string().check(z.minLength(1)))),
    /** Block column (baseline): fixed effects in every regression. */
    blocks: z.optional(z.string().check(z.minLength(1))),
    /** Cluster column (baseline): cluster-robust SEs. */
    clusters: z.optional(z.string().check(z.minLength(1))),
    /** Endline outcome for Lee bounds. Default none (no bounds). */
    outcome: z.optional(z.string().check(z.minLength(1))),
    /** The control arm; default the first arm in R's sorted order. */
    control: z.optional(z.union([z.string(), z.number()])),
    /** Variance estimator; default "HC2", or "CR2" with `clusters`. */
    seType: z.optional(z.enum(SE_TYPE_NAMES_WITH_VARIANCE)),
    /** Size of the tests. Default 0.05. */
    alpha: z._default(z.number().check(z.gt(0), z.lt(1)), 0.05),
  });

/** Options of {@link attritionReport}. */
export type AttritionReportOptions = z.input<typeof AttritionReportSchema>;

/** Response counts in one arm. */
export interface ResponseRateRow {
  readonly arm: string;
  /**
   * Randomized (baseline) units in the arm, all of them: units whose block or cluster is missing count
   * here but are left out of the response-difference regression (its rows' nControl/nTreatment say how many it used).
   */
  readonly nUnits: number;
  /** Units found in the endline. */
  readonly responded: number;
  readonly responseRate: number;
  /** 1 − responseRate. */
  readonly attrition: number;
}

/** Test that baseline covariates predict response differently by arm (one row per arm vs control). */
export interface DifferentialAttritionRow {
  readonly arm: string;
  readonly control: string;
  /** Units used (listwise on the covariates). */
  readonly nObs: number;
  /** Units of the two arms left out because a covariate (or their block or cluster) is missing. */
  readonly nDropped: number;
  /** Robust Wald F of every arm × covariate interaction in `responded ~ arm * covariates`. */
  readonly statistic: number;
  readonly df1: number;
  readonly df2: number;
  readonly pValue: number;
  readonly classicalStatistic: number;
  readonly classicalDf1: number;
  readonly classicalDf2: number;
  readonly classicalPValue: number;
}

/** Result of {@link attritionReport}. */
export interface AttritionReportResult {
  readonly kind: "attritionReport";
  readonly treatment: string;
  readonly control: string;
  readonly arms: readonly string[];
  /** Baseline units, endline rows, matched, and ids found on one side only. */
  readonly counts: { readonly baseline: number; readonly endline: number; readonly matched: number; readonly onlyBaseline: number; readonly onlyEndline: number };
  /** Endline ids with no baseline row (often typos): not used anywhere else. */
  readonly unmatchedEndline: readonly string[];
  readonly responseRates: readonly ResponseRateRow[];
  /**
   * Difference in response rates, each arm − control, from `lm_robust(responded ~ arm [FE])`
   * with the design's SEs (balance rows of the `responded` indicator).
   */
  readonly responseDifference: readonly BalanceRow[];
  /** Balance table among responders (null without covariates). */
  readonly respondersBalance: BalanceTableResult | null;
  /** Differential-attrition tests (empty without covariates). */
  readonly differentialAttrition: readonly DifferentialAttritionRow[];
  /** Lee bounds per arm compared with control (empty without `outcome`). */
  readonly leeBounds: readonly LeeBoundsResult[];
  readonly seType: SeType;
  readonly warnings: readonly string[];
}

const FN = "attritionReport";

/**
 * Report attrition between baseline and endline: response rates by arm, their difference and
 * its test, the balance table among responders, a differential-attrition test and Lee bounds.
 *
 * The two data sets are joined with `mergePanel(baseline, endline, { id, keep: "baseline" })`,
 * so every randomized (baseline) unit counts and `responded` = 1 when its id is in the endline.
 * `treatment`, `blocks`, `clusters` and `covariates` are read from the baseline; `outcome` from the
 * endline (a name on both sides resolves to the `_base` / `_final` copy). For every arm compared with
 * control:
 * - the difference in response rates is the coefficient of `lm_robust(responded ~ arm [, fixed_effects
 *   = ~ blocks][, clusters])` (HC2, or CR2 with clusters), as a balance row;
 * - `respondersBalance` is `balanceTable` on the responders (is the remaining sample still balanced?);
 * - the differential-attrition test regresses `responded` on the arm, the covariates and every
 *   arm × covariate interaction (listwise on the covariates) and reports the robust Wald F (and classical
 *   F) that all interactions are 0: a small p-value says baseline characteristics predict response
 *   differently by arm;
 * - `leeBounds` trims the arm with the higher response rate (Lee 2009; see {@link leeBounds}), with a
 *   unit's response being "in the endline with `outcome` observed".
 *
 * An arm that lost every unit keeps its response rate (0) and its response difference; the balance among
 * responders leaves it out (and is `null` when the control arm, or all but one arm, lost every unit), it
 * gets no Lee bounds, and `warnings` says so.
 *
 * @throws EnsayoError `INVALID_OPTION`, `MISSING_COLUMN`, `DUPLICATE_ID`, `MISSING_VALUE` (from mergePanel),
 * `CONDITION_NOT_FOUND`, `ONE_ARM` (the baseline has one arm), `NOT_ESTIMABLE`, `TOO_FEW_CLUSTERS`.
 * @example
 * ```ts
 * // the bundled pilot (see docs/balance.md): the baseline with each official's arm, and the endline
 * const arms = readCsvFile("fixtures/pilot/asignacion.csv");
 * const base = mergePanel(readCsvFile("fixtures/pilot/baseline.csv"), { id: arms.columns.id, grupo: arms.columns.grupo }, { id: "id", keep: "inner" }).table;
 * const endline = readCsvFile("fixtures/pilot/endline.csv");
 * const rep = attritionReport(base, endline, { id: "id", treatment: "grupo", control: "control",
 *   covariates: ["sexo", "edad"], blocks: "region", clusters: "oficina", outcome: "puntaje_final" });
 * const control = rep.responseRates[0]!; // { arm: "control", nUnits: 206, responded: 180, responseRate: 0.874, attrition: 0.126 }
 * [control.nUnits, control.responded, control.responseRate]; // [206, 180, 0.874]
 * rep.unmatchedEndline; // ["PO233", "P0O17"]
 * [rep.leeBounds[0]!.lowerBound, rep.leeBounds[0]!.upperBound]; // [2.51, 7.06]
 * ```
 */
export function attritionReport(baseline: DataInput, endline: DataInput, options: AttritionReportOptions): AttritionReportResult {
  return named("attritionReport", () => attritionReportCore(baseline, endline, options));
}

/** {@link attritionReport} without the function name on its errors (`pilot.analyze` runs it under its own name). */
export function attritionReportCore(baseline: DataInput, endline: DataInput, options: AttritionReportOptions): AttritionReportResult {
  const opts = parseOptions(AttritionReportSchema, options, FN);
  const base = toTable(baseline);
  const end = toTable(endline);
  const taken = new Set([...base.names, ...end.names]);
  let respondedName = "responded";
  while (taken.has(respondedName)) respondedName = `.${respondedName}`;
  const panel = mergePanelCore(base, end, { id: opts.id, keep: "baseline", respondedName });
  const table = panel.table;
  const suffixed = new Set(panel.suffixed);
  const fromBase = (name: string) => (suffixed.has(name) ? `${name}_base` : name);
  const fromEnd = (name: string) => (suffixed.has(name) ? `${name}_final` : name);
  const treatment = fromBase(opts.treatment);
  const blocks = opts.blocks ? fromBase(opts.blocks) : undefined;
  const clusters = opts.clusters ? fromBase(opts.clusters) : undefined;
  const covariates = (opts.covariates ?? []).map(fromBase);
  const categorical = (opts.categorical ?? []).map(fromBase);
  const warnings: string[] = [];
  if (panel.unmatchedEndline.length > 0) {
    warnings.push(`${panel.unmatchedEndline.length} endline id(s) are not in the baseline and were not used: ${panel.unmatchedEndline.slice(0, 5).map(showId).join(", ")}${panel.unmatchedEndline.length > 5 ? ", …" : ""}`);
  }
  warnings.push(...panel.warnings); // ids that only look alike (docs/data.md, "Ids")
  const design = { ...(blocks ? { blocks } : {}), ...(clusters ? { clusters } : {}), ...(opts.seType ? { seType: opts.seType } : {}) };
  warnings.push(...infiniteWarnings(table, [treatment, ...covariates, ...(blocks ? [blocks] : []), ...(clusters ? [clusters] : []), ...(opts.outcome ? [fromEnd(opts.outcome)] : [])]));

  // response difference: a balance row of the responded indicator (validates treatment/control too)
  const resp = balanceTableCore(table, parseOptions(BalanceTableSchema, {
    treatment,
    covariates: [respondedName],
    ...design,
    ...(opts.control !== undefined ? { control: opts.control } : {}),
    alpha: opts.alpha,
    jointTest: false,
  }, FN));
  const control = resp.control;
  const arms = resp.arms;
  const armF = codeColumn(table, treatment, "treatment");
  const responded = table.columns[respondedName] as Float64Array;
  const responseRates: ResponseRateRow[] = responseRatesOf(arms, armF, responded);

  // An arm that lost every unit still has its response rate and difference; what needs its responders is skipped, with a warning.
  const lost = new Set(responseRates.filter((r) => r.responded === 0).map((r) => r.arm));
  for (const r of responseRates) {
    if (r.responded > 0) continue;
    const skipped = [...(covariates.length > 0 ? ["no balance among responders"] : []), ...(opts.outcome ? [`no Lee bounds for '${r.arm}'`] : [])];
    warnings.push(`arm '${r.arm}' lost every unit (0 of ${r.nUnits} responded)${skipped.length ? `: ${skipped.join(", and ")}` : ""}`);
  }
  const withResponders = arms.filter((a) => !lost.has(a));
  const cols = { treatment, blocks, clusters, covariates, categorical };

  // balance among responders, and differential attrition
  let respondersBalance: BalanceTableResult | null = null;
  let differentialAttrition: DifferentialAttritionRow[] = [];
  if (covariates.length > 0) {
    respondersBalance = lost.has(control) || withResponders.length < 2 ? null : balanceTableCore(subset(table, responded), parseOptions(BalanceTableSchema, {
      treatment,
      covariates,
      ...(categorical.length ? { categorical } : {}),
      ...design,
      control,
      alpha: opts.alpha,
    }, FN));
    differentialAttrition = differentialAttritionRows(table, cols, arms, control, armF, responded, resp.seType, warnings);
  }

  // Lee bounds: response = in the endline with the outcome observed
  const lee: LeeBoundsResult[] = opts.outcome
    ? leeBoundsByArm(table, { joined: fromEnd(opts.outcome), given: opts.outcome, endlineNames: end.names }, cols, arms, control, armF, lost, opts.alpha, warnings)
    : [];

  return withDisplay({
    kind: "attritionReport",
    treatment: opts.treatment,
    control,
    arms,
    counts: panel.counts,
    unmatchedEndline: panel.unmatchedEndline,
    responseRates,
    responseDifference: resp.rows,
    respondersBalance,
    differentialAttrition,
    leeBounds: lee,
    seType: resp.seType,
    warnings: [...warnings, ...resp.warnings],
  });
}

/**
 * What the plan adds around the main effects: the effect on participants (LATE), subgroup effects with
 * their heterogeneity tests, and the cost per unit of effect.
 */
import { labelColumn, numericColumn } from "../data/columns.js";
import type { Table } from "../data/table.js";
import { ivRobust } from "../estimators/iv-robust.js";
import { lmRobust } from "../estimators/lm-robust.js";
import { waldTest } from "../estimators/wald-test.js";
import type { PilotPlan } from "./plan-schema.js";
import type { EffectRow } from "./outcome-effects.js";
import { momentsWhere } from "./outcome-effects.js";
import { fitRegistered, planSeType } from "./registered-estimator.js";
import { selectRows, withColumn } from "./table-ops.js";

/** The effect on participants: `ivRobust` with assignment instrumenting take-up. */
export interface LateRow {
  readonly outcome: string;
  readonly takeUp: string;
  readonly estimate: number;
  readonly stdError: number;
  readonly df: number;
  readonly pValue: number;
  readonly confLow: number;
  readonly confHigh: number;
  readonly nObs: number;
  /** Take-up rate among responders with the take-up recorded, in control / treatment. */
  readonly takeUpControl: number;
  readonly takeUpTreatment: number;
  readonly call: string;
}

/** The effect within one level of a subgroup. */
export interface SubgroupEffectRow {
  readonly subgroup: string;
  readonly level: string;
  readonly outcome: string;
  readonly registered: boolean;
  readonly estimate: number;
  readonly stdError: number;
  readonly pValue: number;
  readonly confLow: number;
  readonly confHigh: number;
  readonly nObs: number;
}

/** A heterogeneity test: the interactions of treatment with one subgroup (or, with `subgroup: "joint"`, all of them). */
export interface HeterogeneityRow {
  readonly subgroup: string;
  readonly outcome: string;
  readonly registered: boolean;
  readonly terms: readonly string[];
  readonly statistic: number;
  readonly df1: number;
  readonly df2: number;
  readonly pValue: number;
}

/** Cost per unit of effect of one outcome. */
export interface CostRow {
  readonly outcome: string;
  /** Cost per unit of treatment minus cost per unit of control. */
  readonly incrementalCostPerUnit: number;
  /** incrementalCostPerUnit / estimate: what one unit of the outcome costs (NaN when the estimate is 0). */
  readonly costPerUnitOfEffect: number;
  /** incrementalCostPerUnit / (estimate in control SDs): the cost of one control SD. */
  readonly costPerSd: number;
}

/** LATE rows for every outcome (internal). */
export function lateRows(plan: PilotPlan, table: Table, treated: string, outcomes: readonly string[], warnings: string[]): LateRow[] {
  const takeUp = plan.takeUp!;
  const d = numericColumn(table, takeUp, "pilot.analyze", "take-up");
  const t = table.columns[treated] as Float64Array;
  const rc = momentsWhere(d, (i) => t[i] === 0).mean;
  const rt = momentsWhere(d, (i) => t[i] === 1).mean;
  const covs = [...plan.covariates, ...(plan.design.blocks ? [plan.design.blocks] : [])];
  const rhs = (x: string) => [x, ...covs].join(" + ");
  const se = planSeType(plan);
  return outcomes.flatMap((y) => {
    const formula = `${y} ~ ${rhs(takeUp)} | ${rhs(treated)}`;
    try {
      const r = ivRobust(table, formula, { alpha: plan.alpha, seType: se, ...(plan.design.clusters ? { clusters: plan.design.clusters } : {}) });
      const row = r.coefficients.find((c) => c.term === takeUp)!;
      for (const w of r.warnings) warnings.push(`LATE ${y}: ${w}`);
      return [{
        outcome: y, takeUp, estimate: row.estimate, stdError: row.stdError, df: row.df, pValue: row.pValue, confLow: row.confLow, confHigh: row.confHigh,
        nObs: r.nObs, takeUpControl: rc, takeUpTreatment: rt,
        call: `ivRobust(data, "${formula}", { seType: "${se}"${plan.design.clusters ? `, clusters: "${plan.design.clusters}"` : ""} })`,
      }];
    } catch (e) {
      warnings.push(`LATE ${y}: not estimated (${(e as Error).message})`);
      return [];
    }
  });
}

/** Subgroup effects and heterogeneity tests (internal). */
export function subgroupAnalyses(
  plan: PilotPlan, table: Table, treated: string, outcomes: readonly string[], subgroups: readonly string[], registered: boolean, warnings: string[],
): { effects: SubgroupEffectRow[]; heterogeneity: HeterogeneityRow[] } {
  const effects: SubgroupEffectRow[] = [];
  const heterogeneity: HeterogeneityRow[] = [];
  // subgroups enter the interaction model as factors, whatever their column type
  let t = table;
  const levelsOf: Record<string, string[]> = {};
  for (const s of subgroups) {
    const labels = labelColumn(table, s, "pilot.analyze", "subgroup");
    t = withColumn(t, s, labels);
    levelsOf[s] = [...new Set(labels.filter((v): v is string => v !== null))].sort();
  }
  const se = planSeType(plan);
  const fitOpts = { alpha: plan.alpha, seType: se, ...(plan.design.clusters ? { clusters: plan.design.clusters } : {}), ...(plan.design.blocks ? { fixedEffects: plan.design.blocks } : {}) };
  for (const y of outcomes) {
    for (const s of subgroups) {
      const labels = t.columns[s] as (string | null)[];
      for (const level of levelsOf[s]!) {
        const sub = selectRows(t, labels.map((v) => v === level));
        try {
          const f = fitRegistered(plan, sub, y, treated, { covariates: plan.covariates.filter((c) => c !== s) });
          effects.push({ subgroup: s, level, outcome: y, registered, estimate: f.row.estimate, stdError: f.row.stdError, pValue: f.row.pValue, confLow: f.row.confLow, confHigh: f.row.confHigh, nObs: f.nObs });
        } catch (e) {
          warnings.push(`subgroup ${s} = ${level}, ${y}: not estimated (${(e as Error).message})`);
          effects.push({ subgroup: s, level, outcome: y, registered, estimate: NaN, stdError: NaN, pValue: NaN, confLow: NaN, confHigh: NaN, nObs: 0 });
        }
      }
      heterogeneity.push(interactionRow(t, y, treated, [s], plan.covariates, fitOpts, s, registered, warnings));
    }
    if (subgroups.length > 1) heterogeneity.push(interactionRow(t, y, treated, subgroups, plan.covariates, fitOpts, "joint", registered, warnings));
  }
  return { effects, heterogeneity };
}

function interactionRow(
  t: Table, y: string, treated: string, subgroups: readonly string[], covariates: readonly string[],
  fitOpts: Parameters<typeof lmRobust>[2], label: string, registered: boolean, warnings: string[],
): HeterogeneityRow {
  const covs = covariates.filter((c) => !subgroups.includes(c));
  const formula = [`${y} ~ ${treated}`, ...subgroups.map((s) => `${treated}:${s} + ${s}`), ...covs].join(" + ");
  try {
    const fit = lmRobust(t, formula, fitOpts);
    const terms = fit.coefficients.filter((c) => c.term.startsWith(`${treated}:`) && !c.aliased).map((c) => c.term);
    const w = waldTest(fit, terms);
    return { subgroup: label, outcome: y, registered, terms, statistic: w.statistic, df1: w.df1, df2: w.df2, pValue: w.pValue };
  } catch (e) {
    warnings.push(`heterogeneity ${label}, ${y}: not tested (${(e as Error).message})`);
    return { subgroup: label, outcome: y, registered, terms: [], statistic: NaN, df1: NaN, df2: NaN, pValue: NaN };
  }
}

/** Cost per unit of effect of every registered outcome (internal). */
export function costRows(plan: PilotPlan, effects: readonly EffectRow[]): CostRow[] {
  const costs = plan.costs!;
  const [c0, c1] = plan.design.conditions.map(String) as [string, string];
  const incremental = costs.perUnit[c1]! - costs.perUnit[c0]!;
  return effects.filter((e) => e.registered).map((e) => ({
    outcome: e.outcome,
    incrementalCostPerUnit: incremental,
    costPerUnitOfEffect: e.estimate === 0 ? NaN : incremental / e.estimate,
    costPerSd: e.effectInSd === 0 ? NaN : incremental / e.effectInSd,
  }));
}

/**
 * What the plan adds around the main effects: the effect on participants (LATE), subgroup effects with
 * their heterogeneity tests, and the cost per unit of effect.
 */
import { labelColumn, numericColumn } from "../data/columns.js";
import type { Table } from "../data/table.js";
import { ivRobust } from "../estimators/iv-robust.js";
import { lmRobust } from "../estimators/lm-robust.js";
import { waldTest } from "../estimators/wald-test.js";
import type { ArmColumns } from "./merge-inputs.js";
import type { PilotPlan } from "./plan-schema.js";
import type { EffectRow, WaldRow } from "./outcome-effects.js";
import { momentsWhere } from "./outcome-effects.js";
import { errorParams, notice, type Notices } from "./pilot-notices.js";
import { armSubset, fitRegistered, planSeType, termOf } from "./registered-estimator.js";
import { selectRows, withColumn } from "./table-ops.js";

/** The effect on participants: `ivRobust` with assignment instrumenting take-up. */
export interface LateRow {
  readonly outcome: string;
  /** The treated arm (with several, the LATE of that arm against control, on the units of those two arms). */
  readonly arm: string;
  readonly takeUp: string;
  readonly estimate: number;
  readonly stdError: number;
  readonly df: number;
  readonly pValue: number;
  readonly confLow: number;
  readonly confHigh: number;
  readonly nObs: number;
  /** Take-up rate among units with the take-up recorded, in control / in the arm. */
  readonly takeUpControl: number;
  readonly takeUpTreatment: number;
  readonly call: string;
}

/** The effect within one level of a subgroup. */
export interface SubgroupEffectRow {
  readonly subgroup: string;
  readonly arm: string;
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
export interface HeterogeneityRow extends WaldRow {
  readonly subgroup: string;
  /** The treated arm whose interactions are tested; with several arms, `"all"` for every arm's at once. */
  readonly arm: string;
  readonly outcome: string;
  readonly registered: boolean;
}

/** Cost per unit of effect of one outcome. */
export interface CostRow {
  readonly outcome: string;
  readonly arm: string;
  /** Cost per unit of the arm minus cost per unit of control. */
  readonly incrementalCostPerUnit: number;
  /** incrementalCostPerUnit / estimate: what one unit of the outcome costs (NaN when the estimate is 0). */
  readonly costPerUnitOfEffect: number;
  /** incrementalCostPerUnit / (estimate in control SDs): the cost of one control SD. */
  readonly costPerSd: number;
}

/**
 * LATE rows for every outcome and treated arm (internal): `ivRobust` with the arm's assignment instrumenting
 * take-up, on the units of control and that arm (with two arms, every unit, as before).
 */
export function lateRows(plan: PilotPlan, table: Table, arms: ArmColumns, outcomes: readonly string[], warnings: Notices): LateRow[] {
  const takeUp = plan.takeUp!;
  const multi = arms.treated.length > 1;
  const covs = [...plan.covariates, ...(plan.design.blocks ? [plan.design.blocks] : [])];
  const rhs = (x: string) => [x, ...covs].join(" + ");
  const se = planSeType(plan);
  return arms.treated.flatMap((a, k) => {
    const data = multi ? armSubset(table, arms, k) : table;
    const d = numericColumn(data, takeUp, "take-up");
    const t = data.columns[a.column] as Float64Array;
    const rc = momentsWhere(d, (i) => t[i] === 0).mean;
    const rt = momentsWhere(d, (i) => t[i] === 1).mean;
    return outcomes.flatMap((y) => {
      const formula = `${y} ~ ${rhs(takeUp)} | ${rhs(termOf(a.column))}`;
      const subject = multi ? `${y} (${a.label})` : y;
      try {
        const r = ivRobust(data, formula, { alpha: plan.alpha, seType: se, ...(plan.design.clusters ? { clusters: plan.design.clusters } : {}) });
        const row = r.coefficients.find((c) => c.term === takeUp)!;
        for (const w of r.warnings) notice(warnings, "estimator_warning", { subject: `LATE ${subject}`, detail: w });
        return [{
          outcome: y, arm: a.label, takeUp, estimate: row.estimate, stdError: row.stdError, df: row.df, pValue: row.pValue, confLow: row.confLow, confHigh: row.confHigh,
          nObs: r.nObs, takeUpControl: rc, takeUpTreatment: rt,
          call: `ivRobust(${multi ? `data[${plan.design.treatment} in ("${arms.control}", "${a.label}")]` : "data"}, "${formula}", { seType: "${se}"${plan.design.clusters ? `, clusters: "${plan.design.clusters}"` : ""} })`,
        }];
      } catch (e) {
        notice(warnings, "late_unavailable", { subject, ...errorParams(e) });
        return [];
      }
    });
  });
}

/** Subgroup effects and heterogeneity tests (internal). */
export function subgroupAnalyses(
  plan: PilotPlan, table: Table, arms: ArmColumns, outcomes: readonly string[], subgroups: readonly string[], registered: boolean, warnings: Notices,
): { effects: SubgroupEffectRow[]; heterogeneity: HeterogeneityRow[] } {
  const effects: SubgroupEffectRow[] = [];
  const heterogeneity: HeterogeneityRow[] = [];
  // subgroups enter the interaction model as factors, whatever their column type
  let t = table;
  const levelsOf: Record<string, string[]> = {};
  for (const s of subgroups) {
    const labels = labelColumn(table, s, "subgroup");
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
          const f = fitRegistered(plan, sub, y, arms, { covariates: plan.covariates.filter((c) => c !== s) });
          f.rows.forEach((r, k) => effects.push({ subgroup: s, arm: arms.treated[k]!.label, level, outcome: y, registered, estimate: r.estimate, stdError: r.stdError, pValue: r.pValue, confLow: r.confLow, confHigh: r.confHigh, nObs: f.nObsByArm[k]! }));
        } catch (e) {
          notice(warnings, "subgroup_unavailable", { subgroup: s, level, subject: y, ...errorParams(e) });
          for (const a of arms.treated) effects.push({ subgroup: s, arm: a.label, level, outcome: y, registered, estimate: NaN, stdError: NaN, pValue: NaN, confLow: NaN, confHigh: NaN, nObs: 0 });
        }
      }
      heterogeneity.push(...interactionRows(t, y, arms, [s], plan.covariates, fitOpts, s, registered, warnings));
    }
    if (subgroups.length > 1) heterogeneity.push(...interactionRows(t, y, arms, subgroups, plan.covariates, fitOpts, "joint", registered, warnings));
  }
  return { effects, heterogeneity };
}

/**
 * The heterogeneity tests of one outcome: `y ~ arms + arms:subgroups + subgroups + covariates` (block fixed
 * effects), the Wald F of each arm's interactions, and with several arms that of every arm's at once.
 */
function interactionRows(
  t: Table, y: string, arms: ArmColumns, subgroups: readonly string[], covariates: readonly string[],
  fitOpts: Parameters<typeof lmRobust>[2], label: string, registered: boolean, warnings: Notices,
): HeterogeneityRow[] {
  const covs = covariates.filter((c) => !subgroups.includes(c));
  const ts = arms.treated.map((a) => termOf(a.column));
  const formula = [`${y} ~ ${ts.join(" + ")}`, ...subgroups.flatMap((s) => [...ts.map((x) => `${x}:${s}`), s]), ...covs].join(" + ");
  const groups = arms.treated.map((a, k) => ({ arm: a.label, prefixes: [`${ts[k]}:`, `${a.column}:`] }));
  if (arms.treated.length > 1) groups.push({ arm: "all", prefixes: groups.flatMap((g) => g.prefixes) });
  try {
    const fit = lmRobust(t, formula, fitOpts);
    return groups.map((g) => {
      const terms = fit.coefficients.filter((c) => g.prefixes.some((p) => c.term.startsWith(p)) && !c.aliased).map((c) => c.term);
      const w = waldTest(fit, terms);
      return { subgroup: label, arm: g.arm, outcome: y, registered, terms, statistic: w.statistic, df1: w.df1, df2: w.df2, pValue: w.pValue };
    });
  } catch (e) {
    notice(warnings, "heterogeneity_unavailable", { subgroup: label, subject: y, ...errorParams(e) });
    return groups.map((g) => ({ subgroup: label, arm: g.arm, outcome: y, registered, terms: [], statistic: NaN, df1: NaN, df2: NaN, pValue: NaN }));
  }
}

/** Cost per unit of effect of every registered outcome and treated arm (internal). */
export function costRows(plan: PilotPlan, effects: readonly EffectRow[]): CostRow[] {
  const costs = plan.costs!;
  const c0 = String(plan.design.conditions[0]);
  return effects.filter((e) => e.registered).map((e) => {
    const incremental = costs.perUnit[e.arm]! - costs.perUnit[c0]!;
    return {
      outcome: e.outcome,
      arm: e.arm,
      incrementalCostPerUnit: incremental,
      costPerUnitOfEffect: e.estimate === 0 ? NaN : incremental / e.estimate,
      costPerSd: e.effectInSd === 0 ? NaN : incremental / e.effectInSd,
    };
  });
}

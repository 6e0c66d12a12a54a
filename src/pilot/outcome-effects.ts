/**
 * The registered effect of every outcome: the estimator's row, N per arm, the control mean and SD,
 * the effect in control SDs, and (when registered) its randomization p-value.
 */
import { numericColumn } from "../data/columns.js";
import type { Table } from "../data/table.js";
import type { Deviation } from "./merge-inputs.js";
import type { PilotPlan } from "./plan-schema.js";
import { registeredRandomizationTest, type RandomizationContext, type RandomizationResult } from "./randomization-step.js";
import { fitRegistered } from "./registered-estimator.js";

/** One outcome's effect, as registered. */
export interface EffectRow {
  readonly family: string;
  readonly outcome: string;
  readonly label: string;
  /** The direction the plan expected. */
  readonly direction: "increase" | "decrease" | "either";
  /** True when the plan registered this outcome; false for exploratory analyses. */
  readonly registered: boolean;
  readonly term: string;
  readonly estimate: number;
  readonly stdError: number;
  readonly statistic: number;
  readonly df: number;
  readonly pValue: number;
  readonly confLow: number;
  readonly confHigh: number;
  /** Randomization p-value (two-sided, ri2's definition); NaN when randomization inference is off. */
  readonly riPValue: number;
  /** p-value adjusted within the family by its registered method (NaN when unavailable). */
  readonly adjustedPValue: number;
  readonly adjustMethod: string;
  readonly nObs: number;
  /** Units with the outcome observed in control / treatment (among assigned units). */
  readonly nControl: number;
  readonly nTreatment: number;
  readonly controlMean: number;
  /** Control SD (n − 1 denominator). */
  readonly controlSd: number;
  /** estimate / controlSd. */
  readonly effectInSd: number;
  /** The estimator call, as a user would write it. */
  readonly call: string;
}

/** Mean and SD (n − 1) of `y` where `use(i)`, with the count. */
export function momentsWhere(y: Float64Array, use: (i: number) => boolean): { n: number; mean: number; sd: number } {
  let n = 0;
  let s = 0;
  for (let i = 0; i < y.length; i++) if (use(i) && !Number.isNaN(y[i]!)) { n++; s += y[i]!; }
  const mean = n ? s / n : NaN;
  let ss = 0;
  for (let i = 0; i < y.length; i++) if (use(i) && !Number.isNaN(y[i]!)) ss += (y[i]! - mean) ** 2;
  return { n, mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : NaN };
}

/** The effect of one outcome (internal). */
export function outcomeEffect(
  plan: PilotPlan, table: Table, treated: string, family: string,
  outcome: { column: string; label?: string | undefined; direction: "increase" | "decrease" | "either" },
  registered: boolean, riContext: RandomizationContext | null, deviations: Deviation[], warnings: string[],
): { row: EffectRow; ri: RandomizationResult | null } {
  const y = numericColumn(table, outcome.column, "pilot.analyze", "outcome");
  const t = table.columns[treated] as Float64Array;
  const c = momentsWhere(y, (i) => t[i] === 0);
  const tr = momentsWhere(y, (i) => t[i] === 1);
  const base = {
    family, outcome: outcome.column, label: outcome.label ?? outcome.column, direction: outcome.direction, registered,
    term: treated, adjustedPValue: NaN, adjustMethod: "", nControl: c.n, nTreatment: tr.n, controlMean: c.mean, controlSd: c.sd,
  };
  const empty = { ...base, estimate: NaN, stdError: NaN, statistic: NaN, df: NaN, pValue: NaN, confLow: NaN, confHigh: NaN, riPValue: NaN, nObs: 0, effectInSd: NaN, call: "" };
  if (c.n === 0 || tr.n === 0) {
    const arm = c.n === 0 ? String(plan.design.conditions[0]) : String(plan.design.conditions[1]);
    deviations.push({ kind: "outcome_missing_in_arm", field: registered ? fieldOf(plan, outcome.column) : null, count: null, ids: [],
      message: `outcome '${outcome.column}' is missing for every unit of arm '${arm}': no effect can be estimated` });
    return { row: empty, ri: null };
  }
  let fit;
  try {
    fit = fitRegistered(plan, table, outcome.column, treated);
  } catch (e) {
    deviations.push({ kind: "estimation_failed", field: registered ? fieldOf(plan, outcome.column) : null, count: null, ids: [],
      message: `the registered estimator failed on '${outcome.column}': ${(e as Error).message}` });
    return { row: empty, ri: null };
  }
  for (const w of fit.warnings) warnings.push(`${outcome.column}: ${w}`);
  const r = fit.row;
  let ri: RandomizationResult | null = null;
  if (riContext) {
    try {
      ri = registeredRandomizationTest(plan, table, outcome.column, treated, riContext);
      if (ri.failed) warnings.push(`${outcome.column}: the estimator failed on ${ri.failed} of ${ri.nSims + ri.failed} redrawn assignments; the randomization p-value uses the others`);
    } catch (e) {
      warnings.push(`${outcome.column}: no randomization p-value (${(e as Error).message})`);
    }
  }
  return {
    row: {
      ...base, estimate: r.estimate, stdError: r.stdError, statistic: r.statistic, df: r.df, pValue: r.pValue, confLow: r.confLow, confHigh: r.confHigh,
      riPValue: ri ? ri.pValue : NaN, nObs: fit.nObs, effectInSd: r.estimate / c.sd, call: fit.call,
    },
    ri,
  };
}

function fieldOf(plan: PilotPlan, column: string): string {
  for (let i = 0; i < plan.families.length; i++) {
    const j = plan.families[i]!.outcomes.findIndex((o) => o.column === column);
    if (j >= 0) return `families.${i}.outcomes.${j}.column`;
  }
  return "families";
}

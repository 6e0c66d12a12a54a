/**
 * The registered effect of every outcome: the estimator's row, N per arm, the control mean and SD,
 * the effect in control SDs, and (when registered) its randomization p-value.
 */
import { numericColumn } from "../data/columns.js";
import type { Table } from "../data/table.js";
import type { ArmColumns, Deviation } from "./merge-inputs.js";
import type { PilotPlan } from "./plan-schema.js";
import type { CoefficientRow } from "../estimators/types.js";
import type { WaldTestResult } from "../estimators/wald-test.js";
import { registeredRandomizationTest, type RandomizationContext, type RandomizationResult } from "./randomization-step.js";
import { fitRegistered } from "./registered-estimator.js";
import { deviation, errorParams, notice, type Notices } from "./pilot-notices.js";

/** One outcome's effect, as registered: the estimator's tidy columns (`term` … `confHigh`) and the plan's. */
export interface EffectRow extends Omit<CoefficientRow, "outcome" | "aliased"> {
  readonly family: string;
  readonly outcome: string;
  readonly label: string;
  /** The direction the plan expected. */
  readonly direction: "increase" | "decrease" | "either";
  /** True when the plan registered this outcome; false for exploratory analyses. */
  readonly registered: boolean;
  /** The treated arm compared with control (its label). */
  readonly arm: string;
  /** Randomization p-value (two-sided, ri2's definition); NaN when randomization inference is off. */
  readonly riPValue: number;
  /** p-value adjusted within the family by its registered method (NaN when unavailable). */
  readonly adjustedPValue: number;
  readonly adjustMethod: string;
  readonly nObs: number;
  /** Units with the outcome observed in control / in the treated arm `arm` (among assigned units). */
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

/**
 * A Wald F test's columns as `waldTest` reports them (the terms tested, all zero; F with the registered
 * variance estimator; its df and p-value), shared by the pilot's joint and heterogeneity rows.
 */
export type WaldRow = Pick<WaldTestResult, "terms" | "statistic" | "df1" | "df2" | "pValue">;

/** The joint test that no treated arm has an effect on one outcome (several treated arms). */
export interface JointEffectRow extends WaldRow {
  readonly family: string;
  readonly outcome: string;
  readonly label: string;
  readonly registered: boolean;
  /** Its randomization p-value (the registered fit's F on every assignment); NaN when randomization inference is off. */
  readonly riPValue: number;
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

/** One outcome's effects, one row per treated arm, its joint test and its randomization results (internal). */
export interface OutcomeEffects {
  readonly rows: EffectRow[];
  readonly joint: JointEffectRow | null;
  /** One per treated arm (null where not run), then the joint F's (several arms). */
  readonly ri: (RandomizationResult | null)[];
}

/** The effects of one outcome, one row per treated arm (internal). */
export function outcomeEffect(
  plan: PilotPlan, table: Table, arms: ArmColumns, family: string,
  outcome: { column: string; label?: string | undefined; direction: "increase" | "decrease" | "either" },
  registered: boolean, riContext: RandomizationContext | null, deviations: Deviation[], warnings: Notices,
): OutcomeEffects {
  const y = numericColumn(table, outcome.column, "outcome");
  const code = table.columns[arms.code] as Float64Array;
  const c = momentsWhere(y, (i) => code[i] === 0);
  const byArm = arms.treated.map((_, k) => momentsWhere(y, (i) => code[i] === k + 1));
  const label = outcome.label ?? outcome.column;
  const base = (k: number) => ({
    family, outcome: outcome.column, label, direction: outcome.direction, registered, arm: arms.treated[k]!.label,
    term: arms.treated[k]!.column, adjustedPValue: NaN, adjustMethod: "", nControl: c.n, nTreatment: byArm[k]!.n, controlMean: c.mean, controlSd: c.sd,
  });
  const empty = (k: number): EffectRow => ({ ...base(k), estimate: NaN, stdError: NaN, statistic: NaN, df: NaN, pValue: NaN, confLow: NaN, confHigh: NaN, riPValue: NaN, nObs: 0, effectInSd: NaN, call: "" });
  const field = registered ? fieldOf(plan, outcome.column) : null;
  const emptyArm = c.n === 0 ? 0 : byArm.findIndex((m) => m.n === 0) + 1;
  if (c.n === 0 || emptyArm > 0) {
    const arm = emptyArm === 0 ? arms.control : arms.treated[emptyArm - 1]!.label;
    deviations.push(deviation("outcome_missing_in_arm", field, null, [], { outcome: outcome.column, arm }));
    return { rows: arms.treated.map((_, k) => empty(k)), joint: null, ri: [] };
  }
  const multi = arms.treated.length > 1;
  let fit;
  try {
    fit = fitRegistered(plan, table, outcome.column, arms, { joint: multi });
  } catch (e) {
    deviations.push(deviation("estimation_failed", field, null, [], { outcome: outcome.column, ...errorParams(e) }));
    return { rows: arms.treated.map((_, k) => empty(k)), joint: null, ri: [] };
  }
  for (const w of fit.warnings) notice(warnings, "estimator_warning", { subject: outcome.column, detail: w });
  const ri: (RandomizationResult | null)[] = [];
  if (riContext) {
    const targets: (number | "joint")[] = [...arms.treated.map((_, k) => k), ...(multi ? ["joint" as const] : [])];
    for (const k of targets) {
      const subject = k === "joint" ? `${outcome.column} (F)` : multi ? `${outcome.column} (${arms.treated[k]!.label})` : outcome.column;
      try {
        const r = registeredRandomizationTest(plan, table, outcome.column, arms, k, riContext);
        if (r.failed) notice(warnings, "ri_failed_draws", { subject, failed: r.failed, total: r.nSims + r.failed });
        ri.push(r);
      } catch (e) {
        notice(warnings, "ri_unavailable", { subject, ...errorParams(e) });
        ri.push(null);
      }
    }
  }
  const rows = fit.rows.map((r, k): EffectRow => ({
    ...base(k), estimate: r.estimate, stdError: r.stdError, statistic: r.statistic, df: r.df, pValue: r.pValue, confLow: r.confLow, confHigh: r.confHigh,
    riPValue: ri[k] ? ri[k]!.pValue : NaN, nObs: fit.nObsByArm[k]!, effectInSd: r.estimate / c.sd, call: fit.call.split("\n")[multi && plan.estimator === "dim" ? k : 0]!,
  }));
  const j = fit.joint;
  const jri = ri[arms.treated.length];
  const joint: JointEffectRow | null = j ? { family, outcome: outcome.column, label, registered, terms: j.terms, statistic: j.statistic, df1: j.df1, df2: j.df2, pValue: j.pValue, riPValue: jri ? jri.pValue : NaN, call: j.call } : null;
  return { rows, joint, ri };
}

function fieldOf(plan: PilotPlan, column: string): string {
  for (let i = 0; i < plan.families.length; i++) {
    const j = plan.families[i]!.outcomes.findIndex((o) => o.column === column);
    if (j >= 0) return `families.${i}.outcomes.${j}.column`;
  }
  return "families";
}

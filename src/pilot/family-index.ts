/**
 * A family's registered index: `standardizedIndex` (KLK or Anderson, signs from each outcome's expected
 * direction), then the registered estimator and randomization inference on it, as on any outcome.
 */
import type { Table } from "../data/table.js";
import { standardizedIndex } from "../inference/standardized-index.js";
import type { ArmColumns, Deviation } from "./merge-inputs.js";
import { deviation, errorParams, notice, type Notices } from "./pilot-notices.js";
import { outcomeEffect, type EffectRow, type JointEffectRow } from "./outcome-effects.js";
import type { PilotPlan, PlanFamily } from "./plan-schema.js";
import type { RandomizationContext, RandomizationResult } from "./randomization-step.js";

/** A randomization distribution kept for the report's plots. */
export interface DistributionSummary {
  readonly outcome: string;
  /** The treated arm (`""` for the joint F). */
  readonly arm: string;
  /** `"estimate"`, or `"F"` for the joint test of several arms. */
  readonly statistic: "estimate" | "F";
  readonly observed: number;
  readonly pValue: number;
  readonly mcStdError: number;
  /** Assignments used, and whether they were every assignment of the design (exact). */
  readonly nSims: number;
  readonly exhaustive: boolean;
  readonly values: number[];
}

/** The index's effect rows (one per treated arm) and randomization distributions (internal). */
export function familyIndex(
  plan: PilotPlan, table: Table, arms: ArmColumns, fam: PlanFamily, fi: number, riContext: RandomizationContext | null,
  deviations: Deviation[], warnings: Notices,
): { rows: EffectRow[]; joint: JointEffectRow | null; ri: DistributionSummary[] } | null {
  const name = `index_${fam.name}`;
  try {
    const idx = standardizedIndex(table, {
      outcomes: fam.outcomes.map((o) => o.column),
      treatment: arms.code,
      control: 0,
      method: fam.index as "klk" | "anderson",
      signs: fam.outcomes.map((o) => (o.direction === "decrease" ? -1 : 1)),
      name,
    });
    for (const w of idx.warnings) notice(warnings, "estimator_warning", { subject: name, detail: w });
    const direction = "increase" as const;
    const label = `${fam.index === "klk" ? "KLK" : "Anderson"} index (${fam.name})`;
    const r = outcomeEffect(plan, idx.table, arms, fam.name, { column: name, label, direction }, true, riContext, deviations, warnings);
    return { rows: r.rows.map((row) => ({ ...row, adjustMethod: "none", adjustedPValue: row.pValue })), joint: r.joint, ri: distributions(name, arms, r.ri) };
  } catch (e) {
    deviations.push(deviation("method_unavailable", `families.${fi}.index`, null, [], { method: `${fam.index} index`, family: fam.name, ...errorParams(e) }));
    return null;
  }
}

/** The randomization results of one outcome as plot data: one per treated arm, then the joint F's. */
export function distributions(outcome: string, arms: ArmColumns, ri: readonly (RandomizationResult | null)[]): DistributionSummary[] {
  return ri.flatMap((r, k) => r ? [{
    outcome, arm: k < arms.treated.length ? arms.treated[k]!.label : "", statistic: k < arms.treated.length ? "estimate" as const : "F" as const,
    observed: r.observed, pValue: r.pValue, mcStdError: r.mcStdError, nSims: r.nSims, exhaustive: r.method === "exact", values: [...r.distribution],
  }] : []);
}

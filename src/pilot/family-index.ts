/**
 * A family's registered index: `standardizedIndex` (KLK or Anderson, signs from each outcome's expected
 * direction), then the registered estimator and randomization inference on it, as on any outcome.
 */
import type { Table } from "../data/table.js";
import { standardizedIndex } from "../inference/standardized-index.js";
import type { Deviation } from "./merge-inputs.js";
import { outcomeEffect, type EffectRow } from "./outcome-effects.js";
import type { PilotPlan, PlanFamily } from "./plan-schema.js";
import type { RandomizationContext } from "./randomization-step.js";

/** The index's effect row and randomization distribution (internal). */
export function familyIndex(
  plan: PilotPlan, table: Table, treated: string, fam: PlanFamily, fi: number, riContext: RandomizationContext | null,
  deviations: Deviation[], warnings: string[],
): { row: EffectRow; ri: { outcome: string; observed: number; pValue: number; mcStdError: number; values: number[] } | null } | null {
  const name = `index_${fam.name}`;
  try {
    const idx = standardizedIndex(table, {
      outcomes: fam.outcomes.map((o) => o.column),
      treatment: treated,
      control: 0,
      method: fam.index as "klk" | "anderson",
      signs: fam.outcomes.map((o) => (o.direction === "decrease" ? -1 : 1)),
      name,
    });
    for (const w of idx.warnings) warnings.push(`${name}: ${w}`);
    const direction = "increase" as const;
    const label = `${fam.index === "klk" ? "KLK" : "Anderson"} index (${fam.name})`;
    const { row, ri } = outcomeEffect(plan, idx.table, treated, fam.name, { column: name, label, direction }, true, riContext, deviations, warnings);
    return {
      row: { ...row, adjustMethod: "none", adjustedPValue: row.pValue },
      ri: ri ? { outcome: name, observed: ri.observed, pValue: ri.pValue, mcStdError: ri.mcStdError, values: [...ri.distribution] } : null,
    };
  } catch (e) {
    deviations.push({ kind: "method_unavailable", field: `families.${fi}.index`, count: null, ids: [],
      message: `the '${fam.index}' index of family '${fam.name}' could not be computed: ${(e as Error).message}` });
    return null;
  }
}

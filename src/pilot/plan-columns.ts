/**
 * Which columns a plan names, in which file, and a check that lists every missing one at once.
 */
import { EnsayoError } from "../errors.js";
import type { Table } from "../data/table.js";
import type { PilotPlan } from "./plan-schema.js";

/** A column the plan needs: the plan field naming it and the file that must hold it. */
export interface PlanColumn {
  readonly field: string;
  readonly column: string;
  readonly source: "baseline" | "assignment" | "endline";
}

/** Every column the plan names, with its plan field. */
export function planColumns(plan: PilotPlan): PlanColumn[] {
  const out: PlanColumn[] = [];
  const add = (source: PlanColumn["source"], field: string, column: string | undefined) => {
    if (column !== undefined) out.push({ field, column, source });
  };
  add("baseline", "id", plan.id);
  add("baseline", "design.blocks", plan.design.blocks);
  add("baseline", "design.clusters", plan.design.clusters);
  plan.covariates.forEach((c, i) => add("baseline", `covariates.${i}`, c));
  plan.balanceCovariates?.forEach((c, i) => add("baseline", `balanceCovariates.${i}`, c));
  plan.subgroups.forEach((c, i) => add("baseline", `subgroups.${i}`, c));
  add("assignment", "id", plan.id);
  add("assignment", "design.treatment", plan.design.treatment);
  add("endline", "id", plan.id);
  plan.families.forEach((f, i) => f.outcomes.forEach((o, j) => add("endline", `families.${i}.outcomes.${j}.column`, o.column)));
  add("endline", "takeUp", plan.takeUp);
  return out;
}

/**
 * Throw `MISSING_COLUMN` listing every column the plan names that its file lacks (all at once).
 * Only the files given are checked.
 */
export function checkPlanColumns(plan: PilotPlan, files: Partial<Record<PlanColumn["source"], Table>>): void {
  const missing = planColumns(plan).filter((c) => {
    const t = files[c.source];
    return t !== undefined && !t.names.includes(c.column);
  });
  if (!missing.length) return;
  const where = (c: PlanColumn) => {
    const src = files[c.source]!.report.source;
    return `'${c.column}' (plan field \`${c.field}\`) is not in the ${c.source}${src && src !== "columns" && src !== "records" ? ` (${src})` : ""}`;
  };
  throw new EnsayoError("MISSING_COLUMN", `${missing.length === 1 ? "a column" : `${missing.length} columns`} the plan names ${missing.length === 1 ? "is" : "are"} missing: ${missing.map(where).join("; ")}`, {
    column: missing[0]!.column,
    issues: missing,
    hint: "Correct the plan's column names or the files; the names must match exactly (case and accents included)",
  });
}

/**
 * Join the baseline, the assignment and the endline by id, counting every row (CONSORT-style flow).
 */
import { labelColumn } from "../data/columns.js";
import { mergePanelAs } from "../data/merge-panel.js";
import type { Table } from "../data/table.js";
import { EnsayoError, showValue } from "../errors.js";
import type { PilotPlan } from "./plan-schema.js";
import { withColumn } from "./table-ops.js";

/** A difference between the data and the plan, listed in the analysis and the report. */
export interface Deviation {
  /** What kind of deviation. */
  readonly kind:
    | "plan_changed" | "missing_column" | "unit_count" | "unassigned_units" | "unknown_assignment_ids"
    | "endline_unknown_ids" | "outcome_missing_in_arm" | "method_unavailable" | "arm_mismatch"
    | "assignment_differs" | "estimation_failed";
  /** The plan field concerned, when there is one. */
  readonly field: string | null;
  /** Plain-language description, in English (the report translates the kind). */
  readonly message: string;
  /** How many rows or units, when it is a count. */
  readonly count: number | null;
  /** Up to 20 of the ids concerned. */
  readonly ids: readonly string[];
}

/** Counts at each stage, CONSORT style. */
export interface PilotFlow {
  readonly baseline: number;
  readonly assignment: number;
  /** Baseline units with an arm. */
  readonly assigned: number;
  /** Assigned units per arm. */
  readonly assignedByArm: Readonly<Record<string, number>>;
  readonly endline: number;
  /** Assigned units found in the endline, per arm. */
  readonly respondedByArm: Readonly<Record<string, number>>;
  /** Assigned units missing from the endline, per arm. */
  readonly lostByArm: Readonly<Record<string, number>>;
  /** Endline ids that match no baseline unit (counted, never dropped silently). */
  readonly endlineUnknown: number;
  /** Units analysed per outcome and arm. */
  readonly analysedByOutcome: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** The joined data and what happened to every row. */
export interface MergedInputs {
  /** Baseline rows with their arm, the endline columns, `responded` and the 0/1 indicator `treated`. */
  readonly table: Table;
  /** Name of the 0/1 treatment indicator column. */
  readonly treated: string;
  /** The baseline with the arm column added (what attrition and balance read). */
  readonly baselineWithArm: Table;
  readonly flow: Omit<PilotFlow, "analysedByOutcome">;
  readonly deviations: Deviation[];
  readonly unmatchedEndline: readonly string[];
}

/** Join the three files (internal). */
export function mergeInputs(plan: PilotPlan, baseline: Table, assignment: Table, endline: Table, fn: string): MergedInputs {
  const deviations: Deviation[] = [];
  const armName = plan.design.treatment;
  const [control, treatment] = plan.design.conditions.map(String) as [string, string];
  const aIds = labelColumn(assignment, plan.id, fn, "assignment id column");
  const aArms = labelColumn(assignment, armName, fn, "assignment arm column");
  const armOf = new Map<string, string | null>();
  const dups: string[] = [];
  aIds.forEach((id, i) => {
    if (id === null) return;
    if (armOf.has(id)) dups.push(id);
    armOf.set(id, aArms[i] ?? null);
  });
  if (dups.length) {
    throw new EnsayoError("DUPLICATE_ID", `${fn}: ${dups.length} ids appear more than once in the assignment: ${dups.slice(0, 10).map((d) => showValue(d)).join(", ")}`, {
      column: plan.id, issues: dups, hint: "An assignment lists each unit once: use the file `pilot.assign` or `ensayo assign --plan` wrote",
    });
  }
  const strange = [...new Set([...armOf.values()].filter((v): v is string => v !== null && v !== control && v !== treatment))];
  if (strange.length) {
    deviations.push({ kind: "arm_mismatch", field: "design.conditions", count: strange.length, ids: strange,
      message: `the assignment has arms not in the plan (${strange.map((s) => `'${s}'`).join(", ")}); their units are left out of every comparison` });
  }
  const bIds = labelColumn(baseline, plan.id, fn, "baseline id column");
  const baseSet = new Set(bIds.filter((x): x is string => x !== null));
  const arms = bIds.map((id) => (id === null ? null : armOf.get(id) ?? null));
  const unassigned = bIds.filter((id, i) => id !== null && arms[i] === null) as string[];
  if (unassigned.length) deviations.push({ kind: "unassigned_units", field: "id", count: unassigned.length, ids: unassigned.slice(0, 20), message: `${unassigned.length} baseline units have no arm in the assignment; they are left out of every comparison` });
  const unknownAssigned = [...armOf.keys()].filter((id) => !baseSet.has(id));
  if (unknownAssigned.length) deviations.push({ kind: "unknown_assignment_ids", field: "id", count: unknownAssigned.length, ids: unknownAssigned.slice(0, 20), message: `${unknownAssigned.length} assignment ids are not in the baseline` });
  if (assignment.nRows !== baseline.nRows) deviations.push({ kind: "unit_count", field: "id", count: assignment.nRows - baseline.nRows, ids: [], message: `the assignment has ${assignment.nRows} units and the baseline ${baseline.nRows}` });

  const baselineWithArm = withColumn(baseline, armName, arms);
  const treated = Float64Array.from(arms, (a) => (a === treatment ? 1 : a === control ? 0 : NaN));
  const panel = mergePanelAs(baselineWithArm, endline, { by: plan.id }, fn);
  if (panel.unmatchedEndline.length) {
    deviations.push({ kind: "endline_unknown_ids", field: "id", count: panel.unmatchedEndline.length, ids: panel.unmatchedEndline.slice(0, 20),
      message: `${panel.unmatchedEndline.length} endline ids match no baseline unit; they are counted here and left out` });
  }
  const treatedName = uniqueName(treatment, panel.table.names);
  const withArm = withColumn(panel.table, treatedName, treated);
  const responded = withArm.columns.responded as Float64Array;
  const byArm = (pred: (i: number) => boolean) => {
    const out: Record<string, number> = Object.create(null);
    out[control] = 0;
    out[treatment] = 0;
    for (let i = 0; i < arms.length; i++) {
      const a = arms[i];
      if ((a === control || a === treatment) && pred(i)) out[a]++;
    }
    return out;
  };
  const assignedByArm = byArm(() => true);
  return {
    table: withArm,
    treated: treatedName,
    baselineWithArm,
    deviations,
    unmatchedEndline: panel.unmatchedEndline,
    flow: {
      baseline: baseline.nRows,
      assignment: assignment.nRows,
      assigned: assignedByArm[control]! + assignedByArm[treatment]!,
      assignedByArm,
      endline: endline.nRows,
      respondedByArm: byArm((i) => responded[i] === 1),
      lostByArm: byArm((i) => responded[i] !== 1),
      endlineUnknown: panel.unmatchedEndline.length,
    },
  };
}

function uniqueName(base: string, names: readonly string[]): string {
  let name = base;
  while (names.includes(name)) name = `${name}_asignado`;
  return name;
}

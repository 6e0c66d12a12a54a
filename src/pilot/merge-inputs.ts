/**
 * Join the baseline, the assignment and the endline by id, counting every row (CONSORT-style flow).
 */
import { labelColumn } from "../data/columns.js";
import { mergePanelCore } from "../data/merge-panel.js";
import type { Table } from "../data/table.js";
import { EnsayoError, showValue } from "../errors.js";
import type { PilotPlan } from "./plan-schema.js";
import { withColumn } from "./table-ops.js";
import { deviation } from "./pilot-notices.js";
import type { DeviationKind } from "../report/pilot-phrases.js";

/** A difference between the data and the plan, listed in the analysis and the report. */
export interface Deviation {
  /** What kind of deviation. */
  readonly kind: DeviationKind;
  /** The plan field concerned, when there is one. */
  readonly field: string | null;
  /** Plain-language description, in English, written from the kind's template and `params`. */
  readonly message: string;
  /** The template's values (ids, counts, names, error codes): the report writes the message in its language from `kind` and these. */
  readonly params: Readonly<Record<string, string | number>>;
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

/** The columns that code the arms in the analysis table. */
export interface ArmColumns {
  /** The control arm's label. */
  readonly control: string;
  /** Every treated arm (plan order): its label and its 0/1 indicator column (NaN for units of no plan arm). */
  readonly treated: readonly { readonly label: string; readonly column: string }[];
  /** Numeric arm code: 0 control, k for the k-th treated arm, NaN for units of no plan arm (lmLin's multi-arm treatment). */
  readonly code: string;
}

/** The joined data and what happened to every row. */
export interface MergedInputs {
  /** Baseline rows with their arm, the endline columns, `responded`, one 0/1 indicator per treated arm and the arm code. */
  readonly table: Table;
  /** Name of the first treated arm's 0/1 indicator column (the only one with two arms). */
  readonly treated: string;
  /** The arm columns of `table`. */
  readonly arms: ArmColumns;
  /** The baseline with the arm column added (what attrition and balance read). */
  readonly baselineWithArm: Table;
  readonly flow: Omit<PilotFlow, "analysedByOutcome">;
  readonly deviations: Deviation[];
  readonly unmatchedEndline: readonly string[];
}

/** Join the three files (internal). */
export function mergeInputs(plan: PilotPlan, baseline: Table, assignment: Table, endline: Table): MergedInputs {
  const deviations: Deviation[] = [];
  const armName = plan.design.treatment;
  const labels = plan.design.conditions.map(String);
  const control = labels[0]!;
  const planArms = new Set(labels);
  const aIds = labelColumn(assignment, plan.id, "assignment id column");
  const aArms = labelColumn(assignment, armName, "assignment arm column");
  const armOf = new Map<string, string | null>();
  const dups: string[] = [];
  aIds.forEach((id, i) => {
    if (id === null) return;
    if (armOf.has(id)) dups.push(id);
    armOf.set(id, aArms[i] ?? null);
  });
  if (dups.length) {
    throw new EnsayoError("DUPLICATE_ID", `${dups.length} ids appear more than once in the assignment: ${dups.slice(0, 10).map((d) => showValue(d)).join(", ")}`, {
      column: plan.id, issues: dups, hint: "An assignment lists each unit once: use the file `pilot.assign` or `ensayo assign --plan` wrote",
    });
  }
  const strange = [...new Set([...armOf.values()].filter((v): v is string => v !== null && !planArms.has(v)))];
  if (strange.length) {
    deviations.push(deviation("arm_mismatch", "design.conditions", strange.length, strange, { arms: strange.map((s) => `'${s}'`).join(", ") }));
  }
  const bIds = labelColumn(baseline, plan.id, "baseline id column");
  const baseSet = new Set(bIds.filter((x): x is string => x !== null));
  const arms = bIds.map((id) => (id === null ? null : armOf.get(id) ?? null));
  const unassigned = bIds.filter((id, i) => id !== null && arms[i] === null) as string[];
  if (unassigned.length) deviations.push(deviation("unassigned_units", "id", unassigned.length, unassigned.slice(0, 20), idParams(unassigned)));
  const unknownAssigned = [...armOf.keys()].filter((id) => !baseSet.has(id));
  if (unknownAssigned.length) deviations.push(deviation("unknown_assignment_ids", "id", unknownAssigned.length, unknownAssigned.slice(0, 20), idParams(unknownAssigned)));
  if (assignment.nRows !== baseline.nRows) deviations.push(deviation("unit_count", "id", assignment.nRows - baseline.nRows, [], { assignment: assignment.nRows, baseline: baseline.nRows }));

  // units of an arm the plan lacks are left out of every comparison (balance, attrition, effects): no arm for them
  const baselineWithArm = withColumn(baseline, armName, arms.map((a) => (a !== null && planArms.has(a) ? a : null)));
  const panel = mergePanelCore(baselineWithArm, endline, { id: plan.id });
  if (panel.unmatchedEndline.length) {
    deviations.push(deviation("endline_unknown_ids", "id", panel.unmatchedEndline.length, panel.unmatchedEndline.slice(0, 20), idParams(panel.unmatchedEndline)));
  }
  let withArm = panel.table;
  const treatedArms: { label: string; column: string }[] = [];
  for (const label of labels.slice(1)) {
    const column = uniqueName(label, withArm.names);
    withArm = withColumn(withArm, column, Float64Array.from(arms, (a) => (a === label ? 1 : a !== null && planArms.has(a) ? 0 : NaN)));
    treatedArms.push({ label, column });
  }
  const codeName = uniqueName(labels.length > 2 ? "arm" : "__ensayo_arm", withArm.names);
  withArm = withColumn(withArm, codeName, Float64Array.from(arms, (a) => (a !== null && planArms.has(a) ? labels.indexOf(a) : NaN)));
  const responded = withArm.columns.responded as Float64Array;
  const byArm = (pred: (i: number) => boolean) => {
    const out: Record<string, number> = Object.create(null);
    for (const l of labels) out[l] = 0;
    for (let i = 0; i < arms.length; i++) {
      const a = arms[i];
      if (a !== null && planArms.has(a) && pred(i)) out[a]++;
    }
    return out;
  };
  const sumOf = (r: Record<string, number>) => labels.reduce((s, l) => s + r[l]!, 0);
  const assignedByArm = byArm(() => true);
  return {
    table: withArm,
    treated: treatedArms[0]!.column,
    arms: { control, treated: treatedArms, code: codeName },
    baselineWithArm,
    deviations,
    unmatchedEndline: panel.unmatchedEndline,
    flow: {
      baseline: baseline.nRows,
      assignment: assignment.nRows,
      assigned: sumOf(assignedByArm),
      assignedByArm,
      endline: endline.nRows,
      respondedByArm: byArm((i) => responded[i] === 1),
      lostByArm: byArm((i) => responded[i] !== 1),
      endlineUnknown: panel.unmatchedEndline.length,
    },
  };
}

/**
 * A count and up to 20 ids (with "…" when there are more), as message values.
 *
 * @example
 * ```ts
 * idParams(["P0O17", "PO233"]); // {"n":2,"ids":"P0O17, PO233"}
 * ```
 */
export function idParams(ids: readonly string[]): { n: number; ids: string } {
  return { n: ids.length, ids: ids.slice(0, 20).join(", ") + (ids.length > 20 ? ", …" : "") };
}

function uniqueName(base: string, names: readonly string[]): string {
  let name = base;
  while (names.includes(name)) name = `${name}_asignado`;
  return name;
}

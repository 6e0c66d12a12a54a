/**
 * `pilot.assign(baseline)`: the registered assignment, with a receipt that carries the plan hash.
 */
import { declareRaCore, RaOptionsSchema, type Assignment, type AssignmentReceipt, type RaDesign, type RaOptions } from "../assign/declare-ra.js";
import { rawDesign } from "../design/protocol.js";
import { parseOptions } from "../internal/options.js";
import { toTable, type DataInput, type Table } from "../data/table.js";
import { checkPlanColumns } from "./plan-columns.js";
import type { PilotPlan } from "./plan-schema.js";

/** An assignment receipt with the hash of the plan that drew it. */
export type PilotReceipt = AssignmentReceipt & { readonly planHash: string };

/** Result of `pilot.assign`. */
export interface PilotAssignment {
  readonly kind: "pilotAssignment";
  readonly planHash: string;
  /** One row per baseline unit, in baseline order: the id and the arm (column names from the plan). */
  readonly rows: readonly Readonly<Record<string, string>>[];
  /** Units per arm, keyed by condition. */
  readonly counts: Readonly<Record<string, number>>;
  /** The receipt of `declareRa` plus `planHash`; `verifyAssignment` accepts it as is. */
  readonly receipt: PilotReceipt;
  readonly warnings: readonly string[];
}

/** The `declareRa` options a plan declares on a baseline table. */
export function planRaOptions(plan: PilotPlan, table: Table): RaOptions {
  const d = plan.design;
  return {
    data: table,
    id: plan.id,
    conditions: d.conditions,
    ...(d.blocks ? { blocks: d.blocks } : {}),
    ...(d.clusters ? { clusters: d.clusters } : {}),
    ...(d.prob !== undefined ? { prob: d.prob } : {}),
    ...(d.m !== undefined ? { m: d.m } : {}),
    ...(d.probEach !== undefined ? { probEach: d.probEach } : {}),
    ...(d.mEach !== undefined ? { mEach: d.mEach } : {}),
    ...(d.balanceAcrossBlocks ? { balanceAcrossBlocks: true } : {}),
  } as RaOptions;
}

/**
 * The declared design of a plan on a baseline, with its methods unnamed (`rawDesign`): `pilot.assign`,
 * `pilot.analyze` and `pilot.diagnose` name the errors of its draws.
 */
export function planDesign(plan: PilotPlan, baseline: Table): RaDesign {
  const options = planRaOptions(plan, baseline);
  return rawDesign(declareRaCore(parseOptions(RaOptionsSchema, options, "declareRa"), options).design);
}

/** Draw the plan's assignment (internal verb behind `pilot.assign`). */
export function assignPilot(plan: PilotPlan, planHash: string, baseline: DataInput): PilotAssignment {
  const table = toTable(baseline);
  checkPlanColumns(plan, { baseline: table });
  const a: Assignment = planDesign(plan, table).conduct(plan.design.seed);
  const arm = plan.design.treatment;
  const rows = a.ids!.map((id, i) => ({ [plan.id]: id, [arm]: String(a.condition[i]) }));
  const counts: Record<string, number> = Object.create(null);
  a.conditions.forEach((c, k) => (counts[String(c)] = a.counts[k]!));
  return { kind: "pilotAssignment", planHash, rows, counts, receipt: { ...a.receipt, planHash }, warnings: [] };
}

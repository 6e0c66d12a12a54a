/**
 * `pilot.analyze`: run exactly the registered analysis on the baseline, the assignment and the endline.
 */
import * as z from "zod/mini";
import { asTable, isTable, type DataInput, type Table } from "../data/table.js";
import { balanceTable, type BalanceTableResult } from "../balance/balance-table.js";
import { attritionReport, type AttritionReportResult } from "../balance/attrition-report.js";
import { leeBounds, type LeeBoundsResult } from "../balance/lee-bounds.js";
import { EnsayoError } from "../errors.js";
import { VERSION } from "../version.js";
import { canonicalHash } from "./canonical-json.js";
import { mergeInputs, type Deviation, type PilotFlow } from "./merge-inputs.js";
import { adjustFamily } from "./multiplicity-step.js";
import { familyIndex } from "./family-index.js";
import { nextCohort, type NextCohort } from "./next-cohort.js";
import { outcomeEffect, type EffectRow } from "./outcome-effects.js";
import { planDesign } from "./pilot-assign.js";
import { checkPlanColumns } from "./plan-columns.js";
import type { PilotPlan } from "./plan-schema.js";
import type { RandomizationContext } from "./randomization-step.js";
import { planSeType } from "./registered-estimator.js";
import { costRows, lateRows, subgroupAnalyses, type CostRow, type HeterogeneityRow, type LateRow, type SubgroupEffectRow } from "./secondary-effects.js";
import { withDisplay } from "../report/result-proto.js";

const AnalyzeInputSchema = z.strictObject({
  baseline: z.custom<DataInput>((v) => typeof v === "object" && v !== null, { message: "must be a Table, rows or columns" }),
  /** The assignment: a table with the id and arm columns, or `pilot.assign`'s result. */
  assignment: z.custom<DataInput | { kind: "pilotAssignment" }>((v) => typeof v === "object" && v !== null, { message: "must be a Table, rows, or pilot.assign's result" }),
  endline: z.custom<DataInput>((v) => typeof v === "object" && v !== null, { message: "must be a Table, rows or columns" }),
  /** The assignment receipt (its `planHash` is compared with the plan's). */
  receipt: z.optional(z.record(z.string(), z.unknown())),
  /** The plan hash registered before the endline (compared with the plan's). */
  registeredHash: z.optional(z.string()),
  /** SHA-256 of each input file, for the report's appendix (`ensayo report` fills them in). */
  inputFiles: z.optional(z.array(z.strictObject({ role: z.string(), file: z.string(), sha256: z.string() }))),
  /** Analyses beyond the plan, labelled exploratory: more outcomes, more subgroups. */
  exploratory: z.optional(z.strictObject({ outcomes: z.optional(z.array(z.string())), subgroups: z.optional(z.array(z.string())) })),
});

/** Input of `pilot.analyze`. */
export type PilotAnalyzeInput = z.input<typeof AnalyzeInputSchema>;

/** Randomization distributions for the plots (plain arrays, JSON-safe). */
export interface RandomizationSummary {
  readonly enabled: boolean;
  readonly draws: number;
  readonly exhaustive: boolean;
  readonly seed: string;
  readonly distributions: readonly { readonly outcome: string; readonly observed: number; readonly pValue: number; readonly mcStdError: number; readonly values: readonly number[] }[];
}

/** Result of `pilot.analyze`: everything the report shows. */
export interface PilotAnalysis {
  readonly kind: "pilotAnalysis";
  readonly version: string;
  readonly planHash: string;
  readonly plan: PilotPlan;
  readonly seType: string;
  readonly flow: PilotFlow;
  readonly deviations: readonly Deviation[];
  readonly balance: BalanceTableResult | null;
  readonly attrition: AttritionReportResult;
  readonly leeBounds: readonly LeeBoundsResult[];
  /** Registered outcomes first (family order), then exploratory ones (`registered: false`). */
  readonly effects: readonly EffectRow[];
  /** The families' standardized indices (KLK or Anderson), estimated as the outcomes are. */
  readonly indices: readonly EffectRow[];
  /** How the resampling-based adjustments were computed. */
  readonly notes: readonly string[];
  readonly randomization: RandomizationSummary;
  readonly late: readonly LateRow[];
  readonly subgroupEffects: readonly SubgroupEffectRow[];
  readonly heterogeneity: readonly HeterogeneityRow[];
  readonly costs: readonly CostRow[];
  /** Planning inputs for the next cohort, from the primary outcome (null when not estimable). */
  readonly nextCohort: NextCohort | null;
  readonly reproducibility: {
    readonly receiptSha256: string | null;
    readonly receiptPlanHash: string | null;
    readonly assignmentSeed: string;
    readonly randomizationSeed: string;
    readonly inputFiles: readonly { readonly role: string; readonly file: string; readonly sha256: string }[];
  };
  readonly warnings: readonly string[];
}

/** Run the registered analysis (internal verb behind `pilot.analyze`). */
export function analyzePilot(plan: PilotPlan, planHash: string, input: PilotAnalyzeInput, fn: string): PilotAnalysis {
  const parsed = AnalyzeInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join(".") || "input";
    const given = issue.path.length === 1 && typeof input === "object" && input !== null && (input as Record<string, unknown>)[String(issue.path[0])] !== undefined;
    const what = issue.code === "unrecognized_keys" ? `has unknown keys ${(issue as { keys?: string[] }).keys?.join(", ")}` : given ? "has the wrong type" : "is required";
    throw new EnsayoError("INVALID_OPTION", `${fn}: \`${field}\` ${what}`, {
      hint: "Give { baseline, assignment, endline } and optionally receipt, registeredHash, inputFiles, exploratory",
    });
  }
  const inp = parsed.data;
  const warnings: string[] = [];
  const baseline = asTable(inp.baseline);
  const endline = asTable(inp.endline);
  const fromPilot = !isTable(inp.assignment) && (inp.assignment as { kind?: string }).kind === "pilotAssignment";
  const assignment = fromPilot ? asTable((inp.assignment as { rows: Record<string, string>[] }).rows) : asTable(inp.assignment as DataInput);
  const receipt = inp.receipt ?? (fromPilot ? (inp.assignment as unknown as { receipt: Record<string, unknown> }).receipt : undefined);
  checkPlanColumns(plan, { baseline, assignment, endline }, fn);
  const merged = mergeInputs(plan, baseline, assignment, endline, fn);
  const deviations = merged.deviations;
  checkHashes(planHash, inp.registeredHash, receipt, deviations);

  const d = plan.design;
  const [control, treatment] = d.conditions.map(String) as [string, string];
  const design = planDesign(plan, baseline);
  checkAssignmentReproduces(plan, design.conduct(d.seed), merged.baselineWithArm, deviations);

  const ri = plan.randomizationInference;
  const riSeed = ri.seed ?? `${String(d.seed)}/ri`;
  const perms: RandomizationContext | null = ri.enabled ? { design, draws: ri.draws, seed: riSeed } : null;
  let riMethod = { nSims: 0, exhaustive: false };

  // effects, family by family, then exploratory outcomes
  const effects: EffectRow[] = [];
  const indices: EffectRow[] = [];
  const notes: string[] = [];
  const resampling = { table: merged.table, design, treatment: d.treatment, control, draws: ri.draws, seed: riSeed, alpha: plan.alpha };
  const distributions: { outcome: string; observed: number; pValue: number; mcStdError: number; values: number[] }[] = [];
  const registeredOutcomes = plan.families.flatMap((f) => f.outcomes.map((o) => o.column));
  for (const fam of plan.families) {
    const rows = fam.outcomes.map((o) => {
      const { row, ri: r } = outcomeEffect(plan, merged.table, merged.treated, fam.name, o, true, perms, deviations, warnings);
      if (r) {
        distributions.push({ outcome: r.outcome, observed: r.observed, pValue: r.pValue, mcStdError: r.mcStdError, values: [...r.distribution] });
        riMethod = { nSims: r.nSims, exhaustive: r.method === "exact" };
      }
      return row;
    });
    const fi = plan.families.indexOf(fam);
    let adjusted: number[] = rows.map(() => NaN);
    try {
      const a = adjustFamily(fam.outcomes.map((o) => o.column), rows.map((r) => r.pValue), fam.multiplicity, resampling);
      adjusted = a.adjusted;
      if (a.note) notes.push(`${fam.name}: ${a.note}`);
    } catch (e) {
      deviations.push({ kind: "method_unavailable", field: `families.${fi}.multiplicity`, count: null, ids: [],
        message: `the multiplicity method '${fam.multiplicity}' could not be applied to family '${fam.name}': ${(e as Error).message}` });
    }
    if (fam.index !== "none") {
      const idx = familyIndex(plan, merged.table, merged.treated, fam, fi, perms, deviations, warnings);
      if (idx) {
        indices.push(idx.row);
        if (idx.ri) distributions.push(idx.ri);
      }
    }
    rows.forEach((r, k) => effects.push({ ...r, adjustedPValue: adjusted[k]!, adjustMethod: fam.multiplicity }));
  }
  const extraOutcomes = (inp.exploratory?.outcomes ?? []).filter((o) => !registeredOutcomes.includes(o));
  for (const o of extraOutcomes) {
    const { row } = outcomeEffect(plan, merged.table, merged.treated, "exploratory", { column: o, direction: "either" }, false, null, deviations, warnings);
    effects.push({ ...row, adjustMethod: "none" });
  }

  const balanceCovariates = plan.balanceCovariates ?? plan.covariates;
  const clusterOpt = d.clusters ? { clusters: d.clusters } : {};
  const blockOpt = d.blocks ? { blocks: d.blocks } : {};
  const balance = balanceCovariates.length
    ? balanceTable(merged.baselineWithArm, { treatment: d.treatment, control, covariates: [...balanceCovariates], ...blockOpt, ...clusterOpt, alpha: plan.alpha })
    : null;
  const lee = plan.attrition === "lee" ? registeredOutcomes.flatMap((y) => {
    try {
      return [leeBounds(merged.table, { outcome: y, treatment: d.treatment, control, alpha: plan.alpha })];
    } catch (e) {
      warnings.push(`Lee bounds ${y}: not computed (${(e as Error).message})`);
      return [];
    }
  }) : [];
  const attrition = attritionReport(merged.baselineWithArm, endline, {
    id: plan.id, treatment: d.treatment, control, ...blockOpt, ...clusterOpt, alpha: plan.alpha,
    ...(balanceCovariates.length ? { covariates: [...balanceCovariates] } : {}),
  });

  const late = plan.takeUp ? lateRows(plan, merged.table, merged.treated, registeredOutcomes, warnings) : [];
  const sub = plan.subgroups.length ? subgroupAnalyses(plan, merged.table, merged.treated, registeredOutcomes, plan.subgroups, true, warnings) : { effects: [], heterogeneity: [] };
  const extraSub = (inp.exploratory?.subgroups ?? []).filter((s) => !plan.subgroups.includes(s));
  const subX = extraSub.length ? subgroupAnalyses(plan, merged.table, merged.treated, registeredOutcomes, extraSub, false, warnings) : { effects: [], heterogeneity: [] };
  const costs = plan.costs ? costRows(plan, effects) : [];

  const analysedByOutcome: Record<string, Record<string, number>> = Object.create(null);
  for (const e of effects) analysedByOutcome[e.outcome] = { [control]: e.nControl, [treatment]: e.nTreatment };
  return withDisplay({
    kind: "pilotAnalysis",
    version: VERSION,
    planHash,
    plan,
    seType: planSeType(plan),
    flow: { ...merged.flow, analysedByOutcome },
    deviations,
    balance,
    attrition,
    leeBounds: lee,
    effects,
    indices,
    notes,
    randomization: { enabled: ri.enabled, draws: riMethod.nSims, exhaustive: riMethod.exhaustive, seed: String(riSeed), distributions },
    late,
    subgroupEffects: [...sub.effects, ...subX.effects],
    heterogeneity: [...sub.heterogeneity, ...subX.heterogeneity],
    costs,
    nextCohort: nextCohort(plan, merged.table, (plan.families.find((f) => f.primary) ?? plan.families[0]!).outcomes[0]!.column, baseline.nRows, warnings),
    reproducibility: {
      receiptSha256: receipt ? canonicalHash(receipt) : null,
      receiptPlanHash: receipt && typeof receipt.planHash === "string" ? receipt.planHash : null,
      assignmentSeed: String(d.seed),
      randomizationSeed: String(riSeed),
      inputFiles: inp.inputFiles ?? [],
    },
    warnings,
  });
}

function checkHashes(planHash: string, registered: string | undefined, receipt: Record<string, unknown> | undefined, deviations: Deviation[]): void {
  const claims: [string, unknown][] = [["registeredHash", registered], ["receipt.planHash", receipt?.planHash]];
  for (const [field, claimed] of claims) {
    if (typeof claimed === "string" && claimed.toLowerCase() !== planHash) {
      deviations.push({ kind: "plan_changed", field, count: null, ids: [],
        message: `the plan analysed (hash ${planHash.slice(0, 12)}…) is not the plan registered (${field} ${claimed.slice(0, 12)}…): it was edited after registration` });
    }
  }
}

function checkAssignmentReproduces(plan: PilotPlan, drawn: { ids: readonly string[] | null; condition: readonly (string | number)[] }, withArm: Table, deviations: Deviation[]): void {
  const arms = withArm.columns[plan.design.treatment] as (string | null)[];
  const differ: string[] = [];
  drawn.ids!.forEach((id, i) => {
    if (arms[i] !== null && arms[i] !== String(drawn.condition[i])) differ.push(id);
  });
  if (differ.length) {
    deviations.push({ kind: "assignment_differs", field: "design.seed", count: differ.length, ids: differ.slice(0, 20),
      message: `${differ.length} units have a different arm from the one the plan's design and seed draw on this baseline` });
  }
}

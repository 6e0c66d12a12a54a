/**
 * `pilot.analyze`: run exactly the registered analysis on the baseline, the assignment and the endline.
 */
import * as z from "zod/mini";
import { toTable, isTable, type DataInput, type Table } from "../data/table.js";
import { BalanceTableSchema, balanceTableCore, type BalanceTableResult } from "../balance/balance-table.js";
import { parseOptions } from "../internal/options.js";
import { attritionReportCore, type AttritionReportResult } from "../balance/attrition-report.js";
import { leeBounds, type LeeBoundsResult } from "../balance/lee-bounds.js";
import { EnsayoError } from "../errors.js";
import { VERSION } from "../version.js";
import { canonicalHash } from "./canonical-json.js";
import { idParams, mergeInputs, type Deviation, type PilotFlow } from "./merge-inputs.js";
import { adjustFamily } from "./multiplicity-step.js";
import { distributions as plotDistributions, familyIndex, type DistributionSummary } from "./family-index.js";
import { nextCohort, type NextCohort } from "./next-cohort.js";
import { outcomeEffect, type EffectRow, type JointEffectRow } from "./outcome-effects.js";
import { deviation, errorParams, newNotices, notice, type PilotNotice } from "./pilot-notices.js";
import { fillPhrase } from "../report/labels.js";
import { NOTICE_PHRASES } from "../report/pilot-phrases.js";
import { planDesign } from "./pilot-assign.js";
import { checkPlanColumns } from "./plan-columns.js";
import type { PilotPlan } from "./plan-schema.js";
import type { RandomizationContext } from "./randomization-step.js";
import { armSubset, planSeType } from "./registered-estimator.js";
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
  /** One per outcome and treated arm (and, with several arms, the joint F's), registered outcomes then indices. */
  readonly distributions: readonly DistributionSummary[];
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
  /** The treated arms compared with control, in plan order. */
  readonly arms: readonly string[];
  /** One row per outcome and treated arm: registered outcomes first (family order, arms within outcome), then exploratory ones (`registered: false`). */
  readonly effects: readonly EffectRow[];
  /** Several treated arms: per outcome (and index), the Wald F that no arm has an effect (registered SE) and its randomization p-value. */
  readonly jointTests: readonly JointEffectRow[];
  /** The families' standardized indices (KLK or Anderson), estimated as the outcomes are (one row per treated arm). */
  readonly indices: readonly EffectRow[];
  /** How the multiplicity adjustments were computed (English; `messages.notes` holds the codes). */
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
  /** `warnings` and `notes` as codes with their values, in the same order: the report writes them in its language. */
  readonly messages: { readonly warnings: readonly PilotNotice[]; readonly notes: readonly PilotNotice[] };
  readonly warnings: readonly string[];
}

/** Run the registered analysis (internal verb behind `pilot.analyze`). */
export function analyzePilot(plan: PilotPlan, planHash: string, input: PilotAnalyzeInput): PilotAnalysis {
  const parsed = AnalyzeInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join(".") || "input";
    const given = issue.path.length === 1 && typeof input === "object" && input !== null && (input as Record<string, unknown>)[String(issue.path[0])] !== undefined;
    const what = issue.code === "unrecognized_keys" ? `has unknown keys ${(issue as { keys?: string[] }).keys?.join(", ")}` : given ? "has the wrong type" : "is required";
    throw new EnsayoError("INVALID_OPTION", `\`${field}\` ${what}`, {
      hint: "Give { baseline, assignment, endline } and optionally receipt, registeredHash, inputFiles, exploratory",
    });
  }
  const inp = parsed.data;
  const warnings = newNotices();
  const baseline = toTable(inp.baseline);
  const endline = toTable(inp.endline);
  const fromPilot = !isTable(inp.assignment) && (inp.assignment as { kind?: string }).kind === "pilotAssignment";
  const assignment = fromPilot ? toTable((inp.assignment as { rows: Record<string, string>[] }).rows) : toTable(inp.assignment as DataInput);
  const receipt = inp.receipt ?? (fromPilot ? (inp.assignment as unknown as { receipt: Record<string, unknown> }).receipt : undefined);
  checkPlanColumns(plan, { baseline, assignment, endline });
  const merged = mergeInputs(plan, baseline, assignment, endline);
  const deviations = merged.deviations;
  checkHashes(planHash, inp.registeredHash, receipt, deviations);

  const d = plan.design;
  const arms = merged.arms;
  const control = arms.control;
  const design = planDesign(plan, baseline);
  checkAssignmentReproduces(plan, design.conduct(d.seed), merged.baselineWithArm, deviations);

  const ri = plan.randomizationInference;
  const riSeed = ri.seed ?? `${String(d.seed)}/ri`;
  const perms: RandomizationContext | null = ri.enabled ? { design, draws: ri.draws, seed: riSeed } : null;

  // effects, family by family (one row per outcome and treated arm), then exploratory outcomes
  const effects: EffectRow[] = [];
  const jointTests: JointEffectRow[] = [];
  const indices: EffectRow[] = [];
  const notes: PilotNotice[] = [];
  const resampling = { plan, table: merged.table, arms, design, draws: ri.draws, seed: riSeed };
  const distributions: DistributionSummary[] = [];
  const registeredOutcomes = plan.families.flatMap((f) => f.outcomes.map((o) => o.column));
  for (const fam of plan.families) {
    const rows = fam.outcomes.flatMap((o) => {
      const r = outcomeEffect(plan, merged.table, arms, fam.name, o, true, perms, deviations, warnings);
      distributions.push(...plotDistributions(o.column, arms, r.ri));
      if (r.joint) jointTests.push(r.joint);
      return r.rows;
    });
    const fi = plan.families.indexOf(fam);
    let adjusted: number[] = rows.map(() => NaN);
    if (arms.treated.length > 1) {
      notes.push({ code: "family_over_arms", params: { family: fam.name, outcomes: fam.outcomes.length, arms: arms.treated.length, hypotheses: rows.length } });
    }
    try {
      const hypotheses = rows.map((r) => ({ outcome: r.outcome, arm: arms.treated.findIndex((a) => a.label === r.arm) }));
      const a = adjustFamily(fam.name, hypotheses, rows.map((r) => r.pValue), fam.multiplicity, resampling);
      adjusted = a.adjusted;
      if (a.note) notes.push(a.note);
    } catch (e) {
      deviations.push(deviation("method_unavailable", `families.${fi}.multiplicity`, null, [], { method: fam.multiplicity, family: fam.name, ...errorParams(e) }));
    }
    if (fam.index !== "none") {
      const idx = familyIndex(plan, merged.table, arms, fam, fi, perms, deviations, warnings);
      if (idx) {
        indices.push(...idx.rows);
        if (idx.joint) jointTests.push(idx.joint);
        distributions.push(...idx.ri);
      }
    }
    rows.forEach((r, k) => effects.push({ ...r, adjustedPValue: adjusted[k]!, adjustMethod: fam.multiplicity }));
  }
  const extraOutcomes = (inp.exploratory?.outcomes ?? []).filter((o) => !registeredOutcomes.includes(o));
  for (const o of extraOutcomes) {
    const r = outcomeEffect(plan, merged.table, arms, "exploratory", { column: o, direction: "either" }, false, null, deviations, warnings);
    for (const row of r.rows) effects.push({ ...row, adjustMethod: "none" });
    if (r.joint) jointTests.push(r.joint);
  }

  const balanceCovariates = plan.balanceCovariates ?? plan.covariates;
  const clusterOpt = d.clusters ? { clusters: d.clusters } : {};
  const blockOpt = d.blocks ? { blocks: d.blocks } : {};
  const balance = balanceCovariates.length
    ? balanceTableCore(merged.baselineWithArm, parseOptions(BalanceTableSchema, { treatment: d.treatment, control, covariates: [...balanceCovariates], ...blockOpt, ...clusterOpt, alpha: plan.alpha }, "pilot.analyze"))
    : null;
  const multi = arms.treated.length > 1;
  const lee = plan.attrition === "lee" ? registeredOutcomes.flatMap((y) => arms.treated.flatMap((arm, k) => {
    try {
      const data = multi ? armSubset(merged.table, arms, k) : merged.table;
      return [leeBounds(data, { outcome: y, treatment: d.treatment, control, alpha: plan.alpha })];
    } catch (e) {
      notice(warnings, "lee_unavailable", { subject: multi ? `${y} (${arm.label})` : y, ...errorParams(e) });
      return [];
    }
  })) : [];
  const attrition = attritionReportCore(merged.baselineWithArm, endline, {
    id: plan.id, treatment: d.treatment, control, ...blockOpt, ...clusterOpt, alpha: plan.alpha,
    ...(balanceCovariates.length ? { covariates: [...balanceCovariates] } : {}),
  });

  const late = plan.takeUp ? lateRows(plan, merged.table, arms, registeredOutcomes, warnings) : [];
  const sub = plan.subgroups.length ? subgroupAnalyses(plan, merged.table, arms, registeredOutcomes, plan.subgroups, true, warnings) : { effects: [], heterogeneity: [] };
  const extraSub = (inp.exploratory?.subgroups ?? []).filter((s) => !plan.subgroups.includes(s));
  const subX = extraSub.length ? subgroupAnalyses(plan, merged.table, arms, registeredOutcomes, extraSub, false, warnings) : { effects: [], heterogeneity: [] };
  const costs = plan.costs ? costRows(plan, effects) : [];

  const analysedByOutcome: Record<string, Record<string, number>> = Object.create(null);
  for (const e of effects) {
    const by = (analysedByOutcome[e.outcome] ??= { [control]: e.nControl });
    by[e.arm] = e.nTreatment;
  }
  const nextCohortResult = nextCohort(plan, merged.table, (plan.families.find((f) => f.primary) ?? plan.families[0]!).outcomes[0]!.column, baseline.nRows, warnings);
  const riMethod = riSummary(distributions);
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
    arms: arms.treated.map((a) => a.label),
    effects,
    jointTests,
    indices,
    notes: notes.map((n) => fillPhrase(NOTICE_PHRASES[n.code], "en", n.params)),
    randomization: { enabled: ri.enabled, draws: riMethod.nSims, exhaustive: riMethod.exhaustive, seed: String(riSeed), distributions },
    late,
    subgroupEffects: [...sub.effects, ...subX.effects],
    heterogeneity: [...sub.heterogeneity, ...subX.heterogeneity],
    costs,
    nextCohort: nextCohortResult,
    reproducibility: {
      receiptSha256: receipt ? canonicalHash(receipt) : null,
      receiptPlanHash: receipt && typeof receipt.planHash === "string" ? receipt.planHash : null,
      assignmentSeed: String(d.seed),
      randomizationSeed: String(riSeed),
      inputFiles: inp.inputFiles ?? [],
    },
    messages: { warnings: warnings.notices, notes },
    warnings: warnings.warnings,
  });
}

function checkHashes(planHash: string, registered: string | undefined, receipt: Record<string, unknown> | undefined, deviations: Deviation[]): void {
  const claims: [string, unknown][] = [["registeredHash", registered], ["receipt.planHash", receipt?.planHash]];
  for (const [field, claimed] of claims) {
    if (typeof claimed === "string" && claimed.toLowerCase() !== planHash) {
      deviations.push(deviation("plan_changed", field, null, [], { planHash: planHash.slice(0, 12), source: field, claimed: claimed.slice(0, 12) }));
    }
  }
}

function checkAssignmentReproduces(plan: PilotPlan, drawn: { ids: readonly string[] | null; condition: readonly (string | number)[] }, withArm: Table, deviations: Deviation[]): void {
  const arms = withArm.columns[plan.design.treatment] as (string | null)[];
  const differ: string[] = [];
  drawn.ids!.forEach((id, i) => {
    if (arms[i] !== null && arms[i] !== String(drawn.condition[i])) differ.push(id);
  });
  if (differ.length) deviations.push(deviation("assignment_differs", "design.seed", differ.length, differ.slice(0, 20), idParams(differ)));
}

/** How the randomization distributions were made (the first one run tells; every outcome sees the same assignments). */
function riSummary(distributions: readonly DistributionSummary[]): { nSims: number; exhaustive: boolean } {
  const first = distributions[0];
  return first ? { nSims: first.nSims, exhaustive: first.exhaustive } : { nSims: 0, exhaustive: false };
}

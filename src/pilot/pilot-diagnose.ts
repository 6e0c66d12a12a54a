/**
 * `pilot.diagnose`: the power of the registered analysis by simulation (estimator, multiplicity adjustment
 * and design), with `planTrial`'s analytic MDE beside it.
 */
import * as z from "zod/mini";
import { toTable, type DataInput } from "../data/table.js";
import { EnsayoError, invalidOption } from "../errors.js";
import { parseOptions } from "../internal/options.js";
import { planTrial, type PlanTrialResult } from "../power/plan-trial.js";
import { powerCurve, type PowerCurveResult } from "../power/power-curve.js";
import { withDisplay } from "../report/result-proto.js";
import { simulateRegistered, type SimulatedOutcome } from "./diagnose-simulation.js";
import { STEP_DOWN_USES_REGISTERED_T } from "./diagnose-steps.js";
import { analyticPlan, simulationUnits, summarizeOutcomes, summarizeFamilies, type DiagnosedFamily, type DiagnosedOutcome } from "./diagnose-summary.js";
import { planDesign } from "./pilot-assign.js";
import { checkPlanColumns } from "./plan-columns.js";
import type { MultiplicityMethod, PilotPlan } from "./plan-schema.js";

const perOutcome = z.union([z.number(), z.record(z.string(), z.number())]);
/** Two arms: a number or one per outcome; several treated arms: a number, or one entry per treated arm (a number or one per outcome). */
const perArmOutcome = z.union([z.number(), z.record(z.string(), z.union([z.number(), z.record(z.string(), z.number())]))]);
const Schema = z.strictObject({
  /** The units to be randomized (the baseline). */
  baseline: z.custom<DataInput>((v) => typeof v === "object" && v !== null, { message: "must be a Table, rows or columns" }),
  /**
   * The effect to detect, in outcome units: one number for every outcome (and arm), or one per outcome column.
   * With several treated arms an object names every treated arm (`{ taller: 3, mentoria: { y1: 2, y2: 1 } }`):
   * one number for all outcomes or one per outcome column, per arm.
   */
  effect: perArmOutcome,
  /** Outcome SD (e.g. `designParameters(...).sd`): one for every outcome, or one per outcome column. */
  sd: perOutcome,
  /** Intraclass correlation (cluster designs). Default 0. */
  icc: z._default(z.number().check(z.gte(0), z.lt(1)), 0),
  /** Share of the outcome variance the first plan covariate explains. Default 0. */
  r2: z._default(z.number().check(z.gte(0), z.lt(1)), 0),
  /** Correlation of any two outcomes' noise (cluster and unit level alike). Default 0. */
  correlation: z._default(z.number().check(z.gte(0), z.lt(1)), 0),
  /** Simulations. Default 500. */
  sims: z._default(z.number().check(z.int(), z.gte(20), z.lte(100000)), 500),
  /** Seed of the simulations. Default `"<design seed>/diagnose"`. */
  seed: z.optional(z.union([z.string(), z.number()])),
  /** Target power for the analytic MDE. Default 0.8. */
  power: z._default(z.number().check(z.gt(0), z.lt(1)), 0.8),
  /** Assignments drawn inside each simulation for Westfall–Young / Romano–Wolf families and `randomization`. Default 200. */
  innerDraws: z._default(z.number().check(z.int(), z.gte(100), z.lte(100000)), 200),
  /**
   * Westfall–Young / Romano–Wolf families: `"nested"` runs their registered step-down inside each simulation
   * over `innerDraws` assignments; `"holm"` adjusts them by Holm on the estimator's p-values instead (fast, an
   * approximation, flagged in `approximations`). Default `"nested"` while the step-down uses difference-in-means
   * t statistics, `"holm"` when it refits the registered estimator on every assignment.
   */
  resampling: z._default(z.enum(["nested", "holm"]), STEP_DOWN_USES_REGISTERED_T ? "holm" : "nested"),
  /** Also simulate every outcome's randomization test with `innerDraws` assignments (slow). Default false. */
  randomization: z._default(z.boolean(), false),
});

/** Options of `pilot.diagnose`. */
export type PilotDiagnoseOptions = z.input<typeof Schema>;

/** Result of `pilot.diagnose`. */
export interface PilotDiagnosis {
  readonly kind: "pilotDiagnosis";
  /** The first outcome of the primary family, which `power`, `analytic` and `curve` refer to. */
  readonly outcome: string;
  /** Its effect (the first treated arm's with several). */
  readonly effect: number;
  /** The treated arms compared with control, in plan order (one with two arms). */
  readonly arms: readonly string[];
  /** That outcome's (first treated arm's) power after its family's registered adjustment, with its Monte Carlo SE. */
  readonly power: number;
  readonly powerStdError: number;
  /** Every registered outcome (and treated arm, arms within outcome): power raw and adjusted, false-positive rates under zero effects, bias, coverage, analytic power. */
  readonly outcomes: readonly DiagnosedOutcome[];
  /** Every family: power that at least one / all of its outcomes are rejected, family-wise error rate under zero effects. */
  readonly families: readonly DiagnosedFamily[];
  readonly sims: number;
  /** Simulations where an estimator or adjustment failed (left out of every rate). */
  readonly failed: number;
  readonly seed: string;
  readonly alpha: number;
  readonly icc: number;
  readonly r2: number;
  readonly correlation: number;
  readonly innerDraws: number;
  /** How Westfall–Young / Romano–Wolf families were simulated: `"nested"` step-downs, or Holm in their place (`"holm"`, an approximation). */
  readonly resampling: "nested" | "holm";
  /** Whether the randomization tests were simulated (`randomization: true`). */
  readonly randomization: boolean;
  /** Where the simulation departs from the registered analysis (a resampling p-value from fewer draws, or not simulated). */
  readonly approximations: readonly string[];
  /** `planTrial`'s MDE at `power` and its power at `effect` (NaN when that effect is 0), for the first primary outcome at `alpha`, unadjusted. */
  readonly analytic: PlanTrialResult;
  readonly analyticPower: number;
  /** Analytic power curve over effects (for the report's plot). */
  readonly curve: PowerCurveResult;
  readonly warnings: readonly string[];
}

const RESAMPLING: readonly MultiplicityMethod[] = ["westfallYoung", "romanoWolf"];

/** Simulate the registered analysis (internal verb behind `pilot.diagnose`). */
export function diagnosePilot(plan: PilotPlan, options: PilotDiagnoseOptions): PilotDiagnosis {
  const o = parseOptions(Schema, options, "pilot.diagnose");
  const baseline = toTable(o.baseline);
  checkPlanColumns(plan, { baseline });
  const columns = [...new Set(plan.families.flatMap((f) => f.outcomes.map((x) => x.column)))];
  const armLabels = plan.design.conditions.slice(1).map(String);
  const effects = armOutcomeValues(o.effect, columns, armLabels);
  const effect: Record<string, number> = Object.create(null);
  for (const c of columns) effect[c] = effects[c]![0]!;
  const sd = perOutcomeValues(o.sd, columns, "sd");
  if (columns.every((c) => effects[c]!.every((v) => v === 0))) invalidOption("effect", "must be non-zero for at least one outcome (the false-positive rates are simulated anyway)", o.effect);
  for (const c of columns) if (!(sd[c]! > 0)) invalidOption(typeof o.sd === "number" ? "sd" : `sd.${c}`, "must be a positive number", sd[c]);
  const reserved = [plan.design.blocks, plan.design.clusters, plan.design.treatment, ...plan.covariates];
  const clash = columns.find((c) => reserved.includes(c));
  if (clash) {
    throw new EnsayoError("INVALID_PLAN", `the outcome '${clash}' is also a design column or covariate of the plan; the simulation cannot draw it`, { column: clash, hint: "Give outcomes and baseline columns different names" });
  }
  const design = planDesign(plan, baseline);
  const { units, x, clusterIndex, nClusters } = simulationUnits(plan, baseline);
  const residual = 1 - o.r2;
  const outcomes: SimulatedOutcome[] = columns.map((c) => ({
    column: c, effect: effect[c]!, effects: effects[c]!, slope: Math.sqrt(o.r2) * sd[c]!,
    sdCluster: plan.design.clusters ? Math.sqrt(o.icc * residual) * sd[c]! : 0,
    sdUnit: Math.sqrt((plan.design.clusters ? 1 - o.icc : 1) * residual) * sd[c]!,
  }));
  const seed = o.seed ?? `${String(plan.design.seed)}/diagnose`;
  const holmInstead = o.resampling === "holm";
  // with resampling: "holm" the resampling families are simulated with Holm (the rows still name the registered method)
  const simPlan: PilotPlan = holmInstead ? { ...plan, families: plan.families.map((f) => (RESAMPLING.includes(f.multiplicity) ? { ...f, multiplicity: "holm" } : f)) } : plan;
  const raw = simulateRegistered({ plan: simPlan, design, units, clusterIndex, nClusters, x, outcomes, correlation: o.correlation, sims: o.sims, seed, innerDraws: o.innerDraws, randomization: o.randomization });

  const summary = analyticPlan(plan, baseline, o);
  const analyticFor = (c: string, a: number) => planTrial({ ...summary, sd: sd[c]!, solveFor: "power", effect: effects[c]![a] === 0 ? NaN : effects[c]![a]! } as never);
  const outcomeRows = summarizeOutcomes(raw, plan, outcomes, (c, a) => (effects[c]![a] === 0 ? NaN : analyticFor(c, a).power), (c) => planTrial({ ...summary, sd: sd[c]!, solveFor: "mde", power: o.power } as never).mde);
  const familyRows = summarizeFamilies(raw, plan, o.innerDraws, holmInstead);
  const primary = plan.families.find((f) => f.primary) ?? plan.families[0]!;
  const first = primary.outcomes[0]!.column;
  const firstRow = outcomeRows.find((r) => r.outcome === first)!;
  const firstEffect = effect[first] === 0 ? Math.max(...columns.flatMap((c) => effects[c]!.map(Math.abs))) : effect[first]!;
  const analytic = planTrial({ ...summary, sd: sd[first]!, solveFor: "mde", power: o.power } as never);
  const analyticPower = effect[first] === 0 ? NaN : planTrial({ ...summary, sd: sd[first]!, solveFor: "power", effect: firstEffect } as never).power;
  const curve = powerCurve({ plan: { ...summary, sd: sd[first]! } as never, vary: "effect", from: Math.abs(firstEffect) / 10, to: Math.max(2 * Math.abs(firstEffect), 1.2 * analytic.mde), points: 30 });

  const approximations: string[] = [];
  const se = Math.sqrt((plan.alpha * (1 - plan.alpha)) / o.innerDraws);
  const resampled = plan.families.filter((f) => RESAMPLING.includes(f.multiplicity));
  if (resampled.length && holmInstead) {
    approximations.push(`${resampled.map((f) => `'${f.name}' (${f.multiplicity})`).join(", ")}: adjusted by Holm on the estimator's p-values in place of the registered step-down (resampling: "holm"), an approximation: a maxT or Romano–Wolf step-down rejects at least what Holm on its own permutation p-values rejects (Bonferroni's inequality), ${STEP_DOWN_USES_REGISTERED_T ? "and its statistic is the registered estimator's t, whose permutation p-values the estimator's p-values approximate, so the power shown is close to a lower bound on the step-down's" : "but the step-down here uses difference-in-means t statistics, which leave out the covariates, so its power may be lower than shown"}; use resampling: "nested" for the registered step-down`);
  } else if (resampled.length) {
    approximations.push(`${resampled.map((f) => `'${f.name}' (${f.multiplicity})`).join(", ")}: the step-down adjusted p-values are computed inside each simulation from ${o.innerDraws} assignments of the declared design instead of the plan's ${plan.randomizationInference.draws}; an adjusted p-value near α = ${plan.alpha} then has a Monte Carlo SE of about √(α(1 − α)/${o.innerDraws}) = ${se.toFixed(3)}, so rejections near the threshold are noisier than in the analysis (raise innerDraws to reduce it)`);
  }
  if (plan.randomizationInference.enabled) {
    approximations.push(o.randomization
      ? `randomization tests simulated with ${o.innerDraws} assignments per simulation instead of ${plan.randomizationInference.draws} (Monte Carlo SE of a randomization p-value near α about ${se.toFixed(3)}); they are reported beside the registered decision, which (as in pilot.analyze) adjusts the estimator's p-values`
      : "randomization tests not simulated (randomization: false): the registered decision adjusts the estimator's p-values, as pilot.analyze does, so the power shown is the registered decision's; the randomization p-values reported beside it are not simulated");
  }
  if (plan.attrition === "lee" || plan.takeUp || plan.subgroups.length || plan.families.some((f) => f.index !== "none")) {
    approximations.push("outcomes are simulated without attrition; take-up (LATE), subgroups and indices are not simulated");
  }
  const warnings = raw.messages.map((m) => `failed simulation: ${m}`);
  if (plan.design.clusters === undefined && o.icc > 0) warnings.push("icc is ignored: the plan's design has no clusters");
  return withDisplay({
    kind: "pilotDiagnosis", outcome: first, effect: effect[first]!, arms: armLabels, power: firstRow.power, powerStdError: firstRow.powerStdError,
    outcomes: outcomeRows, families: familyRows, sims: o.sims, failed: raw.failed.reduce((a, b) => a + b, 0), seed: String(seed),
    alpha: plan.alpha, icc: o.icc, r2: o.r2, correlation: o.correlation, innerDraws: o.innerDraws, resampling: o.resampling, randomization: o.randomization,
    approximations, analytic, analyticPower, curve, warnings,
  });
}

/**
 * The effect of every treated arm on every outcome column (`[outcome][arm]`): with one treated arm, a number or
 * a record naming every outcome; with several, a number or a record naming every treated arm (and no other),
 * each a number or a record naming every outcome.
 */
function armOutcomeValues(v: number | Record<string, number | Record<string, number>>, columns: readonly string[], arms: readonly string[]): Record<string, number[]> {
  const out: Record<string, number[]> = Object.create(null);
  if (arms.length === 1 || typeof v === "number") {
    const one = perOutcomeValues(v as number | Record<string, number>, columns, "effect");
    for (const c of columns) out[c] = arms.map(() => one[c]!);
    return out;
  }
  const missing = arms.filter((a) => !(a in v));
  const unknown = Object.keys(v).filter((k) => !arms.includes(k));
  if (missing.length || unknown.length) {
    invalidOption("effect", `with several treated arms, must give a value for every treated arm of the plan (${arms.join(", ")}), each a number or one per outcome${unknown.length ? `; not treated arms of the plan: ${unknown.join(", ")}` : ""}${missing.length ? `; missing arms: ${missing.join(", ")}` : ""}`, v);
  }
  for (const c of columns) out[c] = [];
  for (const a of arms) {
    const one = perOutcomeValues(v[a]!, columns, `effect.${a}`);
    for (const c of columns) out[c]!.push(one[c]!);
  }
  return out;
}

/** One value per outcome column from a number or a record naming every outcome (and no other). */
function perOutcomeValues(v: number | Record<string, number>, columns: readonly string[], name: string): Record<string, number> {
  const out: Record<string, number> = Object.create(null);
  if (typeof v === "number") {
    if (!Number.isFinite(v)) invalidOption(name, "must be a finite number", v);
    for (const c of columns) out[c] = v;
    return out;
  }
  const missing = columns.filter((c) => !(c in v));
  const unknown = Object.keys(v).filter((k) => !columns.includes(k));
  if (missing.length || unknown.length) {
    invalidOption(name, `must give a value for every outcome of the plan (${columns.join(", ")})${missing.length ? `; missing: ${missing.join(", ")}` : ""}${unknown.length ? `; not outcomes of the plan: ${unknown.join(", ")}` : ""}`, v);
  }
  for (const c of columns) {
    if (!Number.isFinite(v[c])) invalidOption(`${name}.${c}`, "must be a finite number", v[c]);
    out[c] = v[c]!;
  }
  return out;
}

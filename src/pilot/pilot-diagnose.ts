/**
 * `pilot.diagnose`: the power of the registered analysis by simulation, with `planTrial`'s analytic MDE beside it.
 */
import * as z from "zod/mini";
import { asTable, makeTable, type DataInput, type Table } from "../data/table.js";
import { labelColumn, numericColumn } from "../data/columns.js";
import { EnsayoError } from "../errors.js";
import type { Seed } from "../internal/rng.js";
import { diagnoseDesign, type DiagnoseDesignResult, type SimEstimate } from "../power/diagnose-design.js";
import { planTrial, type PlanTrialResult } from "../power/plan-trial.js";
import { powerCurve, type PowerCurveResult } from "../power/power-curve.js";
import { planDesign } from "./pilot-assign.js";
import { checkPlanColumns } from "./plan-columns.js";
import type { PilotPlan } from "./plan-schema.js";
import { fitRegistered } from "./registered-estimator.js";
import { withDisplay } from "../report/result-proto.js";

const Schema = z.strictObject({
  /** The units to be randomized (the baseline). */
  baseline: z.custom<DataInput>((v) => typeof v === "object" && v !== null, { message: "must be a Table, rows or columns" }),
  /** The effect to detect, in outcome units. */
  effect: z.number().check(z.refine((v) => Number.isFinite(v) && v !== 0, { message: "must be a finite number other than 0" })),
  /** Outcome SD (e.g. `designParameters(...).sd`). */
  sd: z.number().check(z.gt(0)),
  /** Intraclass correlation (cluster designs). Default 0. */
  icc: z._default(z.number().check(z.gte(0), z.lt(1)), 0),
  /** Share of the outcome variance the first plan covariate explains. Default 0. */
  r2: z._default(z.number().check(z.gte(0), z.lt(1)), 0),
  /** Simulations. Default 500. */
  sims: z._default(z.number().check(z.int(), z.gte(20), z.lte(100000)), 500),
  /** Seed of the simulations. Default `"<design seed>/diagnose"`. */
  seed: z.optional(z.union([z.string(), z.number()])),
  /** Target power for the analytic MDE. Default 0.8. */
  power: z._default(z.number().check(z.gt(0), z.lt(1)), 0.8),
});

/** Options of `pilot.diagnose`. */
export type PilotDiagnoseOptions = z.input<typeof Schema>;

/** Result of `pilot.diagnose`. */
export interface PilotDiagnosis {
  readonly kind: "pilotDiagnosis";
  /** The outcome the power refers to (the first of the primary family). */
  readonly outcome: string;
  readonly effect: number;
  /** Level of each test: alpha, divided by the primary family's size under a family-wise method (Bonferroni's bound on the first step). */
  readonly testAlpha: number;
  /** Simulated power of the registered estimator on the declared design, with its Monte Carlo SE. */
  readonly power: number;
  readonly powerStdError: number;
  readonly simulation: DiagnoseDesignResult;
  /** `planTrial`'s analytic MDE and power at `effect` for the same design summary. */
  readonly analytic: PlanTrialResult;
  readonly analyticPower: number;
  /** Analytic power curve over effects (for the report's plot). */
  readonly curve: PowerCurveResult;
  readonly warnings: readonly string[];
}

/** Simulate the registered analysis (internal verb behind `pilot.diagnose`). */
export function diagnosePilot(plan: PilotPlan, options: PilotDiagnoseOptions, fn: string): PilotDiagnosis {
  const parsed = Schema.safeParse(options);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new EnsayoError("INVALID_OPTION", `${fn}: \`${i.path.map(String).join(".") || "options"}\` is not valid (${i.message})`, { hint: "Give { baseline, effect, sd } and optionally icc, r2, sims, seed, power" });
  }
  const o = parsed.data;
  const baseline = asTable(o.baseline);
  checkPlanColumns(plan, { baseline }, fn);
  const primary = plan.families.find((f) => f.primary) ?? plan.families[0]!;
  const outcome = primary.outcomes[0]!.column;
  const familyWise = !["none", "BH", "BY", "sharpenedQ"].includes(primary.multiplicity);
  const testAlpha = familyWise ? plan.alpha / primary.outcomes.length : plan.alpha;
  const design = planDesign(plan, baseline);
  const [c0, c1] = plan.design.conditions;
  const units = simulationUnits(plan, baseline);
  const clusters = plan.design.clusters ? labelColumn(baseline, plan.design.clusters, fn, "clusters") : null;
  const x = units.columns.__x as Float64Array;
  const residual = 1 - o.r2;
  const sdCluster = Math.sqrt(o.icc * residual) * o.sd;
  const sdUnit = Math.sqrt((1 - o.icc) * residual) * o.sd;
  const slope = Math.sqrt(o.r2) * o.sd;
  let clusterEffect = new Map<string, number>();
  const simPlan = { ...plan, alpha: testAlpha };
  const sim = diagnoseDesign({
    units,
    design,
    control: c0,
    treated: c1,
    sims: o.sims,
    seed: o.seed ?? `${String(plan.design.seed)}/diagnose`,
    alpha: testAlpha,
    potentialOutcomes: (_unit, condition, rng, index) => {
      if (index === 0 && condition === c0) clusterEffect = new Map();
      let u = 0;
      if (clusters && sdCluster > 0) {
        const key = clusters[index] ?? "";
        if (!clusterEffect.has(key)) clusterEffect.set(key, rng.normal() * sdCluster);
        u = clusterEffect.get(key)!;
      }
      const base = slope * (Number.isNaN(x[index]!) ? 0 : x[index]!) + u + rng.normal() * sdUnit;
      return condition === c1 ? base + o.effect : base;
    },
    estimator: (data): SimEstimate => {
      const t = withSimulated(units, data.outcome, data.arm, data.treated);
      const r = fitRegistered(simPlan as PilotPlan, t, "__y", "__t").row;
      return { estimate: r.estimate, stdError: r.stdError, pValue: r.pValue, confLow: r.confLow, confHigh: r.confHigh };
    },
  });
  const powerRow = sim.diagnosands.find((d) => d.diagnosand === "power")!;
  const summary = analyticPlan(plan, baseline, o, testAlpha);
  const analytic = planTrial({ ...summary, solveFor: "mde", power: o.power } as never);
  const analyticPower = planTrial({ ...summary, solveFor: "power", effect: o.effect } as never).power;
  const curve = powerCurve({ plan: summary as never, vary: "effect", from: Math.abs(o.effect) / 10, to: Math.max(2 * Math.abs(o.effect), 1.2 * analytic.mde), points: 30 });
  return withDisplay({
    kind: "pilotDiagnosis", outcome, effect: o.effect, testAlpha, power: powerRow.estimate, powerStdError: powerRow.stdError,
    simulation: sim, analytic, analyticPower, curve, warnings: [...sim.warnings],
  });
}

/** The baseline columns the estimator reads, plus the standardized first covariate `__x` (internal). */
function simulationUnits(plan: PilotPlan, baseline: Table): Table {
  const cols: Record<string, Float64Array | (string | null)[]> = {};
  for (const n of [plan.design.blocks, plan.design.clusters, ...plan.covariates]) if (n) cols[n] = baseline.columns[n]!.slice() as never;
  const first = plan.covariates.find((c) => baseline.columns[c] instanceof Float64Array);
  const x = first ? numericColumn(baseline, first, "pilot.diagnose") : new Float64Array(baseline.nRows);
  let s = 0, k = 0;
  for (const v of x) if (!Number.isNaN(v)) { s += v; k++; }
  const mean = k ? s / k : 0;
  let ss = 0;
  for (const v of x) if (!Number.isNaN(v)) ss += (v - mean) ** 2;
  const sd = k > 1 ? Math.sqrt(ss / (k - 1)) : 1;
  cols.__x = Float64Array.from(x, (v) => (Number.isNaN(v) ? NaN : sd > 0 ? (v - mean) / sd : 0));
  return makeTable(cols);
}

function withSimulated(units: Table, y: Float64Array, arm: Int32Array, treated: number): Table {
  const cols: Record<string, Float64Array | (string | null)[]> = {};
  for (const n of units.names) cols[n] = units.columns[n]! as never;
  cols.__y = y;
  cols.__t = Float64Array.from(arm, (a) => (a === treated ? 1 : 0));
  return makeTable(cols, { types: { ...units.types } });
}

/** planTrial's summary of the declared design on this baseline (internal). */
function analyticPlan(plan: PilotPlan, baseline: Table, o: { sd: number; icc: number; r2: number }, alpha: number): Record<string, unknown> {
  const n = baseline.nRows;
  const blocks = plan.design.blocks ? new Set(labelColumn(baseline, plan.design.blocks, "pilot.diagnose")).size : 1;
  const common = { sd: o.sd, alpha, adjust: "none", nBlocks: blocks, ...(o.r2 > 0 ? { r2Unit: o.r2 } : {}) };
  if (!plan.design.clusters) return { ...common, design: "individual", nUnits: n, ...(o.r2 > 0 ? { nCovariates: 1 } : {}) };
  const labels = labelColumn(baseline, plan.design.clusters, "pilot.diagnose");
  const sizes = new Map<string, number>();
  for (const l of labels) sizes.set(l ?? "", (sizes.get(l ?? "") ?? 0) + 1);
  const v = [...sizes.values()];
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1));
  return { ...common, design: "cluster", nClusters: v.length, clusterSize: mean, clusterSizeCv: sd / mean, icc: o.icc };
}

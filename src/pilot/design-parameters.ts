/**
 * `designParameters`: what a first cohort tells the power calculation of the next one.
 */
import * as z from "zod/mini";
import { parseOptions } from "../internal/options.js";
import { labelColumn, numericColumn } from "../data/columns.js";
import { toTable, buildTable, type DataInput, type Table } from "../data/table.js";
import { EnsayoError } from "../errors.js";
import { lmFitInput } from "../estimators/lm-robust.js";
import { fitLm } from "../estimators/linear-fit.js";
import { anovaIcc, type AnovaIcc } from "./icc-anova.js";
import { momentsWhere } from "./outcome-effects.js";
import { withDisplay } from "../report/result-proto.js";
import { named } from "../internal/boundary.js";

const FN = "designParameters";

const Schema = z.strictObject({
  /** Outcome column (numeric). */
  outcome: z.string().check(z.minLength(1)),
  /** Cluster column: adds the ICC, the cluster-level R² and the cluster sizes. */
  clusters: z.optional(z.string().check(z.minLength(1))),
  /** Block column: counted (planTrial's `blocks`). */
  blocks: z.optional(z.string().check(z.minLength(1))),
  /** Covariates whose R² is reported (numeric or text columns). Default none. */
  covariates: z._default(z.array(z.string().check(z.minLength(1))), []),
  /** Arm column: then the SD, ICC and R² describe the control arm, and take-up and attrition are given by arm. */
  treatment: z.optional(z.string().check(z.minLength(1))),
  /** The control arm (default the first in sorted order). */
  control: z.optional(z.union([z.string(), z.number()])),
  /** 0/1 take-up column. */
  takeUp: z.optional(z.string().check(z.minLength(1))),
  /** 0/1 response column (default: response = outcome observed). */
  responded: z.optional(z.string().check(z.minLength(1))),
  /** 1 − level of the ICC's interval. Default 0.05. */
  alpha: z._default(z.number().check(z.gt(0), z.lt(1)), 0.05),
});

/** Options of {@link designParameters}. */
export type DesignParametersOptions = z.input<typeof Schema>;

/** Result of {@link designParameters}. */
export interface DesignParametersResult {
  readonly kind: "designParameters";
  readonly outcome: string;
  /** Units used for the outcome's moments (the control arm when `treatment` is given). */
  readonly nObs: number;
  readonly mean: number;
  /** Outcome SD (n − 1). */
  readonly sd: number;
  /** ANOVA ICC and its Searle interval (null without clusters). */
  readonly icc: AnovaIcc | null;
  /** Within-cluster R² of the covariates: 1 − SSR(y ~ x + cluster) / SSR(y ~ cluster); without clusters, R² of y ~ x. */
  readonly r2Unit: number | null;
  /** R² of the cluster means of y on the cluster means of the numeric covariates (unweighted; text covariates count only in `r2Unit`), null without clusters. */
  readonly r2Cluster: number | null;
  readonly nClusters: number | null;
  readonly nBlocks: number | null;
  /** Mean units per cluster (rows with the outcome observed), and its coefficient of variation (SD with n − 1 over the mean). */
  readonly clusterSize: number | null;
  readonly clusterSizeCv: number | null;
  /** Share with take-up = 1, by arm (`all` without treatment). */
  readonly takeUp: Readonly<Record<string, number>> | null;
  /** Share not responding, by arm (`all` without treatment). */
  readonly attrition: Readonly<Record<string, number>>;
  /** Options to pass straight to `planTrial` (add solveFor, design and the unknown's neighbours). */
  readonly planTrial: Readonly<Record<string, unknown>>;
  readonly alpha: number;
  readonly warnings: readonly string[];
}

/**
 * Estimate the parameters of a power calculation from a pilot's data: the outcome's SD, the ICC
 * (one-way ANOVA, with Searle's F-based interval), the R² of covariates at unit and cluster level,
 * take-up and attrition, and the mean cluster size with its coefficient of variation.
 *
 * With `treatment`, the SD, ICC and R² are those of the control arm (the untreated distribution that
 * `planTrial`'s σ, ρ and R² describe); take-up and attrition are reported by arm.
 *
 * @see Searle (1971), Linear Models §9.8 (ANOVA estimator and interval); Eldridge, Ashby & Kerry (2006) (cluster-size CV);
 *   Hedges & Hedberg (2007) (R² at each level).
 * @throws EnsayoError `MISSING_COLUMN`, `NOT_NUMERIC`, `INVALID_OPTION`, `TOO_FEW_CLUSTERS` (fewer than two clusters with the outcome).
 * @example
 * ```ts
 * const endline = readCsvFile("fixtures/pilot/panel.csv"); // the bundled pilot, baseline and endline merged
 * const p = designParameters(endline, { outcome: "puntaje_final", clusters: "oficina", treatment: "grupo", covariates: ["puntaje_base"] });
 * [p.planTrial.sd, p.planTrial.icc, p.planTrial.clusterSize]; // [13.86, 0.0227, 7.5]
 * planTrial({ solveFor: "mde", design: "cluster", nClusters: 60, ...p.planTrial }).mde; // 2.80
 * ```
 */
export function designParameters(data: DataInput, options: DesignParametersOptions): DesignParametersResult {
  return named("designParameters", () => designParametersCore(data, options));
}

/** {@link designParameters} without the function name on its errors. */
function designParametersCore(data: DataInput, options: DesignParametersOptions): DesignParametersResult {
  const o = parseOptions(Schema, options, FN);
  const table = toTable(data);
  const warnings: string[] = [];
  const y = numericColumn(table, o.outcome, "outcome");
  const n = table.nRows;
  const arms = o.treatment ? labelColumn(table, o.treatment, "treatment") : null;
  const armLevels = arms ? [...new Set(arms.filter((a): a is string => a !== null))].sort() : ["all"];
  const control = o.control !== undefined ? String(o.control) : armLevels[0]!;
  if (arms && !armLevels.includes(control)) throw new EnsayoError("CONDITION_NOT_FOUND", `\`control\` '${control}' is not a value of '${o.treatment}'`, { column: o.treatment! });
  const inScope = (i: number) => (arms ? arms[i] === control : true);
  const byArm = (col: Float64Array | null, f: (v: number) => number) => {
    const out: Record<string, number> = Object.create(null);
    for (const a of armLevels) {
      let k = 0;
      let s = 0;
      for (let i = 0; i < n; i++) {
        if (arms && arms[i] !== a) continue;
        const v = col ? col[i]! : y[i]!;
        if (col && Number.isNaN(v)) continue;
        k++;
        s += f(v);
      }
      out[a] = k ? s / k : NaN;
    }
    return out;
  };
  const responded = o.responded ? numericColumn(table, o.responded, "response") : null;
  const attrition = responded ? byArm(responded, (v) => 1 - v) : byArm(null, (v) => (Number.isNaN(v) ? 1 : 0));
  const takeUp = o.takeUp ? byArm(numericColumn(table, o.takeUp, "take-up"), (v) => v) : null;
  const m = momentsWhere(y, inScope);

  const covs = o.covariates;
  for (const c of covs) if (!table.names.includes(c)) numericColumn(table, c, "covariate");
  const complete = (i: number) => inScope(i) && !Number.isNaN(y[i]!) && covs.every((c) => {
    const col = table.columns[c]!;
    return col instanceof Float64Array ? !Number.isNaN(col[i]!) : col[i] !== null;
  });

  let icc: AnovaIcc | null = null;
  let r2Cluster: number | null = null;
  let r2Unit: number | null = null;
  let clusterSize: number | null = null;
  let clusterSizeCv: number | null = null;
  let nClusters: number | null = null;
  const nBlocks = o.blocks ? new Set(labelColumn(table, o.blocks, "blocks").filter((b) => b !== null)).size : null;
  if (o.clusters) {
    const labels = labelColumn(table, o.clusters, "clusters");
    const index = new Map<string, number>();
    const code = new Int32Array(n).fill(-1);
    for (let i = 0; i < n; i++) {
      if (!inScope(i) || labels[i] === null || Number.isNaN(y[i]!)) continue;
      const l = labels[i]!;
      if (!index.has(l)) index.set(l, index.size);
      code[i] = index.get(l)!;
    }
    nClusters = index.size;
    if (nClusters < 2) throw new EnsayoError("TOO_FEW_CLUSTERS", `the outcome '${o.outcome}' is observed in ${nClusters} cluster${nClusters === 1 ? "" : "s"}; the ICC needs at least two`, { column: o.clusters });
    icc = anovaIcc(y, code, nClusters, o.alpha);
    if (icc.varianceBetween < 0) warnings.push(`the between-cluster mean square is below the within one: the ANOVA ICC is negative (${icc.icc.toFixed(4)}); use 0 in planTrial`);
    const sizes = new Float64Array(nClusters);
    for (let i = 0; i < n; i++) if (code[i]! >= 0) sizes[code[i]!]++;
    const s = momentsWhere(sizes, () => true);
    clusterSize = s.mean;
    clusterSizeCv = s.sd / s.mean;
    if (covs.length) {
      const sub = subsetWith(table, complete, [o.outcome, ...covs], { [o.clusters]: labels });
      const rhs = covs.map(quote).join(" + ");
      const full = r2Of(sub, `${quote(o.outcome)} ~ ${rhs} + ${quote(o.clusters)}`);
      const fe = r2Of(sub, `${quote(o.outcome)} ~ ${quote(o.clusters)}`);
      r2Unit = (full - fe) / (1 - fe);
      r2Cluster = clusterMeansR2(sub, o.outcome, covs, o.clusters);
    }
  } else if (covs.length) {
    const sub = subsetWith(table, complete, [o.outcome, ...covs], {});
    r2Unit = r2Of(sub, `${quote(o.outcome)} ~ ${covs.map(quote).join(" + ")}`);
  }
  const responseRate = arms
    ? { control: 1 - attrition[control]!, treatment: 1 - attrition[armLevels.find((a) => a !== control) ?? control]! }
    : 1 - attrition.all!;
  const planTrial: Record<string, unknown> = {
    sd: m.sd,
    ...(icc ? { icc: Math.max(0, icc.icc), clusterSize, clusterSizeCv } : {}),
    ...(r2Unit !== null ? { r2Unit: Math.max(0, r2Unit) } : {}),
    ...(r2Cluster !== null ? { r2Cluster: Math.max(0, r2Cluster) } : {}),
    ...(nBlocks ? { nBlocks } : {}),
    responseRate,
    ...(takeUp && arms ? { takeUp: { control: takeUp[control], treatment: takeUp[armLevels.find((a) => a !== control) ?? control] } } : {}),
  };
  return withDisplay({
    kind: "designParameters", outcome: o.outcome, nObs: m.n, mean: m.mean, sd: m.sd, icc, r2Unit, r2Cluster, nClusters, nBlocks,
    clusterSize, clusterSizeCv, takeUp, attrition, planTrial, alpha: o.alpha, warnings,
  });
}

function quote(name: string): string {
  return /^[\p{L}_.][\p{L}\p{N}_.]*$/u.test(name) ? name : `\`${name}\``;
}

function subsetWith(table: Table, keep: (i: number) => boolean, names: readonly string[], extra: Record<string, (string | null)[]>): Table {
  const rows: number[] = [];
  for (let i = 0; i < table.nRows; i++) if (keep(i)) rows.push(i);
  const cols: Record<string, Float64Array | (string | null)[]> = {};
  for (const nm of names) {
    const c = table.columns[nm]!;
    cols[nm] = c instanceof Float64Array ? Float64Array.from(rows, (i) => c[i]!) : rows.map((i) => c[i]!);
  }
  for (const [nm, c] of Object.entries(extra)) cols[nm] = rows.map((i) => c[i]!);
  return buildTable(cols);
}

function clusterMeansR2(sub: Table, outcome: string, covs: readonly string[], cluster: string): number {
  const labels = sub.columns[cluster] as string[];
  const groups = new Map<string, number[]>();
  labels.forEach((l, i) => (groups.get(l) ?? groups.set(l, []).get(l)!).push(i));
  const means: Record<string, Float64Array> = {};
  const numeric = [outcome, ...covs].filter((c) => sub.columns[c] instanceof Float64Array);
  for (const c of numeric) {
    const col = sub.columns[c] as Float64Array;
    means[c] = Float64Array.from(groups.values(), (rows) => rows.reduce((s, i) => s + col[i]!, 0) / rows.length);
  }
  const usable = covs.filter((c) => numeric.includes(c));
  if (!usable.length) return NaN;
  return r2Of(buildTable(means), `${quote(outcome)} ~ ${usable.map(quote).join(" + ")}`);
}

/** R² of an OLS fit, as `lmRobust(table, formula, { seType: "none" }).r2`, by the internal fit (designParameters names its errors). */
function r2Of(table: Table, formula: string): number {
  return fitLm(lmFitInput(table, formula, { seType: "none" }, true)).r2;
}

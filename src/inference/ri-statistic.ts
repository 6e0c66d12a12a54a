/**
 * riTest's statistic, built once from its options: the difference in means, an lmRobust / lmLin
 * coefficient or t statistic, the Wald F of the arm dummies, or a user function. Statistics that are
 * linear in the outcome (the difference in means and the coefficients) are evaluated on the outcome
 * and on each arm's observed indicator, so the statistic under any constant effect τ follows as
 * s(τ) = A − Σ_l τ_l B_l + τ_arm without another pass (this is what makes the confidence set cheap).
 */
import { EnsayoError } from "../errors.js";
import { labelColumn, numericColumn } from "../data/columns.js";
import type { Table } from "../data/table.js";
import { factorize } from "../internal/factor.js";
import { parseFormulaCore, type RhsSpec } from "../estimators/formula.js";
import { designColumns } from "../estimators/model-matrix.js";
import { lmFitInputParsed, parseLmRobustOptions, type LmRobustResult } from "../estimators/lm-robust.js";
import { lmLinInputParsed, parseLmLinOptions } from "../estimators/lm-lin.js";
import { fitLm } from "../estimators/linear-fit.js";
import type { DesignCondition } from "../design/protocol.js";
import { dimStatistics } from "./dim-statistic.js";
import { fwlStatistics, type FwlSeType } from "./fwl-statistic.js";
import { mainEffectCoefficients, mainEffectTests } from "./fwl-main-effects.js";
import type { PermutationStatistics } from "./evaluate-permutations.js";
import { imputeOutcome } from "./ri-inputs.js";
import { seTypeFor } from "../kernel/se-types.js";

/**
 * A user statistic: the data under the permuted assignment (treatment and outcome columns replaced; reused,
 * do not keep), the arms, and the name of the outcome column (the family procedures build one per outcome).
 */
export type RiStatisticFunction = (table: Table, assignment: Int32Array, outcome: string) => number;

/** The statistic options of riTest. */
export type RiStatisticOption =
  | "differenceInMeans"
  | { readonly estimator: "differenceInMeans"; readonly blocks?: string | undefined; readonly clusters?: string | undefined; readonly weights?: string | undefined }
  | { readonly estimator: "lmRobust"; readonly formula: string; readonly value?: "estimate" | "t" | undefined; readonly seType?: FwlSeType | "CR2" | undefined; readonly clusters?: string | undefined }
  | { readonly estimator: "lmLin"; readonly covariates: string | string[]; readonly value?: "estimate" | "t" | undefined; readonly seType?: FwlSeType | "CR2" | undefined; readonly clusters?: string | undefined }
  | { readonly estimator: "waldF"; readonly formula: string; readonly seType?: FwlSeType | "CR2" | undefined; readonly clusters?: string | undefined }
  | RiStatisticFunction;

/** The kind of statistic, as results report it. */
export type RiStatisticKind = "difference-in-means" | "coefficient" | "t" | "wald-f" | "custom";

/** A built statistic. */
export interface BuiltStatistic {
  readonly kind: RiStatisticKind;
  /** One label per reported statistic (per arm, or one). */
  readonly terms: readonly string[];
  /** Arm (index into conditions) of each term, or −1 (F, custom). */
  readonly termArms: readonly number[];
  /** Linear: K = (1 + arms) × terms values per assignment, outcome-major ([y, D_1obs, …]), or K = terms without `linearParts`; else K = terms. */
  readonly linear: boolean;
  readonly stats: PermutationStatistics;
  /** Write the observed statistic(s) (the K values of the observed assignment and outcome) into `out`. */
  observe(out: Float64Array): void;
  /** Default for seType of t / F statistics. */
  readonly seType: FwlSeType | "CR2" | null;
}

/** What the builder needs. */
export interface StatisticContext {
  readonly table: Table;
  readonly outcome: string;
  readonly treatment: string;
  readonly y: Float64Array;
  readonly conditions: readonly DesignCondition[];
  readonly control: number;
  readonly observed: Int32Array;
  /** τ per arm (0 for control). */
  readonly tauByArm: Float64Array;
  /** Y(control) under the sharp null. */
  readonly y0: Float64Array;
  /** Evaluate linear statistics on the arms' observed indicators too (for τ ≠ 0 and the confidence set). Default true. */
  readonly linearParts?: boolean;
}

function termName(treatment: string, conditions: readonly DesignCondition[], control: number, arm: number): string {
  const twoNumeric = conditions.length === 2 && Number(conditions[control]) === 0 && Number(conditions[arm]) === 1;
  return twoNumeric ? treatment : `${treatment}${String(conditions[arm])}`;
}

/**
 * Build the statistic.
 *
 * @throws EnsayoError `INVALID_OPTION` (a formula without the treatment or with it in an interaction,
 *   CR2 for t or F), `MISSING_VALUE` (a covariate missing), `MISSING_COLUMN`, `NOT_NUMERIC`.
 */
export function buildStatistic(option: RiStatisticOption, c: StatisticContext): BuiltStatistic {
  const { conditions, control, observed } = c;
  const k = conditions.length;
  const arms = conditions.map((_, j) => j).filter((j) => j !== control);
  const terms = arms.map((a) => termName(c.treatment, conditions, control, a));
  const n = c.y.length;
  // the observed indicators are needed only to move the null (τ ≠ 0) or to invert the test
  const indicators = c.linearParts !== false ? arms.map((a) => Float64Array.from(observed, (o) => (o === a ? 1 : 0))) : [];
  if (typeof option === "function") return customStatistic(option, c);
  const o = typeof option === "string" ? { estimator: "differenceInMeans" as const } : option;
  if (o.estimator === "differenceInMeans") {
    const blocks = o.blocks !== undefined ? factorize(requireComplete(labelColumn(c.table, o.blocks, "blocks"), o.blocks)) : null;
    if (o.clusters !== undefined) requireComplete(labelColumn(c.table, o.clusters, "clusters"), o.clusters);
    const weights = o.weights !== undefined ? numericColumn(c.table, o.weights, "weights") : null;
    if (weights) for (let i = 0; i < n; i++) if (!(weights[i]! >= 0) || !Number.isFinite(weights[i]!)) {
      throw new EnsayoError("BAD_WEIGHTS", `\`weights\` ('${o.weights}') must be finite and not negative; row ${i + 1} holds ${weights[i]}`, { column: o.weights, line: i + 1 });
    }
    const stats = dimStatistics({ outcomes: [c.y, ...indicators], k, control, arms, block: blocks ? blocks.codes : null, nBlocks: blocks ? blocks.levels.length : 1, weights });
    return { kind: "difference-in-means", terms, termArms: arms, linear: true, stats, observe: (out) => stats.evaluate(observed, out), seType: null };
  }
  const value = o.estimator === "waldF" ? "F" : (o.value ?? "estimate");
  const requested = o.seType ?? (value === "F" ? "classical" : o.clusters !== undefined ? "CR2" : "HC2");
  if (requested === "CR2") {
    if (value !== "t" || o.estimator === "waldF") {
      throw new EnsayoError("INVALID_OPTION", `CR2 is available for the t statistic of lmRobust or lmLin; the Wald F takes "CR0" or "stata"`, { value: requested });
    }
    if (o.clusters === undefined) throw new EnsayoError("INVALID_OPTION", `\`seType\` "CR2" needs \`clusters\``, { value: requested });
    return refitT(o, c, terms, arms);
  }
  // the registry's one rule, as in lmRobust: "stata" without clusters is HC1; HC types refuse clusters, CR0 needs them
  const seType = (value === "estimate" ? requested : seTypeFor(requested, o.clusters !== undefined)) as FwlSeType;
  const { covariates, interactions } = o.estimator === "lmLin" ? linDesign(c, o.covariates) : formulaDesign(c, o.formula);
  const clusters = o.clusters !== undefined ? factorize(requireComplete(labelColumn(c.table, o.clusters, "clusters"), o.clusters)) : null;
  // without treatment-by-covariate interactions (lmRobust), per-arm sums replace the pass over every unit
  if (value === "estimate") {
    const stats = interactions.length === 0
      ? mainEffectCoefficients({ covariates, k, control, arms, outcomes: [c.y, ...indicators] })
      : fwlStatistics({ covariates, interactions, k, control, arms, outcomes: [c.y, ...indicators], value, seType, clusters: null, nClusters: 0 });
    return { kind: "coefficient", terms, termArms: arms, linear: true, stats, observe: (out) => stats.evaluate(observed, out), seType: null };
  }
  if (interactions.length === 0) {
    const { stats, observe } = mainEffectTests({
      covariates, k, control, arms, value, seType, clusters: clusters ? clusters.codes : null, nClusters: clusters ? clusters.levels.length : 0,
      y: c.y, y0: c.y0, tauByArm: c.tauByArm, observed,
    });
    if (value === "t") return { kind: "t", terms: terms.map((t) => `${t} (t)`), termArms: arms, linear: false, stats, observe, seType };
    return { kind: "wald-f", terms: ["F"], termArms: [-1], linear: false, stats, observe, seType };
  }
  const yBuf = Float64Array.from(c.y);
  const inner = fwlStatistics({ covariates, interactions, k, control, arms, outcomes: [yBuf], value, seType, clusters: clusters ? clusters.codes : null, nClusters: clusters ? clusters.levels.length : 0 });
  const stats: PermutationStatistics = {
    k: inner.k,
    evaluate(arm, out) {
      imputeOutcome(c.y0, arm, c.tauByArm, yBuf);
      inner.evaluate(arm, out);
    },
  };
  const observe = (out: Float64Array): void => {
    yBuf.set(c.y); // the observed outcome itself, not y0 + τ (which may differ in the last bit)
    inner.evaluate(observed, out);
  };
  if (value === "t") return { kind: "t", terms: terms.map((t) => `${t} (t)`), termArms: arms, linear: false, stats, observe, seType };
  return { kind: "wald-f", terms: ["F"], termArms: [-1], linear: false, stats, observe, seType };
}

function requireComplete<T>(labels: readonly (T | null)[], name: string): T[] {
  const i = labels.findIndex((v) => v === null);
  if (i >= 0) throw new EnsayoError("MISSING_VALUE", `column '${name}' is missing at row ${i + 1}; every unit of the design is needed`, { column: name, line: i + 1 });
  return labels as T[];
}

/** The covariate columns of `y ~ treatment + covariates` (the treatment's term removed). */
function formulaDesign(c: StatisticContext, formula: string): { covariates: Float64Array[]; interactions: Float64Array[] } {
  const spec = parseFormulaCore(formula);
  if (spec.parts.length !== 1) throw new EnsayoError("FORMULA_PARSE", `formula '${formula}' has a '|' part`, { value: formula });
  if (spec.outcome !== null && spec.outcome !== c.outcome) {
    throw new EnsayoError("INVALID_OPTION", `the formula's outcome '${spec.outcome}' is not \`outcome\` ('${c.outcome}')`, { value: formula });
  }
  const rhs = spec.parts[0]!;
  const withT = rhs.terms.filter((t) => t.includes(c.treatment));
  if (withT.length !== 1 || withT[0]!.length !== 1) {
    throw new EnsayoError("INVALID_OPTION", `the formula must hold the treatment '${c.treatment}' once, as a main effect; got '${formula}'`, {
      value: formula, hint: "For treatment-by-covariate interactions use `estimator: \"lmLin\"`, or pass a function as `statistic`",
    });
  }
  const covSpec: RhsSpec = { terms: rhs.terms.filter((t) => !t.includes(c.treatment)), intercept: rhs.intercept };
  return { covariates: covariateColumns(c, covSpec), interactions: [] };
}

/** lmLin's design: the covariates centered at their full-sample means, and interacted with each arm. */
function linDesign(c: StatisticContext, cov: string | string[]): { covariates: Float64Array[]; interactions: Float64Array[] } {
  const text = typeof cov === "string" ? cov : cov.map((v) => (/^[\p{L}_.][\p{L}\p{N}_.]*$/u.test(v) ? v : `\`${v}\``)).join(" + ");
  const spec = parseFormulaCore(text.includes("~") ? text : `~ ${text}`);
  const rhs = spec.parts[0]!;
  const cols = covariateColumns(c, { terms: rhs.terms.filter((t) => !(t.length === 1 && t[0] === c.treatment)), intercept: false });
  const centered = cols.map((x) => {
    let m = 0;
    for (let i = 0; i < x.length; i++) m += x[i]!;
    m /= x.length;
    return Float64Array.from(x, (v) => v - m);
  });
  const ones = new Float64Array(c.y.length).fill(1);
  return { covariates: [ones, ...centered], interactions: centered };
}

function covariateColumns(c: StatisticContext, spec: RhsSpec): Float64Array[] {
  const n = c.y.length;
  for (const t of spec.terms) for (const v of t) {
    const col = c.table.columns[v];
    if (col === undefined) numericColumn(c.table, v, "covariate"); // throws MISSING_COLUMN with near matches
    const bad = col instanceof Float64Array ? col.findIndex((x) => Number.isNaN(x)) : (col as (string | null)[]).findIndex((x) => x === null);
    if (bad >= 0) throw new EnsayoError("MISSING_VALUE", `covariate '${v}' is missing at row ${bad + 1}; every unit of the design is needed`, { column: v, line: bad + 1 });
  }
  const rows = Int32Array.from({ length: n }, (_, i) => i);
  return designColumns(c.table, spec, rows).cols;
}

/**
 * CR2 t statistics: each assignment is refitted with lmRobust / lmLin on the permuted data (CR2's
 * per-cluster operators depend on the assignment, so nothing is factored; about a millisecond per
 * assignment for a few hundred rows).
 */
function refitT(
  o: { estimator: "lmRobust"; formula: string; clusters?: string | undefined } | { estimator: "lmLin"; covariates: string | string[]; clusters?: string | undefined },
  c: StatisticContext, terms: readonly string[], arms: readonly number[],
): BuiltStatistic {
  // Internal fits (no public boundary, no per-assignment options parse): an error is riTest's to name.
  let fit: (t: Table) => LmRobustResult;
  if (o.estimator === "lmRobust") {
    const options = { clusters: o.clusters, seType: "CR2", na: "error" } as const;
    const parsed = parseLmRobustOptions(options);
    fit = (t) => fitLm(lmFitInputParsed(t, o.formula, parsed, options));
  } else {
    const options = { outcome: c.outcome, treatment: c.treatment, covariates: o.covariates, clusters: o.clusters, seType: "CR2", na: "error" } as const;
    const parsed = parseLmLinOptions(options);
    fit = (t) => fitLm(lmLinInputParsed(t, parsed, options));
  }
  const view = permutedView(c);
  const run = (arm: Int32Array, out: Float64Array): void => {
    view.set(arm);
    const f = fit(view.table);
    terms.forEach((term, a) => {
      const row = f.coefficients.find((r) => r.term === term);
      if (!row) throw new EnsayoError("INVALID_OPTION", `the fit has no term '${term}'`, { value: term });
      out[a] = row.statistic;
    });
  };
  const stats: PermutationStatistics = {
    k: terms.length,
    evaluate(arm, out) {
      imputeOutcome(c.y0, arm, c.tauByArm, view.y);
      run(arm, out);
    },
  };
  const observe = (out: Float64Array): void => {
    view.y.set(c.y);
    run(c.observed, out);
  };
  return { kind: "t", terms: terms.map((t) => `${t} (t)`), termArms: arms, linear: false, stats, observe, seType: "CR2" };
}

/** A view of the data whose treatment and outcome columns are replaced (reused buffers; the caller's data untouched). */
function permutedView(c: StatisticContext): { table: Table; y: Float64Array; set(arm: Int32Array): void } {
  const { table, treatment, outcome, conditions } = c;
  const n = c.y.length;
  const columns: Record<string, unknown> = Object.create(null);
  for (const name of table.names) columns[name] = table.columns[name];
  const numericT = table.columns[treatment] instanceof Float64Array;
  const tNum = new Float64Array(n);
  const tText: (string | null)[] = new Array(n);
  const y = new Float64Array(n);
  columns[treatment] = numericT ? tNum : tText;
  columns[outcome] = y;
  const labels = conditions.map((x) => String(x));
  const nums = conditions.map((x) => Number(x));
  return {
    table: { ...table, columns } as Table,
    y,
    set(arm) {
      if (numericT) for (let i = 0; i < n; i++) tNum[i] = nums[arm[i]!]!;
      else for (let i = 0; i < n; i++) tText[i] = labels[arm[i]!]!;
    },
  };
}

/** A user function on a view of the data with the permuted treatment and imputed outcome. */
function customStatistic(f: RiStatisticFunction, c: StatisticContext): BuiltStatistic {
  const { outcome } = c;
  const view = permutedView(c);
  const yBuf = view.y;
  const run = (arm: Int32Array, out: Float64Array): void => {
    view.set(arm);
    const v = f(view.table, arm, outcome);
    if (typeof v !== "number") throw new EnsayoError("INVALID_OPTION", `\`statistic\` returned ${typeof v}, not a number`);
    out[0] = v;
  };
  const stats: PermutationStatistics = {
    k: 1,
    evaluate(arm, out) {
      imputeOutcome(c.y0, arm, c.tauByArm, yBuf);
      run(arm, out);
    },
  };
  const observe = (out: Float64Array): void => {
    yBuf.set(c.y);
    run(c.observed, out);
  };
  return { kind: "custom", terms: ["statistic"], termArms: [-1], linear: false, stats, observe, seType: null };
}

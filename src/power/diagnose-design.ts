/**
 * Diagnose a design by simulation: power, bias, RMSE, coverage and more, each with its
 * Monte Carlo standard error, from the real assignment procedure and estimator.
 */
import * as z from "zod/mini";
import { EnsayoError, invalidOption } from "../errors.js";
import { toTable, buildTable, type Column, type ColumnType, type DataInput, type Table } from "../data/table.js";
import { differenceInMeansParsed, parseDifferenceInMeansOptions, type DifferenceInMeansParsed } from "../estimators/difference-in-means.js";
import { parseOptions } from "../internal/options.js";
import { rawDesign, type SimulableDesign as ProtocolSimulableDesign } from "../design/protocol.js";

import { AbortSignalSchema, throwIfAborted } from "../internal/abort.js";
import { rngFrom, deriveSeed, type Rng, type Seed } from "../internal/rng.js";
import { withDisplay } from "../report/result-proto.js";
import { named } from "../internal/boundary.js";

/** An arm label, as in the assignment module. */
export type SimCondition = string | number;

/** What {@link diagnoseDesign} needs from a design (the protocol's part for drawing): `declareRa(...)` results qualify. */
export type SimulableDesign = ProtocolSimulableDesign;

/** A unit as seen by the potential-outcomes function: its row of `units`, by column name (reused across simulations: do not keep it). */
export type SimUnit = Readonly<Record<string, number | string | null>>;

/** The potential outcome of `unit` under `condition`; draw any noise from `rng` (seeded per simulation). */
export type PotentialOutcomes = (unit: SimUnit, condition: SimCondition, rng: Rng, index: number) => number;

/** What a custom estimator sees in one simulation. */
export interface SimulationData {
  /** The units, normalized once. */
  readonly units: Table;
  /** Observed outcome of each unit (reused across simulations: do not keep it). */
  readonly outcome: Float64Array;
  /** Arm of each unit (index into `conditions`). */
  readonly arm: Int32Array;
  readonly conditions: readonly SimCondition[];
  /** Index of the control condition in `conditions`. */
  readonly control: number;
  /** Index of the treatment condition in `conditions`. */
  readonly treated: number;
  readonly alpha: number;
}

/** What an estimator returns (estimatr's tidy names). */
export interface SimEstimate {
  readonly estimate: number;
  readonly stdError: number;
  readonly pValue: number;
  readonly confLow: number;
  readonly confHigh: number;
}

/** A custom estimator for {@link diagnoseDesign}. */
export type SimEstimator = (data: SimulationData) => SimEstimate;

/** The parts of a simulated design (no run settings); a module can export this for `diagnoseDesignParallel`. */
export interface DesignSpec {
  /** The units (one row each; columns the potential-outcomes function and estimator use). */
  units: DataInput;
  /** The assignment, e.g. `declareRa({ blocks: …, prob: 0.5 })`; it must have one unit per row of `units`. */
  design: SimulableDesign;
  /** Potential outcomes as a function of the unit, the condition and a seeded RNG. */
  potentialOutcomes: PotentialOutcomes;
  /** A custom estimator; default `differenceInMeans` (with `blocks` / `clusters` below). */
  estimator?: SimEstimator;
  /** Column of `units` with blocks, passed to the default `differenceInMeans`. */
  blocks?: string;
  /** Column of `units` with clusters, passed to the default `differenceInMeans`. */
  clusters?: string;
  /** Control condition (default the design's first condition). */
  control?: SimCondition;
  /** Treatment condition (default the design's second condition). */
  treated?: SimCondition;
  /** A fixed estimand; default the sample average effect of each simulation, mean of Y(treated) − Y(control). */
  estimand?: number;
}

/** Options of {@link diagnoseDesign}. */
export interface DiagnoseDesignOptions extends DesignSpec {
  /** Number of simulations (default 500). */
  sims?: number;
  /** Seed: simulation i uses `deriveSeed(seed, i)` for the assignment and `deriveSeed(seed, "outcomes/" + i)` for the outcomes. */
  seed: Seed;
  /** Significance level for power and the confidence level 1 − alpha (default 0.05). */
  alpha?: number;
  /** Called with (simulations done, total) about every 1% of the run and at the end. */
  onProgress?: (done: number, total: number) => void;
  /** Stops the run between simulations: it then throws `ABORTED` (checked after every simulation). */
  signal?: AbortSignal;
}

/** One diagnosand with its Monte Carlo standard error. */
export interface DiagnosandRow {
  /** DeclareDesign's diagnosand name in camelCase (`power`, `bias`, `rmse`, `coverage`, `meanSe`, …). */
  readonly diagnosand: string;
  readonly estimate: number;
  /** Monte Carlo standard error of `estimate`. */
  readonly stdError: number;
}

/** Result of {@link diagnoseDesign}. */
export interface DiagnoseDesignResult {
  readonly kind: "diagnoseDesign";
  /** Tidy rows: meanEstimand, meanEstimate, bias, sdEstimate, rmse, power, coverage, meanSe, failureRate. */
  readonly diagnosands: readonly DiagnosandRow[];
  readonly sims: number;
  /** Simulations whose estimator threw or returned a non-finite estimate, SE or p-value. */
  readonly failed: number;
  readonly alpha: number;
  readonly seed: string;
  readonly control: SimCondition;
  readonly treated: SimCondition;
  /** Up to 5 distinct messages of failed runs. */
  readonly warnings: readonly string[];
}

const FN = "diagnoseDesign";

const SpecSchema = z.object({
  units: z.custom<DataInput>((v) => typeof v === "object" && v !== null, { message: "must be a Table, rows or columns" }),
  design: z.custom<SimulableDesign>(
    (v) => typeof v === "object" && v !== null && typeof (v as SimulableDesign).conduct === "function" && Array.isArray((v as SimulableDesign).conditions),
    { message: "must be a declared design (e.g. declareRa(...)) with `conduct(seed)` and `conditions`" },
  ),
  potentialOutcomes: z.custom<PotentialOutcomes>((v) => typeof v === "function", { message: "must be a function (unit, condition, rng) => number" }),
  estimator: z.optional(z.custom<SimEstimator>((v) => typeof v === "function", { message: "must be a function (data) => { estimate, stdError, pValue, confLow, confHigh }" })),
  blocks: z.optional(z.string().check(z.minLength(1))),
  clusters: z.optional(z.string().check(z.minLength(1))),
  control: z.optional(z.union([z.string(), z.number()])),
  treated: z.optional(z.union([z.string(), z.number()])),
  estimand: z.optional(z.number()),
});
const RunSchema = z.object({
  sims: z._default(z.int().check(z.gte(2), z.lte(1e7)), 500),
  seed: z.union([z.number(), z.string()]),
  alpha: z._default(z.number().check(z.gt(0), z.lt(1)), 0.05),
  onProgress: z.optional(z.custom<(d: number, t: number) => void>((v) => typeof v === "function", { message: "must be a function" })),
});
const Schema = z.strictObject({ ...SpecSchema.shape, ...RunSchema.shape, signal: z.optional(AbortSignalSchema) });

/** Per-simulation results (internal; concatenated across workers in order). */
export interface SimRaw {
  estimate: Float64Array;
  stdError: Float64Array;
  pValue: Float64Array;
  confLow: Float64Array;
  confHigh: Float64Array;
  estimand: Float64Array;
  failed: Uint8Array;
  messages: string[];
}

/** A checked, ready-to-run spec (internal). */
export interface PreparedSpec {
  table: Table;
  records: SimUnit[];
  design: SimulableDesign;
  po: PotentialOutcomes;
  estimator: SimEstimator;
  c1: number;
  c2: number;
  fixedEstimand: number | null;
  conditions: readonly SimCondition[];
}

/** Check a spec and prepare what every simulation reuses (internal, shared with the parallel runner). */
export function prepareSpec(spec: z.output<typeof SpecSchema>): PreparedSpec {
  const table = toTable(spec.units);
  const n = table.nRows;
  const conditions = spec.design.conditions;
  if (conditions.length < 2) invalidOption("design", "must have at least two conditions", conditions.length);
  const find = (c: SimCondition | undefined, dflt: number, name: string): number => {
    if (c === undefined) return dflt;
    const i = conditions.findIndex((x) => x === c || String(x) === String(c));
    if (i < 0) throw new EnsayoError("CONDITION_NOT_FOUND", `\`${name}\` ${JSON.stringify(c)} is not a condition of the design (${conditions.map((x) => JSON.stringify(x)).join(", ")})`, { value: c });
    return i;
  };
  const c1 = find(spec.control, 0, "control");
  const c2 = find(spec.treated, 1, "treated");
  if (c1 === c2) invalidOption("treated", "must differ from `control`", spec.treated);
  const design = rawDesign(spec.design);
  const probe = design.conductArms ? design.conductArms("ensayo-probe") : design.conduct("ensayo-probe").arm;
  if (probe.length !== n) {
    throw new EnsayoError("LENGTH_MISMATCH", `the design assigns ${probe.length} units but \`units\` has ${n} rows`, {
      hint: "Declare the design on the same units (e.g. declareRa({ data: units, … }))",
    });
  }
  for (const col of [spec.blocks, spec.clusters]) {
    if (col !== undefined && !(col in table.columns)) {
      throw new EnsayoError("MISSING_COLUMN", `column '${col}' is not in \`units\` (columns: ${table.names.join(", ")})`, { column: col });
    }
  }
  const records: SimUnit[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = Object.create(null) as Record<string, number | string | null>;
    for (const name of table.names) r[name] = table.columns[name]![i]!;
    records[i] = Object.freeze(r);
  }
  const estimator = spec.estimator ?? makeDimEstimator(table, spec.blocks, spec.clusters);
  return { table, records, design, po: spec.potentialOutcomes, estimator, c1, c2, fixedEstimand: spec.estimand ?? null, conditions };
}

const Y = "\u0000y";
const Z = "\u0000arm";

function makeDimEstimator(table: Table, blocks: string | undefined, clusters: string | undefined): SimEstimator {
  // One table for the whole run: its outcome and arm columns are overwritten in place each
  // simulation (differenceInMeans reads them and keeps nothing), so no per-simulation copy.
  const n = table.nRows;
  const cols: Record<string, Column> = Object.create(null);
  const types: Record<string, ColumnType> = Object.create(null);
  for (const name of [blocks, clusters]) {
    if (name && !(name in cols)) {
      cols[name] = table.columns[name]!;
      types[name] = table.types[name]!;
    }
  }
  cols[Y] = new Float64Array(n);
  cols[Z] = new Float64Array(n);
  types[Y] = "number";
  types[Z] = "number";
  const t = buildTable(cols, { types });
  const y = t.columns[Y] as Float64Array;
  const z = t.columns[Z] as Float64Array;
  // The options are the same in every simulation of a run: parsed once (again only if they change), and the
  // internal estimator is called, so an error is named by diagnoseDesign (or its parallel runner).
  let parsed: { control: number; treated: number; alpha: number; opts: DifferenceInMeansParsed } | null = null;
  return (d) => {
    if (!parsed || parsed.control !== d.control || parsed.treated !== d.treated || parsed.alpha !== d.alpha) {
      const opts = parseDifferenceInMeansOptions({
        outcome: Y, treatment: Z, control: d.control, treated: d.treated, alpha: d.alpha,
        ...(blocks ? { blocks } : {}),
        ...(clusters ? { clusters } : {}),
      });
      parsed = { control: d.control, treated: d.treated, alpha: d.alpha, opts };
    }
    y.set(d.outcome);
    for (let i = 0; i < n; i++) z[i] = d.arm[i]!;
    return differenceInMeansParsed(t, parsed.opts).coefficients[0]!;
  };
}

/**
 * A generator that replays, for every condition of a unit, the draws made for its first
 * condition: Y(0) and Y(1) of a unit share its noise (common random numbers), as a unit-level
 * variable U would in DeclareDesign. The draws come from `base` (the simulation's seeded stream);
 * `int` and `normal` use the same algorithms as `createRng`.
 */
class ReplayRng implements Rng {
  readonly algorithm = "seedrandom-arc4" as const;
  readonly seed: string;
  private tape = new Float64Array(16);
  private len = 0;
  private pos = 0;
  private spare = NaN;
  private spareAtStart = NaN;
  private spareAfterFirst = NaN;
  constructor(private readonly base: Rng) {
    this.seed = base.seed;
  }
  /** Start a new unit. */
  startUnit(): void {
    this.len = 0;
    this.pos = 0;
    this.spareAtStart = this.spare;
  }
  /** Start the next condition of the same unit: replay from the unit's first draw. */
  rewind(condition: number): void {
    if (condition === 0) return;
    if (condition === 1) this.spareAfterFirst = this.spare;
    this.pos = 0;
    this.spare = this.spareAtStart;
  }
  /** Finish a unit: continue from the state after its first condition. */
  endUnit(conditions: number): void {
    if (conditions > 1) this.spare = this.spareAfterFirst;
  }
  next(): number {
    if (this.pos < this.len) return this.tape[this.pos++]!;
    const u = this.base.next();
    if (this.len === this.tape.length) {
      const grown = new Float64Array(this.len * 2);
      grown.set(this.tape);
      this.tape = grown;
    }
    this.tape[this.len++] = u;
    this.pos++;
    return u;
  }
  int(n: number): number {
    const limit = Math.floor(4503599627370496 / n) * n;
    for (;;) {
      const r = Math.floor(this.next() * 4503599627370496);
      if (r < limit) return r % n;
    }
  }
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const s = this.spare;
      this.spare = NaN;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
}

/** Run simulations `from` … `to − 1` (internal; the parallel runner calls it per worker). */
export function simulateRange(p: PreparedSpec, seed: Seed, alpha: number, from: number, to: number, tick?: (done: number) => void): SimRaw {
  const m = to - from;
  const n = p.table.nRows;
  const k = p.conditions.length;
  const raw: SimRaw = {
    estimate: new Float64Array(m),
    stdError: new Float64Array(m),
    pValue: new Float64Array(m),
    confLow: new Float64Array(m),
    confHigh: new Float64Array(m),
    estimand: new Float64Array(m),
    failed: new Uint8Array(m),
    messages: [],
  };
  const po = new Float64Array(n * k);
  const outcome = new Float64Array(n);
  let arm: Int32Array = new Int32Array(n);
  const data = { units: p.table, outcome, arm, conditions: p.conditions, control: p.c1, treated: p.c2, alpha };
  // The loop stays small: each simulation's outcomes and estimate are functions of their own, so V8
  // compiles them once per thread instead of recompiling one function with everything inlined into it
  // each time its long-running loop is optimized again (issue #12: each worker compiles them too).
  for (let s = 0; s < m; s++) {
    const i = from + s;
    arm = p.design.conductArms ? p.design.conductArms(deriveSeed(seed, i), arm) : p.design.conduct(deriveSeed(seed, i)).arm;
    const diff = drawOutcomes(p, seed, i, arm, po, outcome);
    raw.estimand[s] = p.fixedEstimand ?? diff / n;
    (data as { arm: Int32Array }).arm = arm;
    estimateInto(p, data, raw, s);
    tick?.(s + 1);
  }
  return raw;
}

/**
 * Simulation i's potential outcomes (into `po`, n × conditions) and observed outcomes under `arm` (into
 * `outcome`); returns Σ_u (Y_u(treated) − Y_u(control)).
 */
function drawOutcomes(p: PreparedSpec, seed: Seed, i: number, arm: Int32Array, po: Float64Array, outcome: Float64Array): number {
  const n = p.table.nRows;
  const k = p.conditions.length;
  const rng = new ReplayRng(rngFrom(deriveSeed(seed, `outcomes/${i}`)));
  let diff = 0;
  let bad: string | null = null;
  for (let u = 0; u < n; u++) {
    const unit = p.records[u]!;
    rng.startUnit();
    for (let c = 0; c < k; c++) {
      rng.rewind(c);
      const y = p.po(unit, p.conditions[c]!, rng, u);
      if (typeof y !== "number" || !Number.isFinite(y)) bad ??= `potentialOutcomes returned ${String(y)} for unit ${u + 1} under ${JSON.stringify(p.conditions[c])}`;
      po[u * k + c] = y;
    }
    rng.endUnit(k);
    diff += po[u * k + p.c2]! - po[u * k + p.c1]!;
    outcome[u] = po[u * k + arm[u]!]!;
  }
  if (bad) throw new EnsayoError("INVALID_OPTION", `${bad} (simulation ${i}); potential outcomes must be finite numbers`, { value: bad });
  return diff;
}

/** Simulation s's estimate into `raw` (a failure is counted and its message kept, not thrown). */
function estimateInto(p: PreparedSpec, data: SimulationData, raw: SimRaw, s: number): void {
  try {
    const e = p.estimator(data);
    raw.estimate[s] = e.estimate;
    raw.stdError[s] = e.stdError;
    raw.pValue[s] = e.pValue;
    raw.confLow[s] = e.confLow;
    raw.confHigh[s] = e.confHigh;
    if (!Number.isFinite(e.estimate) || !Number.isFinite(e.stdError) || !Number.isFinite(e.pValue)) {
      raw.failed[s] = 1;
      note(raw.messages, `the estimator returned estimate ${e.estimate}, stdError ${e.stdError}, pValue ${e.pValue}`);
    }
  } catch (err) {
    raw.failed[s] = 1;
    raw.estimate[s] = NaN;
    note(raw.messages, err instanceof Error ? err.message : String(err));
  }
}

function note(list: string[], msg: string): void {
  if (list.length < 5 && !list.includes(msg)) list.push(msg);
}

/** Concatenate per-range results in order (internal). */
export function concatRaw(parts: readonly SimRaw[]): SimRaw {
  const total = parts.reduce((a, p) => a + p.estimate.length, 0);
  const cat = <T extends Float64Array | Uint8Array>(get: (p: SimRaw) => T, make: (n: number) => T): T => {
    const out = make(total);
    let off = 0;
    for (const p of parts) {
      out.set(get(p) as never, off);
      off += get(p).length;
    }
    return out;
  };
  const messages: string[] = [];
  for (const p of parts) for (const m of p.messages) note(messages, m);
  return {
    estimate: cat((p) => p.estimate, (n) => new Float64Array(n)),
    stdError: cat((p) => p.stdError, (n) => new Float64Array(n)),
    pValue: cat((p) => p.pValue, (n) => new Float64Array(n)),
    confLow: cat((p) => p.confLow, (n) => new Float64Array(n)),
    confHigh: cat((p) => p.confHigh, (n) => new Float64Array(n)),
    estimand: cat((p) => p.estimand, (n) => new Float64Array(n)),
    failed: cat((p) => p.failed, (n) => new Uint8Array(n)),
    messages,
  };
}

/** Diagnosands and Monte Carlo SEs from per-simulation results (internal). */
export function summarize(raw: SimRaw, p: Pick<PreparedSpec, "conditions" | "c1" | "c2">, alpha: number, seed: Seed): DiagnoseDesignResult {
  const sims = raw.estimate.length;
  let S = 0;
  let sEst = 0, sEst2 = 0, sTau = 0, sTau2 = 0, sErr = 0, sErr2 = 0, sSq = 0, sSq2 = 0, sSe = 0, sSe2 = 0;
  let rej = 0, cov = 0;
  for (let i = 0; i < sims; i++) {
    if (raw.failed[i]) continue;
    S++;
    const e = raw.estimate[i]!;
    const t = raw.estimand[i]!;
    const d = e - t;
    sEst += e; sEst2 += e * e;
    sTau += t; sTau2 += t * t;
    sErr += d; sErr2 += d * d;
    sSq += d * d; sSq2 += d * d * d * d;
    sSe += raw.stdError[i]!; sSe2 += raw.stdError[i]! * raw.stdError[i]!;
    if (raw.pValue[i]! <= alpha) rej++;
    if (raw.confLow[i]! <= t && t <= raw.confHigh[i]!) cov++;
  }
  const mean = (s: number): number => (S > 0 ? s / S : NaN);
  // sample variance from sums (S − 1 denominator), clamped at 0 against rounding
  const variance = (s: number, s2: number): number => (S > 1 ? Math.max(0, (s2 - (s * s) / S) / (S - 1)) : NaN);
  const se = (s: number, s2: number): number => Math.sqrt(variance(s, s2) / S);
  const binom = (x: number, N: number): number => (N > 0 ? Math.sqrt(((x / N) * (1 - x / N)) / N) : NaN);
  const sdEst = Math.sqrt(variance(sEst, sEst2));
  const rmse = Math.sqrt(mean(sSq));
  const failed = sims - S;
  const rows: DiagnosandRow[] = [
    { diagnosand: "meanEstimand", estimate: mean(sTau), stdError: se(sTau, sTau2) },
    { diagnosand: "meanEstimate", estimate: mean(sEst), stdError: se(sEst, sEst2) },
    { diagnosand: "bias", estimate: mean(sErr), stdError: se(sErr, sErr2) },
    { diagnosand: "sdEstimate", estimate: sdEst, stdError: S > 1 ? sdEst / Math.sqrt(2 * (S - 1)) : NaN },
    { diagnosand: "rmse", estimate: rmse, stdError: rmse > 0 ? Math.sqrt(variance(sSq, sSq2) / S) / (2 * rmse) : NaN },
    { diagnosand: "power", estimate: mean(rej), stdError: binom(rej, S) },
    { diagnosand: "coverage", estimate: mean(cov), stdError: binom(cov, S) },
    { diagnosand: "meanSe", estimate: mean(sSe), stdError: se(sSe, sSe2) },
    { diagnosand: "failureRate", estimate: failed / sims, stdError: binom(failed, sims) },
  ];
  const warnings = raw.messages.map((m) => `failed run: ${m}`);
  if (S === 0) warnings.unshift("every simulation failed: no diagnosand could be computed");
  return withDisplay({
    kind: "diagnoseDesign",
    diagnosands: rows,
    sims,
    failed,
    alpha,
    seed: String(seed),
    control: p.conditions[p.c1]!,
    treated: p.conditions[p.c2]!,
    warnings,
  });
}

/**
 * Diagnose a design by simulation: draw assignments from the design, build observed outcomes from
 * potential outcomes, estimate, and report power, bias, RMSE, coverage, mean SE and the share of
 * failed runs, each with its Monte Carlo standard error.
 *
 * Simulation i draws `design.conduct(deriveSeed(seed, i))` and the outcomes' noise from
 * `createRng(deriveSeed(seed, "outcomes/" + i))`; every unit's potential outcome under every condition
 * is computed (unit by unit, conditions in order), the observed outcome is the one of its arm, and
 * the estimand is the sample average effect mean(Y(treated) − Y(control)) unless `estimand` is given.
 * Diagnosands follow DeclareDesign's defaults over the S runs that did not fail: bias = mean(τ̂ − τ),
 * sdEstimate = sd(τ̂), rmse = √mean((τ̂ − τ)²), power = mean(p ≤ α), coverage = mean(confLow ≤ τ ≤ confHigh),
 * meanSe = mean(SE). Monte Carlo SEs: sd/√S for means, √(p(1 − p)/S) for proportions, sd/√(2(S − 1)) for
 * sdEstimate and the delta method for rmse. Results depend only on the seed (and are the same with
 * `diagnoseDesignParallel` in `ensayo/node`).
 *
 * @see Blair, Cooper, Coppock & Humphreys (2019). Declaring and diagnosing research designs. APSR 113(3) (DeclareDesign).
 * @throws `INVALID_OPTION` for bad options or a potential outcome that is not a finite number; `ABORTED` when `signal` fires;
 *   `LENGTH_MISMATCH` when the design's units differ from `units`; `MISSING_COLUMN`; `CONDITION_NOT_FOUND`.
 * @example
 * ```ts
 * // 120 officials in 24 offices, 12 offices per region, each office with its own level
 * const offices = Array.from({ length: 120 }, (_, i) => `OF-${i % 24}`);
 * const regions = offices.map((o) => (Number(o.slice(3)) < 12 ? "Central" : "Itapúa"));
 * const officeEffect: Record<string, number> = Object.fromEntries(offices.slice(0, 24).map((o, j) => [o, 0.2 * ((j % 5) - 2)]));
 * const units = { office: offices, region: regions };
 * const design = declareRa({ clusters: offices, blocks: regions, prob: 0.5 });
 * const d = diagnoseDesign({
 *   units, design, clusters: "office", blocks: "region", sims: 200, seed: 1,
 *   potentialOutcomes: (u, z, rng) => officeEffect[u.office as string]! + 0.5 * Number(z) + rng.normal(),
 * });
 * const power = d.diagnosands.find((r) => r.diagnosand === "power")!; // { estimate: 0.6, stdError: 0.035 }
 * [power.estimate, power.stdError]; // [0.6, 0.035]
 * ```
 */
export function diagnoseDesign(options: DiagnoseDesignOptions): DiagnoseDesignResult {
  return named("diagnoseDesign", () => diagnoseDesignCore(options));
}

/** {@link diagnoseDesign} without the function name on its errors. */
function diagnoseDesignCore(options: DiagnoseDesignOptions): DiagnoseDesignResult {
  const o = parseOptions(Schema, options, FN);
  const { signal } = o;
  throwIfAborted(signal, `before the first of ${o.sims} simulations`);
  const p = prepareSpec(o);
  const every = Math.max(1, Math.floor(o.sims / 100));
  const progress = o.onProgress;
  const tick =
    progress || signal
      ? (done: number) => {
          if (progress && (done % every === 0 || done === o.sims)) progress(done, o.sims);
          throwIfAborted(signal, `after ${done} of ${o.sims} simulations`);
        }
      : undefined;
  const raw = simulateRange(p, o.seed, o.alpha, 0, o.sims, tick);
  return summarize(raw, p, o.alpha, o.seed);
}

export { SpecSchema as DesignSpecSchema, RunSchema as DiagnoseRunSchema };

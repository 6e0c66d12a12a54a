/**
 * The data-level part shared by `westfallYoung` and `romanoWolf`: the family of hypotheses (every
 * outcome × every treated arm against control), their statistics on any assignment, and the run of the
 * step-down over the design's assignments, every hypothesis on the same assignment.
 */
import * as z from "zod/mini";
import { EnsayoError, showValue } from "../errors.js";
import { asTable, type DataInput } from "../data/table.js";
import { getColumn, numericColumn } from "../data/columns.js";
import type { Design, DesignCondition } from "../design/protocol.js";
import { DEFAULT_SIMS, matrixSource, permutationSource, type PermutationSource, type SourceDesign } from "./permutation-source.js";
import { maxTStepDown, minPStepDown, orientStatistic, type Sides, type StepDownPValues } from "./step-down.js";

/** Options shared by the family-wise procedures (the schema's shape; each function adds its own). */
export const familyOptionShape = {
  /** Numeric outcome columns (one hypothesis per outcome and treated arm). */
  outcomes: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
  /** Treatment column: its values are the design's conditions. */
  treatment: z.string().check(z.minLength(1)),
  /** The declared design (`declareRa`), whose possible assignments make the null distribution. */
  design: z.optional(z.custom<Design>((d) => typeof d === "object" && d !== null && Array.isArray((d as Design).conditions), {
    message: "must be a design from declareRa (with `conditions`)",
  })),
  /** Instead of a design: the assignments themselves, one array of conditions per assignment (ri2's permutation matrix, transposed). */
  permutations: z.optional(z.array(z.array(z.union([z.string(), z.number()])))),
  /** Control condition. Default: the design's first condition (the first in sorted order with `permutations`). */
  control: z.optional(z.union([z.string(), z.number()])),
  /** `"t"` (default): difference in means over its unequal-variance SE; `"difference"`: the difference in means. */
  statistic: z._default(z.enum(["t", "difference"]), "t"),
  /** Which tail is extreme. Default `"two-sided"` (|T|). */
  sides: z._default(z.enum(["two-sided", "greater", "less"]), "two-sided"),
  /** Draws when the design has more than `maxExact` assignments. Default 10,000; at least 100. */
  sims: z._default(z.number().check(z.int(), z.minimum(100)), DEFAULT_SIMS),
  /** Enumerate every assignment when there are at most this many. Default 100,000. */
  maxExact: z.optional(z.number().check(z.int(), z.minimum(0))),
  /** Seed of the draws. Default 1. */
  seed: z._default(z.union([z.number(), z.string()]), 1),
  /** Level at which `rejected` is reported. Default 0.05. */
  alpha: z._default(z.number().check(z.gt(0), z.lt(1)), 0.05),
};

/** One hypothesis of the family: an outcome, and a treated arm against control. */
export interface FamilyHypothesis {
  readonly outcome: string;
  /** The treated condition compared with control. */
  readonly arm: string;
}

/** Resolved inputs of a family-wise run. */
export interface FamilyRun {
  readonly hypotheses: readonly FamilyHypothesis[];
  readonly control: string;
  readonly estimate: Float64Array;
  readonly statistic: Float64Array;
  readonly source: PermutationSource;
  readonly pValues: StepDownPValues;
  /** Rows left out of each outcome for a missing value. */
  readonly nMissing: Readonly<Record<string, number>>;
}

type ParsedFamilyOptions = {
  outcomes: string[]; treatment: string; design?: Design | undefined; permutations?: (string | number)[][] | undefined;
  control?: string | number | undefined; statistic: "t" | "difference"; sides: Sides; sims: number; maxExact?: number | undefined;
  seed: number | string;
};

/**
 * Compute the family's observed statistics, then run the step-down (`"maxT"` or `"minP"`) over the
 * design's assignments (or the given permutations), one statistic vector per assignment.
 */
export function runFamily(data: DataInput, opts: ParsedFamilyOptions, method: "maxT" | "minP", plusOne: boolean, fn: string): FamilyRun {
  const table = asTable(data, fn);
  if ((opts.design === undefined) === (opts.permutations === undefined)) {
    throw new EnsayoError("INVALID_OPTION", `${fn}: give exactly one of \`design\` and \`permutations\``, {
      hint: "Pass the design declared with declareRa (or, as in ri2, a permutation matrix as `permutations`)",
    });
  }
  const treat = getColumn(table, opts.treatment, fn, "treatment");
  const labels = Array.from(treat as ArrayLike<string | number | null>, (v) => (v === null || (typeof v === "number" && Number.isNaN(v)) ? null : String(v)));
  const conditions: readonly DesignCondition[] = opts.design
    ? opts.design.conditions
    : [...new Set(labels.filter((v): v is string => v !== null))].sort(treat instanceof Float64Array ? (a, b) => Number(a) - Number(b) : undefined);
  const names = conditions.map(String);
  const observedArm = new Int32Array(table.nRows);
  labels.forEach((v, i) => {
    const j = v === null ? -1 : names.indexOf(v);
    if (v === null) throw new EnsayoError("MISSING_VALUE", `${fn}: treatment '${opts.treatment}' is missing in row ${i + 1}`, { column: opts.treatment, line: i + 1, hint: "Every unit of the design needs its assignment" });
    if (j < 0) throw new EnsayoError("DESIGN_MISMATCH", `${fn}: row ${i + 1} has treatment ${showValue(v)}, which is not a condition of the design (${names.join(", ")})`, { column: opts.treatment, line: i + 1, value: v });
    observedArm[i] = j;
  });
  const control = opts.control === undefined ? names[0]! : String(opts.control);
  const c0 = names.indexOf(control);
  if (c0 < 0) {
    throw new EnsayoError("CONDITION_NOT_FOUND", `${fn}: \`control\` must be a condition of the design; got ${showValue(opts.control)}`, {
      value: opts.control, hint: `The conditions are: ${names.join(", ")}`,
    });
  }
  const arms = names.map((_, j) => j).filter((j) => j !== c0);
  const ys = opts.outcomes.map((o) => numericColumn(table, o, fn));
  const stats = familyStatistics(ys, names.length, c0, arms, opts.statistic);
  const hypotheses = opts.outcomes.flatMap((outcome) => arms.map((a) => ({ outcome, arm: names[a]! })));
  const estimate = new Float64Array(hypotheses.length);
  const statistic = new Float64Array(hypotheses.length);
  stats(observedArm, statistic, estimate);
  hypotheses.forEach((h, j) => {
    if (!Number.isFinite(statistic[j]!)) {
      throw new EnsayoError("NOT_ESTIMABLE", `${fn}: the ${opts.statistic} statistic of '${h.outcome}' (${h.arm} vs ${control}) cannot be computed on the observed assignment`, {
        column: h.outcome, hint: "Each arm needs at least two units with the outcome present (one for `statistic: \"difference\"`) and some variation",
      });
    }
  });
  const source = opts.permutations
    ? matrixSource(opts.permutations, conditions, table.nRows, fn)
    : permutationSource(opts.design as SourceDesign, { n: table.nRows, seed: opts.seed, sims: opts.sims, ...(opts.maxExact !== undefined ? { maxExact: opts.maxExact } : {}) }, fn);
  const oriented = statistic.map((t) => orientStatistic(t, opts.sides));
  const acc = method === "maxT" ? maxTStepDown(oriented) : minPStepDown(oriented);
  const buf = new Float64Array(hypotheses.length);
  const sampled = source.method === "sampled";
  source.forEach((arm, weight) => {
    stats(arm, buf, null);
    for (let j = 0; j < buf.length; j++) buf[j] = orientStatistic(buf[j]!, opts.sides);
    acc.add(buf, sampled ? 1 : weight);
  });
  const pValues = acc.finish({ exhaustive: !sampled, plusOne: plusOne && sampled });
  const nMissing: Record<string, number> = {};
  opts.outcomes.forEach((o, k) => { nMissing[o] = ys[k]!.reduce((s, v) => s + (Number.isNaN(v) ? 1 : 0), 0); });
  return { hypotheses, control, estimate, statistic, source, pValues, nMissing };
}

/**
 * A function writing every hypothesis's statistic (and, when asked, the difference) for an assignment.
 * Outcomes are centred once (differences and variances do not change) so that sums of squares keep
 * their precision; units with a missing outcome are left out of that outcome only.
 */
export function familyStatistics(
  ys: readonly Float64Array[], nConditions: number, control: number, arms: readonly number[], statistic: "t" | "difference",
): (arm: Int32Array, out: Float64Array, difference: Float64Array | null) => void {
  const K = ys.length;
  const n = ys[0]!.length;
  const C = nConditions;
  const centred = new Float64Array(n * K); // unit-major: the K outcomes of unit i are adjacent
  for (let k = 0; k < K; k++) {
    let s = 0;
    let c = 0;
    for (let i = 0; i < n; i++) if (!Number.isNaN(ys[k]![i]!)) { s += ys[k]![i]!; c++; }
    const mean = c > 0 ? s / c : 0;
    for (let i = 0; i < n; i++) centred[i * K + k] = ys[k]![i]! - mean;
  }
  const sum = new Float64Array(K * C);
  const sumSq = new Float64Array(K * C);
  const count = new Float64Array(K * C);
  return (arm, out, difference) => {
    sum.fill(0);
    sumSq.fill(0);
    count.fill(0);
    for (let i = 0; i < n; i++) {
      const base = arm[i]! * K;
      for (let k = 0; k < K; k++) {
        const v = centred[i * K + k]!;
        if (v !== v) continue;
        sum[base + k] += v;
        sumSq[base + k] += v * v;
        count[base + k]++;
      }
    }
    let h = 0;
    for (let k = 0; k < K; k++) {
      const nc = count[control * K + k]!;
      const mc = sum[control * K + k]! / nc;
      const vc = (sumSq[control * K + k]! - mc * sum[control * K + k]!) / (nc - 1);
      for (const a of arms) {
        const na = count[a * K + k]!;
        const ma = sum[a * K + k]! / na;
        const d = na > 0 && nc > 0 ? ma - mc : NaN;
        if (difference) difference[h] = d;
        if (statistic === "difference") out[h] = d;
        else {
          const va = (sumSq[a * K + k]! - ma * sum[a * K + k]!) / (na - 1);
          const se = Math.sqrt(va / na + vc / nc);
          out[h] = na > 1 && nc > 1 && se > 0 ? d / se : NaN;
        }
        h++;
      }
    }
  };
}

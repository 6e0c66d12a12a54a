/**
 * The data-level part shared by `westfallYoung` and `romanoWolf`: the family of hypotheses (every
 * outcome × every treated arm against control), their statistics on any assignment, and the run of the
 * step-down over the design's assignments, every hypothesis on the same assignment.
 */
import { alternativeSchema, canonicalAlternative, type AlternativeInput } from "../internal/alternative.js";
import * as z from "zod/mini";
import { EnsayoError, showValue } from "../errors.js";
import { toTable, countMissing, nullRecord, type DataInput, type Table } from "../data/table.js";
import { labelColumn, numericColumn } from "../data/columns.js";
import type { DesignCondition } from "../design/protocol.js";
import type { AssignmentReceipt } from "../assign/receipt.js";
import { DEFAULT_MAX_EXACT, DEFAULT_SIMS, type PermutationSource, type SourceDesign } from "./permutation-source.js";
import { resolveAssignment, resolveOutcome } from "./ri-inputs.js";
import { RiTestSchema } from "./ri-schema.js";
import { buildStatistic, type BuiltStatistic, type RiStatisticKind, type RiStatisticOption } from "./ri-statistic.js";
import { dimStatistics } from "./dim-statistic.js";
import type { PermutationStatistics } from "./evaluate-permutations.js";
import { factorize } from "../internal/factor.js";
import { maxTStepDown, minPStepDown, orientStatistic, type StepDownPValues } from "./step-down.js";

/** Options shared by the family-wise procedures (the schema's shape; each function adds its own). */
export const familyOptionShape = {
  /** Numeric outcome columns (one hypothesis per outcome and treated arm). */
  outcomes: z.readonly(z.array(z.string().check(z.minLength(1))).check(z.minLength(1))),
  /** Treatment column: its values are the design's conditions. */
  treatment: z.string().check(z.minLength(1)),
  /** The declared design (`declareRa`), whose possible assignments make the null distribution. */
  design: RiTestSchema.shape.design,
  /** Or the assignment's receipt: the design is re-declared on `data` and checked, as in riTest. */
  receipt: RiTestSchema.shape.receipt,
  /** Or the assignments themselves, one array of conditions per assignment (ri2's permutation matrix, transposed). */
  permutations: RiTestSchema.shape.permutations,
  /** Control condition. Default: the design's first condition (the first in sorted order with `permutations`). */
  control: z.optional(z.union([z.string(), z.number()])),
  /**
   * `"t"` (default): difference in means over its unequal-variance SE, each outcome on the units where it is
   * present; `"difference"`: the difference in means; or any statistic riTest takes (`{ estimator:
   * "differenceInMeans", blocks, clusters }`, `{ estimator: "lmRobust", formula, value: "t" }`, …), applied to
   * each outcome (write the formula without its outcome, `"~ z + x"`; no missing outcome allowed, as in riTest).
   */
  statistic: z._default(z.union([z.enum(["t", "difference"]), RiTestSchema.shape.statistic]), "t"),
  /** Which tail is extreme: `"two-sided"` (default, |T|; R's `"two.sided"` accepted), `"greater"` (T) or `"less"` (−T). */
  alternative: alternativeSchema,
  /** Draws when the design has more than `maxExact` assignments. Default 10,000; at least 100. */
  sims: z._default(z.number().check(z.int(), z.minimum(100)), DEFAULT_SIMS),
  /** Enumerate every assignment when there are at most this many. Default 100,000. */
  maxExact: z._default(z.number().check(z.int(), z.minimum(0)), DEFAULT_MAX_EXACT),
  /** Seed of the draws. Default `"riTest"`, riTest's: with the same seed both see the same draws. */
  seed: z._default(z.union([z.number(), z.string()]), "riTest"),
  /** Level at which `rejected` is reported. Default 0.05. */
  alpha: z._default(z.number().check(z.gt(0), z.lt(1)), 0.05),
};

/** One hypothesis of the family: an outcome and a term (a treated arm against control, or riTest's term). */
export interface FamilyHypothesis {
  readonly outcome: string;
  readonly term: string;
}

/** Resolved inputs of a family-wise run. */
export interface FamilyRun {
  readonly hypotheses: readonly FamilyHypothesis[];
  readonly control: string;
  /** What the statistic is, as results report it. */
  readonly statisticKind: FamilyStatisticKind;
  /** The estimate (difference in means, coefficient) per hypothesis; null for t from riTest's builders, F and custom statistics. */
  readonly estimate: readonly (number | null)[];
  readonly statistic: Float64Array;
  readonly source: PermutationSource;
  readonly pValues: StepDownPValues;
  /** Rows left out of each outcome for a missing value. */
  readonly nMissing: Readonly<Record<string, number>>;
}

/** The statistic of a family-wise result: the built-in ones, or the kind riTest reports. */
export type FamilyStatisticKind = "t" | "difference" | RiStatisticKind;

type ParsedFamilyOptions = {
  outcomes: readonly string[]; treatment: string; design?: SourceDesign | undefined; receipt?: AssignmentReceipt | undefined;
  permutations?: readonly ArrayLike<DesignCondition>[] | undefined; control?: string | number | undefined;
  statistic?: "t" | "difference" | RiStatisticOption | undefined; alternative: AlternativeInput; sims: number; maxExact: number; seed: number | string;
};

/** Per assignment: the K statistics of the family into `out`. */
type FamilyEvaluator = (arm: Int32Array, out: Float64Array) => void;

/**
 * Compute the family's observed statistics, then run the step-down (`"maxT"` or `"minP"`) over the
 * design's assignments (or the given permutations), one statistic vector per assignment.
 */
export function runFamily(data: DataInput, opts: ParsedFamilyOptions, method: "maxT" | "minP", plusOne: boolean): FamilyRun {
  const table = toTable(data);
  const { conditions, observed: observedArm, source } = resolveAssignment(table, opts.treatment, {
    design: opts.design, receipt: opts.receipt, permutations: opts.permutations, maxExact: opts.maxExact, sims: opts.sims, seed: opts.seed,
  });
  const names = conditions.map(String);
  const control = opts.control === undefined ? names[0]! : String(opts.control);
  const c0 = names.indexOf(control);
  if (c0 < 0) {
    throw new EnsayoError("CONDITION_NOT_FOUND", `\`control\` must be a condition of the design; got ${showValue(opts.control)}`, {
      value: opts.control, hint: `The conditions are: ${names.join(", ")}`,
    });
  }
  const arms = names.map((_, j) => j).filter((j) => j !== c0);
  const option = opts.statistic ?? "t";
  const family = option === "t" || option === "difference"
    ? welchFamily(table, opts.outcomes, names, c0, arms, option, observedArm)
    : riFamily(table, opts.outcomes, opts.treatment, conditions, c0, option, observedArm);
  const { hypotheses, statistic, estimate, evaluate } = family;
  hypotheses.forEach((h, j) => {
    if (!Number.isFinite(statistic[j]!)) {
      throw new EnsayoError("NOT_ESTIMABLE", `the statistic of '${h.outcome}' (${h.term}) cannot be computed on the observed assignment`, {
        column: h.outcome, hint: "Each arm needs units with the outcome present (two for a t statistic) and some variation",
      });
    }
  });
  const oriented = statistic.map((t) => orientStatistic(t, canonicalAlternative(opts.alternative)));
  const acc = method === "maxT" ? maxTStepDown(oriented) : minPStepDown(oriented);
  const buf = new Float64Array(hypotheses.length);
  const sampled = source.method === "sampled";
  source.forEach((arm, weight) => {
    evaluate(arm, buf);
    for (let j = 0; j < buf.length; j++) buf[j] = orientStatistic(buf[j]!, canonicalAlternative(opts.alternative));
    acc.add(buf, sampled ? 1 : weight);
  });
  const pValues = acc.finish({ exhaustive: !sampled, plusOne: plusOne && sampled });
  const nMissing = nullRecord<number>(); // null prototype: an outcome may be called "__proto__"
  for (const o of opts.outcomes) nMissing[o] = countMissing(numericColumn(table, o));
  return { hypotheses, control, statisticKind: family.kind, estimate, statistic, source, pValues, nMissing };
}

interface Family {
  readonly kind: FamilyStatisticKind;
  readonly hypotheses: FamilyHypothesis[];
  readonly statistic: Float64Array;
  readonly estimate: (number | null)[];
  readonly evaluate: FamilyEvaluator;
}

/** The built-in statistics: unit-level difference in means, or its unequal-variance t. */
function welchFamily(
  table: Table, outcomes: readonly string[], names: readonly string[], c0: number, arms: readonly number[],
  kind: "t" | "difference", observedArm: Int32Array,
): Family {
  const ys = outcomes.map((o) => numericColumn(table, o));
  const stats = familyStatistics(ys, names.length, c0, arms, kind);
  const hypotheses = outcomes.flatMap((outcome) => arms.map((a) => ({ outcome, term: `${names[a]} - ${names[c0]}` })));
  const statistic = new Float64Array(hypotheses.length);
  const difference = new Float64Array(hypotheses.length);
  stats(observedArm, statistic, difference);
  return { kind, hypotheses, statistic, estimate: Array.from(difference), evaluate: (arm, out) => stats(arm, out, null) };
}

/**
 * riTest's statistic (difference in means with blocks/clusters/weights, lmRobust/lmLin coefficient or t,
 * Wald F, a function) built once per outcome; a statistic that throws on an assignment gives NaN there
 * (the assignment is then left out for every hypothesis).
 */
function riFamily(
  table: Table, outcomes: readonly string[], treatment: string, conditions: readonly DesignCondition[], c0: number,
  option: RiStatisticOption, observedArm: Int32Array,
): Family {
  const tau = new Float64Array(conditions.length);
  const built = outcomes.map((outcome) => {
    const y = resolveOutcome(table, outcome);
    const context = { table, outcome, treatment, y, conditions, control: c0, observed: observedArm, tauByArm: tau, y0: y, linearParts: false };
    const statistic = buildStatistic(option, context);
    // the estimate beside a t statistic comes from the same model's coefficient (observed assignment only)
    const twin = statistic.kind === "t" && typeof option === "object" && option.estimator !== "waldF" && option.estimator !== "differenceInMeans"
      ? buildStatistic({ ...option, value: "estimate" }, context) : null;
    return { outcome, y, statistic, twin, buffer: new Float64Array(Math.max(statistic.stats.k, twin ? twin.stats.k : 0)) };
  });
  const hypotheses = built.flatMap((b) => b.statistic.terms.map((term) => ({ outcome: b.outcome, term })));
  const statistic = new Float64Array(hypotheses.length);
  const estimate: (number | null)[] = [];
  let h = 0;
  for (const b of built) {
    const nT = b.statistic.terms.length;
    observeInto(b.statistic, b.buffer);
    statistic.set(b.buffer.subarray(0, nT), h);
    const linear = b.statistic.kind === "difference-in-means" || b.statistic.kind === "coefficient";
    if (b.twin) observeInto(b.twin, b.buffer);
    for (let t = 0; t < nT; t++) estimate.push(linear || b.twin ? b.buffer[t]! : null);
    h += nT;
  }
  const joint = jointDifferenceInMeans(table, option, built.map((b) => b.y), conditions.length, c0);
  if (joint) return { kind: built[0]!.statistic.kind, hypotheses, statistic, estimate, evaluate: (arm, out) => joint.evaluate(arm, out) };
  return {
    kind: built[0]!.statistic.kind,
    hypotheses,
    statistic,
    estimate,
    evaluate(arm, out) {
      let j = 0;
      for (const b of built) {
        const nT = b.statistic.terms.length;
        try {
          b.statistic.stats.evaluate(arm, b.buffer);
          for (let t = 0; t < nT; t++) out[j + t] = b.buffer[t]!;
        } catch {
          for (let t = 0; t < nT; t++) out[j + t] = NaN;
        }
        j += nT;
      }
    },
  };
}

/**
 * For riTest's difference in means, one pass per assignment over every outcome at once (riTest's own
 * statistic also carries the arm indicators its confidence set needs, and one pass per outcome). The
 * options were checked when each outcome's statistic was built, so blocks and weights are read as is.
 */
function jointDifferenceInMeans(
  table: Table, option: RiStatisticOption, ys: readonly Float64Array[], k: number, control: number,
): PermutationStatistics | null {
  if (typeof option === "function" || (typeof option === "object" && option.estimator !== "differenceInMeans")) return null;
  const o: { blocks?: string | undefined; weights?: string | undefined } = typeof option === "string" ? {} : option;
  const blocks = o.blocks !== undefined ? factorize(labelColumn(table, o.blocks, "blocks")) : null;
  const weights = o.weights !== undefined ? numericColumn(table, o.weights, "weights") : null;
  const arms = Array.from({ length: k }, (_, j) => j).filter((j) => j !== control);
  return dimStatistics({ outcomes: ys, k, control, arms, block: blocks ? blocks.codes : null, nBlocks: blocks ? blocks.levels.length : 1, weights });
}

function observeInto(statistic: BuiltStatistic, buffer: Float64Array): void {
  try {
    statistic.observe(buffer);
  } catch (e) {
    throw new EnsayoError("NOT_ESTIMABLE", `the statistic cannot be computed on the observed assignment: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
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
  // totals over every unit with the outcome present; the control arm's sums are the totals minus the
  // other arms', so each assignment only visits the units outside control (half of them with two arms)
  const totalSum = new Float64Array(K);
  const totalSumSq = new Float64Array(K);
  const totalCount = new Float64Array(K);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < K; k++) {
      const v = centred[i * K + k]!;
      if (v !== v) continue;
      totalSum[k] += v;
      totalSumSq[k] += v * v;
      totalCount[k]++;
    }
  }
  const sum = new Float64Array(K * C);
  const sumSq = new Float64Array(K * C);
  const count = new Float64Array(K * C);
  return (arm, out, difference) => {
    sum.fill(0);
    sumSq.fill(0);
    count.fill(0);
    for (let i = 0; i < n; i++) {
      const a = arm[i]!;
      if (a === control) continue;
      const base = a * K;
      const row = i * K;
      for (let k = 0; k < K; k++) {
        const v = centred[row + k]!;
        if (v !== v) continue;
        sum[base + k] += v;
        sumSq[base + k] += v * v;
        count[base + k]++;
      }
    }
    for (let k = 0; k < K; k++) {
      let s1 = totalSum[k]!;
      let s2 = totalSumSq[k]!;
      let c = totalCount[k]!;
      for (const a of arms) {
        s1 -= sum[a * K + k]!;
        s2 -= sumSq[a * K + k]!;
        c -= count[a * K + k]!;
      }
      sum[control * K + k] = s1;
      sumSq[control * K + k] = s2;
      count[control * K + k] = c;
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

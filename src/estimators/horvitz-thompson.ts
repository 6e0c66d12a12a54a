/**
 * Horvitz–Thompson estimator of the average treatment effect, with the
 * conservative (Young's inequality) variance of estimatr's `horvitz_thompson`.
 */
import * as z from "zod/mini";
import { EnsayoError, showValue } from "../errors.js";
import { numericColumn } from "../data/columns.js";
import { toTable, buildTable, type DataInput, type Table } from "../data/table.js";
import { parseOptions } from "../internal/options.js";
import { rawDesign, type DesignType, type ProbabilityDesign } from "../design/protocol.js";
import { coefficientRow } from "./dim-inference.js";
import { conditionLabel, differenceTerm, prepareDesign, type DesignSample } from "./dim-prepare.js";
import { infiniteCounts, infiniteWarnings, withInfinite } from "./infinite-values.js";
import { htStratum, jointFixedCounts, type CompleteJoint } from "./ht-core.js";
import type { CoefficientRow, TwoArmEstimate } from "./types.js";
import { withDisplay } from "../report/result-proto.js";
import { named } from "../internal/boundary.js";

const FN = "horvitzThompson";

/** Assignment design types this estimator understands: the protocol's one list. */
export type HtDesignType = DesignType;

/**
 * An assignment design as Horvitz–Thompson needs it: the protocol's {@link ProbabilityDesign}
 * (`probabilities().matrix` holds one array per condition with every unit's exact probability of it,
 * in data order). Re-randomized designs are refused; `balanceAcrossBlocks` gives a warning.
 */
export type HtDesignLike = ProbabilityDesign;

const conditionSchema = z.union([z.string(), z.number(), z.boolean()]);
/** Probabilities by row; NaN marks a missing value (the row is dropped, as other missing values). */
const probArray = z.array(z.union([z.number(), z.nan()]));
const probsSchema = z.union([z.string().check(z.minLength(1)), z.number(), probArray]);

const HorvitzThompsonSchema = z
  .strictObject({
    /** Outcome column (numeric). */
    outcome: z.string().check(z.minLength(1)),
    /** Treatment column; each distinct value is a condition. */
    treatment: z.string().check(z.minLength(1)),
    /** Block column: complete assignment within blocks. */
    blocks: z.optional(z.string().check(z.minLength(1))),
    /** Cluster column: clusters assigned as wholes. */
    clusters: z.optional(z.string().check(z.minLength(1))),
    /** Each unit's probability of the condition it is in: a column name or one number per row. */
    conditionProbabilities: z.optional(z.union([z.string().check(z.minLength(1)), probArray])),
    /** Each unit's probability of `treated` (estimatr's `condition_prs`): a column, one number per row, or one number for all. */
    treatedProbabilities: z.optional(probsSchema),
    /** An assignment design (`declareRa`); then `blocks` and `clusters` come from it. */
    design: z.optional(
      z.custom<HtDesignLike>(
        (v) => typeof v === "object" && v !== null && (v as { kind?: unknown }).kind === "declareRa" && typeof (v as { probabilities?: unknown }).probabilities === "function",
        { message: "must be an assignment design (from declareRa)" },
      ),
    ),
    /** Simple (Bernoulli) rather than complete assignment. Default true without blocks (estimatr's `simple`); ignored with blocks. */
    simpleDesign: z.optional(z.boolean()),
    /** Control condition. Default: the first of two conditions in sorted order. */
    control: z.optional(conditionSchema),
    /** Treatment condition. Default: the second of two conditions. */
    treated: z.optional(conditionSchema),
    /** Size of the tests; the confidence level is 1 − alpha. Default 0.05. */
    alpha: z._default(z.number().check(z.gt(0), z.lt(1)), 0.05),
    /** Rows with a missing value in a used column: `"omit"` (default) or `"error"`. */
    na: z._default(z.enum(["omit", "error"]), "omit"),
  });

/** Options of {@link horvitzThompson}. */
export type HorvitzThompsonOptions = z.input<typeof HorvitzThompsonSchema>;

/** Result of {@link horvitzThompson}. */
export interface HorvitzThompsonResult extends TwoArmEstimate {
  readonly kind: "horvitzThompson";
  /** The assignment the variance assumed. */
  readonly assignment: HtDesignType;
  /** One row; `df` is Infinity (normal reference, as estimatr). */
  readonly coefficients: readonly CoefficientRow[];
  /** Units in the two compared conditions (all conditions for a multi-arm simple design). */
  readonly nObs: number;
  readonly seType: "youngs";
}

/**
 * Estimate an average treatment effect by inverse-probability (Horvitz–Thompson)
 * weighting, with the conservative variance estimator of Aronow & Middleton (2013)
 * as estimatr's `horvitz_thompson(se_type = "youngs")`.
 *
 * τ̂ = [Σ_{i∈T} y_i/π_i − Σ_{i∈C} y_i/(1 − π_i)] / N, with cluster totals for clustered
 * designs; blocks combine with weights N_b/N. Inference is normal (`df` = Infinity).
 *
 * The design is read from, in order: `design` (an assignment design of ensayo); or
 * `conditionProbabilities` (each unit's probability of the condition it is in) /
 * `treatedProbabilities` (each unit's probability of treated, estimatr's
 * `condition_prs`) together with `blocks`, `clusters` and `simpleDesign` (default:
 * simple assignment without blocks; blocked designs are complete within blocks).
 * Without probabilities they are learned as estimatr does (the share in treated,
 * per block when blocked), with a warning.
 *
 * Multi-arm data: the two named conditions are compared; the probabilities of both
 * conditions come from `design` or `conditionProbabilities`, and N counts every unit
 * (the Horvitz–Thompson total estimates the mean over all units). With more than two arms
 * the design must be simple, or complete or blocked with whole counts per arm (per block) given as `design`
 * (joint probabilities m_a(m_a − 1)/(N(N − 1)) and m_2 m_1/(N(N − 1))); estimatr 1.0.0 has no
 * multi-arm designs.
 *
 * @throws EnsayoError `INVALID_OPTION`, `MISSING_COLUMN`, `NOT_NUMERIC`, `MISSING_VALUE`,
 *   `CONDITION_NOT_FOUND`, `TREATMENT_VARIES_IN_CLUSTER`, `NONNESTED_CLUSTERS`,
 *   `LENGTH_MISMATCH`, `NOT_ESTIMABLE`.
 * @example
 * ```ts
 * const data = { y: [3, 5, 2, 8, 7, 9, 4, 6], z: [0, 1, 0, 1, 1, 1, 0, 0] }; // 4 of 8 treated
 * const r = horvitzThompson(data, { outcome: "y", treatment: "z", treatedProbabilities: 0.5 });
 * const row = r.coefficients[0]!; // { term: "z", estimate: 3.5, stdError: 4.213, df: null (normal), … }
 * [row.estimate, row.stdError, row.pValue]; // [3.5, 4.213, 0.406]
 * ```
 */
export function horvitzThompson(data: DataInput, options: HorvitzThompsonOptions): HorvitzThompsonResult {
  return named("horvitzThompson", () => horvitzThompsonCore(data, options));
}

/** {@link horvitzThompson} without the function name on its errors. */
function horvitzThompsonCore(data: DataInput, options: HorvitzThompsonOptions): HorvitzThompsonResult {
  const opts = parseOptions(HorvitzThompsonSchema, options, FN);
  let table = toTable(data);
  const warnings: string[] = [];
  const nGiven = [opts.design, opts.conditionProbabilities, opts.treatedProbabilities].filter((v) => v !== undefined).length;
  if (nGiven > 1) {
    throw new EnsayoError("INVALID_OPTION", `give only one of \`design\`, \`conditionProbabilities\` and \`treatedProbabilities\``, {
      hint: "They are three ways to state the same assignment probabilities",
    });
  }
  if (opts.design && (opts.blocks !== undefined || opts.clusters !== undefined)) {
    throw new EnsayoError("INVALID_OPTION", `\`blocks\` and \`clusters\` come from \`design\`; do not give them as well`, {
      hint: "Drop `blocks` and `clusters`, or drop `design`",
    });
  }

  // Put every probability, block and cluster source into the table as columns, so that
  // listwise deletion treats them like the other columns.
  const extra: Record<string, Float64Array | (string | null)[]> = Object.create(null) as Record<string, Float64Array | (string | null)[]>;
  const P2 = "\u0000p2";
  const POWN = "\u0000pown";
  const BL = "\u0000blocks";
  const CL = "\u0000clusters";
  let assignment: HtDesignType;
  let blocksCol = opts.blocks;
  let clustersCol = opts.clusters;
  let probKind: "p2" | "own" | "both" | "learn";
  if (opts.design) {
    const d = rawDesign(opts.design);
    const pr = d.probabilities();
    const conds = pr.conditions.map((c) => conditionLabel(c));
    const k = conds.length;
    const cols = conds.map(() => new Float64Array(table.nRows));
    if (d.restricted) {
      throw new EnsayoError("NOT_ESTIMABLE", `\`design\` is re-randomized; its joint assignment probabilities are not those of a complete design, so the Horvitz–Thompson variance here would be wrong`, {
        hint: "Use randomization inference with the design's permutations instead",
      });
    }
    if (pr.matrix.length !== k) {
      throw new EnsayoError("INVALID_OPTION", `\`design.probabilities()\` gives ${pr.matrix.length} probability columns for ${k} conditions`, {});
    }
    const nUnits = pr.matrix[0]?.length ?? 0;
    if (nUnits !== table.nRows) {
      throw new EnsayoError("LENGTH_MISMATCH", `\`design\` has ${nUnits} units but the data have ${table.nRows} rows`, {
        hint: "Pass the data the design was declared for, in the same order",
      });
    }
    for (let i = 0; i < nUnits; i++) {
      for (let c = 0; c < k; c++) cols[c]![i] = pr.matrix[c]![i]!;
    }
    // Probabilities of control/treated are picked after the conditions are known.
    conds.forEach((c, idx) => (extra[`\u0000prob:${c}`] = cols[idx]!));
    if (d.blocks) {
      extra[BL] = d.blocks.map((v) => (v === null || v === undefined ? null : String(v)));
      blocksCol = BL;
    }
    if (d.clusters) {
      extra[CL] = d.clusters.map((v) => (v === null || v === undefined ? null : String(v)));
      clustersCol = CL;
    }
    assignment = d.type;
    probKind = "both";
    if (d.balanceAcrossBlocks) {
      warnings.push(
        "The design allocates block remainders jointly (balanceAcrossBlocks), so blocks are not independent; the variance treats them as independent",
      );
    }
  } else {
    const blocked = opts.blocks !== undefined;
    const clustered = opts.clusters !== undefined;
    const simple = blocked ? false : (opts.simpleDesign ?? true);
    assignment = blocked ? (clustered ? "blocked_and_clustered" : "blocked") : clustered ? "clustered" : simple ? "simple" : "complete";
    if (opts.treatedProbabilities !== undefined) {
      extra[P2] = probabilityColumn(table, opts.treatedProbabilities, "treatedProbabilities");
      probKind = "p2";
    } else if (opts.conditionProbabilities !== undefined) {
      extra[POWN] = probabilityColumn(table, opts.conditionProbabilities, "conditionProbabilities");
      probKind = "own";
    } else probKind = "learn";
  }
  // estimatr's `simple` defaults to TRUE for clusters given by column; `declareRa` designs are complete unless `simple`.
  const simpleClusters = opts.design ? (opts.design.simple ?? opts.simpleDesign ?? false) : (opts.simpleDesign ?? true);
  // ±Infinity in a probability column given by name (it reaches prepareDesign as a copy, under an internal name)
  const probabilityInfinite = infiniteCounts(table, [opts.treatedProbabilities, opts.conditionProbabilities].map((v) => (typeof v === "string" ? v : undefined)));
  if (Object.keys(extra).length > 0) table = withColumns(table, extra);

  const extraNumeric = Object.keys(extra).filter((k) => k !== BL && k !== CL);
  const displayNames: Record<string, string> = { [P2]: "treatedProbabilities", [POWN]: "conditionProbabilities", [BL]: "design blocks", [CL]: "design clusters" };
  for (const k of Object.keys(extra)) if (k.startsWith("\u0000prob:")) displayNames[k] = `design probabilities of '${k.slice(6)}'`;
  const s = prepareDesign(
    table,
    { outcome: opts.outcome, treatment: opts.treatment, blocks: blocksCol, clusters: clustersCol, extraNumeric, displayNames },
    { na: opts.na, control: opts.control, treated: opts.treated, allowOneArm: true, countAllBlocks: true },
  );
  const dropped = withInfinite(s.dropped, probabilityInfinite);
  warnings.push(...infiniteWarnings(dropped));
  const multiArm = s.conditions.length > 2;
  const completeMultiArm = multiArm && (assignment === "complete" || assignment === "blocked") && opts.design !== undefined;
  if (multiArm && assignment !== "simple" && !completeMultiArm) {
    throw new EnsayoError(
      "NOT_ESTIMABLE",
      `with ${s.conditions.length} conditions only simple designs, and complete or blocked designs given as \`design\`, are supported; this design is ${assignment}`,
      { hint: "Give the assignment design with `design`, or use differenceInMeans" },
    );
  }
  if (multiArm && probKind === "p2") {
    throw new EnsayoError(
      "INVALID_OPTION",
      `\`treatedProbabilities\` cannot describe a design with ${s.conditions.length} conditions; give \`conditionProbabilities\` (each unit's probability of its own condition) or \`design\``,
      {},
    );
  }

  // Probabilities of treated and control for every kept row.
  const n = s.y.length;
  const p2 = new Float64Array(n);
  const p1 = new Float64Array(n);
  if (probKind === "both") {
    const c2 = s.extra[`\u0000prob:${s.treated}`];
    const c1 = s.extra[`\u0000prob:${s.control}`];
    const designConds = opts.design!.conditions.map((c) => conditionLabel(c));
    for (const c of [s.control, s.treated]) {
      if (!c.includes("\u0000") && !designConds.includes(c)) {
        throw new EnsayoError(
          "CONDITION_NOT_FOUND",
          `condition '${c}' of the treatment column '${opts.treatment}' is not a condition of \`design\` (${designConds.map((x) => `'${x}'`).join(", ")})`,
          { column: opts.treatment, value: c, hint: "Use the treatment column the design produced" },
        );
      }
    }
    for (let i = 0; i < n; i++) {
      p2[i] = c2 ? c2[i]! : 0;
      p1[i] = c1 ? c1[i]! : 1 - p2[i]!;
    }
  } else if (probKind === "p2") {
    const c = s.extra[P2]!;
    for (let i = 0; i < n; i++) {
      p2[i] = c[i]!;
      p1[i] = 1 - c[i]!;
    }
  } else if (probKind === "own") {
    const c = s.extra[POWN]!;
    for (let i = 0; i < n; i++) {
      if (multiArm) {
        // Only the own condition's probability is known; the other is never used.
        p2[i] = s.arm[i] ? c[i]! : NaN;
        p1[i] = s.arm[i] ? NaN : c[i]!;
      } else {
        p2[i] = s.arm[i] ? c[i]! : 1 - c[i]!;
        p1[i] = 1 - p2[i]!;
      }
    }
  }
  if (s.cluster) checkClusters(s, p2, probKind !== "learn", opts.clusters ?? "design clusters");

  const nObs = multiArm ? s.nComplete : n;
  const term = differenceTerm(opts.treatment, s.control, s.treated);
  const absent1 = s.control.includes("\u0000");
  if (absent1 || s.treated.includes("\u0000")) {
    // estimatr allows a single arm; say plainly that no difference was estimated.
    const only = absent1 ? s.treated : s.control;
    warnings.push(
      `The treatment '${opts.treatment}' takes a single value ('${only}') in the estimation sample, so the estimate is that arm's ` +
        `Horvitz–Thompson mean alone (Σ y/π divided by n)${absent1 ? "" : " with its sign reversed (it is the control arm)"}, not a difference between two arms`,
    );
  }
  const complete = assignment === "complete" || assignment === "blocked" || assignment === "blocked_and_clustered" ||
    (assignment === "clustered" && !simpleClusters);

  const K = s.block ? s.blockLevels.length : 1;
  let estimate = 0;
  let variance = 0;
  let issue: string | undefined;
  if (probKind === "learn") {
    const note = learnProbabilities(s, p2, p1, K);
    warnings.push(note);
  }
  // Multi-arm designs divide by every unit (all conditions) of the sample or block.
  const designBlockSizes = completeMultiArm && s.block ? designUnitsPerBlock(opts.design!, s.blockLevels) : null;
  const total = multiArm ? s.nComplete : n;
  for (let k = 0; k < K; k++) {
    const nAll = !multiArm ? -1 : s.block ? s.blockCountsAll![k]! : s.nComplete;
    const stratum = buildStratum(s, k, p2, p1, nAll);
    if (complete) checkConstant(stratum.p2, s.block ? s.blockLevels[k]! : null);
    const joint = completeMultiArm
      ? multiArmJoint(designBlockSizes ? designBlockSizes[k]! : (rawDesign(opts.design!).probabilities().matrix[0]?.length ?? 0), stratum.p2, stratum.p1, s.block ? s.blockLevels[k]! : null)
      : null;
    const r = htStratum(stratum, joint ?? complete);
    const share = stratum.nUnits / total;
    estimate += K === 1 ? r.estimate : r.estimate * share;
    variance += K === 1 ? r.stdError * r.stdError : r.stdError * r.stdError * share * share;
    if (r.varianceIssue) issue = r.varianceIssue;
  }
  if (issue) warnings.push(`The standard error is NaN: ${issue}`);
  const stdError = Math.sqrt(variance);
  const row = coefficientRow(term, estimate, stdError, Infinity, opts.alpha, opts.outcome, warnings);
  return withDisplay({
    kind: "horvitzThompson",
    outcome: opts.outcome,
    assignment,
    coefficients: [row],
    nObs,
    ...(s.block ? { nBlocks: K } : {}),
    ...(s.cluster ? { nClusters: s.clusterLevels.length } : {}),
    control: s.control.includes("\u0000") ? "" : s.control,
    treated: s.treated.includes("\u0000") ? "" : s.treated,
    alpha: opts.alpha,
    seType: "youngs",
    nDropped: dropped.total,
    dropped,
    warnings,
  });
}

/**
 * Joint probabilities of a multi-arm complete design (or block) of N_d design units with fixed
 * counts m_a = π_a N_d (whole numbers; a design whose counts are random is refused).
 */
function multiArmJoint(Nd: number, p2: Float64Array, p1: Float64Array, block: string | null): CompleteJoint {
  const pi2 = p2[0]!;
  const pi1 = p1[0]!;
  for (let i = 1; i < p2.length; i++) {
    if (Math.abs(p2[i]! - pi2) > 1e-12 || Math.abs(p1[i]! - pi1) > 1e-12) {
      throw new EnsayoError("NOT_ESTIMABLE", `the complete design's probabilities vary across units${block === null ? "" : ` of block '${block}'`}`, {});
    }
  }
  const m2 = pi2 * Nd;
  const m1 = pi1 * Nd;
  if (Math.abs(m2 - Math.round(m2)) > 1e-8 || Math.abs(m1 - Math.round(m1)) > 1e-8) {
    throw new EnsayoError(
      "NOT_ESTIMABLE",
      `the multi-arm complete design${block === null ? "" : ` (block '${block}')`} puts ${m2.toFixed(3)} and ${m1.toFixed(3)} units in the compared arms in expectation (not whole numbers), so its joint probabilities are not fixed-count ones`,
      { hint: "Declare the design with whole counts per arm (mEach, blockMEach)" },
    );
  }
  return jointFixedCounts(Nd, Math.round(m2), Math.round(m1));
}

/** Units of the design in each block (all rows of the design, also those dropped from the data). */
function designUnitsPerBlock(design: HtDesignLike, levels: readonly string[]): Float64Array {
  const index = new Map<string, number>();
  levels.forEach((l, k) => index.set(l, k));
  const out = new Float64Array(levels.length);
  for (const b of design.blocks ?? []) {
    if (b === null || b === undefined) continue;
    const k = index.get(String(b));
    if (k !== undefined) out[k]++;
  }
  return out;
}

/** The randomization units of block k (or of everything when unblocked). */
function buildStratum(s: DesignSample, k: number, p2: Float64Array, p1: Float64Array, nAll: number) {
  const n = s.y.length;
  const inBlock = (i: number) => !s.block || s.block[i] === k;
  let nUnits = 0;
  if (!s.cluster) {
    let m = 0;
    for (let i = 0; i < n; i++) if (inBlock(i)) m++;
    const total = new Float64Array(m);
    const arm = new Uint8Array(m);
    const q2 = new Float64Array(m);
    const q1 = new Float64Array(m);
    let j = 0;
    for (let i = 0; i < n; i++) {
      if (!inBlock(i)) continue;
      total[j] = s.y[i]!;
      arm[j] = s.arm[i]!;
      q2[j] = p2[i]!;
      q1[j] = p1[i]!;
      j++;
    }
    nUnits = m;
    return { total, arm, p2: q2, p1: q1, nUnits: nAll > 0 ? nAll : nUnits, mUnits: m };
  }
  const C = s.clusterLevels.length;
  const idx = new Int32Array(C).fill(-1);
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (!inBlock(i)) continue;
    nUnits++;
    if (idx[s.cluster[i]!] === -1) idx[s.cluster[i]!] = m++;
  }
  const total = new Float64Array(m);
  const arm = new Uint8Array(m);
  const q2 = new Float64Array(m);
  const q1 = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    if (!inBlock(i)) continue;
    const r = idx[s.cluster[i]!]!;
    total[r] += s.y[i]!;
    arm[r] = s.arm[i]!;
    q2[r] = p2[i]!;
    q1[r] = p1[i]!;
  }
  return { total, arm, p2: q2, p1: q1, nUnits: nAll > 0 ? nAll : nUnits, mUnits: m };
}

/** estimatr's learned probabilities: share of units (or clusters) in treated, per block when blocked. */
function learnProbabilities(s: DesignSample, p2: Float64Array, p1: Float64Array, K: number): string {
  const n = s.y.length;
  const treated = new Float64Array(K);
  const count = new Float64Array(K);
  if (s.cluster) {
    const seen = new Uint8Array(s.clusterLevels.length);
    for (let i = 0; i < n; i++) {
      const g = s.cluster[i]!;
      if (seen[g]) continue;
      seen[g] = 1;
      const k = s.block ? s.block[i]! : 0;
      count[k]++;
      treated[k] += s.arm[i]!;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const k = s.block ? s.block[i]! : 0;
      count[k]++;
      treated[k] += s.arm[i]!;
    }
  }
  // Unblocked, unclustered: estimatr uses the share over every row (all conditions).
  if (!s.block && !s.cluster) {
    count[0] = s.nComplete;
  }
  for (let i = 0; i < n; i++) {
    const k = s.block ? s.block[i]! : 0;
    p2[i] = treated[k]! / count[k]!;
    p1[i] = 1 - p2[i]!;
  }
  return s.block
    ? "Probabilities were not given: the probability of the treated condition was taken as the share of units (or clusters) in it in each block"
    : `Probabilities were not given: the probability of the treated condition was taken as ${(treated[0]! / count[0]!).toPrecision(4)}, the share ${s.cluster ? "of clusters" : "of units"} in the treated condition`;
}

function checkConstant(p: Float64Array, block: string | null): void {
  for (let r = 1; r < p.length; r++) {
    if (Math.abs(p[r]! - p[0]!) > 1e-12) {
      throw new EnsayoError(
        "INVALID_OPTION",
        `under complete random assignment the probability of treatment must be the same for every unit${block === null ? "" : ` of block '${block}'`}; found ${p[0]} and ${p[r]}`,
        { hint: "For unit-varying probabilities use `simpleDesign: true`, or give the design with `design`" },
      );
    }
  }
}

function checkClusters(s: DesignSample, p2: Float64Array, given: boolean, name: string): void {
  const C = s.clusterLevels.length;
  const arm = new Int8Array(C).fill(-1);
  const blk = new Int32Array(C).fill(-1);
  const pr = new Float64Array(C).fill(NaN);
  for (let i = 0; i < s.y.length; i++) {
    const g = s.cluster![i]!;
    if (arm[g] === -1) {
      arm[g] = s.arm[i]!;
      pr[g] = p2[i]!;
      if (s.block) blk[g] = s.block[i]!;
      continue;
    }
    if (arm[g] !== s.arm[i]) {
      throw new EnsayoError(
        "TREATMENT_VARIES_IN_CLUSTER",
        `cluster '${s.clusterLevels[g]}' holds units in both '${s.control}' and '${s.treated}'; all units of a cluster must share the condition`,
        { column: name, value: s.clusterLevels[g] },
      );
    }
    if (s.block && blk[g] !== s.block[i]) {
      throw new EnsayoError(
        "NONNESTED_CLUSTERS",
        `cluster '${s.clusterLevels[g]}' spans blocks '${s.blockLevels[blk[g]!]}' and '${s.blockLevels[s.block[i]!]}'; all \`clusters\` must be contained within \`blocks\``,
        { column: name, value: s.clusterLevels[g] },
      );
    }
    if (given && Math.abs(pr[g]! - p2[i]!) > 1e-12) {
      throw new EnsayoError("INVALID_OPTION", `the probabilities must be constant within each cluster; cluster '${s.clusterLevels[g]}' has ${pr[g]} and ${p2[i]}`, {
        column: name,
        value: s.clusterLevels[g],
      });
    }
  }
}

function probabilityColumn(table: Table, v: string | number | readonly number[], option: string): Float64Array {
  let col: Float64Array;
  if (typeof v === "string") col = numericColumn(table, v, option);
  else if (typeof v === "number") col = new Float64Array(table.nRows).fill(v);
  else {
    if (v.length !== table.nRows) {
      throw new EnsayoError("LENGTH_MISMATCH", `\`${option}\` has ${v.length} values but the data have ${table.nRows} rows`, {
        hint: "Give one probability per row",
      });
    }
    col = Float64Array.from(v);
  }
  for (let i = 0; i < col.length; i++) {
    const p = col[i]!;
    if (!Number.isNaN(p) && !(p > 0 && p <= 1)) {
      throw new EnsayoError("INVALID_OPTION", `\`${option}\` must be probabilities in (0, 1]; row ${i + 1} holds ${showValue(p)}`, {
        line: i + 1,
        value: p,
        hint: "A unit with probability 0 of its condition could not have been observed in it",
      });
    }
  }
  return col;
}

function withColumns(table: Table, extra: Record<string, Float64Array | (string | null)[]>): Table {
  const cols: Record<string, Float64Array | (string | null)[]> = Object.create(null) as Record<string, Float64Array | (string | null)[]>;
  for (const name of table.names) cols[name] = table.columns[name]!;
  for (const [name, col] of Object.entries(extra)) {
    if (col.length !== table.nRows) {
      throw new EnsayoError("LENGTH_MISMATCH", `the design has ${col.length} units but the data have ${table.nRows} rows`, {});
    }
    cols[name] = col;
  }
  return buildTable(cols, { report: { nonFinite: table.report.nonFinite } }); // keep the ±Infinity counts of the caller's columns
}

/**
 * `declareRa`: declare a random assignment once, then draw it, read its exact
 * probabilities, count and list its permutations. The options, the result types and the entry
 * point; the draw is in engine.ts (remainders.ts) and restricted-draws.ts, the support in
 * support.ts and assignment-space.ts, the results in assignment-results.ts.
 */
import * as z from "zod/mini";
import { EnsayoError } from "../errors.js";
import { toTable, type DataInput } from "../data/table.js";
import { named, namedVisiting } from "../internal/boundary.js";
import { parseOptions } from "../internal/options.js";
import { rngFrom, type Seed } from "../internal/rng.js";
import { AMOUNT_KEYS, resolveAmounts, type AmountKey, type Condition, type PerBlock } from "./amounts.js";
import type { Plan } from "./engine.js";
import type { AssignmentReceipt, RaType } from "./receipt.js";
import { fixedCountSampler, type FixedCountSampler } from "./shuffler.js";
import type { BalanceCriterion } from "./rerandomize.js";
import { resolveUnits, type UnitField } from "./units.js";
import { AbortSignalSchema } from "../internal/abort.js";
import { withDisplay } from "../report/result-proto.js";
import { restrictedDraw, restrictionOf } from "./restricted-draws.js";
import { AssignmentSpace } from "./assignment-space.js";
import { assignmentResult, probabilityMatrix, receiptMaker, type DesignFacts } from "./assignment-results.js";

import { UNNAMED_DESIGN, type AssignmentVisitor, type Design } from "../design/protocol.js";
export type { AssignmentReceipt, RaType } from "./receipt.js";
export type { Condition, PerBlock } from "./amounts.js";
export type { UnitField, UnitLabels } from "./units.js";

/** Re-randomization (Morgan & Rubin 2012): redraw until the covariates are balanced. */
export interface RerandomizeOptions {
  /** Covariate column names of `data`, or `{ name: values }` with one value per unit. */
  readonly covariates: readonly string[] | Readonly<Record<string, ArrayLike<number>>>;
  /**
   * `"maxAbsStdDiff"`: the largest |x̄_arm − x̄_first| / s over covariates and arms (s = full-sample SD);
   * `"mahalanobis"`: the largest (x̄_arm − x̄_first)' S⁻¹ (x̄_arm − x̄_first) / (1/n_arm + 1/n_first).
   */
  readonly criterion: BalanceCriterion;
  /** Accept the first draw whose criterion is at most this value. */
  readonly threshold: number;
  /** Give up (INFEASIBLE_DESIGN) after this many draws. Default 10 000. */
  readonly maxDraws?: number;
}

/** Options shared by every design (everything except the amount). */
export interface RaBaseOptions {
  /** Number of units (when no arrays or data are given). */
  readonly n?: number;
  /** A table, rows or columns; then `id`, `blocks`, `clusters` may be column names. */
  readonly data?: DataInput;
  /** Unit ids (labels, or with `data` the id column's name): unique. With ids the assignment does not depend on row order. */
  readonly id?: UnitField;
  /** Block of every unit: complete assignment within each block. */
  readonly blocks?: UnitField;
  /** Cluster of every unit: clusters are assigned as wholes. */
  readonly clusters?: UnitField;
  /** Arm labels. Default `[0, 1]` for two arms, `"T1" … "Tk"` for k ≥ 3 (as randomizr). */
  readonly conditions?: readonly Condition[];
  /** Number of arms when `conditions` is not given. Default 2. */
  readonly numArms?: number;
  /** Independent draws per unit (or cluster) instead of exact counts. Default false. */
  readonly simple?: boolean;
  /** Allocate blocks' remainders jointly so every arm's total is within one of its expected count. Default false. */
  readonly balanceAcrossBlocks?: boolean;
  /** Re-randomize until the covariates are balanced. */
  readonly rerandomize?: RerandomizeOptions;
  /** Stops the design's draws (conduct, permutations, probabilities, simulate; re-randomization may take millions): they then throw `ABORTED`. */
  readonly signal?: AbortSignal;
}

/** The amount alternatives: give at most one. */
export interface RaAmounts {
  /** Two arms: exactly m treated (per block, with blocks; clusters count as one). */
  m: number;
  /** Two arms: probability of treatment; non-integer N·prob handled exactly. */
  prob: number;
  /** Exact count per arm (unblocked designs). */
  mEach: readonly number[];
  /** Probability per arm, summing to 1. */
  probEach: readonly number[];
  /** Two arms: treated count per block. */
  blockM: PerBlock<number>;
  /** Two arms: probability of treatment per block. */
  blockProb: PerBlock<number>;
  /** Count per arm, per block. */
  blockMEach: PerBlock<readonly number[]>;
  /** Probability per arm, per block. */
  blockProbEach: PerBlock<readonly number[]>;
}

/** At most one of the keys of `T` given, the others absent (the amount options of declareRa). */
export type OneOf<T> =
  | { [K in keyof T]: { readonly [P in K]: T[P] } & { readonly [P in Exclude<keyof T, K>]?: undefined } }[keyof T]
  | { readonly [P in keyof T]?: undefined };

/** Options of `declareRa`: units, conditions, at most one amount, and the design switches. */
export type RaOptions = RaBaseOptions & OneOf<RaAmounts>;

/** Exact (or, for re-randomized designs, stated) probability of every arm for every unit. */
export interface ConditionProbabilities {
  readonly kind: "conditionProbabilities";
  readonly conditions: readonly Condition[];
  /** One column per condition, each with one probability per unit (input order). */
  readonly matrix: readonly Float64Array[];
  /** `"exact"` (closed form or full enumeration) or `"simulated"` (re-randomized designs too large to enumerate). */
  readonly method: "exact" | "simulated";
  /** Number of simulated draws when `method` is `"simulated"`. */
  readonly draws: number | null;
  /** Largest Monte Carlo standard error of an entry, when simulated. */
  readonly maxStdError: number | null;
}

/** The result of one draw. */
export interface Assignment {
  readonly kind: "assignment";
  readonly type: RaType;
  readonly conditions: readonly Condition[];
  /** Index into `conditions`, per unit, in input order. */
  readonly arm: Int32Array;
  /** The condition label of every unit, in input order. */
  readonly condition: readonly Condition[];
  /** Unit ids as given, when given (the list is `ids`, like `conditions`; the option naming them is `id`). */
  readonly ids: readonly string[] | null;
  /** Units per arm, in the order of `conditions`. */
  readonly counts: readonly number[];
  /** For re-randomized designs: the accepted draw's criterion and how many draws it took. */
  readonly rerandomization: null | { readonly criterion: BalanceCriterion; readonly value: number; readonly draws: number; readonly threshold: number };
  /** The design's warnings (ids that only look alike). */
  readonly warnings: readonly string[];
  /** The audit receipt (computed on first access). */
  readonly receipt: AssignmentReceipt;
}

/** A set of assignments for randomization inference. */
export interface PermutationSet {
  readonly kind: "permutationSet";
  /** Unit-level arms (index into conditions), one Int32Array per assignment. */
  readonly arms: readonly Int32Array[];
  /** True when `arms` lists every possible assignment once. */
  readonly exhaustive: boolean;
  /** With `exhaustive`, each assignment's exact probability (they need not be equal); else null (draws are equally weighted). */
  readonly probabilities: Float64Array | null;
}

/**
 * A declared random assignment: the full design protocol (`Design`, whose members it inherits:
 * `n`, `restricted`, `simple`, `balanceAcrossBlocks`, `ids`, `blocks`, `clusters`, `conductArms`,
 * `simulate`, `numPermutations`, `permutations`, `forEachPermutation`, `simulatePermutations`) with
 * richer results where `declareRa` gives more. Unit ids are kept as given; blocks and clusters are in
 * Unicode NFC, how they are compared.
 */
export interface RaDesign extends Design {
  readonly type: RaType;
  readonly conditions: readonly Condition[];
  /** Ids that differ only by leading zeros, whitespace, letter case or invisible characters: kept as different units, listed here. */
  readonly warnings: readonly string[];
  /** Draw one assignment (with its labels, counts and receipt). */
  conduct(seed: Seed): Assignment;
  /** Each unit's probability of each arm (estimated from `draws` when not known exactly). */
  probabilities(options?: { draws?: number; seed?: Seed }): ConditionProbabilities;
  /** Like `permutations`, with each assignment's probability when the list is exhaustive. */
  permutationSet(k: number, seed: Seed): PermutationSet;
}

const Labels = z.custom<UnitField>((v) => typeof v === "string" || Array.isArray(v), {
  message: "must be an array with one entry per unit, or a column name of `data`",
});
const PerBlockNum = z.union([z.array(z.number()), z.record(z.string(), z.number())]);
const PerBlockVec = z.union([z.array(z.array(z.number())), z.record(z.string(), z.array(z.number()))]);

/** Schema of `declareRa` options (shape only; semantic checks follow with named messages). */
export const RaOptionsSchema = z.strictObject({
  n: z.optional(z.number()),
  data: z.optional(z.custom<DataInput>((v) => typeof v === "object" && v !== null, { message: "must be a Table, rows or columns" })),
  id: z.optional(Labels),
  blocks: z.optional(Labels),
  clusters: z.optional(Labels),
  conditions: z.optional(z.array(z.union([z.string(), z.number()]))),
  numArms: z.optional(z.number()),
  m: z.optional(z.number()),
  prob: z.optional(z.number()),
  mEach: z.optional(z.array(z.number())),
  probEach: z.optional(z.array(z.number())),
  blockM: z.optional(PerBlockNum),
  blockProb: z.optional(PerBlockNum),
  blockMEach: z.optional(PerBlockVec),
  blockProbEach: z.optional(PerBlockVec),
  simple: z.optional(z.boolean()),
  balanceAcrossBlocks: z.optional(z.boolean()),
  rerandomize: z.optional(
    z.strictObject({
      covariates: z.union([
        z.array(z.string()).check(z.minLength(1)),
        z.record(z.string(), z.custom<ArrayLike<number>>((v) => Array.isArray(v) || ArrayBuffer.isView(v), { message: "must be an array of numbers" })),
      ]),
      criterion: z.enum(["maxAbsStdDiff", "mahalanobis"]),
      threshold: z.number().check(z.positive()),
      maxDraws: z.optional(z.int().check(z.positive())),
    }),
  ),
  signal: z.optional(AbortSignalSchema),
});

/**
 * Declare a random assignment: simple, complete, blocked, clustered or blocked and clustered,
 * with two or more arms, exact unit probabilities and an audit receipt.
 *
 * Rounding rule (complete within each block): with N_b units and arm probabilities p_j, arm j
 * gets ⌊N_b p_j⌋ units plus one more with probability f_j = N_b p_j − ⌊N_b p_j⌋; the R = Σ f_j
 * extra units go to arms chosen by systematic sampling (points u, u+1, …, u+R−1, u ~ U[0,1), on the
 * cumulative f_j), so every unit's probability of arm j is exactly p_j. For two arms this is
 * randomizr's rule without its "floor when the ceiling is N" exception. See docs/assignment.md.
 *
 * @param options - units (`n`, `id`, `blocks`, `clusters`, or column names with `data`), `conditions`
 *   or `numArms`, at most one amount (`m`, `prob`, `mEach`, `probEach`, `blockM`, `blockProb`,
 *   `blockMEach`, `blockProbEach`), `simple`, `balanceAcrossBlocks`, `rerandomize`.
 * @throws EnsayoError `INVALID_OPTION` (bad or conflicting options), `INFEASIBLE_DESIGN` (e.g. a block
 *   smaller than its `m`), `NONNESTED_CLUSTERS`, `DUPLICATE_ID`, `MISSING_VALUE`, `LENGTH_MISMATCH`,
 *   `MISSING_COLUMN`.
 * @see randomizr's `declare_ra` (Coppock); Gandhi et al. (2006) dependent rounding; Morgan & Rubin (2012).
 * @example
 * ```ts
 * const design = declareRa({ blocks: ["A", "A", "A", "B", "B"], conditions: ["control", "taller"] });
 * design.type;                    // "blocked"
 * design.probabilities().matrix;  // [Float64Array [.5,.5,.5,.5,.5], Float64Array [.5,.5,.5,.5,.5]]
 * design.conduct(2026).condition; // the same five labels on every machine
 * ```
 */
export function declareRa(options: RaOptions): RaDesign {
  return named("declareRa", () => declareRaCore(parseOptions(RaOptionsSchema, options, "declareRa"), options).design);
}

/**
 * Per-block amounts given as records keyed by block label, taken from the caller's own objects:
 * zod's record output leaves out a key named "__proto__", and a block may be called that.
 * (The values are checked where they are used, as those of arrays are.)
 */
function keepRecordKeys(o: RaOptions, given: RaOptions): RaOptions {
  const out: Record<string, unknown> = { ...o };
  for (const key of ["blockM", "blockProb", "blockMEach", "blockProbEach"] as const) {
    const v = (given as Record<string, unknown> | undefined)?.[key];
    if (v !== null && typeof v === "object" && !Array.isArray(v)) out[key] = v;
  }
  return out as unknown as RaOptions;
}

/** A declared design, and its draw for the one-call functions (`completeRa`, …), whose errors they name. */
export interface DeclaredRa {
  /** The design `declareRa` returns: each method names itself in its errors (`conduct`, `simulate`, …). */
  readonly design: RaDesign;
  /** `design.conduct` without its name: `completeRa` and the others conduct inside their own boundary. */
  readonly conduct: (seed: Seed) => Assignment;
}

/**
 * {@link declareRa} for the library's own modules: `parsed` is `options` as `RaOptionsSchema` parsed
 * them at the public boundary (`parseOptions(RaOptionsSchema, options, fn)`), `options` what the
 * caller passed (records keyed by block labels are read from it). Its errors carry no function name.
 *
 * @example
 * ```ts
 * import { parseOptions } from "../internal/options.js";
 * const options = { n: 4, m: 2 };
 * declareRaCore(parseOptions(RaOptionsSchema, options, "completeRa"), options).conduct(1).counts; // { "0": 2, "1": 2 }
 * ```
 */
export function declareRaCore(parsed: z.output<typeof RaOptionsSchema>, options: RaOptions): DeclaredRa {
  const o = keepRecordKeys(parsed as RaOptions, options);
  const units = resolveUnits(o);
  const amounts = resolveAmounts(o, units);
  const simple = o.simple === true;
  const balance = o.balanceAcrossBlocks === true;
  if (balance && (!units.blocks || simple)) {
    throw new EnsayoError("INVALID_OPTION", `\`balanceAcrossBlocks\` needs \`blocks\` and a complete (not \`simple\`) assignment`, {
      value: true, hint: "Give `blocks`, or drop `balanceAcrossBlocks`",
    });
  }
  const type: RaType = units.blocks && units.clusters ? "blocked_and_clustered" : units.clusters ? "clustered"
    : units.blocks ? "blocked" : simple ? "simple" : "complete";
  const plan: Plan = { units, amounts, simple, balance };
  const { conditions } = amounts;
  const n = units.n;
  const restriction = o.rerandomize
    ? restrictionOf(o.rerandomize, (options as { rerandomize?: { covariates?: unknown } }).rerandomize?.covariates, amounts.k, n, o.data !== undefined ? toTable(o.data) : null)
    : null;
  const amountsGiven: Partial<Record<AmountKey, unknown>> = {};
  for (const key of AMOUNT_KEYS) if (o[key] !== undefined) amountsGiven[key] = JSON.parse(JSON.stringify(o[key]));
  const facts: DesignFacts = { type, units, amounts, simple, balance, restriction, amountsGiven };

  const draw = restrictedDraw(plan, restriction, o.signal);
  const makeReceipt = receiptMaker(facts);
  const space = new AssignmentSpace(plan, restriction);
  let fastSampler: FixedCountSampler | false | undefined;
  const conduct = (seed: Seed): Assignment => {
    const arm = new Int32Array(n);
    const drawn = draw(rngFrom(seed), arm);
    return withDisplay(assignmentResult(facts, arm, drawn, seed, makeReceipt) as unknown as Assignment);
  };
  const simulate = (kDraws: number, seed: Seed, visit: (arm: Int32Array, draw: number) => void): void => {
    if (!Number.isInteger(kDraws) || kDraws < 0) {
      throw new EnsayoError("INVALID_OPTION", `\`k\` must be a whole number of at least 0; got ${kDraws}`, { value: kDraws });
    }
    const rng = rngFrom(seed);
    const arm = new Int32Array(n);
    for (let d = 0; d < kDraws; d++) {
      draw(rng, arm);
      visit(arm, d);
    }
  };

  // The methods without a name: the library's own consumers (riTest, balanceTable, diagnoseDesign, …) call
  // these through `rawDesign`, so an error is named by the public function the user called.
  const conductArms = (seed: Seed, out?: Int32Array): Int32Array => {
    const arm = out && out.length === n ? out : new Int32Array(n);
    draw(rngFrom(seed), arm);
    return arm;
  };
  const probabilities = (popts?: { draws?: number; seed?: Seed }): ConditionProbabilities => probabilityMatrix(facts, space, draw, popts);
  const numPermutations = (): number => space.count();
  const permutations = (kMax: number, seed: Seed): Int32Array[] => space.list(kMax, seed, draw).arms;
  const permutationSet = (kMax: number, seed: Seed): PermutationSet => ({ kind: "permutationSet", ...space.list(kMax, seed, draw) });
  const simulatePermutations = (kDraws: number, seed: Seed, visit: (arm: Int32Array, draw: number) => void): void => {
    const fast = restriction ? null : (fastSampler ??= fixedCountSampler(plan, n) ?? false);
    if (fast) fast(kDraws, seed, visit);
    else simulate(kDraws, seed, visit);
  };
  const forEachPermutation = (visit: AssignmentVisitor): number => space.forEach(visit);

  const fields = {
    kind: "declareRa" as const,
    type,
    n,
    conditions,
    restricted: restriction !== null,
    simple,
    balanceAcrossBlocks: balance,
    ids: units.idsAsGiven,
    blocks: units.blocks,
    clusters: units.clusters,
    warnings: units.warnings,
  };
  const design: RaDesign = {
    ...fields,
    // Each method is a public entry point of its own: it names its errors (as `conduct: …`), but not
    // those of the caller's `visit`, which the caller's own boundary names.
    conductArms: (seed, out) => named("conductArms", () => conductArms(seed, out)),
    simulate: (kDraws, seed, visit) => namedVisiting("simulate", visit, (v) => simulate(kDraws, seed, v)),
    conduct: (seed) => named("conduct", () => conduct(seed)),
    probabilities: (popts) => named("probabilities", () => probabilities(popts)),
    numPermutations: () => named("numPermutations", numPermutations),
    permutations: (kMax, seed) => named("permutations", () => permutations(kMax, seed)),
    permutationSet: (kMax, seed) => named("permutationSet", () => permutationSet(kMax, seed)),
    simulatePermutations: (kDraws, seed, visit) => namedVisiting("simulatePermutations", visit, (v) => simulatePermutations(kDraws, seed, v)),
    forEachPermutation: (visit) => namedVisiting("forEachPermutation", visit, (v) => forEachPermutation(v)),
  };
  const raw: RaDesign = {
    ...fields, conductArms, simulate, conduct, probabilities, numPermutations, permutations, permutationSet, simulatePermutations, forEachPermutation,
  };
  Object.defineProperty(design, UNNAMED_DESIGN, { value: raw, enumerable: false });
  // riTestParallel declares the same design again in its worker threads from these options (the caller's,
  // without the signal); not enumerable, so a design prints, compares and clones as before.
  const { signal: _signal, ...declaration } = options;
  Object.defineProperty(design, "declaration", { value: declaration, enumerable: false });
  return { design, conduct };
}

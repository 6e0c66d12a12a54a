/**
 * The options schema of riTest (zod/mini). Internal: the type `RiTestOptions` is exported with riTest.
 */
import * as z from "zod/mini";
import type { AssignmentReceipt } from "../assign/receipt.js";
import { isDesignLike, type DesignCondition } from "../design/protocol.js";
import type { SourceDesign } from "./permutation-source.js";
import type { RiStatisticFunction } from "./ri-statistic.js";
import { ESTIMATED_SE_TYPE_NAMES } from "../kernel/se-types.js";

const name = z.string().check(z.minLength(1));
const fnOf = <T>() => z.custom<T>((v) => typeof v === "function", { message: "must be a function" });
const seType = z.enum(ESTIMATED_SE_TYPE_NAMES);

const StatisticSchema = z.union([
  z.literal("differenceInMeans"),
  z.strictObject({ estimator: z.literal("differenceInMeans"), blocks: z.optional(name), clusters: z.optional(name), weights: z.optional(name) }),
  z.strictObject({ estimator: z.literal("lmRobust"), formula: name, value: z.optional(z.enum(["estimate", "t"])), seType: z.optional(seType), clusters: z.optional(name) }),
  z.strictObject({ estimator: z.literal("lmLin"), covariates: z.union([name, z.array(name).check(z.minLength(1))]), value: z.optional(z.enum(["estimate", "t"])), seType: z.optional(seType), clusters: z.optional(name) }),
  z.strictObject({ estimator: z.literal("waldF"), formula: name, seType: z.optional(seType), clusters: z.optional(name) }),
  fnOf<RiStatisticFunction>(),
]);

/** Schema of riTest's options. */
export const RiTestSchema = z.strictObject({
  /** Outcome column (numeric, no missing values). */
  outcome: name,
  /** Treatment column: each unit's condition, labels of the design's conditions. */
  treatment: name,
  /** The declared design the assignment came from (declareRa, or anything with the design protocol). */
  design: z.optional(z.custom<SourceDesign>((v) => isDesignLike(v), { message: "must be an assignment design (declareRa)" })),
  /** Or the assignment's receipt: the design is re-declared on `data` (its columns) and checked against it. */
  receipt: z.optional(z.custom<AssignmentReceipt>((v) => typeof v === "object" && v !== null && (v as { kind?: unknown }).kind === "assignment_receipt", { message: "must be an assignment receipt" })),
  /** Or the assignments themselves: one entry per assignment, one condition per unit (ri2's permutation_matrix, transposed). */
  permutations: z.optional(z.array(z.custom<ArrayLike<DesignCondition>>((v) => Array.isArray(v) || ArrayBuffer.isView(v), { message: "must be an array with one condition per unit" }))),
  /** Column of unit ids, checked against the design's ids (DESIGN_MISMATCH for unknown or reordered ids). */
  id: z.optional(name),
  /** The test statistic. Default `"differenceInMeans"`. */
  statistic: z.optional(StatisticSchema),
  /** The control condition. Default the design's first condition. */
  control: z.optional(z.union([z.string(), z.number()])),
  /** The sharp null: a constant effect, or one per arm (in the order of the conditions, control left out). Default 0. */
  sharpNull: z.optional(z.union([z.number().check(z.refine(Number.isFinite, "must be finite")), z.array(z.number().check(z.refine(Number.isFinite, "must be finite"))).check(z.minLength(1))])),
  /** "two-sided" (default; R's "two.sided" accepted), "greater" or "less". */
  alternative: z._default(z.enum(["two-sided", "greater", "less", "two.sided"]), "two-sided"),
  /** Draws when the design is not enumerated: at least 100. Default 10,000. */
  sims: z._default(z.number().check(z.int(), z.minimum(100, { message: "must be a whole number of at least 100 (fewer draws give p-values too coarse to use)" })), 10_000),
  /** Enumerate every assignment when there are at most this many. Default 100,000. */
  maxExact: z._default(z.number().check(z.int(), z.minimum(0)), 100_000),
  /** Seed of the draws. Default "riTest". */
  seed: z._default(z.union([z.string(), z.number().check(z.refine(Number.isFinite, "must be finite"))]), "riTest"),
  /** Phipson & Smyth's (b + 1)/(m + 1) for sampled p-values. Default false. */
  plusOne: z._default(z.boolean(), false),
  /** Level of the confidence set (1 − alpha). Default 0.05. */
  alpha: z._default(z.number().check(z.gt(0, { message: "must be in (0, 1)" }), z.lt(1, { message: "must be in (0, 1)" })), 0.05),
  /** Compute the confidence set (statistics linear in the outcome only). Default true. */
  confidence: z._default(z.boolean(), true),
  /** Called with (assignments done, total) every 1,000 assignments; a throw stops the test. */
  onProgress: z.optional(fnOf<(done: number, total: number) => void>()),
  /** Abort the test: it throws `ABORTED` (the signal's reason as its cause). */
  signal: z.optional(z.custom<AbortSignal>((v) => typeof v === "object" && v !== null && typeof (v as AbortSignal).aborted === "boolean", { message: "must be an AbortSignal" })),
});

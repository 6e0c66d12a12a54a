/**
 * The design protocol: what every consumer of an assignment design may rely on.
 *
 * A design is something with `conditions`, a `type`, per-unit `probabilities()`, its
 * `permutations` and `conduct(seed)`. `declareRa` returns one; Horvitz–Thompson, balance,
 * `diagnoseDesign` and randomization inference all accept (a part of) this one type. This module
 * imports nothing from the assignment module, so estimators and balance can use the protocol
 * without depending on how designs are drawn (layering: data → design → assign / estimators → …).
 */
import type { Seed } from "../internal/rng.js";

/** The design types, as randomizr names them: the one list every module reads. */
export const DESIGN_TYPES = ["simple", "complete", "blocked", "clustered", "blocked_and_clustered"] as const;

/** A design type (randomizr's names). */
export type DesignType = (typeof DESIGN_TYPES)[number];

/** An arm label. */
export type DesignCondition = string | number;

/** Each unit's probability of each condition (the protocol's view of `ConditionProbabilities`). */
export interface DesignProbabilities {
  readonly conditions: readonly DesignCondition[];
  /** One array per condition (in `conditions` order), one probability per unit, in data order. */
  readonly matrix: readonly ArrayLike<number>[];
}

/** A set of assignments: every possible one (`exhaustive`, with probabilities) or random draws. */
export interface DesignPermutationSet {
  /** Unit-level arms (index into `conditions`), one array per assignment. */
  readonly arms: readonly Int32Array[];
  /** True when `arms` lists every possible assignment once. */
  readonly exhaustive: boolean;
  /** With `exhaustive`, each assignment's exact probability; else null (draws are equally weighted). */
  readonly probabilities: Float64Array | null;
}

/**
 * Visit one assignment of a stream: `arm` is a reused buffer (copy it to keep it), `probability`
 * its exact probability (exhaustive streams) or 1 / draws, `index` its position in the stream.
 * Return `false` to stop early.
 */
export type AssignmentVisitor = (arm: Int32Array, probability: number, index: number) => boolean | void;

/**
 * The one design protocol. Every member but `conditions` is optional in the parts each consumer
 * asks for (see {@link SimulableDesign}, {@link PermutableDesign}, {@link ProbabilityDesign}); a
 * `declareRa` design has them all.
 */
export interface Design {
  readonly kind: "declareRa";
  readonly type: DesignType;
  /** Number of units. */
  readonly n: number;
  /** Arm labels; arms are indexes into this list. */
  readonly conditions: readonly DesignCondition[];
  /** Re-randomized designs: only assignments that pass the balance criterion are possible. */
  readonly restricted: boolean;
  /** Units (or clusters) drawn independently. */
  readonly simple: boolean;
  /** Block remainders allocated jointly: blocks are not independent. */
  readonly balanceAcrossBlocks: boolean;
  /**
   * Unit ids, blocks, clusters as labels in data order (null when not given). The list of ids is
   * `ids` (a list, like `conditions`); the option that gives them to `declareRa` is `id`.
   */
  readonly ids: readonly string[] | null;
  readonly blocks: readonly string[] | null;
  readonly clusters: readonly string[] | null;
  /** Draw one assignment. */
  conduct(seed: Seed): { readonly arm: Int32Array };
  /** Draw only the unit-level arms (same as `conduct(seed).arm`), reusing `out`. */
  conductArms(seed: Seed, out?: Int32Array): Int32Array;
  /** Draw `k` assignments from one random stream; `visit` gets a reused buffer. */
  simulate(k: number, seed: Seed, visit: (arm: Int32Array, draw: number) => void): void;
  /** Each unit's probability of each condition. */
  probabilities(): DesignProbabilities;
  /** Number of distinct possible assignments; `Infinity` above 2^53 − 1; `NaN` when unknown. */
  numPermutations(): number;
  /** All assignments when there are at most `k`, else `k` draws. */
  permutations(k: number, seed: Seed): Int32Array[];
  /** Like `permutations`, saying whether the list is exhaustive and with probabilities if so. */
  permutationSet(k: number, seed: Seed): DesignPermutationSet;
  /**
   * Stream every possible assignment with its exact probability (memory O(n)); returns how many
   * were visited. Throws `INVALID_OPTION` when the design cannot be enumerated (`numPermutations()`
   * not finite).
   */
  forEachPermutation(visit: AssignmentVisitor): number;
  /** Draw `k` assignments with the design's distribution, as fast as the design allows (for randomization inference). */
  simulatePermutations(k: number, seed: Seed, visit: (arm: Int32Array, draw: number) => void): void;
}

/** What `diagnoseDesign` needs: the conditions and a way to draw. */
export type SimulableDesign = Pick<Design, "conditions" | "conduct"> & Partial<Pick<Design, "conductArms" | "simulate">>;

/** What `balanceTable`'s randomization p-value needs: the conditions and permutations. */
export type PermutableDesign = Pick<Design, "conditions" | "permutations"> &
  Partial<Pick<Design, "permutationSet" | "numPermutations" | "forEachPermutation" | "simulate" | "conductArms" | "n">>;

/** What Horvitz–Thompson needs: the type, the probabilities, and the structure of the draw. */
export type ProbabilityDesign = Pick<Design, "kind" | "type" | "conditions" | "probabilities"> &
  Partial<Pick<Design, "blocks" | "clusters" | "restricted" | "simple" | "balanceAcrossBlocks">>;

/** True for a value that has the protocol's `conditions` and one of its drawing methods. */
export function isDesignLike(v: unknown): v is Partial<Design> & Pick<Design, "conditions"> {
  if (typeof v !== "object" || v === null) return false;
  const d = v as Record<string, unknown>;
  return Array.isArray(d.conditions) && (typeof d.permutations === "function" || typeof d.conduct === "function" || typeof d.forEachPermutation === "function");
}

/**
 * Key of a declared design's methods without their public names (a non-enumerable property, so a design
 * prints, compares and clones as before). `Symbol.for`, so a design of another copy of ensayo is read too.
 */
export const UNNAMED_DESIGN: unique symbol = Symbol.for("ensayo.unnamedDesign") as never;

/**
 * The design whose methods the library's own functions call: a declared design's unnamed methods (so an
 * error is named by the public function the user called, `riTest: …`, not `simulate: …`), or `design`
 * itself for a design built by hand.
 *
 * @example
 * ```ts
 * const design = declareRa({ n: 4, m: 2 });
 * rawDesign(design).numPermutations(); // 6, and its errors carry no function name
 * const byHand = { conditions: [0, 1], conduct: () => ({ arm: new Int32Array(2) }) };
 * rawDesign(byHand) === byHand; // true
 * ```
 */
export function rawDesign<D extends object>(design: D): D {
  return ((design as { [UNNAMED_DESIGN]?: D })[UNNAMED_DESIGN]) ?? design;
}

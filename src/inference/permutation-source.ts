/**
 * A streaming source of assignments from a design, for randomization inference and the
 * family-wise procedures built on it (`riTest`, Westfall–Young, Romano–Wolf).
 *
 * Exact enumeration when the design has at most `maxExact` possible assignments (each with its
 * exact probability), otherwise `sims` seeded draws from the design's own procedure, so
 * re-randomized and `balanceAcrossBlocks` designs are redrawn from the same restricted set. One
 * buffer of n arms is reused: memory is O(n) whatever `sims` is.
 *
 * Draws are made in chunks of {@link SAMPLE_CHUNK}; chunk c uses the stream
 * `deriveSeed(seed, "ri/" + c)` of the design's `simulatePermutations` (a fast shuffle of fixed
 * counts within blocks, for declareRa designs whose counts are fixed) or else `simulate`. Any range of draws can therefore be reproduced on its own, and a
 * run split across worker threads visits exactly the draws of a run on one thread.
 */
import { EnsayoError, showValue } from "../errors.js";
import { deriveSeed, type Seed } from "../internal/rng.js";
import { rawDesign, type Design, type DesignCondition } from "../design/protocol.js";

/** Exact enumeration up to this many assignments (declareRa's own enumeration limit). */
export const DEFAULT_MAX_EXACT = 100_000;
/** Draws when the design is not enumerated. */
export const DEFAULT_SIMS = 10_000;
/** Draws per independently seeded chunk. */
export const SAMPLE_CHUNK = 1000;

/** How the assignments were obtained. */
export type PermutationMethod = "exact" | "sampled" | "matrix";

/** A half-open range `[start, end)` of a source's assignments (default: all of them). */
export interface PermutationRange {
  readonly start?: number;
  readonly end?: number;
}

/**
 * Visit one assignment: `arm` is a reused buffer (copy it to keep it); `weight` is its exact
 * probability (exact) or `1 / size` (sampled, matrix); `index` its position in the source.
 */
export type PermutationVisitor = (arm: Int32Array, weight: number, index: number) => void;

/** A replayable stream of assignments. */
export interface PermutationSource {
  /** Units per assignment. */
  readonly n: number;
  /** Number of conditions (arms index into them). */
  readonly nConditions: number;
  readonly method: PermutationMethod;
  /** Number of assignments the source yields. */
  readonly size: number;
  /** Possible assignments of the design (NaN when unknown, Infinity above 2^53 − 1). */
  readonly numPermutations: number;
  /** Visit the assignments of `range` in order; the same range always yields the same assignments. */
  forEach(visit: PermutationVisitor, range?: PermutationRange): void;
}

/** The part of the design protocol a source draws from (`declareRa` designs have it all). */
export type SourceDesign = Pick<Design, "conditions"> &
  Partial<Pick<Design, "n" | "numPermutations" | "forEachPermutation" | "simulatePermutations" | "simulate" | "conductArms" | "conduct" | "permutationSet" | "permutations">>;

/** Options of {@link permutationSource}. */
export interface PermutationSourceOptions {
  /** Enumerate when the design has at most this many assignments. Default {@link DEFAULT_MAX_EXACT}. */
  readonly maxExact?: number;
  /** Draws otherwise. Default {@link DEFAULT_SIMS}. */
  readonly sims?: number;
  /** Seed of the draws. */
  readonly seed: Seed;
  /** Units the assignments must have (checked against the design's `n`). */
  readonly n: number;
}

/**
 * A source of assignments from `design`: every possible assignment when there are at most
 * `maxExact`, else `sims` seeded draws (see the module comment for the seeding).
 *
 * @throws EnsayoError `DESIGN_MISMATCH` (the design has another number of units),
 *   `SINGLE_ASSIGNMENT` (only one assignment is possible), `INVALID_OPTION` (bad `sims`/`maxExact`).
 * @example
 * ```ts
 * const src = permutationSource(declareRa({ n: 6, m: 3 }), { n: 6, seed: 1 });
 * src.method; // "exact"
 * src.size;   // 20
 * ```
 */
export function permutationSource(given: SourceDesign, options: PermutationSourceOptions): PermutationSource {
  const design = rawDesign(given);
  const { n, seed } = options;
  const maxExact = options.maxExact ?? DEFAULT_MAX_EXACT;
  const sims = options.sims ?? DEFAULT_SIMS;
  if (!Number.isInteger(sims) || sims < 1) throw new EnsayoError("INVALID_OPTION", `\`sims\` must be a whole number of at least 1; got ${showValue(sims)}`, { value: sims });
  if (!(maxExact >= 0)) throw new EnsayoError("INVALID_OPTION", `\`maxExact\` must be at least 0; got ${showValue(maxExact)}`, { value: maxExact });
  if (design.n !== undefined && design.n !== n) {
    throw new EnsayoError("DESIGN_MISMATCH", `the design has ${design.n} units but the data have ${n} rows`, {
      value: design.n, hint: "Declare the design on the same units as the data, in the same order",
    });
  }
  const nConditions = design.conditions.length;
  const count = design.numPermutations ? design.numPermutations() : NaN;
  if (count === 1) {
    throw new EnsayoError("SINGLE_ASSIGNMENT", `the design allows only one assignment, so there is no randomization distribution to compare with`, {
      hint: "Check the design: every unit's arm is fixed by it",
    });
  }
  if (Number.isFinite(count) && count <= maxExact && design.forEachPermutation) {
    const forEach = design.forEachPermutation.bind(design);
    return {
      n, nConditions, method: "exact", size: count, numPermutations: count,
      forEach(visit, range) {
        const start = range?.start ?? 0;
        const end = Math.min(range?.end ?? count, count);
        if (start >= end) return;
        forEach((arm, p, i) => {
          if (i >= end) return false;
          if (i >= start) {
            checkLength(arm, n);
            visit(arm, p, i);
          }
          return true;
        });
      },
    };
  }
  if (Number.isFinite(count) && count <= maxExact && design.permutationSet) {
    // A design without streaming: its exhaustive list (held in memory, as it is small).
    const set = design.permutationSet(maxExact, seed);
    if (set.exhaustive) return listSource(set.arms, set.probabilities, n, nConditions, "exact", count);
  }
  return sampledSource(design, n, nConditions, sims, seed, count);
}

function sampledSource(design: SourceDesign, n: number, nConditions: number, sims: number, seed: Seed, count: number): PermutationSource {
  const w = 1 / sims;
  let drawChunk: (c: number, len: number, visit: (arm: Int32Array, j: number) => void) => void;
  if (design.simulatePermutations || design.simulate) {
    const simulate = (design.simulatePermutations ?? design.simulate)!.bind(design);
    drawChunk = (c, len, visit) => simulate(len, deriveSeed(seed, `ri/${c}`), visit);
  } else if (design.conductArms || design.conduct) {
    const buf = new Int32Array(n);
    const one = design.conductArms
      ? (s: Seed) => design.conductArms!(s, buf)
      : (s: Seed) => design.conduct!(s).arm;
    drawChunk = (c, len, visit) => {
      for (let j = 0; j < len; j++) visit(one(deriveSeed(seed, `ri/${c}/${j}`)), j);
    };
  } else if (design.permutations) {
    const all = design.permutations(sims, seed);
    return listSource(all.slice(0, sims), null, n, nConditions, "sampled", count);
  } else {
    throw new EnsayoError("INVALID_OPTION", `\`design\` cannot draw assignments (it needs \`simulate\`, \`conduct\` or \`permutations\`)`, {
      hint: "Pass a design from declareRa",
    });
  }
  return {
    n, nConditions, method: "sampled", size: sims, numPermutations: count,
    forEach(visit, range) {
      const start = range?.start ?? 0;
      const end = Math.min(range?.end ?? sims, sims);
      for (let c = Math.floor(start / SAMPLE_CHUNK); c * SAMPLE_CHUNK < end; c++) {
        const base = c * SAMPLE_CHUNK;
        const len = Math.min(SAMPLE_CHUNK, sims - base);
        drawChunk(c, len, (arm, j) => {
          const i = base + j;
          if (i < start || i >= end) return;
          checkLength(arm, n);
          visit(arm, w, i);
        });
      }
    },
  };
}

/** A source over a list of assignments held in memory (a permutation matrix, or a small exhaustive set). */
function listSource(arms: readonly Int32Array[], probs: Float64Array | null, n: number, nConditions: number, method: PermutationMethod, count: number): PermutationSource {
  const size = arms.length;
  for (const a of arms) checkLength(a, n);
  return {
    n, nConditions, method, size, numPermutations: count,
    forEach(visit, range) {
      const start = range?.start ?? 0;
      const end = Math.min(range?.end ?? size, size);
      for (let i = start; i < end; i++) visit(arms[i]!, probs ? probs[i]! : 1 / size, i);
    },
  };
}

/**
 * A source over user-supplied assignments (ri2's `permutation_matrix`, one assignment per entry),
 * equally weighted and taken as the complete reference set. Entries hold condition labels (or arm
 * indexes when `conditions` are the indexes themselves).
 *
 * @throws EnsayoError `DESIGN_MISMATCH` for an entry of another length than n or a label not in
 *   `conditions`; `SINGLE_ASSIGNMENT` for fewer than two assignments.
 * @example
 * ```ts
 * matrixSource([[0, 1, 1, 0], [1, 0, 0, 1]], [0, 1], 4).size; // 2
 * ```
 */
export function matrixSource(matrix: readonly ArrayLike<DesignCondition>[], conditions: readonly DesignCondition[], n: number): PermutationSource {
  if (!Array.isArray(matrix) || matrix.length < 2) {
    throw new EnsayoError("SINGLE_ASSIGNMENT", `\`permutations\` must list at least two assignments; got ${Array.isArray(matrix) ? matrix.length : showValue(matrix)}`, {
      hint: "Give one entry per assignment, each with one condition per unit",
    });
  }
  const index = new Map<string, number>();
  conditions.forEach((c, j) => index.set(String(c), j));
  const arms = matrix.map((row, r) => {
    if (row === null || typeof row !== "object" || typeof row.length !== "number" || row.length !== n) {
      throw new EnsayoError("DESIGN_MISMATCH", `\`permutations\` entry ${r + 1} has ${row && typeof row === "object" ? row.length : showValue(row)} values but the data have ${n} rows`, {
        value: r + 1,
        hint: "Each entry is one assignment of every unit (a column of ri2's permutation_matrix); transpose an n × sims matrix",
      });
    }
    const a = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const j = index.get(String(row[i]));
      if (j === undefined) {
        throw new EnsayoError("DESIGN_MISMATCH", `\`permutations\` entry ${r + 1}, unit ${i + 1}: ${showValue(row[i])} is not a condition (${conditions.map((c) => showValue(c)).join(", ")})`, {
          value: row[i],
        });
      }
      a[i] = j;
    }
    return a;
  });
  return listSource(arms, null, n, conditions.length, "matrix", NaN);
}

function checkLength(arm: Int32Array, n: number): void {
  if (arm.length !== n) {
    throw new EnsayoError("DESIGN_MISMATCH", `the design draws ${arm.length} units but the data have ${n} rows`, {
      value: arm.length, hint: "Declare the design on the same units as the data",
    });
  }
}

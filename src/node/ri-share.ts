/**
 * One thread's share of a parallel riTest: the assignments are cut into chunks, every thread (this one
 * and the workers) takes the next chunk from a shared counter, evaluates the statistics on it with
 * {@link evaluatePermutations} and writes the values into shared memory at the chunk's own positions.
 * An assignment's draw depends only on its index (sampled draws come in independently seeded chunks of
 * `SAMPLE_CHUNK`, which the chunks here are aligned to), so the joined values are the very values of a
 * run on one thread, whoever evaluated them.
 *
 * Exactly enumerated designs stream their assignments in one order and cannot start in the middle
 * cheaply, so there each thread walks the whole stream once and evaluates only the chunks it claims
 * as it passes them.
 */
import { evaluatePermutations, type PermutationStatistics, type PermutationValues } from "../inference/evaluate-permutations.js";
import { SAMPLE_CHUNK, type PermutationSource } from "../inference/permutation-source.js";

/** How the assignments are cut (a function of the source and the thread count, the same in every thread). */
export interface RiLayout {
  readonly size: number;
  readonly k: number;
  /** Assignments per chunk. */
  readonly chunk: number;
  /** Number of chunks. */
  readonly count: number;
  /** Walk the whole stream, evaluating claimed chunks (exact enumeration), instead of jumping to each chunk. */
  readonly streaming: boolean;
}

/** What the threads share: the chunk counter and the values and weights of every assignment. */
export interface RiShared extends RiLayout {
  /** `[0]`: the next chunk to take. */
  readonly counter: Int32Array;
  readonly values: Float64Array;
  readonly weights: Float64Array;
}

/** What a thread found besides the values: failures per statistic and its first error. */
export interface RiShareResult {
  readonly failed: number[];
  /** The first error of the thread (message) and the chunk it occurred in. */
  readonly firstError: { chunk: number; message: string } | null;
}

/**
 * Cut a source for `threads` threads (about 16 chunks per thread, sampled chunks aligned to the draws' seeding).
 *
 * @example
 * ```ts
 * const draws = { n: 4, nConditions: 2, method: "sampled" as const, size: 10_000, numPermutations: NaN, forEach() {} };
 * riLayout(draws, 1, 2); // { size: 10000, k: 1, chunk: 1000, count: 10, streaming: false }
 * ```
 */
export function riLayout(source: PermutationSource, k: number, threads: number): RiLayout {
  const size = source.size;
  const chunk = source.method === "sampled" ? SAMPLE_CHUNK : Math.max(1, Math.ceil(size / (threads * 16)));
  return { size, k, chunk, count: Math.ceil(size / chunk), streaming: source.method === "exact" };
}

/** Shared memory for a layout (the `counter` at 0). */
export function allocateRiShared(layout: RiLayout): RiShared {
  return {
    ...layout,
    counter: new Int32Array(new SharedArrayBuffer(4)),
    values: new Float64Array(new SharedArrayBuffer(layout.size * layout.k * 8)),
    weights: new Float64Array(new SharedArrayBuffer(layout.size * 8)),
  };
}

/** Mutable tally of one thread's share. */
export class RiTally {
  failed: number[];
  firstError: { chunk: number; message: string } | null = null;
  done = 0;
  constructor(k: number) {
    this.failed = new Array<number>(k).fill(0);
  }
  result(): RiShareResult {
    return { failed: this.failed, firstError: this.firstError };
  }
}

interface EvalContext {
  readonly every: number;
  /** Cumulative assignments this thread has evaluated. */
  readonly progress: (done: number) => void;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Take and evaluate ONE chunk (jumping straight to it). Returns false when no chunk was left.
 * Used for sampled and matrix sources, one chunk per event-loop turn on the main thread.
 */
export function evaluateNextChunk(source: PermutationSource, stats: PermutationStatistics, shared: RiShared, tally: RiTally, ctx: EvalContext): boolean {
  const c = Atomics.add(shared.counter, 0, 1);
  if (c >= shared.count) return false;
  const start = c * shared.chunk;
  const end = Math.min(start + shared.chunk, shared.size);
  const base = tally.done;
  const part = evaluatePermutations(source, stats, {
    start, end, progressEvery: ctx.every,
    onProgress: (d) => ctx.progress(base + d),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  store(part, shared, tally, c);
  return true;
}

/**
 * Walk the whole stream once, evaluating the chunks this thread claims as it reaches them (exact
 * enumeration). Stops as soon as every chunk is taken.
 */
export function evaluateStream(source: PermutationSource, stats: PermutationStatistics, shared: RiShared, tally: RiTally, ctx: EvalContext): void {
  const { chunk, count, counter } = shared;
  let mine = Atomics.add(counter, 0, 1);
  const owned: number[] = [];
  let errorChunk = -1;
  let current = -1;
  const stop = Symbol("all chunks taken");
  const claimed: PermutationSource = {
    ...source,
    forEach(visit) {
      if (mine >= count) return;
      try {
        source.forEach((arm, w, i) => {
          const c = Math.floor(i / chunk);
          if (c < mine) return; // another thread's chunk: only walked past
          if (owned[owned.length - 1] !== c) owned.push(c);
          current = c;
          visit(arm, w, i);
          if ((i + 1) % chunk === 0) {
            // our chunk is done: take the next one (always further on), or stop when none is left
            mine = Atomics.add(counter, 0, 1);
            if (mine >= count) throw stop;
          }
        });
      } catch (e) {
        if (e !== stop) throw e;
      }
    },
  };
  const watched: PermutationStatistics = {
    k: stats.k,
    evaluate(arm, out) {
      try {
        stats.evaluate(arm, out);
      } catch (e) {
        if (errorChunk < 0) errorChunk = current;
        throw e;
      }
    },
  };
  const base = tally.done;
  const all = evaluatePermutations(claimed, watched, {
    start: 0, end: shared.size, progressEvery: ctx.every,
    onProgress: (d) => ctx.progress(base + d),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  const { k } = shared;
  for (const c of owned) {
    const start = c * chunk;
    const end = Math.min(start + chunk, shared.size);
    shared.values.set(all.values.subarray(start * k, end * k), start * k);
    shared.weights.set(all.weights.subarray(start, end), start);
    tally.done += end - start;
  }
  for (let j = 0; j < k; j++) tally.failed[j]! += all.failed[j]!;
  if (all.firstError !== null && errorChunk >= 0) tally.firstError = { chunk: errorChunk, message: all.firstError };
}

function store(part: PermutationValues, shared: RiShared, tally: RiTally, c: number): void {
  const { k } = shared;
  shared.values.set(part.values, part.start * k);
  shared.weights.set(part.weights, part.start);
  for (let j = 0; j < k; j++) tally.failed[j]! += part.failed[j]!;
  if (part.firstError !== null && tally.firstError === null) tally.firstError = { chunk: c, message: part.firstError };
  tally.done += part.size;
}

/** Join the threads' shares into the values of a one-thread run. */
export function joinRiShares(shared: RiShared, shares: readonly RiShareResult[]): PermutationValues {
  const failed = new Int32Array(shared.k);
  let first: { chunk: number; message: string } | null = null;
  for (const s of shares) {
    for (let j = 0; j < shared.k; j++) failed[j]! += s.failed[j]!;
    if (s.firstError && (!first || s.firstError.chunk < first.chunk)) first = s.firstError;
  }
  return {
    k: shared.k, start: 0, size: shared.size,
    values: new Float64Array(shared.values), weights: new Float64Array(shared.weights),
    failed, firstError: first?.message ?? null,
  };
}

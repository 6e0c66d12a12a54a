/**
 * One thread's share of a parallel diagnoseDesign: simulation i depends only on `deriveSeed(seed, i)`,
 * so the simulations are cut into chunks that every thread takes from a shared counter, and each
 * chunk's per-simulation results are written into shared memory at the chunk's own positions.
 */
import type { Seed } from "../internal/rng.js";
import { simulateRange, type PreparedSpec, type SimRaw } from "../power/diagnose-design.js";

/** The shared per-simulation results and the chunk counter. */
export interface DiagnoseShared {
  readonly sims: number;
  readonly chunk: number;
  readonly count: number;
  /** `[0]`: the next chunk to take. */
  readonly counter: Int32Array;
  readonly estimate: Float64Array;
  readonly stdError: Float64Array;
  readonly pValue: Float64Array;
  readonly confLow: Float64Array;
  readonly confHigh: Float64Array;
  readonly estimand: Float64Array;
  readonly failed: Uint8Array;
}

const FLOAT_FIELDS = ["estimate", "stdError", "pValue", "confLow", "confHigh", "estimand"] as const;

/**
 * Shared memory for `sims` simulations on `threads` threads (about 32 chunks per thread).
 *
 * @example
 * ```ts
 * const s = allocateDiagnoseShared(5000, 2);
 * [s.chunk, s.count]; // [79, 64]
 * ```
 */
export function allocateDiagnoseShared(sims: number, threads: number): DiagnoseShared {
  const chunk = Math.max(1, Math.ceil(sims / (threads * 32)));
  const f64 = () => new Float64Array(new SharedArrayBuffer(sims * 8));
  return {
    sims, chunk, count: Math.ceil(sims / chunk),
    counter: new Int32Array(new SharedArrayBuffer(4)),
    estimate: f64(), stdError: f64(), pValue: f64(), confLow: f64(), confHigh: f64(), estimand: f64(),
    failed: new Uint8Array(new SharedArrayBuffer(sims)),
  };
}

/** The messages (first five distinct) of the chunks a thread ran, by chunk. */
export type ChunkMessages = [chunk: number, messages: string[]][];

/**
 * Take and run ONE chunk. Returns false when no chunk was left. `progress` gets the simulations this
 * thread has run in all (called after every simulation).
 */
export function simulateNextChunk(p: PreparedSpec, seed: Seed, alpha: number, shared: DiagnoseShared, messages: ChunkMessages, tally: { done: number }, progress: (done: number) => void): boolean {
  const c = Atomics.add(shared.counter, 0, 1);
  if (c >= shared.count) return false;
  const from = c * shared.chunk;
  const to = Math.min(from + shared.chunk, shared.sims);
  const base = tally.done;
  const raw = simulateRange(p, seed, alpha, from, to, (d) => progress(base + d));
  for (const f of FLOAT_FIELDS) shared[f].set(raw[f], from);
  shared.failed.set(raw.failed, from);
  if (raw.messages.length > 0) messages.push([c, raw.messages]);
  tally.done += to - from;
  return true;
}

/** The per-simulation results of a one-thread run, from the shared memory and every thread's messages. */
export function joinDiagnoseShares(shared: DiagnoseShared, messages: readonly ChunkMessages[]): SimRaw {
  const byChunk = messages.flat().sort((a, b) => a[0] - b[0]);
  const all: string[] = [];
  // as diagnoseDesign keeps them: the first five distinct messages in simulation order
  for (const [, list] of byChunk) for (const m of list) if (all.length < 5 && !all.includes(m)) all.push(m);
  return {
    estimate: new Float64Array(shared.estimate), stdError: new Float64Array(shared.stdError), pValue: new Float64Array(shared.pValue),
    confLow: new Float64Array(shared.confLow), confHigh: new Float64Array(shared.confHigh), estimand: new Float64Array(shared.estimand),
    failed: new Uint8Array(shared.failed), messages: all,
  };
}

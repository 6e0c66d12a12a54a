/**
 * `riTest` on several cores with Node's worker threads, with results identical to one thread.
 */
import type { Worker } from "node:worker_threads";
import * as z from "zod/mini";
import type { z as zc } from "zod";
import type { DataInput } from "../data/table.js";
import { throwIfAborted } from "../internal/abort.js";
import { namedAsync } from "../internal/boundary.js";
import { parseOptions } from "../internal/options.js";
import { prepareRiTest, type PreparedRiTest, type RiTestOptions } from "../inference/ri-prepare.js";
import { summarizeRiTest, type RiTestResult } from "../inference/ri-summary.js";
import { allocateRiShared, evaluateNextChunk, evaluateStream, joinRiShares, riLayout, RiTally, type RiShareResult } from "./ri-share.js";
import { startSharedRun } from "./shared-run.js";
import { checkRiSpec, PROBE_SEED, type RiInputsJob, type RiLoadJob, type RiRunJob } from "./jobs.js";
import { acquireWorkers, discardWorker } from "./worker-pool.js";
import { loadExport, moduleFile, moduleUrl } from "./worker-runtime.js";
import { rawDesign } from "../design/protocol.js";

const FN = "riTestParallel";

/** What the spec module exports: the data and riTest's options (without `onProgress` and `signal`). */
export interface RiTestSpec {
  readonly data: DataInput;
  readonly options: Omit<RiTestOptions, "onProgress" | "signal">;
}

/** Options of {@link riTestParallel}. */
export interface RiTestParallelOptions {
  /**
   * An ES module every worker imports (functions and designs cannot be sent to a worker): its export
   * `export` (default `"default"`) is a {@link RiTestSpec} or a function (possibly async) returning one.
   */
  spec: { module: string | URL; export?: string };
  /**
   * Threads that compute (default 2): this thread and `workers − 1` worker threads; 1 runs in this thread
   * only. This thread yields to the event loop between chunks of the work.
   */
  workers?: number;
  /** Called with (assignments done, total) about every 1% as workers report; a throw stops the workers and rejects. */
  onProgress?: (done: number, total: number) => void;
  /** Aborting stops the workers and rejects with `ABORTED`. */
  signal?: AbortSignal;
}

const Schema = z.strictObject({
  spec: z.strictObject({
    module: z.union([z.string().check(z.minLength(1)), z.instanceof(URL)]),
    export: z._default(z.string().check(z.minLength(1)), "default"),
  }),
  workers: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(64)), 2),
  onProgress: z.optional(z.custom<(d: number, t: number) => void>((v) => typeof v === "function", { message: "must be a function" })),
  signal: z.optional(z.custom<AbortSignal>((v) => typeof v === "object" && v !== null && typeof (v as AbortSignal).aborted === "boolean", { message: "must be an AbortSignal" })),
});

/**
 * Run {@link riTest} on several threads; the result is identical to one thread
 * (`riTest(spec.data, spec.options)`), bit for bit.
 *
 * Every assignment of the source is replayable by its index (exact enumeration in its order; sampled
 * draws in independently seeded chunks of 1,000), so the assignments are cut into chunks that this
 * thread and the workers take from a shared counter until none is left; each writes its values into
 * shared memory at the chunk's positions, and the p-values are computed from the joined values exactly as
 * riTest does. The workers are started first (one bundled file) while this thread imports the spec; they
 * then get the data, the options and the design's declaration and prepare alongside this thread, which
 * starts on the first chunks (a statistic given as a function makes them import the spec module instead,
 * whose `import "ensayo"` is then the worker's bundle, already loaded, as in `diagnoseDesignParallel`).
 * Finished workers stay in a pool (that never keeps Node alive) for the next call.
 *
 * @throws `INVALID_OPTION` for bad options or a module that cannot be imported; every error of riTest;
 *   `ABORTED` when the signal is aborted; whatever `onProgress` throws.
 * @example
 * ```ts
 * // a spec module's default export returns riTest's data and options, e.g.
 * // export default () => ({ data, options: { outcome: "y", treatment: "z", design, sims: 3000 } });
 * const r = await riTestParallel({ spec: { module: "test/inference/fixtures/ri-spec.mjs" }, workers: 2 }); // the repository's test spec
 * [r.rows[0]!.estimate, r.rows[0]!.nValid, r.rows[0]!.pValue]; // [0.3837, 3000, 0]
 * ```
 */
export function riTestParallel(options: RiTestParallelOptions): Promise<RiTestResult> {
  return namedAsync(FN, () => runParallel(options));
}

async function runParallel(options: RiTestParallelOptions): Promise<RiTestResult> {
  const o = parseOptions(Schema as unknown as zc.ZodType<z.output<typeof Schema>>, options, FN);
  const url = moduleUrl(o.spec.module);
  throwIfAborted(o.signal, "before starting");
  // Start the workers first: they start while this thread imports the spec and prepares.
  const workers = o.workers > 1 ? acquireWorkers(o.workers - 1, moduleFile(import.meta.url)) : [];
  let prepared: PreparedRiTest;
  try {
    const spec = await loadExport<RiTestSpec>(url, o.spec.export);
    checkRiSpec(spec);
    if (workers.length > 0) postInputs(workers, spec, { type: "ri-load", url, exportName: o.spec.export });
    prepared = prepareRiTest(spec.data, spec.options as RiTestOptions, FN);
  } catch (e) {
    for (const w of workers) discardWorker(w);
    throw e;
  }
  const { source, statistic } = prepared;
  const shared = allocateRiShared(riLayout(source, statistic.stats.k, o.workers));
  const every = Math.max(1, Math.floor(source.size / 100));
  const run = startSharedRun<RiShareResult>(workers, { total: source.size, every, onProgress: o.onProgress, signal: o.signal });
  run.post({ type: "ri-run", shared, every } satisfies RiRunJob);
  const tally = new RiTally(shared.k);
  const parts = await run.complete(async (ctx) => {
    const eval_ = { every, progress: ctx.progress, signal: o.signal };
    if (shared.streaming) evaluateStream(source, statistic.stats, shared, tally, eval_);
    else while (evaluateNextChunk(source, statistic.stats, shared, tally, eval_)) await ctx.yield();
  });
  return summarizeRiTest(prepared, joinRiShares(shared, [tally.result(), ...parts]));
}

/**
 * Send riTest's inputs (data, options, the design's declaration) so the worker does not import the spec
 * module; the spec module's name instead when a statistic is a function, the design was not made by
 * declareRa, or something cannot be copied to another thread.
 */
function postInputs(workers: readonly Worker[], spec: RiTestSpec, load: RiLoadJob): void {
  const { design, ...options } = spec.options as Record<string, unknown>;
  const declared = design as { declaration?: Record<string, unknown>; conductArms?: (seed: string) => Int32Array } | undefined;
  if (typeof options.statistic !== "function" && (design === undefined || (declared?.declaration && declared.conductArms))) {
    const job: RiInputsJob = {
      ...load, type: "ri-inputs", data: spec.data, options,
      declaration: declared?.declaration ?? null,
      probe: declared?.conductArms ? rawDesign(declared).conductArms!(PROBE_SEED) : null,
    };
    try {
      workers[0]!.postMessage(job);
      for (let i = 1; i < workers.length; i++) workers[i]!.postMessage(job);
      return;
    } catch {
      // not cloneable (e.g. a function among the data or options): the workers import the spec
    }
  }
  for (const w of workers) w.postMessage(load);
}

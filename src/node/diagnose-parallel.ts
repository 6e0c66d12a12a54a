/**
 * `diagnoseDesign` on several cores with Node's worker threads, with results identical to one thread.
 */
import * as z from "zod/mini";
import { throwIfAborted } from "../internal/abort.js";
import { namedAsync } from "../internal/boundary.js";
import { parseOptions } from "../internal/options.js";
import type { Seed } from "../internal/rng.js";
import { DesignSpecSchema, prepareSpec, summarize, type DesignSpec, type DiagnoseDesignResult, type PreparedSpec } from "../power/diagnose-design.js";
import { allocateDiagnoseShared, joinDiagnoseShares, simulateNextChunk, type ChunkMessages } from "./diagnose-share.js";
import type { DiagnoseJob, DiagnoseWorkerResult } from "./jobs.js";
import { startSharedRun } from "./shared-run.js";
import { acquireWorkers } from "./worker-pool.js";
import { loadExport, moduleFile, moduleUrl } from "./worker-runtime.js";

const FN = "diagnoseDesignParallel";

/** Where workers find the design: a module and the name of its export. */
export interface DesignSpecModule {
  /** Absolute path or `file:` URL of an ES module (relative paths resolve from the current directory). */
  module: string | URL;
  /**
   * Name of the export (default `"default"`): a {@link DesignSpec} object, or a function (possibly async)
   * returning one. Each worker imports the module and builds the spec itself, so the spec must be
   * deterministic (build random inputs from a fixed seed).
   */
  export?: string;
}

/** Options of {@link diagnoseDesignParallel}. */
export interface DiagnoseDesignParallelOptions {
  /** The design to simulate, as a module every worker can import (functions cannot be sent to workers). */
  spec: DesignSpecModule;
  /** Number of simulations (default 500). */
  sims?: number;
  seed: Seed;
  /** Default 0.05. */
  alpha?: number;
  /**
   * Threads that compute (default 2): this thread and `workers − 1` worker threads (`workers` worker
   * threads when the spec module is the script Node is running, which this thread does not import);
   * 1 runs in this thread only. This thread yields to the event loop between chunks of simulations.
   */
  workers?: number;
  /** Called with (simulations done, total) as workers report, about every 1%; a throw stops the workers and rejects. */
  onProgress?: (done: number, total: number) => void;
  /** Aborting stops the workers and rejects with `ABORTED` (the signal's reason as its cause). */
  signal?: AbortSignal;
}

const Schema = z.strictObject({
  spec: z.strictObject({
    module: z.union([z.string().check(z.minLength(1)), z.instanceof(URL)]),
    export: z._default(z.string().check(z.minLength(1)), "default"),
  }),
  sims: z._default(z.int().check(z.gte(2), z.lte(1e7)), 500),
  seed: z.union([z.number(), z.string()]),
  alpha: z._default(z.number().check(z.gt(0), z.lt(1)), 0.05),
  workers: z._default(z.int().check(z.gte(1), z.lte(64)), 2),
  onProgress: z.optional(z.custom<(d: number, t: number) => void>((v) => typeof v === "function", { message: "must be a function" })),
  signal: z.optional(z.custom<AbortSignal>((v) => typeof v === "object" && v !== null && typeof (v as AbortSignal).aborted === "boolean", { message: "must be an AbortSignal" })),
});

async function loadSpec(url: string, name: string): Promise<PreparedSpec> {
  return prepareSpec(parseOptions(DesignSpecSchema, await loadExport<DesignSpec>(url, name), FN));
}

/**
 * Run {@link diagnoseDesign} on several threads; the result is identical to one thread, bit for bit.
 *
 * Simulation i depends only on `deriveSeed(seed, i)`, so the simulations are cut into chunks that this
 * thread and the workers take from a shared counter until none is left, each writing its per-simulation
 * results into shared memory at the chunk's positions; the diagnosands are then computed exactly as
 * `diagnoseDesign` does. Functions cannot be sent to a worker, so the design is given as a module:
 * `spec: { module, export }` names an ES module whose export is a {@link DesignSpec} (units, design,
 * potentialOutcomes, estimator, …) or a function returning one; every thread imports it.
 * `diagnoseDesign({ ...spec, sims, seed })` with the same spec gives the same result.
 *
 * The workers start first and run one bundled file (`dist/ensayo-worker.js`), so they are ready about as
 * soon as the spec module is imported. In a worker, the spec's `import … from "ensayo"` (or
 * `"ensayo/node"`) is that bundle, already loaded (the workers start with the `ensayo-worker` export
 * condition), so importing the spec there costs only the spec's own code; a spec that imports the package
 * by a relative path to its files loads them module by module instead. This thread imports the spec itself without waiting for it to
 * finish, so a spec module that is still loading (the calling script, awaiting this call at its top level)
 * leaves the work to the workers instead of deadlocking. Finished workers stay in a pool that never keeps
 * Node alive. A TypeScript spec module is imported through tsx. A throwing `onProgress` or an aborted
 * `signal` stops every worker.
 *
 * @throws `INVALID_OPTION` for bad options or a module that cannot be imported, and every error of `diagnoseDesign`.
 * @example
 * ```ts
 * // a spec module exports a function returning diagnoseDesign's options but sims and seed, e.g.
 * // export const clusterSpec = () => ({ units, design: declareRa({ clusters: units.office, prob: 0.5 }),
 * //   clusters: "office", potentialOutcomes: (u, z, rng) => 0.3 * Number(z) + rng.normal() });
 * const spec = { module: "test/power/fixtures/cluster-spec.ts", export: "clusterSpec" }; // the repository's test spec
 * const d = await diagnoseDesignParallel({ spec, sims: 61, seed: "par", workers: 2 });
 * d.diagnosands.find((r) => r.diagnosand === "power")!.estimate; // 0.4918 (30 of 61 simulations significant)
 * ```
 */
export function diagnoseDesignParallel(options: DiagnoseDesignParallelOptions): Promise<DiagnoseDesignResult> {
  return namedAsync(FN, () => runParallel(options));
}

async function runParallel(options: DiagnoseDesignParallelOptions): Promise<DiagnoseDesignResult> {
  const o = parseOptions(Schema, options, FN);
  const url = moduleUrl(o.spec.module);
  throwIfAborted(o.signal, "before starting");
  const threads = Math.min(o.workers, o.sims);
  // The script Node runs may be the spec module: importing it here would wait for itself.
  const isScript = process.argv[1] !== undefined && moduleUrl(process.argv[1]) === url;
  const nWorkers = threads === 1 ? 0 : isScript ? threads : threads - 1;
  const workers = acquireWorkers(nWorkers, moduleFile(import.meta.url));
  const shared = allocateDiagnoseShared(o.sims, threads);
  const every = Math.max(1, Math.floor(o.sims / 100));
  const run = startSharedRun<DiagnoseWorkerResult>(workers, { total: o.sims, every, onProgress: o.onProgress, signal: o.signal });
  run.post({ type: "diagnose", url, exportName: o.spec.export, seed: o.seed, alpha: o.alpha, every, shared } satisfies DiagnoseJob);
  let here: PreparedSpec | null = null;
  const messages: ChunkMessages = [];
  const parts = await run.complete(isScript && nWorkers > 0 ? null : async (ctx) => {
    const loading = loadSpec(url, o.spec.export);
    loading.catch(() => undefined);
    // Join in when the spec is ready, unless the workers finish first.
    here = nWorkers === 0 ? await loading : await Promise.race([loading, ctx.workersDone.then(() => null)]);
    if (!here) return;
    const tally = { done: 0 };
    const progress = (done: number): void => {
      throwIfAborted(o.signal, `after ${done} simulations in this thread`);
      ctx.progress(done);
    };
    while (simulateNextChunk(here, o.seed, o.alpha, shared, messages, tally, progress)) await ctx.yield();
  });
  const conditions: Pick<PreparedSpec, "conditions" | "c1" | "c2"> = here ?? parts[0]!;
  return summarize(joinDiagnoseShares(shared, [messages, ...parts.map((p) => p.messages)]), conditions, o.alpha, o.seed);
}

/**
 * `diagnoseDesign` on several cores with Node's worker threads, with results identical to one thread.
 */
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import * as z from "zod/mini";
import { EnsayoError } from "../errors.js";
import { throwIfAborted } from "../internal/abort.js";
import { parseOptions } from "../internal/options.js";
import type { Seed } from "../internal/rng.js";
import {
  concatRaw,
  DesignSpecSchema,
  prepareSpec,
  simulateRange,
  summarize,
  type DesignSpec,
  type DiagnoseDesignResult,
  type SimCondition,
  type SimRaw,
} from "../power/diagnose-design.js";
import { loadExport, moduleFile, moduleUrl, runWorkers, type WorkerMessage } from "./worker-runtime.js";

const FN = "diagnoseDesignParallel";
const WORKER_KIND = "ensayo-diagnose-design";

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
  /** Worker threads (default 2); 1 runs in this thread. */
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

async function loadSpec(url: string, name: string, fn: string): Promise<DesignSpec> {
  return loadExport<DesignSpec>(url, name, fn);
}

interface WorkerJob {
  kind: typeof WORKER_KIND;
  url: string;
  exportName: string;
  seed: Seed;
  alpha: number;
  from: number;
  to: number;
  every: number;
}

interface WorkerDone {
  raw: SimRaw;
  conditions: readonly SimCondition[];
  c1: number;
  c2: number;
}

/**
 * Run {@link diagnoseDesign} on several worker threads; the result is identical to one thread.
 *
 * Simulation i depends only on `deriveSeed(seed, i)`, so the simulations are split into contiguous
 * ranges, one per worker, and the per-simulation results are put back in order before the
 * diagnosands are computed, exactly as `diagnoseDesign` does. Functions cannot be sent to a
 * worker, so the design is given as a module: `spec: { module, export }` names an ES module whose
 * export is a {@link DesignSpec} (units, design, potentialOutcomes, estimator, …) or a function
 * returning one; every worker imports it. `diagnoseDesign({ ...spec, sims, seed })` with the same
 * spec gives the same result.
 *
 * Workers run the built package (`dist/`), so each starts in tens of milliseconds (see `src/node/worker-runtime.ts`);
 * a TypeScript spec module is imported through tsx. A throwing `onProgress` or an aborted `signal` stops every worker.
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
export async function diagnoseDesignParallel(options: DiagnoseDesignParallelOptions): Promise<DiagnoseDesignResult> {
  const o = parseOptions(Schema, options, FN);
  const url = moduleUrl(o.spec.module);
  const every = Math.max(1, Math.floor(o.sims / 100));
  const workers = Math.min(o.workers, o.sims);
  let total = 0;
  let lastReported = 0;
  const report = (delta: number): void => {
    total += delta;
    if (o.onProgress && (total - lastReported >= every || total === o.sims)) {
      lastReported = total;
      o.onProgress(total, o.sims);
    }
  };
  if (workers === 1) {
    const prepared = prepareSpec(parseOptions(DesignSpecSchema, await loadSpec(url, o.spec.export, FN), FN), FN);
    let prev = 0;
    const raw = simulateRange(prepared, o.seed, o.alpha, 0, o.sims, (done) => {
      throwIfAborted(o.signal, FN, `after ${prev} of ${o.sims} simulations`);
      report(done - prev);
      prev = done;
    });
    return summarize(raw, prepared, o.alpha, o.seed);
  }
  // The main thread does not import the spec module (it may be the running script itself);
  // each worker builds and checks the spec and reports the compared conditions with its results.
  const bounds = Array.from({ length: workers + 1 }, (_, w) => Math.round((o.sims * w) / workers));
  const jobs: WorkerJob[] = Array.from({ length: workers }, (_, w) => ({ kind: WORKER_KIND, url, exportName: o.spec.export, seed: o.seed, alpha: o.alpha, from: bounds[w]!, to: bounds[w + 1]!, every }));
  let reported = 0;
  const parts = await runWorkers<WorkerDone>(jobs, {
    fn: FN,
    file: moduleFile(import.meta.url),
    signal: o.signal,
    onProgress: (done) => {
      report(done - reported);
      reported = done;
    },
  });
  const first = parts[0]!;
  return summarize(concatRaw(parts.map((p) => p.raw)), { conditions: first.conditions, c1: first.c1, c2: first.c2 }, o.alpha, o.seed);
}

async function runWorker(job: WorkerJob): Promise<void> {
  const port = parentPort!;
  try {
    const spec = parseOptions(DesignSpecSchema, await loadSpec(job.url, job.exportName, FN), FN);
    const prepared = prepareSpec(spec, FN);
    const raw = simulateRange(prepared, job.seed, job.alpha, job.from, job.to, (done) => {
      if (done % job.every === 0) port.postMessage({ type: "progress", done } satisfies WorkerMessage<WorkerDone>);
    });
    const transfer = [raw.estimate, raw.stdError, raw.pValue, raw.confLow, raw.confHigh, raw.estimand, raw.failed].map((a) => a.buffer as ArrayBuffer);
    port.postMessage({ type: "done", raw, conditions: prepared.conditions, c1: prepared.c1, c2: prepared.c2 } satisfies WorkerMessage<WorkerDone>, transfer);
  } catch (e) {
    const code = e instanceof EnsayoError ? e.code : null;
    port.postMessage({ type: "error", message: e instanceof Error ? e.message : String(e), code } satisfies WorkerMessage<WorkerDone>);
  }
}

if (!isMainThread && workerData && (workerData as { kind?: unknown }).kind === WORKER_KIND) {
  void runWorker(workerData as WorkerJob);
}

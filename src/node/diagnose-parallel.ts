/**
 * `diagnoseDesign` on several cores with Node's worker threads, with results identical to one thread.
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isAbsolute, resolve } from "node:path";
import * as z from "zod/mini";
import { EnsayoError, type EnsayoErrorCode } from "../errors.js";
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
  /** Called with (simulations done, total) as workers report, about every 1%. */
  onProgress?: (done: number, total: number) => void;
}

const Schema = z
  .strictObject({
    spec: z.strictObject({
      module: z.union([z.string().check(z.minLength(1)), z.instanceof(URL)]),
      export: z._default(z.string().check(z.minLength(1)), "default"),
    }),
    sims: z._default(z.int().check(z.gte(2), z.lte(1e7)), 500),
    seed: z.union([z.number(), z.string()]),
    alpha: z._default(z.number().check(z.gt(0), z.lt(1)), 0.05),
    workers: z._default(z.int().check(z.gte(1), z.lte(64)), 2),
    onProgress: z.optional(z.custom<(d: number, t: number) => void>((v) => typeof v === "function", { message: "must be a function" })),
  });

function moduleUrl(m: string | URL): string {
  if (m instanceof URL) return m.href;
  if (m.startsWith("file:")) return m;
  return pathToFileURL(isAbsolute(m) ? m : resolve(m)).href;
}

async function loadSpec(url: string, name: string, fn: string): Promise<DesignSpec> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(url)) as Record<string, unknown>;
  } catch (e) {
    throw new EnsayoError("INVALID_OPTION", `${fn}: could not import \`spec.module\` ${url}: ${(e as Error).message}`, { value: url, cause: e });
  }
  if (!(name in mod)) {
    throw new EnsayoError("INVALID_OPTION", `${fn}: module ${url} has no export '${name}' (exports: ${Object.keys(mod).join(", ")})`, {
      value: name,
      hint: "Set `spec.export` to the name of the export holding the design spec",
    });
  }
  const value = mod[name];
  const spec = typeof value === "function" ? await (value as () => DesignSpec | Promise<DesignSpec>)() : value;
  return spec as DesignSpec;
}

function thisFile(): string {
  if (typeof __filename === "string" && __filename) return __filename;
  return fileURLToPath(import.meta.url);
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
  type: "done";
  raw: SimRaw;
  conditions: readonly SimCondition[];
  c1: number;
  c2: number;
}

type WorkerMessage =
  | { type: "progress"; done: number }
  | WorkerDone
  | { type: "error"; message: string; code: EnsayoErrorCode | null };

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
 * When this file runs from TypeScript sources (tests, tsx), each worker registers `tsx` before importing it.
 *
 * @throws `INVALID_OPTION` for bad options or a module that cannot be imported, and every error of `diagnoseDesign`.
 * @example
 * ```ts
 * // design.mjs: export default () => ({ units, design: declareRa({ clusters: units.office, prob: 0.5 }),
 * //   clusters: "office", potentialOutcomes: (u, z, rng) => 0.3 * Number(z) + rng.normal() });
 * const d = await diagnoseDesignParallel({ spec: { module: "./design.mjs" }, sims: 2000, seed: 1, workers: 2 });
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
      report(done - prev);
      prev = done;
    });
    return summarize(raw, prepared, o.alpha, o.seed);
  }
  // The main thread does not import the spec module (it may be the running script itself);
  // each worker builds and checks the spec and reports the compared conditions with its results.
  const file = thisFile();
  // From TypeScript sources (tests, tsx) a worker registers tsx before importing this file.
  const fromSource = /\.[cm]?tsx?$/.test(file);
  const entry = fromSource
    ? `(async () => { const { register } = await import("tsx/esm/api"); register(); await import(${JSON.stringify(pathToFileURL(file).href)}); })()`
    : file;
  const bounds = Array.from({ length: workers + 1 }, (_, w) => Math.round((o.sims * w) / workers));
  const started: Worker[] = [];
  const parts = await Promise.all(
    Array.from({ length: workers }, (_, w) => {
      const job: WorkerJob = { kind: WORKER_KIND, url, exportName: o.spec.export, seed: o.seed, alpha: o.alpha, from: bounds[w]!, to: bounds[w + 1]!, every };
      return new Promise<WorkerDone>((resolveJob, reject) => {
        const worker = new Worker(entry, { workerData: job, eval: fromSource });
        started.push(worker);
        let settled = false;
        let done = 0;
        worker.on("message", (m: WorkerMessage) => {
          if (m.type === "progress") {
            report(m.done - done);
            done = m.done;
          } else if (m.type === "done") {
            report(job.to - job.from - done);
            settled = true;
            resolveJob(m);
            void worker.terminate();
          } else {
            settled = true;
            reject(m.code ? new EnsayoError(m.code, m.message) : new Error(m.message));
            void worker.terminate();
          }
        });
        worker.on("error", (e) => {
          if (!settled) {
            settled = true;
            reject(e);
          }
        });
        worker.on("exit", (code) => {
          if (!settled) {
            settled = true;
            reject(new Error(`${FN}: worker ${w + 1} exited with code ${code} before finishing`));
          }
        });
      });
    }),
  ).catch((e: unknown) => {
    // one worker failed: stop the others instead of letting them run to the end
    for (const wk of started) void wk.terminate();
    throw e;
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
      if (done % job.every === 0) port.postMessage({ type: "progress", done } satisfies WorkerMessage);
    });
    const transfer = [raw.estimate, raw.stdError, raw.pValue, raw.confLow, raw.confHigh, raw.estimand, raw.failed].map((a) => a.buffer as ArrayBuffer);
    port.postMessage({ type: "done", raw, conditions: prepared.conditions, c1: prepared.c1, c2: prepared.c2 } satisfies WorkerMessage, transfer);
  } catch (e) {
    const code = e instanceof EnsayoError ? e.code : null;
    port.postMessage({ type: "error", message: e instanceof Error ? e.message : String(e), code } satisfies WorkerMessage);
  }
}

if (!isMainThread && workerData && (workerData as { kind?: unknown }).kind === WORKER_KIND) {
  void runWorker(workerData as WorkerJob);
}

/**
 * `riTest` on several cores with Node's worker threads, with results identical to one thread.
 */
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import * as z from "zod/mini";
import type { z as zc } from "zod";
import { EnsayoError } from "../errors.js";
import type { DataInput } from "../data/table.js";
import { parseOptions } from "../internal/options.js";
import { concatPermutationValues, evaluatePermutations, type PermutationValues } from "../inference/evaluate-permutations.js";
import { prepareRiTest, type RiTestOptions } from "../inference/ri-prepare.js";
import { summarizeRiTest, type RiTestResult } from "../inference/ri-summary.js";
import { loadExport, moduleFile, moduleUrl, runWorkers, type WorkerMessage } from "./worker-runtime.js";

const FN = "riTestParallel";
const WORKER_KIND = "ensayo-ri-test";

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
  /** Worker threads (default 2); 1 runs in this thread. */
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

interface Job {
  kind: typeof WORKER_KIND;
  url: string;
  exportName: string;
  from: number;
  to: number;
  every: number;
}

type Done = { values: PermutationValues };

/**
 * Run {@link riTest} on several worker threads from the built package; the result is identical to one
 * thread (`riTest(spec.data, spec.options)`).
 *
 * Every assignment of the source is replayable by index (exact enumeration in its order; sampled draws
 * in independently seeded chunks of 1,000), so the assignments are split into one contiguous range per
 * worker, each worker evaluates the statistic on its range, and the values are joined in order before
 * the p-values are computed exactly as riTest does. This thread imports the spec too (for the observed
 * statistic and the summary).
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
export async function riTestParallel(options: RiTestParallelOptions): Promise<RiTestResult> {
  const o = parseOptions(Schema as unknown as zc.ZodType<z.output<typeof Schema>>, options, FN);
  const url = moduleUrl(o.spec.module);
  const spec = await loadExport<RiTestSpec>(url, o.spec.export, FN);
  checkSpec(spec);
  const prepared = prepareRiTest(spec.data, spec.options as RiTestOptions, FN);
  const size = prepared.source.size;
  const every = Math.max(1, Math.floor(size / 100));
  const report = (done: number) => o.onProgress?.(done, size);
  const workers = Math.min(o.workers, size);
  if (workers === 1) {
    const values = evaluatePermutations(prepared.source, prepared.statistic.stats, {
      fn: FN,
      progressEvery: every,
      onProgress: (d) => report(d),
      ...(o.signal ? { signal: o.signal } : {}),
    });
    return summarizeRiTest(prepared, values);
  }
  const bounds = Array.from({ length: workers + 1 }, (_, w) => Math.round((size * w) / workers));
  const jobs: Job[] = Array.from({ length: workers }, (_, w) => ({ kind: WORKER_KIND, url, exportName: o.spec.export, from: bounds[w]!, to: bounds[w + 1]!, every }));
  const parts = await runWorkers<Done>(jobs, { fn: FN, file: moduleFile(import.meta.url), onProgress: report, signal: o.signal });
  return summarizeRiTest(prepared, concatPermutationValues(parts.map((p) => p.values)));
}

function checkSpec(spec: RiTestSpec): void {
  if (!spec || typeof spec !== "object" || spec.data === undefined || typeof spec.options !== "object" || spec.options === null) {
    throw new EnsayoError("INVALID_OPTION", `${FN}: the spec must be \`{ data, options }\` (riTest's arguments)`);
  }
  if ("onProgress" in spec.options || "signal" in spec.options) {
    throw new EnsayoError("INVALID_OPTION", `${FN}: give \`onProgress\` and \`signal\` to riTestParallel, not in the spec's options`);
  }
}

async function runWorker(job: Job): Promise<void> {
  const port = parentPort!;
  try {
    const spec = await loadExport<RiTestSpec>(job.url, job.exportName, FN);
    checkSpec(spec);
    const prepared = prepareRiTest(spec.data, spec.options as RiTestOptions, FN);
    const values = evaluatePermutations(prepared.source, prepared.statistic.stats, {
      start: job.from,
      end: job.to,
      progressEvery: job.every,
      onProgress: (done) => port.postMessage({ type: "progress", done } satisfies WorkerMessage<Done>),
    });
    port.postMessage({ type: "done", values } satisfies WorkerMessage<Done>, [values.values.buffer as ArrayBuffer, values.weights.buffer as ArrayBuffer]);
  } catch (e) {
    port.postMessage({ type: "error", message: e instanceof Error ? e.message : String(e), code: e instanceof EnsayoError ? e.code : null } satisfies WorkerMessage<Done>);
  }
}

if (!isMainThread && workerData && (workerData as { kind?: unknown }).kind === WORKER_KIND) {
  void runWorker(workerData as Job);
}

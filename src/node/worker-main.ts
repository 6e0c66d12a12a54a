/**
 * The jobs every ensayo worker thread serves: tsup bundles this module, with everything it imports and
 * the whole public API (`worker-entry.ts`), into the single file `dist/ensayo-worker.js` (see
 * `worker-pool.ts`), so a worker starts without loading the package's module graph. A worker serves
 * jobs one after another (it is kept in a pool between calls):
 *
 * - `ri-inputs` (riTest's data and options, the design re-declared from its declaration) or `ri-load`
 *   (import the spec module, for statistics given as functions), then `ri-run` (take chunks, `ri-share.ts`);
 * - `diagnose` (import the spec module, prepare, take chunks, `diagnose-share.ts`);
 * - `ping` (answer at once: the benchmark times a worker's start-up with it).
 *
 * It replies with `progress` (its cumulative steps), `done` or `error` (`{ code, message, fn }`: the
 * re-created error keeps the name a public function gave it here, else the main thread's boundary names it). {@link serveJobs} starts listening
 * on `parentPort`: the bundle's entry calls it as it loads.
 */
import { parentPort, type MessagePort } from "node:worker_threads";
import { EnsayoError, isEnsayoError } from "../errors.js";
import { parseOptions } from "../internal/options.js";
import { prepareRiTest, type PreparedRiTest, type RiTestOptions } from "../inference/ri-prepare.js";
import { DesignSpecSchema, prepareSpec, type DesignSpec } from "../power/diagnose-design.js";
import { declareRaCore, RaOptionsSchema, type RaOptions } from "../assign/declare-ra.js";
import { rawDesign } from "../design/protocol.js";
import { simulateNextChunk, type ChunkMessages } from "./diagnose-share.js";
import { checkRiSpec, type DiagnoseJob, type DiagnoseWorkerResult, type PingJob, type RiInputsJob, type RiLoadJob, type RiRunJob, PROBE_SEED } from "./jobs.js";
import { evaluateNextChunk, evaluateStream, RiTally } from "./ri-share.js";
import type { WorkerReply } from "./shared-run.js";
import { loadExport } from "./worker-runtime.js";

// The public functions whose work this is, for the library functions that still take a caller's name.
const RI = "riTestParallel";
const DIAGNOSE = "diagnoseDesignParallel";

let port: MessagePort | null = null;
let riLoading: Promise<PreparedRiTest> | null = null;

function reply(m: WorkerReply<unknown>): void {
  port!.postMessage(m);
}

/** Send an error back: an EnsayoError (of this bundle or of another copy of ensayo the spec imported) with its code and name. */
function replyError(e: unknown): void {
  const ensayo = isEnsayoError(e);
  reply({ type: "error", message: e instanceof Error ? e.message : String(e), code: ensayo ? e.code : null, fn: ensayo ? e.fn ?? null : null });
}

/** Throttled progress: post when `every` more steps are done. */
function progressPoster(every: number): (done: number) => void {
  let last = 0;
  return (done) => {
    if (done - last >= every) {
      last = done;
      reply({ type: "progress", done });
    }
  };
}

async function loadRi(job: Pick<RiLoadJob, "url" | "exportName">): Promise<PreparedRiTest> {
  const spec = await loadExport<{ data: never; options: RiTestOptions }>(job.url, job.exportName);
  checkRiSpec(spec);
  return prepareRiTest(spec.data, spec.options, RI);
}

/** Prepare from the inputs the main thread sent; import the spec after all if the design is not the same. */
async function fromInputs(job: RiInputsJob): Promise<PreparedRiTest> {
  const options = { ...job.options } as RiTestOptions;
  if (job.declaration) {
    const declaration = job.declaration as unknown as RaOptions;
    const design = declareRaCore(parseOptions(RaOptionsSchema, declaration, "declareRa"), declaration).design;
    const probe = rawDesign(design).conductArms(PROBE_SEED);
    if (!job.probe || probe.length !== job.probe.length || probe.some((a, i) => a !== job.probe![i])) return loadRi(job);
    (options as { design?: unknown }).design = design;
  }
  return prepareRiTest(job.data as never, options, RI);
}

async function runRi(job: RiRunJob): Promise<void> {
  const prepared = await riLoading!;
  const { shared } = job;
  const { source, statistic } = prepared;
  if (source.size !== shared.size || statistic.stats.k !== shared.k) {
    throw new EnsayoError("INVALID_OPTION", `the spec gave ${source.size} assignments × ${statistic.stats.k} statistics in a worker but ${shared.size} × ${shared.k} in the main thread`, {
      hint: "Build the spec deterministically (fixed seeds, no Math.random or clock)",
    });
  }
  const tally = new RiTally(shared.k);
  const ctx = { every: job.every, progress: progressPoster(job.every) };
  if (shared.streaming) evaluateStream(source, statistic.stats, shared, tally, ctx);
  else while (evaluateNextChunk(source, statistic.stats, shared, tally, ctx));
  reply({ type: "done", result: tally.result(), steps: tally.done });
}

async function runDiagnose(job: DiagnoseJob): Promise<void> {
  const spec = parseOptions(DesignSpecSchema, await loadExport<DesignSpec>(job.url, job.exportName), DIAGNOSE);
  const p = prepareSpec(spec);
  const messages: ChunkMessages = [];
  const tally = { done: 0 };
  const progress = progressPoster(job.every);
  while (simulateNextChunk(p, job.seed, job.alpha, job.shared, messages, tally, progress));
  reply({ type: "done", result: { messages, conditions: p.conditions, c1: p.c1, c2: p.c2 } satisfies DiagnoseWorkerResult, steps: tally.done });
}

/**
 * Serve jobs on this worker thread's `parentPort`; does nothing on the main thread (where the bundle is
 * only a copy of the API) or when already serving.
 *
 * @example
 * ```ts
 * // dist/ensayo-worker.js, as it loads in a worker:
 * serveJobs(); // then answers { type: "ping" } with { type: "done", result: null, steps: 0 }
 * ```
 */
export function serveJobs(): void {
  if (!parentPort || port) return;
  port = parentPort;
  port.on("message", (job: PingJob | RiInputsJob | RiLoadJob | RiRunJob | DiagnoseJob) => {
    if (job.type === "ping") {
      reply({ type: "done", result: null, steps: 0 });
    } else if (job.type === "ri-load" || job.type === "ri-inputs") {
      riLoading = job.type === "ri-load" ? loadRi(job) : fromInputs(job);
      riLoading.catch(() => undefined); // reported when the run asks for it
    } else if (job.type === "ri-run") {
      runRi(job).catch(replyError);
    } else if (job.type === "diagnose") {
      runDiagnose(job).catch(replyError);
    }
  });
}

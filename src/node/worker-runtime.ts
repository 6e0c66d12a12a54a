/**
 * What ensayo's worker threads share: where a worker's code comes from, how it imports the user's
 * spec module, and a pool that runs one job per worker with progress, abort and clean failure.
 *
 * Workers run the BUILT package (`dist/node.js` or `dist/node.cjs`): starting one costs tens of
 * milliseconds. From the TypeScript sources (tests, tsx) the pool starts the package's `dist/node.js`
 * when it exists (npm test builds it first) and only otherwise compiles the sources through tsx in
 * every worker, which costs seconds per worker (diagnoseDesignParallel gained only about 1.1× that way).
 */
import { existsSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { EnsayoError, type EnsayoErrorCode } from "../errors.js";
import { throwIfAborted } from "../internal/abort.js";

/** Messages a worker sends back. */
export type WorkerMessage<T> =
  | { type: "progress"; done: number }
  | ({ type: "done" } & T)
  | { type: "error"; message: string; code: EnsayoErrorCode | null };

/** The file a worker should start, and whether it is code to evaluate (the tsx fallback). */
export function workerEntry(file: string): { entry: string; evalMode: boolean } {
  if (!/\.[cm]?tsx?$/.test(file)) return { entry: file, evalMode: false };
  const built = resolve(dirname(file), "../../dist/node.js");
  if (existsSync(built)) return { entry: built, evalMode: false };
  const code = `(async () => { const { register } = await import("tsx/esm/api"); register(); await import(${JSON.stringify(pathToFileURL(file).href)}); })()`;
  return { entry: code, evalMode: true };
}

/** This module's own file (ESM or CommonJS build, or the TypeScript source). */
export function moduleFile(metaUrl: string | undefined): string {
  if (typeof __filename === "string" && __filename) return __filename;
  return fileURLToPath(metaUrl!);
}

/** A `file:` URL for a module given as a path (relative to the current directory) or URL. */
export function moduleUrl(m: string | URL): string {
  if (m instanceof URL) return m.href;
  if (m.startsWith("file:")) return m;
  return pathToFileURL(isAbsolute(m) ? m : resolve(m)).href;
}

/**
 * Import the user's module and read its export `name` (calling it when it is a function).
 * A TypeScript module is imported through tsx (registered on first need).
 *
 * @throws EnsayoError `INVALID_OPTION` when the module cannot be imported or lacks the export.
 */
export async function loadExport<T>(url: string, name: string, fn: string): Promise<T> {
  let mod: Record<string, unknown>;
  try {
    if (/\.[cm]?tsx?$/.test(new URL(url).pathname)) await registerTsx();
    mod = (await import(url)) as Record<string, unknown>;
  } catch (e) {
    throw new EnsayoError("INVALID_OPTION", `${fn}: could not import \`spec.module\` ${url}: ${(e as Error).message}`, { value: url, cause: e });
  }
  if (!(name in mod)) {
    throw new EnsayoError("INVALID_OPTION", `${fn}: module ${url} has no export '${name}' (exports: ${Object.keys(mod).join(", ")})`, {
      value: name,
      hint: "Set `spec.export` to the name of the export holding the spec",
    });
  }
  const value = mod[name];
  return (typeof value === "function" ? await (value as () => T | Promise<T>)() : value) as T;
}

let tsxRegistered = false;
async function registerTsx(): Promise<void> {
  if (tsxRegistered) return;
  const specifier = "tsx/esm/api";
  const { register } = (await import(specifier)) as { register: () => void };
  register();
  tsxRegistered = true;
}

/** Options of {@link runWorkers}. */
export interface RunWorkersOptions {
  readonly fn: string;
  /** This module's file, from {@link moduleFile}. */
  readonly file: string;
  /** Called with the total done so far when any worker reports; a throw stops every worker and rejects. */
  readonly onProgress?: ((done: number) => void) | undefined;
  /** Aborting stops every worker and rejects with an `ABORTED` EnsayoError (the signal's reason as its cause). */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Start one worker per job (`workerData` = the job; each job has `from` and `to`) and resolve with their
 * "done" messages in job order. Any failure (an error message, a crash, a throwing `onProgress`, an abort)
 * terminates every worker and rejects.
 */
export function runWorkers<T>(jobs: readonly ({ from: number; to: number } & object)[], o: RunWorkersOptions): Promise<T[]> {
  const { entry, evalMode } = workerEntry(o.file);
  const started: Worker[] = [];
  let total = 0;
  let failed = false;
  return new Promise<T[]>((resolveAll, rejectAll) => {
    const results: T[] = new Array(jobs.length);
    let remaining = jobs.length;
    const fail = (e: unknown): void => {
      if (failed) return;
      failed = true;
      o.signal?.removeEventListener("abort", onAbort);
      for (const w of started) void w.terminate();
      rejectAll(e);
    };
    const onAbort = (): void => {
      try {
        throwIfAborted(o.signal, o.fn, `after ${total} of ${jobs.reduce((a, j) => a + j.to - j.from, 0)} steps`);
      } catch (e) {
        fail(e);
      }
    };
    if (o.signal?.aborted) {
      onAbort();
      return;
    }
    o.signal?.addEventListener("abort", onAbort, { once: true });
    jobs.forEach((job, w) => {
      const worker = new Worker(entry, { workerData: job, eval: evalMode });
      started.push(worker);
      let done = 0;
      let settled = false;
      worker.on("message", (m: WorkerMessage<T>) => {
        if (failed) return;
        if (m.type === "progress" || m.type === "done") {
          const now = m.type === "done" ? job.to - job.from : m.done;
          total += now - done;
          done = now;
          try {
            o.onProgress?.(total);
          } catch (e) {
            fail(e);
            return;
          }
        }
        if (m.type === "done") {
          settled = true;
          results[w] = m as unknown as T;
          void worker.terminate();
          if (--remaining === 0) {
            o.signal?.removeEventListener("abort", onAbort);
            resolveAll(results);
          }
        } else if (m.type === "error") {
          settled = true;
          fail(m.code ? new EnsayoError(m.code, m.message) : new Error(m.message));
        }
      });
      worker.on("error", (e) => {
        settled = true;
        fail(e);
      });
      worker.on("exit", (code) => {
        if (!settled) fail(new Error(`${o.fn}: worker ${w + 1} exited with code ${code} before finishing (is dist/ built from these sources? run \`npm run build\`)`));
      });
    });
  });
}

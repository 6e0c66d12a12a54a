/**
 * The worker threads behind riTestParallel and diagnoseDesignParallel: where their code comes from and a
 * small pool that keeps finished workers for the next call.
 *
 * A worker runs ONE self-contained file, `dist/ensayo-worker.js`, which tsup bundles from
 * `src/node/worker-entry.ts` (the jobs of `worker-main.ts` and the whole public API) with its
 * dependencies inlined (only `node:` builtins are imported). The package's own ES build is one module per
 * source module, and loading that graph in a fresh thread cost as much as the work a worker took over;
 * the bundle loads in tens of milliseconds. Workers start with the {@link WORKER_CONDITION} export
 * condition, under which package.json maps `ensayo` and `ensayo/node` to that same file: the
 * `import … from "ensayo"` of a spec module imported in a worker is the bundle already loaded (a few
 * milliseconds instead of ~150 ms of module graph), and the spec's designs come from the same copy of the
 * library as the worker's code. Errors are sent back as `{ code, message }` and re-created on this side,
 * so they are this copy's `EnsayoError`.
 *
 * The pool is created on first use and never keeps Node alive: idle workers are `unref`'d, and a worker
 * is `ref`'d only while it runs a job. A worker that failed, was aborted or was stopped is terminated, not
 * kept. From the TypeScript sources (tests, tsx) without a built `dist/`, workers compile
 * `worker-main.ts` through tsx, which costs seconds each.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

/** The bundled worker's file name in `dist/`. */
export const WORKER_FILE = "ensayo-worker.js";

/** The export condition workers start with: package.json maps `ensayo` and `ensayo/node` to {@link WORKER_FILE} under it. */
export const WORKER_CONDITION = "ensayo-worker";

/**
 * Where a worker's code is, seen from this module's own file: next to it or one level up in `dist/`
 * (CommonJS chunk, ES module in `dist/node/`), or in `dist/` beside `src/` when running from sources;
 * else the TypeScript entry through tsx (`evalMode`).
 *
 * @example
 * ```ts
 * // in an installed package, from dist/node/worker-pool.js: { entry: ".../dist/ensayo-worker.js", evalMode: false }
 * workerEntry("/no/such/src/node/worker-pool.ts").evalMode; // true (no dist/ built: the TypeScript entry through tsx)
 * ```
 */
export function workerEntry(here: string): { entry: string; evalMode: boolean } {
  const dir = dirname(here);
  const candidates = /\.[cm]?tsx?$/.test(here) ? [join(dir, "../../dist", WORKER_FILE)] : [join(dir, WORKER_FILE), join(dir, "..", WORKER_FILE)];
  for (const c of candidates) if (existsSync(c)) return { entry: c, evalMode: false };
  const source = join(dir, "worker-main.ts");
  // (the specifiers as JSON strings, so the bundled worker file, which holds this module too, names no import but node:)
  const code = `(async () => { const { register } = await import(${JSON.stringify(TSX_API)}); register(); (await import(${JSON.stringify(pathToFileURL(source).href)})).serveJobs(); })()`;
  return { entry: code, evalMode: true };
}

const TSX_API = "tsx/esm/api";

const idle: Worker[] = [];

/**
 * `count` workers: idle ones from the pool first, then new ones (started now, so they load while the
 * caller prepares; with this process's module options and the {@link WORKER_CONDITION} condition). Each
 * is `ref`'d until {@link releaseWorker} or {@link discardWorker}.
 *
 * @example
 * ```ts
 * const workers = acquireWorkers(1, `${process.cwd()}/dist/node/worker-pool.js`); // a new worker loading dist/ensayo-worker.js
 * workers.length; // 1
 * discardWorker(workers[0]!); // stopped (releaseWorker would keep it idle in the pool)
 * ```
 */
export function acquireWorkers(count: number, here: string): Worker[] {
  const out: Worker[] = [];
  while (out.length < count && idle.length > 0) out.push(idle.pop()!);
  if (out.length < count) {
    const { entry, evalMode } = workerEntry(here);
    while (out.length < count) {
      const execArgv = workerExecArgv();
      // In a worker, `import "ensayo"` is then the bundle it runs (package.json's "ensayo-worker" condition).
      if (!evalMode) execArgv.push(`--conditions=${WORKER_CONDITION}`);
      const w = new Worker(entry, { eval: evalMode, execArgv });
      // A worker that dies while idle leaves the pool.
      w.on("error", () => dropIdle(w));
      w.on("exit", () => dropIdle(w));
      out.push(w);
    }
  }
  for (const w of out) w.ref();
  return out;
}

/** Put a worker that finished its job cleanly back in the pool (it no longer keeps Node alive). */
export function releaseWorker(w: Worker): void {
  w.removeAllListeners("message");
  w.unref();
  idle.push(w);
}

/** Stop a worker for good (failed, aborted or no longer needed). */
export function discardWorker(w: Worker): void {
  w.removeAllListeners("message");
  dropIdle(w);
  void w.terminate();
}

/** Terminate every idle worker (e.g. before measuring a cold start). Returns how many there were. */
export async function closeWorkerPool(): Promise<number> {
  const all = idle.splice(0);
  await Promise.all(all.map((w) => w.terminate()));
  return all.length;
}

/**
 * This process's Node options that a worker needs: those that decide how modules load (`--import`,
 * `--require`/`-r`, `--loader`/`--experimental-loader`, `--conditions`/`-C`, other `--experimental-…`
 * flags) and `--enable-source-maps`/`--no-warnings`. Everything else stays with the process: Node refuses
 * process-wide options in a worker (`--expose-gc`, `--max-old-space-size`, …; `ERR_WORKER_INVALID_EXEC_ARGV`),
 * and `-e`/`-p` code and its `--input-type` belong to the main script only.
 *
 * @example
 * ```ts
 * workerExecArgv(["--input-type=module", "-e", "code", "--import", "tsx", "--expose-gc"]); // ["--import", "tsx"]
 * ```
 */
export function workerExecArgv(argv: readonly string[] = process.execArgv): string[] {
  const withValue = new Set(["--import", "--require", "-r", "--loader", "--experimental-loader", "--conditions", "-C"]);
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const name = a.split("=")[0]!;
    if (withValue.has(name)) {
      out.push(a);
      if (!a.includes("=") && i + 1 < argv.length) out.push(argv[++i]!);
    } else if (a === "--input-type" || a === "-e" || a === "--eval" || a === "-p" || a === "--print") {
      i++;
    } else if (name === "--enable-source-maps" || name === "--no-warnings" || (name.startsWith("--experimental-") && name !== "--experimental-loader")) {
      out.push(a);
    }
  }
  return out;
}

function dropIdle(w: Worker): void {
  const i = idle.indexOf(w);
  if (i >= 0) idle.splice(i, 1);
}

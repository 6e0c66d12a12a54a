/**
 * One parallel run on this side: this thread and its worker threads take chunks of the work from a
 * shared counter until none is left (see `chunks.ts`), so whoever is ready takes the next chunk and a
 * worker that starts late simply takes fewer. Progress is summed over the threads; the first failure
 * (an error in a worker or here, a crash, a throwing `onProgress`, an abort) stops every worker and
 * rejects. Workers that finish cleanly go back to the pool.
 */
import type { Worker } from "node:worker_threads";
import { EnsayoError, type EnsayoErrorCode } from "../errors.js";
import { throwIfAborted } from "../internal/abort.js";
import { discardWorker, releaseWorker } from "./worker-pool.js";

/** Messages a worker sends back. */
export type WorkerReply<T> =
  | { type: "progress"; done: number }
  | { type: "done"; result: T; steps: number }
  | { type: "error"; message: string; code: EnsayoErrorCode | null; fn: string | null };

/** What this thread's share of the work may use. */
export interface HereContext {
  /** Report this thread's cumulative steps done. */
  progress(done: number): void;
  /** Let the event loop run (worker messages, abort), then throw if the run has failed meanwhile. */
  yield(): Promise<void>;
  /** Resolves when every worker has finished (or the run has failed). */
  readonly workersDone: Promise<void>;
}

/** Options of {@link startSharedRun}. */
export interface SharedRunOptions {
  /** Steps in the whole run (for progress and the `ABORTED` message). */
  readonly total: number;
  /** Report progress when at least this many steps were added since the last report (and at the end). */
  readonly every: number;
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** A started run: post messages to its workers, then wait for everyone. */
export interface SharedRun<T> {
  /** Send a message to every worker of the run (before or after they are ready). */
  post(message: unknown): void;
  /** Run this thread's share (if any) and resolve with each worker's result, in worker order. */
  complete(here: ((ctx: HereContext) => Promise<void>) | null): Promise<T[]>;
  /** Stop the workers and reject with `e` (e.g. when this thread failed preparing the run). */
  abandon(e: unknown): never;
}

const STOPPED = Symbol("stopped");

/**
 * A worker's EnsayoError re-created on this thread: with the name a public function gave it in the worker
 * (its message already starts with it), or none, for the public function's boundary here to add.
 */
function workerError(code: EnsayoErrorCode, message: string, fn: string | null): EnsayoError {
  const error = new EnsayoError(code, message);
  if (fn !== null) (error as { fn?: string }).fn = fn;
  return error;
}

/**
 * Attach to `workers` (just acquired) and start listening; see {@link SharedRun}.
 * Used as `run.post(job)`, then `await run.complete(async (ctx) => { while (takeChunk()) await ctx.yield(); })`.
 */
export function startSharedRun<T>(workers: readonly Worker[], o: SharedRunOptions): SharedRun<T> {
  const results: (T | undefined)[] = new Array(workers.length);
  const finished = new Array<boolean>(workers.length).fill(false);
  const workerDone = new Array<number>(workers.length).fill(0);
  let hereDone = 0;
  let lastReported = 0;
  let failure: { error: unknown } | null = null;
  let settle: { resolve: () => void; reject: (e: unknown) => void } | null = null;
  let pending = workers.length;
  const cleanups: (() => void)[] = [];
  let workersFinished!: () => void;
  const workersDone = new Promise<void>((r) => (workersFinished = r));
  if (workers.length === 0) workersFinished();

  const sum = (): number => workerDone.reduce((a, b) => a + b, hereDone);
  const report = (): void => {
    const done = sum();
    if (!o.onProgress || done === lastReported || (done - lastReported < o.every && done !== o.total)) return;
    lastReported = done;
    try {
      o.onProgress(done, o.total);
    } catch (e) {
      fail(e);
    }
  };
  const fail = (e: unknown): void => {
    if (failure) return;
    failure = { error: e };
    for (const c of cleanups) c();
    workers.forEach((w, i) => {
      if (!finished[i]) discardWorker(w);
    });
    workersFinished();
    settle?.reject(e);
  };
  const onAbort = (): void => {
    try {
      throwIfAborted(o.signal, `after ${sum()} of ${o.total} steps`);
    } catch (e) {
      fail(e);
    }
  };
  o.signal?.addEventListener("abort", onAbort, { once: true });
  cleanups.push(() => o.signal?.removeEventListener("abort", onAbort));

  workers.forEach((w, i) => {
    const onMessage = (m: WorkerReply<T>): void => {
      if (failure || finished[i]) return;
      if (m.type === "progress") {
        workerDone[i] = m.done;
        report();
      } else if (m.type === "done") {
        finished[i] = true;
        results[i] = m.result;
        workerDone[i] = m.steps;
        detach();
        releaseWorker(w);
        report();
        if (--pending === 0) {
          workersFinished();
          settle?.resolve();
        }
      } else {
        fail(m.code ? workerError(m.code, m.message, m.fn) : new Error(m.message));
      }
    };
    const onError = (e: Error): void => fail(e);
    const onExit = (code: number): void => {
      if (!finished[i]) {
        fail(new EnsayoError("WORKER_FAILED", `worker thread ${i + 1} (of ${workers.length} extra) exited with code ${code} before finishing`, {
          value: code, hint: "A spec module may have called process.exit, or the thread ran out of memory; if dist/ is older than the sources, run `npm run build`",
        }));
      }
    };
    const detach = (): void => {
      w.off("message", onMessage);
      w.off("error", onError);
      w.off("exit", onExit);
    };
    w.on("message", onMessage);
    w.on("error", onError);
    w.on("exit", onExit);
    cleanups.push(detach);
  });

  const ctx: HereContext = {
    workersDone,
    progress(done) {
      hereDone = done;
      report();
      if (failure) throw STOPPED;
    },
    async yield() {
      await new Promise<void>((r) => setImmediate(r));
      if (failure) throw STOPPED;
    },
  };

  return {
    post(message) {
      if (!failure) for (let i = 0; i < workers.length; i++) if (!finished[i]) workers[i]!.postMessage(message);
    },
    abandon(e): never {
      fail(e);
      throw e;
    },
    async complete(here) {
      if (o.signal?.aborted) onAbort();
      const all = new Promise<void>((resolve, reject) => {
        settle = { resolve, reject };
        if (failure) reject(failure.error);
        else if (pending === 0) resolve();
      });
      all.catch(() => undefined); // observed below; avoid an unhandled rejection while `here` runs
      if (here && !failure) {
        try {
          await here(ctx);
        } catch (e) {
          if (e !== STOPPED) fail(e);
        }
      }
      if (failure) throw (failure as { error: unknown }).error;
      await all;
      for (const c of cleanups) c();
      if (o.onProgress && lastReported !== o.total && sum() === o.total) {
        lastReported = o.total;
        o.onProgress(o.total, o.total);
      }
      return results as T[];
    },
  };
}

/**
 * Worker threads (issue #12): riTestParallel (difference in means, n = 10,000, 10,000 permutations) and
 * diagnoseDesignParallel (40 offices of 10, 5,000 simulations), one thread vs 2 threads, target ≥ 1.7×.
 * No R equivalent is timed (R is not applicable here).
 *
 * - "first call": a fresh Node process that has imported `ensayo/node` times its first call (wall and
 *   CPU of every thread), so worker start-up is included; 3 processes each, median;
 * - "warm": the same calls repeated in this process (median of 3 after one warm-up), with the pool's
 *   workers already started;
 * - a worker's start-up alone (thread + the bundled worker file, until it answers) and the import of the
 *   spec module (which imports "ensayo" by name, as a user's module does) in a fresh thread, where that is
 *   the package's ES build module by module, and in an ensayo worker, where the "ensayo-worker" export
 *   condition makes it the bundle the worker already runs.
 *
 * Needs the built package (`npm run build`); run with `npm run bench -- parallel`.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { measure, printRows, type BenchRow } from "./util.js";

const dist = new URL("../dist/", import.meta.url);
const specs = fileURLToPath(new URL("./parallel-specs.mjs", import.meta.url));
const load = () => loadavg().map((x) => x.toFixed(1)).join(" ");

const calls = {
  riTestParallel: (workers: number) => `riTestParallel({ spec: { module: ${JSON.stringify(specs)}, export: "riSpec" }, workers: ${workers} })`,
  diagnoseDesignParallel: (workers: number) => `diagnoseDesignParallel({ spec: { module: ${JSON.stringify(specs)}, export: "diagnoseSpec" }, sims: 5000, seed: 1, workers: ${workers} })`,
};
type Fn = keyof typeof calls;

/** Wall and CPU (all threads) milliseconds of the first call in a fresh process. */
function firstCall(fn: Fn, workers: number): { wall: number; cpu: number } {
  const code = `import { ${fn} } from ${JSON.stringify(new URL("node.js", dist).href)};
    const c0 = process.cpuUsage(); const t0 = performance.now();
    await ${calls[fn](workers)};
    const wall = performance.now() - t0; const c = process.cpuUsage(c0);
    console.log(JSON.stringify({ wall, cpu: (c.user + c.system) / 1000 }));`;
  return JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8" }).trim().split("\n").at(-1)!);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function workerStartMs(): Promise<number> {
  const t0 = performance.now();
  const w = new Worker(new URL("ensayo-worker.js", dist));
  w.postMessage({ type: "ping" });
  await new Promise((r) => w.once("message", r));
  const ms = performance.now() - t0;
  await w.terminate();
  return ms;
}

/** Milliseconds to import the spec module in a fresh thread; `inWorker`: after the worker file, under its condition. */
async function specImportMs(inWorker: boolean): Promise<number> {
  const worker = JSON.stringify(new URL("ensayo-worker.js", dist).href);
  const before = inWorker ? `import(${worker})` : "Promise.resolve()";
  const w = new Worker(`${before}.then(() => { const t0 = performance.now(); return import(${JSON.stringify(specs)}).then(() => require("node:worker_threads").parentPort.postMessage(performance.now() - t0)); });`, {
    eval: true,
    execArgv: inWorker ? ["--conditions=ensayo-worker"] : [],
  });
  const ms = await new Promise<number>((r) => w.once("message", r));
  await w.terminate();
  return ms;
}

if (!existsSync(new URL("ensayo-worker.js", dist))) {
  console.log("(dist/ not built: run `npm run build` first)");
} else {
  console.log(`load average before: ${load()}`);
  const rows: BenchRow[] = [];
  const summary: string[] = [];
  for (const fn of Object.keys(calls) as Fn[]) {
    const one: { wall: number; cpu: number }[] = [];
    const two: { wall: number; cpu: number }[] = [];
    for (let r = 0; r < 3; r++) {
      one.push(firstCall(fn, 1));
      two.push(firstCall(fn, 2));
    }
    const w1 = median(one.map((x) => x.wall));
    const w2 = median(two.map((x) => x.wall));
    rows.push({ name: `${fn}, first call in a fresh process, 1 thread`, medianMs: w1, minMs: Math.min(...one.map((x) => x.wall)), reps: 3, note: `CPU ${median(one.map((x) => x.cpu)).toFixed(0)} ms` });
    rows.push({ name: `${fn}, first call in a fresh process, 2 threads`, medianMs: w2, minMs: Math.min(...two.map((x) => x.wall)), reps: 3, target: "≥ 1.7× on 2 cores", note: `speed-up **${(w1 / w2).toFixed(2)}×**; CPU ${median(two.map((x) => x.cpu)).toFixed(0)} ms (all threads)` });
    summary.push(`${fn} first call: ${(w1 / w2).toFixed(2)}×`);
  }
  const node = (await import(new URL("node.js", dist).href)) as Record<Fn, (o: unknown) => Promise<unknown>>;
  const opts = {
    riTestParallel: (workers: number) => ({ spec: { module: specs, export: "riSpec" }, workers }),
    diagnoseDesignParallel: (workers: number) => ({ spec: { module: specs, export: "diagnoseSpec" }, sims: 5000, seed: 1, workers }),
  };
  for (const fn of Object.keys(calls) as Fn[]) {
    const one = await measure(`${fn}, warm, 1 thread`, () => node[fn](opts[fn](1)), { reps: 3 });
    const two = await measure(`${fn}, warm, 2 threads (pooled worker)`, () => node[fn](opts[fn](2)), { reps: 3, target: "≥ 1.7× on 2 cores" });
    two.note = `speed-up **${(one.medianMs / two.medianMs).toFixed(2)}×**`;
    rows.push(one, two);
    summary.push(`${fn} warm: ${(one.medianMs / two.medianMs).toFixed(2)}×`);
  }
  const starts: number[] = [];
  const imports: number[] = [];
  const workerImports: number[] = [];
  for (let r = 0; r < 5; r++) {
    starts.push(await workerStartMs());
    imports.push(await specImportMs(false));
    workerImports.push(await specImportMs(true));
  }
  printRows("worker threads: 1 thread vs 2 (R: not applicable)", rows);
  console.log(`\nworker start-up (new thread + dist/ensayo-worker.js, until it answers): median ${median(starts).toFixed(0)} ms (min ${Math.min(...starts).toFixed(0)})`);
  console.log(`spec module import (bench/parallel-specs.mjs, import "ensayo") in a fresh thread, the package's ES build: median ${median(imports).toFixed(0)} ms (min ${Math.min(...imports).toFixed(0)})`);
  console.log(`the same in an ensayo worker ("ensayo-worker" condition: the bundle it runs): median ${median(workerImports).toFixed(0)} ms (min ${Math.min(...workerImports).toFixed(0)})`);
  console.log(`speed-ups: ${summary.join("; ")}`);
  console.log(`load average after: ${load()}`);
}

// The worker threads behind riTestParallel and diagnoseDesignParallel, from the built package (dist/,
// made by `npm test` before vitest): one self-contained worker file, a pool that is reused and never
// keeps Node alive, and a script that is its own spec module.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { riTestParallel } from "../../src/node/ri-test-parallel.js";
import { closeWorkerPool, WORKER_CONDITION, WORKER_FILE, workerEntry, workerExecArgv } from "../../src/node/worker-pool.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const dist = join(root, "dist");
const scratch = mkdtempSync(join(tmpdir(), "ensayo-workers-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const node = (file: string): string => execFileSync(process.execPath, [file], { cwd: scratch, encoding: "utf8", timeout: 60_000 }).trim();

describe("the bundled worker file", () => {
  const code = readFileSync(join(dist, WORKER_FILE), "utf8");

  it("imports nothing but node: builtins (its dependencies are inlined), so a worker loads one file", () => {
    // import/export statements start a statement (the file is minified: after `;` or a line break)
    const staticImports = [...code.matchAll(/(?:^|[;\n}])\s*(?:import|export)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["']([^"']+)["']/g)].map((m) => m[1]);
    const literalDynamic = [...code.matchAll(/\bimport\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    const requires = [...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    const specifiers = [...staticImports, ...literalDynamic, ...requires];
    expect(specifiers.length).toBeGreaterThan(0);
    expect(specifiers.filter((s) => !s!.startsWith("node:"))).toEqual([]);
  });

  it("exports the public API, and is what `import \"ensayo\"` and `\"ensayo/node\"` load under the ensayo-worker condition", () => {
    const code = `import * as core from "ensayo"; import * as node from "ensayo/node"; import * as bundle from ${JSON.stringify(join(dist, WORKER_FILE))};
      console.log(JSON.stringify([core.declareRa === bundle.declareRa, node.riTestParallel === bundle.riTestParallel, typeof core.lmRobust, typeof node.readCsvFile]));`;
    // from inside the package (a self-reference), as the benchmark's spec module imports it
    const run = (conditions: string[]) => JSON.parse(execFileSync(process.execPath, [...conditions, "--input-type=module", "-e", code], { cwd: root, encoding: "utf8", timeout: 60_000 }).trim());
    expect(run([`--conditions=${WORKER_CONDITION}`])).toEqual([true, true, "function", "function"]);
    // without the condition (every other thread): the per-module ES build, another copy
    expect(run([])).toEqual([false, false, "function", "function"]);
  }, 60_000);

  it("is what the runners start, from the sources and from either build", () => {
    expect(workerEntry(join(root, "src/node/worker-pool.ts"))).toEqual({ entry: join(dist, WORKER_FILE), evalMode: false });
    expect(workerEntry(join(dist, "node/worker-pool.js"))).toEqual({ entry: join(dist, WORKER_FILE), evalMode: false });
    expect(workerEntry(join(dist, "chunk-ABC.cjs"))).toEqual({ entry: join(dist, WORKER_FILE), evalMode: false });
  });
});

describe("the worker pool", () => {
  it("keeps finished workers for the next call", async () => {
    await closeWorkerPool();
    const module = join(root, "test/inference/fixtures/ri-spec.mjs");
    await riTestParallel({ spec: { module, export: "exactSpec" }, workers: 3 });
    expect(await closeWorkerPool()).toBe(2);
  }, 60_000);

  it("never keeps Node alive: a script that ran riTestParallel exits by itself", () => {
    const spec = join(root, "test/inference/fixtures/ri-spec.mjs");
    writeFileSync(join(scratch, "exits.mjs"), `import { riTestParallel } from ${JSON.stringify(join(dist, "node.js"))};
      const r = await riTestParallel({ spec: { module: ${JSON.stringify(spec)}, export: "exactSpec" }, workers: 2 });
      console.log(r.nSims);`);
    expect(node("exits.mjs")).toBe("3432");
  }, 60_000);
});

describe("workers started from `node --input-type=module -e …`", () => {
  it("do not inherit the options a worker refuses (--input-type, the -e code)", () => {
    expect(workerExecArgv(["--input-type=module", "-e", "code", "--import", "tsx", "--expose-gc"])).toEqual(["--import", "tsx"]);
    expect(workerExecArgv(["--max-old-space-size=4096", "--import=tsx", "-r", "x.cjs", "--conditions", "dev", "--no-warnings"])).toEqual(["--import=tsx", "-r", "x.cjs", "--conditions", "dev", "--no-warnings"]);
    const spec = join(root, "test/inference/fixtures/ri-spec.mjs");
    const code = `import { riTestParallel } from ${JSON.stringify(join(dist, "node.js"))};
      console.log((await riTestParallel({ spec: { module: ${JSON.stringify(spec)}, export: "exactSpec" }, workers: 2 })).nSims);`;
    expect(execFileSync(process.execPath, ["--input-type=module", "-e", code], { cwd: scratch, encoding: "utf8", timeout: 60_000 }).trim()).toBe("3432");
    // a process-wide option (as `npm run bench` passes) stays with the process instead of failing the worker
    expect(execFileSync(process.execPath, ["--expose-gc", "--max-old-space-size=2048", "--input-type=module", "-e", code], { cwd: scratch, encoding: "utf8", timeout: 60_000 }).trim()).toBe("3432");
  }, 60_000);
});

describe("diagnoseDesignParallel in a script that is its own spec module", () => {
  it("does not wait for itself (top-level await): the workers do the work, with the one-thread answer", () => {
    writeFileSync(join(scratch, "own-spec.mjs"), `import { isMainThread } from "node:worker_threads";
      import { declareRa, diagnoseDesign, diagnoseDesignParallel } from ${JSON.stringify(join(dist, "node.js"))};
      export const spec = () => ({ units: { id: Array.from({ length: 40 }, (_, i) => i) }, design: declareRa({ n: 40, prob: 0.5 }),
        potentialOutcomes: (u, z, rng) => rng.normal() + 0.4 * Number(z) });
      if (isMainThread) {
        const par = await diagnoseDesignParallel({ spec: { module: import.meta.url, export: "spec" }, sims: 300, seed: 3, workers: 2 });
        console.log(JSON.stringify(par) === JSON.stringify(diagnoseDesign({ ...spec(), sims: 300, seed: 3 })));
      }`);
    expect(node("own-spec.mjs")).toBe("true");
  }, 60_000);
});

describe("a spec module that imports the package by name", () => {
  it("gets, in a worker, the bundle the worker runs (not the ES build module by module), with the one-thread answer", () => {
    // The fixture throws in a worker where "ensayo" resolves to anything but dist/ensayo-worker.js.
    const spec = join(root, "test/node/fixtures/package-spec.mjs");
    writeFileSync(join(scratch, "by-name.mjs"), `import { diagnoseDesign, diagnoseDesignParallel } from ${JSON.stringify(join(dist, "node.js"))};
      import { spec } from ${JSON.stringify(spec)};
      const par = await diagnoseDesignParallel({ spec: { module: ${JSON.stringify(spec)}, export: "spec" }, sims: 200, seed: 5, workers: 3 });
      console.log(JSON.stringify(par) === JSON.stringify(diagnoseDesign({ ...spec(), sims: 200, seed: 5 })));`);
    expect(node("by-name.mjs")).toBe("true");
  }, 60_000);
});

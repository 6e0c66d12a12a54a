// riTestParallel runs its workers from the built package (dist/, made by `npm test` before vitest).
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { riTest } from "../../src/index.js";
import { riTestParallel } from "../../src/node/ri-test-parallel.js";
import { diagnoseDesignParallel } from "../../src/node/diagnose-parallel.js";

const module = fileURLToPath(new URL("./fixtures/ri-spec.mjs", import.meta.url));
const load = async (name = "default") => {
  const mod = (await import(module)) as Record<string, () => { data: never; options: never }>;
  return mod[name]!();
};

/** An onProgress that holds this thread once, so the workers surely take some of the chunks. */
const holdOnce = () => {
  let held = false;
  return () => {
    if (held) return;
    held = true;
    const until = Date.now() + 1500;
    while (Date.now() < until);
  };
};

describe("riTestParallel", () => {
  it("gives a result identical to riTest on one thread, with 2 workers, and reports progress up to the total", async () => {
    for (const name of ["default", "lmSpec"]) {
      const spec = await load(name);
      const single = riTest(spec.data, spec.options);
      const seen: number[] = [];
      const par = await riTestParallel({ spec: { module, export: name }, workers: 2, onProgress: (d) => seen.push(d) });
      expect(par).toEqual(single);
      expect(seen.at(-1)).toBe(single.nSims);
      expect(await riTestParallel({ spec: { module, export: name }, workers: 1 })).toEqual(single);
    }
  }, 60_000);

  it("gives riTest's result bit for bit whoever takes which chunk: 2 to 4 threads, sampled and exactly enumerated", async () => {
    for (const name of ["default", "exactSpec"]) {
      const spec = await load(name);
      const single = riTest(spec.data, spec.options);
      for (const workers of [2, 3, 4]) {
        const seen: number[] = [];
        const par = await riTestParallel({ spec: { module, export: name }, workers, onProgress: (d, t) => seen.push(d / t) });
        expect(par).toEqual(single);
        expect(par.nullDistribution).toEqual(single.nullDistribution);
        expect(seen.every((f, i) => f > 0 && f <= 1 && (i === 0 || f >= seen[i - 1]!))).toBe(true);
        expect(seen.at(-1)).toBe(1);
      }
    }
  }, 120_000);

  it("reports the first error in assignment order, whichever thread met it", async () => {
    const spec = await load("exactFailingSpec");
    const single = riTest(spec.data, spec.options);
    expect(single.warnings.join(" ")).toMatch(/first error: boom on/);
    for (const workers of [2, 3]) expect(await riTestParallel({ spec: { module, export: "exactFailingSpec" }, workers })).toEqual(single);
  }, 60_000);

  it("sends the data, options and design declaration to the workers, which need not import the spec module", async () => {
    const mainOnly = fileURLToPath(new URL("./fixtures/ri-spec-main-only.mjs", import.meta.url));
    const spec = ((await import(mainOnly)) as { default: () => { data: never; options: never } }).default();
    expect(await riTestParallel({ spec: { module: mainOnly }, workers: 2, onProgress: holdOnce() })).toEqual(riTest(spec.data, spec.options));
  }, 60_000);

  it("falls back to importing the spec in the workers when the declaration no longer gives the same design", async () => {
    const spec = await load("mutatedSpec");
    expect(await riTestParallel({ spec: { module, export: "mutatedSpec" }, workers: 2, onProgress: holdOnce() })).toEqual(riTest(spec.data, spec.options));
  }, 60_000);

  it("counts a user statistic's failures in the workers as riTest does", async () => {
    const spec = await load("failingSpec");
    const par = await riTestParallel({ spec: { module, export: "failingSpec" }, workers: 2 });
    expect(par).toEqual(riTest(spec.data, spec.options));
    expect(par.rows[0]!.nFailed).toBeGreaterThan(0);
  }, 60_000);

  it("rejects when aborted, and when onProgress throws (stopping the workers)", async () => {
    const ac = new AbortController();
    ac.abort(new Error("stopped by the user"));
    await expect(riTestParallel({ spec: { module }, workers: 2, signal: ac.signal })).rejects.toMatchObject({ code: "ABORTED", cause: ac.signal.reason });
    await expect(riTestParallel({ spec: { module }, workers: 2, onProgress: () => { throw new Error("progress failed"); } })).rejects.toThrow("progress failed");
  }, 60_000);

  it("stops mid-run when the signal is aborted from onProgress, and the next call still works", async () => {
    const ac = new AbortController();
    const reason = new Error("enough");
    const run = riTestParallel({ spec: { module }, workers: 2, signal: ac.signal, onProgress: (d, t) => { if (d > t / 4) ac.abort(reason); } });
    await expect(run).rejects.toMatchObject({ code: "ABORTED", cause: reason });
    const spec = await load();
    expect(await riTestParallel({ spec: { module }, workers: 2 })).toEqual(riTest(spec.data, spec.options));
  }, 60_000);

  it("refuses a spec module without the export (INVALID_OPTION)", async () => {
    await expect(riTestParallel({ spec: { module, export: "nope" } })).rejects.toMatchObject({ code: "INVALID_OPTION" });
  });
});

describe("diagnoseDesignParallel stops its workers", () => {
  const spec = fileURLToPath(new URL("../power/fixtures/cluster-spec.ts", import.meta.url));
  it("when onProgress throws, and when the signal is aborted", async () => {
    await expect(diagnoseDesignParallel({ spec: { module: spec, export: "clusterSpec" }, sims: 40, seed: 1, workers: 2, onProgress: () => { throw new Error("no more"); } })).rejects.toThrow("no more");
    const ac = new AbortController();
    ac.abort(new Error("aborted"));
    await expect(diagnoseDesignParallel({ spec: { module: spec, export: "clusterSpec" }, sims: 40, seed: 1, workers: 2, signal: ac.signal })).rejects.toMatchObject({ code: "ABORTED" });
  }, 120_000);
});

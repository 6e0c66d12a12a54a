/**
 * diagnoseDesign: 1,000 simulations of a 2,000-unit blocked design (40 blocks of 50, half treated
 * in each block) analysed with differenceInMeans (blocked). Target: under 2 s on one thread.
 * Also the same run on 2 worker threads (diagnoseDesignParallel; identical results) and the
 * analytic planTrial / powerTTest calls.
 *
 * This file is also the design module the workers import (`blockedSpec`); the benchmark itself
 * runs only on the main thread.
 */
import { isMainThread } from "node:worker_threads";
import { fileURLToPath } from "node:url";
import { declareRa } from "../src/assign/declare-ra.js";
import { diagnoseDesignParallel } from "../src/node/diagnose-parallel.js";
import { diagnoseDesign, type DesignSpec } from "../src/power/diagnose-design.js";
import { planTrial } from "../src/power/plan-trial.js";
import { powerTTest } from "../src/power/power-t-test.js";
import { measure, peakRssMiB, printRows, type BenchRow } from "./util.js";

const N = 2_000;
const B = 40;

/** The benchmarked design: block means differ, effect 0.1 SD, unit noise N(0, 1). */
export function blockedSpec(): DesignSpec {
  const block = Array.from({ length: N }, (_, i) => `b${String(i % B).padStart(2, "0")}`);
  const blockMean = Array.from({ length: B }, (_, b) => Math.sin(b));
  return {
    units: { block },
    design: declareRa({ blocks: block, prob: 0.5 }),
    blocks: "block",
    potentialOutcomes: (_u, z, rng, i) => blockMean[i % B]! + 0.1 * Number(z) + rng.normal(),
  };
}

if (isMainThread) {
  const SIMS = 1_000;
  const rows: BenchRow[] = [];
  const spec = blockedSpec();
  const cpu0 = process.cpuUsage();
  let power = NaN;
  rows.push(
    await measure(`diagnoseDesign, ${SIMS} sims × ${N} units, ${B} blocks, one thread`, () => {
      const r = diagnoseDesign({ ...spec, sims: SIMS, seed: 1 });
      power = r.diagnosands.find((d) => d.diagnosand === "power")!.estimate;
    }, { reps: 3, warmup: 1, target: "< 2000 ms" }),
  );
  const cpu = process.cpuUsage(cpu0);
  rows[0]!.note = `power ${power.toFixed(3)}; CPU ${((cpu.user + cpu.system) / 1000 / 4).toFixed(0)} ms per run`;
  const module = fileURLToPath(import.meta.url);
  rows.push(
    await measure(`diagnoseDesignParallel, same run, 2 workers`, () => diagnoseDesignParallel({ spec: { module, export: "blockedSpec" }, sims: SIMS, seed: 1, workers: 2 }), {
      reps: 3,
      warmup: 1,
      note: "includes starting 2 workers (and compiling TypeScript in them when run from sources)",
    }),
  );
  const LONG = 5_000;
  rows.push(
    await measure(`diagnoseDesign, ${LONG} sims, one thread`, () => diagnoseDesign({ ...spec, sims: LONG, seed: 2 }), { reps: 1, warmup: 0 }),
  );
  rows.push(
    await measure(`diagnoseDesignParallel, ${LONG} sims, 2 workers`, () => diagnoseDesignParallel({ spec: { module, export: "blockedSpec" }, sims: LONG, seed: 2, workers: 2 }), {
      reps: 1,
      warmup: 0,
      note: "worker start-up is amortized over a longer run",
    }),
  );
  rows.push(
    await measure("planTrial mde, cluster design (×1000)", () => {
      for (let i = 0; i < 1000; i++) planTrial({ solveFor: "mde", design: "cluster", nClusters: 48, clusterSize: 10, icc: 0.1 });
    }),
  );
  rows.push(
    await measure("powerTTest solve n (×100)", () => {
      for (let i = 0; i < 100; i++) powerTTest({ d: 0.3 + i / 1000, power: 0.8 });
    }),
  );
  printRows("power", rows);
  console.log(`\npeak RSS ${peakRssMiB().toFixed(0)} MiB; load average ${(await import("node:os")).loadavg().map((x) => x.toFixed(1)).join(" ")}`);
}

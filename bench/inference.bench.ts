/**
 * riTest speed (targets from issue #12) and memory, with ri2 timed on the same data in the same run.
 * ri2 enumerates with a permutation matrix and refits with lm_robust per assignment, so it is timed on
 * a reduced number of permutations and scaled linearly (its cost per permutation is constant); the
 * number it ran is printed beside it.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRng, declareRa, riTest } from "../src/index.js";
import { fileURLToPath } from "node:url";
import { existsSync } from "node:fs";
import { diagnoseDesignParallel, riTestParallel } from "../src/node.js";
import { measure, printRows, writeCsvColumns, type BenchRow } from "./util.js";
import { permutationSource } from "../src/inference/permutation-source.js";
import { evaluatePermutations } from "../src/inference/evaluate-permutations.js";
import { fwlStatistics } from "../src/inference/fwl-statistic.js";
import { mainEffectCoefficients } from "../src/inference/fwl-main-effects.js";

/** CPU milliseconds (user + system) of one call: on a shared machine wall time mostly measures the queue. */
function cpuMs(f: () => unknown): number {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

const rows: BenchRow[] = [];
const dir = mkdtempSync(join(tmpdir(), "ensayo-ri-"));

function data(n: number, seed: number) {
  const rng = createRng(seed);
  const z = Int32Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : 0));
  const xs = Array.from({ length: 5 }, () => Float64Array.from({ length: n }, () => rng.normal()));
  const y = Float64Array.from({ length: n }, (_, i) => 0.1 * z[i]! + xs[0]![i]! + 0.5 * xs[1]![i]! + rng.normal());
  return { y, z: Float64Array.from(z), x1: xs[0]!, x2: xs[1]!, x3: xs[2]!, x4: xs[3]!, x5: xs[4]! };
}

/** Seconds per permutation of ri2's conduct_ri on `csv` with `perms` sampled assignments (after one warm-up call). */
function timeRi2(csv: string, call: string, perms: number): number | null {
  try {
    const script =
      `.libPaths(c("/tmp/rlib", .libPaths())); suppressPackageStartupMessages({library(ri2); library(randomizr)}); d <- read.csv("${csv}"); ` +
      `decl <- ${call.split("|")[0]}; invisible(conduct_ri(${call.split("|")[1]}, declaration = decl, data = d, sims = 20)); ` +
      `t <- system.time(conduct_ri(${call.split("|")[1]}, declaration = decl, data = d, sims = ${perms}))[["elapsed"]]; cat(t / ${perms})`;
    const out = execFileSync("Rscript", ["-e", script], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    return Number(out);
  } catch {
    return null;
  }
}

const n = 10_000;
const d = data(n, 1);
const zs = Array.from(d.z);
const design = declareRa({ n, m: n / 2 });
const sims = 10_000;
const dimRow = await measure("riTest DiM, n = 10,000, 10,000 permutations", () => riTest({ ...d, z: zs }, { outcome: "y", treatment: "z", design, sims, confidence: false }), { reps: 3, target: "< 1 s (one thread)" });
rows.push(dimRow);
const lmRow = await measure("riTest lmRobust coefficient, 5 covariates, n = 10,000, 10,000 permutations", () =>
  riTest({ ...d, z: zs }, { outcome: "y", treatment: "z", design, sims, confidence: false, statistic: { estimator: "lmRobust", formula: "y ~ z + x1 + x2 + x3 + x4 + x5" } }), { reps: 3, target: "< 3 s" });
rows.push(lmRow);

// A/B in this process, same draws: the coefficient from per-arm sums (riTest's lmRobust path) vs the
// unit-by-unit factored pass it replaced (still lmLin's), and the draws alone; CPU ms, median of 3
const abSource = permutationSource(design, { n, seed: 1, sims });
const abCovariates = [new Float64Array(n).fill(1), d.x1, d.x2, d.x3, d.x4, d.x5];
const abSetup = { covariates: abCovariates, k: 2, control: 0, arms: [1], outcomes: [d.y] };
const median3 = (f: () => unknown) => [cpuMs(f), cpuMs(f), cpuMs(f)].sort((a, b) => a - b)[1]!;
const abDraws = median3(() => abSource.forEach(() => {}));
const abNew = median3(() => evaluatePermutations(abSource, mainEffectCoefficients(abSetup)));
const abOld = median3(() => evaluatePermutations(abSource, fwlStatistics({ ...abSetup, interactions: [], value: "estimate", seType: "HC2", clusters: null, nClusters: 0 })));
const abNote = `A/B same process and draws, CPU median of 3: draws alone ${abDraws.toFixed(0)} ms; draws + per-arm sums ${abNew.toFixed(0)} ms; draws + unit-by-unit pass (before) ${abOld.toFixed(0)} ms`;

// block-and-cluster: 200 offices of 5–15 officials in 10 regions, offices assigned within regions
const rng = createRng(7);
const office: string[] = [];
const region: string[] = [];
for (let o = 0; o < 200; o++) {
  const size = 5 + rng.int(11);
  for (let k = 0; k < size; k++) {
    office.push(`o${o}`);
    region.push(`r${o % 10}`);
  }
}
const nb = office.length;
const bcDesign = declareRa({ blocks: region, clusters: office, prob: 0.5 });
const zb = bcDesign.conduct(3).arm;
const yb = Float64Array.from({ length: nb }, (_, i) => 0.2 * zb[i]! + rng.normal());
const bcData = { y: yb, z: Array.from(zb), region, office };
const bcRow = await measure(`riTest block-and-cluster DiM, 200 offices in 10 regions (${nb} officials), 10,000 permutations`, () =>
  riTest(bcData, { outcome: "y", treatment: "z", design: bcDesign, sims, confidence: false, statistic: { estimator: "differenceInMeans", blocks: "region", clusters: "office" } }), { reps: 3, target: "< 1 s" });
rows.push(bcRow);

// memory: the heap after one run does not grow with sims (the draws are streamed; only the null distribution is kept)
const heap: string[] = [];
for (const s of [1_000, 10_000, 100_000]) {
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  riTest({ ...d, z: zs }, { outcome: "y", treatment: "z", design, sims: s, confidence: false, onProgress: () => { peak = Math.max(peak, process.memoryUsage().heapUsed); } });
  heap.push(`${s.toLocaleString("en")} sims: peak heap +${((peak - before) / 2 ** 20).toFixed(1)} MiB (n × sims would be ${((n * s * 4) / 2 ** 20).toFixed(0)} MiB)`);
}

// ri2 on the same data, same run
const csv = join(dir, "ri.csv");
writeCsvColumns(csv, { ...d, z: zs });
const csvBc = join(dir, "ri-bc.csv");
writeCsvColumns(csvBc, { y: yb, z: Array.from(zb), region, office });
const riPerms = 200;
const r1 = timeRi2(csv, `declare_ra(N = nrow(d), m = nrow(d) / 2)|Y ~ z, assignment = "z", IPW = FALSE, outcome = NULL`.replace("Y ~ z", "y ~ z"), riPerms);
const r2 = timeRi2(csv, `declare_ra(N = nrow(d), m = nrow(d) / 2)|y ~ z + x1 + x2 + x3 + x4 + x5, assignment = "z", IPW = FALSE`, riPerms);
const r3 = timeRi2(csvBc, `declare_ra(blocks = d$region, clusters = d$office, prob = 0.5)|test_function = function(dd) estimatr::difference_in_means(y ~ z, blocks = region, clusters = office, data = dd)$coefficients[[1]], outcome = "y", assignment = "z"`, riPerms);
const cmp = (row: BenchRow, s: number | null) => (s === null ? "ri2 not available" : `ri2 ${(s * sims).toFixed(1)} s for ${sims} (timed on ${riPerms}, wall); ensayo ${((row.medianMs / (s * sims * 1000)) * 100).toFixed(2)} % of it`);
const cpu = (f: () => unknown) => `; CPU ${cpuMs(f).toFixed(0)} ms`;
dimRow.note = cmp(dimRow, r1) + cpu(() => riTest({ ...d, z: zs }, { outcome: "y", treatment: "z", design, sims, confidence: false }));
lmRow.note = cmp(lmRow, r2) + `; ${abNote}` + cpu(() => riTest({ ...d, z: zs }, { outcome: "y", treatment: "z", design, sims, confidence: false, statistic: { estimator: "lmRobust", formula: "y ~ z + x1 + x2 + x3 + x4 + x5" } }));
bcRow.note = cmp(bcRow, r3) + cpu(() => riTest(bcData, { outcome: "y", treatment: "z", design: bcDesign, sims, confidence: false, statistic: { estimator: "differenceInMeans", blocks: "region", clusters: "office" } }));

// worker threads (from the built package): 1 vs 2 workers
const specs = fileURLToPath(new URL("./parallel-specs.mjs", import.meta.url));
if (existsSync(new URL("../dist/node.js", import.meta.url))) {
  const one = await measure("riTestParallel, DiM n = 10,000, 10,000 permutations, 1 worker", () => riTestParallel({ spec: { module: specs, export: "riSpec" }, workers: 1 }), { reps: 3 });
  const two = await measure("riTestParallel, same, 2 workers", () => riTestParallel({ spec: { module: specs, export: "riSpec" }, workers: 2 }), { reps: 3, target: "≥ 1.7× on 2 cores" });
  two.note = `speed-up ${(one.medianMs / two.medianMs).toFixed(2)}×`;
  const dOne = await measure("diagnoseDesignParallel, 40 offices, 5,000 simulations, 1 worker", () => diagnoseDesignParallel({ spec: { module: specs, export: "diagnoseSpec" }, sims: 5000, seed: 1, workers: 1 }), { reps: 3 });
  const dTwo = await measure("diagnoseDesignParallel, same, 2 workers", () => diagnoseDesignParallel({ spec: { module: specs, export: "diagnoseSpec" }, sims: 5000, seed: 1, workers: 2 }), { reps: 3, target: "≥ 1.7× on 2 cores" });
  dTwo.note = `speed-up ${(dOne.medianMs / dTwo.medianMs).toFixed(2)}×`;
  rows.push(one, two, dOne, dTwo);
} else console.log("(dist/ not built: worker-thread rows skipped; run `npm run build`)");
printRows("randomization inference (riTest)", rows);
console.log("\nmemory (heap growth during one run):\n" + heap.map((h) => `- ${h}`).join("\n"));

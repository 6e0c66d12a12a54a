/**
 * Family-wise adjustments from the randomization distribution: westfallYoung (maxT, minP) and
 * romanoWolf over 5 outcomes × 10,000 sampled assignments, on the pilot's size (464 officials,
 * 48 offices in 6 regions) and on 10,000 units; plus adjustPValues and standardizedIndex.
 */
import { declareRa } from "../src/assign/declare-ra.js";
import { makeTable } from "../src/data/table.js";
import { adjustPValues } from "../src/inference/adjust-p-values.js";
import { romanoWolf } from "../src/inference/romano-wolf.js";
import { standardizedIndex } from "../src/inference/standardized-index.js";
import { westfallYoung } from "../src/inference/westfall-young.js";
import { createRng } from "../src/internal/rng.js";
import { permutationSource } from "../src/inference/permutation-source.js";
import { measure, peakRssMiB, printRows, type BenchRow } from "./util.js";

const rng = createRng("inference-multiplicity-bench");
const K = 5;
const outcomes = Array.from({ length: K }, (_, k) => `y${k + 1}`);

function dataFor(arm: Int32Array): Record<string, Float64Array> {
  const n = arm.length;
  const cols: Record<string, Float64Array> = { z: Float64Array.from(arm) };
  const common = Float64Array.from({ length: n }, () => rng.normal());
  for (let k = 0; k < K; k++) cols[outcomes[k]!] = Float64Array.from({ length: n }, (_, i) => 0.2 * k * arm[i]! + 0.6 * common[i]! + rng.normal());
  return cols;
}

// pilot-sized: 48 offices of 4–18 officials in 6 regions, 4 of 8 offices treated per region
const sizes = Array.from({ length: 48 }, () => 4 + rng.int(15));
const clusters = sizes.flatMap((s, c) => Array.from({ length: s }, () => `OF-${c}`));
const blocks = sizes.flatMap((s, c) => Array.from({ length: s }, () => `R${Math.floor(c / 8)}`));
const pilotDesign = declareRa({ blocks, clusters, m: 4 });
const pilot = makeTable({ ...dataFor(pilotDesign.conductArms(1)), block: blocks });
// 10,000 units, complete assignment of half
const bigDesign = declareRa({ n: 10_000, m: 5_000 });
const big = makeTable(dataFor(bigDesign.conductArms(2)));

const sims = 10_000;
const rows: BenchRow[] = [];
const rss0 = peakRssMiB();
rows.push(await measure(`westfallYoung maxT, ${K} outcomes × ${sims} assignments, pilot design (n = ${pilot.nRows}, 48 clusters, 6 blocks)`,
  () => westfallYoung(pilot, { outcomes, treatment: "z", design: pilotDesign, sims, seed: 1 }), { reps: 5, target: "—" }));
rows.push(await measure(`westfallYoung minP, same`, () => westfallYoung(pilot, { outcomes, treatment: "z", design: pilotDesign, sims, seed: 1, method: "minP" }), { reps: 5 }));
rows.push(await measure(`romanoWolf, same`, () => romanoWolf(pilot, { outcomes, treatment: "z", design: pilotDesign, sims, seed: 1 }), { reps: 5 }));
rows.push(await measure(`westfallYoung maxT with riTest's blocked differenceInMeans, same`,
  () => westfallYoung(pilot, { outcomes, treatment: "z", design: pilotDesign, sims, seed: 1, statistic: { estimator: "differenceInMeans", blocks: "block" } }), { reps: 5 }));
rows.push(await measure(`westfallYoung maxT, ${K} outcomes × ${sims} assignments, n = 10,000 complete`,
  () => westfallYoung(big, { outcomes, treatment: "z", design: bigDesign, sims, seed: 1 }), { reps: 3 }));
rows.push(await measure(`  of which drawing the ${sims} assignments of 10,000 units (permutationSource alone)`, () => {
  let s = 0;
  permutationSource(bigDesign, { n: 10_000, seed: 1, sims }).forEach((arm) => { s += arm[0]!; });
  return s;
}, { reps: 3 }));
const rssWy = peakRssMiB();
const p = Float64Array.from({ length: 10_000 }, () => rng.next() ** 3);
rows.push(await measure("adjustPValues, 10,000 p-values, holm + hochberg + bonferroni + BH + BY", () => {
  for (const method of ["holm", "hochberg", "bonferroni", "BH", "BY"] as const) adjustPValues(p, { method });
}, { reps: 3 }));
rows.push(await measure("adjustPValues hommel, 10,000 p-values (O(n²), as p.adjust)", () => adjustPValues(p, { method: "hommel" }), { reps: 3 }));
rows.push(await measure("adjustPValues sharpened q, 1,000 p-values (1,000-step grid)", () => adjustPValues(p.subarray(0, 1000), { method: "sharpened" }), { reps: 3 }));
rows.push(await measure(`standardizedIndex anderson, n = 10,000, ${K} outcomes`, () => standardizedIndex(big, { outcomes, treatment: "z", method: "anderson" }), { reps: 5 }));
printRows("Multiple testing and indices (bench/inference-multiplicity.bench.ts)", rows);
console.log(`\npeak RSS before the family-wise runs ${rss0.toFixed(0)} MiB, after ${rssWy.toFixed(0)} MiB (maxT streams: O(n + outcomes) per draw; minP keeps outcomes × draws doubles)`);

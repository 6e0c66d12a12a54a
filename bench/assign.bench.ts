/**
 * Assignment benchmarks: block assignment of 1,000,000 units in 10,000 blocks with 3 arms
 * (target < 1 s end to end: declare + conduct), plus the repeated-draw paths power and
 * balance use (conductArms on a small design, simulate).
 */
import { blockRa } from "../src/assign/block-ra.js";
import { declareRa } from "../src/assign/declare-ra.js";
import { measure, peakRssMiB, printRows } from "./util.js";

const N = 1_000_000;
const B = 10_000;
const blocks = new Array<string>(N);
for (let i = 0; i < N; i++) blocks[i] = `b${(i * 7919) % B}`; // interleaved, every block of 100

const rows = [];
rows.push(await measure("blockRa 1e6 units, 1e4 blocks, 3 arms (declare + conduct)", () => blockRa({ blocks, numArms: 3, seed: 1 }), {
  reps: 3, target: "< 1000 ms",
}));
const design = declareRa({ blocks, numArms: 3 });
const out = new Int32Array(N);
rows.push(await measure("conductArms only (declared once), 1e6 units", () => design.conductArms(2, out), { reps: 5 }));
const bal = declareRa({ blocks, probEach: [0.5, 0.3, 0.2], balanceAcrossBlocks: true });
rows.push(await measure("conductArms, balanceAcrossBlocks, 1e6 units / 1e4 blocks, 3 arms", () => bal.conductArms(3, out), { reps: 3 }));
rows.push(await measure("receipt of a 1e6-unit assignment (SHA-256 of blocks and result)", () => design.conduct(4).receipt, { reps: 3 }));
const small = declareRa({ blocks: Array.from({ length: 200 }, (_, i) => `r${i % 10}`), prob: 0.5 });
const buf = new Int32Array(200);
rows.push(await measure("10,000 × conductArms(seed), 200 units in 10 blocks", () => { for (let s = 0; s < 10_000; s++) small.conductArms(s, buf); }, { reps: 3 }));
rows.push(await measure("simulate 10,000 draws, 200 units in 10 blocks", () => small.simulate(10_000, 1, () => {}), { reps: 3 }));
printRows("assignment", rows);
console.log(`peak RSS ${peakRssMiB().toFixed(0)} MiB`);

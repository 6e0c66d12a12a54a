/**
 * Blocked differenceInMeans with n = 1,000,000 in 10,000 blocks (target: under 0.5 s),
 * and, when Rscript with estimatr is installed, estimatr::difference_in_means on the same
 * data in the same run (the ratio is printed).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeTable } from "../src/data/table.js";
import { differenceInMeans } from "../src/estimators/difference-in-means.js";
import { createRng } from "../src/internal/rng.js";
import { measure, peakRssMiB, printRows, type BenchRow } from "./util.js";

const n = 1_000_000;
const B = 10_000;
const rng = createRng("dim-bench");
const y = new Float64Array(n);
const z = new Float64Array(n);
const blk = new Float64Array(n);
for (let i = 0; i < n; i++) {
  const b = i % B;
  blk[i] = b + 1;
  // alternate arms within a block so every block of 100 has 50 per arm
  z[i] = Math.floor(i / B) % 2;
  y[i] = 10 + 0.3 * z[i]! + 0.001 * b + rng.normal();
}
const numericBlocks = makeTable({ y, z, blk });
const textBlocks = makeTable({ y, z, blk: Array.from(blk, (v) => `b${v}`) });

const rows: BenchRow[] = [];
let est = NaN;
/** Wall time, plus CPU time per call in the note (the machine may be shared; JS here is single-threaded). */
async function timed(name: string, fn: () => void): Promise<BenchRow> {
  const reps = 7;
  const c0 = process.cpuUsage();
  const row = await measure(name, fn, { reps, warmup: 1, target: "< 500 ms" });
  const c = process.cpuUsage(c0);
  row.note = `CPU ${((c.user + c.system) / 1000 / (reps + 1)).toFixed(0)} ms per call`;
  return row;
}
rows.push(
  await timed("differenceInMeans blocked, n=1e6, B=1e4 (numeric block ids)", () => {
    est = differenceInMeans(numericBlocks, { outcome: "y", treatment: "z", blocks: "blk" }).coefficients[0]!.estimate;
  }),
);
rows.push(
  await timed("differenceInMeans blocked, n=1e6, B=1e4 (text block ids)", () => {
    differenceInMeans(textBlocks, { outcome: "y", treatment: "z", blocks: "blk" });
  }),
);

let rNote = "Rscript/estimatr not available";
try {
  execFileSync("Rscript", ["-e", "invisible(packageVersion('estimatr'))"], { stdio: "ignore" });
  const dir = mkdtempSync(join(tmpdir(), "ensayo-dim-"));
  const lines = ["y,z,blk"];
  for (let i = 0; i < n; i++) lines.push(`${y[i]},${z[i]},${blk[i]}`);
  writeFileSync(join(dir, "d.csv"), lines.join("\n"));
  const script = `suppressMessages(library(estimatr)); d <- read.csv("${join(dir, "d.csv")}");
ts <- replicate(3, system.time(r <<- difference_in_means(y ~ z, blocks = blk, data = d))[["elapsed"]]);
cat(median(ts) * 1000, format(unname(r$coefficients), digits = 17), "\\n")`;
  const out = execFileSync("Rscript", ["-e", script], { encoding: "utf8" }).trim().split(/\s+/);
  rmSync(dir, { recursive: true, force: true });
  const rMs = Number(out[0]);
  const rEst = Number(out[1]);
  rows.push({ name: "estimatr 1.0.0 difference_in_means, same data (median of 3)", medianMs: rMs, minMs: rMs, reps: 3 });
  rNote = `estimatr / ensayo (numeric ids) = ${(rMs / rows[0]!.medianMs).toFixed(1)}×; estimates agree to ${Math.abs(rEst - est).toExponential(1)}`;
} catch (e) {
  rNote = `estimatr run failed: ${(e as Error).message.split("\n")[0]}`;
}
printRows("differenceInMeans (blocked)", rows);
console.log(`\n${rNote}; peak RSS ${peakRssMiB().toFixed(0)} MiB`);

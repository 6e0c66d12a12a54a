/**
 * lmRobust speed: HC2 with n = 1,000,000 and 10 regressors (target < 1.5 s) and CR2 with
 * n = 100,000 in 1,000 clusters (target < 0.8 s). When `Rscript` with estimatr is on the
 * machine, estimatr 1.0.0 is timed on the same data (written to bench/data/, git-ignored)
 * and the ratio printed.
 */
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { lmRobust } from "../src/estimators/lm-robust.js";
import { createRng } from "../src/internal/rng.js";
import { asTable } from "../src/data/table.js";
import { measure, peakRssMiB, printRows, timeEstimatr, writeCsvColumns, type BenchRow } from "./util.js";

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = join(here, "data");

function makeData(n: number, k: number, nClusters: number, seed: number): Record<string, Float64Array> {
  const rng = createRng(seed);
  const cols: Record<string, Float64Array> = {};
  const y = new Float64Array(n);
  const cl = new Float64Array(n);
  for (let i = 0; i < n; i++) cl[i] = Math.floor((i * nClusters) / n);
  const ce = Float64Array.from({ length: nClusters }, () => rng.normal());
  for (let j = 1; j <= k; j++) {
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = j === 1 ? (rng.next() < 0.5 ? 1 : 0) : Math.round(rng.normal() * 1e4) / 1e4;
    cols[`x${j}`] = x;
    for (let i = 0; i < n; i++) y[i] += 0.1 * j * x[i]!;
  }
  for (let i = 0; i < n; i++) y[i] = Math.round((y[i]! + ce[cl[i]!]! + rng.normal()) * 1e4) / 1e4;
  cols.y = y;
  cols.cl = cl;
  return cols;
}

const rows: BenchRow[] = [];
const withR = process.env.ENSAYO_BENCH_R !== "0";
if (withR) mkdirSync(dataDir, { recursive: true });

{
  const d = makeData(1_000_000, 10, 1000, 1);
  const formula = "y ~ " + Array.from({ length: 10 }, (_, j) => `x${j + 1}`).join(" + ");
  // The data arrive as a Table (as from readCsvFile); normalizing an object of columns is timed apart.
  const t = asTable(d);
  rows.push(await measure("asTable of 12 columns × 1e6 (not part of the fit)", () => asTable(d), { reps: 3 }));
  const row = await measure("lmRobust HC2, n = 1e6, 10 regressors", () => lmRobust(t, formula), { reps: 3, target: "< 1500 ms" });
  if (withR) {
    const csv = join(dataDir, "lm-hc2-1e6.csv");
    if (!existsSync(csv)) writeCsvColumns(csv, d);
    const r = timeEstimatr(csv, `lm_robust(${formula}, data = d)`);
    if (r !== null) row.note = `estimatr 1.0.0: ${r.ms.toFixed(0)} ms (ratio ensayo/R ${(row.medianMs / r.ms).toFixed(2)})`;
  }
  rows.push(row);
}
{
  const d = makeData(100_000, 3, 1000, 2);
  const formula = "y ~ x1 + x2 + x3";
  const t = asTable(d);
  const row = await measure("lmRobust CR2, n = 1e5, 1,000 clusters, 3 regressors", () => lmRobust(t, formula, { clusters: "cl" }), {
    reps: 5,
    target: "< 800 ms",
  });
  if (withR) {
    const csv = join(dataDir, "lm-cr2-1e5.csv");
    if (!existsSync(csv)) writeCsvColumns(csv, d);
    const r = timeEstimatr(csv, `lm_robust(${formula}, data = d, clusters = cl)`);
    if (r !== null) row.note = `estimatr 1.0.0: ${r.ms.toFixed(0)} ms (ratio ensayo/R ${(row.medianMs / r.ms).toFixed(2)})`;
  }
  rows.push(row);
}
{
  const d = asTable(makeData(100_000, 10, 1000, 3));
  const formula = "y ~ " + Array.from({ length: 10 }, (_, j) => `x${j + 1}`).join(" + ");
  rows.push(await measure("lmRobust CR2, n = 1e5, 1,000 clusters, 10 regressors", () => lmRobust(d, formula, { clusters: "cl" }), { reps: 5 }));
}
printRows("lmRobust", rows);
console.log(`peak RSS ${peakRssMiB().toFixed(0)} MiB`);

/**
 * lmRobust where cost used to grow badly (issue #11, item 8):
 * - a factor covariate of 2,000 levels, n = 20,000, HC2 (target < 2 s; was 277 s, estimatr 88 s);
 * - CR2 with per-coefficient Satterthwaite df, n = 1e5, 30 coefficients, 10,000 clusters (target < 2 s; was 14 s).
 * estimatr 1.0.0 is timed on the same data (written to bench/data/, git-ignored) unless ENSAYO_BENCH_R=0;
 * ENSAYO_BENCH_ONLY=factor|cr2 runs one of the two.
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
const rows: BenchRow[] = [];
const withR = process.env.ENSAYO_BENCH_R !== "0";
const only = process.env.ENSAYO_BENCH_ONLY;
if (withR) mkdirSync(dataDir, { recursive: true });

/** n rows, a binary treatment `t`, a numeric covariate `x` and a text factor `b` of `nLevels` levels (n / nLevels rows each). */
function factorData(n: number, nLevels: number, seed: number): Record<string, Float64Array | string[]> {
  const rng = createRng(seed);
  const effect = Float64Array.from({ length: nLevels }, () => rng.normal());
  const t = new Float64Array(n);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const b: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const l = i % nLevels;
    b[i] = `b${String(l).padStart(4, "0")}`;
    t[i] = rng.next() < 0.5 ? 1 : 0;
    x[i] = Math.round(rng.normal() * 1e4) / 1e4;
    y[i] = Math.round((0.5 * t[i]! + 0.3 * x[i]! + effect[l]! + rng.normal()) * 1e4) / 1e4;
  }
  return { y, t, x, b };
}

/** n rows in nClusters equal clusters, k numeric regressors. */
function clusterData(n: number, k: number, nClusters: number, seed: number): Record<string, Float64Array> {
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

if (only === undefined || only === "factor") {
  const d = factorData(20_000, 2_000, 11);
  const t = asTable(d);
  const row = await measure("lmRobust HC2, n = 20,000, y ~ t + x + b, b a factor of 2,000 levels", () => lmRobust(t, "y ~ t + x + b"), {
    reps: 3,
    target: "< 2000 ms (was 277 s)",
  });
  if (withR) {
    const csv = join(dataDir, "lm-factor-2000.csv");
    if (!existsSync(csv)) writeCsvColumns(csv, d);
    // One timed run: estimatr needs about a minute and a half here.
    const r = timeEstimatr(csv, "lm_robust(y ~ t + x + b, data = d)", 1);
    if (r !== null) row.note = `estimatr 1.0.0: ${r.ms.toFixed(0)} ms (ratio ensayo/R ${(row.medianMs / r.ms).toFixed(3)})`;
  }
  rows.push(row);
}
if (only === undefined || only === "cr2") {
  const k = 29;
  const d = clusterData(100_000, k, 10_000, 12);
  const formula = "y ~ " + Array.from({ length: k }, (_, j) => `x${j + 1}`).join(" + ");
  const t = asTable(d);
  const row = await measure("lmRobust CR2 with per-coefficient df, n = 1e5, 30 coefficients, 10,000 clusters", () => lmRobust(t, formula, { clusters: "cl" }), {
    reps: 3,
    target: "< 2000 ms (was 14 s)",
  });
  if (withR) {
    const csv = join(dataDir, "lm-cr2-30-1e4.csv");
    if (!existsSync(csv)) writeCsvColumns(csv, d);
    const r = timeEstimatr(csv, `lm_robust(${formula}, data = d, clusters = cl)`, 1);
    if (r !== null) row.note = `estimatr 1.0.0: ${r.ms.toFixed(0)} ms (ratio ensayo/R ${(row.medianMs / r.ms).toFixed(3)})`;
  }
  rows.push(row);
}
printRows("lmRobust at scale", rows);
console.log(`peak RSS ${peakRssMiB().toFixed(0)} MiB`);

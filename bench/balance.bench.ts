/**
 * balanceTable on 200,000 units in 2,000 clusters (offices of 100), 30 covariates
 * (28 numeric, 2 categorical with 3 and 6 levels → 37 balance rows), CR2.
 * Target: the per-covariate table under 1 s, with and without block fixed effects. The joint
 * orthogonality test (one lmRobust CR2 fit of the arm on every covariate) is measured separately
 * (skip it with `--no-joint`).
 */
import { balanceTable } from "../src/balance/balance-table.js";
import { makeTable, type Column } from "../src/data/table.js";
import { createRng } from "../src/internal/rng.js";
import { measure, peakRssMiB, printRows, type BenchRow } from "./util.js";

const N = 200_000;
const G = 2_000;
const K = 30;
const rng = createRng("bench-balance");
const cols: Record<string, Column> = {};
const cluster = new Array<string>(N);
const z = new Float64Array(N);
const clusterArm = Array.from({ length: G }, (_, g) => g % 2);
for (let i = 0; i < N; i++) {
  const g = Math.floor(i / (N / G));
  cluster[i] = `OF-${g}`;
  z[i] = clusterArm[g]!;
}
cols.oficina = cluster;
cols.region = Array.from({ length: N }, (_, i) => `R${Math.floor(Math.floor(i / (N / G)) / 100)}`); // 20 blocks of 100 offices
cols.z = z;
const covariates: string[] = [];
for (let k = 0; k < K - 2; k++) {
  const x = new Float64Array(N);
  for (let i = 0; i < N; i++) x[i] = rng.normal() * (1 + k / 10) + (i % 7 === 0 && k % 5 === 0 ? NaN : 0);
  cols[`x${k}`] = x;
  covariates.push(`x${k}`);
}
const regions = ["Central", "Itapúa", "Concepción", "Ñeembucú", "Alto Paraná", "Caaguazú"];
cols.zona = Array.from({ length: N }, () => regions[rng.int(6)]!);
cols.nivel = Array.from({ length: N }, () => ["basico", "medio", "superior"][rng.int(3)]!);
covariates.push("zona", "nivel");
const table = makeTable(cols);

const rows: BenchRow[] = [];
let nRows = 0;
rows.push(
  await measure(
    "balanceTable 200k units × 30 covariates, 2,000 clusters, CR2 (per-covariate rows)",
    () => {
      const r = balanceTable(table, { treatment: "z", covariates, clusters: "oficina", jointTest: false });
      nRows = r.rows.length;
    },
    { reps: 5, target: "< 1000 ms" },
  ),
);
rows.push(
  await measure(
    "balanceTable 200k × 30, CR2, block fixed effects (20 blocks of 100 offices; per-covariate rows)",
    () => balanceTable(table, { treatment: "z", covariates, clusters: "oficina", blocks: "region", jointTest: false }),
    { reps: 3, warmup: 1, target: "< 1000 ms" },
  ),
);
if (!process.argv.includes("--no-joint")) {
  rows.push(
    await measure(
      "balanceTable 200k × 30, CR2, with the joint orthogonality test",
      () => balanceTable(table, { treatment: "z", covariates, clusters: "oficina" }),
      { reps: 1, warmup: 0, note: "joint test = one lmRobust CR2 fit with 36 regressors" },
    ),
  );
}
printRows(`balance (${nRows} rows; peak RSS ${peakRssMiB().toFixed(0)} MiB)`, rows);

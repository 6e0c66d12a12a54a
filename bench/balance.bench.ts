/**
 * balanceTable on 200,000 units in 2,000 clusters (offices of 100), 30 covariates
 * (28 numeric, 2 categorical with 3 and 6 levels → 37 balance rows), CR2.
 * Target: under 1 s for the whole table, joint orthogonality test included (the default: one CR2
 * fit of the arm on every covariate and its classical twin). Measured first as the first call in
 * this process (cold: nothing compiled yet), then warm; the rows alone (`jointTest: false`) and
 * with 20 blocks' fixed effects beside it. `--no-joint` skips the joint rows. Last, the randomization
 * p-value of a smaller design (20,000 units) with 1,000 permutations.
 */
import { balanceTable } from "../src/balance/balance-table.js";
import { declareRa } from "../src/assign/declare-ra.js";
import { makeTable, type Column } from "../src/data/table.js";
import { createRng } from "../src/internal/rng.js";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { measure, peakRssMiB, printRows, timeEstimatr, writeCsvColumns, type BenchRow } from "./util.js";

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
const joint = !process.argv.includes("--no-joint");
if (joint) {
  rows.push(
    await measure(
      "balanceTable 200k × 30, CR2, with the joint orthogonality test: first call in the process (cold)",
      () => balanceTable(table, { treatment: "z", covariates, clusters: "oficina" }),
      { reps: 1, warmup: 0, target: "< 1000 ms", note: "joint test = one CR2 fit with 37 columns + its classical twin" },
    ),
  );
  let jointF = NaN;
  const warm = await measure(
    "balanceTable 200k × 30, CR2, with the joint orthogonality test (warm)",
    () => (jointF = balanceTable(table, { treatment: "z", covariates, clusters: "oficina" }).joint[0]!.statistic),
    { reps: 5, warmup: 1, target: "< 1000 ms" },
  );
  // estimatr on the joint regression alone (the same listwise rows; its F is the robust Wald F with J − 1 df).
  if (process.env.ENSAYO_BENCH_R !== "0") {
    const dir = join(dirname(fileURLToPath(import.meta.url)), "data");
    mkdirSync(dir, { recursive: true });
    const csv = join(dir, "balance-joint-200k.csv");
    const out: Record<string, (number | string)[]> = Object.create(null);
    for (const name of ["z", "oficina", ...covariates]) out[name] = [];
    for (let i = 0; i < N; i++) {
      if (covariates.some((c) => typeof cols[c]![i] === "number" && Number.isNaN(cols[c]![i] as number))) continue;
      for (const name of ["z", "oficina", ...covariates]) out[name]!.push(cols[name]![i]!);
    }
    writeCsvColumns(csv, out);
    const r = timeEstimatr(csv, `lm_robust(z ~ ${covariates.join(" + ")}, data = d, clusters = oficina, se_type = "CR2")`, 1, 'r$fstatistic[1]');
    if (r) warm.note = `estimatr 1.0.0 lm_robust of the joint regression alone: ${r.ms.toFixed(0)} ms; its F ${r.values[0]} vs ensayo ${jointF} (rel. diff ${(Math.abs(r.values[0]! - jointF) / jointF).toExponential(1)})`;
  }
  rows.push(warm);
  rows.push(
    await measure(
      "balanceTable 200k × 30, CR2, 20 blocks' fixed effects, with the joint test (warm)",
      () => balanceTable(table, { treatment: "z", covariates, clusters: "oficina", blocks: "region" }),
      { reps: 3, warmup: 1, target: "< 1000 ms" },
    ),
  );
}
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
// Randomization p-value: 20,000 units in 200 offices within 10 regions, 10 covariates, 1,000 assignments
// redrawn under the design (the covariate design is factored once; each assignment costs three passes).
{
  const n = 20_000;
  const offices = 200;
  const r2 = createRng("bench-balance-ri");
  const oficina = Array.from({ length: n }, (_, i) => `OF-${i % offices}`);
  const region = Array.from({ length: n }, (_, i) => `R${(i % offices) % 10}`);
  const design = declareRa({ n, clusters: oficina, blocks: region, conditions: ["control", "taller"] });
  const arm = design.conductArms("bench");
  const ri: Record<string, Column> = { oficina, region, grupo: Array.from(arm, (a) => (a ? "taller" : "control")) };
  const riCovariates: string[] = [];
  for (let k = 0; k < 10; k++) {
    ri[`x${k}`] = Float64Array.from({ length: n }, () => r2.normal());
    riCovariates.push(`x${k}`);
  }
  const riTable = makeTable(ri);
  rows.push(
    await measure(
      "balanceTable with a design: 20,000 units, 200 offices in 10 regions, 10 covariates, CR2, 1,000 permutations",
      () => balanceTable(riTable, { treatment: "grupo", control: "control", covariates: riCovariates, clusters: "oficina", blocks: "region", design, permutations: 1000, seed: 1 }),
      { reps: 3, warmup: 1, note: "includes drawing the 1,000 assignments and the table itself" },
    ),
  );
  rows.push(
    await measure(
      "the same table without a design (no permutations)",
      () => balanceTable(riTable, { treatment: "grupo", control: "control", covariates: riCovariates, clusters: "oficina", blocks: "region" }),
      { reps: 3, warmup: 1 },
    ),
  );
}
printRows(`balance (${nRows} rows; peak RSS ${peakRssMiB().toFixed(0)} MiB)`, rows);

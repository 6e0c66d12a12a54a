// The README's usage example, kept compiling and running (`npx tsx examples/quickstart.ts`).
import { readCsvFile, blockAndClusterRa, verifyAssignment, mergePanel, balanceTable, differenceInMeans, lmRobust, planTrial } from "../src/node.js";

const baseline = readCsvFile("fixtures/pilot/baseline_ministerio.csv", { locale: "es-PY" }); // ; , Latin-1, S/D
const plan = planTrial({ solveFor: "mde", design: "cluster", nClusters: 48, clusterSize: 10, icc: 0.1, sd: 12 });
const assignment = blockAndClusterRa({ data: baseline, id: "id", blocks: "region", clusters: "oficina",
  conditions: ["control", "taller"], seed: "ensayo-piloto-2026" });
console.log(plan.mde, assignment.counts, verifyAssignment(assignment.receipt, { data: baseline }).ok);
const grupo = { id: assignment.ids!, taller: Array.from(assignment.arm) };        // 1 = taller
const panel = mergePanel(mergePanel(baseline, grupo, { id: "id", keep: "inner" }).table,
  readCsvFile("fixtures/pilot/endline.csv"), { id: "id" });
const balance = balanceTable(panel.table, { treatment: "taller", covariates: ["edad", "sexo", "puntaje_base"], blocks: "region", clusters: "oficina" });
const dim = differenceInMeans(panel.table, { outcome: "puntaje_final", treatment: "taller", blocks: "region", clusters: "oficina" });
const fit = lmRobust(panel.table, "puntaje_final ~ taller + puntaje_base", { clusters: "oficina", fixedEffects: "region" }); // CR2
console.table(balance.rows);
console.table([...dim.coefficients, ...fit.coefficients]);   // term, estimate, stdError, df, pValue, confLow, confHigh

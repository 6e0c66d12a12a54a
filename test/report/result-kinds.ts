/**
 * One small result of every kind ensayo returns, built on the bundled pilot, for tests that walk
 * every result's fields (labels, display). Each builder is cheap (tiny sims and permutations).
 */
import { fileURLToPath } from "node:url";
import * as E from "../../src/index.js";
import { readCsvFile } from "../../src/node.js";
import { clusterSpec } from "../power/fixtures/cluster-spec.js";

const pilot = (f: string) => fileURLToPath(new URL(`../../fixtures/pilot/${f}`, import.meta.url));

/** Every result kind, by `kind`, built lazily. */
export function resultsOfEveryKind(): Record<string, object> {
  const base = readCsvFile(pilot("baseline.csv"));
  const endline = readCsvFile(pilot("endline.csv"));
  const panel = E.mergePanel(base, endline, { id: "id" });
  const data = readCsvFile(pilot("panel.csv"));
  const assignmentDesign = E.declareRa({ data: base, id: "id", blocks: "region", clusters: "oficina" });
  const assignment = assignmentDesign.conduct("labels");
  const fit = E.lmRobust(data, "puntaje_final ~ grupo + puntaje_base", { clusters: "oficina" });
  const out: Record<string, object> = {
    mergePanel: panel,
    declareRa: assignmentDesign,
    assignment,
    assignment_receipt: assignment.receipt,
    verifyAssignment: E.verifyAssignment(assignment.receipt, { data: base }),
    // a verification that finds differences (another seed): its rows have fields of their own
    verifyAssignmentDiffers: E.verifyAssignment({ ...assignment.receipt, rng: { ...assignment.receipt.rng, seed: "another" } }, { data: base }),
    conditionProbabilities: E.conditionProbabilities(assignmentDesign, assignment),
    lmRobust: fit,
    waldTest: E.waldTest(fit, ["grupotaller"]),
    differenceInMeans: E.differenceInMeans(data, { outcome: "puntaje_final", treatment: "grupo", clusters: "oficina", blocks: "region" }),
    horvitzThompson: E.horvitzThompson(data, { outcome: "puntaje_final", treatment: "grupo", treatedProbabilities: 0.5 }),
    ivRobust: E.ivRobust(data, "puntaje_final ~ completo_taller | grupo", { clusters: "oficina" }),
    balanceTable: E.balanceTable(data, { treatment: "grupo", covariates: ["edad", "sexo", "puntaje_base"], blocks: "region", clusters: "oficina" }),
    attritionReport: E.attritionReport(data, endline, { id: "id", treatment: "grupo", outcome: "puntaje_final" }),
    leeBounds: E.leeBounds(data, { outcome: "puntaje_final", treatment: "grupo" }),
    powerTTest: E.powerTTest({ n: 50, d: 0.3 }),
    planTrial: E.planTrial({ solveFor: "mde", design: "cluster", nClusters: 48, clusterSize: 10, icc: 0.1 }),
    powerCurve: E.powerCurve({ plan: { design: "cluster", nClusters: 48, clusterSize: 10, icc: 0.1 }, vary: "effect", from: 0.1, to: 0.5, points: 3 }),
    diagnoseDesign: E.diagnoseDesign({ ...clusterSpec(), sims: 20, seed: 1 }),
  };
  return out;
}

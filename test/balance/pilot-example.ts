/**
 * The fixture pilot example shown in docs/balance.md (shared by its test and the doc generator).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseCsv } from "../../src/data/parse-csv.js";
import { mergePanel } from "../../src/data/merge-panel.js";
import { balanceTable } from "../../src/balance/balance-table.js";
import { attritionReport } from "../../src/balance/attrition-report.js";

const pilot = (f: string) => readFileSync(fileURLToPath(new URL(`../../fixtures/pilot/${f}`, import.meta.url)), "utf8");

export function pilotExample() {
  // ── the code shown in docs/balance.md ──
  const baseline = parseCsv(pilot("baseline.csv"));
  const asignacion = parseCsv(pilot("asignacion.csv"));
  const endline = parseCsv(pilot("endline.csv"));
  // attach the arm to the baseline (only id and grupo from the assignment file)
  const arms = { id: asignacion.columns.id!, grupo: asignacion.columns.grupo! };
  const base = mergePanel(baseline, arms, { id: "id", keep: "inner" }).table;

  const covariates = ["sexo", "edad", "antiguedad", "puntaje_base", "tramites_base", "salario"];
  const balance = balanceTable(base, {
    treatment: "grupo",
    control: "control",
    covariates,
    blocks: "region",
    clusters: "oficina",
  });
  const attrition = attritionReport(base, endline, {
    id: "id",
    treatment: "grupo",
    control: "control",
    covariates,
    blocks: "region",
    clusters: "oficina",
    outcome: "puntaje_final",
  });
  // ──
  return { balance, attrition };
}

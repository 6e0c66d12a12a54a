import { describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { lovePlotSvg } from "../../src/report/love-plot.js";
import { formatTable } from "../../src/report/format-table.js";
import { pilotExample } from "./pilot-example.js";
import { declareRa } from "../../src/assign/declare-ra.js";
import { balanceTable } from "../../src/balance/balance-table.js";
import { parseCsv } from "../../src/data/parse-csv.js";
import { mergePanel } from "../../src/data/merge-panel.js";

const svgPath = fileURLToPath(new URL("../../docs/balance-love-plot.svg", import.meta.url));

describe("the fixture pilot example of docs/balance.md", () => {
  const { balance, attrition } = pilotExample();

  it("checks balance on 464 officials in 48 offices with one row per covariate level", () => {
    expect(balance.nObs).toBe(464);
    expect(balance.rows.map((r) => r.term)).toEqual(["sexo: F", "sexo: M", "edad", "antiguedad", "puntaje_base", "tramites_base", "salario"]);
    expect(balance.joint[0]!.nClusters).toBe(48);
    // fixtures/pilot/README.md: antiguedad missing for 10, puntaje_base for 7
    const miss = (term: string) => balance.rows.find((r) => r.term === term)!;
    expect(miss("antiguedad").missingControl + miss("antiguedad").missingTreatment).toBe(10);
    expect(miss("puntaje_base").missingControl + miss("puntaje_base").missingTreatment).toBe(7);
    expect(balance.joint[0]!.nDropped).toBe(17);
  });

  it("reports the attrition the fixture README states (12.6% control, 4.3% taller, 2 endline typos)", () => {
    expect(attrition.counts.onlyBaseline).toBe(37);
    expect([...attrition.unmatchedEndline].sort()).toEqual(["P0O17", "PO233"]);
    expect(attrition.responseRates.map((r) => Math.round(r.attrition * 1000) / 10)).toEqual([12.6, 4.3]);
    const lee = attrition.leeBounds[0]!;
    expect(lee.trimmedArm).toBe("taller");
    expect(lee.lowerBound).toBeLessThan(lee.upperBound);
  });

  it("gives the numbers docs/balance.md and the TSDoc examples of balanceTable and attritionReport print", () => {
    const r3 = (x: number) => Math.round(x * 1000) / 1000;
    const edad = balance.rows[2]!;
    expect(edad.term).toBe("edad");
    expect([edad.meanControl, edad.meanTreatment].map((x) => Math.round(x * 100) / 100)).toEqual([41.76, 41.72]);
    expect([edad.difference, edad.estimate, edad.stdError, edad.pValue, edad.stdDiff, edad.varianceRatio].map(r3)).toEqual([-0.032, 0.116, 0.899, 0.898, -0.003, 1.019]);
    const j = balance.joint[0]!;
    expect([j.nObs, j.nDropped, j.nClusters, j.df1, j.df2]).toEqual([447, 17, 48, 6, 47]);
    expect([j.statistic, j.pValue, j.classicalStatistic, j.classicalPValue].map(r3)).toEqual([1.044, 0.41, 1.273, 0.268]);
    const ctl = attrition.responseRates[0]!;
    expect([ctl.arm, ctl.nUnits, ctl.responded, r3(ctl.responseRate), r3(ctl.attrition)]).toEqual(["control", 206, 180, 0.874, 0.126]);
    expect(attrition.unmatchedEndline).toEqual(["PO233", "P0O17"]);
    const lee = attrition.leeBounds[0]!;
    expect([lee.lowerBound, lee.upperBound].map((x) => Math.round(x * 100) / 100)).toEqual([2.51, 7.06]);
  });

  it("gives the randomization p-value docs/balance.md states (200 permutations, seed 2026)", () => {
    const pilot = (f: string) => readFileSync(fileURLToPath(new URL(`../../fixtures/pilot/${f}`, import.meta.url)), "utf8");
    const asignacion = parseCsv(pilot("asignacion.csv"));
    const base = mergePanel(parseCsv(pilot("baseline.csv")), { id: asignacion.columns.id!, grupo: asignacion.columns.grupo! }, { id: "id", keep: "inner" }).table;
    const r = balanceTable(base, {
      treatment: "grupo", control: "control", covariates: ["sexo", "edad", "antiguedad", "puntaje_base", "tramites_base", "salario"],
      blocks: "region", clusters: "oficina", permutations: 200, seed: 2026,
      design: declareRa({ data: base, blocks: "region", clusters: "oficina", conditions: ["control", "taller"] }),
    });
    expect(Math.round(r.joint[0]!.randomizationPValue * 1000) / 1000).toBe(0.493);
    expect(r.joint[0]!.permutations).toBe(200);
  });

  it("keeps docs/balance-love-plot.svg equal to lovePlotSvg of the pilot balance table", () => {
    const svg = lovePlotSvg(balance);
    if (process.env.UPDATE_DOCS === "1") writeFileSync(svgPath, svg);
    expect(readFileSync(svgPath, "utf8")).toBe(svg);
    expect(formatTable(balance, "markdown")).toContain("| tramites_base | taller |");
  });
});

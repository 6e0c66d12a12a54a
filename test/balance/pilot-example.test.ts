import { describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { lovePlotSvg } from "../../src/report/love-plot.js";
import { formatTable } from "../../src/report/format-table.js";
import { pilotExample } from "./pilot-example.js";

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

  it("keeps docs/balance-love-plot.svg equal to lovePlotSvg of the pilot balance table", () => {
    const svg = lovePlotSvg(balance);
    if (process.env.UPDATE_DOCS === "1") writeFileSync(svgPath, svg);
    expect(readFileSync(svgPath, "utf8")).toBe(svg);
    expect(formatTable(balance, "markdown")).toContain("| tramites_base | taller |");
  });
});

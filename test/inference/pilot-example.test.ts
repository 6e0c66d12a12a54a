// The worked example of docs/inference.md, on the bundled pilot: its numbers and its SVG stay current.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { declareRa, differenceInMeans, mergePanel, nullDistributionSvg, parseCsv, riTest } from "../../src/index.js";

const read = (f: string) => parseCsv(readFileSync(fileURLToPath(new URL(`../../fixtures/pilot/${f}`, import.meta.url)), "utf8"));
const svgPath = fileURLToPath(new URL("../../docs/inference-null-distribution.svg", import.meta.url));

describe("docs/inference.md worked example", () => {
  const panel = mergePanel(read("asignacion.csv"), read("endline.csv"), { id: "id", keep: "inner" }).table;
  const design = declareRa({ data: panel, blocks: "region", clusters: "oficina", conditions: ["control", "taller"] });
  const r = riTest(panel, {
    outcome: "puntaje_final", treatment: "grupo", design, seed: 2026,
    statistic: { estimator: "differenceInMeans", blocks: "region", clusters: "oficina" },
  });
  const r3 = (x: number) => Math.round(x * 1000) / 1000;

  it("gives the numbers the docs state", () => {
    expect(panel.nRows).toBe(427);
    expect(r.method).toBe("sampled");
    expect(r.numPermutations).toBe(70 ** 6);
    expect(r.nSims).toBe(10_000);
    const row = r.rows[0]!;
    expect(row.term).toBe("grupotaller");
    expect(row.estimate).toBeCloseTo(differenceInMeans(panel, { outcome: "puntaje_final", treatment: "grupo", blocks: "region", clusters: "oficina" }).coefficients[0]!.estimate, 12);
    expect([r3(row.estimate), row.pValue, row.pValueGreater, Math.round(row.mcStdError * 1e5) / 1e5]).toEqual([4.305, 0.0032, 0.0011, 0.00056]);
    expect([Math.round(row.confLow * 100) / 100, Math.round(row.confHigh * 100) / 100]).toEqual([1.5, 7.31]);
  });

  it("keeps docs/inference-null-distribution.svg equal to nullDistributionSvg of the example", () => {
    const svg = nullDistributionSvg(r, { lang: "es" });
    if (process.env.UPDATE_DOCS === "1") writeFileSync(svgPath, svg);
    expect(readFileSync(svgPath, "utf8")).toBe(svg);
  });
});

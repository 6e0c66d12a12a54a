// The worked example of docs/inference.md ("Many outcomes") runs on the bundled pilot as written.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCsv, mergePanel, declareRa, differenceInMeans, adjustPValues, westfallYoung, romanoWolf, standardizedIndex } from "../../src/index.js";

const read = (f: string) => parseCsv(readFileSync(new URL(`../../fixtures/pilot/${f}`, import.meta.url), "utf8"));
const asignacion = read("asignacion.csv");
const base = mergePanel(read("baseline.csv"), { id: asignacion.columns.id!, grupo: asignacion.columns.grupo! }, { id: "id", keep: "inner" }).table;
const data = mergePanel(base, read("endline.csv"), { id: "id" }).table;
const design = declareRa({ data, blocks: "region", clusters: "oficina", conditions: ["control", "taller"] });
const outcomes = ["puntaje_final", "tramites_final"];

describe("docs/inference.md worked example on the pilot", () => {
  it("adjusts the design-based p-values, and westfallYoung/romanoWolf sample the design's 70^6 assignments", () => {
    const p = outcomes.map((outcome) => differenceInMeans(data, {
      outcome, treatment: "grupo", blocks: "region", clusters: "oficina", control: "control", treated: "taller",
    }).coefficients[0]!.pValue);
    const holm = adjustPValues(p, { method: "holm" }).adjusted as number[];
    expect(holm[0]).toBeGreaterThanOrEqual(p[0]!);
    const wy = westfallYoung(data, { outcomes, treatment: "grupo", control: "control", design, seed: 2026, sims: 1000 });
    expect(wy.permutations).toMatchObject({ method: "sampled", nSims: 1000, numPermutations: 70 ** 6 });
    expect(wy.warnings).toHaveLength(2); // the two outcomes' attriters, counted
    const rw = romanoWolf(data, { outcomes, treatment: "grupo", control: "control", design, seed: 2026, sims: 1000 });
    rw.rows.forEach((r, j) => expect(r.pValueAdjusted).toBeCloseTo((wy.rows[j]!.pValueAdjusted * 1000 + 1) / 1001, 12));
  });

  it("builds an Anderson index the estimators accept", () => {
    const idx = standardizedIndex(data, { outcomes, treatment: "grupo", control: "control", method: "anderson", name: "indice" });
    const [a, b] = outcomes.map((o) => data.columns[o] as Float64Array);
    const complete = a!.filter((v, i) => !Number.isNaN(v) && !Number.isNaN(b![i]!)).length;
    expect(idx.covariance).toEqual({ sample: "all", nUsed: complete });
    const d = differenceInMeans(idx.table, { outcome: "indice", treatment: "grupo", blocks: "region", clusters: "oficina", control: "control", treated: "taller" });
    expect(d.nObs).toBe(464 - idx.nIndexMissing);
  });
});

// riTest against ri2's conduct_ri with every assignment of the design given (fixtures/reference/inference-ri.R).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { declareRa, labelColumn, numericColumn, type Table } from "../../src/index.js";
import { riTest, type RiStatisticOption } from "../../src/inference/ri-test.js";

interface RefRow { term: string; estimate: number; pTwoSided: number; pGreater: number; pLess: number; nullSorted: number[] }
interface RefCase {
  id: string;
  call: string;
  input: {
    data: Record<string, unknown>[];
    permutations: (number | string)[][];
    assignment: string;
    design?: { n?: number; m: number; blocks?: string; clusters?: string };
    statistic: unknown;
    outcome?: string;
    sharpNull: number;
  };
  expected: { rows: RefRow[]; nPermutations: number };
  rtol: number;
}
const ref = JSON.parse(readFileSync(new URL("../../fixtures/reference/inference-ri.json", import.meta.url), "utf8")) as { cases: RefCase[] };

const medianDifference = (t: Table): number => {
  const y = numericColumn(t, "y");
  const z = numericColumn(t, "z");
  const med = (v: number[]): number => {
    const s = [...v].sort((a, b) => a - b);
    const h = s.length >> 1;
    return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
  };
  return med([...y].filter((_, i) => z[i] === 1)) - med([...y].filter((_, i) => z[i] === 0));
};

function statisticOf(c: RefCase): RiStatisticOption {
  return c.input.statistic === "median-difference" ? medianDifference : (c.input.statistic as RiStatisticOption);
}

function close(actual: number, expected: number, rtol: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rtol * Math.max(Math.abs(expected), 1e-6));
}

describe("riTest matches ri2's conduct_ri on full enumerations", () => {
  it("has at least 20 reference cases", () => expect(ref.cases.length).toBeGreaterThanOrEqual(20));
  for (const c of ref.cases) {
    it(`${c.id}: ${c.call}`, () => {
      const base = { outcome: c.input.outcome ?? "y", treatment: c.input.assignment, statistic: statisticOf(c), sharpNull: c.input.sharpNull, confidence: false };
      const sides = ["two-sided", "greater", "less"] as const;
      const bySide = sides.map((alternative) => riTest(c.input.data, { ...base, permutations: c.input.permutations, alternative }));
      const r = bySide[0]!;
      expect(r.method).toBe("matrix");
      expect(r.nSims).toBe(c.expected.nPermutations);
      expect(r.rows.map((x) => x.term)).toEqual(c.expected.rows.map((x) => x.term));
      c.expected.rows.forEach((e, a) => {
        close(r.rows[a]!.estimate, e.estimate, c.rtol);
        close(bySide[0]!.rows[a]!.pValue, e.pTwoSided, c.rtol);
        close(bySide[1]!.rows[a]!.pValue, e.pGreater, c.rtol);
        close(bySide[2]!.rows[a]!.pValue, e.pLess, c.rtol);
        const sorted = [...r.nullDistribution[a]!.values].sort((x, y) => x - y);
        expect(sorted).toHaveLength(e.nullSorted.length);
        // relative to the distribution's scale (its largest |value|): null statistics that are 0 in
        // exact arithmetic come out as ±1e-16 in both programs, which no elementwise rule can compare
        const scale = Math.max(...e.nullSorted.map(Math.abs));
        sorted.forEach((v, i) => expect(Math.abs(v - e.nullSorted[i]!)).toBeLessThanOrEqual(c.rtol * scale));
      });
      // the same test from the declared design: its exact enumeration is the same set of assignments
      const d = c.input.design;
      if (d) {
        const table = c.input.data;
        const col = (name: string) => labelColumn(table as Record<string, unknown>[], name);
        const design = declareRa({ ...(d.n !== undefined ? { n: d.n } : {}), ...(d.blocks ? { blocks: col(d.blocks) } : {}), ...(d.clusters ? { clusters: col(d.clusters) } : {}), m: d.m });
        const fromDesign = riTest(c.input.data, { ...base, design });
        expect(fromDesign.method).toBe("exact");
        expect(fromDesign.nSims).toBe(c.expected.nPermutations);
        c.expected.rows.forEach((e, a) => close(fromDesign.rows[a]!.pValue, e.pTwoSided, c.rtol));
      }
    });
  }
});

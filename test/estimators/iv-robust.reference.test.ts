/**
 * ivRobust against fixtures/reference/dim.json (estimatr 1.0.0 iv_robust).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ivRobust } from "../../src/estimators/iv-robust.js";

interface Case {
  id: string;
  fn: string;
  call: string;
  input: { data: Record<string, unknown[]>; options: Record<string, unknown> };
  expected: Record<string, unknown>;
  rtol: number;
}
const ref = JSON.parse(readFileSync(new URL("../../fixtures/reference/dim.json", import.meta.url), "utf8")) as { cases: Case[] };
const cases = ref.cases.filter((c) => c.fn === "ivRobust");
const num = (v: unknown): number => (v === "NaN" || v === "NA" || v === null ? NaN : v === "Inf" ? Infinity : (v as number));

describe("ivRobust matches estimatr 1.0.0", () => {
  it("covers HC0–HC3, classical, stata, CR0, CR2, weights and overidentification", () => {
    expect(cases.length).toBeGreaterThanOrEqual(12);
  });
  for (const c of cases) {
    it(`${c.id}: ${c.call}`, () => {
      const { formula, ...options } = c.input.options as { formula: string };
      const r = ivRobust(c.input.data, formula, options as never);
      const e = c.expected;
      expect(r.coefficients.map((row) => row.term)).toEqual(e.term);
      for (const k of ["estimate", "stdError", "df", "statistic", "pValue", "confLow", "confHigh"] as const) {
        const exp = (e[k] as unknown[]).map(num);
        r.coefficients.forEach((row, j) => {
          const err = Math.abs(row[k] - exp[j]!);
          expect(err <= c.rtol * Math.abs(exp[j]!) + 1e-12, `${k}[${j}]: ${row[k]} vs ${exp[j]}`).toBe(true);
        });
      }
      expect(r.nObs).toBe(e.nObs);
      if (typeof e.nClusters === "number") expect(r.nClusters).toBe(e.nClusters);
      expect(Math.abs(r.r2 - num(e.r2))).toBeLessThan(1e-8 * Math.abs(num(e.r2)) + 1e-12);
      expect(Math.abs(r.adjR2 - num(e.adjR2))).toBeLessThan(1e-8 * Math.abs(num(e.adjR2)) + 1e-12);
    });
  }
});

describe("ivRobust first-stage F (diagnostics) matches estimatr 1.0.0", () => {
  const fs = ref.cases.filter((c) => c.fn === "ivRobustFirstStage");
  it("has first-stage reference cases", () => expect(fs.length).toBeGreaterThanOrEqual(3));
  for (const c of fs) {
    it(`${c.id}`, () => {
      const { formula, ...options } = c.input.options as { formula: string };
      const r = ivRobust(c.input.data, formula, options as never);
      const t = r.firstStage![0]!;
      expect(t.term).toBe("d");
      for (const k of ["value", "df1", "df2", "pValue"] as const) {
        const e = num(c.expected[k]);
        expect(Math.abs(t[k] - e) <= c.rtol * Math.abs(e) + 1e-12, `${k}: ${t[k]} vs ${e}`).toBe(true);
      }
    });
  }
});

describe("ivRobust endogeneity and overidentification tests match estimatr 1.0.0", () => {
  const dg = ref.cases.filter((c) => c.fn === "ivRobustDiagnostics");
  it("has diagnostics reference cases", () => expect(dg.length).toBeGreaterThanOrEqual(3));
  const close = (a: number, e: number, rtol: number, what: string) => {
    if (Number.isNaN(e)) expect(a, what).toBeNaN();
    else expect(Math.abs(a - e) <= rtol * Math.abs(e) + 1e-12, `${what}: ${a} vs ${e}`).toBe(true);
  };
  for (const c of dg) {
    it(`${c.id}`, () => {
      const { formula, ...options } = c.input.options as { formula: string };
      const r = ivRobust(c.input.data, formula, options as never);
      const eh = c.expected.endogeneity as Record<string, unknown>;
      const eo = c.expected.overid as Record<string, unknown>;
      for (const k of ["value", "df1", "df2", "pValue"] as const) close(r.endogeneity![k]!, num(eh[k]), c.rtol, `endogeneity ${k}`);
      for (const k of ["value", "df1", "pValue"] as const) close(r.overidentification![k], num(eo[k]), c.rtol, `overid ${k}`);
    });
  }
});

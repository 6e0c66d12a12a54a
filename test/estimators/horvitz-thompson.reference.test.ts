/**
 * horvitzThompson against fixtures/reference/dim.json (estimatr 1.0.0 horvitz_thompson).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { horvitzThompson } from "../../src/estimators/horvitz-thompson.js";

interface Case {
  id: string;
  fn: string;
  call: string;
  input: { data: Record<string, unknown[]>; options: Record<string, unknown> };
  expected: Record<string, unknown>;
  rtol: number;
}
const ref = JSON.parse(readFileSync(new URL("../../fixtures/reference/dim.json", import.meta.url), "utf8")) as { cases: Case[] };
const cases = ref.cases.filter((c) => c.fn === "horvitzThompson");

function num(v: unknown): number {
  if (v === "NaN" || v === "NA" || v === null) return NaN;
  if (v === "Inf") return Infinity;
  return v as number;
}

describe("horvitzThompson matches estimatr 1.0.0", () => {
  it("has reference cases for simple, complete, blocked and clustered designs", () => {
    expect(cases.length).toBeGreaterThanOrEqual(8);
  });
  for (const c of cases) {
    it(`${c.id}: ${c.call}`, () => {
      const r = horvitzThompson(c.input.data, c.input.options as never);
      const row = r.coefficients[0]!;
      expect(row.term).toBe(c.expected.term);
      expect(row.df).toBe(Infinity);
      for (const k of ["estimate", "stdError", "statistic", "pValue", "confLow", "confHigh"] as const) {
        const e = num(c.expected[k]);
        expect(Math.abs(row[k] - e) <= c.rtol * Math.abs(e) + 1e-12, `${k}: ${row[k]} vs ${e}`).toBe(true);
      }
      expect(r.nObs).toBe(c.expected.nObs);
    });
  }
});

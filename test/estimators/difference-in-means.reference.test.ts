/**
 * differenceInMeans against fixtures/reference/dim.json (written by fixtures/reference/dim.R:
 * estimatr 1.0.0, or base-R arithmetic on the Pashley–Miratrix formulas where noted).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { differenceInMeans } from "../../src/estimators/difference-in-means.js";

interface Case {
  id: string;
  fn: string;
  call: string;
  source: string;
  input: { data: Record<string, unknown[]>; options: Record<string, unknown> };
  expected: Record<string, unknown>;
  rtol: number;
}
const ref = JSON.parse(readFileSync(new URL("../../fixtures/reference/dim.json", import.meta.url), "utf8")) as { cases: Case[] };
const cases = ref.cases.filter((c) => c.fn === "differenceInMeans");

function num(v: unknown): number {
  if (v === "NaN" || v === "NA" || v === null) return NaN;
  if (v === "Inf") return Infinity;
  if (v === "-Inf") return -Infinity;
  return v as number;
}
function close(actual: number, expected: number, rtol: number, what: string): void {
  if (Number.isNaN(expected)) {
    expect(actual, what).toBeNaN();
    return;
  }
  const err = Math.abs(actual - expected);
  expect(err <= rtol * Math.abs(expected) + 1e-12, `${what}: ${actual} vs ${expected}`).toBe(true);
}

describe("differenceInMeans matches the R reference cases", () => {
  it("has at least 15 reference cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });
  for (const c of cases) {
    it(`${c.id}: ${c.call}`, () => {
      const r = differenceInMeans(c.input.data, c.input.options as never);
      const row = r.coefficients[0]!;
      const e = c.expected;
      expect(row.term).toBe(e.term);
      for (const k of ["estimate", "stdError", "df", "statistic", "pValue", "confLow", "confHigh"] as const) {
        close(row[k], num(e[k]), c.rtol, `${c.id} ${k}`);
      }
      expect(r.design).toBe(String(e.design).replace(" (weighted)", ""));
      expect(r.weighted).toBe(String(e.design).endsWith("(weighted)"));
      if (typeof e.nBlocks === "number") expect(r.nBlocks).toBe(e.nBlocks);
      if (typeof e.nClusters === "number" && e.nClusters > 0) expect(r.nClusters).toBe(e.nClusters);
    });
  }
});

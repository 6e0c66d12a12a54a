/**
 * adjustPValues, the step-down kernels, westfallYoung, romanoWolf and standardizedIndex against
 * fixtures/reference/inference-multiplicity.json (written by fixtures/reference/inference-multiplicity.R:
 * stats::p.adjust, and base-R implementations each cross-checked there by brute force).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { adjustPValues } from "../../src/inference/adjust-p-values.js";
import { maxTStepDown, minPStepDown, type PValueRule } from "../../src/inference/step-down.js";
import { westfallYoung } from "../../src/inference/westfall-young.js";
import { romanoWolf } from "../../src/inference/romano-wolf.js";
import { standardizedIndex } from "../../src/inference/standardized-index.js";
import { declareRa } from "../../src/assign/declare-ra.js";

interface Case {
  id: string;
  fn: string;
  call: string;
  input: Record<string, unknown>;
  expected: Record<string, unknown>;
  rtol: number;
}
const ref = JSON.parse(readFileSync(new URL("../../fixtures/reference/inference-multiplicity.json", import.meta.url), "utf8")) as { cases: Case[] };
const byFn = (...fns: string[]) => ref.cases.filter((c) => fns.includes(c.fn));

function num(v: unknown): number {
  if (v === "NaN" || v === "NA" || v === null) return NaN;
  return v as number;
}
function closeAll(actual: ArrayLike<number | null>, expected: readonly unknown[], rtol: number, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = num(expected[i]);
    const a = actual[i] ?? NaN;
    if (Number.isNaN(e)) {
      expect(a, `${what}[${i}]`).toBeNaN();
      continue;
    }
    expect(Math.abs(a - e) <= rtol * Math.abs(e) + 1e-14, `${what}[${i}]: ${a} vs ${e}`).toBe(true);
  }
}
/** JSON columns (null for missing) as arrays ensayo reads (null stays missing). */
function columns(data: Record<string, unknown[]>): Record<string, unknown[]> {
  return data;
}

describe("reference file", () => {
  it("holds at least 15 cases of each kind that matter", () => {
    expect(byFn("adjustPValues").length).toBeGreaterThanOrEqual(15);
    expect(byFn("westfallYoung", "romanoWolf", "stepDownmaxT", "stepDownminP").length).toBeGreaterThanOrEqual(15);
    expect(byFn("standardizedIndex").length).toBeGreaterThanOrEqual(6);
  });
});

describe("adjustPValues equals R's p.adjust and the R sharpened q-values", () => {
  for (const c of byFn("adjustPValues")) {
    it(`${c.id}: ${c.call}`, () => {
      const r = adjustPValues(c.input.p as (number | null)[], c.input.options as never);
      const expected = c.expected.adjusted as (number | null)[];
      expected.forEach((e, i) => { if (e === null) expect(r.adjusted[i], `${c.id}[${i}] missing`).toBeNull(); });
      closeAll(r.adjusted, expected, c.rtol, c.id);
    });
  }
});

describe("the step-down kernels equal the R implementations (checked there by closed testing)", () => {
  for (const c of byFn("stepDownmaxT", "stepDownminP")) {
    it(`${c.id}: ${c.call}`, () => {
      const acc = (c.fn === "stepDownmaxT" ? maxTStepDown : minPStepDown)(Float64Array.from(c.input.observed as number[]));
      const weights = c.input.weights as number[] | null;
      (c.input.null as unknown[][]).forEach((row, b) => acc.add(Float64Array.from(row, num), weights ? weights[b]! : 1));
      const r = acc.finish(c.input.rule as PValueRule);
      closeAll(r.adjusted, c.expected.adjusted as number[], c.rtol, `${c.id} adjusted`);
      closeAll(r.raw, c.expected.raw as number[], c.rtol, `${c.id} raw`);
    });
  }
});

describe("westfallYoung and romanoWolf equal the R step-down over every assignment of the design", () => {
  for (const c of byFn("westfallYoung", "romanoWolf")) {
    it(`${c.id}: ${c.call}`, () => {
      const design = declareRa(c.input.design as never);
      const options = { ...(c.input.options as object), design };
      const r = c.fn === "westfallYoung"
        ? westfallYoung(columns(c.input.data as Record<string, unknown[]>), options as never)
        : romanoWolf(columns(c.input.data as Record<string, unknown[]>), options as never);
      expect(r.permutations.method).toBe("exact");
      expect(r.permutations.nSims).toBe(c.expected.nSims);
      closeAll(r.rows.map((x) => x.estimate), c.expected.estimate as number[], 1e-10, `${c.id} estimate`);
      closeAll(r.rows.map((x) => x.statistic), c.expected.statistic as number[], 1e-10, `${c.id} statistic`);
      closeAll(r.rows.map((x) => x.pValue), c.expected.pValue as number[], c.rtol, `${c.id} pValue`);
      closeAll(r.rows.map((x) => x.pValueAdjusted), c.expected.pValueAdjusted as number[], c.rtol, `${c.id} pValueAdjusted`);
    });
  }
});

describe("standardizedIndex equals the R indices (checked there by explicit loops)", () => {
  for (const c of byFn("standardizedIndex")) {
    it(`${c.id}: ${c.call}`, () => {
      const r = standardizedIndex(c.input.data as Record<string, unknown[]>, c.input.options as never);
      closeAll(r.index, c.expected.index as unknown[], c.rtol, `${c.id} index`);
      closeAll(r.components.map((x) => x.weight), c.expected.weights as number[], c.rtol, `${c.id} weights`);
      if (typeof c.expected.nUsed === "number") expect(r.covariance?.nUsed).toBe(c.expected.nUsed);
      else expect(r.covariance).toBeNull();
    });
  }
});

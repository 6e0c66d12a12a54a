import { describe, expect, it } from "vitest";
import { lmRobust } from "../../src/estimators/lm-robust.js";
import { lmLin } from "../../src/estimators/lm-lin.js";
import { ivRobust } from "../../src/estimators/iv-robust.js";
import { waldTest } from "../../src/estimators/wald-test.js";
import { EnsayoError } from "../../src/errors.js";
import { near, readRefCsv, reference } from "./lm-reference.js";

const waldCases = reference.cases.filter((c) => c.id.startsWith("wald-"));
const main = readRefCsv("lm-main.csv");

describe("waldTest equals clubSandwich 0.5.8 / estimatr 1.0.0", () => {
  it("has the reference cases", () => expect(waldCases.length).toBeGreaterThanOrEqual(15));
  for (const c of waldCases) {
    it(`${c.id}: ${c.call}`, () => {
      const inp = c.input as unknown as { data: string; formula: string; options: Record<string, unknown>; terms: string[]; test: "F" | "chisq" | "HTZ" };
      const data = inp.data === "lm-main.csv" ? main : readRefCsv(inp.data);
      const fit = lmRobust(data, inp.formula, inp.options as never);
      const w = waldTest(fit, inp.terms, inp.test === "HTZ" ? { test: inp.test, data } : { test: inp.test });
      const ex = c.expected as Record<string, unknown>;
      near(w.statistic, ex.statistic, c.rtol, `${c.id} statistic`);
      expect(w.df1).toBe(ex.df1);
      near(w.df2, ex.df2, c.rtol, `${c.id} df2`);
      near(w.pValue, ex.pValue, c.rtol, `${c.id} pValue`);
      expect(w.kind).toBe("waldTest");
      expect(w.test).toBe(inp.test);
    });
  }
});

describe("waldTest refuses what it cannot test", () => {
  const fit = lmRobust(main, "y ~ z + x1 + x1dup");
  it("throws INVALID_OPTION for an unknown term, naming the fit's terms", () => {
    expect(() => waldTest(fit, ["x9"])).toThrow(EnsayoError);
    expect(() => waldTest(fit, ["x9"])).toThrow(/'x9' is not in the fit.*\(Intercept\), z, x1, x1dup/);
  });
  it("throws INVALID_OPTION for an aliased term and for an empty list", () => {
    expect(() => waldTest(fit, ["x1dup"])).toThrow(/aliased/);
    expect(() => waldTest(fit, [])).toThrow(/at least one term/);
  });
  it("throws INVALID_OPTION for HTZ on a fit that is not CR2", () => {
    expect(() => waldTest(fit, ["z"], { test: "HTZ" })).toThrow(/HTZ/);
    try {
      waldTest(fit, ["z"], { test: "HTZ" });
    } catch (e) {
      expect((e as EnsayoError).code).toBe("INVALID_OPTION");
    }
  });
  it("throws INVALID_OPTION for a fit with seType none", () => {
    const none = lmRobust(main, "y ~ z + x1", { seType: "none" });
    expect(() => waldTest(none, ["z"])).toThrow(/seType: "none"/);
  });
  it("a single term's F equals the squared t statistic", () => {
    const f = lmRobust(main, "y ~ z + x1 + x2", { clusters: "cl" });
    const w = waldTest(f, ["x1"]);
    const t = f.coefficients.find((r) => r.term === "x1")!.statistic;
    expect(w.statistic).toBeCloseTo(t * t, 10);
  });
});

describe("waldTest needs no hidden state: every copy of a fit supports every test", () => {
  const fit = lmRobust(main, "y ~ z + x1 + x2", { clusters: "cl" });
  const copies: [string, () => typeof fit][] = [
    ["spread", () => ({ ...fit })],
    ["structuredClone", () => structuredClone(fit)],
    ["JSON round trip", () => JSON.parse(JSON.stringify(fit)) as typeof fit],
    // what a worker receives: postMessage copies with the structured clone algorithm
    ["postMessage (structured clone)", () => structuredClone(fit, { transfer: [] })],
  ];
  const want = {
    F: waldTest(fit, ["x1", "x2"]),
    chisq: waldTest(fit, ["x1", "x2"], { test: "chisq" }),
    HTZ: waldTest(fit, ["x1", "x2"], { test: "HTZ", data: main }),
  };
  for (const [how, copy] of copies) {
    it(`a ${how} copy gives the same F, chi-square and HTZ tests`, () => {
      const c = copy();
      expect(waldTest(c, ["x1", "x2"])).toEqual(want.F);
      expect(waldTest(c, ["x1", "x2"], { test: "chisq" })).toEqual(want.chisq);
      expect(waldTest(c, ["x1", "x2"], { test: "HTZ", data: main })).toEqual(want.HTZ);
    });
  }
  it("HTZ without data throws INVALID_OPTION saying to pass the data", () => {
    expect(() => waldTest(structuredClone(fit), ["x1"], { test: "HTZ" })).toThrow(/needs the data the fit was made from/);
    try {
      waldTest(fit, ["x1"], { test: "HTZ" });
    } catch (e) {
      expect((e as EnsayoError).code).toBe("INVALID_OPTION");
      expect((e as EnsayoError).hint).toMatch(/data/);
    }
  });
  it("HTZ refuses data the fit was not made from", () => {
    const other = { ...main, y: (main.y as Float64Array).map((v: number) => v + 1) };
    expect(() => waldTest(fit, ["x1"], { test: "HTZ", data: other })).toThrow(/not the data the fit was made from/);
  });
  it("HTZ works on lmLin fits (and their copies) with their data", () => {
    const lin = lmLin(main, { outcome: "yc", treatment: "zc", covariates: ["x1", "x2"], clusters: "cl" });
    const a = waldTest(lin, ["x1_c", "x2_c"], { test: "HTZ", data: main });
    expect(waldTest(JSON.parse(JSON.stringify(lin)), ["x1_c", "x2_c"], { test: "HTZ", data: main })).toEqual(a);
    expect(a.df2).toBeGreaterThan(0);
  });
  it("F and chi-square tests work on ivRobust fits", () => {
    const iv = ivRobust(main, "y ~ x1 + x2 | z + x2", { clusters: "cl" });
    const w = waldTest(iv, ["x1"]);
    const t = iv.coefficients.find((r) => r.term === "x1")!.statistic;
    expect(w.statistic).toBeCloseTo(t * t, 10);
    expect(w.df2).toBe(iv.nClusters! - 1);
    expect(() => waldTest(iv, ["x1"], { test: "HTZ", data: main })).toThrow(/lmRobust or lmLin/);
  });
});

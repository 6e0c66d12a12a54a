import { describe, expect, it } from "vitest";
import { lmLin } from "../../src/estimators/lm-lin.js";
import { lmRobust } from "../../src/estimators/lm-robust.js";
import { EnsayoError } from "../../src/errors.js";
import { dec, near, readRefCsv, reference } from "./lm-reference.js";

const linCases = reference.cases.filter((c) => c.call.startsWith("lm_lin("));
const main = readRefCsv("lm-main.csv");

describe("lmLin equals estimatr::lm_lin 1.0.0", () => {
  it("has the reference cases", () => expect(linCases.length).toBeGreaterThanOrEqual(8));
  for (const c of linCases) {
    it(`${c.id}: ${c.call}`, () => {
      const o = c.input.options as Record<string, unknown> & { covariates: string };
      const fit = lmLin(main, { ...o, covariates: `~ ${o.covariates}` } as never);
      const ex = c.expected as Record<string, unknown[]> & Record<string, unknown>;
      expect(fit.terms).toEqual(ex.term);
      const fields = ["estimate", "stdError", "statistic", "df", "pValue", "confLow", "confHigh"] as const;
      fit.coefficients.forEach((row, j) => {
        for (const f of fields) near(row[f], (ex[f] as unknown[])[j], c.rtol, `${c.id} ${row.term} ${f}`);
      });
      const vt = ex.vcovTerms as string[];
      vt.forEach((a, i) =>
        vt.forEach((b, k) => near(fit.vcov[fit.terms.indexOf(a)]![fit.terms.indexOf(b)]!, (ex.vcov as unknown[][])[i]![k], c.rtol, `vcov ${a},${b}`)),
      );
      near(fit.r2, ex.r2, c.rtol, "r2");
      near(fit.adjR2, ex.adjR2, c.rtol, "adjR2");
      if (ex.fStatistic != null) near(fit.fStatistic!.value, (ex.fStatistic as unknown as unknown[])[0], c.rtol, "F");
      expect(fit.nObs).toBe(ex.nObs);
      expect(Number.isNaN(dec(ex.estimate[1]))).toBe(false);
    });
  }
});

describe("lmLin", () => {
  it("accepts covariates as a list of columns, the same as the formula form", () => {
    const a = lmLin(main, { outcome: "y", treatment: "z", covariates: ["x1", "region"] });
    const b = lmLin(main, { outcome: "y", treatment: "z", covariates: "~ x1 + region" });
    expect(a.coefficients).toEqual(b.coefficients);
  });
  it("gives the same ATE as lmRobust on hand-centred, interacted covariates", () => {
    const n = main.y!.length;
    const x1 = main.x1 as Float64Array;
    const z = main.z as Float64Array;
    let m = 0;
    for (let i = 0; i < n; i++) m += x1[i]! / n;
    const xc = Float64Array.from(x1, (v) => v - m);
    const zx = Float64Array.from(xc, (v, i) => v * z[i]!);
    const byHand = lmRobust({ y: main.y!, z, xc, zx }, "y ~ z + xc + zx");
    const lin = lmLin(main, { outcome: "y", treatment: "z", covariates: ["x1"] });
    expect(lin.coefficients[1]!.estimate).toBeCloseTo(byHand.coefficients[1]!.estimate, 12);
    expect(lin.coefficients[1]!.stdError).toBeCloseTo(byHand.coefficients[1]!.stdError, 12);
  });
  it("throws ONE_ARM when the treatment takes one value", () => {
    const one = { y: [1, 2, 3, 4], z: [1, 1, 1, 1], x: [1, 3, 2, 5] };
    expect(() => lmLin(one, { outcome: "y", treatment: "z", covariates: ["x"] })).toThrow(EnsayoError);
    try {
      lmLin(one, { outcome: "y", treatment: "z", covariates: ["x"] });
    } catch (e) {
      expect((e as EnsayoError).code).toBe("ONE_ARM");
    }
  });
  it("throws FORMULA_PARSE for covariates with an outcome, and MISSING_COLUMN for an unknown covariate", () => {
    expect(() => lmLin(main, { outcome: "y", treatment: "z", covariates: "y ~ x1" })).toThrow(/right-hand side/);
    expect(() => lmLin(main, { outcome: "y", treatment: "z", covariates: ["x11"] })).toThrow(/'x11' is not a column.*'x1'/);
  });
  it("warns about standard errors of 0 when the outcome is constant (shared lmRobust path)", () => {
    const fit = lmLin({ y: [2, 2, 2, 2, 2, 2], z: [1, 0, 1, 0, 1, 0], x: [1, 5, 2, 4, 3, 8] }, { outcome: "y", treatment: "z", covariates: "x" });
    expect(fit.warnings.some((w) => /^the standard error of .*'z'.* is 0/.test(w))).toBe(true);
  });
  it("applies `levels` given for a covariate called __proto__", () => {
    const data = JSON.parse('{"y":[1,4,2,5,3,3,2,6],"__proto__":["b","a","b","a","a","b","a","b"],"z":[1,0,1,0,1,0,1,0]}');
    const levels = JSON.parse('{"__proto__":["b","a"]}');
    expect(lmLin(data, { outcome: "y", treatment: "z", covariates: "__proto__", levels }).terms).toContain("__proto__a_c");
  });
});

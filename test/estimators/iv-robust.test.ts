import { describe, expect, it } from "vitest";
import { EnsayoError } from "../../src/errors.js";
import { ivRobust } from "../../src/estimators/iv-robust.js";
import { lmLin } from "../../src/estimators/lm-lin.js";
import { lmRobust } from "../../src/estimators/lm-robust.js";
import { errorCode as code } from "../helpers/errors.js";

const d = {
  y: [2.1, 3.4, 1.9, 5.2, 4.4, 6.1, 3.3, 7.0, 5.5, 6.8, 2.2, 4.9],
  d: [0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0],
  z: [0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 0],
  x: [0.3, -1.2, 0.8, 0.1, 1.5, -0.4, 0.9, 1.1, -0.7, 0.2, -1.0, 0.6],
  g: ["a", "a", "b", "b", "c", "c", "d", "d", "e", "e", "f", "f"],
};


describe("ivRobust", () => {
  it("names the formula as the value of an error that states no value of its own, and keeps the error's column", () => {
    let error: EnsayoError | undefined;
    try {
      ivRobust(d, "y ~ q | x");
    } catch (e) {
      error = e as EnsayoError;
    }
    expect(error).toBeInstanceOf(EnsayoError);
    expect(error!.code).toBe("MISSING_COLUMN");
    expect(error!.fn).toBe("ivRobust");
    expect(error!.value).toBe("y ~ q | x");
    expect(error!.column).toBe("q");
  });

  it("equals lmRobust when every regressor is its own instrument", () => {
    for (const seType of ["HC2", "classical", "HC1"] as const) {
      const iv = ivRobust(d, "y ~ d + x | d + x", { seType });
      const ols = lmRobust(d, "y ~ d + x", { seType });
      iv.coefficients.forEach((row, j) => {
        expect(row.estimate).toBeCloseTo(ols.coefficients[j]!.estimate, 10);
        expect(row.stdError).toBeCloseTo(ols.coefficients[j]!.stdError, 10);
        expect(row.df).toBe(ols.coefficients[j]!.df);
      });
    }
    const ivc = ivRobust(d, "y ~ d + x | d + x", { clusters: "g" });
    const olsc = lmRobust(d, "y ~ d + x", { clusters: "g" });
    ivc.coefficients.forEach((row, j) => {
      expect(row.stdError).toBeCloseTo(olsc.coefficients[j]!.stdError, 10);
      expect(row.df).toBeCloseTo(olsc.coefficients[j]!.df, 8);
    });
  });

  it("gives the Wald ratio (reduced form / first stage) with one binary instrument and no covariates", () => {
    const r = ivRobust(d, "y ~ d | z");
    const mean = (v: number[], s: number[], k: number) => {
      const sel = v.filter((_, i) => s[i] === k);
      return sel.reduce((a, b) => a + b, 0) / sel.length;
    };
    const wald = (mean(d.y, d.z, 1) - mean(d.y, d.z, 0)) / (mean(d.d, d.z, 1) - mean(d.d, d.z, 0));
    expect(r.coefficients[1]!.term).toBe("d");
    expect(r.coefficients[1]!.estimate).toBeCloseTo(wald, 12);
    expect(r.seType).toBe("HC2");
    expect(r.instruments).toEqual(["(Intercept)", "z"]);
  });

  it("refuses an underidentified model (NOT_ESTIMABLE)", () => {
    expect(code(() => ivRobust(d, "y ~ d + x | z"))).toBe("NOT_ESTIMABLE");
    expect(() => ivRobust(d, "y ~ d + x | z")).toThrow(/underidentified/);
  });

  it("needs instruments after '|' (FORMULA_PARSE)", () => {
    expect(code(() => ivRobust(d, "y ~ d + x"))).toBe("FORMULA_PARSE");
  });

  it("refuses CR types without clusters and HC types with clusters (INVALID_OPTION)", () => {
    expect(code(() => ivRobust(d, "y ~ d | z", { seType: "CR2" }))).toBe("INVALID_OPTION");
    expect(code(() => ivRobust(d, "y ~ d | z", { clusters: "g", seType: "HC2" }))).toBe("INVALID_OPTION");
  });

  it("drops incomplete rows and reports them", () => {
    const dd = { ...d, x: [...d.x.slice(0, 11), NaN] };
    const r = ivRobust(dd, "y ~ d + x | z + x");
    expect(r.nObs).toBe(11);
    expect(r.dropped.total).toBe(1);
  });
  it("aliases a regressor the instruments cannot identify (treatment and instrument constant) and warns, as estimatr's NA", () => {
    const n = 16;
    const y = Array.from({ length: n }, (_, i) => (i % 5) + 0.3 * i);
    const ones = Array<number>(n).fill(1);
    const r = ivRobust({ y, d: ones, z: ones }, "y ~ d | z");
    const row = r.coefficients[1]!;
    expect(row.term).toBe("d");
    expect(row.aliased).toBe(true);
    expect(row.estimate).toBeNaN();
    expect(r.rank).toBe(1);
    // the intercept is then the mean of y, with lmRobust's y ~ 1 standard error
    const ols = lmRobust({ y }, "y ~ 1");
    expect(r.coefficients[0]!.estimate).toBeCloseTo(ols.coefficients[0]!.estimate, 10);
    expect(r.coefficients[0]!.stdError).toBeCloseTo(ols.coefficients[0]!.stdError, 10);
    expect(r.warnings.some((w) => /not estimated/.test(w) && /\bd\b/.test(w))).toBe(true);
    expect(r.warnings.some((w) => /instrument column\(s\) are collinear/.test(w) && /\bz\b/.test(w))).toBe(true);
    // an instrument constant like the intercept leaves a varying treatment unidentified too
    const dv = Array.from({ length: n }, (_, i) => i % 2);
    const r2 = ivRobust({ y, d: dv, z: ones }, "y ~ d | z");
    expect(r2.coefficients[1]!.aliased).toBe(true);
    expect(r2.coefficients[1]!.estimate).toBeNaN();
  });
  it("warns about standard errors of 0 when the outcome is constant", () => {
    const r = ivRobust({ ...d, y: d.y.map(() => 4) }, "y ~ d + x | z + x");
    expect(r.coefficients[1]!.stdError).toBeLessThan(1e-12);
    expect(r.warnings.some((w) => /standard error of '\(Intercept\)', 'd', 'x' is 0/.test(w))).toBe(true);
  });
  it("applies `levels` given for a column called __proto__", () => {
    const data = JSON.parse('{"y":[1,4,2,5,3,3,2,6],"__proto__":["b","a","b","a","a","b","a","b"],"z":[1,0,1,0,1,0,1,0]}');
    const levels = JSON.parse('{"__proto__":["b","a"]}');
    expect(ivRobust(data, "y ~ __proto__ | __proto__", { levels }).terms).toEqual(["(Intercept)", "__proto__a"]);
  });
  it("validates the options it shares with lmRobust and lmLin the same way (one shared schema)", () => {
    const bad: Record<string, unknown>[] = [{ alpha: 1.5 }, { na: "drop" }, { seType: "HC4" }, { clusters: "" }, { weights: 3 }, { levels: { g: [] } }];
    const lin = { outcome: "y", treatment: "d", covariates: "x" };
    for (const o of bad) {
      expect(code(() => ivRobust(d, "y ~ d + x | z + x", o as never))).toBe("INVALID_OPTION");
      expect(code(() => lmRobust(d, "y ~ d + x", o as never))).toBe("INVALID_OPTION");
      expect(code(() => lmLin(d, { ...lin, ...o } as never))).toBe("INVALID_OPTION");
    }
    // defaults agree too
    expect([ivRobust(d, "y ~ d | z").alpha, lmRobust(d, "y ~ d").alpha, lmLin(d, lin).alpha]).toEqual([0.05, 0.05, 0.05]);
    expect(code(() => ivRobust(d, "y ~ d | z", { fixedEffects: "g" } as never))).toBe("INVALID_OPTION");
  });
});

import { describe, expect, it } from "vitest";
import { lmRobust } from "../../src/estimators/lm-robust.js";
import { EnsayoError } from "../../src/errors.js";
import { readRefCsv } from "./ref-csv.js";
import { errorCode as codeOf } from "../helpers/errors.js";

const main = readRefCsv("lm-main.csv");


describe("lmRobust refuses bad input with EnsayoError codes", () => {
  it("FORMULA_PARSE points at the character where the formula breaks", () => {
    try {
      lmRobust(main, "y ~ x1 +");
      throw new Error("no throw");
    } catch (e) {
      expect((e as EnsayoError).code).toBe("FORMULA_PARSE");
      expect((e as EnsayoError).message).toMatch(/at character 9/);
    }
    expect(codeOf(() => lmRobust(main, "y ~ x1 + * x2"))).toBe("FORMULA_PARSE");
    expect(codeOf(() => lmRobust(main, "y x1"))).toBe("FORMULA_PARSE");
    expect(codeOf(() => lmRobust(main, "~ x1"))).toBe("FORMULA_PARSE");
  });
  it("MISSING_COLUMN names the column and near matches", () => {
    expect(() => lmRobust(main, "y ~ z + regoin")).toThrow(/'regoin' is not a column.*'region'/);
    expect(codeOf(() => lmRobust(main, "y ~ z", { clusters: "oficina" }))).toBe("MISSING_COLUMN");
    expect(codeOf(() => lmRobust(main, "y ~ z", { weights: "ww" }))).toBe("MISSING_COLUMN");
  });
  it("NOT_NUMERIC for a text outcome", () => {
    expect(codeOf(() => lmRobust(main, "region ~ z"))).toBe("NOT_NUMERIC");
  });
  it("MISSING_VALUE with na: error names the row", () => {
    expect(() => lmRobust(main, "y ~ z + x2na", { na: "error" })).toThrow(/'x2na' is missing at row 5/);
    expect(codeOf(() => lmRobust(main, "y ~ z + x2na", { na: "error" }))).toBe("MISSING_VALUE");
  });
  it("INVALID_OPTION for HC types with clusters and CR types without", () => {
    expect(() => lmRobust(main, "y ~ z", { clusters: "cl", seType: "HC2" })).toThrow(/must be "CR0", "CR2", "stata" or "none"/);
    expect(codeOf(() => lmRobust(main, "y ~ z", { seType: "CR2" }))).toBe("INVALID_OPTION");
    expect(codeOf(() => lmRobust(main, "y ~ z", { seType: "HC9" as never }))).toBe("INVALID_OPTION");
    expect(codeOf(() => lmRobust(main, "y ~ z", { alpha: 1.5 }))).toBe("INVALID_OPTION");
  });
  it("INVALID_OPTION for weighted CR2 with fixed effects (estimatr 1.0.0 refuses it too)", () => {
    expect(() => lmRobust(main, "y ~ z", { clusters: "cl", weights: "w", fixedEffects: "region" })).toThrow(/not supported/);
  });
  it("BAD_WEIGHTS for negative, infinite or all-zero weights", () => {
    const d = { y: [1, 2, 3, 4, 5], x: [1, 2, 3, 5, 4], w: [1, 1, -1, 1, 1] };
    expect(() => lmRobust(d, "y ~ x", { weights: "w" })).toThrow(/row 3 holds -1/);
    // The data normalizer reads a non-finite number as missing, so an infinite weight drops its row.
    expect(lmRobust({ ...d, w: [1, 1, Infinity, 1, 1] }, "y ~ x", { weights: "w" }).dropped.byColumn).toEqual({ w: 1 });
    expect(codeOf(() => lmRobust({ ...d, w: [0, 0, 0, 0, 0] }, "y ~ x", { weights: "w" }))).toBe("BAD_WEIGHTS");
  });
  it("TOO_FEW_CLUSTERS with a single cluster", () => {
    const d = { y: [1, 2, 3, 4], x: [1, 2, 4, 3], g: ["a", "a", "a", "a"] };
    expect(codeOf(() => lmRobust(d, "y ~ x", { clusters: "g" }))).toBe("TOO_FEW_CLUSTERS");
  });
  it("NOT_ESTIMABLE with no complete rows or no regressors", () => {
    expect(codeOf(() => lmRobust({ y: [NaN, NaN], x: [1, 2] }, "y ~ x"))).toBe("NOT_ESTIMABLE");
    expect(codeOf(() => lmRobust({ y: [1, 2, 3], x: [0, 0, 0] }, "y ~ x - 1"))).toBe("NOT_ESTIMABLE");
  });
});

describe("lmRobust edge cases", () => {
  it("applies `levels` given for a column called __proto__ (zod's record drops that key) and validates it", () => {
    const data = JSON.parse('{"y":[1,4,2,5,3,3,2,6],"__proto__":["b","a","b","a","a","b","a","b"],"z":[1,0,1,0,1,0,1,0]}');
    const levels = JSON.parse('{"__proto__":["b","a"]}');
    expect(lmRobust(data, "y ~ __proto__").terms).toEqual(["(Intercept)", "__proto__b"]);
    expect(lmRobust(data, "y ~ __proto__", { levels }).terms).toEqual(["(Intercept)", "__proto__a"]);
    expect(() => lmRobust(data, "y ~ __proto__", { levels: JSON.parse('{"__proto__":5}') })).toThrow(/`levels.__proto__`/);
  });
  it("warns, naming the terms, when a constant outcome leaves standard errors of 0 (or rounding noise) and statistics that mean nothing", () => {
    const z = [1, 0, 1, 0, 1, 0, 1, 0];
    for (const y of [[3, 3, 3, 3, 3, 3, 3, 3], [0, 0, 0, 0, 0, 0, 0, 0]]) {
      const fit = lmRobust({ y, z }, "y ~ z");
      expect(fit.coefficients[1]!.stdError).toBeLessThan(1e-12);
      expect(fit.warnings.some((w) => /standard error of '\(Intercept\)', 'z' is 0/.test(w))).toBe(true);
    }
    // an ordinary fit gets no such warning
    expect(lmRobust({ y: [1, 4, 2, 5, 3, 3, 2, 6], z }, "y ~ z").warnings).toEqual([]);
  });
  it("counts dropped rows of columns called __proto__ and constructor under their own names", () => {
    const data = JSON.parse('{"y":[1,2,3,4,5,6,7,8],"__proto__":[1,null,3,2,5,1,7,3],"constructor":[0,1,null,1,0,1,0,1],"cl":[1,1,2,2,3,3,4,null]}');
    const fit = lmRobust(data, "y ~ __proto__ + constructor", { clusters: "cl" });
    expect(fit.dropped.total).toBe(3);
    const by = fit.dropped.byColumn;
    expect(Object.keys(by).sort()).toEqual(["__proto__", "cl", "constructor"]);
    expect([by["__proto__"], by["constructor"], by["cl"]]).toEqual([1, 1, 1]);
    expect(fit.warnings.join(" ")).toMatch(/missing 'cl'/);
  });
  it("drops incomplete rows listwise and counts them by column", () => {
    const fit = lmRobust(main, "y ~ z + x2na", { clusters: "clna" });
    expect(fit.nObs).toBe(77);
    expect(fit.dropped.total).toBe(3);
    expect(fit.dropped.byColumn).toEqual({ x2na: 2, clna: 1 });
    expect(fit.warnings.join(" ")).toMatch(/missing 'clna'/);
  });
  it("zero-weight rows are left out of n, the df and the clusters, with a warning", () => {
    const fit = lmRobust(main, "y ~ z + x1", { weights: "w0", clusters: "cl" });
    expect(fit.nObs).toBe(74);
    expect(fit.nClusters).toBe(18);
    expect(fit.warnings.join(" ")).toMatch(/6 row\(s\) with zero weight/);
  });
  it("a leverage of 1 makes HC2/HC3 standard errors NaN with a warning naming the row", () => {
    // Row 4 is alone in level "d": its dummy gives it leverage 1.
    const d = { y: [1.2, 2.3, 2.9, 4.1, 1.7, 2.2, 3.5], g: ["a", "b", "c", "d", "a", "b", "c"], x: [0.1, 0.5, 0.2, 0.9, 0.4, 0.3, 0.8] };
    for (const seType of ["HC2", "HC3"] as const) {
      const fit = lmRobust(d, "y ~ x + g", { seType });
      expect(fit.coefficients.every((r) => Number.isNaN(r.stdError))).toBe(true);
      expect(fit.warnings.join(" ")).toMatch(/leverage 1 \(data row 4\)/);
    }
    const hc1 = lmRobust(d, "y ~ x + g", { seType: "HC1" });
    expect(hc1.coefficients.every((r) => Number.isFinite(r.stdError))).toBe(true);
  });
  it("aliased terms keep their row with NaN and aliased: true, and a warning", () => {
    const fit = lmRobust(main, "y ~ z + x1 + x1dup");
    const row = fit.coefficients.find((r) => r.term === "x1dup")!;
    expect(row.aliased).toBe(true);
    expect(Number.isNaN(row.estimate)).toBe(true);
    expect(fit.vcov[3]!.every((v) => Number.isNaN(v))).toBe(true);
    expect(fit.warnings.join(" ")).toMatch(/x1dup/);
    expect(fit.rank).toBe(3);
  });
  it("levels chooses the reference level of a text column", () => {
    const fit = lmRobust(main, "y ~ region", { levels: { region: ["Itapúa", "Central", "Concepción", "Ñeembucú"] } });
    expect(fit.terms).toEqual(["(Intercept)", "regionCentral", "regionConcepción", "regionÑeembucú"]);
    const def = lmRobust(main, "y ~ region");
    expect(def.terms).toEqual(["(Intercept)", "regionConcepción", "regionItapúa", "regionÑeembucú"]);
    // Same fitted model, different parametrization: the intercept is the reference mean.
    expect(fit.r2).toBeCloseTo(def.r2, 12);
    expect(() => lmRobust(main, "y ~ region", { levels: { region: ["Central"] } })).toThrow(/does not list the value/);
  });
  it("accepts rows, columns and tables alike", () => {
    const rows = [
      { y: 1, x: 0.5 },
      { y: 2.5, x: 1.1 },
      { y: 2.9, x: 2.3 },
      { y: 4.4, x: 2.9 },
    ];
    const a = lmRobust(rows, "y ~ x");
    const b = lmRobust({ y: rows.map((r) => r.y), x: rows.map((r) => r.x) }, "y ~ x");
    expect(a.coefficients).toEqual(b.coefficients);
  });
  it("does not modify the caller's data", () => {
    const d = { y: Float64Array.from([1, 2, 3, 5, 4, 6]), x: Float64Array.from([1, 2, 3, 4, 5, 7]), g: ["a", "a", "b", "b", "c", "c"] };
    const copy = { y: Float64Array.from(d.y), x: Float64Array.from(d.x) };
    lmRobust(d, "y ~ x", { fixedEffects: "g", clusters: "g", seType: "CR2" });
    expect(d.y).toEqual(copy.y);
    expect(d.x).toEqual(copy.x);
  });
  it("is invariant to the order of the rows", () => {
    const n = main.y!.length;
    const perm = Array.from({ length: n }, (_, i) => (i * 37) % n);
    const shuffled: Record<string, Float64Array | (string | null)[]> = {};
    for (const [k, col] of Object.entries(main)) shuffled[k] = col instanceof Float64Array ? Float64Array.from(perm, (i) => col[i]!) : perm.map((i) => col[i]!);
    const a = lmRobust(main, "y ~ z + x1", { clusters: "cl", fixedEffects: "region" });
    const b = lmRobust(shuffled, "y ~ z + x1", { clusters: "cl", fixedEffects: "region" });
    a.coefficients.forEach((r, j) => {
      expect(b.coefficients[j]!.estimate).toBeCloseTo(r.estimate, 10);
      expect(b.coefficients[j]!.stdError).toBeCloseTo(r.stdError, 10);
      expect(b.coefficients[j]!.df).toBeCloseTo(r.df, 8);
    });
  });
});

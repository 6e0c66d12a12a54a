import { describe, expect, it } from "vitest";
import { classicalTwin, fitLmParts } from "../../src/estimators/linear-fit.js";
import { lmFitInput, lmRobust, lmRobustVcovOnly } from "../../src/estimators/lm-robust.js";
import { waldTest } from "../../src/estimators/wald-test.js";
import { createRng } from "../../src/internal/rng.js";

function data(n: number, J: number, seed: number) {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => {
    const g = i % J;
    return { y: rng.normal() + g * 0.1, x1: rng.normal(), x2: rng.next() * 10, z: g % 2, g: `c${g}`, b: `b${g % 3}`, bx: `x${i % 5}`, by: `y${(i * 7) % 3}` };
  });
}

/** Largest |a − b| over two variance matrices, relative to the largest |b|. */
function relDiff(a: number[][], b: number[][]): number {
  let scale = 0;
  let d = 0;
  b.forEach((row, i) =>
    row.forEach((v, j) => {
      if (Number.isNaN(v)) {
        if (!Number.isNaN(a[i]![j]!)) d = Infinity;
        return;
      }
      scale = Math.max(scale, Math.abs(v));
      d = Math.max(d, Math.abs(a[i]![j]! - v));
    }),
  );
  return d / scale;
}

describe("lmRobustVcovOnly", () => {
  for (const fe of [undefined, "b"] as const) {
    it(`gives lmRobust's estimates and CR2 variance matrix without per-coefficient df${fe ? " (with fixed effects)" : ""}`, () => {
      const d = data(300, 23, fe ? 2 : 1);
      const opts = { clusters: "g", ...(fe ? { fixedEffects: fe } : {}) };
      const full = lmRobust(d, "y ~ z + x1 + x2", opts);
      const fast = lmRobustVcovOnly(d, "y ~ z + x1 + x2", opts);
      expect(fast.coefficients.map((r) => r.estimate)).toEqual(full.coefficients.map((r) => r.estimate));
      // the full fit takes all coefficients' df at once (cr2Orthonormal), the support mode the low-rank form
      expect(relDiff(fast.vcov, full.vcov)).toBeLessThan(1e-12);
      expect(fast.coefficients.every((r) => Number.isNaN(r.df))).toBe(true);
      expect(full.coefficients.every((r) => r.df > 0)).toBe(true);
      const w1 = waldTest(full, ["x1", "x2"]);
      const w2 = waldTest(fast, ["x1", "x2"]);
      expect(Math.abs(w2.statistic - w1.statistic)).toBeLessThan(1e-12 * w1.statistic);
      // HTZ refits from the data, whichever mode made the result
      expect(waldTest(fast, ["x1", "x2"], { test: "HTZ", data: d }).statistic).toBeCloseTo(waldTest(full, ["x1", "x2"], { test: "HTZ", data: d }).statistic, 12);
    });
  }

  const designs: [string, ReturnType<typeof data>, Record<string, string | string[]>][] = [
    ["many clusters (the series for every cluster)", data(2000, 200, 3), { clusters: "g" }],
    ["few clusters (the eigen form where a cluster's leverage is large)", data(60, 4, 4), { clusters: "g" }],
    ["fixed effects nested in clusters", data(900, 60, 5), { clusters: "g", fixedEffects: "b" }],
    ["fixed effects crossing the clusters", data(600, 40, 10), { clusters: "g", fixedEffects: "bx" }],
    ["singleton clusters and rows not in cluster order", data(150, 150, 6).reverse(), { clusters: "g" }],
    ["two fixed-effect factors (the eigen form)", data(500, 50, 11), { clusters: "g", fixedEffects: ["bx", "by"] }],
  ];
  for (const [label, d, opts] of designs) {
    it(`"meat" mode gives the full CR2 variance to 1e-12: ${label}`, () => {
      const full = lmRobust(d, "y ~ z + x1 + x2", opts as never);
      const meat = lmRobustVcovOnly(d, "y ~ z + x1 + x2", opts as never, "meat");
      expect(meat.coefficients.map((r) => r.estimate)).toEqual(full.coefficients.map((r) => r.estimate));
      expect(relDiff(meat.vcov, full.vcov)).toBeLessThan(1e-12);
      // HTZ refits from the data, so it works on a "meat" result too
      const [hm, hf] = [meat, full].map((f) => waldTest(f, ["x1"], { test: "HTZ", data: d }));
      expect(hm!.df2).toBe(hf!.df2);
      expect(Math.abs(hm!.statistic - hf!.statistic)).toBeLessThanOrEqual(1e-12 * hf!.statistic);
    });
  }

  it('"meat" mode with an aliased column (the pivoted basis) reports it aliased and the same variance', () => {
    const d = data(400, 40, 7).map((row) => ({ ...row, x3: 2 * row.x1 - row.x2 }));
    const full = lmRobust(d, "y ~ z + x1 + x2 + x3", { clusters: "g" });
    const meat = lmRobustVcovOnly(d, "y ~ z + x1 + x2 + x3", { clusters: "g" }, "meat");
    // the pivoted QR leaves out the column of smallest norm among the three (as estimatr's Eigen QR)
    const aliased = (fit: typeof full) => fit.coefficients.filter((r) => r.aliased).map((r) => r.term);
    expect(aliased(full)).toEqual(["x1"]);
    expect(aliased(meat)).toEqual(["x1"]);
    expect(relDiff(meat.vcov, full.vcov)).toBeLessThan(1e-12);
  });
});

describe("classicalTwin", () => {
  for (const fe of [undefined, "b"] as const) {
    it(`equals lmRobust with seType "classical" and no clusters${fe ? " (with fixed effects)" : ""}`, () => {
      const d = data(250, 25, 8);
      const robustFit = fitLmParts(lmFitInput(d, "y ~ z + x1 + x2", { clusters: "g", ...(fe ? { fixedEffects: fe } : {}) }));
      const classical = lmRobust(d, "y ~ z + x1 + x2", { seType: "classical", ...(fe ? { fixedEffects: fe } : {}) });
      const twin = classicalTwin(robustFit);
      expect(twin.seType).toBe("classical");
      expect(twin.nClusters).toBeUndefined();
      expect(relDiff(twin.vcov, classical.vcov)).toBeLessThan(1e-12);
      twin.coefficients.forEach((row, j) => {
        const want = classical.coefficients[j]!;
        expect(row.term).toBe(want.term);
        expect(row.df).toBe(want.df);
        for (const key of ["estimate", "stdError", "statistic", "pValue", "confLow", "confHigh"] as const)
          expect(Math.abs(row[key] - want[key])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want[key])));
      });
      if (fe) expect(twin.fStatistic).toBeUndefined();
      else {
        expect(twin.fStatistic!.value).toBeCloseTo(classical.fStatistic!.value, 10);
        expect(twin.fStatistic!.df2).toBe(classical.fStatistic!.df2);
      }
      // the same Wald test as on the classical fit
      expect(waldTest(twin, ["x1", "x2"]).statistic).toBeCloseTo(waldTest(classical, ["x1", "x2"]).statistic, 10);
    });
  }
  it("returns a classical fit unchanged", () => {
    const fit = fitLmParts(lmFitInput(data(40, 4, 9), "y ~ x1", { seType: "classical" }));
    expect(classicalTwin(fit)).toBe(fit.result);
  });
});

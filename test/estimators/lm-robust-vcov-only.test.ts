import { describe, expect, it } from "vitest";
import { lmRobust, lmRobustVcovOnly } from "../../src/estimators/lm-robust.js";
import { waldTest } from "../../src/estimators/wald-test.js";
import { createRng } from "../../src/internal/rng.js";

function data(n: number, J: number, seed: number) {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => {
    const g = i % J;
    return { y: rng.normal() + g * 0.1, x1: rng.normal(), x2: rng.next() * 10, z: g % 2, g: `c${g}`, b: `b${g % 3}` };
  });
}

describe("lmRobustVcovOnly", () => {
  for (const fe of [undefined, "b"] as const) {
    it(`gives lmRobust's estimates and CR2 variance matrix without per-coefficient df${fe ? " (with fixed effects)" : ""}`, () => {
      const d = data(300, 23, fe ? 2 : 1);
      const opts = { clusters: "g", ...(fe ? { fixedEffects: fe } : {}) };
      const full = lmRobust(d, "y ~ z + x1 + x2", opts);
      const fast = lmRobustVcovOnly(d, "y ~ z + x1 + x2", opts);
      expect(fast.coefficients.map((r) => r.estimate)).toEqual(full.coefficients.map((r) => r.estimate));
      expect(fast.vcov).toEqual(full.vcov);
      expect(fast.coefficients.every((r) => Number.isNaN(r.df))).toBe(true);
      expect(full.coefficients.every((r) => r.df > 0)).toBe(true);
      const w1 = waldTest(full, ["x1", "x2"]);
      const w2 = waldTest(fast, ["x1", "x2"]);
      expect(w2.statistic).toBe(w1.statistic);
      expect(w2.pValue).toBe(w1.pValue);
    });
  }
});

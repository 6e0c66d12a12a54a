import { describe, expect, it } from "vitest";
import { fitLm, kernelInput } from "../../src/estimators/linear-fit.js";
import { lmFitInput, lmRobust } from "../../src/estimators/lm-robust.js";
import { RANK_TOL } from "../../src/kernel/fit.js";
import { fitFactorBlock, FACTOR_BLOCK_MIN_LEVELS } from "../../src/kernel/factor-block.js";
import { designColumnsFactorBlock } from "../../src/estimators/model-matrix.js";
import { parseFormula } from "../../src/estimators/formula.js";
import { asTable } from "../../src/data/table.js";
import { createRng } from "../../src/internal/rng.js";

function data(n: number, L: number, seed: number) {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => {
    const l = (i * 7) % L;
    return { y: rng.normal() * (1 + (i % 3)) + l * 0.05, t: rng.next() < 0.5 ? 1 : 0, x: rng.normal() * 3 + 100, b: `L${String(l).padStart(3, "0")}`, lx: l * 0.5 };
  });
}

/** Largest |a − b| over two matrices relative to the largest |b|. */
function relDiff(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number {
  let scale = 0;
  let d = 0;
  b.forEach((row, i) => row.forEach((v, j) => ((scale = Math.max(scale, Math.abs(v))), (d = Math.max(d, Math.abs(a[i]![j]! - v))))));
  return d / scale;
}

describe("a factor of many levels as a block of sparse dummies (factor-block-fit)", () => {
  const d = data(900, 60, 3);
  const dense = (f: string, opts: Record<string, unknown>) => fitLm(lmFitInput(d, f, opts as never));
  for (const seType of ["classical", "HC0", "HC1", "HC2", "HC3", "stata"] as const)
    for (const formula of ["y ~ t + x + b", "y ~ b + t", "y ~ t * x + b"]) {
      it(`${formula}, ${seType}: every estimate, the full vcov, R², F and df equal the dense fit's`, () => {
        const fast = lmRobust(d, formula, { seType });
        const slow = dense(formula, { seType });
        expect(fast.terms).toEqual(slow.terms);
        expect(fast.seType).toBe(slow.seType);
        expect(fast.rank).toBe(slow.rank);
        expect(fast.dfResidual).toBe(slow.dfResidual);
        fast.coefficients.forEach((row, j) => {
          const want = slow.coefficients[j]!;
          expect(Math.abs(row.estimate - want.estimate)).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(want.estimate)));
          expect(Math.abs(row.stdError - want.stdError)).toBeLessThanOrEqual(1e-10 * want.stdError);
          expect(row.df).toBe(want.df);
        });
        expect(relDiff(fast.vcov, slow.vcov)).toBeLessThan(1e-12);
        expect(Math.abs(fast.r2 - slow.r2)).toBeLessThan(1e-12);
        expect(Math.abs(fast.fStatistic!.value - slow.fStatistic!.value)).toBeLessThanOrEqual(1e-10 * slow.fStatistic!.value);
        expect(fast.fStatistic!.df1).toBe(slow.fStatistic!.df1);
      });
    }

  it("takes the block path for a factor of at least FACTOR_BLOCK_MIN_LEVELS levels and not below", () => {
    const spec = parseFormula("y ~ t + b").parts[0]!;
    const rows = Int32Array.from({ length: d.length }, (_, i) => i);
    const t = asTable(d);
    const block = designColumnsFactorBlock(t, spec, rows, undefined, FACTOR_BLOCK_MIN_LEVELS);
    expect(block!.factorBlock.nLevels).toBe(60);
    expect(block!.names).toEqual(["(Intercept)", "t"]);
    expect(block!.factorBlock.names.slice(0, 3)).toEqual(["(Intercept)", "t", "bL001"]);
    const inp = lmFitInput(d, "y ~ t + b", undefined, true);
    expect(inp.factorBlock).toBeDefined();
    expect(fitFactorBlock(kernelInput(inp), RANK_TOL)).not.toBeNull();
    expect(designColumnsFactorBlock(t, spec, rows, undefined, 61)).toBeNull();
    // the factor in an interaction keeps the dense coding
    expect(designColumnsFactorBlock(t, parseFormula("y ~ t * b").parts[0]!, rows, undefined, FACTOR_BLOCK_MIN_LEVELS)).toBeNull();
  });

  it("falls back to the dense fit (same aliasing) when a covariate is constant within the levels", () => {
    const fast = lmRobust(d, "y ~ t + lx + b");
    const slow = dense("y ~ t + lx + b", {});
    expect(fast.coefficients.map((c) => c.aliased ?? false)).toEqual(slow.coefficients.map((c) => c.aliased ?? false));
    expect(fast.coefficients.some((c) => c.aliased)).toBe(true);
    expect(relDiff(fast.vcov.map((r) => r.map((v) => (Number.isNaN(v) ? 0 : v))), slow.vcov.map((r) => r.map((v) => (Number.isNaN(v) ? 0 : v))))).toBe(0);
  });

  it("falls back to the dense fit when a level has a single row (HC2 leverage 1: NaN and a warning, as the dense fit)", () => {
    const one = [...d, { y: 1, t: 0, x: 100, b: "Z999", lx: 0 }];
    const fast = lmRobust(one, "y ~ t + x + b");
    const slow = fitLm(lmFitInput(one, "y ~ t + x + b"));
    expect(fast.warnings).toEqual(slow.warnings);
    expect(fast.warnings.some((w) => /leverage 1/.test(w))).toBe(true);
  });

  it("a result of the block path survives structuredClone and JSON, and passes waldTest's F", async () => {
    const { waldTest } = await import("../../src/estimators/wald-test.js");
    const fast = lmRobust(d, "y ~ t + x + b");
    const terms = fast.terms.filter((t) => t.startsWith("b"));
    const w = waldTest(fast, terms);
    expect(waldTest(JSON.parse(JSON.stringify(fast)), terms)).toEqual(w);
    expect(waldTest(structuredClone(fast), terms)).toEqual(w);
    const slow = dense("y ~ t + x + b", {});
    expect(Math.abs(w.statistic - waldTest(slow, terms).statistic)).toBeLessThanOrEqual(1e-8 * w.statistic);
  });
});

import { describe, expect, it } from "vitest";
import { westfallYoung } from "../../src/inference/westfall-young.js";
import { romanoWolf } from "../../src/inference/romano-wolf.js";
import { declareRa } from "../../src/assign/declare-ra.js";
import { riTest } from "../../src/inference/ri-test.js";
import { lmRobust } from "../../src/estimators/lm-robust.js";
import { createRng } from "../../src/internal/rng.js";
import { errorCode } from "../helpers/errors.js";

// 16 units, 8 treated: 12,870 assignments; three outcomes, one with a real effect, one correlated with it
const rng = createRng("wy-test");
const z = Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? 1 : 0));
const common = z.map(() => rng.normal());
const data = {
  z,
  y1: z.map((t, i) => 1.2 * t + common[i]! + 0.5 * rng.normal()),
  y2: z.map((_, i) => common[i]! + 0.5 * rng.normal()),
  y3: z.map(() => rng.normal()),
};
const outcomes = ["y1", "y2", "y3"];
const design = declareRa({ n: 16, m: 8 });

describe("westfallYoung", () => {
  const exact = westfallYoung(data, { outcomes, treatment: "z", design });

  it("enumerates every assignment when the design has at most maxExact", () => {
    expect(exact.permutations).toEqual({ method: "exact", nSims: 12870, nDropped: 0, numPermutations: 12870 });
    expect(exact.rows.map((r) => r.term)).toEqual(["1 - 0", "1 - 0", "1 - 0"]);
  });

  it("converges to the exact adjusted p-values when sampling, within 4 Monte Carlo SEs", () => {
    const sims = 4000;
    const sampled = westfallYoung(data, { outcomes, treatment: "z", design, maxExact: 0, sims, seed: 7 });
    expect(sampled.permutations.method).toBe("sampled");
    sampled.rows.forEach((r, j) => {
      const p = exact.rows[j]!.pValueAdjusted;
      expect(Math.abs(r.pValueAdjusted - p)).toBeLessThanOrEqual(4 * Math.sqrt((p * (1 - p)) / sims) + 1 / sims);
    });
  });

  it("gives the same draws for the same seed and other draws for another", () => {
    const a = westfallYoung(data, { outcomes, treatment: "z", design, maxExact: 0, sims: 500, seed: "s" });
    const b = westfallYoung(data, { outcomes, treatment: "z", design, maxExact: 0, sims: 500, seed: "s" });
    const c = westfallYoung(data, { outcomes, treatment: "z", design, maxExact: 0, sims: 500, seed: "t" });
    expect(b.rows).toEqual(a.rows);
    expect(c.rows.map((r) => r.pValue)).not.toEqual(a.rows.map((r) => r.pValue));
  });

  it("gives the design's exact answer when handed every assignment as a permutation matrix (ri2's permutation_matrix)", () => {
    const set = design.permutationSet(20000, 1);
    const permutations = set.arms.map((a) => Array.from(a, (j) => design.conditions[j]!));
    const fromMatrix = westfallYoung(data, { outcomes, treatment: "z", permutations });
    expect(fromMatrix.permutations.method).toBe("matrix");
    fromMatrix.rows.forEach((r, j) => expect(r.pValueAdjusted).toBeCloseTo(exact.rows[j]!.pValueAdjusted, 12));
  });

  it("romanoWolf equals westfallYoung's maxT over permutations (without the +1 of sampled draws)", () => {
    const rw = romanoWolf(data, { outcomes, treatment: "z", design });
    expect(rw.rows).toEqual(exact.rows);
    const rwSampled = romanoWolf(data, { outcomes, treatment: "z", design, maxExact: 0, sims: 300 });
    const wySampled = westfallYoung(data, { outcomes, treatment: "z", design, maxExact: 0, sims: 300, plusOne: true });
    expect(rwSampled.rows).toEqual(wySampled.rows);
    expect(rwSampled.plusOne).toBe(true);
  });

  it("with riTest's statistic, each hypothesis's own p-value is riTest's p-value on the same design", () => {
    const blocked = { ...data, blk: z.map((_, i) => (i < 8 ? "A" : "B")) };
    const bDesign = declareRa({ blocks: blocked.blk, m: 4 });
    const statistic = { estimator: "differenceInMeans", blocks: "blk" } as const;
    const wy = westfallYoung(blocked, { outcomes, treatment: "z", design: bDesign, statistic });
    expect(wy.statistic).toBe("difference-in-means");
    outcomes.forEach((outcome, j) => {
      const ri = riTest(blocked, { outcome, treatment: "z", design: bDesign, statistic, confidence: false });
      expect(wy.rows[j]!.pValue).toBeCloseTo(ri.rows[0]!.pValue, 12);
      expect(wy.rows[j]!.estimate).toBeCloseTo(ri.rows[0]!.estimate, 12);
    });
  });

  it("sees riTest's draws with the default seed, so a hypothesis's own sampled p-value is riTest's", () => {
    const wy = westfallYoung(data, { outcomes, treatment: "z", design, maxExact: 0, sims: 500, statistic: "differenceInMeans" });
    const ri = riTest(data, { outcome: "y2", treatment: "z", design, maxExact: 0, sims: 500, confidence: false });
    expect(wy.seed).toBe("riTest");
    expect(wy.rows[1]!.pValue).toBe(ri.rows[0]!.pValue);
  });

  it("with an lmRobust t statistic, reports the coefficient as the estimate and its t as the statistic", () => {
    const withX = { ...data, x: z.map((_, i) => Math.cos(i)) };
    const r = westfallYoung(withX, { outcomes: ["y1", "y2"], treatment: "z", design, maxExact: 0, sims: 200, statistic: { estimator: "lmRobust", formula: "~ z + x", value: "t" } });
    const fit = lmRobust(withX, "y2 ~ z + x").coefficients.find((c) => c.term === "z")!;
    expect(r.rows[1]!.outcome).toBe("y2");
    expect(r.rows[1]!.estimate).toBeCloseTo(fit.estimate, 10);
    expect(r.rows[1]!.statistic).toBeCloseTo(fit.statistic, 10);
  });

  it("results survive structuredClone and JSON", () => {
    expect(structuredClone(exact)).toEqual(exact);
    expect(JSON.parse(JSON.stringify(exact))).toEqual(exact);
  });

  it("leaves out assignments where a statistic cannot be computed, and says how many", () => {
    const sparse = { ...data, y3: data.y3.map((v, i) => (i < 3 ? v : null)) };
    const r = westfallYoung(sparse, { outcomes: ["y1", "y3"], treatment: "z", design, statistic: "difference" });
    expect(r.permutations.nDropped).toBeGreaterThan(0);
    expect(r.permutations.nSims + r.permutations.nDropped).toBe(12870);
    expect(r.warnings.join(" ")).toMatch(/assignments left out/);
    expect(r.warnings.join(" ")).toMatch(/'y3': 13 row/);
  });

  it("refuses bad input with a coded error", () => {
    const base = { outcomes, treatment: "z", design };
    expect(errorCode(() => westfallYoung(data, { outcomes, treatment: "z" }))).toBe("INVALID_OPTION");
    expect(errorCode(() => westfallYoung(data, { ...base, sims: 99 }))).toBe("INVALID_OPTION");
    expect(errorCode(() => westfallYoung(data, { ...base, alpha: 1 }))).toBe("INVALID_OPTION");
    expect(errorCode(() => westfallYoung(data, { ...base, method: "holm" as never }))).toBe("INVALID_OPTION");
    expect(errorCode(() => westfallYoung(data, { ...base, design: declareRa({ n: 15, m: 7 }) }))).toBe("DESIGN_MISMATCH");
    expect(errorCode(() => westfallYoung({ ...data, z: z.map((v) => v + 1) }, base))).toBe("DESIGN_MISMATCH");
    expect(errorCode(() => westfallYoung({ ...data, z: [null, ...z.slice(1)] }, base))).toBe("MISSING_VALUE");
    expect(errorCode(() => westfallYoung(data, { ...base, control: 7 }))).toBe("CONDITION_NOT_FOUND");
    expect(errorCode(() => westfallYoung(data, { ...base, outcomes: ["y9"] }))).toBe("MISSING_COLUMN");
    expect(errorCode(() => westfallYoung(data, { outcomes, treatment: "z", permutations: [z, z.slice(1)] }))).toBe("DESIGN_MISMATCH");
    expect(errorCode(() => westfallYoung(data, { outcomes, treatment: "z", permutations: [z] }))).toBe("SINGLE_ASSIGNMENT");
    expect(errorCode(() => westfallYoung({ ...data, y1: data.y1.map(() => 1) }, base))).toBe("NOT_ESTIMABLE");
  });
});

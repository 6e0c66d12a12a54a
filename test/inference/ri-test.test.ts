import { describe, expect, it } from "vitest";
import { blockRa, createRng, declareRa, differenceInMeans, EnsayoError, lmLin, lmRobust, nullDistributionSvg, riTest } from "../../src/index.js";

function pilot(n: number, seed: number): { y: number[]; z: number[]; x: number[]; b: string[]; w: number[] } {
  const rng = createRng(seed);
  const z = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : 0));
  const x = Array.from({ length: n }, () => rng.normal());
  const b = Array.from({ length: n }, (_, i) => (i < n / 2 ? "norte" : "sur"));
  const y = z.map((t, i) => 0.4 * t + x[i]! + rng.normal());
  const w = Array.from({ length: n }, () => 0.5 + rng.next());
  return { y, z, x, b, w };
}

describe("riTest", () => {
  const small = { y: [3, 1, 4, 1, 5, 9, 2, 6], z: [1, 0, 1, 0, 1, 1, 0, 0] };
  const design8 = declareRa({ n: 8, m: 4 });

  it("enumerates a small design exactly and reports the observed difference in means of differenceInMeans", () => {
    const r = riTest(small, { outcome: "y", treatment: "z", design: design8 });
    expect(r.kind).toBe("riTest");
    expect(r.method).toBe("exact");
    expect(r.nSims).toBe(70);
    expect(r.rows[0]!.estimate).toBeCloseTo(differenceInMeans(small, { outcome: "y", treatment: "z" }).coefficients[0]!.estimate, 14);
    expect(r.rows[0]!.mcStdError).toBe(0);
    expect(r.rows[0]!.pValue * 70).toBeCloseTo(Math.round(r.rows[0]!.pValue * 70), 9);
  });

  it("gives the observed lmRobust and lmLin coefficients and t statistics as statistics", () => {
    const d = pilot(40, 3);
    const design = declareRa({ n: 40, m: 20 });
    const base = { outcome: "y", treatment: "z", design, sims: 200, confidence: false };
    const fit = lmRobust(d, "y ~ z + x");
    const lin = lmLin(d, { outcome: "y", treatment: "z", covariates: ["x"] });
    expect(riTest(d, { ...base, statistic: { estimator: "lmRobust", formula: "y ~ z + x" } }).rows[0]!.estimate).toBeCloseTo(fit.coefficients[1]!.estimate, 12);
    expect(riTest(d, { ...base, statistic: { estimator: "lmRobust", formula: "y ~ z + x", value: "t" } }).rows[0]!.estimate).toBeCloseTo(fit.coefficients[1]!.statistic, 11);
    expect(riTest(d, { ...base, statistic: { estimator: "lmRobust", formula: "y ~ z + x", value: "t", seType: "HC1" } }).rows[0]!.estimate)
      .toBeCloseTo(lmRobust(d, "y ~ z + x", { seType: "HC1" }).coefficients[1]!.statistic, 11);
    expect(riTest(d, { ...base, statistic: { estimator: "lmLin", covariates: ["x"] } }).rows[0]!.estimate).toBeCloseTo(lin.coefficients[1]!.estimate, 12);
    const cl = { ...d, g: d.b.map((b, i) => `${b}${i % 5}`) };
    const clDesign = declareRa({ clusters: cl.g, m: 5 });
    const zc = Array.from(clDesign.conduct(1).arm);
    const dc = { ...cl, z: zc };
    expect(riTest(dc, { outcome: "y", treatment: "z", design: clDesign, sims: 100, confidence: false, statistic: { estimator: "lmRobust", formula: "y ~ z + x", value: "t", clusters: "g" } }).rows[0]!.estimate)
      .toBeCloseTo(lmRobust(dc, "y ~ z + x", { clusters: "g" }).coefficients[1]!.statistic, 11);
    expect(riTest(d, { ...base, statistic: { estimator: "differenceInMeans", blocks: "b", weights: "w" } }).rows[0]!.estimate)
      .toBeCloseTo(differenceInMeans(d, { outcome: "y", treatment: "z", blocks: "b", weights: "w" }).coefficients[0]!.estimate, 12);
  });

  it("follows lmRobust's stata rule: without clusters a \"stata\" t statistic is HC1's, with the same null distribution", () => {
    const d = pilot(40, 3);
    const base = { outcome: "y", treatment: "z", design: declareRa({ n: 40, m: 20 }), sims: 200, seed: 7, confidence: false };
    const stata = riTest(d, { ...base, statistic: { estimator: "lmRobust", formula: "y ~ z + x", value: "t", seType: "stata" } });
    const hc1 = riTest(d, { ...base, statistic: { estimator: "lmRobust", formula: "y ~ z + x", value: "t", seType: "HC1" } });
    expect(stata.rows[0]!.estimate).toBeCloseTo(lmRobust(d, "y ~ z + x", { seType: "stata" }).coefficients[1]!.statistic, 11);
    expect(stata.rows[0]!.pValue).toBe(hc1.rows[0]!.pValue);
    expect(stata.nullDistribution[0]!.values).toEqual(hc1.nullDistribution[0]!.values);
    // HC types still refuse clusters, as in lmRobust
    const cl = { ...d, g: d.b.map((b, i) => `${b}${i % 5}`) };
    expect(() => riTest(cl, { ...base, statistic: { estimator: "lmRobust", formula: "y ~ z + x", value: "t", seType: "HC1", clusters: "g" } })).toThrow(/seType/);
  });

  it("sampled p-values converge to the exact one within their Monte Carlo standard error", () => {
    const d = pilot(16, 5);
    const design = declareRa({ n: 16, m: 8 }); // 12,870 assignments
    const exact = riTest(d, { outcome: "y", treatment: "z", design, confidence: false });
    expect(exact.method).toBe("exact");
    for (const seed of [1, 2, 3]) {
      const s = riTest(d, { outcome: "y", treatment: "z", design, maxExact: 100, sims: 4000, seed, confidence: false });
      expect(s.method).toBe("sampled");
      const row = s.rows[0]!;
      expect(row.mcStdError).toBeCloseTo(Math.sqrt((row.pValue * (1 - row.pValue)) / 4000), 15);
      expect(Math.abs(row.pValue - exact.rows[0]!.pValue)).toBeLessThan(4 * row.mcStdError);
    }
  });

  it("adds Phipson and Smyth's +1 to sampled p-values when asked", () => {
    const d = pilot(30, 6);
    const design = declareRa({ n: 30, m: 15 });
    const a = riTest(d, { outcome: "y", treatment: "z", design, sims: 500, confidence: false });
    const b = riTest(d, { outcome: "y", treatment: "z", design, sims: 500, plusOne: true, confidence: false });
    expect(b.rows[0]!.pValue).toBeCloseTo((a.rows[0]!.nExtreme + 1) / 501, 15);
  });

  it("finds a confidence set whose bounds are just not rejected, and the effects beyond them rejected", () => {
    const d = pilot(14, 8);
    const design = declareRa({ n: 14, m: 7 });
    const r = riTest(d, { outcome: "y", treatment: "z", design });
    const { confLow, confHigh, estimate } = r.rows[0]!;
    expect(confLow).toBeLessThan(estimate);
    expect(confHigh).toBeGreaterThan(estimate);
    const p = (tau: number) => riTest(d, { outcome: "y", treatment: "z", design, sharpNull: tau, confidence: false }).rows[0]!.pValue;
    expect(p(confLow)).toBeGreaterThanOrEqual(0.05);
    expect(p(confHigh)).toBeGreaterThanOrEqual(0.05);
    const width = confHigh - confLow;
    expect(p(confLow - 1e-6 * width)).toBeLessThan(0.05);
    expect(p(confHigh + 1e-6 * width)).toBeLessThan(0.05);
  });

  it("takes an assignment receipt with its data, and refuses one whose assignment differs from the data (DESIGN_MISMATCH)", () => {
    const d = pilot(12, 9);
    const units = d.b.map((b, i) => ({ id: `u${i}`, region: b, y: d.y[i]! }));
    const a = blockRa({ data: units, id: "id", blocks: "region", seed: 4 });
    const data = units.map((u, i) => ({ ...u, z: a.condition[i]! }));
    const r = riTest(data, { outcome: "y", treatment: "z", receipt: a.receipt, statistic: { estimator: "differenceInMeans", blocks: "region" } });
    expect(r.method).toBe("exact");
    expect(r.nSims).toBe(400);
    const wrong = data.map((u, i) => ({ ...u, z: i === 0 ? (u.z === 1 ? 0 : 1) : u.z }));
    expect(() => riTest(wrong, { outcome: "y", treatment: "z", receipt: a.receipt })).toThrow(expect.objectContaining({ code: "DESIGN_MISMATCH" }));
  });

  it("redraws re-randomized designs from their restricted set", () => {
    const d = pilot(20, 10);
    const design = declareRa({ n: 20, m: 10, rerandomize: { covariates: { x: d.x }, criterion: "maxAbsStdDiff", threshold: 0.2 } });
    const r = riTest(d, { outcome: "y", treatment: "z", design, maxExact: 0, sims: 300, confidence: false });
    expect(r.method).toBe("sampled");
    // every draw passes the criterion: the null distribution of the covariate's difference is within it
    const rx = riTest({ ...d, y: d.x }, { outcome: "y", treatment: "z", design, maxExact: 0, sims: 300, confidence: false });
    let s = 0;
    const m = d.x.reduce((a, v) => a + v, 0) / 20;
    for (const v of d.x) s += (v - m) ** 2;
    const sd = Math.sqrt(s / 19);
    for (const v of rx.nullDistribution[0]!.values) expect(Math.abs(v) / sd).toBeLessThanOrEqual(0.2 + 1e-12);
  });

  it("tests every arm of a multi-arm design with one row per arm and a joint Wald F", () => {
    const rng = createRng(11);
    const arm = Array.from({ length: 15 }, (_, i) => ["c", "a", "b"][i % 3]!);
    const y = arm.map((a) => (a === "b" ? 1 : 0) + rng.normal());
    const design = declareRa({ n: 15, conditions: ["c", "a", "b"] });
    const r = riTest({ y, arm }, { outcome: "y", treatment: "arm", design, sims: 500, maxExact: 10 });
    expect(r.rows.map((x) => x.term)).toEqual(["arma", "armb"]);
    const f = riTest({ y, arm }, { outcome: "y", treatment: "arm", design, sims: 500, maxExact: 10, statistic: { estimator: "waldF", formula: "y ~ arm" } });
    expect(f.rows).toHaveLength(1);
    expect(f.rows[0]!.term).toBe("F");
    expect(f.warnings.join(" ")).toMatch(/no confidence set/);
  });

  it("counts and reports the assignments on which a user statistic throws or is NaN", () => {
    const r = riTest(small, {
      outcome: "y", treatment: "z", design: design8,
      statistic: (_t, arm) => {
        if (arm[0] === 1 && arm[1] === 1) throw new Error("no");
        return arm[2] === 1 && arm[3] === 1 ? NaN : arm[4]!;
      },
    });
    const row = r.rows[0]!;
    expect(row.nFailed).toBe(15 + 15 - 1); // 15 with units 1 and 2 treated, 15 with 3 and 4, 1 with all four
    expect(row.nValid).toBe(70 - row.nFailed);
    expect(r.warnings.join(" ")).toMatch(/could not be computed on 29 of 70 assignments \(first error: no\)/);
  });

  it("says which statistic is not finite on the observed assignment, in words", () => {
    const message = (f: () => unknown) => {
      try { f(); } catch (e) { return `${(e as EnsayoError).code}: ${(e as EnsayoError).message}`; }
      return "none";
    };
    const base = { outcome: "y", treatment: "z", design: design8 };
    expect(message(() => riTest(small, { ...base, statistic: () => NaN }))).toBe(
      "NOT_ESTIMABLE: riTest: the `statistic` function returns NaN on the observed assignment, so there is no observed value to compare the permuted ones with. Make the function return a finite number on the data as assigned (e.g. no mean of an empty arm, no division by zero)",
    );
    expect(message(() => riTest(small, { ...base, statistic: () => -Infinity }))).toBe(
      "NOT_ESTIMABLE: riTest: the `statistic` function returns -Infinity on the observed assignment, so there is no observed value to compare the permuted ones with. Make the function return a finite number on the data as assigned (e.g. no mean of an empty arm, no division by zero)",
    );
  });

  it("refuses bad input with typed errors", () => {
    const code = (f: () => unknown) => {
      try { f(); } catch (e) { return (e as EnsayoError).code; }
      return "none";
    };
    const base = { outcome: "y", treatment: "z" };
    expect(code(() => riTest(small, { ...base, design: declareRa({ n: 9, m: 4 }) }))).toBe("DESIGN_MISMATCH");
    expect(code(() => riTest(small, { ...base, permutations: [[1, 0, 1, 0, 1, 1, 0, 0], [1, 0, 1]] }))).toBe("DESIGN_MISMATCH");
    expect(code(() => riTest(small, { ...base, design: declareRa({ n: 8, conditions: ["c", "t"] }) }))).toBe("DESIGN_MISMATCH");
    expect(code(() => riTest({ y: [1, 2], z: [1, 1] }, { ...base, design: declareRa({ n: 2, m: 2 }) }))).toBe("SINGLE_ASSIGNMENT");
    expect(code(() => riTest(small, { ...base, design: design8, sims: 99 }))).toBe("INVALID_OPTION");
    expect(code(() => riTest(small, { ...base, design: design8, alpha: 1 }))).toBe("INVALID_OPTION");
    expect(code(() => riTest(small, { ...base, design: design8, alpha: 0 }))).toBe("INVALID_OPTION");
    expect(code(() => riTest(small, { ...base, design: design8, bogus: 1 } as never))).toBe("INVALID_OPTION");
    expect(code(() => riTest(small, { ...base }))).toBe("INVALID_OPTION");
    expect(code(() => riTest({ ...small, y: [1, NaN, 1, 1, 1, 1, 1, 1] }, { ...base, design: design8 }))).toBe("MISSING_VALUE");
    expect(code(() => riTest(small, { ...base, design: design8, sharpNull: [1, 2] }))).toBe("INVALID_OPTION");
    const withIds = { ...small, id: ["a", "b", "c", "d", "e", "f", "g", "h"] };
    const idDesign = declareRa({ id: ["a", "b", "c", "d", "e", "f", "g", "x"], m: 4 });
    expect(code(() => riTest(withIds, { ...base, design: idDesign, id: "id" }))).toBe("DESIGN_MISMATCH"); // "h" unknown
    const reordered = declareRa({ id: ["b", "a", "c", "d", "e", "f", "g", "h"], m: 4 });
    expect(code(() => riTest(withIds, { ...base, design: reordered, id: "id" }))).toBe("DESIGN_MISMATCH");
    expect(riTest(withIds, { ...base, design: declareRa({ id: withIds.id, m: 4 }), id: "id" }).nSims).toBe(70);
  });

  it("reports progress, stops on an aborted signal, and stops when onProgress throws", () => {
    const d = pilot(30, 12);
    const design = declareRa({ n: 30, m: 15 });
    const seen: number[] = [];
    riTest(d, { outcome: "y", treatment: "z", design, sims: 2500, onProgress: (done) => seen.push(done), confidence: false });
    expect(seen).toEqual([1000, 2000, 2500]);
    const ac = new AbortController();
    ac.abort();
    expect(() => riTest(d, { outcome: "y", treatment: "z", design, signal: ac.signal })).toThrow(expect.objectContaining({ code: "ABORTED" }));
    expect(() => riTest(d, { outcome: "y", treatment: "z", design, onProgress: () => { throw new Error("stop"); } })).toThrow("stop");
  });

  it("returns a JSON-safe result and draws its null distribution as SVG", () => {
    const r = riTest(small, { outcome: "y", treatment: "z", design: design8 });
    expect(structuredClone(r)).toEqual(r);
    expect(JSON.parse(JSON.stringify(r)).rows[0].term).toBe("z");
    const svg = nullDistributionSvg(r, { lang: "es" });
    expect(svg).toMatch(/^<svg xmlns/);
    expect(svg).toContain("observado");
    expect(svg).toContain('stroke="#b03a2e"');
  });
});

import { describe, expect, it } from "vitest";
import { declareRa, EnsayoError } from "../../src/index.js";
import { DEFAULT_MAX_EXACT, matrixSource, permutationSource, type PermutationSource } from "../../src/inference/permutation-source.js";
import { concatPermutationValues, evaluatePermutations } from "../../src/inference/evaluate-permutations.js";

function collect(src: PermutationSource, range?: { start?: number; end?: number }): { arms: number[][]; weights: number[] } {
  const arms: number[][] = [];
  const weights: number[] = [];
  src.forEach((a, w) => { arms.push(Array.from(a)); weights.push(w); }, range);
  return { arms, weights };
}

describe("permutationSource", () => {
  it("enumerates every assignment of a small complete design once, with weights summing to 1", () => {
    const src = permutationSource(declareRa({ n: 6, m: 3 }), { n: 6, seed: 1 });
    expect(src.method).toBe("exact");
    const { arms, weights } = collect(src);
    expect(arms).toHaveLength(20);
    expect(new Set(arms.map((a) => a.join(""))).size).toBe(20);
    expect(weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 14);
  });

  it("streams the same assignments and probabilities as permutationSet for blocked, clustered, simple and re-randomized designs", () => {
    const designs = [
      declareRa({ blocks: ["a", "a", "a", "b", "b", "b", "b"], prob: 0.5 }),
      declareRa({ clusters: ["x", "x", "y", "y", "z", "w", "w"], m: 2 }),
      declareRa({ n: 5, simple: true, prob: 0.3 }),
      declareRa({ n: 7, numArms: 3 }),
      declareRa({ n: 8, m: 4, rerandomize: { covariates: { x: [1, 5, 2, 8, 3, 9, 4, 7] }, criterion: "maxAbsStdDiff", threshold: 0.3 } }),
    ];
    for (const d of designs) {
      const set = d.permutationSet(DEFAULT_MAX_EXACT, 1);
      expect(set.exhaustive).toBe(true);
      const { arms, weights } = collect(permutationSource(d, { n: d.n, seed: 1 }));
      expect(arms).toEqual(set.arms.map((a) => Array.from(a)));
      weights.forEach((w, i) => expect(w).toBeCloseTo(set.probabilities![i]!, 15));
    }
  });

  it("draws `sims` assignments when the design has more than `maxExact`, and any range reproduces the same draws", () => {
    const d = declareRa({ n: 30, m: 15 });
    const src = permutationSource(d, { n: 30, seed: "s", sims: 2500, maxExact: 1000 });
    expect(src.method).toBe("sampled");
    const all = collect(src).arms;
    expect(all).toHaveLength(2500);
    const parts = [collect(src, { start: 0, end: 1234 }).arms, collect(src, { start: 1234, end: 2500 }).arms];
    expect(parts.flat()).toEqual(all);
    expect(collect(permutationSource(d, { n: 30, seed: "s", sims: 2500, maxExact: 1000 })).arms).toEqual(all);
  });

  it("redraws balanceAcrossBlocks designs from their own procedure", () => {
    const d = declareRa({ blocks: ["a", "a", "a", "b", "b", "b"], prob: 0.5, balanceAcrossBlocks: true });
    const src = permutationSource(d, { n: 6, seed: 3, sims: 200 });
    expect(src.method).toBe("sampled");
    collect(src).arms.forEach((a) => expect(a.reduce((s, x) => s + x, 0)).toBe(3));
  });

  it("refuses a design of another size (DESIGN_MISMATCH) and a design with one possible assignment (SINGLE_ASSIGNMENT)", () => {
    expect(() => permutationSource(declareRa({ n: 6, m: 3 }), { n: 7, seed: 1 })).toThrow(expect.objectContaining({ code: "DESIGN_MISMATCH" }));
    expect(() => permutationSource(declareRa({ n: 4, m: 4 }), { n: 4, seed: 1 })).toThrow(expect.objectContaining({ code: "SINGLE_ASSIGNMENT" }));
  });
});

describe("matrixSource", () => {
  it("reads one assignment per entry by condition label, equally weighted", () => {
    const src = matrixSource([["c", "t", "t"], ["t", "c", "t"]], ["c", "t"], 3);
    expect(collect(src)).toEqual({ arms: [[0, 1, 1], [1, 0, 1]], weights: [0.5, 0.5] });
  });
  it("refuses entries of the wrong length or with unknown labels (DESIGN_MISMATCH), and fewer than two entries", () => {
    expect(() => matrixSource([[0, 1], [1, 0, 0]], [0, 1], 3)).toThrow(EnsayoError);
    expect(() => matrixSource([[0, 1, 2], [1, 0, 0]], [0, 1], 3)).toThrow(expect.objectContaining({ code: "DESIGN_MISMATCH" }));
    expect(() => matrixSource([[0, 1, 1]], [0, 1], 3)).toThrow(expect.objectContaining({ code: "SINGLE_ASSIGNMENT" }));
  });
});

describe("evaluatePermutations", () => {
  const y = [1, 2, 3, 4];
  const src = permutationSource(declareRa({ n: 4, m: 2 }), { n: 4, seed: 1 });
  const dim = { k: 2, evaluate: (a: Int32Array, out: Float64Array) => {
    let t = 0;
    for (let i = 0; i < 4; i++) t += a[i] ? y[i]! : -y[i]!;
    out[0] = t / 2;
    if (a[0] === 1 && a[1] === 1) throw new Error("boom");
    out[1] = a[3] === 1 ? NaN : 1;
  } };
  it("keeps K values per assignment and counts the assignments where a statistic threw or was NaN", () => {
    const r = evaluatePermutations(src, dim);
    expect(r.size).toBe(6);
    expect(r.failed[0]).toBe(1);
    expect(r.failed[1]).toBe(1 + 3); // the throw, and the three assignments with unit 4 treated
    expect(r.firstError).toBe("boom");
  });
  it("gives the same values split into ranges and joined back", () => {
    const whole = evaluatePermutations(src, dim);
    const joined = concatPermutationValues([evaluatePermutations(src, dim, { start: 4 }), evaluatePermutations(src, dim, { end: 4 })]);
    expect(Array.from(joined.values)).toEqual(Array.from(whole.values));
    expect(Array.from(joined.failed)).toEqual(Array.from(whole.failed));
  });
  it("reports progress and stops when the signal is aborted", () => {
    const seen: number[] = [];
    evaluatePermutations(src, dim, { progressEvery: 2, onProgress: (d) => seen.push(d) });
    expect(seen).toEqual([2, 4, 6]);
    const ac = new AbortController();
    ac.abort();
    expect(() => evaluatePermutations(src, dim, { signal: ac.signal })).toThrow(expect.objectContaining({ code: "ABORTED" }));
  });
});

/**
 * Exact probabilities against empirical frequencies over 100,000 draws (Monte Carlo error bound:
 * 5 standard errors per cell), for odd block sizes, non-integer n·prob, multi-arm, clustered and
 * balanced-across-blocks designs.
 */
import { describe, expect, it } from "vitest";
import { declareRa, type RaDesign, type RaOptions } from "../../src/assign/declare-ra.js";

const DRAWS = 100_000;

function checkFrequencies(design: RaDesign, seed: string, extra?: (arm: Int32Array) => void): void {
  const k = design.conditions.length;
  const n = design.n;
  const counts = new Float64Array(k * n);
  design.simulate(DRAWS, seed, (arm) => {
    for (let i = 0; i < n; i++) counts[arm[i]! * n + i]++;
    extra?.(arm);
  });
  const { matrix, method } = design.probabilities();
  expect(method).toBe("exact");
  let worst = 0;
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < n; i++) {
      const p = matrix[j]![i]!;
      const f = counts[j * n + i]! / DRAWS;
      const se = Math.sqrt(Math.max(p * (1 - p), 1e-12) / DRAWS);
      worst = Math.max(worst, Math.abs(f - p) / se);
      if (p === 0 || p === 1) expect(f).toBe(p);
    }
  }
  expect(worst).toBeLessThan(5);
}

const oddBlocks = ["a", "b", "b", "c", "c", "c", "d", "d", "d", "d", "d", "e", "e", "e", "e", "e", "e", "e"];

const designs: [string, RaOptions][] = [
  ["complete, two arms, n·prob = 2.31", { n: 7, prob: 0.33 }],
  ["complete, n = 1, prob = .5", { n: 1, prob: 0.5 }],
  ["complete, n = 10, prob = .95 (ceiling equals n)", { n: 10, prob: 0.95 }],
  ["complete, n = 3, probEach (.5, .3, .2)", { n: 3, probEach: [0.5, 0.3, 0.2] }],
  ["complete, n = 5, four unequal arms", { n: 5, probEach: [0.1, 0.2, 0.3, 0.4] }],
  ["blocked, odd block sizes, three arms", { blocks: oddBlocks, probEach: [0.5, 0.3, 0.2] }],
  ["blocked, blockProb per block", { blocks: oddBlocks, blockProb: { a: 0.5, b: 0.25, c: 0.4, d: 0.7, e: 0.1 } }],
  ["simple, probEach", { n: 6, probEach: [0.2, 0.5, 0.3], simple: true }],
  ["clustered, 7 clusters, prob .4", { clusters: ["e1", "e1", "e2", "e3", "e3", "e3", "e4", "e5", "e5", "e6", "e7", "e7"], prob: 0.4 }],
  ["blocked and clustered, odd cluster counts", {
    blocks: ["A", "A", "A", "A", "A", "A", "B", "B", "B", "B", "B", "B", "C"],
    clusters: ["a1", "a1", "a2", "a2", "a3", "a3", "b1", "b2", "b2", "b3", "b4", "b4", "c1"],
    probEach: [0.3, 0.3, 0.4],
  }],
];

describe("exact probabilities match 100,000 simulated draws", () => {
  for (const [name, options] of designs) {
    it(name, () => checkFrequencies(declareRa(options), name));
  }
});

describe("balanceAcrossBlocks", () => {
  it("keeps two-arm probabilities exact and the treated total within one of its expectation", () => {
    const blocks = ["a", "a", "a", "b", "b", "b", "c", "c", "c", "d", "e", "e", "e", "e", "e"];
    const design = declareRa({ blocks, prob: 0.5, balanceAcrossBlocks: true });
    const totals = new Map<number, number>();
    checkFrequencies(design, "balanced-2", (arm) => {
      let t = 0;
      for (const a of arm) t += a;
      totals.set(t, (totals.get(t) ?? 0) + 1);
    });
    // expected treated = 7.5: every draw treats 7 or 8; independent remainders would range 5..10
    expect([...totals.keys()].sort()).toEqual([7, 8]);
  });
  it("keeps three-arm probabilities exact, block counts exact and every arm total within one", () => {
    const design = declareRa({ blocks: oddBlocks, probEach: [0.5, 0.3, 0.2], balanceAcrossBlocks: true });
    const expectedTotals = [0.5, 0.3, 0.2].map((p) => p * oddBlocks.length); // 9, 5.4, 3.6
    const levels = ["a", "b", "c", "d", "e"];
    const code = Int32Array.from(oddBlocks, (b) => levels.indexOf(b));
    const sizes = levels.map((l) => oddBlocks.filter((b) => b === l).length);
    const tot = new Int32Array(3);
    const per = new Int32Array(5 * 3);
    let bad = 0;
    checkFrequencies(design, "balanced-3", (arm) => {
      tot.fill(0);
      per.fill(0);
      for (let i = 0; i < arm.length; i++) { tot[arm[i]!]++; per[code[i]! * 3 + arm[i]!]++; }
      for (let j = 0; j < 3; j++) {
        if (Math.abs(tot[j]! - expectedTotals[j]!) >= 1) bad++;
        for (let b = 0; b < 5; b++) if (Math.abs(per[b * 3 + j]! - sizes[b]! * [0.5, 0.3, 0.2][j]!) >= 1) bad++;
      }
    });
    expect(bad).toBe(0);
  });
  it("reaches every allocation of the remainders that meets the balance constraints", () => {
    // Five blocks of one unit, probEach (.4, .3, .3): totals must be 2/1/2, 2/2/1 or 1/2/2 … every
    // assignment with arm totals within one of (2, 1.5, 1.5) — 60 of them — must occur.
    const design = declareRa({ blocks: ["a", "b", "c", "d", "e"], probEach: [0.4, 0.3, 0.3], balanceAcrossBlocks: true });
    const seen = new Set<number>();
    design.simulate(20_000, "support", (arm) => {
      let c = 0;
      for (let i = 0; i < arm.length; i++) c = c * 3 + arm[i]!;
      seen.add(c);
    });
    let feasible = 0;
    for (let c = 0; c < 3 ** 5; c++) {
      const tot = [0, 0, 0];
      for (let x = c, i = 0; i < 5; i++, x = Math.floor(x / 3)) tot[x % 3]!++;
      if (Math.abs(tot[0]! - 2) < 1 && Math.abs(tot[1]! - 1.5) < 1 && Math.abs(tot[2]! - 1.5) < 1) {
        feasible++;
        expect(seen.has(c)).toBe(true);
      }
    }
    expect(feasible).toBe(60);
    expect(seen.size).toBe(60);
  });
  it("works with many blocks and unequal block probabilities", () => {
    const blocks = Array.from({ length: 41 }, (_, i) => `b${i % 9}`);
    const design = declareRa({ blocks, blockProbEach: Array.from({ length: 9 }, (_, b) => [0.2 + 0.05 * (b % 3), 0.3, 0.5 - 0.05 * (b % 3)]), balanceAcrossBlocks: true });
    const { matrix } = design.probabilities();
    const expected = matrix.map((col) => col.reduce((a, b) => a + b, 0));
    let bad = 0;
    design.simulate(20_000, "many", (arm) => {
      const tot = [0, 0, 0];
      for (const a of arm) tot[a]!++;
      tot.forEach((t, j) => { if (Math.abs(t - expected[j]!) >= 1 - 1e-9) bad++; });
    });
    expect(bad).toBe(0);
  });
});

describe("whole assignments, not just marginals, follow the exact distribution", () => {
  const cases: [string, RaOptions][] = [
    ["complete, n = 5, probEach (.5, .3, .2)", { n: 5, probEach: [0.5, 0.3, 0.2] }],
    ["blocked 2 + 3, prob .4", { blocks: ["a", "a", "b", "b", "b"], prob: 0.4 }],
    ["clustered, 6 clusters of unequal size", { clusters: ["c1", "c2", "c2", "c3", "c4", "c4", "c4", "c5", "c6"], m: 3 }],
  ];
  for (const [name, options] of cases) {
    it(name, () => {
      const design = declareRa(options);
      const set = design.permutationSet(10_000, 1);
      expect(set.exhaustive).toBe(true);
      const k = design.conditions.length;
      const code = (a: ArrayLike<number>): number => { let c = 0; for (let i = 0; i < a.length; i++) c = c * k + a[i]!; return c; };
      const index = new Map(set.arms.map((a, s) => [code(a), s]));
      const hits = new Float64Array(set.arms.length);
      let unknown = 0;
      design.simulate(DRAWS, name, (arm) => {
        const s = index.get(code(arm));
        if (s === undefined) unknown++;
        else hits[s]++;
      });
      expect(unknown).toBe(0);
      let worst = 0;
      set.probabilities!.forEach((p, s) => {
        worst = Math.max(worst, Math.abs(hits[s]! / DRAWS - p) / Math.sqrt((p * (1 - p)) / DRAWS));
      });
      expect(worst).toBeLessThan(5);
    });
  }
});

describe("balanceAcrossBlocks with clusters", () => {
  it("balances cluster counts across blocks with exact unit probabilities", () => {
    const blocks = ["A", "A", "A", "A", "A", "B", "B", "B", "C", "C", "C", "C"];
    const clusters = ["a1", "a1", "a2", "a3", "a3", "b1", "b2", "b3", "c1", "c2", "c2", "c3"];
    const design = declareRa({ blocks, clusters, balanceAcrossBlocks: true });
    expect(design.type).toBe("blocked_and_clustered");
    const firstOf = ["a1", "a2", "a3", "b1", "b2", "b3", "c1", "c2", "c3"].map((c) => clusters.indexOf(c));
    let bad = 0;
    checkFrequencies(design, "balanced-clusters", (arm) => {
      let treatedClusters = 0;
      for (const i of firstOf) treatedClusters += arm[i]!;
      if (treatedClusters !== 4 && treatedClusters !== 5) bad++; // 9 clusters, expected 4.5
    });
    expect(bad).toBe(0);
  });
});

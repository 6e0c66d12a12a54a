import { describe, expect, it } from "vitest";
import { declareRa } from "../../src/index.js";

describe("simulatePermutations (randomization inference's fast redraws)", () => {
  it("keeps every block's fixed counts and gives each unit its exact probability within simulation error", () => {
    const blocks = ["a", "a", "a", "a", "b", "b", "b", "b", "b", "b"];
    const clusters = ["k1", "k1", "k2", "k3", "k4", "k5", "k5", "k6", "k7", "k8"];
    const design = declareRa({ blocks, clusters, conditions: ["c", "t1", "t2"], blockMEach: { a: [1, 1, 1], b: [2, 2, 1] } });
    const exact = design.probabilities().matrix;
    const draws = 30_000;
    const freq = exact.map(() => new Float64Array(10));
    design.simulatePermutations(draws, 1, (arm) => {
      const perBlock = [new Int32Array(3), new Int32Array(3)];
      arm.forEach((a, i) => (freq[a]![i]! += 1 / draws));
      // clusters whole, counts fixed per block (clusters counted once)
      const seen = new Set<string>();
      arm.forEach((a, i) => {
        if (seen.has(clusters[i]!)) return;
        seen.add(clusters[i]!);
        perBlock[blocks[i] === "a" ? 0 : 1]![a]!++;
      });
      expect(Array.from(perBlock[0]!)).toEqual([1, 1, 1]);
      expect(Array.from(perBlock[1]!)).toEqual([2, 2, 1]);
      arm.forEach((a, i) => { if (i > 0 && clusters[i] === clusters[i - 1]) expect(a).toBe(arm[i - 1]); });
    });
    exact.forEach((col, j) => col.forEach((p, i) => expect(Math.abs(freq[j]![i]! - p)).toBeLessThan(4.5 * Math.sqrt((p * (1 - p)) / draws))));
  });

  it("gives the same draws for the same seed, and falls back to simulate when counts are random", () => {
    const design = declareRa({ n: 9, m: 4 });
    const take = (seed: number) => { const out: number[][] = []; design.simulatePermutations(5, seed, (a) => out.push(Array.from(a))); return out; };
    expect(take(3)).toEqual(take(3));
    const random = declareRa({ n: 9, prob: 0.5 }); // 4.5 expected: 4 or 5 treated
    const a: number[][] = [];
    const b: number[][] = [];
    random.simulatePermutations(5, 2, (x) => a.push(Array.from(x)));
    random.simulate(5, 2, (x) => b.push(Array.from(x)));
    expect(a).toEqual(b);
  });
});

/** Property tests on random designs (fast-check). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { declareRa } from "../../src/assign/declare-ra.js";

/** Random blocked design: block sizes, arm weights (normalized to probEach), a seed. */
const blockedDesign = fc.record({
  sizes: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 6 }),
  weights: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 2, maxLength: 4 }).filter((w) => w.some((x) => x > 0)),
  seed: fc.integer(),
  balance: fc.boolean(),
});

function blocksOf(sizes: number[]): string[] {
  return sizes.flatMap((s, b) => new Array<string>(s).fill(`blk${b}`));
}

describe("assignment properties", () => {
  it("puts the floor or the ceiling of n_b·p_j units in every arm of every block, all units accounted for", () => {
    fc.assert(
      fc.property(blockedDesign, ({ sizes, weights, seed, balance }) => {
        const total = weights.reduce((a, b) => a + b, 0);
        const probEach = weights.map((w) => w / total);
        const blocks = blocksOf(sizes);
        const design = declareRa({ blocks, probEach, balanceAcrossBlocks: balance });
        const a = design.conduct(seed);
        const k = probEach.length;
        sizes.forEach((nb, b) => {
          const counts = new Array<number>(k).fill(0);
          blocks.forEach((bl, i) => { if (bl === `blk${b}`) counts[a.arm[i]!]!++; });
          expect(counts.reduce((x, y) => x + y, 0)).toBe(nb);
          counts.forEach((c, j) => {
            const e = nb * probEach[j]!;
            expect(c).toBeGreaterThanOrEqual(Math.floor(e + 1e-9));
            expect(c).toBeLessThanOrEqual(Math.ceil(e - 1e-9));
          });
        });
        if (balance) {
          const tot = new Array<number>(k).fill(0);
          for (const x of a.arm) tot[x]!++;
          tot.forEach((t, j) => expect(Math.abs(t - blocks.length * probEach[j]!)).toBeLessThan(1 + 1e-9));
        }
      }),
      { numRuns: 200 },
    );
  });

  it("assigns exactly blockMEach in every block", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 3, maxLength: 3 }).filter((r) => r.some((x) => x > 0)), { minLength: 1, maxLength: 5 }), fc.string(), (rows, seed) => {
        const sizes = rows.map((r) => r.reduce((a, b) => a + b, 0));
        const blocks = blocksOf(sizes);
        const a = declareRa({ blocks, blockMEach: rows }).conduct(seed);
        rows.forEach((row, b) => {
          const counts = [0, 0, 0];
          blocks.forEach((bl, i) => { if (bl === `blk${b}`) counts[a.arm[i]!]!++; });
          expect(counts).toEqual(row);
        });
      }),
      { numRuns: 100 },
    );
  });

  it("gives probabilities that sum to 1 for every unit", () => {
    fc.assert(
      fc.property(blockedDesign, ({ sizes, weights }) => {
        const total = weights.reduce((a, b) => a + b, 0);
        const { matrix } = declareRa({ blocks: blocksOf(sizes), probEach: weights.map((w) => w / total) }).probabilities();
        for (let i = 0; i < matrix[0]!.length; i++) {
          let s = 0;
          for (const col of matrix) s += col[i]!;
          expect(Math.abs(s - 1)).toBeLessThan(1e-12);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("lists, for small designs, every permutation once with probabilities that sum to 1 and reproduce the exact marginals", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
        fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 2, maxLength: 3 }),
        (sizes, weights) => {
          const total = weights.reduce((a, b) => a + b, 0);
          const design = declareRa({ blocks: blocksOf(sizes), probEach: weights.map((w) => w / total) });
          const count = design.numPermutations();
          const set = design.permutationSet(5000, 1);
          if (count > 5000) return;
          expect(set.exhaustive).toBe(true);
          expect(set.arms.length).toBe(count);
          expect(new Set(set.arms.map((x) => x.join())).size).toBe(count);
          const p = set.probabilities!;
          expect(Math.abs(p.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
          const { matrix } = design.probabilities();
          for (let j = 0; j < matrix.length; j++) {
            for (let i = 0; i < design.n; i++) {
              let m = 0;
              set.arms.forEach((a, s) => { if (a[i] === j) m += p[s]!; });
              expect(Math.abs(m - matrix[j]![i]!)).toBeLessThan(1e-12);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("gives every member of a cluster the same arm, with clusters nested in blocks", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 12 }),
        fc.integer(),
        fc.boolean(),
        (clusterSpecs, seed, blocked) => {
          // cluster c has clusterSpecs[c][1] units and sits in block clusterSpecs[c][0]
          const clusters: string[] = [];
          const blocks: string[] = [];
          clusterSpecs.forEach(([b, size], c) => {
            for (let u = 0; u < size; u++) { clusters.push(`c${c}`); blocks.push(`b${b}`); }
          });
          const design = declareRa(blocked ? { clusters, blocks, numArms: 3 } : { clusters, prob: 0.4 });
          const a = design.conduct(seed);
          const armOf = new Map<string, number>();
          clusters.forEach((c, i) => {
            const prev = armOf.get(c);
            if (prev === undefined) armOf.set(c, a.arm[i]!);
            else expect(a.arm[i]).toBe(prev);
          });
          const { matrix } = design.probabilities();
          clusters.forEach((c, i) => {
            const first = clusters.indexOf(c);
            for (const col of matrix) expect(col[i]).toBe(col[first]);
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  it("does not depend on the row order of the input when ids are given", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer(),
        fc.boolean(),
        (ids, nBlocks, seed, balance) => {
          const blocks = ids.map((id) => `r${id.length % nBlocks}`);
          const perm = fc.sample(fc.shuffledSubarray(ids.map((_, i) => i), { minLength: ids.length, maxLength: ids.length }), { seed, numRuns: 1 })[0]!;
          const a = declareRa({ id: ids, blocks, numArms: 3, balanceAcrossBlocks: balance }).conduct(seed);
          const b = declareRa({ id: perm.map((i) => ids[i]!), blocks: perm.map((i) => blocks[i]!), numArms: 3, balanceAcrossBlocks: balance }).conduct(seed);
          const byId = new Map(ids.map((id, i) => [id, a.condition[i]]));
          perm.forEach((i, r) => expect(b.condition[r]).toBe(byId.get(ids[i]!)));
          expect(b.receipt.resultSha256).toBe(a.receipt.resultSha256);
          expect(b.receipt.units.idsSha256).toBe(a.receipt.units.idsSha256);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("does not depend on row order for clustered designs even without ids", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 40 }), fc.integer(), (codes, seed) => {
        const clusters = codes.map((c) => `e${c}`);
        const rev = [...clusters].reverse();
        const a = declareRa({ clusters }).conduct(seed);
        const b = declareRa({ clusters: rev }).conduct(seed);
        clusters.forEach((_c, i) => expect(b.condition[clusters.length - 1 - i]).toBe(a.condition[i]));
      }),
      { numRuns: 100 },
    );
  });
});

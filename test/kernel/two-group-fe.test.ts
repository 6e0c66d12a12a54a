import { describe, expect, it } from "vitest";
import { fitTwoGroupFe } from "../../src/kernel/two-group-fit.js";
import { lmRobust } from "../../src/estimators/lm-robust.js";
import type { SeType } from "../../src/estimators/types.js";
import { createRng } from "../../src/internal/rng.js";
import { close } from "../balance/reference.js";

describe("fitTwoGroupFe equals lmRobust(x ~ t, fixedEffects = block) to 1e-10", () => {
  type Case = { name: string; n: number; nBlocks: number; nClusters: number; clusterLevel: boolean; missing: number; seTypes: SeType[] };
  const cases: Case[] = [
    { name: "unit-level, 4 blocks", n: 60, nBlocks: 4, nClusters: 0, clusterLevel: false, missing: 5, seTypes: ["HC2", "HC0", "HC1", "HC3", "classical"] },
    { name: "unit-level, unequal blocks and shares", n: 97, nBlocks: 7, nClusters: 0, clusterLevel: false, missing: 0, seTypes: ["HC2", "HC3"] },
    { name: "clusters assigned as wholes, nested in blocks", n: 180, nBlocks: 3, nClusters: 24, clusterLevel: true, missing: 8, seTypes: ["CR2", "CR0", "stata"] },
    { name: "clusters with mixed arms, nested in blocks", n: 150, nBlocks: 5, nClusters: 20, clusterLevel: false, missing: 4, seTypes: ["CR2", "CR0", "stata"] },
  ];
  for (const c of cases) {
    it(`${c.name}: estimate, SE and df`, () => {
      const rng = createRng(`fe-${c.name}`);
      const blocks = new Int32Array(c.n);
      const cl = new Int32Array(c.n);
      const t = new Int8Array(c.n);
      const x = new Float64Array(c.n);
      const perBlock = c.nClusters ? c.nClusters / c.nBlocks : 0;
      for (let i = 0; i < c.n; i++) {
        if (c.nClusters) {
          const g = i < c.nClusters ? i : rng.int(c.nClusters);
          cl[i] = g;
          blocks[i] = Math.floor(g / perBlock);
          t[i] = c.clusterLevel ? g % 2 : rng.next() < 0.4 + 0.05 * (g % 3) ? 1 : 0;
        } else {
          blocks[i] = i < c.nBlocks ? i : rng.int(c.nBlocks);
          t[i] = i % 2 === 0 ? 1 : rng.next() < 0.3 + 0.1 * blocks[i]! / c.nBlocks ? 1 : 0;
        }
        x[i] = 2 + blocks[i]! + 0.7 * t[i]! + rng.normal() * (1 + 0.5 * t[i]!);
      }
      for (let k = 0; k < c.missing; k++) x[rng.int(c.n)] = NaN;
      const data = {
        x: Array.from(x, (v) => (Number.isNaN(v) ? null : v)),
        t: Array.from(t),
        b: Array.from(blocks, (v) => `B${v}`),
        cl: Array.from(cl, (v) => `C${v}`),
      };
      for (const seType of c.seTypes) {
        const fast = fitTwoGroupFe(x, t, blocks, c.nBlocks, seType, c.nClusters ? cl : null, c.nClusters)!;
        const full = lmRobust(data, "x ~ t", { seType, fixedEffects: "b", ...(c.nClusters ? { clusters: "cl" } : {}) });
        const row = full.coefficients.find((r) => r.term === "t")!;
        expect(Number.isFinite(row.stdError) && Number.isFinite(row.df) && row.stdError > 0).toBe(true);
        expect(close(fast.estimate, row.estimate, 1e-10), `${seType} estimate ${fast.estimate} vs ${row.estimate}`).toBe(true);
        expect(close(fast.stdError, row.stdError, 1e-10), `${seType} SE ${fast.stdError} vs ${row.stdError}`).toBe(true);
        expect(close(fast.df, row.df, 1e-10), `${seType} df ${fast.df} vs ${row.df}`).toBe(true);
      }
    });
  }
  it("returns null when a cluster spans two blocks", () => {
    const x = Float64Array.from([1, 2, 3, 4, 5, 6]);
    const t = Int8Array.from([0, 1, 0, 1, 0, 1]);
    const b = Int32Array.from([0, 0, 0, 1, 1, 1]);
    const cl = Int32Array.from([0, 0, 1, 1, 2, 2]);
    expect(fitTwoGroupFe(x, t, b, 2, "CR2", cl, 3)).toBeNull();
  });
});

/**
 * The closed-form CR2 of the clustered difference in means (src/estimators/dim-clustered.ts)
 * against the general lmRobust CR2 on [1, t], over random cluster designs.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { differenceInMeans } from "../../src/estimators/difference-in-means.js";
import { lmRobust } from "../../src/estimators/lm-robust.js";

describe("clustered differenceInMeans equals lmRobust(y ~ t, clusters, CR2)", () => {
  it("for random cluster sizes, arms and outcomes (SE and Bell–McCaffrey df)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ size: fc.integer({ min: 1, max: 6 }), arm: fc.boolean() }), { minLength: 4, maxLength: 12 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (clusters, seed) => {
          if (clusters.filter((c) => c.arm).length < 2 || clusters.filter((c) => !c.arm).length < 2) return;
          const y: number[] = [];
          const t: number[] = [];
          const g: string[] = [];
          let s = seed;
          clusters.forEach((c, k) => {
            for (let i = 0; i < c.size; i++) {
              s = (s * 16807) % 2147483647;
              y.push((s / 2147483647) * 10 + (c.arm ? 1 : 0));
              t.push(c.arm ? 1 : 0);
              g.push(`c${k}`);
            }
          });
          const d = differenceInMeans({ y, t, g }, { outcome: "y", treatment: "t", clusters: "g" });
          const l = lmRobust({ y, t, g }, "y ~ t", { clusters: "g", seType: "CR2" });
          const a = d.coefficients[0]!;
          const b = l.coefficients[1]!;
          expect(Math.abs(a.estimate - b.estimate)).toBeLessThan(1e-10);
          expect(Math.abs(a.stdError - b.stdError)).toBeLessThan(1e-9 * b.stdError + 1e-12);
          expect(Math.abs(a.df - b.df)).toBeLessThan(1e-8 * b.df);
        },
      ),
      { numRuns: 60 },
    );
  });
});

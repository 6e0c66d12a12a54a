import { describe, expect, it } from "vitest";
import { fitCoefficient, interactionTest, jointOrthogonality } from "../../src/balance/regressions.js";
import { lmRobust } from "../../src/estimators/lm-robust.js";
import { waldTest } from "../../src/estimators/wald-test.js";
import { createRng } from "../../src/internal/rng.js";

/** Units in 30 offices (codes in random order, not sorted), 5 regions crossing the offices, two covariates. */
function units(n: number, seed: number) {
  const rng = createRng(seed);
  const office = Int32Array.from({ length: n }, () => rng.int(30));
  const region = Int32Array.from({ length: n }, () => rng.int(5));
  const t = Uint8Array.from(office, (o) => (o % 2 === 0 ? 1 : 0));
  const x1 = Float64Array.from({ length: n }, () => rng.normal());
  const x2 = Float64Array.from({ length: n }, (_, i) => 40 + 10 * rng.normal() + t[i]!);
  const y = Float64Array.from({ length: n }, (_, i) => (rng.next() < 0.7 + 0.05 * t[i]! ? 1 : 0));
  const use = Uint8Array.from({ length: n }, (_, i) => (i % 11 === 0 ? 0 : 1));
  return { n, office, region, t, x1, x2, y, use };
}

/** The same regression through the public API, on the rows in use. */
function publicFit(u: ReturnType<typeof units>, outcome: Float64Array | Uint8Array, terms: Record<string, ArrayLike<number>>, opts: { blocks: boolean; clusters: boolean; seType: string }) {
  const rows = [];
  for (let i = 0; i < u.n; i++) {
    if (!u.use[i]) continue;
    const row: Record<string, number | string> = { y: outcome[i]!, office: `o${u.office[i]}`, region: `r${u.region[i]}` };
    for (const [k, v] of Object.entries(terms)) row[k] = v[i]!;
    rows.push(row);
  }
  return lmRobust(rows, `y ~ ${Object.keys(terms).join(" + ")}`, {
    seType: opts.seType as "CR2",
    ...(opts.clusters ? { clusters: "office" } : {}),
    ...(opts.blocks ? { fixedEffects: "region" } : {}),
  });
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-300, Math.abs(b));

describe("balance regressions (fitLm on the rows in use, gathered in cluster order)", () => {
  for (const [label, blocks, clusters, seType] of [
    ["CR2 with clusters", false, true, "CR2"],
    ["CR2 with region fixed effects crossing the clusters", true, true, "CR2"],
    ["stata with clusters", false, true, "stata"],
    ["HC2 with fixed effects", true, false, "HC2"],
  ] as const) {
    it(`joint test, coefficient and interaction test equal lmRobust + waldTest on the same rows: ${label}`, () => {
      const u = units(600, 3);
      const b = blocks ? u.region : null;
      const c = clusters ? u.office : null;
      const jt = jointOrthogonality(u.t, { design: { columns: [u.x1, u.x2], names: ["x1", "x2"] }, use: u.use, blocks: b, clusters: c, seType });
      const fit = publicFit(u, u.t, { x1: u.x1, x2: u.x2 }, { blocks, clusters, seType });
      const w = waldTest(fit, ["x1", "x2"]);
      expect(rel(jt.statistic, w.statistic)).toBeLessThan(1e-10);
      expect(jt.df2).toBe(w.df2);
      expect(rel(jt.pValue, w.pValue)).toBeLessThan(1e-9);
      const classical = waldTest(publicFit(u, u.t, { x1: u.x1, x2: u.x2 }, { blocks, clusters: false, seType: "classical" }), ["x1", "x2"]);
      expect(rel(jt.classicalStatistic, classical.statistic)).toBeLessThan(1e-10);
      expect(jt.classicalDf2).toBe(classical.df2);

      const fc = fitCoefficient(u.x2, u.t, u.use, b, c, seType);
      const row = publicFit(u, u.x2, { t: u.t }, { blocks, clusters, seType }).coefficients.find((r) => r.term === "t")!;
      expect(rel(fc.estimate, row.estimate)).toBeLessThan(1e-10);
      expect(rel(fc.stdError, row.stdError)).toBeLessThan(1e-10);
      expect(rel(fc.df, row.df)).toBeLessThan(1e-9);

      const tx1 = Float64Array.from(u.x1, (v, i) => v * u.t[i]!);
      const tx2 = Float64Array.from(u.x2, (v, i) => v * u.t[i]!);
      const it2 = interactionTest(u.y, u.t, { columns: [u.x1, u.x2], names: ["x1", "x2"] }, u.use, b, c, seType);
      const ifit = publicFit(u, u.y, { t: u.t, x1: u.x1, x2: u.x2, tx1, tx2 }, { blocks, clusters, seType });
      expect(rel(it2.statistic, waldTest(ifit, ["tx1", "tx2"]).statistic)).toBeLessThan(1e-10);
      expect(it2.nObs).toBe(ifit.nObs);
    });
  }
  it("a single cluster among the rows in use is refused with TOO_FEW_CLUSTERS", () => {
    const u = units(100, 4);
    const one = new Int32Array(100).fill(7);
    expect(() => jointOrthogonality(u.t, { design: { columns: [u.x1], names: ["x1"] }, use: u.use, blocks: null, clusters: one, seType: "CR2" })).toThrow(
      expect.objectContaining({ code: "TOO_FEW_CLUSTERS" }),
    );
  });
});

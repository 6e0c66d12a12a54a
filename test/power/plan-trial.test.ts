import { describe, expect, it } from "vitest";
import { EnsayoError } from "../../src/errors.js";
import { planTrial, type PlanTrialOptions } from "../../src/power/plan-trial.js";
import { powerCurve } from "../../src/power/power-curve.js";
import { powerCurveSvg, niceTicks } from "../../src/power/power-curve-svg.js";
import { powerTTest } from "../../src/power/power-t-test.js";

function err(f: () => unknown): EnsayoError {
  try {
    f();
  } catch (e) {
    if (e instanceof EnsayoError) return e;
    throw e;
  }
  throw new Error("expected an EnsayoError");
}
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);
const cluster: PlanTrialOptions = { solveFor: "mde", design: "cluster", nClusters: 48, clusterSize: 10, icc: 0.1 };

describe("planTrial", () => {
  it("matches ANCHORS Appendix A for PowerUpR cra2r2 (MDES 0.8380547, power 0.387427)", () => {
    const m = planTrial({ solveFor: "mde", design: "cluster", nClusters: 20, clusterSize: 4, icc: 0.2 });
    expect(m.mde).toBeCloseTo(0.8380547, 7);
    expect(m.df).toBe(18);
    const p = planTrial({ solveFor: "power", design: "cluster", nClusters: 20, clusterSize: 4, icc: 0.2, effect: 0.5 });
    expect(p.power).toBeCloseTo(0.387427, 6);
  });
  it("sample-size solutions give back the effect as MDE (round trips)", () => {
    const mde = planTrial(cluster).mde;
    const j = planTrial({ ...cluster, solveFor: "nClusters", nClusters: undefined, effect: mde });
    expect(rel(j.nClusters!, 48)).toBeLessThan(1e-10);
    expect(j.rounded).toBe(48);
    const m = planTrial({ ...cluster, solveFor: "clusterSize", clusterSize: undefined, effect: mde });
    expect(rel(m.clusterSize!, 10)).toBeLessThan(1e-9);
    const ind = planTrial({ solveFor: "mde", design: "individual", nUnits: 300, treatedShare: 0.4, r2Unit: 0.3 });
    const n = planTrial({ solveFor: "nUnits", design: "individual", treatedShare: 0.4, r2Unit: 0.3, effect: ind.mde });
    expect(rel(n.nUnits, 300)).toBeLessThan(1e-10);
  });
  it("power at the MDE is close to the target (the M multiplier is Bloom's approximation)", () => {
    const r = planTrial(cluster);
    const p = planTrial({ ...cluster, solveFor: "power", effect: r.mde });
    expect(Math.abs(p.power - 0.8)).toBeLessThan(0.01);
  });
  it("individual design with no covariates agrees with pwr's two-sample t test", () => {
    // pwr: n = 50 per group, d = 0.5; planTrial: 100 units, half treated, df = 98 as pwr.
    const p = planTrial({ solveFor: "power", design: "individual", nUnits: 100, effect: 0.5 });
    expect(rel(p.power, powerTTest({ n: 50, d: 0.5 }).power)).toBeLessThan(1e-12);
  });
  it("effects and MDE are in outcome units: sd scales them; baseRate sets sd = sqrt(p(1-p))", () => {
    expect(rel(planTrial({ ...cluster, sd: 12 }).mde, 12 * planTrial(cluster).mde)).toBeLessThan(1e-14);
    expect(rel(planTrial({ ...cluster, baseRate: 0.2 }).mde, 0.4 * planTrial(cluster).mde)).toBeLessThan(1e-14);
  });
  it("take-up divides the ITT MDE by the difference in take-up", () => {
    const r = planTrial({ ...cluster, takeUp: { treatment: 0.6, control: 0.1 } });
    expect(rel(r.mde, r.mdeItt / 0.5)).toBeLessThan(1e-14);
    expect(rel(r.mdeItt, planTrial(cluster).mde)).toBeLessThan(1e-14);
  });
  it("attrition, unequal cluster sizes and fewer clusters raise the MDE; covariates lower it", () => {
    const base = planTrial(cluster).mde;
    expect(planTrial({ ...cluster, responseRate: 0.8 }).mde).toBeGreaterThan(base);
    expect(planTrial({ ...cluster, clusterSizeCv: 0.5 }).mde).toBeGreaterThan(base);
    expect(planTrial({ ...cluster, r2Cluster: 0.4, r2Unit: 0.4 }).mde).toBeLessThan(base);
    expect(planTrial({ ...cluster, baselineCorrelation: 0.6 }).r2Cluster).toBeCloseTo(0.36, 14);
    expect(planTrial({ ...cluster, clusterSizeCv: 0.5 }).designEffect).toBeCloseTo(1 + (1.25 * 10 - 1) * 0.1, 14);
  });
  it("several arms divide alpha across comparisons with control (Bonferroni) and cost df", () => {
    const r = planTrial({ ...cluster, arms: 3 });
    expect(r.alphaPerComparison).toBeCloseTo(0.025, 15);
    expect(r.df).toBe(48 - 3);
    expect(r.treatedShare).toBeCloseTo(1 / 3, 15);
    expect(planTrial({ ...cluster, arms: 3, adjust: "none" }).alphaPerComparison).toBe(0.05);
    expect(planTrial({ ...cluster, nBlocks: 6 }).df).toBe(48 - 2 - 5);
  });
  it("individual designs: block fixed effects and covariates cost df; attrition shrinks each arm", () => {
    const r = planTrial({ solveFor: "mde", design: "individual", nUnits: 200, nBlocks: 5, nCovariates: 2, r2Unit: 0.2 });
    expect(r.df).toBe(200 - 2 - 2 - 4);
    const a = planTrial({ solveFor: "mde", design: "individual", nUnits: 200, responseRate: { treatment: 0.9, control: 0.6 } });
    expect(a.df).toBe(200 * (0.5 * 0.9 + 0.5 * 0.6) - 2);
    expect(a.standardError).toBeCloseTo(Math.sqrt(1 / 90 + 1 / 60), 14);
  });
  it("z test uses normal quantiles", () => {
    const r = planTrial({ ...cluster, test: "z" });
    expect(r.multiplier).toBeCloseTo(1.959963984540054 + 0.8416212335729143, 12);
  });
  it("UNSOLVABLE states the MDE floor when no cluster size is enough", () => {
    const e = err(() => planTrial({ solveFor: "clusterSize", design: "cluster", nClusters: 20, icc: 0.2, effect: 0.5 }));
    expect(e.code).toBe("UNSOLVABLE");
    expect(e.message).toMatch(/with 10 clusters per arm and ICC 0.2 the MDE cannot go below 0.5926 SD .* however large the clusters/);
    const floor = planTrial({ solveFor: "mde", design: "cluster", nClusters: 20, clusterSize: 1e9, icc: 0.2 });
    expect(rel(floor.mde, floor.mdeFloor!)).toBeLessThan(1e-7);
  });
  it("UNSOLVABLE when the target power is below the one-tail significance level", () => {
    const e = err(() => planTrial({ ...cluster, power: 0.01 }));
    expect(e.code).toBe("UNSOLVABLE");
    expect(e.message).toMatch(/target power 0.01 is not above the one-tail significance level 0.025/);
  });
  it("UNSOLVABLE when even a billion units cannot detect the effect", () => {
    const e = err(() => planTrial({ solveFor: "nUnits", design: "individual", effect: 1e-6 }));
    expect(e.code).toBe("UNSOLVABLE");
    expect(e.message).toMatch(/even 1.000e\+9 units give an MDE of/);
  });
  it("INFEASIBLE_DESIGN when the design has no degrees of freedom", () => {
    const e = err(() => planTrial({ ...cluster, nClusters: 4, nCovariates: 2 }));
    expect(e.code).toBe("INFEASIBLE_DESIGN");
    expect(e.message).toMatch(/0 degrees of freedom/);
  });
  it("INVALID_OPTION for missing or conflicting options, naming them", () => {
    expect(err(() => planTrial({ solveFor: "mde", design: "cluster", nClusters: 20, clusterSize: 5 })).message).toMatch(/`icc` is required/);
    expect(err(() => planTrial({ ...cluster, solveFor: "power" })).message).toMatch(/`effect` is required/);
    expect(err(() => planTrial({ ...cluster, effect: 0.3 })).message).toMatch(/`effect` is not used/);
    expect(err(() => planTrial({ ...cluster, solveFor: "power", effect: 0.3, power: 0.9 })).message).toMatch(/`power` is the unknown/);
    expect(err(() => planTrial({ ...cluster, solveFor: "nUnits", effect: 0.3 })).code).toBe("INVALID_OPTION");
    expect(err(() => planTrial({ solveFor: "mde", design: "individual", nUnits: 100, icc: 0.1 })).message).toMatch(/`icc` is for cluster designs/);
    expect(err(() => planTrial({ ...cluster, takeUp: { treatment: 0.3, control: 0.3 } })).message).toMatch(/take-up in treatment above/);
    expect(err(() => planTrial({ ...cluster, arms: 3, treatedShare: 0.5 })).message).toMatch(/leaves no units for control/);
    expect(err(() => planTrial({ ...cluster, sd: 2, baseRate: 0.3 })).code).toBe("INVALID_OPTION");
    expect(err(() => planTrial({ ...cluster, icc: 1 })).code).toBe("INVALID_OPTION");
    expect(err(() => planTrial({ ...cluster, bogus: 1 } as never)).code).toBe("INVALID_OPTION");
  });
  it("names a required option left out as required, not as a wrong value", () => {
    const e = err(() => planTrial({ solveFor: "power", nUnits: 100, effect: 0.3 } as never));
    expect(e.message).toMatch(/^planTrial: `design` is required \(Invalid option: expected one of "individual"\|"cluster"\)/);
    expect(err(() => planTrial({ solveFor: "power", design: "individual", nUnits: 100 })).message).toMatch(/^planTrial: `effect` is required when solving for 'power'/);
  });
  it("warns when the smallest feasible size already suffices", () => {
    const r = planTrial({ solveFor: "clusterSize", design: "cluster", nClusters: 200, icc: 0.01, effect: 2 });
    expect(r.clusterSize).toBe(1);
    expect(r.warnings[0]).toMatch(/already detects/);
  });
});

describe("powerCurve and powerCurveSvg", () => {
  it("names the plan's options as `plan.<option>` in its errors (schema, design checks and unknown keys)", () => {
    const curve = (plan: Record<string, unknown>) => err(() => powerCurve({ plan: plan as never, vary: "effect", from: 0.1, to: 0.5 })).message;
    expect(curve({ design: "individual", nUnits: 100, sd: -1 })).toMatch(/^powerCurve: `plan\.sd`: Too small/);
    expect(curve({ nUnits: 100 })).toMatch(/^powerCurve: `plan\.design` is required/);
    expect(curve({ design: "cluster", nClusters: 20, clusterSize: 5 })).toMatch(/^powerCurve: `plan\.icc` is required for a cluster design/);
    expect(curve({ design: "cluster", nClusters: 20, clusterSize: 5, icc: 2 })).toMatch(/^powerCurve: `plan\.icc`: Too big/);
    expect(curve({ design: "individual", nUnits: 100, sdd: 1 })).toMatch(/^powerCurve: unknown option `plan\.sdd`\. Did you mean `sd`\?/);
    expect(curve({ design: "individual", nUnits: 100, alternative: "one.sided" })).toMatch(/^powerCurve: `plan\.alternative` "one\.sided"/);
  });
  it("rows agree with planTrial's power and increase with the effect", () => {
    const c = powerCurve({ plan: { design: "cluster", nClusters: 48, clusterSize: 10, icc: 0.1 }, vary: "effect", from: 0.05, to: 0.6, points: 12 });
    expect(c.rows).toHaveLength(12);
    for (let i = 1; i < c.rows.length; i++) expect(c.rows[i]!.power).toBeGreaterThan(c.rows[i - 1]!.power);
    const r5 = c.rows[5]!;
    expect(r5.power).toBeCloseTo(planTrial({ solveFor: "power", design: "cluster", nClusters: 48, clusterSize: 10, icc: 0.1, effect: r5.x }).power, 14);
  });
  it("varies the number of clusters, with NaN where df < 1", () => {
    const c = powerCurve({ plan: { design: "cluster", clusterSize: 10, icc: 0.1, effect: 0.3 }, vary: "nClusters", values: [2, 10, 40] });
    expect(Number.isNaN(c.rows[0]!.power)).toBe(true);
    expect(c.rows[2]!.power).toBeGreaterThan(c.rows[1]!.power);
  });
  it("INVALID_OPTION without values or a range", () => {
    expect(err(() => powerCurve({ plan: { design: "individual", nUnits: 100 }, vary: "effect" })).code).toBe("INVALID_OPTION");
    expect(err(() => powerCurve({ plan: { design: "individual", nUnits: 100 }, vary: "effect", from: 1, to: 0.5 })).code).toBe("INVALID_OPTION");
  });
  it("draws a standalone SVG with axes, the 0.8 line, one line per curve and a legend", () => {
    const curves = [0.05, 0.2].map((icc) =>
      powerCurve({ plan: { design: "cluster", clusterSize: 10, icc, effect: 0.3 }, vary: "nClusters", from: 10, to: 100, points: 30, label: `ICC <${icc}>` }),
    );
    const svg = powerCurveSvg(curves, { title: "Power & clusters" });
    expect(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"")).toBe(true);
    expect(svg.trim().endsWith("</svg>")).toBe(true);
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg).toContain("stroke-dasharray");
    expect(svg).toContain("power 0.8");
    expect(svg).toContain("ICC &lt;0.05&gt;");
    expect(svg).toContain("Power &amp; clusters");
    expect(svg).toContain(">Clusters<");
    expect(svg).not.toContain("NaN");
    expect(err(() => powerCurveSvg([])).code).toBe("INVALID_OPTION");
  });
  it("niceTicks gives round steps covering the range", () => {
    expect(niceTicks(0, 1, 6)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(10, 120, 7)).toEqual([20, 40, 60, 80, 100, 120]);
  });
});

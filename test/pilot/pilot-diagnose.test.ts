import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { planTrial, readCsvFile, verifyAssignment } from "../../src/node.js";
import { declarePilot } from "../../src/pilot/declare-pilot.js";
import type { PilotPlanInput } from "../../src/pilot/plan-schema.js";
import { errorCode } from "../helpers/errors.js";

const dir = new URL("../../fixtures/pilot/", import.meta.url).pathname;
const plan = JSON.parse(readFileSync(dir + "plan.json", "utf8")) as PilotPlanInput;
const baseline = readCsvFile(dir + "baseline.csv");
const outcomes = [{ column: "puntaje_final" }, { column: "tramites_final" }];
/** The bundled plan with its two outcomes in one primary family adjusted by `multiplicity`. */
const oneFamily = (multiplicity: string): PilotPlanInput => ({ ...plan, families: [{ name: "p", primary: true, outcomes, multiplicity } as never] });
const common = { baseline, sd: 13.9, icc: 0.05, r2: 0.5, correlation: 0.3, sims: 120, seed: "test" };

describe("pilot.diagnose", () => {
  const pilot = declarePilot(plan);
  const d = pilot.diagnose({ baseline, effect: 4, sd: 13.9, icc: 0.05, r2: 0.5, sims: 60, seed: "test" });
  it("simulates the registered estimator on the declared design, and is reproducible from its seed", () => {
    expect(d.sims).toBe(60);
    expect(d.failed).toBe(0);
    expect(d.power).toBeGreaterThan(0.5);
    const again = pilot.diagnose({ baseline, effect: 4, sd: 13.9, icc: 0.05, r2: 0.5, sims: 60, seed: "test" });
    expect(JSON.stringify(again)).toBe(JSON.stringify(d));
  });
  it("reports every registered outcome and family, JSON-safe", () => {
    expect(d.outcomes.map((o) => [o.family, o.outcome])).toEqual([["primaria", "puntaje_final"], ["secundaria", "tramites_final"]]);
    expect(d.families.map((f) => [f.family, f.multiplicity, f.adjustment])).toEqual([["primaria", "holm", "exact"], ["secundaria", "holm", "exact"]]);
    expect(JSON.parse(JSON.stringify(structuredClone(d))).outcomes[0].power).toBe(d.power);
  });
  it("puts planTrial's analytic MDE for the same design beside the simulation", () => {
    const sizes = [...new Set(baseline.columns.oficina as string[])].map((o) => (baseline.columns.oficina as string[]).filter((x) => x === o).length);
    const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    const cv = Math.sqrt(sizes.reduce((a, b) => a + (b - mean) ** 2, 0) / (sizes.length - 1)) / mean;
    const direct = planTrial({ solveFor: "mde", design: "cluster", nClusters: 48, clusterSize: 464 / 48, clusterSizeCv: cv, icc: 0.05, sd: 13.9, nBlocks: 6, r2Unit: 0.5, alpha: 0.05, adjust: "none" });
    expect(d.analytic.mde).toBeCloseTo(direct.mde, 12);
    expect(d.outcomes[0]!.analyticMde).toBeCloseTo(direct.mde, 12);
    expect(d.curve.rows.length).toBe(30);
  });
  it("says the randomization tests were not simulated, and that attrition, take-up and subgroups are not either", () => {
    expect(d.randomization).toBe(false);
    expect(d.approximations.join("\n")).toMatch(/randomization tests not simulated/);
    expect(d.approximations.join("\n")).toMatch(/without attrition/);
  });
  it("refuses a zero effect everywhere, effects that miss an outcome, and unknown options", () => {
    expect(errorCode(() => pilot.diagnose({ baseline, effect: 0, sd: 1 }))).toBe("INVALID_OPTION");
    expect(errorCode(() => pilot.diagnose({ baseline, effect: { puntaje_final: 3 }, sd: 1 }))).toBe("INVALID_OPTION");
    expect(errorCode(() => pilot.diagnose({ baseline, effect: 3, sd: { puntaje_final: 1, tramites_final: 1, otra: 1 } }))).toBe("INVALID_OPTION");
    expect(errorCode(() => pilot.diagnose({ baseline, effect: 1, sd: 1, nope: 1 } as never))).toBe("INVALID_OPTION");
  });
});

describe("pilot.diagnose applies the family's registered adjustment to every simulated dataset", () => {
  // every run below sees the same assignments and outcomes (same seed), so orderings hold simulation by simulation
  const run = (m: string, effect: number | Record<string, number> = 3) => declarePilot(oneFamily(m)).diagnose({ ...common, effect });
  const none = run("none"), bonferroni = run("bonferroni"), holm = run("holm"), hochberg = run("hochberg"), hommel = run("hommel"), bh = run("BH"), by = run("BY");
  it("gives every method the same unadjusted rejections", () => {
    for (const r of [bonferroni, holm, hochberg, hommel, bh, by]) {
      expect(r.outcomes.map((o) => o.powerUnadjusted)).toEqual(none.outcomes.map((o) => o.powerUnadjusted));
    }
    expect(none.outcomes.map((o) => o.power)).toEqual(none.outcomes.map((o) => o.powerUnadjusted));
  });
  it("orders the methods as their adjusted p-values are ordered: none ≥ BH ≥ hochberg ≥ hommel… ≥ holm ≥ bonferroni", () => {
    for (let k = 0; k < 2; k++) {
      const p = (r: typeof none) => r.outcomes[k]!.power;
      expect(p(bonferroni)).toBeLessThanOrEqual(p(holm));
      expect(p(holm)).toBeLessThanOrEqual(p(hochberg));
      expect(p(hochberg)).toBeLessThanOrEqual(p(hommel));
      expect(p(hommel)).toBeLessThanOrEqual(p(bh));
      expect(p(by)).toBeLessThanOrEqual(p(bh));
      expect(p(bh)).toBeLessThanOrEqual(p(none));
    }
    expect(bonferroni.outcomes[0]!.power).toBeLessThan(none.outcomes[0]!.power);
  });
  it("defines family power as at least one and as all outcomes rejected, and bounds them by the outcomes' powers", () => {
    for (const r of [none, holm, bh]) {
      const f = r.families[0]!;
      expect(f.powerAll).toBeLessThanOrEqual(Math.min(...r.outcomes.map((o) => o.power)));
      expect(f.powerAny).toBeGreaterThanOrEqual(Math.max(...r.outcomes.map((o) => o.power)));
      expect(f.powerAny).toBeLessThanOrEqual(r.outcomes[0]!.power + r.outcomes[1]!.power);
    }
  });
  it("keeps the family-wise error rate under zero effects near α with Holm, and lets it grow without adjustment", () => {
    const se = Math.sqrt((0.05 * 0.95) / common.sims);
    expect(holm.families[0]!.familywiseErrorRate).toBeLessThan(0.05 + 3 * se);
    expect(holm.families[0]!.familywiseErrorRate).toBeLessThanOrEqual(none.families[0]!.familywiseErrorRate);
    expect(none.families[0]!.familywiseErrorRate).toBeGreaterThanOrEqual(Math.max(...none.outcomes.map((o) => o.falsePositiveRate)));
  });
  it("rejects under zero effects exactly as a run whose effect is zero (the zero-effect run shifts the estimate, as the estimator would)", () => {
    const zero = run("none", { puntaje_final: 0, tramites_final: 3 });
    expect(zero.outcomes[0]!.powerUnadjusted).toBe(none.outcomes[0]!.falsePositiveRateUnadjusted);
    expect(zero.outcomes[0]!.bias).toBeCloseTo(none.outcomes[0]!.bias, 10);
  });
});

describe("pilot.diagnose with resampling adjustments and randomization inference", () => {
  it("steps down over innerDraws assignments inside each simulation for Westfall–Young, and says so", () => {
    // difference in means keeps the nested step-down quick whichever statistic it refits
    const wy = declarePilot({ ...oneFamily("westfallYoung"), estimator: "dim" } as PilotPlanInput).diagnose({ ...common, effect: 3, sims: 20, innerDraws: 100, resampling: "nested" });
    expect(wy.families[0]).toMatchObject({ adjustment: "resampled", innerDraws: 100 });
    expect(wy.approximations.join("\n")).toMatch(/100 assignments of the declared design instead of the plan's 1000/);
    for (const o of wy.outcomes) expect(o.power).toBeLessThanOrEqual(1);
    expect(wy.failed).toBe(0);
  });
  it("adjusts a Westfall–Young family by Holm with resampling: 'holm', flagged as an approximation", () => {
    const approx = declarePilot(oneFamily("westfallYoung")).diagnose({ ...common, effect: 3, resampling: "holm" });
    const holm = declarePilot(oneFamily("holm")).diagnose({ ...common, effect: 3 });
    expect(approx.outcomes.map((o) => o.power)).toEqual(holm.outcomes.map((o) => o.power));
    expect(approx.outcomes.map((o) => o.multiplicity)).toEqual(["westfallYoung", "westfallYoung"]);
    expect(approx.families[0]).toMatchObject({ adjustment: "holm", innerDraws: null });
    expect(approx.approximations.join("\n")).toMatch(/in place of the registered step-down \(resampling: "holm"\), an approximation/);
  });
  it("simulates the randomization tests when asked, with the inner draw count stated", () => {
    // difference in means on one outcome keeps the 2 × 20 × 100 refits quick
    const small = { ...plan, estimator: "dim", families: [{ name: "p", outcomes: [outcomes[0]!] }] } as PilotPlanInput;
    const ri = declarePilot(small).diagnose({ ...common, effect: 6, sims: 20, innerDraws: 100, randomization: true });
    expect(ri.randomization).toBe(true);
    expect(ri.outcomes[0]!.powerRandomization).toBeGreaterThan(0.5);
    expect(Number.isNaN(ri.outcomes[0]!.falsePositiveRateRandomization)).toBe(false);
    expect(ri.approximations.join("\n")).toMatch(/randomization tests simulated with 100 assignments/);
  });
});

describe("pilot.assign's receipt", () => {
  it("verifies with verifyAssignment, planHash included", () => {
    const pilot = declarePilot(plan);
    const a = pilot.assign(baseline);
    const check = verifyAssignment(a.receipt, { data: baseline, id: "id", blocks: "region", clusters: "oficina" });
    expect(check.ok).toBe(true);
    expect(a.receipt.planHash).toBe(pilot.planHash);
  });
});

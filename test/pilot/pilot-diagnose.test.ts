import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { planTrial, readCsvFile, verifyAssignment } from "../../src/node.js";
import { declarePilot } from "../../src/pilot/declare-pilot.js";
import { errorCode } from "../helpers/errors.js";

const dir = new URL("../../fixtures/pilot/", import.meta.url).pathname;
const plan = JSON.parse(readFileSync(dir + "plan.json", "utf8"));
const baseline = readCsvFile(dir + "baseline.csv");

describe("pilot.diagnose", () => {
  const pilot = declarePilot(plan);
  const d = pilot.diagnose({ baseline, effect: 4, sd: 13.9, icc: 0.05, r2: 0.5, sims: 60, seed: "test" });
  it("simulates the registered estimator on the declared design, and is reproducible from its seed", () => {
    expect(d.simulation.sims).toBe(60);
    expect(d.simulation.failed).toBe(0);
    expect(d.power).toBeGreaterThan(0.5);
    const again = pilot.diagnose({ baseline, effect: 4, sd: 13.9, icc: 0.05, r2: 0.5, sims: 60, seed: "test" });
    expect(again.power).toBe(d.power);
  });
  it("puts planTrial's analytic MDE for the same design beside the simulation", () => {
    const sizes = [...new Set(baseline.columns.oficina as string[])].map((o) => (baseline.columns.oficina as string[]).filter((x) => x === o).length);
    const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    const cv = Math.sqrt(sizes.reduce((a, b) => a + (b - mean) ** 2, 0) / (sizes.length - 1)) / mean;
    const direct = planTrial({ solveFor: "mde", design: "cluster", nClusters: 48, clusterSize: 464 / 48, clusterSizeCv: cv, icc: 0.05, sd: 13.9, nBlocks: 6, r2Unit: 0.5, alpha: 0.05, adjust: "none" });
    expect(d.analytic.mde).toBeCloseTo(direct.mde, 12);
    expect(d.curve.rows.length).toBe(30);
  });
  it("refuses a zero effect and unknown options", () => {
    expect(errorCode(() => pilot.diagnose({ baseline, effect: 0, sd: 1 }))).toBe("INVALID_OPTION");
    expect(errorCode(() => pilot.diagnose({ baseline, effect: 1, sd: 1, nope: 1 } as never))).toBe("INVALID_OPTION");
  });
});

describe("pilot.assign's receipt", () => {
  it("verifies with verifyAssignment, planHash included", () => {
    const pilot = declarePilot(plan);
    const a = pilot.assign(baseline);
    const check = verifyAssignment(a.receipt, { data: baseline, ids: "id", blocks: "region", clusters: "oficina" });
    expect(check.ok).toBe(true);
    expect(a.receipt.planHash).toBe(pilot.planHash);
  });
});

import { describe, expect, it } from "vitest";
import { imbensManskiCritical, leeBounds, trimmedMoments } from "../../src/balance/lee-bounds.js";
import { createRng } from "../../src/internal/rng.js";
import { pnorm } from "../../src/math/distributions.js";
import { errorCode } from "../helpers/errors.js";

/**
 * Hand-checked example (arithmetic written out, not taken from the code):
 * treated: 10 units, all respond, y = 1..10 → q_T = 1.
 * control: 10 units, 8 respond, y = 2..9 (mean 5.5) → q_C = 0.8.
 * p = (1 − 0.8)/1 = 0.2; K = 0.8·10 = 8 kept.
 * lower: keep 1..8, μ = 4.5, LB = 4.5 − 5.5 = −1; upper: keep 3..10, μ = 6.5, UB = 1.
 * Var(LB): kept variance (plug-in) of 1..8 = (8² − 1)/12 = 5.25; cut y* = 8; (y* − μ)² = 12.25;
 *   term A = (5.25 + 0.2·12.25)/(0.8·10) = 7.7/8 = 0.9625;
 *   V_p = 0.8²·[(1 − 1)/(1·10) + (1 − 0.8)/(0.8·10)] = 0.64·0.025 = 0.016;
 *   term B = (3.5/0.8)²·0.016 = 19.140625·0.016 = 0.30625;
 *   control term = var(2..9)/8 = 5.25/8 = 0.65625;
 *   Var = 0.9625 + 0.30625 + 0.65625 = 1.925 → SE = √1.925. The upper bound is the mirror image (cut 3).
 */
function handExample() {
  const rows: { y: number | null; z: number }[] = [];
  for (let i = 1; i <= 10; i++) rows.push({ y: i, z: 1 });
  for (let i = 2; i <= 9; i++) rows.push({ y: i, z: 0 });
  rows.push({ y: null, z: 0 }, { y: null, z: 0 });
  return rows;
}

describe("leeBounds", () => {
  it("reproduces the hand-checked example: bounds, trimming share and Proposition 3 SEs", () => {
    const r = leeBounds(handExample(), { outcome: "y", treatment: "z" });
    expect(r.kind).toBe("leeBounds");
    expect(r.responseRateTreatment).toBe(1);
    expect(r.responseRateControl).toBeCloseTo(0.8, 15);
    expect(r.trimmedArm).toBe("1");
    expect(r.trimmingShare).toBeCloseTo(0.2, 14);
    expect(r.lowerBound).toBeCloseTo(-1, 12);
    expect(r.upperBound).toBeCloseTo(1, 12);
    expect(r.lowerStdError).toBeCloseTo(Math.sqrt(1.925), 12);
    expect(r.upperStdError).toBeCloseTo(Math.sqrt(1.925), 12);
    const z = 1.959963984540054;
    expect(r.ciSet[0]).toBeCloseTo(-1 - z * Math.sqrt(1.925), 6);
    expect(r.ciSet[1]).toBeCloseTo(1 + z * Math.sqrt(1.925), 6);
    // Imbens–Manski: c solves Φ(c + 2/√1.925) − Φ(−c) = 0.95, so it is below z and above z_{0.95}
    const c = (r.upperBound - r.ciEffect[1]) / -r.upperStdError;
    expect(pnorm(c + 2 / Math.sqrt(1.925)) - pnorm(-c)).toBeCloseTo(0.95, 9);
    expect(c).toBeLessThan(z);
    expect(c).toBeGreaterThan(1.6448536269514722);
    expect(r.rows.map((x) => x.bound)).toEqual(["lower", "upper"]);
  });

  it("trims the control arm when control responds more, mirroring the bounds", () => {
    const rows = handExample().map((r) => ({ y: r.y === null ? null : -r.y, z: 1 - r.z }));
    const r = leeBounds(rows, { outcome: "y", treatment: "z" });
    expect(r.trimmedArm).toBe("0");
    // effect on −y with arms swapped: bounds of the same size, the SEs follow them
    expect(r.lowerBound).toBeCloseTo(-1, 12);
    expect(r.upperBound).toBeCloseTo(1, 12);
    expect(r.lowerStdError).toBeCloseTo(Math.sqrt(1.925), 12);
  });

  it("trims fractionally when p·m is not whole (hand-checked: 12 treated, K = 9.6)", () => {
    // treated y = 1..12 all respond (q_T = 1); control 8 of 10 respond (q_C = 0.8): K = 12·0.8 = 9.6
    // lower mean = (1 + … + 9 + 0.6·10)/9.6 = 51/9.6 = 5.3125; upper = (4 + … + 12 + 0.6·3)/9.6 = 73.8/9.6 = 7.6875
    const sorted = Float64Array.from({ length: 12 }, (_, i) => i + 1);
    expect(trimmedMoments(sorted, 9.6, false).mean).toBeCloseTo(5.3125, 12);
    expect(trimmedMoments(sorted, 9.6, true).mean).toBeCloseTo(7.6875, 12);
    expect(trimmedMoments(sorted, 9.6, false).cut).toBe(10);
    expect(trimmedMoments(sorted, 9.6, true).cut).toBe(3);
    const rows: { y: number | null; z: string }[] = [];
    for (let i = 1; i <= 12; i++) rows.push({ y: i, z: "T" });
    for (let i = 2; i <= 9; i++) rows.push({ y: i, z: "C" });
    rows.push({ y: null, z: "C" }, { y: null, z: "C" });
    const r = leeBounds(rows, { outcome: "y", treatment: "z", control: "C" });
    expect(r.arm).toBe("T");
    expect(r.lowerBound).toBeCloseTo(5.3125 - 5.5, 12);
    expect(r.upperBound).toBeCloseTo(7.6875 - 5.5, 12);
  });

  it("gives equal bounds (the difference in means) and a warning when response rates are equal", () => {
    const rows = [1, 2, 3, 4].map((y) => ({ y, z: 1 })).concat([0, 1, 1, 2].map((y) => ({ y, z: 0 })));
    const r = leeBounds(rows, { outcome: "y", treatment: "z" });
    expect(r.trimmingShare).toBe(0);
    expect(r.lowerBound).toBeCloseTo(1.5, 12);
    expect(r.upperBound).toBeCloseTo(1.5, 12);
    expect(r.warnings.join(" ")).toMatch(/equal/);
  });

  it("uses an explicit `responded` column and counts responders with a missing outcome as non-responders", () => {
    const rows = handExample().map((r) => ({ ...r, s: r.y === null ? 0 : 1 }));
    rows.push({ y: null, z: 1, s: 1 });
    const r = leeBounds(rows, { outcome: "y", treatment: "z", responded: "s" });
    expect(r.respondedTreatment).toBe(10);
    expect(r.nTreatment).toBe(11);
    expect(r.warnings.join(" ")).toMatch(/missing outcome/);
  });

  it("contains the true effect and has honest SEs and coverage in a simulation with a known effect", () => {
    // Y0 ~ N(10, 2²), Y1 = Y0 + 1.5. Always-responders: 70% of units (chosen at random).
    // Another 20% respond only when treated. Responders are selected independently of Y,
    // so the effect among always-responders is exactly 1.5 and lies inside [LB, UB].
    const rng = createRng("lee-simulation-v1");
    const tau = 1.5;
    const reps = 300;
    const n = 800;
    const lbs: number[] = [], ubs: number[] = [], seL: number[] = [], seU: number[] = [];
    let covered = 0;
    for (let r = 0; r < reps; r++) {
      const y: (number | null)[] = new Array(n);
      const z: number[] = new Array(n);
      for (let i = 0; i < n; i++) {
        z[i] = i < n / 2 ? 1 : 0;
        const u = rng.next();
        const type = u < 0.7 ? "always" : u < 0.9 ? "treatedOnly" : "never";
        const y0 = 10 + 2 * rng.normal();
        const responds = type === "always" || (type === "treatedOnly" && z[i] === 1);
        y[i] = responds ? y0 + tau * z[i]! : null;
      }
      const res = leeBounds({ y, z }, { outcome: "y", treatment: "z" });
      lbs.push(res.lowerBound);
      ubs.push(res.upperBound);
      seL.push(res.lowerStdError);
      seU.push(res.upperStdError);
      if (res.ciEffect[0] <= tau && tau <= res.ciEffect[1]) covered++;
    }
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    const sd = (a: number[]) => {
      const m = mean(a);
      return Math.sqrt(a.reduce((s, v) => s + (v - m) * (v - m), 0) / (a.length - 1));
    };
    expect(mean(lbs)).toBeLessThan(tau);
    expect(mean(ubs)).toBeGreaterThan(tau);
    // the analytic SEs agree with the Monte Carlo spread of the bounds (within 12%)
    expect(mean(seL) / sd(lbs)).toBeGreaterThan(0.88);
    expect(mean(seL) / sd(lbs)).toBeLessThan(1.12);
    expect(mean(seU) / sd(ubs)).toBeGreaterThan(0.88);
    expect(mean(seU) / sd(ubs)).toBeLessThan(1.12);
    expect(covered / reps).toBeGreaterThan(0.93);
  });

  it("finds the Imbens–Manski critical value between z_{1−α} and z_{1−α/2}", () => {
    expect(imbensManskiCritical(0, 1, 0.05)).toBeCloseTo(1.959963984540054, 8);
    expect(imbensManskiCritical(100, 1, 0.05)).toBeCloseTo(1.6448536269514722, 6);
    const c = imbensManskiCritical(1, 1, 0.1);
    expect(pnorm(c + 1) - pnorm(-c)).toBeCloseTo(0.9, 10);
  });

  it("throws ONE_ARM, CONDITION_NOT_FOUND, INVALID_DATA, NOT_ESTIMABLE and INVALID_OPTION", () => {
    expect(errorCode(() => leeBounds([{ y: 1, z: 1 }, { y: 2, z: 1 }], { outcome: "y", treatment: "z" }))).toBe("ONE_ARM");
    expect(errorCode(() => leeBounds(handExample(), { outcome: "y", treatment: "z", control: 7 }))).toBe("CONDITION_NOT_FOUND");
    expect(errorCode(() => leeBounds([...handExample(), { y: 3, z: 2 }], { outcome: "y", treatment: "z" }))).toBe("INVALID_DATA");
    expect(errorCode(() => leeBounds(handExample().map((r) => ({ ...r, s: 2 })), { outcome: "y", treatment: "z", responded: "s" }))).toBe("INVALID_DATA");
    expect(errorCode(() => leeBounds([{ y: 1, z: 1 }, { y: 2, z: 1 }, { y: 1, z: 0 }, { y: null, z: 0 }], { outcome: "y", treatment: "z" }))).toBe("NOT_ESTIMABLE");
    expect(errorCode(() => leeBounds(handExample(), { outcome: "y", treatment: "z", alpha: 2 }))).toBe("INVALID_OPTION");
    expect(errorCode(() => leeBounds(handExample(), { outcome: "nope", treatment: "z" }))).toBe("MISSING_COLUMN");
    expect(errorCode(() => leeBounds(handExample().map((r, i) => ({ ...r, y: i === 3 ? "alto" : r.y })), { outcome: "y", treatment: "z" }))).toBe("NOT_NUMERIC");
  });
});

describe("leeBounds counts what it leaves out", () => {
  it("counts rows with a missing treatment in nDropped and warns, with the same bounds as without them", () => {
    const y = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 2, 3, 4, 5, 6, 7, 8, 9, null, null];
    const z = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const full = leeBounds({ y, z }, { outcome: "y", treatment: "z" });
    const r = leeBounds({ y: [...y, 50, null], z: [...z, null, null] }, { outcome: "y", treatment: "z" });
    expect(full.nDropped).toBe(0);
    expect(r.nDropped).toBe(2);
    expect(r.nControl + r.nTreatment).toBe(20);
    expect(r.lowerBound).toBe(full.lowerBound);
    expect(r.upperBound).toBe(full.upperBound);
    expect(r.warnings).toContain("2 unit(s) with a missing treatment were left out");
  });

  it("throws ONE_ARM naming the problem when the treatment has no value at all", () => {
    expect(() => leeBounds({ y: [], z: [] }, { outcome: "y", treatment: "z" })).toThrow(
      expect.objectContaining({ code: "ONE_ARM", message: expect.stringContaining("treatment 'z' has no value (0 rows)") }),
    );
    expect(() => leeBounds({ y: [1, 2], z: [1, 1] }, { outcome: "y", treatment: "z" })).toThrow(
      expect.objectContaining({ code: "ONE_ARM", message: expect.stringContaining("takes a single value ('1')") }),
    );
  });
});

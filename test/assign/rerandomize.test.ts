/** Re-randomization (Morgan & Rubin 2012): criteria, restricted probabilities and permutations. */
import { describe, expect, it } from "vitest";
import { completeRa } from "../../src/assign/complete-ra.js";
import { declareRa } from "../../src/assign/declare-ra.js";

const x = [1.5, 2.0, 3.7, 4.1, 5.9, 8.0];
const y = [0.2, 1.1, 0.4, 1.9, 0.3, 1.0];

function mean(v: number[]): number { return v.reduce((a, b) => a + b, 0) / v.length; }
function sd(v: number[]): number { const m = mean(v); return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1)); }
function stdDiff(arm: ArrayLike<number>, v: number[]): number {
  const t = v.filter((_, i) => arm[i] === 1), c = v.filter((_, i) => arm[i] === 0);
  return Math.abs(mean(t) - mean(c)) / sd(v);
}
function mahalanobis(arm: ArrayLike<number>): number {
  // two covariates: M = d' S^-1 d / (1/nt + 1/nc), S the full-sample covariance
  const nt = Array.from(arm).filter((a) => a === 1).length, nc = arm.length - nt;
  const d = [x, y].map((v) => mean(v.filter((_, i) => arm[i] === 1)) - mean(v.filter((_, i) => arm[i] === 0)));
  const mx = mean(x), my = mean(y), n = x.length;
  const sxx = x.reduce((a, v) => a + (v - mx) ** 2, 0) / (n - 1);
  const syy = y.reduce((a, v) => a + (v - my) ** 2, 0) / (n - 1);
  const sxy = x.reduce((a, v, i) => a + (v - mx) * (y[i]! - my), 0) / (n - 1);
  const det = sxx * syy - sxy * sxy;
  const q = (d[0]! * d[0]! * syy - 2 * d[0]! * d[1]! * sxy + d[1]! * d[1]! * sxx) / det;
  return q / (1 / nt + 1 / nc);
}
function allSplits(n: number, m: number): number[][] {
  const out: number[][] = [];
  for (let mask = 0; mask < 1 << n; mask++) {
    const arm = Array.from({ length: n }, (_, i) => (mask >> i) & 1);
    if (arm.reduce((a, b) => a + b, 0) === m) out.push(arm);
  }
  return out;
}

describe("re-randomization", () => {
  it("accepts only draws meeting maxAbsStdDiff and records the value and the number of draws", () => {
    const d = declareRa({ n: 6, rerandomize: { covariates: { x }, criterion: "maxAbsStdDiff", threshold: 0.3 } });
    expect(d.restricted).toBe(true);
    for (let s = 0; s < 20; s++) {
      const a = d.conduct(s);
      expect(a.rerandomization!.value).toBeCloseTo(stdDiff(a.arm, x), 12);
      expect(a.rerandomization!.value).toBeLessThanOrEqual(0.3);
      expect(a.rerandomization!.draws).toBeGreaterThanOrEqual(1);
    }
  });

  it("computes Morgan and Rubin's Mahalanobis distance", () => {
    const d = declareRa({ n: 6, m: 3, rerandomize: { covariates: { x, y }, criterion: "mahalanobis", threshold: 1 } });
    for (let s = 0; s < 10; s++) {
      const a = d.conduct(s);
      expect(a.rerandomization!.value).toBeCloseTo(mahalanobis(a.arm), 10);
      expect(a.rerandomization!.value).toBeLessThanOrEqual(1);
    }
  });

  it("gives exact restricted probabilities and permutations by enumeration when the design is small", () => {
    const threshold = 0.3;
    const d = declareRa({ n: 6, m: 3, rerandomize: { covariates: { x }, criterion: "maxAbsStdDiff", threshold } });
    const accepted = allSplits(6, 3).filter((arm) => stdDiff(arm, x) <= threshold);
    expect(accepted.length).toBeGreaterThan(0);
    expect(accepted.length).toBeLessThan(20);
    const p = d.probabilities();
    expect(p.method).toBe("exact");
    for (let i = 0; i < 6; i++) {
      const share = accepted.filter((arm) => arm[i] === 1).length / accepted.length;
      expect(p.matrix[1]![i]).toBeCloseTo(share, 12);
    }
    expect(d.numPermutations()).toBe(accepted.length);
    const set = d.permutationSet(100, 1);
    expect(set.exhaustive).toBe(true);
    expect(new Set(set.arms.map((a) => a.join()))).toEqual(new Set(accepted.map((a) => a.join())));
    // random draws (k smaller than the set) all come from the restricted procedure
    for (const a of d.permutations(3, 2)) expect(stdDiff(a, x)).toBeLessThanOrEqual(threshold);
  });

  it("estimates restricted probabilities by simulation when enumeration is too large, and says so", () => {
    const n = 40;
    const z = Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) * 3 + i / 10);
    const d = declareRa({ n, rerandomize: { covariates: { z }, criterion: "maxAbsStdDiff", threshold: 0.05 } });
    expect(Number.isNaN(d.numPermutations())).toBe(true);
    const p = d.probabilities({ draws: 400, seed: 1 });
    expect(p.method).toBe("simulated");
    expect(p.draws).toBe(400);
    expect(p.maxStdError!).toBeGreaterThan(0);
    expect(p.maxStdError!).toBeLessThan(0.03);
    for (let i = 0; i < n; i++) expect(p.matrix[0]![i]! + p.matrix[1]![i]!).toBeCloseTo(1, 12);
    const set = d.permutationSet(5, 3);
    expect(set.exhaustive).toBe(false);
    expect(set.probabilities).toBeNull();
  });

  it("reads covariates from data columns", () => {
    const data = x.map((v, i) => ({ id: `u${i}`, x: v }));
    const a = declareRa({ data, id: "id", rerandomize: { covariates: ["x"], criterion: "maxAbsStdDiff", threshold: 0.4 } }).conduct(5);
    expect(a.rerandomization!.value).toBeLessThanOrEqual(0.4);
  });
});

describe("re-randomization covariates given as { name: values }", () => {
  it("keeps a covariate named __proto__ (zod's record would drop it) and checks its values", () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8];
    const viaRecord = completeRa({ n: 8, seed: 1, rerandomize: { covariates: JSON.parse('{"__proto__":[1,2,3,4,5,6,7,8]}'), criterion: "maxAbsStdDiff", threshold: 0.5 } });
    const viaData = completeRa({ data: { x }, seed: 1, rerandomize: { covariates: ["x"], criterion: "maxAbsStdDiff", threshold: 0.5 } });
    expect(viaRecord.rerandomization).toEqual(viaData.rerandomization);
    expect(Array.from(viaRecord.arm)).toEqual(Array.from(viaData.arm));
    expect(() => completeRa({ n: 8, seed: 1, rerandomize: { covariates: JSON.parse('{"__proto__": 5}'), criterion: "maxAbsStdDiff", threshold: 0.5 } })).toThrow(
      expect.objectContaining({ code: "INVALID_OPTION", message: expect.stringContaining("`rerandomize.covariates.__proto__` must be an array of numbers; got 5") }),
    );
  });
});

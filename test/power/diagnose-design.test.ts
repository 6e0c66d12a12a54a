import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { declareRa } from "../../src/assign/declare-ra.js";
import { EnsayoError } from "../../src/errors.js";
import { diagnoseDesignParallel } from "../../src/node/diagnose-parallel.js";
import { diagnoseDesign, type DiagnoseDesignResult } from "../../src/power/diagnose-design.js";
import { planTrial } from "../../src/power/plan-trial.js";
import { clusterSpec, J, M, RHO, TAU } from "./fixtures/cluster-spec.js";

const get = (r: DiagnoseDesignResult, name: string) => r.diagnosands.find((d) => d.diagnosand === name)!;
function err(f: () => unknown): EnsayoError {
  try {
    f();
  } catch (e) {
    if (e instanceof EnsayoError) return e;
    throw e;
  }
  throw new Error("expected an EnsayoError");
}

describe("diagnoseDesign", () => {
  const sims = 800;
  const one = diagnoseDesign({ ...clusterSpec(), sims, seed: 2026 });

  it("simulated power of a cluster trial agrees with planTrial's analytic power within Monte Carlo error", () => {
    const analytic = planTrial({ solveFor: "power", design: "cluster", nClusters: J, clusterSize: M, icc: RHO, effect: TAU }).power;
    const p = get(one, "power");
    expect(p.stdError).toBeGreaterThan(0);
    // 3.5 Monte Carlo SEs, plus 0.02 for the CR2/Bell-McCaffrey test versus the formula's t with J - 2 df
    expect(Math.abs(p.estimate - analytic)).toBeLessThan(3.5 * p.stdError + 0.02);
  });
  it("is unbiased for the sample average effect, covers it at about 95%, and its mean SE is near the SD of estimates", () => {
    expect(get(one, "meanEstimand").estimate).toBeCloseTo(TAU, 12); // constant effect, shared noise: the SATE is TAU exactly
    const b = get(one, "bias");
    expect(Math.abs(b.estimate)).toBeLessThan(4 * b.stdError);
    const c = get(one, "coverage");
    expect(Math.abs(c.estimate - 0.95)).toBeLessThan(4 * Math.sqrt((0.95 * 0.05) / sims));
    expect(Math.abs(get(one, "meanSe").estimate / get(one, "sdEstimate").estimate - 1)).toBeLessThan(0.12);
    expect(get(one, "failureRate").estimate).toBe(0);
    expect(one.failed).toBe(0);
  });
  it("rmse^2 = bias^2 + variance (population form) up to rounding", () => {
    const rmse = get(one, "rmse").estimate;
    const bias = get(one, "bias").estimate;
    const sd = get(one, "sdEstimate").estimate;
    expect(rmse * rmse).toBeCloseTo(bias * bias + (sd * sd * (sims - 1)) / sims, 12);
  });
  it("is reproducible from the seed and changes with it", () => {
    const again = diagnoseDesign({ ...clusterSpec(), sims: 30, seed: 2026 });
    const first30 = diagnoseDesign({ ...clusterSpec(), sims: 30, seed: 2026 });
    expect(again).toEqual(first30);
    expect(diagnoseDesign({ ...clusterSpec(), sims: 30, seed: 2027 }).diagnosands).not.toEqual(first30.diagnosands);
  });
  it("reports progress and ends at the total", () => {
    const calls: number[] = [];
    diagnoseDesign({ ...clusterSpec(), sims: 20, seed: 1, onProgress: (d, t) => { expect(t).toBe(20); calls.push(d); } });
    expect(calls.at(-1)).toBe(20);
    expect(calls.length).toBeGreaterThanOrEqual(2);
  });
  it("counts failed runs of a custom estimator, with their share and Monte Carlo SE", () => {
    let k = 0;
    const r = diagnoseDesign({
      ...clusterSpec(),
      sims: 40,
      seed: 3,
      estimator: (d) => {
        if (k++ % 4 === 0) throw new Error("did not converge");
        let s1 = 0, n1 = 0, s0 = 0, n0 = 0;
        for (let i = 0; i < d.outcome.length; i++) {
          if (d.arm[i] === d.treated) { s1 += d.outcome[i]!; n1++; } else { s0 += d.outcome[i]!; n0++; }
        }
        const est = s1 / n1 - s0 / n0;
        return { estimate: est, stdError: 0.1, pValue: 0.5, confLow: est - 1, confHigh: est + 1 };
      },
    });
    expect(r.failed).toBe(10);
    expect(get(r, "failureRate").estimate).toBe(0.25);
    expect(get(r, "failureRate").stdError).toBeCloseTo(Math.sqrt((0.25 * 0.75) / 40), 14);
    expect(get(r, "power").estimate).toBe(0);
    expect(get(r, "coverage").estimate).toBe(1);
    expect(r.warnings[0]).toMatch(/did not converge/);
  });
  it("refuses a design on other units, a missing column, an unknown condition and non-finite outcomes", () => {
    const spec = clusterSpec();
    expect(err(() => diagnoseDesign({ ...spec, design: declareRa({ n: 10, prob: 0.5 }), sims: 5, seed: 1 })).code).toBe("LENGTH_MISMATCH");
    expect(err(() => diagnoseDesign({ ...spec, clusters: "oficina", sims: 5, seed: 1 })).code).toBe("MISSING_COLUMN");
    expect(err(() => diagnoseDesign({ ...spec, treated: "treated", sims: 5, seed: 1 })).code).toBe("CONDITION_NOT_FOUND");
    expect(err(() => diagnoseDesign({ ...spec, potentialOutcomes: () => NaN, sims: 5, seed: 1 })).message).toMatch(/potentialOutcomes returned NaN/);
    expect(err(() => diagnoseDesign({ ...spec, sims: 0, seed: 1 })).code).toBe("INVALID_OPTION");
    expect(err(() => diagnoseDesign({ ...spec, potentialOutcomes: 3 as never, seed: 1 })).code).toBe("INVALID_OPTION");
  });
});

describe("diagnoseDesign with several arms and shared noise", () => {
  it("compares the chosen pair of arms of a three-arm design; each unit's noise is the same under every condition", () => {
    const n = 90;
    const units = { g: Array.from({ length: n }, (_, i) => i % 3) };
    const design = declareRa({ n, conditions: ["control", "a", "b"] });
    const seen = new Map<string, number[]>();
    const r = diagnoseDesign({
      units,
      design,
      control: "control",
      treated: "b",
      sims: 25,
      seed: "arms",
      potentialOutcomes: (_u, z, rng, i) => {
        // a different number of draws per condition: the replayed stream must still line up
        const noise = rng.normal() + (z === "a" ? rng.next() * 0 + rng.int(5) * 0 : 0);
        const key = `${rng.seed}/${i}`;
        (seen.get(key) ?? seen.set(key, []).get(key)!).push(noise);
        return noise + (z === "b" ? 2 : z === "a" ? 1 : 0);
      },
    });
    expect(r.control).toBe("control");
    expect(r.treated).toBe("b");
    expect(get(r, "meanEstimand").estimate).toBeCloseTo(2, 12);
    for (const draws of seen.values()) {
      expect(draws).toHaveLength(3);
      expect(draws[1]).toBe(draws[0]);
      expect(draws[2]).toBe(draws[0]);
    }
    expect(Math.abs(get(r, "bias").estimate)).toBeLessThan(4 * get(r, "bias").stdError + 1e-12);
  });
});

describe("diagnoseDesignParallel", () => {
  it("gives results identical to one thread with 2 workers, and reports progress", async () => {
    const module = fileURLToPath(new URL("./fixtures/cluster-spec.ts", import.meta.url));
    const single = diagnoseDesign({ ...clusterSpec(), sims: 61, seed: "par" });
    const seen: number[] = [];
    const par = await diagnoseDesignParallel({ spec: { module, export: "clusterSpec" }, sims: 61, seed: "par", workers: 2, onProgress: (d) => seen.push(d) });
    expect(par).toEqual(single);
    expect(seen.at(-1)).toBe(61);
    const inThread = await diagnoseDesignParallel({ spec: { module }, sims: 61, seed: "par", workers: 1 });
    expect(inThread).toEqual(single);
    // an error inside the workers comes back with its code
    await expect(diagnoseDesignParallel({ spec: { module, export: "mismatchedSpec" }, sims: 4, seed: 1, workers: 2 })).rejects.toMatchObject({ code: "LENGTH_MISMATCH" });
  });
  it("INVALID_OPTION for a module without the named export, or one that cannot be imported", async () => {
    const module = fileURLToPath(new URL("./fixtures/cluster-spec.ts", import.meta.url));
    await expect(diagnoseDesignParallel({ spec: { module, export: "nope" }, sims: 4, seed: 1, workers: 1 })).rejects.toMatchObject({ code: "INVALID_OPTION" });
    await expect(diagnoseDesignParallel({ spec: { module: module + ".missing.ts" }, sims: 4, seed: 1, workers: 1 })).rejects.toMatchObject({ code: "INVALID_OPTION" });
  });
});

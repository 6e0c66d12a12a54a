import { describe, expect, it } from "vitest";
import { declareRa } from "../../src/assign/declare-ra.js";
import { differenceInMeans } from "../../src/estimators/difference-in-means.js";
import { horvitzThompson } from "../../src/estimators/horvitz-thompson.js";
import type { TwoArmEstimate } from "../../src/estimators/types.js";
import { errorCode as code } from "../helpers/errors.js";


const y = [3, 5, 2, 8, 6, 4, 7, 9, 1, 5, 6, 2];
const z = [1, 0, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0];

describe("horvitzThompson", () => {
  it("under simple assignment weights each unit by 1/π and uses Young's bound √Σ(y/π)²/N", () => {
    const r = horvitzThompson({ y, z }, { outcome: "y", treatment: "z", treatedProbabilities: 0.4 });
    let t = 0;
    let c = 0;
    let ss = 0;
    y.forEach((v, i) => {
      if (z[i]) {
        t += v / 0.4;
        ss += (v / 0.4) ** 2;
      } else {
        c += v / 0.6;
        ss += (v / 0.6) ** 2;
      }
    });
    const row = r.coefficients[0]!;
    expect(row.estimate).toBeCloseTo((t - c) / 12, 12);
    expect(row.stdError).toBeCloseTo(Math.sqrt(ss) / 12, 12);
    expect(row.df).toBe(Infinity);
    expect(r.assignment).toBe("simple");
  });

  it("reads each unit's probability of its own condition (conditionProbabilities) as estimatr's condition_prs", () => {
    const p2 = y.map((_, i) => 0.3 + 0.05 * (i % 3));
    const own = p2.map((p, i) => (z[i] ? p : 1 - p));
    const a = horvitzThompson({ y, z, p2 }, { outcome: "y", treatment: "z", treatedProbabilities: "p2" });
    const b = horvitzThompson({ y, z }, { outcome: "y", treatment: "z", conditionProbabilities: own });
    expect(b.coefficients[0]!.estimate).toBeCloseTo(a.coefficients[0]!.estimate, 12);
    expect(b.coefficients[0]!.stdError).toBeCloseTo(a.coefficients[0]!.stdError, 12);
  });

  it("takes a complete design from declareRa and equals the probabilities-plus-simpleDesign form", () => {
    const design = declareRa({ n: 12, m: 6 });
    const viaDesign = horvitzThompson({ y, z }, { outcome: "y", treatment: "z", design });
    const viaCols = horvitzThompson({ y, z }, { outcome: "y", treatment: "z", treatedProbabilities: 0.5, simpleDesign: false });
    expect(viaDesign.assignment).toBe("complete");
    expect(viaDesign.coefficients[0]!.estimate).toBeCloseTo(viaCols.coefficients[0]!.estimate, 12);
    expect(viaDesign.coefficients[0]!.stdError).toBeCloseTo(viaCols.coefficients[0]!.stdError, 12);
    // the complete-design variance is smaller than the simple-design (Bernoulli) bound here
    const simple = horvitzThompson({ y, z }, { outcome: "y", treatment: "z", treatedProbabilities: 0.5 });
    expect(viaDesign.coefficients[0]!.stdError).not.toBeCloseTo(simple.coefficients[0]!.stdError, 6);
  });

  it("takes blocked and clustered designs from declareRa", () => {
    const blocks = ["a", "a", "a", "a", "b", "b", "b", "b", "b", "b", "c", "c"];
    const zb = [1, 0, 1, 0, 1, 1, 0, 0, 1, 0, 0, 1];
    const bd = declareRa({ blocks, prob: 0.5 });
    const viaDesign = horvitzThompson({ y, z: zb }, { outcome: "y", treatment: "z", design: bd });
    const viaCols = horvitzThompson({ y, z: zb, blocks }, { outcome: "y", treatment: "z", blocks: "blocks", treatedProbabilities: 0.5 });
    expect(viaDesign.assignment).toBe("blocked");
    expect(viaDesign.nBlocks).toBe(3);
    expect(viaDesign.coefficients[0]!.stdError).toBeCloseTo(viaCols.coefficients[0]!.stdError, 12);

    const clusters = ["k1", "k1", "k2", "k2", "k3", "k3", "k4", "k4", "k5", "k5", "k6", "k6"];
    const zc = [1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1];
    const cd = declareRa({ clusters, m: 3 });
    const a = horvitzThompson({ y, z: zc }, { outcome: "y", treatment: "z", design: cd });
    const b = horvitzThompson({ y, z: zc, clusters }, { outcome: "y", treatment: "z", clusters: "clusters", treatedProbabilities: 0.5, simpleDesign: false });
    expect(a.assignment).toBe("clustered");
    expect(a.nClusters).toBe(6);
    expect(a.coefficients[0]!.estimate).toBeCloseTo(b.coefficients[0]!.estimate, 12);
    expect(a.coefficients[0]!.stdError).toBeCloseTo(b.coefficients[0]!.stdError, 12);
  });

  it("reads simple clustered designs and warns about jointly rounded blocks", () => {
    const clusters = ["k1", "k1", "k2", "k2", "k3", "k3", "k4", "k4", "k5", "k5", "k6", "k6"];
    const zc = [1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1];
    const sd = declareRa({ clusters, prob: 0.5, simple: true });
    const a = horvitzThompson({ y, z: zc }, { outcome: "y", treatment: "z", design: sd });
    const b = horvitzThompson({ y, z: zc, clusters }, { outcome: "y", treatment: "z", clusters: "clusters", treatedProbabilities: 0.5, simpleDesign: true });
    expect(a.coefficients[0]!.stdError).toBeCloseTo(b.coefficients[0]!.stdError, 12);
    const blocks = ["a", "a", "a", "b", "b", "b", "c", "c", "c", "d", "d", "d"];
    const zb = [1, 0, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0];
    const bd = declareRa({ blocks, prob: 0.5, balanceAcrossBlocks: true });
    const r = horvitzThompson({ y, z: zb }, { outcome: "y", treatment: "z", design: bd });
    expect(r.warnings.join(" ")).toMatch(/not independent/);
  });

  it("compares two arms of a simple three-arm design, dividing by all N units", () => {
    const arm = ["a", "b", "c", "a", "b", "c", "a", "b", "c", "a", "b", "c"];
    const design = declareRa({ n: 12, probEach: [0.5, 0.25, 0.25], conditions: ["a", "b", "c"], simple: true });
    const r = horvitzThompson({ y, arm }, { outcome: "y", treatment: "arm", design, control: "a", treated: "c" });
    let tc = 0;
    let ta = 0;
    arm.forEach((g, i) => {
      if (g === "c") tc += y[i]! / 0.25;
      if (g === "a") ta += y[i]! / 0.5;
    });
    expect(r.coefficients[0]!.estimate).toBeCloseTo((tc - ta) / 12, 12);
    expect(r.nObs).toBe(12);
    expect(r.coefficients[0]!.term).toBe("armc");
  });

  it("learns the probability from the data when none is given, with a warning", () => {
    const r = horvitzThompson({ y, z }, { outcome: "y", treatment: "z" });
    const same = horvitzThompson({ y, z }, { outcome: "y", treatment: "z", treatedProbabilities: 0.5 });
    expect(r.coefficients[0]!.estimate).toBeCloseTo(same.coefficients[0]!.estimate, 12);
    expect(r.warnings.join(" ")).toMatch(/not given/);
  });

  it("refuses what it cannot estimate", () => {
    const arm = ["a", "b", "c", "a", "b", "c", "a", "b", "c", "a", "b", "c"];
    const complete3 = declareRa({ n: 10, conditions: ["a", "b", "c"] });
    const arm10 = arm.slice(0, 10);
    expect(code(() => horvitzThompson({ y: y.slice(0, 10), arm: arm10 }, { outcome: "y", treatment: "arm", design: complete3, control: "a", treated: "b" }))).toBe("NOT_ESTIMABLE");
    const bl3 = ["A", "A", "A", "B", "B", "B", "A", "B", "A", "B", "A", "B"];
    expect(code(() => horvitzThompson({ y, arm, bl3 }, { outcome: "y", treatment: "arm", blocks: "bl3", control: "a", treated: "b" }))).toBe("NOT_ESTIMABLE");
    expect(code(() => horvitzThompson({ y, z }, { outcome: "y", treatment: "z", design: declareRa({ n: 12, m: 6 }), treatedProbabilities: 0.5 }))).toBe("INVALID_OPTION");
    expect(code(() => horvitzThompson({ y, z }, { outcome: "y", treatment: "z", treatedProbabilities: 1.2 }))).toBe("INVALID_OPTION");
    expect(code(() => horvitzThompson({ y, z }, { outcome: "y", treatment: "z", design: declareRa({ n: 10, m: 5 }) }))).toBe("LENGTH_MISMATCH");
    const pv = y.map((_, i) => (i < 6 ? 0.4 : 0.6));
    expect(code(() => horvitzThompson({ y, z, pv }, { outcome: "y", treatment: "z", treatedProbabilities: "pv", simpleDesign: false }))).toBe("INVALID_OPTION");
    const cl = ["a", "a", "b", "b", "c", "c", "d", "d", "e", "e", "f", "f"];
    expect(code(() => horvitzThompson({ y, z, cl }, { outcome: "y", treatment: "z", clusters: "cl", treatedProbabilities: 0.5 }))).toBe("TREATMENT_VARIES_IN_CLUSTER");
    const zc = [1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0];
    const bl = ["A", "B", "A", "A", "B", "B", "A", "A", "B", "B", "A", "A"];
    expect(code(() => horvitzThompson({ y, z: zc, cl, bl }, { outcome: "y", treatment: "z", clusters: "cl", blocks: "bl", treatedProbabilities: 0.5 }))).toBe("NONNESTED_CLUSTERS");
    expect(code(() => horvitzThompson({ y, z }, { outcome: "y", treatment: "z", treated: 3 }))).toBe("CONDITION_NOT_FOUND");
    const rr = declareRa({ n: 12, m: 6, rerandomize: { covariates: { x: y }, criterion: "maxAbsStdDiff", threshold: 0.5 } });
    expect(code(() => horvitzThompson({ y, z }, { outcome: "y", treatment: "z", design: rr }))).toBe("NOT_ESTIMABLE");
    const zt = z.map((v) => (v ? "T" : "C"));
    expect(code(() => horvitzThompson({ y, z: zt }, { outcome: "y", treatment: "z", design: declareRa({ n: 12, m: 6 }) }))).toBe("CONDITION_NOT_FOUND");
  });
});

describe("horvitzThompson: a single arm", () => {
  it("estimates one arm's HT mean and warns that it is not a difference", () => {
    const yy = [1, 2, 3, 4];
    const r = horvitzThompson({ y: yy, z: [1, 1, 1, 1] }, { outcome: "y", treatment: "z", treatedProbabilities: 0.5 });
    // Σ y/π / n = (10 / 0.5) / 4
    expect(r.coefficients[0]!.estimate).toBeCloseTo(5, 12);
    expect(r.control).toBe("");
    expect(r.warnings.some((w) => /takes a single value \('1'\)/.test(w) && /not a difference/.test(w))).toBe(true);
    const r0 = horvitzThompson({ y: yy, z: [0, 0, 0, 0] }, { outcome: "y", treatment: "z", control: 0, treatedProbabilities: 0.5 });
    expect(r0.coefficients[0]!.estimate).toBeCloseTo(-5, 12);
    expect(r0.warnings.some((w) => /takes a single value \('0'\)/.test(w) && /sign reversed/.test(w))).toBe(true);
  });
});

describe("horvitzThompson: missing values", () => {
  it("reports missing values of columns called constructor and __proto__ under their own names", () => {
    const data = JSON.parse('{"constructor":[1,2,null,4,5,6,7,8],"__proto__":[1,0,1,null,1,0,1,0]}');
    const r = horvitzThompson(data, { outcome: "constructor", treatment: "__proto__", treatedProbabilities: 0.5 });
    expect(r.nObs).toBe(6);
    const by = r.dropped.byColumn;
    expect(Object.keys(by).sort()).toEqual(["__proto__", "constructor"]);
    expect([by["__proto__"], by["constructor"]]).toEqual([1, 1]);
  });
  it("drops rows with a missing probability and reports them under the option's name", () => {
    const y = [3, 5, 2, 8, 6, 4];
    const z = [1, 0, 0, 1, 1, 0];
    const r = horvitzThompson({ y, z }, { outcome: "y", treatment: "z", conditionProbabilities: [0.5, 0.5, NaN, 0.5, 0.5, 0.5] });
    expect(r.nObs).toBe(5);
    expect(r.dropped.byColumn).toEqual({ conditionProbabilities: 1 });
  });
});

describe("horvitzThompson: multi-arm complete designs", () => {
  it("is unbiased and its variance conservative over every assignment of a 3-arm complete design (exact enumeration)", () => {
    const ya = [1, 2, 3, 4, 5, 6];
    const yb = ya.map((v, i) => v + 0.5 * i);
    const yc = ya.map((v, i) => 1.5 * v + (i % 2));
    const design = declareRa({ n: 6, mEach: [2, 2, 2], conditions: ["a", "b", "c"] });
    const ests: number[] = [];
    const vars: number[] = [];
    const arms = ["a", "b", "c"];
    const assign = new Array<string>(6);
    const rec = (i: number, left: number[]) => {
      if (i === 6) {
        const yobs = assign.map((g, u) => (g === "a" ? ya[u]! : g === "b" ? yb[u]! : yc[u]!));
        const r = horvitzThompson({ y: yobs, g: [...assign] }, { outcome: "y", treatment: "g", design, control: "a", treated: "c" });
        ests.push(r.coefficients[0]!.estimate);
        vars.push(r.coefficients[0]!.stdError ** 2);
        return;
      }
      for (let a = 0; a < 3; a++) {
        if (left[a] === 0) continue;
        assign[i] = arms[a]!;
        left[a]!--;
        rec(i + 1, left);
        left[a]!++;
      }
    };
    rec(0, [2, 2, 2]);
    expect(ests.length).toBe(90);
    const mean = (v: number[]) => v.reduce((x, y) => x + y, 0) / v.length;
    const ate = mean(yc.map((v, i) => v - ya[i]!));
    expect(mean(ests)).toBeCloseTo(ate, 12);
    const trueVar = mean(ests.map((e) => (e - ate) ** 2));
    expect(mean(vars)).toBeGreaterThanOrEqual(trueVar - 1e-12);
  });

  it("reduces to the two-arm complete variance when the design has two arms", () => {
    const y = [3, 5, 2, 8, 6, 4, 7, 9];
    const z = [1, 0, 0, 1, 1, 0, 1, 0];
    const a = horvitzThompson({ y, z }, { outcome: "y", treatment: "z", design: declareRa({ n: 8, m: 4 }) });
    const b = horvitzThompson({ y, z }, { outcome: "y", treatment: "z", treatedProbabilities: 0.5, simpleDesign: false });
    expect(a.coefficients[0]!.stdError).toBeCloseTo(b.coefficients[0]!.stdError, 12);
  });
});

describe("horvitzThompson: multi-arm blocked designs", () => {
  it("is unbiased and conservative over every assignment of a blocked 3-arm design (exact enumeration)", () => {
    const blocks = ["A", "A", "A", "B", "B", "B", "B", "B", "B"];
    const ya = [2, 4, 3, 1, 2, 3, 4, 5, 6];
    const yb = ya.map((v, i) => v + 1 + 0.3 * i);
    const yc = ya.map((v, i) => 2 * v - (i % 3));
    const design = declareRa({ blocks, blockMEach: { A: [1, 1, 1], B: [2, 2, 2] }, conditions: ["a", "b", "c"] });
    const perms = (units: number[], counts: number[]): string[][] => {
      if (units.length === 0) return [[]];
      const out: string[][] = [];
      counts.forEach((c, a) => {
        if (c === 0) return;
        const next = counts.slice();
        next[a]!--;
        for (const rest of perms(units.slice(1), next)) out.push([["a", "b", "c"][a]!, ...rest]);
      });
      return out;
    };
    const pa = perms([0, 1, 2], [1, 1, 1]);
    const pb = perms([3, 4, 5, 6, 7, 8], [2, 2, 2]);
    const ests: number[] = [];
    const vars: number[] = [];
    for (const x of pa)
      for (const w of pb) {
        const g = [...x, ...w];
        const y = g.map((arm, u) => (arm === "a" ? ya[u]! : arm === "b" ? yb[u]! : yc[u]!));
        const r = horvitzThompson({ y, g }, { outcome: "y", treatment: "g", design, control: "a", treated: "c" });
        ests.push(r.coefficients[0]!.estimate);
        vars.push(r.coefficients[0]!.stdError ** 2);
      }
    expect(ests.length).toBe(6 * 90);
    const mean = (v: number[]) => v.reduce((s, t) => s + t, 0) / v.length;
    const ate = mean(yc.map((v, i) => v - ya[i]!));
    expect(mean(ests)).toBeCloseTo(ate, 12);
    const trueVar = mean(ests.map((e) => (e - ate) ** 2));
    expect(mean(vars)).toBeGreaterThanOrEqual(trueVar - 1e-12);
  });
});

describe("horvitzThompson and differenceInMeans share their two-arm result fields", () => {
  it("both results are TwoArmEstimate values with the same conditions, outcome and sample", () => {
    const both: TwoArmEstimate[] = [
      differenceInMeans({ y, z }, { outcome: "y", treatment: "z" }),
      horvitzThompson({ y, z }, { outcome: "y", treatment: "z", treatedProbabilities: 0.5 }),
    ];
    const keys = ["outcome", "coefficients", "nObs", "control", "treated", "alpha", "dropped", "warnings"];
    for (const r of both) for (const k of keys) expect(r).toHaveProperty(k);
    expect(both.map((r) => [r.outcome, r.control, r.treated, r.nObs, r.alpha])).toEqual([
      ["y", "0", "1", 12, 0.05],
      ["y", "0", "1", 12, 0.05],
    ]);
  });
});

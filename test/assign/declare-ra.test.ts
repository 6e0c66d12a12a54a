/** declareRa: design types, conditions, probabilities, permutation counts, wrappers and output helpers. */
import { describe, expect, it } from "vitest";
import * as ensayo from "../../src/index.js";
import { assignmentRows } from "../../src/assign/assignment-rows.js";
import { assignmentSummary } from "../../src/assign/assignment-summary.js";
import { blockAndClusterRa } from "../../src/assign/block-and-cluster-ra.js";
import { blockRa } from "../../src/assign/block-ra.js";
import { clusterRa } from "../../src/assign/cluster-ra.js";
import { completeRa } from "../../src/assign/complete-ra.js";
import { conditionProbabilities } from "../../src/assign/condition-probabilities.js";
import { declareRa } from "../../src/assign/declare-ra.js";
import { simpleRa } from "../../src/assign/simple-ra.js";

const choose = (n: number, k: number): number => { let r = 1; for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i; return Math.round(r); };

describe("declareRa", () => {
  it("names design types as randomizr does", () => {
    expect(declareRa({ n: 4 }).type).toBe("complete");
    expect(declareRa({ n: 4, simple: true }).type).toBe("simple");
    expect(declareRa({ blocks: ["a", "b"] }).type).toBe("blocked");
    expect(declareRa({ clusters: ["a", "b"] }).type).toBe("clustered");
    expect(declareRa({ blocks: ["a", "b"], clusters: ["a", "b"] }).type).toBe("blocked_and_clustered");
    const c = declareRa({ clusters: ["a", "b"], simple: true });
    expect([c.type, c.simple, c.balanceAcrossBlocks, c.restricted]).toEqual(["clustered", true, false, false]);
    expect(declareRa({ blocks: ["a", "b"], balanceAcrossBlocks: true }).balanceAcrossBlocks).toBe(true);
  });
  it("uses randomizr's default conditions: 0/1 for two arms, T1..Tk beyond", () => {
    expect(declareRa({ n: 4 }).conditions).toEqual([0, 1]);
    expect(declareRa({ n: 4, numArms: 3 }).conditions).toEqual(["T1", "T2", "T3"]);
    expect(declareRa({ n: 4, probEach: [0.25, 0.25, 0.25, 0.25] }).conditions).toEqual(["T1", "T2", "T3", "T4"]);
  });
  it("treats a phase-in cohort as just another arm", () => {
    const d = declareRa({ n: 9, conditions: ["cohorte 2026", "cohorte 2027", "cohorte 2028"] });
    const a = d.conduct("phase-in");
    expect(a.counts).toEqual([3, 3, 3]);
    expect(new Set(a.condition)).toEqual(new Set(["cohorte 2026", "cohorte 2027", "cohorte 2028"]));
  });
  it("reads ids, blocks and clusters from data columns", () => {
    const data = { id: [1, 2, 3, 4], region: ["x", "x", "y", "y"], office: ["a", "a", "b", "c"] };
    const d = declareRa({ data, id: "id", blocks: "region", clusters: "office" });
    expect(d.type).toBe("blocked_and_clustered");
    expect(d.n).toBe(4);
    expect(d.ids).toEqual(["1", "2", "3", "4"]);
    const a = d.conduct(1);
    expect(a.arm[0]).toBe(a.arm[1]);
    expect(a.arm[2]).not.toBe(a.arm[3]);
  });
  it("gives the exact probability of each arm: blocks with different n·prob", () => {
    const d = declareRa({ blocks: ["a", "a", "a", "b", "b"], blockProbEach: { a: [0.2, 0.8], b: [0.5, 0.5] } });
    const p = d.probabilities();
    expect(Array.from(p.matrix[1]!)).toEqual([0.8, 0.8, 0.8, 0.5, 0.5]);
    expect(Array.from(p.matrix[0]!)).toEqual([0.2, 0.2, 0.2, 0.5, 0.5]);
  });
  it("gives m/N for counts and per-block counts", () => {
    const d = declareRa({ blocks: ["a", "a", "a", "b", "b"], blockM: [1, 2] });
    expect(Array.from(d.probabilities().matrix[1]!)).toEqual([1 / 3, 1 / 3, 1 / 3, 1, 1]);
    expect(d.numPermutations()).toBe(3);
  });
  it("counts permutations exactly, beyond randomizr's N ≥ 86 cut-off, and Infinity beyond 2^53", () => {
    expect(declareRa({ n: 100, m: 2 }).numPermutations()).toBe(4950);
    expect(declareRa({ n: 50, m: 25 }).numPermutations()).toBe(choose(50, 25));
    expect(declareRa({ n: 60, m: 30 }).numPermutations()).toBe(Infinity);
    expect(declareRa({ n: 20, simple: true }).numPermutations()).toBe(2 ** 20);
    expect(declareRa({ n: 4, probEach: [0.5, 0.5, 0] }).conduct(1).counts[2]).toBe(0);
    expect(declareRa({ n: 3, simple: true, probEach: [0.5, 0.5, 0] }).numPermutations()).toBe(8);
    expect(Number.isNaN(declareRa({ blocks: ["a", "b"], balanceAcrossBlocks: true }).numPermutations())).toBe(true);
  });
  it("returns every permutation when there are at most k, else k random draws", () => {
    const d = declareRa({ n: 4, m: 2 });
    const all = d.permutationSet(10, 1);
    expect(all.exhaustive).toBe(true);
    expect(all.arms).toHaveLength(6);
    for (const p of all.probabilities!) expect(p).toBeCloseTo(1 / 6, 15);
    const some = d.permutations(5, 1);
    expect(some).toHaveLength(5);
    for (const a of some) expect(a.reduce((s, v) => s + v, 0)).toBe(2);
    expect(d.permutations(5, 1)).toEqual(some);
  });
  it("conductArms equals conduct(seed).arm and reuses the buffer", () => {
    const d = declareRa({ blocks: ["a", "a", "b", "b", "b"], numArms: 3 });
    const buf = new Int32Array(5);
    const out = d.conductArms(11, buf);
    expect(out).toBe(buf);
    expect(Array.from(out)).toEqual(Array.from(d.conduct(11).arm));
  });
  it("conditionProbabilities gives each unit's probability of the arm it received", () => {
    const d = declareRa({ n: 10, prob: 0.33 });
    const a = d.conduct(3);
    const p = conditionProbabilities(d, a);
    a.arm.forEach((arm, i) => expect(p[i]).toBeCloseTo(arm === 1 ? 0.33 : 0.67, 15));
    expect(() => conditionProbabilities(d, new Int32Array(3))).toThrow(/3 units but the design has 10/);
  });
});

describe("wrappers and output helpers", () => {
  it("each wrapper equals declareRa(...).conduct(seed)", () => {
    const blocks = ["a", "a", "b", "b", "b"], clusters = ["c1", "c1", "c2", "c3", "c3"];
    expect(simpleRa({ n: 5, prob: 0.3, seed: 1 }).arm).toEqual(declareRa({ n: 5, prob: 0.3, simple: true }).conduct(1).arm);
    expect(completeRa({ n: 5, m: 2, seed: 1 }).arm).toEqual(declareRa({ n: 5, m: 2 }).conduct(1).arm);
    expect(blockRa({ blocks, seed: 1 }).arm).toEqual(declareRa({ blocks }).conduct(1).arm);
    expect(clusterRa({ clusters, seed: 1 }).arm).toEqual(declareRa({ clusters }).conduct(1).arm);
    expect(blockAndClusterRa({ blocks, clusters, seed: 1 }).arm).toEqual(declareRa({ blocks, clusters }).conduct(1).arm);
    expect(completeRa({ n: 5, m: 2, seed: 1 }).counts).toEqual([3, 2]);
  });
  it("writes the assignment as rows with the probability of the assigned arm", () => {
    const d = declareRa({ id: ["u1", "u2", "u3"], blocks: ["a", "a", "b"], prob: 0.5, conditions: ["control", "taller"] });
    const a = d.conduct(2);
    const rows = assignmentRows(d, a);
    expect(rows).toHaveLength(3);
    rows.forEach((r, i) => {
      expect(r).toMatchObject({ id: `u${i + 1}`, block: i < 2 ? "a" : "b", cluster: null, condition: a.condition[i], probability: 0.5 });
    });
  });
  it("summarizes counts by block and arm with expected counts and totals", () => {
    const d = declareRa({ blocks: ["b10", "b2", "b2", "b10", "b10"], prob: 0.5 });
    const s = assignmentSummary(d, d.conduct(4));
    expect(s.map((r) => r.block)).toEqual(["b10", "b10", "b2", "b2", "(all)", "(all)"]);
    expect(s.filter((r) => r.block === "b2").map((r) => r.count)).toEqual([1, 1]);
    expect(s.filter((r) => r.block === "(all)").map((r) => r.expected)).toEqual([2.5, 2.5]);
    const b10 = s.filter((r) => r.block === "b10");
    expect(b10[0]!.count + b10[1]!.count).toBe(3);
  });
  it("is exported from the package index", () => {
    for (const name of ["declareRa", "simpleRa", "completeRa", "blockRa", "clusterRa", "blockAndClusterRa", "conditionProbabilities",
      "verifyAssignment", "assertAssignment", "assignmentRows", "assignmentSummary"]) {
      expect(typeof (ensayo as Record<string, unknown>)[name]).toBe("function");
    }
  });
});

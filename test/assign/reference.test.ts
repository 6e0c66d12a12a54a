/**
 * ensayo against randomizr 1.0.0 (fixtures/reference/assign.json, written by fixtures/reference/assign.R).
 * Where randomizr's own draws or counts depart from the truth, the case carries `exact` and a note;
 * we then test against the exact analytic value and check that the randomizr quirk is what the note says.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { conditionProbabilities } from "../../src/assign/condition-probabilities.js";
import { declareRa, type RaOptions } from "../../src/assign/declare-ra.js";

interface Case {
  id: string;
  call: string;
  input: Record<string, unknown> & { assignment: string[] };
  expected: {
    type: string;
    conditions: string[];
    probabilitiesMatrix: number[][];
    conditionProbabilities: number[];
    numPermutations: number | "Inf";
    realized?: number[][] | number[];
    permutations?: string[][];
    permutationProbabilities?: number[];
    realizedDraws?: number;
  };
  exact: { numPermutations?: number; probEach?: number[] } | null;
  rtol: number;
  note: string | null;
}
const ref = JSON.parse(readFileSync(new URL("../../fixtures/reference/assign.json", import.meta.url), "utf8")) as { cases: Case[] };

const KEYS: Record<string, string> = {
  N: "n", prob: "prob", prob_each: "probEach", m: "m", m_each: "mEach", block_m: "blockM", block_prob: "blockProb",
  block_prob_each: "blockProbEach", num_arms: "numArms", conditions: "conditions", simple: "simple", blocks: "blocks", clusters: "clusters",
};
function options(input: Case["input"]): RaOptions {
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    if (k === "assignment") continue;
    const key = KEYS[k];
    if (!key) throw new Error(`unmapped randomizr argument ${k}`);
    o[key] = key === "probEach" || key === "mEach" || key === "blocks" || key === "clusters" || key === "conditions" ? [...(v as unknown[])] : v;
  }
  if (o.n !== undefined && (o.blocks !== undefined || o.clusters !== undefined)) delete o.n;
  return o as RaOptions;
}
const arr = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);
const close = (a: number, b: number, rtol: number) => Math.abs(a - b) <= Math.max(1e-12, rtol * Math.abs(b));

describe("declareRa against randomizr 1.0.0", () => {
  it("has at least 10 reference designs", () => expect(ref.cases.length).toBeGreaterThanOrEqual(10));
  for (const c of ref.cases) {
    describe(c.id, () => {
      const design = declareRa(options(c.input));
      it(`has randomizr's type and conditions (${c.call})`, () => {
        expect(`ra_${design.type}`).toBe(c.expected.type);
        expect(design.conditions.map(String)).toEqual(c.expected.conditions);
      });
      const exactP = c.exact?.probEach;
      const matrix = exactP
        ? exactP.map((p) => new Array<number>(design.n).fill(p))
        : c.expected.probabilitiesMatrix.map((col) => arr(col));
      it(exactP ? `gives the exact probabilities ${exactP.join("/")} where randomizr reports otherwise` : "gives randomizr's probabilities matrix", () => {
        const p = design.probabilities();
        expect(p.method).toBe("exact");
        matrix.forEach((col, j) => {
          col.forEach((v, i) => expect(close(p.matrix[j]![i]!, v, c.rtol), `arm ${j} unit ${i}: ${p.matrix[j]![i]} vs ${v}`).toBe(true));
        });
        if (exactP) expect(arr(c.expected.probabilitiesMatrix[1]!)[0]).not.toBeCloseTo(exactP[1]!, 6);
      });
      it("gives randomizr's obtain_condition_probabilities for the recorded assignment", () => {
        const labels = design.conditions.map(String);
        const arm = Int32Array.from(arr(c.input.assignment), (a) => labels.indexOf(a));
        expect(Math.min(...arm)).toBeGreaterThanOrEqual(0);
        const cp = conditionProbabilities(design, arm);
        const expected = exactP ? Array.from(arm, (a) => exactP[a]!) : arr(c.expected.conditionProbabilities);
        expected.forEach((v, i) => expect(close(cp[i]!, v, c.rtol)).toBe(true));
      });
      if (c.expected.permutations) {
        it("lists randomizr's permutation matrix with its obtain_permutation_probabilities", () => {
          const set = design.permutationSet(100_000, 1);
          expect(set.exhaustive).toBe(true);
          const labels = design.conditions.map(String);
          const ours = new Map(set.arms.map((a, s) => [Array.from(a, (x) => labels[x]).join(), set.probabilities![s]!]));
          const theirs = c.expected.permutations!.map((col) => arr(col).join());
          expect(ours.size).toBe(theirs.length);
          theirs.forEach((key, s) => {
            expect(ours.has(key), key).toBe(true);
            expect(close(ours.get(key)!, arr(c.expected.permutationProbabilities!)[s]!, c.rtol)).toBe(true);
          });
        });
      }
      if (c.exact?.numPermutations !== undefined) {
        it(`counts permutations exactly (${c.exact.numPermutations}) where randomizr says ${c.expected.numPermutations}`, () => {
          expect(design.numPermutations()).toBe(c.exact!.numPermutations);
          expect(c.expected.numPermutations).not.toBe(c.exact!.numPermutations);
          const all = design.permutationSet(1000, 1);
          if (all.exhaustive) {
            expect(all.arms.length).toBe(c.exact!.numPermutations);
            expect(new Set(all.arms.map((a) => a.join())).size).toBe(all.arms.length);
          }
        });
      } else {
        it("matches randomizr's obtain_num_permutations", () => {
          expect(design.numPermutations()).toBe(c.expected.numPermutations === "Inf" ? Infinity : c.expected.numPermutations);
        });
      }
    });
  }
});

describe("randomizr quirks recorded in the reference, and ensayo's exact behaviour", () => {
  const byId = (id: string) => ref.cases.find((c) => c.id === id)!;
  const freq = (design: ReturnType<typeof declareRa>, draws: number) => {
    const k = design.conditions.length;
    const f = Array.from({ length: k }, () => new Float64Array(design.n));
    const a = new Int32Array(design.n);
    for (let s = 0; s < draws; s++) {
      design.conductArms(`quirk-${s}`, a);
      for (let i = 0; i < a.length; i++) f[a[i]!]![i]! += 1 / draws;
    }
    return f;
  };
  it("N = 10, prob = .95: randomizr realizes .9, ensayo realizes .95", () => {
    const c = byId("complete-N10-prob095");
    const realized = c.expected.realized as number[][];
    const mean = realized[1]!.reduce((a, b) => a + b, 0) / 10;
    expect(mean).toBeCloseTo(0.9, 10); // randomizr always treats 9
    expect(c.expected.probabilitiesMatrix[1]![0]).toBeCloseTo(0.9, 12); // and says so
    const d = declareRa({ n: 10, prob: 0.95 });
    const set = d.permutationSet(100, 1);
    expect(set.exhaustive).toBe(true);
    let p10 = 0;
    set.arms.forEach((a, s) => { if (a.every((x) => x === 1)) p10 += set.probabilities![s]!; });
    expect(p10).toBeCloseTo(0.5, 12); // all ten treated with probability .5
    const f = freq(d, 20000);
    for (let i = 0; i < 10; i++) expect(Math.abs(f[1]![i]! - 0.95)).toBeLessThan(5 * Math.sqrt(0.95 * 0.05 / 20000));
  });
  it("N = 1, prob = .5: randomizr never treats, ensayo treats half the time", () => {
    const c = byId("complete-N1-prob05");
    expect(c.expected.realized).toEqual([1, 0]);
    const f = freq(declareRa({ n: 1, prob: 0.5 }), 20000);
    expect(Math.abs(f[1]![0]! - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / 20000));
  });
  it("N = 3, probEach (.5, .3, .2): randomizr drifts to about .52/.26/.22, ensayo is exact", () => {
    const c = byId("complete-N3-probeach-532");
    const realized = c.expected.realized as number[][];
    const share = realized.map((col) => col.reduce((a, b) => a + b, 0) / 3);
    expect(share[0]!).toBeGreaterThan(0.51); // randomizr's sequential remainders over-allocate arm 1
    expect(share[1]!).toBeLessThan(0.28);
    // ensayo: the exact distribution of counts gives marginals .5/.3/.2 to machine precision.
    const d = declareRa({ n: 3, probEach: [0.5, 0.3, 0.2] });
    const set = d.permutationSet(1000, 1);
    expect(set.exhaustive).toBe(true);
    const m = [0, 0, 0];
    set.arms.forEach((a, s) => { for (const x of a) m[x]! += set.probabilities![s]! / 3; });
    expect(m[0]).toBeCloseTo(0.5, 12);
    expect(m[1]).toBeCloseTo(0.3, 12);
    expect(m[2]).toBeCloseTo(0.2, 12);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maxTStepDown, minPStepDown, orientStatistic, stepDownMaxT } from "../../src/inference/step-down.js";

const sampled = { exhaustive: false, plusOne: false } as const;
const family = fc.integer({ min: 1, max: 5 }).chain((m) =>
  fc.record({
    observed: fc.array(fc.double({ min: 0, max: 4, noNaN: true }), { minLength: m, maxLength: m }),
    draws: fc.array(fc.array(fc.double({ min: 0, max: 4, noNaN: true }), { minLength: m, maxLength: m }), { minLength: 5, maxLength: 40 }),
  }));

function run(kind: "maxT" | "minP", observed: number[], draws: number[][], rule = sampled) {
  const acc = (kind === "maxT" ? maxTStepDown : minPStepDown)(Float64Array.from(observed));
  for (const d of draws) acc.add(Float64Array.from(d));
  return acc.finish(rule);
}

describe("step-down kernels", () => {
  it("orient statistics so that larger is more extreme", () => {
    expect([orientStatistic(-2, "two-sided"), orientStatistic(-2, "greater"), orientStatistic(-2, "less")]).toEqual([2, -2, 2]);
  });

  for (const kind of ["maxT", "minP"] as const) {
    it(`${kind}: adjusted p-values are at least the raw ones and rise along the step-down order`, () => {
      fc.assert(fc.property(family, ({ observed, draws }) => {
        const r = run(kind, observed, draws);
        const atLeastRaw = Array.from(r.adjusted).every((a, h) => a >= r.raw[h]! - 1e-15);
        const ordered = Array.from(r.order).every((h, j) => j === 0 || r.adjusted[h]! >= r.adjusted[r.order[j - 1]!]!);
        return atLeastRaw && ordered;
      }));
    });

    it(`${kind}: with one hypothesis the adjusted p-value is its own randomization p-value`, () => {
      fc.assert(fc.property(family, ({ observed, draws }) => {
        const r = run(kind, observed.slice(0, 1), draws.map((d) => d.slice(0, 1)));
        return r.adjusted[0] === r.raw[0];
      }));
    });
  }

  it("maxT: identical outcomes are not penalized (the max over copies is the copy)", () => {
    const draws = [[0.2], [1.4], [2.5], [0.9], [3.1]];
    const one = run("maxT", [1.5], draws);
    const three = run("maxT", [1.5, 1.5, 1.5], draws.map((d) => [d[0]!, d[0]!, d[0]!]));
    expect(Array.from(three.adjusted)).toEqual([one.raw[0], one.raw[0], one.raw[0]]);
  });

  it("counts a null statistic equal to the observed one as extreme, whatever the rounding (ri2's tolerance)", () => {
    const r = run("maxT", [0.1 + 0.2], [[0.3], [0.29]]);
    expect(r.raw[0]).toBe(0.5);
  });

  it("leaves out, for every hypothesis, a draw where any statistic is NaN, and counts it", () => {
    const r = run("maxT", [1, 1], [[2, NaN], [0, 0], [2, 2]]);
    expect(r.nDraws).toBe(2);
    expect(r.nDrawsWithNaN).toBe(1);
    expect(Array.from(r.raw)).toEqual([0.5, 0.5]);
    const m = run("minP", [1, 1], [[2, NaN], [0, 0], [2, 2]]);
    expect(m.nDrawsWithNaN).toBe(1);
  });

  it("uses the weights as probabilities when the draws are exhaustive, and (count + 1)/(B + 1) when asked", () => {
    const draws = [[0.5], [2], [3]].map((d) => Float64Array.from(d));
    expect(stepDownMaxT(Float64Array.of(1.5), draws, { exhaustive: true, plusOne: false }, [0.5, 0.25, 0.25]).adjusted[0]).toBe(0.5);
    expect(stepDownMaxT(Float64Array.of(1.5), draws, { exhaustive: false, plusOne: true }).adjusted[0]).toBe(0.75);
  });
});

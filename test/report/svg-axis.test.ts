import { describe, expect, it } from "vitest";
import { decimalsOf, histogramBins, niceStepAtLeast, niceStepNearest, tickLabel, ticksBetween } from "../../src/report/svg-axis.js";

describe("svg-axis: what every chart draws alike", () => {
  it("rounds a step up to 1, 2, 2.5, 5 or 10 × 10^k, or to the nearest 1, 2 or 5 × 10^k", () => {
    expect([0.23, 2.4, 31, 0.09].map(niceStepAtLeast)).toEqual([0.25, 2.5, 50, 0.1]);
    expect([0.23, 2.4, 31, 0.09].map(niceStepNearest)).toEqual([0.2, 2, 20, 0.1]);
  });

  it("writes ticks as k × step, so a tenth step reaches 0.1 and 0.3 without drift, and zero as 0", () => {
    const ticks = ticksBetween(-0.3, 0.3, 0.1);
    expect(ticks).toHaveLength(7);
    expect(ticks[3]).toBe(0);
    expect(ticks[4]).toBe(0.1);
    expect(ticksBetween(0.05, 0.95, 0.25)).toEqual([0.25, 0.5, 0.75]);
  });

  it("labels every tick of an axis with the step's decimals in the reader's format (es-PY in Spanish)", () => {
    expect(decimalsOf(2.5)).toBe(1);
    expect(ticksBetween(-5, 5, 2.5).map((v) => tickLabel(v, 2.5, "es"))).toEqual(["−5,0", "−2,5", "0,0", "2,5", "5,0"]);
    expect(tickLabel(1002.5, 2.5, "en")).toBe("1,002.5");
    expect(tickLabel(1000, 500, "es")).toBe("1.000");
  });

  it("bins weighted values, clamps the ends, leaves non-finite values out and counts the extreme mass apart", () => {
    const h = histogramBins([0, 0.4, 0.6, 1, NaN, -1], [1, 2, 3, 4, 5, 6], 0, 1, 2, (v) => v >= 0.6);
    expect(Array.from(h.mass)).toEqual([9, 7]);
    expect(Array.from(h.extremeMass)).toEqual([0, 7]);
    expect(h.total).toBe(16);
    expect(h.width).toBe(0.5);
  });
});

// ±Infinity in a used column is stored as missing by the table; every estimator must say so and count it
// (issue #10 item 2): a returned number must never have quietly ignored a row.
import { describe, expect, it } from "vitest";
import { differenceInMeans } from "../../src/estimators/difference-in-means.js";
import { horvitzThompson } from "../../src/estimators/horvitz-thompson.js";
import { ivRobust } from "../../src/estimators/iv-robust.js";
import { lmLin } from "../../src/estimators/lm-lin.js";
import { lmRobust } from "../../src/estimators/lm-robust.js";
import { waldTest } from "../../src/estimators/wald-test.js";

const base = {
  y: [1, 2, 3, 4, 5, 6, 7, 8, 2.5, 6.5, 3.5, 7.5],
  t: [0, 0, 0, 0, 1, 1, 1, 1, 0, 1, 0, 1],
  x: [0.3, -1.2, 0.8, 1.5, -0.4, 0.9, -0.7, 0.1, 1.1, -1.3, 0.5, 0.2],
  zi: [0, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0],
  w: [1, 1, 2, 1, 1, 2, 1, 1, 1.5, 1, 1, 2],
  p: Array.from({ length: 12 }, () => 0.5),
};
function withValue<K extends keyof typeof base>(col: K, row: number, value: number) {
  const out = { ...base, [col]: [...base[col]] };
  out[col][row] = value;
  return out;
}
const infiniteWarning = (warnings: readonly string[], col: string) => warnings.some((w) => w.includes(`'${col}'`) && /infinite/i.test(w));

describe("±Infinity in a used column is warned about and counted, never dropped silently", () => {
  it("differenceInMeans: the issue's example (Inf in the outcome) warns and counts the row in `dropped.infinite`", () => {
    const r = differenceInMeans({ y: [1, 2, 3, Infinity, 5, 6, 7, 8], t: [0, 0, 0, 0, 1, 1, 1, 1] }, { outcome: "y", treatment: "t" });
    expect(r.nObs).toBe(7);
    expect(infiniteWarning(r.warnings, "y")).toBe(true);
    expect(r.dropped.total).toBe(1);
    expect(r.dropped.infinite).toEqual({ y: 1 });
  });
  it("differenceInMeans: an infinite weight is reported as infinite, not as missing", () => {
    const r = differenceInMeans(withValue("w", 2, Infinity), { outcome: "y", treatment: "t", weights: "w" });
    expect(infiniteWarning(r.warnings, "w")).toBe(true);
    expect(r.warnings.some((w) => /missing 'w'/.test(w))).toBe(false);
    expect(r.dropped.infinite).toEqual({ w: 1 });
  });
  it("differenceInMeans: a NaN weight is dropped with a warning, as lmRobust and estimatr do", () => {
    const r = differenceInMeans(withValue("w", 2, NaN), { outcome: "y", treatment: "t", weights: "w" });
    expect(r.nObs).toBe(11);
    expect(r.warnings.some((w) => /missing 'w'/.test(w))).toBe(true);
    expect(r.dropped.infinite).toBeUndefined();
  });
  it("lmRobust: −Infinity in the outcome and in a covariate warns, naming each column", () => {
    const a = lmRobust(withValue("y", 0, -Infinity), "y ~ t + x");
    expect(infiniteWarning(a.warnings, "y")).toBe(true);
    expect(a.dropped.infinite).toEqual({ y: 1 });
    const b = lmRobust(withValue("x", 5, Infinity), "y ~ t + x");
    expect(infiniteWarning(b.warnings, "x")).toBe(true);
    expect(b.nObs).toBe(11);
  });
  it("lmRobust: an infinite weight is reported as infinite, not as missing", () => {
    const r = lmRobust(withValue("w", 3, Infinity), "y ~ t", { weights: "w" });
    expect(infiniteWarning(r.warnings, "w")).toBe(true);
    expect(r.warnings.some((w) => /missing 'w'/.test(w))).toBe(false);
  });
  it("lmLin: Infinity in a covariate warns", () => {
    const r = lmLin(withValue("x", 1, Infinity), { outcome: "y", treatment: "t", covariates: "x" });
    expect(infiniteWarning(r.warnings, "x")).toBe(true);
    expect(r.dropped.infinite).toEqual({ x: 1 });
  });
  it("ivRobust: Infinity in an instrument warns", () => {
    const r = ivRobust(withValue("zi", 4, Infinity), "y ~ t + x | zi + x");
    expect(infiniteWarning(r.warnings, "zi")).toBe(true);
    expect(r.dropped.infinite).toEqual({ zi: 1 });
  });
  it("horvitzThompson: Infinity in the outcome or the probabilities warns", () => {
    const a = horvitzThompson(withValue("y", 7, Infinity), { outcome: "y", treatment: "t", treatedProbabilities: "p" });
    expect(infiniteWarning(a.warnings, "y")).toBe(true);
    const b = horvitzThompson(withValue("p", 7, Infinity), { outcome: "y", treatment: "t", treatedProbabilities: "p" });
    expect(infiniteWarning(b.warnings, "p")).toBe(true);
  });
  it("waldTest carries the fit's warnings, so a test on a fit that dropped infinite rows says so", () => {
    const fit = lmRobust(withValue("x", 5, Infinity), "y ~ t + x");
    const w = waldTest(fit, ["t", "x"]);
    expect(infiniteWarning(w.warnings, "x")).toBe(true);
  });
  it('with `na: "error"` an infinite value is refused as infinite, naming the row', () => {
    expect(() => lmRobust(withValue("y", 2, Infinity), "y ~ t", { na: "error" })).toThrow(/infinite/i);
    expect(() => differenceInMeans(withValue("y", 2, Infinity), { outcome: "y", treatment: "t", na: "error" })).toThrow(/infinite/i);
  });
});

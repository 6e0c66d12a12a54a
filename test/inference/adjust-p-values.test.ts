import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { adjustPValues, P_ADJUST_METHODS } from "../../src/inference/adjust-p-values.js";
import { errorCode, thrownEnsayo } from "../helpers/errors.js";

const pValue = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, 0.05, 0.01));
const pVector = fc.array(pValue, { minLength: 1, maxLength: 25 });

describe("adjustPValues", () => {
  it("refuses a p-value outside [0, 1] with INVALID_DATA naming its position", () => {
    const e = thrownEnsayo(() => adjustPValues([0.2, 1.5, 0.1]));
    expect(e.code).toBe("INVALID_DATA");
    expect(e.message).toContain("p-value 2");
    expect(e.value).toBe(1.5);
    expect(errorCode(() => adjustPValues([-0.01]))).toBe("INVALID_DATA");
    expect(errorCode(() => adjustPValues([Infinity]))).toBe("INVALID_DATA");
    expect(errorCode(() => adjustPValues(["0.1" as unknown as number]))).toBe("INVALID_DATA");
  });

  it("refuses n below the number of non-missing p-values, as R's stopifnot(n >= lp)", () => {
    expect(errorCode(() => adjustPValues([0.1, 0.2, null], { n: 1 }))).toBe("INVALID_OPTION");
    expect(adjustPValues([0.1, 0.2, null], { n: 2 }).n).toBe(2);
  });

  it("refuses unknown methods and unknown options", () => {
    expect(errorCode(() => adjustPValues([0.1], { method: "sidak" as never }))).toBe("INVALID_OPTION");
    expect(errorCode(() => adjustPValues([0.1], { alpha: 0.05 } as never))).toBe("INVALID_OPTION");
    expect(errorCode(() => adjustPValues([0.1], { n: 2.5 }))).toBe("INVALID_OPTION");
  });

  it("passes missing values (null, undefined, NaN) through as null and leaves them out of n", () => {
    const r = adjustPValues([0.01, null, undefined, NaN, 0.02], { method: "bonferroni" });
    expect(r.adjusted).toEqual([0.02, null, null, null, 0.04]);
    expect(r.n).toBe(2);
    expect(r.nMissing).toBe(3);
  });

  it("reports fdr as BH and gives the same values", () => {
    const p = [0.01, 0.02, 0.03, 0.5];
    const fdr = adjustPValues(p, { method: "fdr" });
    expect(fdr.method).toBe("BH");
    expect(fdr.adjusted).toEqual(adjustPValues(p, { method: "BH" }).adjusted);
  });

  it("does not change the caller's array, and its result survives structuredClone and JSON", () => {
    const p = [0.03, null, 0.01];
    const r = adjustPValues(p, { method: "sharpened" });
    expect(p).toEqual([0.03, null, 0.01]);
    expect(structuredClone(r)).toEqual(r);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(r.qGrid).toEqual({ from: 0.001, to: 1, step: 0.001 });
  });

  it("never lowers a p-value and never exceeds 1, for every p.adjust method", () => {
    fc.assert(fc.property(pVector, fc.constantFrom(...P_ADJUST_METHODS.filter((m) => m !== "sharpened")), (p, method) => {
      const r = adjustPValues(p, { method });
      return r.adjusted.every((a, i) => a !== null && a >= p[i]! - 1e-15 && a <= 1);
    }));
  });

  it("orders the FWER methods as their definitions imply: hommel ≤ hochberg ≤ holm ≤ bonferroni, and BH ≤ BY", () => {
    fc.assert(fc.property(pVector, (p) => {
      const get = (method: (typeof P_ADJUST_METHODS)[number]) => adjustPValues(p, { method }).adjusted as number[];
      const [hom, hoc, hol, bon, bh, by] = (["hommel", "hochberg", "holm", "bonferroni", "BH", "BY"] as const).map(get);
      const tol = 1e-12;
      return p.every((_, i) => hom![i]! <= hoc![i]! + tol && hoc![i]! <= hol![i]! + tol && hol![i]! <= bon![i]! + tol && bh![i]! <= by![i]! + tol);
    }));
  });

  it("gives sharpened q-values that may fall below p: stage 2 raises the level by m/m0 when stage 1 rejects", () => {
    // p = 0 is rejected at every q, so m0 = 1 and the second p is tested at 2q/(1 + q): rejected from q = 0.026
    expect(adjustPValues([0.05, 0], { method: "sharpened" }).adjusted).toEqual([0.026, 0.001]);
  });

  it("gives sharpened q-values on the 0.001 grid that rise with p", () => {
    fc.assert(fc.property(pVector, (p) => {
      const q = adjustPValues(p, { method: "sharpened" }).adjusted as number[];
      const onGrid = q.every((v) => Math.abs(v * 1000 - Math.round(v * 1000)) < 1e-9 && v >= 0.001);
      const rising = p.every((pi, i) => p.every((pj, j) => !(pi < pj) || q[i]! <= q[j]!));
      return onGrid && rising;
    }));
  });
});

import { describe, expect, it } from "vitest";
import { fitLm } from "../../src/estimators/linear-fit.js";
import { lmFitInput } from "../../src/estimators/lm-robust.js";
import { repeatedWald } from "../../src/estimators/repeated-wald.js";
import { waldTest } from "../../src/estimators/wald-test.js";
import { createRng } from "../../src/internal/rng.js";
import { errorCode } from "../helpers/errors.js";

/** Units in J clusters (cluster codes shuffled, so rows are not in cluster order), two factors, three covariates. */
function data(n: number, J: number, seed: number) {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => {
    const g = rng.int(J);
    return { y: rng.normal(), t: g % 2, x1: rng.normal(), x2: 30 + 10 * rng.normal(), x3: rng.next() < 0.3 ? 1 : 0, g: `c${g}`, b: `b${g % 4}`, f: `f${rng.int(3)}` };
  });
}

const designs: [string, string, Record<string, unknown>][] = [
  ["classical", "t ~ x1 + x2 + x3", { seType: "classical" }],
  ["HC0", "t ~ x1 + x2 + x3", { seType: "HC0" }],
  ["HC1", "t ~ x1 + x2 + x3", { seType: "HC1" }],
  ["HC2", "t ~ x1 + x2 + x3", {}],
  ["HC3 with fixed effects", "t ~ x1 + x2 + x3", { seType: "HC3", fixedEffects: "f" }],
  ["CR0", "t ~ x1 + x2 + x3", { clusters: "g", seType: "CR0" }],
  ["stata", "t ~ x1 + x2 + x3", { clusters: "g", seType: "stata" }],
  ["CR2", "t ~ x1 + x2 + x3", { clusters: "g" }],
  ["CR2 with fixed effects nested in the clusters", "t ~ x1 + x2 + x3", { clusters: "g", fixedEffects: "b" }],
  ["CR2 with fixed effects crossing the clusters", "t ~ x1 + x2 + x3", { clusters: "g", fixedEffects: "f" }],
  ["CR2 with two fixed-effect factors", "t ~ x1 + x2 + x3", { clusters: "g", fixedEffects: ["b", "f"] }],
];

describe("repeatedWald (one design, many outcomes)", () => {
  for (const [label, formula, options] of designs) {
    it(`gives waldTest's F of a full fit for every outcome: ${label}`, () => {
      const d = data(240, 24, label.length);
      const inp = lmFitInput(d, formula, options as never);
      const rw = repeatedWald(inp, ["x1", "x2", "x3"]);
      expect(rw.q).toBe(3);
      const rng = createRng(label);
      for (let k = 0; k < 8; k++) {
        // outcomes like permuted assignments (0/1) and continuous ones
        const y = Float64Array.from({ length: inp.n }, () => (k % 2 ? rng.normal() : rng.next() < 0.5 ? 1 : 0));
        const fit = fitLm({ ...inp, y });
        const want = waldTest(fit, ["x1", "x2", "x3"]).statistic;
        expect(Math.abs(rw.statistic(y) - want)).toBeLessThanOrEqual(1e-10 * want);
      }
    });
  }
  it("refuses weights, an aliased term, a term not in the fit and an outcome of another length", () => {
    const d = data(100, 10, 3).map((row, i) => ({ ...row, w: 1 + (i % 3), x4: 2 * row.x1 }));
    expect(errorCode(() => repeatedWald(lmFitInput(d, "t ~ x1 + x2", { weights: "w" }), ["x1"]))).toBe("INVALID_OPTION");
    const inp = lmFitInput(d, "t ~ x1 + x4 + x2");
    const aliased = ["x1", "x4"].find((t) => fitLm(inp).coefficients.find((c) => c.term === t)!.aliased)!;
    expect(errorCode(() => repeatedWald(inp, [aliased]))).toBe("INVALID_OPTION");
    expect(errorCode(() => repeatedWald(inp, ["zz"]))).toBe("INVALID_OPTION");
    expect(errorCode(() => repeatedWald(inp, ["x2"]).statistic(new Float64Array(3)))).toBe("LENGTH_MISMATCH");
  });
});

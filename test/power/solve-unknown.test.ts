import { describe, expect, it } from "vitest";
import { solveUnknown, UnreachablePowerError, type PowerModel } from "../../src/power/solve.js";
import { pnorm, qnorm } from "../../src/math/distributions.js";

// A one-sided z test: power = Φ(d√n − z_{1−α}); every parameter but power has a search range.
const model: PowerModel<"n" | "d" | "alpha" | "power"> = {
  power: (v) => pnorm(v.d * Math.sqrt(v.n) - qnorm(1 - v.alpha, 0, 1, true), 0, 1, true),
  ranges: { n: [1, 1e6], d: [1e-6, 10], alpha: [1e-10, 1 - 1e-10] },
};

describe("solveUnknown, the one solver behind every power function", () => {
  const given = { n: 50, d: 0.4, alpha: 0.05, power: NaN };
  const power = solveUnknown(model, given, "power").power;
  for (const unknown of ["n", "d", "alpha"] as const) {
    it(`solves ${unknown} back from the power it gives (round trip to 1e-10)`, () => {
      const solved = solveUnknown(model, { ...given, power, [unknown]: NaN }, unknown);
      expect(Math.abs(solved[unknown] - given[unknown])).toBeLessThanOrEqual(1e-10 * given[unknown]);
      expect(solved.power).toBe(power);
    });
  }
  it("throws UnreachablePowerError with the power at both ends when the range cannot reach the target", () => {
    const tiny: PowerModel<"n" | "d" | "alpha" | "power"> = { ...model, ranges: { ...model.ranges, n: [1, 2] } };
    try {
      solveUnknown(tiny, { ...given, n: NaN, power: 0.99 }, "n");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(UnreachablePowerError);
      const u = e as UnreachablePowerError;
      expect([u.parameter, u.lo, u.hi]).toEqual(["n", 1, 2]);
      expect(u.powerHi).toBeCloseTo(model.power({ ...given, n: 2 }), 14);
    }
  });
});

import { describe, expect, it } from "vitest";
import { EnsayoError } from "../../src/errors.js";
import { cohenH } from "../../src/power/cohen-h.js";
import { power2p } from "../../src/power/power-2p.js";
import { power2p2n } from "../../src/power/power-2p2n.js";
import { powerF2 } from "../../src/power/power-f2.js";
import { powerT2n } from "../../src/power/power-t2n.js";
import { powerTTest } from "../../src/power/power-t-test.js";
import { brentRoot, NoBracketError } from "../../src/power/solve.js";
import { errorCode as code } from "../helpers/errors.js";

function message(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return "";
}
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe("brentRoot", () => {
  it("finds a root to full double precision", () => {
    const r = brentRoot((x) => x * x - 2, 0, 2);
    expect(Math.abs(r.root - Math.SQRT2)).toBeLessThanOrEqual(4e-16);
  });
  it("throws NoBracketError when the ends have the same sign", () => {
    expect(() => brentRoot((x) => x * x + 1, -1, 1)).toThrow(NoBracketError);
  });
});

describe("pwr-style solvers solve back to their inputs (round trips)", () => {
  it("powerTTest: n, d and alpha solved from a computed power give back the inputs", () => {
    for (const type of ["two.sample", "one.sample", "paired"] as const) {
      for (const alternative of ["two.sided", "less", "greater"] as const) {
        const d = alternative === "less" ? -0.35 : 0.35;
        const { power } = powerTTest({ n: 47, d, alpha: 0.05, type, alternative });
        expect(rel(powerTTest({ d, power, type, alternative }).n, 47)).toBeLessThan(1e-10);
        expect(rel(powerTTest({ n: 47, power, type, alternative }).d, d)).toBeLessThan(1e-10);
        expect(rel(powerTTest({ n: 47, d, power, alpha: null, type, alternative }).alpha, 0.05)).toBeLessThan(1e-9);
      }
    }
  });
  it("powerT2n: n1, n2 and d round-trip", () => {
    const { power } = powerT2n({ n1: 25, n2: 70, d: 0.55 });
    expect(rel(powerT2n({ n2: 70, d: 0.55, power }).n1, 25)).toBeLessThan(1e-10);
    expect(rel(powerT2n({ n1: 25, d: 0.55, power }).n2, 70)).toBeLessThan(1e-10);
    expect(rel(powerT2n({ n1: 25, n2: 70, power }).d, 0.55)).toBeLessThan(1e-10);
  });
  it("power2p and power2p2n: h and n round-trip; equal groups agree with each other", () => {
    const h = cohenH(0.4, 0.25);
    const { power } = power2p({ h, n: 130 });
    expect(rel(power2p({ h, power }).n, 130)).toBeLessThan(1e-10);
    expect(rel(power2p({ n: 130, power }).h, h)).toBeLessThan(1e-10);
    expect(rel(power2p2n({ h, n1: 130, n2: 130 }).power, power)).toBeLessThan(1e-14);
    expect(rel(power2p2n({ h, n2: 130, power }).n1, 130)).toBeLessThan(1e-10);
  });
  it("powerF2: u, v and f2 round-trip", () => {
    const { power } = powerF2({ u: 4, v: 90, f2: 0.12 });
    expect(rel(powerF2({ v: 90, f2: 0.12, power }).u, 4)).toBeLessThan(1e-8);
    expect(rel(powerF2({ u: 4, f2: 0.12, power }).v, 90)).toBeLessThan(1e-8);
    expect(rel(powerF2({ u: 4, v: 90, power }).f2, 0.12)).toBeLessThan(1e-8);
  });
  it("two-sided power uses |d| and solved d is positive, as pwr", () => {
    expect(powerTTest({ n: 30, d: -0.4 }).power).toBe(powerTTest({ n: 30, d: 0.4 }).power);
    expect(powerTTest({ n: 30, d: -0.4 }).d).toBe(0.4);
    expect(powerTTest({ n: 30, power: 0.8 }).d).toBeGreaterThan(0);
    expect(powerTTest({ n: 30, power: 0.8, alternative: "less" }).d).toBeLessThan(0);
  });
  it("results carry every parameter, the solved one named", () => {
    const r = powerTTest({ d: 0.5, power: 0.8, type: "paired" });
    expect(r).toMatchObject({ kind: "powerTTest", d: 0.5, power: 0.8, alpha: 0.05, type: "paired", solvedFor: "n", note: "n is number of *pairs*" });
    expect(r.method).toBe("Paired t test power calculation");
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});

describe("pwr-style solvers refuse bad calls", () => {
  it("INVALID_OPTION when no parameter or two are left out", () => {
    expect(code(() => powerTTest({ n: 20, d: 0.5, power: 0.8 } as never))).toBe("INVALID_OPTION");
    expect(message(() => powerTTest({ n: 20 } as never))).toMatch(/exactly one of `n`, `d`, `power`, `alpha`.*2 were: `d`, `power`/);
    expect(code(() => powerT2n({ n1: 20, d: 0.5 } as never))).toBe("INVALID_OPTION");
    expect(code(() => power2p({ h: 0.2 } as never))).toBe("INVALID_OPTION");
    expect(code(() => power2p2n({ h: 0.2, n1: 3 } as never))).toBe("INVALID_OPTION");
    expect(code(() => powerF2({ u: 2, v: 3, f2: 0.1, power: 0.5 } as never))).toBe("INVALID_OPTION");
  });
  it("INVALID_OPTION for values out of range, naming the option", () => {
    expect(message(() => powerTTest({ n: 1, d: 0.5 }))).toMatch(/powerTTest: `n`/);
    expect(code(() => powerTTest({ n: 10, d: 0.5, alpha: 1.5 }))).toBe("INVALID_OPTION");
    expect(code(() => powerTTest({ n: 10, d: 0.5, type: "welch" as never }))).toBe("INVALID_OPTION");
    expect(code(() => powerT2n({ n1: 1, n2: 10, d: 0.5 }))).toBe("INVALID_OPTION");
    expect(code(() => power2p({ h: 0.2, n: 0.5 }))).toBe("INVALID_OPTION");
    expect(code(() => powerF2({ u: 0.5, v: 10, f2: 0.1 }))).toBe("INVALID_OPTION");
    expect(code(() => powerF2({ u: 2, v: 10, f2: -0.1 }))).toBe("INVALID_OPTION");
    expect(code(() => cohenH(1.2, 0.5))).toBe("INVALID_OPTION");
    expect(code(() => cohenH(0.5, Number.NaN))).toBe("INVALID_OPTION");
  });
  it("UNSOLVABLE with the power reached at both ends of the search range", () => {
    const f = () => powerTTest({ n: 5, power: 0.99999, alpha: 0.001, type: "one.sample" });
    expect(code(f)).toBe("UNSOLVABLE");
    expect(message(f)).toMatch(/no `d` in \[1e-7|no `d` in \[1\.000e-7/);
    expect(message(f)).toMatch(/power is .* at d = .* and .* at d = 10/);
    expect(code(() => power2p({ h: 1e-9, power: 0.9 }))).toBe("UNSOLVABLE");
    expect(code(() => powerF2({ u: 2, f2: 1e-12, power: 0.8 }))).toBe("UNSOLVABLE");
  });
});

describe("the option types leave exactly one unknown (checked by tsc)", () => {
  it("accepts one unknown and rejects none or two at compile time", () => {
    const ok = [powerTTest({ n: 20, d: 0.5 }), powerTTest({ n: 20, power: 0.8 }), powerTTest({ n: 20, d: 0.5, power: 0.8, alpha: null })];
    expect(ok.map((r) => r.solvedFor)).toEqual(["power", "d", "alpha"]);
    const wrong = () => {
      // @ts-expect-error every parameter given: nothing to solve for
      powerTTest({ n: 20, d: 0.5, power: 0.8 });
      // @ts-expect-error two unknowns
      powerT2n({ n1: 20, power: 0.8 });
      // @ts-expect-error alpha: null with another unknown
      power2p({ h: 0.2, alpha: null });
    };
    expect(wrong).toThrow(EnsayoError);
  });
});

describe("powerTTest's n", () => {
  it("must exceed 1, and the message says why (n − 1 degrees of freedom)", () => {
    for (const n of [1, 0.5, -3]) {
      expect(() => powerTTest({ n, d: 0.5 })).toThrowError(/^powerTTest: `n`: must be greater than 1 \(the t test needs n − 1 > 0 degrees of freedom\) \(got /);
    }
    expect(powerTTest({ n: 1.5, d: 0.5 }).n).toBe(1.5);
  });
});

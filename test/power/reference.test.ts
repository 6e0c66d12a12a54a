import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cohenH } from "../../src/power/cohen-h.js";
import { planTrial } from "../../src/power/plan-trial.js";
import { power2p } from "../../src/power/power-2p.js";
import { power2p2n } from "../../src/power/power-2p2n.js";
import { powerF2 } from "../../src/power/power-f2.js";
import { powerT2n } from "../../src/power/power-t2n.js";
import { powerTTest } from "../../src/power/power-t-test.js";

interface Case {
  id: string;
  call: string;
  input: { fn: string; options: Record<string, unknown> };
  expected: Record<string, number>;
  rtol: number;
}
const ref = JSON.parse(readFileSync(new URL("../../fixtures/reference/power.json", import.meta.url), "utf8")) as { cases: Case[] };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const fns: Record<string, (o: any) => object> = {
  powerTTest,
  powerT2n,
  power2p,
  power2p2n,
  powerF2,
  planTrial,
  cohenH: (o: { p1: number; p2: number }) => ({ value: cohenH(o.p1, o.p2) }),
};

export function relErr(got: number, want: number): number {
  return Math.abs(got - want) / Math.max(Math.abs(want), 1e-12);
}

describe("power reference cases from R (pwr 1.3.0, PowerUpR formulas)", () => {
  it("has at least 25 pwr cases and covers every function", () => {
    const pwrCases = ref.cases.filter((c) => c.input.fn !== "planTrial");
    expect(pwrCases.length).toBeGreaterThanOrEqual(25);
    expect(new Set(ref.cases.map((c) => c.input.fn))).toEqual(new Set(Object.keys(fns)));
  });
  for (const c of ref.cases) {
    it(`${c.id}: ${c.call}`, () => {
      const out = fns[c.input.fn]!(c.input.options) as Record<string, unknown>;
      for (const [key, want] of Object.entries(c.expected)) {
        if (key === "pwrValue") continue; // pwr's own loosely solved root, for information
        const got = out[key] as number;
        expect(typeof got, key).toBe("number");
        expect(relErr(got, want), `${key}: got ${got}, R ${want}`).toBeLessThanOrEqual(c.rtol);
      }
    });
  }
  it("pwr's own solved values are within its uniroot tolerance of the tight roots", () => {
    for (const c of ref.cases) {
      if (c.expected.pwrValue === undefined) continue;
      const key = Object.keys(c.expected).find((k) => k !== "pwrValue")!;
      expect(relErr(c.expected.pwrValue, c.expected[key]!), c.id).toBeLessThan(1e-3);
    }
  });
});

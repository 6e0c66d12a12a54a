import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SUITE_SEED } from "./fast-check.js";

describe("the suite's fast-check configuration", () => {
  it("fixes one seed for every property test, so `npm test` gives the same answer on every run", () => {
    if (process.env.ENSAYO_FUZZ_SEED) return; // `npm run test:fuzz` draws its own seed on purpose
    expect(fc.readConfigureGlobal()?.seed).toBe(SUITE_SEED);
  });
  it("draws the same values twice from the same property", () => {
    const draw = () => fc.sample(fc.double(), { numRuns: 5 });
    expect(draw()).toEqual(draw());
  });
});

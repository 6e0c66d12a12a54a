import { describe, expect, it } from "vitest";
import { resolveSeType, SE_TYPE_NAMES, SE_TYPES, seScale, seTypeFor } from "../../src/kernel/se-types.js";
import { lmRobust } from "../../src/estimators/lm-robust.js";
import { ivRobust } from "../../src/estimators/iv-robust.js";
import { balanceTable } from "../../src/balance/balance-table.js";
import { EnsayoError } from "../../src/errors.js";
import { createRng } from "../../src/internal/rng.js";

function data(n: number) {
  const rng = createRng(4);
  return Array.from({ length: n }, (_, i) => ({ y: rng.normal(), x: rng.normal(), w: rng.normal(), z: i % 2, g: `g${i % 8}` }));
}

describe("the SE type registry", () => {
  it("declares every SE type once, with a df rule and a description", () => {
    expect(SE_TYPE_NAMES).toEqual(["classical", "HC0", "HC1", "HC2", "HC3", "CR0", "CR2", "stata", "none"]);
    expect(Object.keys(SE_TYPES).sort()).toEqual([...SE_TYPE_NAMES].sort());
    for (const name of SE_TYPE_NAMES) expect(SE_TYPES[name].describe.length).toBeGreaterThan(0);
  });
  it("defaults to HC2 without clusters and CR2 with them", () => {
    expect(resolveSeType(undefined, false)).toBe("HC2");
    expect(resolveSeType(undefined, true)).toBe("CR2");
  });
  it("makes stata without clusters HC1, and keeps it with clusters", () => {
    expect(resolveSeType("stata", false)).toBe("HC1");
    expect(resolveSeType("stata", true)).toBe("stata");
  });
  it("throws INVALID_OPTION for CR types without clusters and HC types with them, without a function name inside the library", () => {
    expect(() => seTypeFor("CR2", false)).toThrow(/^`seType` "CR2" needs `clusters`/);
    expect(() => seTypeFor("HC2", true)).toThrow(/^`seType` must be "CR0", "CR2", "stata" or "none" when `clusters` are given/);
    expect(seTypeFor("stata", false)).toBe("HC1");
  });
  it("names itself when called publicly: resolveSeType refuses with its own name", () => {
    expect(() => resolveSeType("CR2", false)).toThrow(/^resolveSeType: `seType` "CR2" needs `clusters`/);
    expect(() => resolveSeType("HC2", true)).toThrow(/^resolveSeType: `seType` must be "CR0", "CR2", "stata" or "none" when `clusters` are given/);
    try {
      resolveSeType("HC0", true);
      expect.unreachable();
    } catch (e) {
      expect((e as EnsayoError).code).toBe("INVALID_OPTION");
      expect((e as EnsayoError).fn).toBe("resolveSeType");
    }
  });
  it("refuses a name that is not an SE type with INVALID_OPTION listing the names (not a TypeError)", () => {
    for (const bad of ["HC9", "hc2", "toString", 2]) {
      try {
        resolveSeType(bad as never, false);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(EnsayoError);
        expect((e as EnsayoError).code).toBe("INVALID_OPTION");
        expect((e as EnsayoError).message).toMatch(/^resolveSeType: `seType` must be one of "classical", "HC0", .* or "none", got /);
        expect((e as EnsayoError).value).toBe(bad);
      }
    }
  });
  it("scales HC1 by n/(n − k) and stata by J(n − 1)/((J − 1)(n − k))", () => {
    expect(seScale("HC1", 100, 4, 1)).toBeCloseTo(100 / 96, 15);
    expect(seScale("stata", 100, 4, 10)).toBeCloseTo((10 * 99) / (9 * 96), 15);
    expect(seScale("HC2", 100, 4, 1)).toBe(1);
  });
  it("is the one stata rule in lmRobust, ivRobust and balanceTable: without clusters each reports HC1", () => {
    const d = data(120);
    expect(lmRobust(d, "y ~ z + x", { seType: "stata" }).seType).toBe("HC1");
    expect(ivRobust(d, "y ~ x | w", { seType: "stata" }).seType).toBe("HC1");
    const bal = balanceTable(d, { treatment: "z", covariates: ["x"], seType: "stata" });
    expect(bal.seType).toBe("HC1");
    const hc1 = balanceTable(d, { treatment: "z", covariates: ["x"], seType: "HC1" });
    expect(bal.rows).toEqual(hc1.rows);
    expect(balanceTable(d, { treatment: "z", covariates: ["x"], clusters: "g", seType: "stata" }).seType).toBe("stata");
  });
});

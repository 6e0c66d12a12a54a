// The project's cross-cutting contracts (test/contracts/public-api.test.ts) for westfallYoung, romanoWolf,
// standardizedIndex and adjustPValues: caller data untouched, odd column names are ordinary columns,
// missing values counted, degenerate data refused with a coded error whose message names the function.
import { describe, expect, it } from "vitest";
import { EnsayoError, adjustPValues, declareRa, romanoWolf, standardizedIndex, westfallYoung } from "../../src/index.js";

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === "object" && !ArrayBuffer.isView(v)) {
    for (const k of Reflect.ownKeys(v)) deepFreeze((v as Record<PropertyKey, unknown>)[k]);
    Object.freeze(v);
  }
  return v;
}
function ensayoError(f: () => unknown): EnsayoError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(EnsayoError);
    return e as EnsayoError;
  }
  throw new Error("expected a throw");
}

const z = [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1];
const columns = (names: [string, string]) => {
  const o: Record<string, unknown[]> = { z: [...z] };
  Object.defineProperty(o, names[0], { value: [3.1, 2.4, 5.0, 4.2, 6.3, 5.9, 7.7, 6.1, 4.4, 8.0, 3.3, null], enumerable: true, writable: true, configurable: true });
  Object.defineProperty(o, names[1], { value: [1, 2, 3, 4, 5, 6, 7, 8, 9, 3, 2, 5], enumerable: true, writable: true, configurable: true });
  return o;
};
const design = declareRa({ n: 12, m: 6 });

describe("multiple-testing functions keep the public contracts", () => {
  for (const names of [["y", "x"], ["__proto__", "constructor"]] as [string, string][]) {
    it(`leave deep-frozen data unchanged and read columns named ${names.join(", ")} as ordinary columns`, () => {
      const data = deepFreeze(columns(names));
      const before = JSON.stringify(data);
      const wy = westfallYoung(data, { outcomes: names, treatment: "z", design });
      const rw = romanoWolf(data, { outcomes: names, treatment: "z", design });
      const ix = standardizedIndex(data, { outcomes: names, treatment: "z", method: "anderson" });
      expect(JSON.stringify(data)).toBe(before);
      expect(wy.rows.map((r) => r.outcome)).toEqual(names);
      expect(rw.rows).toHaveLength(2);
      expect(ix.table.names).toContain("index");
      // the missing value is counted, not silently dropped
      expect(wy.warnings.join(" ")).toContain(`'${names[0]}': 1 row`);
      expect(ix.nPartial).toBe(1);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    });
  }

  it("adjustPValues leaves a frozen array unchanged", () => {
    const p = Object.freeze([0.01, null, 0.2]);
    adjustPValues(p, { method: "hommel" });
    expect(p).toEqual([0.01, null, 0.2]);
  });

  it("refuse degenerate data with a coded error whose message starts with the function's name", () => {
    const one = { z: new Array(12).fill(1), y: z.map((v, i) => v + i) };
    for (const [fn, f] of [
      ["westfallYoung", () => westfallYoung(one, { outcomes: ["y"], treatment: "z", design })],
      ["romanoWolf", () => romanoWolf({ z, y: new Array(12).fill(2) }, { outcomes: ["y"], treatment: "z", design })],
      ["standardizedIndex", () => standardizedIndex(one, { outcomes: ["y"], treatment: "z", method: "klk" })],
      ["adjustPValues", () => adjustPValues([2])],
    ] as [string, () => unknown][]) {
      const e = ensayoError(f);
      expect(e.message.startsWith(`${fn}: `), e.message).toBe(true);
    }
  });
});

import { describe, expect, it } from "vitest";
import { asTable } from "../../src/data/table.js";
import { parseFormula } from "../../src/estimators/formula.js";
import { completeRows, designMatrix } from "../../src/estimators/model-matrix.js";

const data = asTable(
  {
    y: [1, 2, 3, 4, 5, 6],
    x: [0.5, 1.5, 2.5, 3.5, 4.5, 5.5],
    region: ["Itapúa", "Central", "Ñeembucú", "Central", "Itapúa", null],
    z: [0, 1, 0, 1, 0, 1],
  },
);

function dm(f: string, rows?: Int32Array, levels?: Record<string, string[]>) {
  const spec = parseFormula(f).parts[0]!;
  return designMatrix(data, spec, rows ?? Int32Array.from([0, 1, 2, 3, 4]), levels);
}

describe("designMatrix builds R's model.matrix", () => {
  it("treatment-codes a text column with the first sorted level as reference", () => {
    const m = dm("y ~ region");
    expect(m.names).toEqual(["(Intercept)", "regionItapúa", "regionÑeembucú"]);
    expect(Array.from(m.x.subarray(5, 10))).toEqual([1, 0, 0, 0, 1]);
  });
  it("gives every level an indicator without an intercept", () => {
    expect(dm("y ~ region - 1").names).toEqual(["regionCentral", "regionItapúa", "regionÑeembucú"]);
  });
  it("names interactions as R, first variable varying fastest", () => {
    expect(dm("y ~ z * region").names).toEqual(["(Intercept)", "z", "regionItapúa", "regionÑeembucú", "z:regionItapúa", "z:regionÑeembucú"]);
    expect(dm("y ~ x + z:region").names).toEqual(["(Intercept)", "x", "z:regionCentral", "z:regionItapúa", "z:regionÑeembucú"]);
    const m = dm("y ~ z:x");
    expect(Array.from(m.x.subarray(5, 10))).toEqual([0, 1.5, 0, 3.5, 0]);
  });
  it("drops levels absent from the rows used and honours a given level order", () => {
    expect(dm("y ~ region", Int32Array.from([0, 1, 3, 4])).names).toEqual(["(Intercept)", "regionItapúa"]);
    expect(dm("y ~ region", undefined, { region: ["Ñeembucú", "Itapúa", "Central"] }).names).toEqual(["(Intercept)", "regionItapúa", "regionCentral"]);
  });
});

describe("completeRows", () => {
  it("keeps complete rows and counts the missing per column", () => {
    const { rows, dropped } = completeRows(data, [{ name: "y", role: "outcome" }, { name: "region", role: "variable" }], "omit");
    expect(Array.from(rows)).toEqual([0, 1, 2, 3, 4]);
    expect(dropped).toEqual({ total: 1, byColumn: { region: 1 } });
  });
  it("refuses missing values with na: error (MISSING_VALUE naming the row)", () => {
    expect(() => completeRows(data, [{ name: "region", role: "variable" }], "error")).toThrow(/'region' is missing at row 6/);
  });
});

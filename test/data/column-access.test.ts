import { describe, expect, it } from "vitest";
import * as E from "../../src/index.js";
import { errorCode as code } from "../helpers/errors.js";

describe("getColumn, numericColumn and labelColumn (public: data and a name, no caller's name)", () => {
  const rows = [{ region: "Central", z: 1, code: "7" }, { region: "Itapúa", z: null, code: "8" }];

  it("read a column of a Table, of row objects or of column arrays", () => {
    expect(E.getColumn(E.asTable(rows), "region")).toEqual(["Central", "Itapúa"]);
    expect([...E.numericColumn(rows, "z")]).toEqual([1, NaN]);
    expect([...E.numericColumn({ code: ["7", "8"] }, "code")]).toEqual([7, 8]);
    expect(E.labelColumn(rows, "z")).toEqual(["1", null]);
  });

  it("take exactly two parameters", () => {
    expect([E.getColumn.length, E.numericColumn.length, E.labelColumn.length]).toEqual([2, 2, 2]);
  });

  it("name themselves in their errors: MISSING_COLUMN with a near match, NOT_NUMERIC with the row", () => {
    expect(code(() => E.getColumn(rows, "regoin"))).toBe("MISSING_COLUMN");
    expect(() => E.getColumn(rows, "regoin")).toThrow(/^getColumn: column 'regoin' is not a column of the data; did you mean 'region'\?/);
    expect(() => E.labelColumn(rows, "zz")).toThrow(/^labelColumn: /);
    expect(code(() => E.numericColumn(rows, "region"))).toBe("NOT_NUMERIC");
    expect(() => E.numericColumn(rows, "region")).toThrow(/^numericColumn: column 'region' must be numeric, but row 1 holds 'Central'/);
  });
});

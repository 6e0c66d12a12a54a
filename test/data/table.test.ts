import { describe, expect, it } from "vitest";
import { asTable, isTable, makeTable } from "../../src/data/table.js";
import { getColumn, labelColumn, numericColumn } from "../../src/data/columns.js";
import { DEFAULT_MISSING, parseCsv } from "../../src/data/parse-csv.js";
import { EnsayoError } from "../../src/errors.js";

describe("asTable", () => {
  it("makeTable reads `types` from its own keys only (a column called constructor is not typed Object)", () => {
    const t = makeTable(JSON.parse('{"constructor":["a","b"],"__proto__":["c","d"]}'), { types: {} });
    expect(t.types["constructor"]).toBe("text");
    expect(t.types["__proto__"]).toBe("text");
    const t2 = makeTable(JSON.parse('{"constructor":["a","b"]}'), { types: JSON.parse('{"constructor":"date"}') });
    expect(t2.types["constructor"]).toBe("date");
  });
  it("makeTable refuses a column that is not a Float64Array or an array of strings and nulls, naming it and the row", () => {
    let error: EnsayoError | undefined;
    try {
      makeTable({ region: ["a", null], y: [1, 2] as unknown as string[] });
    } catch (e) {
      error = e as EnsayoError;
    }
    expect(error).toBeInstanceOf(EnsayoError);
    expect(error!.code).toBe("INVALID_DATA");
    expect(error!.fn).toBe("makeTable");
    expect(error!.column).toBe("y");
    expect(error!.message).toBe(
      "makeTable: column 'y' must be a Float64Array or an array of strings and nulls; row 1 holds 1. Pass plain arrays of numbers, booleans or dates to asTable, which types them",
    );
    expect(() => makeTable({ y: 3 as unknown as string[] })).toThrow("makeTable: column 'y' must be a Float64Array or an array of strings and nulls; got 3");
    expect(makeTable({ y: new Float64Array([1, 2]), g: ["a", null] }).nRows).toBe(2);
  });
  it("turns records into typed columns and counts missing values", () => {
    const t = asTable([{ id: 1, y: 2.5, region: "Itapúa" }, { id: 2, y: null, region: null }, { id: 3, region: "Concepción" }]);
    expect(t.nRows).toBe(3);
    expect(t.columns.y).toBeInstanceOf(Float64Array);
    expect(t.types.id).toBe("integer");
    expect(t.types.y).toBe("number");
    expect(t.types.region).toBe("text");
    expect(t.report.missing.y).toBe(2);
    expect(t.report.missing.region).toBe(1);
  });
  it("does not let a __proto__ column touch any prototype", () => {
    const rows = JSON.parse('[{"__proto__": 5, "constructor": "x", "y": 1}]');
    const t = asTable(rows);
    expect(t.names).toEqual(["__proto__", "constructor", "y"]);
    expect((t.columns["__proto__"] as Float64Array)[0]).toBe(5);
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
    expect(Object.getPrototypeOf(t.columns)).toBe(null);
  });
  it("never mutates or aliases the caller's arrays", () => {
    const y = [1, 2, 3];
    const f = new Float64Array([4, 5, 6]);
    const t = asTable({ y, f });
    (t.columns.f as Float64Array)[0] = 99;
    expect(f[0]).toBe(4);
    expect(y).toEqual([1, 2, 3]);
  });
  it("throws LENGTH_MISMATCH for columns of different lengths", () => {
    expect(() => asTable({ a: [1, 2], b: [1] })).toThrowError(expect.objectContaining({ code: "LENGTH_MISMATCH" }));
  });
  it("throws INVALID_DATA for a non-record row", () => {
    expect(() => asTable([{ a: 1 }, 5] as never)).toThrowError(expect.objectContaining({ code: "INVALID_DATA" }));
  });
  it("reads booleans as 1/0 and dates as epoch milliseconds", () => {
    const t = asTable({ ok: [true, false, null], d: [new Date(Date.UTC(2024, 0, 2)), null, null] });
    expect(t.types.ok).toBe("boolean");
    expect(Array.from(t.columns.ok as Float64Array)).toEqual([1, 0, NaN]);
    expect(t.types.d).toBe("date");
    expect((t.columns.d as Float64Array)[0]).toBe(Date.UTC(2024, 0, 2));
  });
});

describe("column access", () => {
  const t = makeTable({ puntaje_final: new Float64Array([1, NaN]), oficina: ["a", null] });
  it("names near matches when a column is missing", () => {
    try {
      numericColumn(t, "puntaje_fnal", "outcome");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(EnsayoError);
      expect((e as EnsayoError).code).toBe("MISSING_COLUMN");
      expect((e as EnsayoError).message).toContain("did you mean 'puntaje_final'");
    }
  });
  it("refuses a text column where a number is needed, naming the row", () => {
    expect(() => numericColumn(t, "oficina")).toThrowError(/row 1 holds 'a'/);
  });
  it("turns numbers into labels and keeps missing as null", () => {
    expect(labelColumn(t, "puntaje_final")).toEqual(["1", null]);
  });
});

describe("the TSDoc examples of the data helpers hold", () => {
  it("asTable, isTable, makeTable", () => {
    const t = asTable([{ id: "a", y: 2.5 }, { id: "b", y: null }]);
    expect(t.names).toEqual(["id", "y"]);
    expect(Array.from(t.columns.y as Float64Array)).toEqual([2.5, NaN]);
    expect(t.types.y).toBe("number");
    expect(isTable(asTable({ y: [1, 2] }))).toBe(true);
    expect(isTable({ y: [1, 2] })).toBe(false);
    const m = makeTable({ y: new Float64Array([1.5, 2]), arm: ["a", "b"] });
    expect([m.types.y, m.types.arm]).toEqual(["number", "text"]);
    expect(makeTable({ y: new Float64Array([1, 2]) }).types.y).toBe("integer");
  });
  it("getColumn, numericColumn, labelColumn, DEFAULT_MISSING", () => {
    const t = asTable({ region: ["Central", "Itapúa"], z: [1, 0] });
    expect(getColumn(t, "region")).toEqual(["Central", "Itapúa"]);
    expect(() => getColumn(t, "regoin")).toThrow(/^column 'regoin' is not a column of the data; did you mean 'region'\? The columns are: region, z$/);
    const t2 = asTable({ z: [1, 0, null], code: ["7", "8", "9"] });
    expect(Array.from(numericColumn(t2, "z"))).toEqual([1, 0, NaN]);
    expect(Array.from(numericColumn(t2, "code"))).toEqual([7, 8, 9]);
    expect(labelColumn(asTable({ bloque: [1, 2.5, null] }), "bloque")).toEqual(["1", "2.5", null]);
    expect(DEFAULT_MISSING).toEqual(["", "NA", "N/A", ".", "S/D", "s/d"]);
    expect(Array.from(parseCsv("y\n1\nS/D\n", { missing: [...DEFAULT_MISSING, "-99"] }).columns.y as Float64Array)).toEqual([1, NaN]);
  });
});

describe("±Infinity is stored as missing, counted and noted", () => {
  it("in plain arrays, typed arrays and makeTable, without touching the caller's arrays", () => {
    const given = new Float64Array([1, Infinity, 3, -Infinity]);
    for (const t of [asTable({ x: [1, Infinity, 3, -Infinity], y: [1, 2, 3, 4] }), asTable({ x: given, y: [1, 2, 3, 4] }), makeTable({ x: given, y: new Float64Array(4) })]) {
      expect(Array.from(t.columns.x as Float64Array)).toEqual([1, NaN, 3, NaN]);
      expect(t.report.missing.x).toBe(2);
      expect(t.report.nonFinite).toEqual({ x: 2 });
      expect(t.report.notes).toContain("column 'x': 2 infinite value(s) (±Infinity) stored as missing");
    }
    expect(Array.from(given)).toEqual([1, Infinity, 3, -Infinity]);
    expect(asTable({ x: [1, 2] }).report.nonFinite).toBeUndefined();
    // a column called __proto__ is counted under its own name
    const cols = Object.create(null) as Record<string, number[]>;
    cols["__proto__"] = [1, Infinity];
    const nf = asTable(cols).report.nonFinite!;
    expect(Object.keys(nf)).toEqual(["__proto__"]);
    expect(Object.prototype.hasOwnProperty.call(nf, "__proto__") && nf["__proto__"]).toBe(1);
  });
});

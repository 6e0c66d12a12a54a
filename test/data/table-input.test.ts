import { describe, expect, it } from "vitest";
import { asTable, differenceInMeans, toRows } from "../../src/index.js";

/** A stand-in with Apache Arrow's Table API (numRows, schema.fields, getChild(name).get(i)). */
function fakeArrow(cols: Record<string, { typeId: number; values: unknown[] }>) {
  const names = Object.keys(cols);
  return {
    numRows: cols[names[0]!]!.values.length,
    schema: { fields: names.map((name) => ({ name, type: { typeId: cols[name]!.typeId } })) },
    getChild: (name: string) => (cols[name] ? { length: cols[name]!.values.length, get: (i: number) => cols[name]!.values[i] } : null),
  };
}

/** A stand-in with arquero's table API (columnNames(), array(name), numRows()). */
function fakeArquero(cols: Record<string, ArrayLike<unknown>>) {
  return { columnNames: () => Object.keys(cols), array: (name: string) => cols[name]!, numRows: () => cols[Object.keys(cols)[0]!]!.length };
}

const y = [1.5, 2.5, 3, 4.5, 6, 7];
const z = [0, 0, 0, 1, 1, 1];

describe("asTable reads Arrow, arquero and plain column tables", () => {
  it("an Arrow table: nulls are missing, 64-bit integers are numbers, date fields are dates", () => {
    const t = asTable(fakeArrow({
      y: { typeId: 3, values: [1.5, null, 3] },
      n: { typeId: 2, values: [1n, 2n, 3n] },
      when: { typeId: 8, values: [Date.UTC(2024, 0, 2), null, Date.UTC(2024, 5, 30)] },
      s: { typeId: 5, values: ["a", null, "c"] },
    }));
    expect(t.names).toEqual(["y", "n", "when", "s"]);
    expect(Array.from(t.columns.y as Float64Array)).toEqual([1.5, NaN, 3]);
    expect(t.types.n).toBe("integer");
    expect(t.types.when).toBe("date");
    expect(t.columns.s).toEqual(["a", null, "c"]);
    expect(t.report.source).toBe("arrow");
  });
  it("an arquero table: columns by name, typed arrays kept numeric", () => {
    const t = asTable(fakeArquero({ y: Float64Array.from(y), arm: ["c", "c", "c", "t", "t", "t"] }));
    expect(t.types.y).toBe("number");
    expect(t.columns.arm).toEqual(["c", "c", "c", "t", "t", "t"]);
    expect(t.report.source).toBe("arquero");
  });
  it("every shape gives the same estimate as the plain column object", () => {
    const plain = differenceInMeans({ y, z }, { outcome: "y", treatment: "z" });
    const arrow = differenceInMeans(fakeArrow({ y: { typeId: 3, values: y }, z: { typeId: 2, values: z } }), { outcome: "y", treatment: "z" });
    const arq = differenceInMeans(fakeArquero({ y, z }), { outcome: "y", treatment: "z" });
    expect(arrow.coefficients).toEqual(plain.coefficients);
    expect(arq.coefficients).toEqual(plain.coefficients);
  });
});

describe("toRows", () => {
  it("gives plain rows: missing as null, booleans as booleans, dates as ISO text", () => {
    const rows = toRows({ id: ["a", "b"], y: [2.5, NaN], ok: [true, false], d: [new Date(Date.UTC(2021, 5, 19)), new Date(Date.UTC(2021, 5, 19, 12))] });
    expect(rows).toEqual([
      { id: "a", y: 2.5, ok: true, d: "2021-06-19" },
      { id: "b", y: null, ok: false, d: "2021-06-19T12:00:00.000Z" },
    ]);
  });
  it("a column named __proto__ is an own field of each row", () => {
    const rows = toRows({ ["__proto__"]: [1] } as unknown as Record<string, number[]>);
    expect(Object.prototype.hasOwnProperty.call(rows[0], "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(rows[0])).toBe(Object.prototype);
  });
});

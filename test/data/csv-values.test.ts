import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseBoolean, parseDate, parseNumber, type NumberFormat } from "../../src/data/csv-values.js";

const dot: NumberFormat = { decimal: 46, thousands: -1, leadingZeros: false };
const comma: NumberFormat = { decimal: 44, thousands: 46, leadingZeros: false };
const num = (s: string, f = dot) => parseNumber(s, 0, s.length, f);

describe("parseNumber", () => {
  it("equals Number() on any decimal text (correct rounding, long mantissas, exponents)", () => {
    const text = fc
      .tuple(
        fc.boolean(),
        fc.stringMatching(/^[1-9][0-9]{0,19}$|^0$/),
        fc.option(fc.stringMatching(/^[0-9]{1,25}$/)),
        fc.option(fc.integer({ min: -30, max: 30 })),
      )
      .map(([neg, int, frac, exp]) => `${neg ? "-" : ""}${int}${frac === null ? "" : `.${frac}`}${exp === null ? "" : `e${exp}`}`);
    fc.assert(fc.property(text, (s) => Object.is(num(s), Number(s))), { numRuns: 5000 });
  });

  it("reads decimal commas and thousands dots, and refuses malformed groups", () => {
    expect(num("1.234.567,89", comma)).toBe(1234567.89);
    expect(num("-5.142.000", comma)).toBe(-5142000);
    expect(num("12,5", comma)).toBe(12.5);
    for (const bad of ["1.5", "12,5,3", "1.23", "1234.567", ".123", "1..234", "0.123"]) expect(num(bad, comma)).toBeNaN();
  });

  it("refuses text, lone signs, leading-zero codes and trailing garbage", () => {
    for (const bad of ["", "-", "+", ".", "P0001", "12a", "1e", "1e+", "007", "1,5", "Inf", "NaN", "1 000"]) expect(num(bad)).toBeNaN();
    expect(num("007", { ...dot, leadingZeros: true })).toBe(7);
    expect(num("0.5")).toBe(0.5);
    expect(num("+3")).toBe(3);
    expect(num("5.")).toBe(5);
    expect(num(".5")).toBe(0.5);
  });
});

describe("parseDate and parseBoolean", () => {
  it("read ISO and day-first dates and refuse impossible ones", () => {
    const d = (s: string) => parseDate(s, 0, s.length);
    expect(d("2024-02-29")).toBe(Date.UTC(2024, 1, 29));
    expect(d("1/2/2024")).toBe(Date.UTC(2024, 1, 1));
    expect(d("31/12/1999")).toBe(Date.UTC(1999, 11, 31));
    for (const bad of ["2023-02-29", "31/04/2024", "12/31/2024", "2024/01/01", "1-2-2024", "01/01/24", "2024-1-01"]) expect(d(bad)).toBeNaN();
  });

  it("read Spanish and English boolean words, not digits", () => {
    const b = (s: string) => parseBoolean(s, 0, s.length);
    expect([b("sí"), b("SI"), b("No"), b("TRUE"), b("falso"), b("Verdadero")]).toEqual([1, 1, 0, 1, 0, 1]);
    expect(b("1")).toBeNaN();
    expect(b("nada")).toBeNaN();
  });
});

// Property: any table written as CSV — clean (`,`, dot decimals, ISO dates, UTF-8) or as a
// ministry export (`;`, decimal comma, thousands dots, dd/mm/yyyy, S/D, Windows-1252, CRLF) —
// reads back to the same values.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCsv } from "../../src/data/parse-csv.js";

type Kind = "integer" | "number" | "date" | "text";
type Cell = number | string | null;

const letters = [..."abcdefghijklmnopqrstuvwxyzáéíóúñÑü ,;\"\n'"];
const textValue = fc
  .array(fc.constantFrom(...letters), { maxLength: 8 })
  .map((cs) => ("x" + cs.join("")).trim());
const cellFor = (kind: Kind): fc.Arbitrary<Cell> => {
  const value: fc.Arbitrary<Cell> =
    kind === "integer"
      ? fc.integer({ min: -2_000_000_000, max: 2_000_000_000 })
      : kind === "number"
        ? fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x))
        : kind === "date"
          ? fc.integer({ min: -25_000, max: 47_000 }).map((d) => d * 86_400_000)
          : textValue;
  return fc.oneof({ weight: 5, arbitrary: value }, { weight: 1, arbitrary: fc.constant(null) });
};

const tableArb = fc
  .array(fc.constantFrom<Kind>("integer", "number", "date", "text"), { minLength: 1, maxLength: 5 })
  .chain((kinds) =>
    fc
      .array(fc.tuple(...kinds.map(cellFor)), { minLength: 1, maxLength: 25 })
      .map((rows) => {
        // The first row has every value, so no column is entirely missing.
        return { kinds, rows };
      }),
  )
  .filter(({ rows }) => rows[0]!.every((c) => c !== null));

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dmy = (ms: number) => {
  const d = new Date(ms);
  return `${String(d.getUTCDate()).padStart(2, "0")}/${String(d.getUTCMonth() + 1).padStart(2, "0")}/${d.getUTCFullYear()}`;
};
const quote = (s: string, delim: string) => (s.includes(delim) || s.includes('"') || s.includes("\n") ? `"${s.replace(/"/g, '""')}"` : s);
const dots = (n: number) => (n < 0 ? "-" : "") + String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");

function writeClean(kinds: Kind[], rows: Cell[][]): string {
  const lines = [kinds.map((_, j) => `c${j}`).join(",")];
  for (const r of rows) {
    lines.push(
      // A blank line is skipped (as R does), so a one-column table writes missing as NA.
      r.map((v, j) => (v === null ? (kinds.length === 1 ? "NA" : "") : kinds[j] === "date" ? iso(v as number) : kinds[j] === "text" ? quote(v as string, ",") : String(v))).join(","),
    );
  }
  return lines.join("\n") + "\n";
}

function writeMinisterio(kinds: Kind[], rows: Cell[][]): Uint8Array {
  const lines = [kinds.map((_, j) => ` c${j}`).join(";")];
  for (const r of rows) {
    lines.push(
      r
        .map((v, j) => {
          if (v === null) return "S/D";
          if (kinds[j] === "date") return dmy(v as number);
          if (kinds[j] === "text") return quote(v as string, ";");
          if (kinds[j] === "integer") return dots(v as number);
          return String(v).replace(".", ",");
        })
        .join(";"),
    );
  }
  const text = lines.join("\r\n") + "\r\n";
  return Uint8Array.from([...text].map((c) => c.charCodeAt(0))); // all characters are Latin-1
}

function expectReadsBack(kinds: Kind[], rows: Cell[][], t: ReturnType<typeof parseCsv>): void {
  expect(t.nRows).toBe(rows.length);
  kinds.forEach((kind, j) => {
    const col = t.columns[`c${j}`]!;
    const type = t.types[`c${j}`]!;
    if (kind === "text") expect(type).toBe("text");
    else if (kind === "date") expect(type).toBe("date");
    else expect(["integer", "number"]).toContain(type);
    rows.forEach((r, i) => {
      const v = r[j];
      if (kind === "text") expect(col[i]).toBe(v);
      else expect(Object.is(col[i], v === null ? NaN : v)).toBe(true);
    });
  });
}

describe("parseCsv round trip", () => {
  it("reads back any table written as clean CSV", () => {
    fc.assert(
      fc.property(tableArb, ({ kinds, rows }) => {
        expectReadsBack(kinds, rows, parseCsv(writeClean(kinds, rows)));
      }),
      { numRuns: 150 },
    );
  });

  it("reads back any table written as a Windows-1252 ministry export", () => {
    fc.assert(
      fc.property(tableArb, ({ kinds, rows }) => {
        expectReadsBack(kinds, rows, parseCsv(writeMinisterio(kinds, rows), { locale: "es-PY" }));
      }),
      { numRuns: 150 },
    );
  });
});

describe("parseCsv on arbitrary input", () => {
  it("returns a consistent Table or throws an EnsayoError, never anything else", async () => {
    const { EnsayoError } = await import("../../src/errors.js");
    const chars = fc.constantFrom(..."ab1,;\t\"\n\r .-Ñé0S/DNA");
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 60 }).map((cs) => cs.join("")), fc.boolean(), (text, asBytes) => {
        try {
          const t = asBytes ? parseCsv(new TextEncoder().encode(text)) : parseCsv(text);
          for (const name of t.names) expect(t.columns[name]!.length).toBe(t.nRows);
          expect(new Set(t.names).size).toBe(t.names.length);
        } catch (e) {
          if (!(e instanceof EnsayoError)) throw e;
        }
      }),
      { numRuns: 400 },
    );
  });
});

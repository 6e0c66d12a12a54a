// Regression tests for the CSV items of issue #10 (hostile inputs): each reproduction from the
// issue, read through every entry point (text, bytes, file). Each of these failed before its fix.
import { isUtf8 } from "node:buffer";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as csvParseNative } from "csv-parse/sync";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { EnsayoError } from "../../src/errors.js";
import { readCsv, type CsvParseSync } from "../../src/data/csv-read.js";
import { ParseCsvOptionsSchema, parseCsv, resolveCsvOptions, type ParseCsvOptions } from "../../src/data/parse-csv.js";
import { named } from "../../src/internal/boundary.js";
import { parseOptions } from "../../src/internal/options.js";
import type { Table } from "../../src/data/table.js";
import { readCsvFile } from "../../src/node/read-csv-file.js";
import { thrownEnsayo as thrown } from "../helpers/errors.js";

const dir = mkdtempSync(join(tmpdir(), "ensayo-csvh-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const latin1 = (s: string): Uint8Array => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));
const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const writeTemp = (bytes: Uint8Array | string): string => {
  const path = join(dir, `${fileNo++}.csv`);
  writeFileSync(path, bytes);
  return path;
};

type Reader = (input: string | Uint8Array, options?: ParseCsvOptions) => Table;
const entryPoints: [string, Reader][] = [
  ["text", (t, o) => parseCsv(typeof t === "string" ? t : new TextDecoder().decode(t), o)],
  ["bytes", (t, o) => parseCsv(typeof t === "string" ? utf8(t) : t, o)],
  ["file", (t, o) => readCsvFile(writeTemp(t), o)],
  // The csv-parse path (bytes handed to csv-parse as they are, as readCsvFile does for some files).
  ["csv-parse", (t, o) => named("parseCsv", () => readCsv(typeof t === "string" ? utf8(t) : t, { options: resolveCsvOptions(parseOptions(ParseCsvOptionsSchema, o, "parseCsv"), o), parse: csvParseNative as unknown as CsvParseSync, source: "bytes", isUtf8 }))],
];
const notes = (t: Table): string => t.report.notes.join("\n");

describe.each(entryPoints)("hardened CSV reading from %s", (_label, read) => {
  // Item 1: a `;` file with dot decimals.
  it("keeps dot decimals in a `;` file as text and names the ambiguity, instead of reading them ×1000", () => {
    const t = read("id;x\n1;1.250\n2;2.375\n3;3.125\n");
    expect(t.types.x).toBe("text");
    expect(t.columns.x).toEqual(["1.250", "2.375", "3.125"]);
    expect(notes(t)).toMatch(/column 'x' was read as text: (\S+ )?line 2, column 'x' holds '1\.250', which could be 1\.25 \(decimal point\) or 1250 \(thousands dot\)/);
  });
  it("groups thousands when `thousands`, `locale` or the column itself says so", () => {
    expect(read("id;x\n1;1.250\n2;2.375\n", { thousands: "." }).columns.x).toEqual(new Float64Array([1250, 2375]));
    expect(read("id;x\n1;1.250\n2;2.375\n", { locale: "es-PY" }).columns.x).toEqual(new Float64Array([1250, 2375]));
    expect(read("id;x\n1;1.250\n2;2.375\n", { decimal: "." }).columns.x).toEqual(new Float64Array([1.25, 2.375]));
    // 3.500.000 can only be grouped, and 2,5 shows the decimal mark is the comma.
    expect(read("id;x\n1;1.250\n2;3.500.000\n").columns.x).toEqual(new Float64Array([1250, 3500000]));
    expect(read("id;x\n1;1.250\n2;2,5\n").columns.x).toEqual(new Float64Array([1250, 2.5]));
    expect(read("id;x\n1;1.250,5\n2;2.375\n").columns.x).toEqual(new Float64Array([1250.5, 2375]));
  });
  it("refuses an ambiguous thousands dot in a column `types` makes numeric, saying what to pass", () => {
    const e = thrown(() => read("id;x\n1;1.250\n2;2.375\n", { types: { x: "number" } }));
    expect(e.code).toBe("NOT_NUMERIC");
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/'1\.250' could be 1\.25 .* or 1250/);
  });

  // Item 7: mixed line ends with a quoted field.
  it("reads mixed LF / CRLF line ends with a quoted field as separate rows", () => {
    const t = read('x\r\n1\n2\r\n"3"\r\n');
    expect(t.nRows).toBe(3);
    expect(t.columns.x).toEqual(new Float64Array([1, 2, 3]));
    const u = read('a,b\r\n"1",2\n3,4\r\n5,6\n');
    expect(u.columns.a).toEqual(new Float64Array([1, 3, 5]));
  });

  // Item 8: integers above 2^53.
  it("keeps integers a double cannot hold exactly (above 2^53) as text, with a note", () => {
    const t = read("id,y\n12345678901234567,1\n12345678901234568,2\n");
    expect(t.types.id).toBe("text");
    expect(t.columns.id).toEqual(["12345678901234567", "12345678901234568"]);
    expect(notes(t)).toMatch(/column 'id' was read as text: (\S+ )?line 2, column 'id' holds '12345678901234567', an integer beyond 2\^53/);
    const u = read("id,y\n1,1\n-12345678901234567,2\n");
    expect(u.columns.id).toEqual(["1", "-12345678901234567"]);
    expect(notes(u)).toMatch(/line 3, column 'id' holds '-12345678901234567'/);
    // 2^53 itself is exact, and decimals or exponents are measurements, not ids.
    expect(read("x\n9007199254740992\n1.5e300\n0.5\n").columns.x).toEqual(new Float64Array([2 ** 53, 1.5e300, 0.5]));
    const e = thrown(() => read("id\n12345678901234567\n", { types: { id: "integer" } }));
    expect(e.code).toBe("NOT_NUMERIC");
    expect(e.message).toMatch(/2\^53/);
  });

  it("never reads ±Infinity or NaN into a numeric column: such a column is text, with a note naming the value", () => {
    for (const v of ["Inf", "-Inf", "Infinity", "1e400", "NaN"]) {
      const t = read(`x;y\n1;a\n${v};b\n`);
      expect(t.types.x).toBe("text");
      expect(notes(t)).toContain(`holds '${v}', which is not a number`);
      expect(thrown(() => read(`x;y\n1;a\n${v};b\n`, { types: { x: "number" } })).code).toBe("NOT_NUMERIC");
    }
  });

  // Item 12: line ends and layout.
  it("reads old-Mac CR-only line ends, quoted or not, with the right line numbers", () => {
    expect(read("a,b\r1,2\r3,4\r").columns.b).toEqual(new Float64Array([2, 4]));
    expect(read('a,b\r"1",2\r3,"x\ry"\r').columns.b).toEqual(["2", "x\ry"]);
    const e = thrown(() => read("a,b\r1,2\r3\r"));
    expect(e.code).toBe("RAGGED_ROW");
    expect(e.line).toBe(3);
  });
  it("skips Excel's `sep=;` first line, takes the delimiter from it and says so", () => {
    const t = read("sep=;\r\nid;x\r\n1;2,5\r\n");
    expect(t.names).toEqual(["id", "x"]);
    expect(t.columns.x).toEqual(new Float64Array([2.5]));
    expect(t.report.delimiter).toBe(";");
    expect(notes(t)).toMatch(/line 1 \('sep=;'\) .*skipped/);
    const u = read("sep=,\na,b\n1,2\n");
    expect(u.names).toEqual(["a", "b"]);
    const e = thrown(() => read("sep=,\na,b\n1,2\n3\n"));
    expect(e.line).toBe(4);
  });
  it("skips a title line above the header, names it in a note, and counts lines from the file's start", () => {
    for (const title of ["Planilla de docentes 2024", "Planilla de docentes 2024;;"]) {
      const t = read(`${title}\nid;region;edad\nP1;Central;40\nP2;Itapúa;35\n`);
      expect(t.names).toEqual(["id", "region", "edad"]);
      expect(t.nRows).toBe(2);
      expect(notes(t)).toContain(`line 1 ('${title}') looks like a title above the header and was skipped`);
      const e = thrown(() => read(`${title}\nid;region;edad\nP1;Central;40\nP2;Itapúa\n`));
      expect(e.line).toBe(4);
    }
    // skip: 0 reads the first line as the header.
    expect(read("Planilla\nid;edad\nP1;40\nP2;35\n", { skip: 0 }).names).toEqual(["Planilla"]);
    // skip: n skips n lines without asking.
    expect(read("a\nb\nid,edad\nP1,40\n", { skip: 2 }).names).toEqual(["id", "edad"]);
    // A one-column file whose values hold commas has no title.
    expect(read("nombre\nPérez, Juan\nGómez, Ana\n", { delimiter: ";" }).columns.nombre).toEqual(["Pérez, Juan", "Gómez, Ana"]);
    expect(thrown(() => read("nombre\nPérez, Juan\nGómez, Ana\n")).code).toBe("RAGGED_ROW");
  });
  it("skips whitespace-only lines, as blank lines, and counts them", () => {
    const t = read("a,b\n1,2\n   \n3,4\n\t\n\n5,6\n");
    expect(t.columns.a).toEqual(new Float64Array([1, 3, 5]));
    expect(notes(t)).toMatch(/3 blank or whitespace-only lines were skipped \(lines 3, 5, 6\)/);
  });
  it("says why a column is text when its first value is not a number but later ones are", () => {
    const t = read("x\nS/N\n1\n2\n");
    expect(t.types.x).toBe("text");
    expect(notes(t)).toMatch(/column 'x' was read as text: (\S+ )?line 2, column 'x' holds 'S\/N', which is not a number, though 2 of its 3 values are numbers/);
  });
});

describe("hardened decoding", () => {
  // Item 10: one Latin-1 line in a UTF-8 file.
  const mixed = concat(utf8("región;n\nItapúa;1\n"), latin1("Concepción;2\n"), utf8("Ñeembucú;3\n"), latin1("Caaguazú;4\n"));
  for (const [label, read] of [
    ["parseCsv (bytes)", () => parseCsv(mixed)],
    ["readCsvFile", () => readCsvFile(writeTemp(mixed))],
  ] as const) {
    it(`decodes a UTF-8 file with Latin-1 lines line by line and lists those lines (${label})`, () => {
      const t = read();
      expect(t.names).toEqual(["región", "n"]);
      expect(t.columns["región"]).toEqual(["Itapúa", "Concepción", "Ñeembucú", "Caaguazú"]);
      expect(notes(t)).toMatch(/lines 3, 5 are not valid UTF-8: decoded as Windows-1252 \(Latin-1\); the other lines as UTF-8/);
      expect(t.report.encoding).toBe("utf-8, windows-1252");
    });
  }
  it("reads a whole Latin-1 file as Windows-1252 as before", () => {
    const t = parseCsv(latin1("región;n\nConcepción;1\n"));
    expect(t.report.encoding).toBe("windows-1252");
    expect(t.names[0]).toBe("región");
  });

  // Item 12: UTF-16 without a byte-order mark.
  const utf16 = (s: string, be: boolean): Uint8Array => {
    const out = new Uint8Array(s.length * 2);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      out[2 * i + (be ? 1 : 0)] = c & 0xff;
      out[2 * i + (be ? 0 : 1)] = c >> 8;
    }
    return out;
  };
  for (const be of [false, true]) {
    const bytes = utf16('id,región\n1,Itapúa\n2,"Alto Paraná"\n', be);
    const enc = be ? "utf-16be" : "utf-16le";
    it(`detects ${enc} without a byte-order mark`, () => {
      for (const t of [parseCsv(bytes), readCsvFile(writeTemp(bytes))]) {
        expect(t.names).toEqual(["id", "región"]);
        expect(t.columns["región"]).toEqual(["Itapúa", "Alto Paraná"]);
        expect(t.report.encoding).toBe(enc);
        expect(notes(t)).toMatch(new RegExp(`no byte-order mark.*${enc.toUpperCase()}`));
      }
    });
  }
});

describe("wide files", () => {
  // Item 4: each column allocated an 8,192-slot interner up front (20,000 columns took ~1.4 GB).
  it("reads 20,000 columns × 2 rows in memory proportional to the file", () => {
    const n = 20_000;
    const header = Array.from({ length: n }, (_, i) => `c${i}`).join(",");
    const row = Array.from({ length: n }, (_, i) => (i % 2 ? `t${i}` : String(i))).join(",");
    const text = `${header}\n${row}\n${row}\n`;
    const before = process.resourceUsage().maxRSS;
    const t = parseCsv(text);
    const grownMiB = (process.resourceUsage().maxRSS - before) / 1024;
    expect(t.names).toHaveLength(n);
    expect(t.columns.c1).toEqual(["t1", "t1"]);
    expect(grownMiB).toBeLessThan(300);
  });
});

describe("line ends and blank lines on every tokenizer", () => {
  /** A comparable summary of a read (the note naming the tokenizer left out), or the error. */
  const outcome = (read: () => Table): unknown => {
    try {
      const t = read();
      const columns = Object.fromEntries(t.names.map((n) => [n, Array.from(t.columns[n]! as ArrayLike<unknown>, (v) => (Number.isNaN(v) ? "NaN" : v))]));
      return { names: t.names, columns, types: t.types, rows: t.nRows, notes: t.report.notes.filter((n) => !n.startsWith("quoted fields present")) };
    } catch (e) {
      if (!(e instanceof EnsayoError)) throw e;
      return { code: e.code, line: e.line, message: e.message.replace(/line \d+ has/, "line has") };
    }
  };
  it("reads unquoted text with any mix of LF, CRLF and CR, blank and whitespace-only lines as the quoted reader and csv-parse do (property)", () => {
    const cell = fc.constantFrom("1", "2,5", "x", "S/D", "", " 3 ", "1.250");
    const text = fc
      .record({
        nCols: fc.integer({ min: 1, max: 3 }),
        rows: fc.array(fc.tuple(fc.array(cell, { minLength: 3, maxLength: 3 }), fc.constantFrom("", "", "", "blank", "spaces", "tab")), { minLength: 1, maxLength: 6 }),
        ends: fc.array(fc.constantFrom("\n", "\r\n", "\r"), { minLength: 16, maxLength: 16 }),
        finalEol: fc.boolean(),
      })
      .map(({ nCols, rows, ends, finalEol }) => {
        const lines = [Array.from({ length: nCols }, (_, i) => `c${i}`).join(";")];
        for (const [cells, extra] of rows) {
          lines.push(cells.slice(0, nCols).join(";"));
          if (extra === "blank") lines.push("");
          if (extra === "spaces") lines.push("   ");
          if (extra === "tab") lines.push(" \t ");
        }
        const body = lines.map((l, k) => l + ends[k % ends.length]!).join("");
        return finalEol ? body : body.replace(/(\r\n|\n|\r)$/, "");
      });
    const parse = csvParseNative as unknown as CsvParseSync;
    fc.assert(
      fc.property(text, (t) => {
        const plain = outcome(() => parseCsv(t));
        // The same text with its header's first name quoted goes to the quoted reader, and as bytes to csv-parse.
        const quotedText = t.replace(/^c0/, '"c0"');
        expect(outcome(() => parseCsv(quotedText))).toEqual(plain);
        const options = resolveCsvOptions(parseOptions(ParseCsvOptionsSchema, {}, "parseCsv"), {});
        expect(outcome(() => named("parseCsv", () => readCsv(utf8(quotedText), { options, parse, source: "text", isUtf8 })))).toEqual(plain);
      }),
      { numRuns: 300, seed: 20261206 },
    );
  });
});

// Quoted CSV: the hand-written quoted reader must give exactly what csv-parse gave before it
// (values, types, report counts, line numbers, errors). Each case is read both ways: as text
// (the hand-written reader) and as UTF-8 bytes handed to the native csv-parse (the path every
// quoted file took before, and still the fallback).
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
import { parseOptions } from "../../src/internal/options.js";
import type { Table } from "../../src/data/table.js";
import { readCsvFile } from "../../src/node/read-csv-file.js";
import { thrownEnsayo as thrown } from "../helpers/errors.js";

const parse = csvParseNative as unknown as CsvParseSync;
const dir = mkdtempSync(join(tmpdir(), "ensayo-csvq-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;

/** Read with the hand-written reader (text) and with csv-parse (bytes); the outcome of each. */
function both(text: string, options: ParseCsvOptions = {}): { fast: unknown; csvParse: unknown; fastNotes: readonly string[] } {
  const opts = resolveCsvOptions(parseOptions(ParseCsvOptionsSchema, options, "parseCsv"), options);
  let fastNotes: readonly string[] = [];
  const fast = outcome(() => {
    const t = readCsv(text, { options: opts, parse, source: "text" });
    fastNotes = t.report.notes;
    return t;
  });
  const viaCsvParse = outcome(() => readCsv(new TextEncoder().encode(text), { options: opts, parse, source: "text", isUtf8 }));
  return { fast, csvParse: viaCsvParse, fastNotes };
}

/** A comparable summary of a read: the table (NaN as "NaN", notes about the path left out) or the error. */
function outcome(read: () => Table): unknown {
  try {
    const t = read();
    const columns: Record<string, unknown[]> = {};
    for (const name of t.names) columns[name] = Array.from(t.columns[name]! as ArrayLike<unknown>, (v) => (typeof v === "number" && Number.isNaN(v) ? "NaN" : v));
    const { notes, encoding: _e, ...report } = t.report;
    return { names: t.names, columns, types: t.types, report, notes: notes.filter((n) => !n.startsWith("quoted fields present")) };
  } catch (e) {
    if (!(e instanceof EnsayoError)) throw e;
    return { code: e.code, message: e.message, line: e.line, issues: e.issues };
  }
}


const viaFile = (text: string, options: ParseCsvOptions = {}): Table => {
  const path = join(dir, `${fileNo++}.csv`);
  writeFileSync(path, text);
  return readCsvFile(path, options);
};

const HAND = /hand-written reader/;

describe("quoted CSV on the hand-written reader", () => {
  it("reads an embedded delimiter, an embedded newline (LF and CRLF) and doubled quotes", () => {
    for (const eol of ["\n", "\r\n"]) {
      const text = ["id,nota,y", '1,"a, b",2', `2,"dos${eol}líneas",3`, '3,"dice ""hola""",4', '4,"""",5', '5,"",6'].join(eol) + eol;
      const t = parseCsv(text);
      expect(t.columns.nota).toEqual(["a, b", `dos${eol}líneas`, 'dice "hola"', '"', null]);
      expect(t.columns.y).toEqual(new Float64Array([2, 3, 4, 5, 6]));
      expect(t.report.missing.nota).toBe(1);
      expect(t.report.notes.join(" ")).toMatch(HAND);
      const b = both(text);
      expect(b.fast).toEqual(b.csvParse);
    }
  });

  it('reads a quoted missing code such as "S/D" as missing, as csv-parse did', () => {
    const text = 'id;puntaje;nombre\n"P1";"S/D";"S/D"\n"P2";"60,5";"Ana"\n';
    const t = parseCsv(text);
    expect(t.types).toEqual({ id: "text", puntaje: "number", nombre: "text" });
    expect(t.columns.puntaje).toEqual(new Float64Array([NaN, 60.5]));
    expect(t.columns.nombre).toEqual([null, "Ana"]);
    expect(t.report.missing).toEqual({ id: 0, puntaje: 1, nombre: 1 });
    const b = both(text);
    expect(b.fast).toEqual(b.csvParse);
  });

  it("reads quoted numbers with a decimal comma and thousands dots", () => {
    const text = 'id,salario,nota\n1,"3.500.000","60,5"\n2,"2.900.000,25","7"\n';
    const t = parseCsv(text, { locale: "es-PY" });
    expect(t.columns.salario).toEqual(new Float64Array([3500000, 2900000.25]));
    expect(t.columns.nota).toEqual(new Float64Array([60.5, 7]));
    expect(t.report.coerced).toEqual({ id: 0, salario: 2, nota: 1 });
    const b = both(text, { locale: "es-PY" });
    expect(b.fast).toEqual(b.csvParse);
  });

  it("drops spaces around quotes when trimming, and keeps them (and the quotes) as text otherwise", () => {
    const text = 'id,v\n 1 , "a" \n2,\t"b"\t\n3,"  c  "\n';
    const t = parseCsv(text);
    expect(t.columns.id).toEqual(new Float64Array([1, 2, 3]));
    expect(t.columns.v).toEqual(["a", "b", "c"]);
    expect(t.report.coerced.v).toBe(1); // only the spaces inside the quotes were trimmed by ensayo
    expect(t.report.notes.join(" ")).toMatch(HAND);
    const raw = parseCsv(text, { trim: false });
    expect(raw.columns.id).toEqual([" 1 ", "2", "3"]);
    expect(raw.columns.v).toEqual([' "a" ', '\t"b"\t', "  c  "]);
    for (const trim of [true, false]) {
      const b = both(text, { trim });
      expect(b.fast).toEqual(b.csvParse);
    }
  });

  it("keeps a quote inside an unquoted field as a character", () => {
    const t = parseCsv('id,medida\n1,5" pulgadas\n2,"x"\n');
    expect(t.columns.medida).toEqual(['5" pulgadas', "x"]);
    expect(t.report.notes.join(" ")).toMatch(HAND);
  });

  it("reads a final line without a newline, and skips blank lines", () => {
    for (const eol of ["\n", "\r\n"]) {
      const text = `a,b${eol}"1","x"${eol}${eol}  ${eol}"2","y"`;
      const t = parseCsv(text);
      expect(t.columns.a).toEqual(new Float64Array([1, 2]));
      expect(t.columns.b).toEqual(["x", "y"]);
      expect(t.report.rowsRead).toBe(2);
      const b = both(text);
      expect(b.fast).toEqual(b.csvParse);
    }
  });

  it("names the same lines as csv-parse after fields that span lines", () => {
    const text = 'id,nota\n1,"uno\ndos\ntres"\n2,"x",9\n';
    const e = thrown(() => parseCsv(text, { file: "multi.csv" }));
    expect(e.code).toBe("RAGGED_ROW");
    expect(e.line).toBe(5);
    expect(e.message).toContain("multi.csv line 5 has 3 fields");
    const b = both(text, { file: "multi.csv" });
    expect(b.fast).toEqual(b.csvParse);
    const typed = both('id,n\n1,"a\nb"\n2,"no"\n', { types: { n: "number" } });
    expect(typed.fast).toEqual(typed.csvParse);
    expect((typed.fast as { line: number }).line).toBe(3);
  });

  it("throws CSV_PARSE with the line for a quote left open at the end of the text", () => {
    for (const read of [(s: string) => parseCsv(s, { file: "abierto.csv" }), (s: string) => viaFile(s, { file: "abierto.csv" })]) {
      const e = thrown(() => read('a,b\n1,"x"\n2,"sin cerrar\n3,4'));
      expect(e.code).toBe("CSV_PARSE");
      expect(e.line).toBe(3);
      expect(e.message).toContain("abierto.csv line 3: a quoted field opens here and is never closed");
    }
    const b = both('a,b\n1,"x"\n2,"sin cerrar""\n');
    expect((b.fast as { code: string }).code).toBe("CSV_PARSE");
    expect(b.fast).toEqual(b.csvParse);
  });

  it("reads malformed quoting itself, with csv-parse's result or error (csv-parse is not in the core)", () => {
    // Text after a closing quote: an error when trimming, text without trimming.
    const e = thrown(() => parseCsv('a,b\n1,"x"y\n', { file: "cierre.csv" }));
    expect(e.code).toBe("CSV_PARSE");
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/^parseCsv: cierre.csv line 2: a closing quote is followed by other characters\./);
    const t = parseCsv('a,b\n1,"x"y\n', { trim: false });
    expect(t.columns.b).toEqual(['"x"y']);
    expect(t.report.notes.join(" ")).toMatch(HAND);
    for (const text of ['a,b\n1,"x"y\n', 'a,b\n1,"x""y"z"w,2\r\n3,4', 'a,b\n"1\n2"y\n3,4\n', '"a"b,c\n1,2\n']) {
      for (const trim of [true, false]) {
        const b = both(text, { trim });
        expect(b.fast).toEqual(b.csvParse);
        expect(b.fastNotes.join(" ")).not.toMatch(/read with csv-parse/);
      }
    }
    // Line ends that change from LF to CRLF, and lone CRs (old Mac files), are every one a line end:
    // read by the hand-written reader (these were handed over before, and csv-parse, which takes the
    // first line end as the only one, merged rows: issue #10 item 7), equal to csv-parse told that
    // every line end ends a record.
    for (const text of ['a,b\n1,"x"\r\n2,3\r\n', 'a,b\r"1",2\r3,4\r', 'a,b\r\n"1",2\n3,4\r\n']) {
      const b = both(text);
      expect(b.fast).toEqual(b.csvParse);
      expect(b.fastNotes.join(" ")).toMatch(HAND);
      expect((b.fast as { report: { rowsRead: number } }).report.rowsRead).toBe(2);
    }
  });

  it("reads a quoted file with readCsvFile exactly as parseCsv reads its text", () => {
    const text = '\uFEFFid,región,monto\r\n"P1","Itapúa","1,5"\r\n"P2","Alto\r\nParaná",S/D\r\n';
    const f = viaFile(text, { decimal: "," });
    const p = parseCsv(new TextEncoder().encode(text), { decimal: "," });
    expect(f.columns).toEqual(p.columns);
    expect(f.columns["región"]).toEqual(["Itapúa", "Alto\r\nParaná"]);
    expect(f.columns.monto).toEqual(new Float64Array([1.5, NaN]));
    expect(f.report.encoding).toBe("utf-8");
    expect(f.report.notes).toEqual(p.report.notes);
    expect(f.report.notes.join(" ")).toMatch(HAND);
  });

  it("gives csv-parse's outcome on generated quoted CSV (property)", () => {
    const plain = ["a", "1", "2,5", "3.5", "S/D", "NA", "", " x ", "01/02/2020", "sí", "-", "\u00a0", "1.234,5", 'b"c', "007", "z\f", "\fw"];
    const inner = ["a", "1", "2,5", ",", ";", '"', "\n", "\r\n", "\r", " ", "S/D", "", "3.5", "NA", "\t"];
    const quotedField = fc
      .record({
        v: fc.array(fc.constantFrom(...inner), { maxLength: 3 }),
        before: fc.constantFrom("", "", "", " ", "  "),
        after: fc.constantFrom("", "", "", " ", "\t"),
        broken: fc.constantFrom(...Array<string>(40).fill(""), "open", "tail"),
      })
      .map(({ v, before, after, broken }) => {
        const q = `"${v.join("").replaceAll('"', '""')}"`;
        return before + (broken === "open" ? q.slice(0, -1) : q) + (broken === "tail" ? "x" : "") + after;
      });
    const field = fc.oneof(quotedField, fc.constantFrom(...plain));
    const csv = fc
      .record({
        delimiter: fc.constantFrom(",", ";"),
        // One line end for the file, or a mix of LF, CRLF and CR line by line (issue #10 items 7 and 12).
        eol: fc.constantFrom("\n", "\r\n", "\n", "\r\n", "\r", "mixed"),
        nCols: fc.integer({ min: 1, max: 4 }),
        rows: fc.array(fc.tuple(fc.array(field, { minLength: 1, maxLength: 5 }), fc.constantFrom(false, false, false, false, false, false, false, false, false, true), fc.constantFrom("", "", "", "", "", "", "", "", "blank", "spaces")), { minLength: 1, maxLength: 6 }),
        finalEol: fc.boolean(),
        trim: fc.boolean(),
        types: fc.boolean(),
      })
      .map(({ delimiter, eol, nCols, rows, finalEol, trim, types }) => {
        const lines: string[] = [];
        for (const [fields, ragged, extra] of rows) {
          const cells = ragged ? fields : Array.from({ length: nCols }, (_, i) => fields[i % fields.length]!);
          lines.push(cells.map((c) => (delimiter === "," ? c.replace(/^([^"]*),/, "$1.") : c)).join(delimiter));
          if (extra === "blank") lines.push("");
          if (extra === "spaces") lines.push("  ");
        }
        const header = Array.from({ length: nCols }, (_, i) => (i === 0 ? '"id"' : `c${i}`)).join(delimiter);
        const ends = ["\n", "\r\n", "\r"];
        const end = (k: number): string => (eol === "mixed" ? ends[k % 3]! : eol);
        const body = [header, ...lines].map((l, k) => l + end(k)).join("");
        return { text: finalEol ? body : body.slice(0, body.length - end(lines.length).length), trim, types };
      });
    let handWritten = 0;
    fc.assert(
      fc.property(csv, ({ text, trim, types }) => {
        const b = both(text, { trim, ...(types ? { types: { id: "text" } } : {}) });
        expect(b.fast).toEqual(b.csvParse);
        if (b.fastNotes.some((n) => HAND.test(n))) handWritten++;
      }),
      { numRuns: 400, seed: 20261129 },
    );
    // The property must exercise the hand-written reader, not only the hand-over.
    expect(handWritten).toBeGreaterThan(100);
  });
});

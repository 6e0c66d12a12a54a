// One suite, three entry points: CSV text, its bytes, and a file on disk.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { EnsayoError } from "../../src/errors.js";
import { parseCsv, type ParseCsvOptions } from "../../src/data/parse-csv.js";
import type { Table } from "../../src/data/table.js";
import { readCsvFile } from "../../src/node/read-csv-file.js";
import { thrownEnsayo as thrown } from "../helpers/errors.js";

const dir = mkdtempSync(join(tmpdir(), "ensayo-csv-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;

type Reader = (text: string, options?: ParseCsvOptions & { name?: string }) => Table;
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

const entryPoints: [string, Reader][] = [
  ["text", (text, { name, ...o } = {}) => parseCsv(text, { ...(name ? { file: name } : {}), ...o })],
  ["bytes", (text, { name, ...o } = {}) => parseCsv(utf8(text), { ...(name ? { file: name } : {}), ...o })],
  [
    "file",
    (text, { name, ...o } = {}) => {
      const path = join(dir, `${fileNo++}-${name ?? "data.csv"}`);
      writeFileSync(path, text);
      return readCsvFile(path, { ...(name ? { file: name } : {}), ...o });
    },
  ],
];


describe.each(entryPoints)("reading CSV from %s", (_label, read) => {
  it("applies `types` given for a column called __proto__ (zod's record drops that key) and validates it", () => {
    const t = read("__proto__,y\n007,1\n008,2\n", { types: JSON.parse('{"__proto__":"text"}') });
    expect(t.types["__proto__"]).toBe("text");
    expect(t.columns["__proto__"]).toEqual(["007", "008"]);
    expect(() => read("__proto__,y\n007,1\n", { types: JSON.parse('{"__proto__":"txt"}') })).toThrow(/`types.__proto__`/);
  });
  it("reads a header called constructor alongside a schema that does not name it", () => {
    const t = read("constructor,y\n1,2\n3,4\n", { schema: z.object({ y: z.number() }) });
    expect(t.types["constructor"]).toBe("integer");
    expect(t.types.y).toBe("number");
  });
  it("infers integer, number, date, boolean and text columns", () => {
    const t = read("id,edad,puntaje,fecha,activo,region\nP0001,40,60.5,2024-03-01,sí,Central\nP0002,35,71,15/07/2023,no,Itapúa\n");
    expect(t.names).toEqual(["id", "edad", "puntaje", "fecha", "activo", "region"]);
    expect(t.nRows).toBe(2);
    expect({ ...t.types }).toEqual({ id: "text", edad: "integer", puntaje: "number", fecha: "date", activo: "boolean", region: "text" });
    expect(t.columns.edad).toEqual(new Float64Array([40, 35]));
    expect(t.columns.puntaje).toEqual(new Float64Array([60.5, 71]));
    expect(t.columns.fecha).toEqual(new Float64Array([Date.UTC(2024, 2, 1), Date.UTC(2023, 6, 15)]));
    expect(t.columns.activo).toEqual(new Float64Array([1, 0]));
    expect(t.columns.region).toEqual(["Central", "Itapúa"]);
    expect(t.report.delimiter).toBe(",");
    expect(t.report.rowsRead).toBe(2);
  });

  it("keeps 0/1 columns numeric (integer), not boolean", () => {
    const t = read("z\n1\n0\n1\n");
    expect(t.types.z).toBe("integer");
    expect(t.columns.z).toEqual(new Float64Array([1, 0, 1]));
  });

  it("reads missing codes as NaN in numeric columns and null in text columns, and counts them", () => {
    const t = read("id,y,g\nA,1.5,x\nB,NA,\nC,.,N/A\nD,S/D,s/d\nE,,y\n");
    expect(Array.from(t.columns.y as Float64Array)).toEqual([1.5, NaN, NaN, NaN, NaN]);
    expect(t.columns.g).toEqual(["x", null, null, null, "y"]);
    expect(t.report.missing.y).toBe(4);
    expect(t.report.missing.g).toBe(3);
    expect(t.report.missing.id).toBe(0);
  });

  it("takes its missing codes from `missing` when given", () => {
    const t = read("y\n-99\n3\nNA\n", { missing: ["-99"] });
    // "NA" is no longer a missing code, so the column is text.
    expect(t.types.y).toBe("text");
    expect(t.columns.y).toEqual([null, "3", "NA"]);
    const u = read("y\n-99\n3\n", { missing: ["-99"] });
    expect(Array.from(u.columns.y as Float64Array)).toEqual([NaN, 3]);
  });

  it("detects `;` and then reads decimal commas and thousands dots", () => {
    const t = read("id;puntaje;salario\nP1;60,5;3.500.000\nP2;S/D;2.900.000\n");
    expect(t.report.delimiter).toBe(";");
    expect(Array.from(t.columns.puntaje as Float64Array)).toEqual([60.5, NaN]);
    expect(t.columns.salario).toEqual(new Float64Array([3500000, 2900000]));
    expect(t.types.salario).toBe("integer");
    expect(t.report.coerced.puntaje).toBe(1);
    expect(t.report.coerced.salario).toBe(2);
    expect(t.report.notes.join(" ")).toMatch(/decimal comma/);
  });

  it("detects a tab delimiter", () => {
    const t = read("a\tb\n1\t2\n");
    expect(t.report.delimiter).toBe("\t");
    expect(t.columns.b).toEqual(new Float64Array([2]));
  });

  it('applies the "es-PY" preset with a comma delimiter too (quoted decimal commas)', () => {
    const t = read('id,monto\nA,"1.234,5"\nB,"12,25"\n', { locale: "es-PY" });
    expect(t.columns.monto).toEqual(new Float64Array([1234.5, 12.25]));
  });

  it("keeps ids such as P0001 and text such as 12,5,3 as text, and says why", () => {
    const t = read("id;puntaje\nP0001;12,5\nP0002;12,5,3\nP0003;13\n", { name: "endline.csv" });
    expect(t.types.id).toBe("text");
    expect(t.types.puntaje).toBe("text");
    expect(t.columns.puntaje).toEqual(["12,5", "12,5,3", "13"]);
    expect(t.report.notes.join("\n")).toContain("endline.csv line 3, column 'puntaje' holds '12,5,3', which is not a number");
  });

  it("keeps codes with leading zeros as text", () => {
    const t = read("codigo,n\n007,1\n012,2\n");
    expect(t.types.codigo).toBe("text");
    expect(t.columns.codigo).toEqual(["007", "012"]);
  });

  it("turns a column text when a later value is not a date, keeping the original strings", () => {
    const t = read("f\n01/02/2024\n2024-02-30\nmañana\n");
    expect(t.types.f).toBe("text");
    expect(t.columns.f).toEqual(["01/02/2024", "2024-02-30", "mañana"]);
  });

  it("rejects impossible dates", () => {
    const t = read("f\n29/02/2023\n");
    expect(t.types.f).toBe("text");
    const u = read("f\n29/02/2024\n");
    expect(u.columns.f).toEqual(new Float64Array([Date.UTC(2024, 1, 29)]));
  });

  it("trims header names, fills blanks, makes repeats unique and reports each change", () => {
    const t = read(" x ,x,,x_2,y\n1,2,3,4,5\n");
    expect(t.names).toEqual(["x", "x_3", "V3", "x_2", "y"]);
    expect(t.report.renamed).toEqual([
      { from: " x ", to: "x" },
      { from: "x", to: "x_3" },
      { from: "", to: "V3" },
    ]);
  });

  it("reads __proto__ and constructor headers as ordinary columns without touching any prototype", () => {
    const t = read("__proto__,constructor,toString\n1,a,2\n3,b,4\n");
    expect(t.names).toEqual(["__proto__", "constructor", "toString"]);
    expect(Object.getPrototypeOf(t.columns)).toBe(null);
    expect(t.columns["__proto__"]).toEqual(new Float64Array([1, 3]));
    expect(t.columns["constructor"]).toEqual(["a", "b"]);
    expect(t.report.missing["__proto__"]).toBe(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, "1")).toBe(false);
  });

  it("reads quoted fields with delimiters, quotes and line breaks (through csv-parse)", () => {
    const t = read('id,nota,y\n1,"a, b",2\n2,"dice ""hola""",3\n3,"dos\nlíneas",4\n');
    expect(t.columns.nota).toEqual(["a, b", 'dice "hola"', "dos\nlíneas"]);
    expect(t.columns.y).toEqual(new Float64Array([2, 3, 4]));
    expect(t.report.notes.join(" ")).toMatch(/csv-parse/);
  });

  it("handles CRLF line ends, blank lines and a missing final newline", () => {
    const t = read("a,b\r\n1,2\r\n\r\n3,4");
    expect(t.columns.a).toEqual(new Float64Array([1, 3]));
    expect(t.columns.b).toEqual(new Float64Array([2, 4]));
  });

  it("trims spaces around cells and counts the change", () => {
    const t = read("a,b\n 1 , x \n2,y\n");
    expect(t.columns.a).toEqual(new Float64Array([1, 2]));
    expect(t.columns.b).toEqual(["x", "y"]);
    expect(t.report.coerced.a).toBe(1);
    expect(t.report.coerced.b).toBe(1);
    const u = read("a,b\n 1 , x \n2,y\n", { trim: false });
    expect(u.columns.b).toEqual([" x ", "y"]);
  });

  it("fixes column types with `types`", () => {
    const t = read("id,z\n001,1\n002,0\n", { types: { id: "text", z: "number" } });
    expect(t.columns.id).toEqual(["001", "002"]);
    expect(t.types.z).toBe("number");
    const u = read("n\n007\n", { types: { n: "integer" } });
    expect(u.columns.n).toEqual(new Float64Array([7]));
  });

  it("uses a zod schema to fix types and validate cells", () => {
    const schema = z.object({ id: z.string(), sexo: z.enum(["F", "M"]), edad: z.number().int().min(18), nota: z.number().optional() });
    const t = read("id,sexo,edad,nota\n1,F,30,\n2,M,41,7.5\n", { schema });
    expect(t.types.id).toBe("text");
    expect(t.columns.id).toEqual(["1", "2"]);
    expect(Array.from(t.columns.nota as Float64Array)).toEqual([NaN, 7.5]);
  });

  // ── errors ──
  it("throws EMPTY_FILE for an empty file or only blank lines", () => {
    expect(thrown(() => read("")).code).toBe("EMPTY_FILE");
    const e = thrown(() => read("\n \r\n\n", { name: "vacio.csv" }));
    expect(e.code).toBe("EMPTY_FILE");
    expect(e.message).toContain("vacio.csv");
  });

  it("throws HEADER_ONLY for a header without rows", () => {
    const e = thrown(() => read("id,y\n", { name: "solo.csv" }));
    expect(e.code).toBe("HEADER_ONLY");
    expect(e.line).toBe(1);
    expect(e.message).toContain("solo.csv");
  });

  it("throws RAGGED_ROW with the line and the expected and found field counts", () => {
    const e = thrown(() => read("a,b,c\n1,2,3\n4,5\n", { name: "base.csv" }));
    expect(e.code).toBe("RAGGED_ROW");
    expect(e.line).toBe(3);
    expect(e.issues).toEqual([{ line: 3, expected: 3, got: 2 }]);
    expect(e.message).toContain("base.csv line 3 has 2 fields but the header (line 1) has 3");
    const more = thrown(() => read('a,b\n1,2\n"x",2,3\n'));
    expect(more.code).toBe("RAGGED_ROW");
    expect(more.issues).toEqual([{ line: 3, expected: 2, got: 3 }]);
  });

  it("throws CSV_PARSE for an unclosed quote, naming the line where it opens", () => {
    const e = thrown(() => read('a,b\n1,2\n3,"abierto\n5,6\n', { name: "roto.csv" }));
    expect(e.code).toBe("CSV_PARSE");
    expect(e.line).toBe(3);
    expect(e.message).toContain("roto.csv line 3");
  });

  it("throws NOT_NUMERIC with line, column and value when a schema requires numbers", () => {
    const text = "id;puntaje\n" + Array.from({ length: 212 }, (_, i) => `P${i};${50 + (i % 10)},5`).join("\n") + "\nP999;12,5,3\n";
    const e = thrown(() => read(text, { name: "endline.csv", schema: z.object({ id: z.string(), puntaje: z.number() }) }));
    expect(e.code).toBe("NOT_NUMERIC");
    expect(e.message).toContain("endline.csv line 214, column 'puntaje': '12,5,3' is not a number");
    expect(e.line).toBe(214);
    expect(e.column).toBe("puntaje");
    expect(e.value).toBe("12,5,3");
    expect(e.file).toBe("endline.csv");
  });

  it("throws NOT_NUMERIC listing every offending cell when `types` requires numbers", () => {
    const e = thrown(() => read("y\n1\nuno\n3\ndos\n", { types: { y: "number" } }));
    expect(e.code).toBe("NOT_NUMERIC");
    expect(e.issues).toHaveLength(2);
    expect((e.issues as { line: number; value: string }[]).map((i) => [i.line, i.value])).toEqual([
      [3, "uno"],
      [5, "dos"],
    ]);
  });

  it("throws MISSING_COLUMN when the schema requires a column the file lacks", () => {
    const e = thrown(() => read("id,puntaje_final\n1,2\n", { name: "endline.csv", schema: z.object({ id: z.string(), puntaje: z.number() }) }));
    expect(e.code).toBe("MISSING_COLUMN");
    expect(e.column).toBe("puntaje");
    expect(e.message).toContain("'puntaje'");
    expect(e.message).toContain("did you mean 'puntaje_final'");
  });

  it("throws MISSING_COLUMN when `types` names a column the file lacks", () => {
    const e = thrown(() => read("id,edad\n1,2\n", { types: { eda: "integer" } }));
    expect(e.code).toBe("MISSING_COLUMN");
    expect(e.message).toContain("did you mean 'edad'");
  });

  it("throws SCHEMA listing every failing cell with line, column and value", () => {
    const schema = z.object({ sexo: z.enum(["F", "M"]), edad: z.number().int().min(18) });
    const e = thrown(() => read("sexo,edad\nF,30\nX,17\nM,\nF,20.5\n", { name: "base.csv", schema }));
    expect(e.code).toBe("SCHEMA");
    const cells = (e.issues as { line: number; column: string; value: string | null }[]).map((i) => [i.line, i.column, i.value]);
    expect(cells).toEqual([
      [3, "sexo", "X"],
      [3, "edad", "17"],
      [4, "edad", null],
      [5, "edad", "20.5"],
    ]);
    expect(e.message).toContain("4 cells do not fit the schema in base.csv");
  });

  it("limits the listed SCHEMA issues to `maxIssues`", () => {
    const rows = Array.from({ length: 30 }, () => "Z").join("\n");
    const e = thrown(() => read(`sexo\n${rows}\n`, { schema: z.object({ sexo: z.enum(["F", "M"]) }), maxIssues: 5 }));
    expect(e.issues).toHaveLength(5);
    expect(e.message).toContain("30 cells");
  });

  it("refuses unknown options with INVALID_OPTION", () => {
    expect(thrown(() => read("a\n1\n", { delimiter: "x" as never })).code).toBe("INVALID_OPTION");
    expect(thrown(() => read("a\n1\n", { bogus: 1 } as never)).code).toBe("INVALID_OPTION");
    expect(thrown(() => read("a\n1\n", { decimal: ",", thousands: "," })).code).toBe("INVALID_OPTION");
  });
});

describe("bytes and files", () => {
  const latin1 = (s: string): Uint8Array => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));

  it("decodes Windows-1252 bytes when they are not valid UTF-8, and says so", () => {
    const t = parseCsv(latin1("region;n\nConcepción;1\nÑeembucú;2\nItapúa;3\n"));
    expect(t.columns.region).toEqual(["Concepción", "Ñeembucú", "Itapúa"]);
    expect(t.report.encoding).toBe("windows-1252");
    expect(t.report.notes.join(" ")).toMatch(/not valid UTF-8.*line 2/);
  });

  it("decodes Windows-1252 punctuation (0x80–0x9F) as browsers do", () => {
    const t = parseCsv(Uint8Array.from([0x78, 0x0a, 0x80, 0x35, 0x0a, 0x93, 0x61, 0x94, 0x0a]));
    expect(t.columns.x).toEqual(["€5", "“a”"]);
  });

  it("reads a Windows-1252 file with readCsvFile exactly as parseCsv reads its bytes", () => {
    const bytes = Uint8Array.from([...latin1("región;monto\nÑeembucú;1\n"), 0x80, 0x35, 0x3b, 0x32, 0x0a, 0x93, 0x61, 0x94, 0x3b, 0x33, 0x0a]);
    const path = join(dir, "c1.csv");
    writeFileSync(path, bytes);
    const f = readCsvFile(path);
    const b = parseCsv(bytes, { file: "c1.csv" });
    expect(f.columns["región"]).toEqual(["Ñeembucú", "€5", "“a”"]);
    expect(b.columns["región"]).toEqual(f.columns["región"]);
    expect(f.report.notes).toEqual(b.report.notes);
    expect(f.report.encoding).toBe("windows-1252");
  });

  it("removes a UTF-8 BOM and notes it", () => {
    const t = parseCsv(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8("id,y\nÑ,1\n")]));
    expect(t.names).toEqual(["id", "y"]);
    expect(t.columns.id).toEqual(["Ñ"]);
    expect(t.report.encoding).toBe("utf-8");
    expect(t.report.notes.join(" ")).toMatch(/BOM/);
    const s = parseCsv("\uFEFFid\n1\n");
    expect(s.names).toEqual(["id"]);
  });

  it("throws ENCODING naming the byte offset and line when encoding is utf-8 and bytes are not", () => {
    const bytes = latin1("region\nCentral\nItapúa\n");
    const e = thrown(() => parseCsv(bytes, { encoding: "utf-8", file: "base.csv" }));
    expect(e.code).toBe("ENCODING");
    expect(e.line).toBe(3);
    expect(e.message).toContain("base.csv line 3, byte 19"); // "region\n" (7 bytes) + "Central\n" (8) + "Itap" (4)
    expect(e.message).toContain("0xFA");
    const path = join(dir, "latin.csv");
    writeFileSync(path, bytes);
    const f = thrown(() => readCsvFile(path, { encoding: "utf-8" }));
    expect(f.code).toBe("ENCODING");
    expect(f.file).toBe("latin.csv");
  });

  it("reads given latin1 / windows-1252 bytes without detection", () => {
    const t = parseCsv(latin1("r\nÑeembucú\n"), { encoding: "latin1" });
    expect(t.columns.r).toEqual(["Ñeembucú"]);
    expect(t.report.encoding).toBe("windows-1252");
  });

  it("names the file in report.source and refuses a missing file clearly", () => {
    const path = join(dir, "fuente.csv");
    writeFileSync(path, "a\n1\n");
    expect(readCsvFile(path).report.source).toBe("fuente.csv");
    expect(parseCsv("a\n1\n").report.source).toBe("text");
    expect(parseCsv(utf8("a\n1\n")).report.source).toBe("bytes");
    const e = thrown(() => readCsvFile(join(dir, "no-existe.csv")));
    expect(e.code).toBe("INVALID_DATA");
    expect(e.message).toContain("no such file");
  });

  it("refuses input that is neither text nor bytes", () => {
    expect(thrown(() => parseCsv(42 as never)).code).toBe("INVALID_DATA");
  });

  it("never modifies the caller's bytes", () => {
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8("a;b\n1,5;2\n")]);
    const copy = bytes.slice();
    parseCsv(bytes);
    expect(bytes).toEqual(copy);
  });
});

describe("forced date and boolean types", () => {
  it("accept 1/0 in a boolean column and report non-dates as SCHEMA issues", () => {
    const t = parseCsv("ok,f\nsí,01/02/2024\n0,2024-02-03\n1,\n", { types: { ok: "boolean", f: "date" } });
    expect(t.columns.ok).toEqual(new Float64Array([1, 0, 1]));
    expect(Array.from(t.columns.f as Float64Array)).toEqual([Date.UTC(2024, 1, 1), Date.UTC(2024, 1, 3), NaN]);
    let err: EnsayoError | undefined;
    try {
      parseCsv("f\n01/02/2024\nayer\n", { types: { f: "date" }, file: "x.csv" });
    } catch (e) {
      err = e as EnsayoError;
    }
    expect(err?.code).toBe("SCHEMA");
    expect(err?.issues).toEqual([{ line: 3, column: "f", value: "ayer", message: "'ayer' is not a date (dd/mm/yyyy or yyyy-mm-dd)" }]);
  });

  it("report trimmed header names on the quoted (csv-parse) path too", () => {
    const t = parseCsv(' id ,"nota"\n1,"a, b"\n');
    expect(t.names).toEqual(["id", "nota"]);
    expect(t.report.renamed).toEqual([{ from: " id ", to: "id" }]);
  });
});

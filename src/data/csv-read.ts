/**
 * The CSV reader behind `parseCsv` (core) and `readCsvFile` (`ensayo/node`), read top to bottom:
 * decode (csv-decode) → sniff the layout and number rules (csv-sniff) → tokenize into column
 * builders (csv-tokenize, csv-columns) that infer types on the stream (csv-infer) → re-read
 * columns that turned out to be text → check cells against `types` and the schema (csv-schema).
 * Internal to the data layer.
 */
import { EnsayoError } from "../errors.js";
import { ColumnSet } from "./csv-columns.js";
import { decodeBytes, looksUtf16 } from "./csv-decode.js";
import { makeReadContext } from "./csv-infer.js";
import type { ReadCsvRequest } from "./csv-options.js";
import { notNumericError, schemaFields, validateCells, type Origin } from "./csv-schema.js";
import { numberRules, sniffLayout } from "./csv-sniff.js";
import { tokenizeQuoted, tokenizeUnquoted, tokenizeWithCsvParse, type Sink } from "./csv-tokenize.js";
import { nullRecord, type Column, type ColumnType, type DataReport, type Table } from "./table.js";

export type { CsvParseSync, ReadCsvRequest, ResolvedCsvOptions, CellIssue } from "./csv-options.js";

/** Read CSV text or bytes into a `Table`. */
export function readCsv(input: string | Uint8Array, request: ReadCsvRequest): Table {
  const { options } = request;
  const src = prepareSource(input, request);
  input = ""; // let the bytes be collected while the text is read
  const origin: Origin = { file: options.file, where: options.file ?? "the CSV text" };
  if (src.rawBytes === null && src.text.trim() === "") throw emptyFile(origin);

  const layout = sniffLayout(src.text, 0, options);
  const numbers = numberRules(layout.delimiter, options);
  const notes = [...src.notes, ...layout.notes, ...numbers.notes];
  const ctx = makeReadContext(numbers.format, numbers.thousandsAssumed, options.missing, options.trim, options.maxIssues);
  const schema = schemaFields(options.schema);
  const set = new ColumnSet(src.lineCount, ctx, options, schema, origin, layout.delimiter);

  // Text without quotes: the plain splitter; quoted text: the hand-written quoted reader (malformed
  // quoting included). Only a caller that hands UTF-8 bytes over as they are (with `parse` and
  // `isUtf8`: the tests' reference reader) reaches csv-parse.
  const { text, rawBytes } = src;
  const start = layout.start;
  const where = { file: options.file };
  const path: "plain" | "quoted" | "csv-parse" = rawBytes !== null ? "csv-parse" : text.indexOf('"', start.at) < 0 ? "plain" : "quoted";
  const tokenize = (sink: Sink): void => {
    if (path === "plain") tokenizeUnquoted(text, start, layout.delimiter, options.trim, sink);
    else if (path === "quoted") tokenizeQuoted(text, start, layout.delimiter, options.trim, sink, where);
    else {
      const from = rawBytes!.subarray(new TextEncoder().encode(text.slice(0, start.at)).length);
      tokenizeWithCsvParse({ input: from, head: text, start }, layout.delimiter, options.trim, sink, () => set.nCols, request.parse!, options.file);
    }
  };
  tokenize(set);
  if (set.nCols === 0) throw emptyFile(origin);
  if (set.nRows === 0) throw headerOnly(set, origin);

  // Second pass for columns that turned out to be text.
  const demoted = set.demoted(notes);
  if (demoted.length) {
    const only = new Map(demoted.map((b) => [b.index, b]));
    let row = 0;
    tokenize({ header() {}, blank() {}, field: (f, s, a, b) => only.get(f)?.add(row, s, a, b), endRow: () => void row++ });
  }

  const done = set.finish(notes);
  if (done.nBadNumbers > 0) throw notNumericError(done.badNumbers, done.nBadNumbers, numbers.decimal, options.maxIssues, origin);
  if (schema || done.nTypeIssues > 0) {
    validateCells({ ...done, nRows: set.nRows, rowLines: set.rowLines }, schema, done.typeIssues, done.nTypeIssues, options.maxIssues, origin);
  }
  const pathNote = { plain: [], quoted: ["quoted fields present: read by the hand-written reader with csv-parse's quoting rules"], "csv-parse": ["quoted fields present: read with csv-parse"] }[path];
  return makeTableOwned(set.names, done.columns, done.types, {
    source: options.file ?? request.source,
    rowsRead: set.nRows,
    missing: done.missing,
    coerced: done.coerced,
    renamed: set.renamed,
    ...(src.encoding !== undefined ? { encoding: src.encoding } : {}),
    delimiter: layout.delimiter,
    notes: [...notes, ...pathNote],
  });
}

/** The text to read (or, for valid UTF-8 bytes handed to a given csv-parse as they are, its first 64 KiB). */
interface Source {
  readonly text: string;
  readonly rawBytes: Uint8Array | null;
  readonly encoding: string | undefined;
  readonly notes: string[];
  /** Lines in the input plus one: an upper bound for the data rows. */
  readonly lineCount: number;
}

function prepareSource(input: string | Uint8Array, request: ReadCsvRequest): Source {
  const { options, isUtf8 } = request;
  const notes = [...(request.notes ?? [])];
  if (input instanceof Uint8Array && isUtf8 && request.parse && options.encoding !== "latin1" && options.encoding !== "windows-1252" && input.indexOf(0x22) >= 0) {
    // UTF-8 bytes with quotes go to csv-parse as they are (Node): no copy as text.
    const bom = input.length >= 3 && input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf ? 3 : 0;
    const utf16 = (input.length >= 2 && ((input[0] === 0xff && input[1] === 0xfe) || (input[0] === 0xfe && input[1] === 0xff))) || looksUtf16(input) !== null;
    const body = input.subarray(bom);
    if (!utf16 && isUtf8(body)) {
      if (bom) notes.push("a UTF-8 byte-order mark (BOM) was found and removed");
      // The first 64 KiB as text: enough for the header, the delimiter and the raw header names.
      const text = new TextDecoder("utf-8").decode(body.subarray(0, 1 << 16));
      return { text, rawBytes: body, encoding: request.encoding ?? "utf-8", notes, lineCount: countLines(body) };
    }
  }
  let text: string;
  let encoding = request.encoding;
  if (typeof input === "string") {
    text = input;
    if (text.charCodeAt(0) === 0xfeff) {
      text = text.slice(1);
      notes.push(encoding !== undefined ? "a UTF-8 byte-order mark (BOM) was found and removed" : "a byte-order mark (BOM) at the start of the text was removed");
    }
  } else {
    const decoded = decodeBytes(input, options.encoding, options.file);
    text = decoded.text;
    encoding = decoded.encoding;
    notes.push(...decoded.notes);
  }
  return { text, rawBytes: null, encoding, notes, lineCount: countLines(text) };
}

/** Line ends (LF, or CR where there is no LF) plus one. */
function countLines(s: string | Uint8Array): number {
  const find = (c: string, code: number, from: number): number => (typeof s === "string" ? s.indexOf(c, from) : s.indexOf(code, from));
  let n = 1;
  for (let i = find("\n", 10, 0); i >= 0; i = find("\n", 10, i + 1)) n++;
  if (n === 1) for (let i = find("\r", 13, 0); i >= 0; i = find("\r", 13, i + 1)) n++;
  return n;
}

function emptyFile({ file, where }: Origin): EnsayoError {
  return new EnsayoError("EMPTY_FILE", `${where} is empty (no header and no rows)`, {
    ...(file ? { file } : {}),
    hint: "Check that the right file was given and that it was saved with its contents",
  });
}

function headerOnly(set: ColumnSet, { file, where }: Origin): EnsayoError {
  const names = set.names;
  return new EnsayoError("HEADER_ONLY", `${where} has a header (${names.slice(0, 6).join(", ")}${names.length > 6 ? ", …" : ""}) but no data rows`, {
    ...(file ? { file } : {}),
    line: set.headerLine,
    hint: "Check that the export included the data, not only the column names",
  });
}

/**
 * Freeze a table from columns this module owns (no copy: the reader's arrays are new).
 * Built the same way as `makeTable`.
 */
function makeTableOwned(names: string[], columns: Record<string, Column>, types: Record<string, ColumnType>, report: Partial<DataReport>): Table {
  const nRows = names.length ? columns[names[0]!]!.length : 0;
  return Object.freeze({
    kind: "table" as const,
    names: Object.freeze([...names]),
    nRows,
    columns,
    types,
    report: Object.freeze({
      source: report.source ?? "text",
      rowsRead: report.rowsRead ?? nRows,
      missing: report.missing ?? nullRecord<number>(),
      coerced: report.coerced ?? nullRecord<number>(),
      renamed: report.renamed ?? [],
      notes: report.notes ?? [],
      ...(report.encoding !== undefined ? { encoding: report.encoding } : {}),
      ...(report.delimiter !== undefined ? { delimiter: report.delimiter } : {}),
    }),
  });
}

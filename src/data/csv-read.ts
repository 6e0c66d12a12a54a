/**
 * The CSV reader behind `parseCsv` (core) and `readCsvFile` (`ensayo/node`).
 *
 * Text is split into fields by one of two tokenizers and every field goes straight into
 * its column builder (rows are never held as arrays of strings):
 * - a hand-written fast path when the text contains no quote character at all (then a
 *   field is exactly the text between delimiters, so splitting is trivially correct);
 * - a hand-written quoted path otherwise (quoted fields, embedded delimiters and newlines,
 *   escaped quotes), reading exactly what csv-parse reads with ensayo's options;
 * - `csv-parse` when the quoted path hands over (malformed quoting, mixed line ends) or only
 *   bytes are at hand, driven record by record through its `on_record` hook, which drops
 *   each record after its fields are stored.
 *
 * Column types are inferred on the stream: a column starts as the type of its first
 * non-missing value and stays a `Float64Array`; if a later value does not fit, the column
 * becomes text and is filled with the original strings by a second pass over the text.
 * Internal to the data layer.
 */
import type { z } from "zod";
import type { ZodMiniObject } from "zod/mini";
import { zodMessages } from "../internal/options.js";
import { EnsayoError, showValue } from "../errors.js";
import { nearMatches } from "./columns.js";
import { decodeBytes, type CsvEncoding } from "./csv-decode.js";
import { formatDate, numberWasCoerced, parseBoolean, parseDate, parseNumber, type NumberFormat } from "./csv-values.js";
import { nullRecord, type Column, type ColumnType, type DataReport, type Table } from "./table.js";

/** The parse function of `csv-parse/sync` (native in Node, or its browser build). */
export type CsvParseSync = (input: string, options: Record<string, unknown>) => unknown;

/** Options after validation and the defaults of a locale preset. */
export interface ResolvedCsvOptions {
  delimiter: "auto" | "," | ";" | "\t" | "|";
  /** Delimiter assumed when `auto` finds none in the header (one column): `;` for `es-PY`. */
  fallbackDelimiter: "," | ";";
  decimal: "auto" | "." | ",";
  thousands: "auto" | "none" | "." | "," | " " | "'";
  encoding: CsvEncoding;
  missing: readonly string[];
  schema: z.ZodObject | ZodMiniObject | undefined;
  types: Readonly<Record<string, ColumnType>> | undefined;
  file: string | undefined;
  trim: boolean;
  maxIssues: number;
}

/** One offending cell, as listed in `EnsayoError.issues` for `NOT_NUMERIC` and `SCHEMA`. */
export interface CellIssue {
  readonly line: number;
  readonly column: string;
  readonly value: string | null;
  readonly message: string;
}

const enum Mode {
  Empty,
  Number,
  Date,
  Boolean,
  Text,
  Demoted,
}

const SPACE = (c: number): boolean => c === 32 || c === 9 || c === 160;

/** Everything shared by the column builders of one read. */
interface ReadContext {
  readonly fmt: NumberFormat;
  readonly fmtForced: NumberFormat;
  readonly missing: ReadonlySet<string>;
  /** First char codes of the missing codes (a cell starting otherwise is never missing). */
  readonly missingFirst: ReadonlySet<number>;
  readonly missingMaxLen: number;
  /** True when some missing code would also read as a number (then check codes first). */
  readonly missingFirstCheck: boolean;
  readonly trim: boolean;
}

/**
 * Repeated text values (regions, offices, arms) stored once, looked up straight from the
 * source range so that a repeated value allocates nothing. Gives up (returns plain
 * substrings) past 4096 distinct values, where values are mostly unique (ids, names).
 */
class Interner {
  private readonly slots: (string | undefined)[] = new Array(8192);
  private size = 0;
  full = false;

  get(s: string, a: number, b: number): string {
    if (this.full) return a === 0 && b === s.length ? s : s.slice(a, b);
    let h = 2166136261;
    for (let i = a; i < b; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
    const mask = 8191;
    const len = b - a;
    for (let k = h & mask; ; k = (k + 1) & mask) {
      const t = this.slots[k];
      if (t === undefined) {
        const v = a === 0 && b === s.length ? s : s.slice(a, b);
        if (this.size >= 4096) {
          this.full = true;
          return v;
        }
        this.slots[k] = v;
        this.size++;
        return v;
      }
      if (t.length === len) {
        let same = true;
        for (let i = 0; i < len; i++) {
          if (t.charCodeAt(i) !== s.charCodeAt(a + i)) {
            same = false;
            break;
          }
        }
        if (same) return t;
      }
    }
  }
}

class ColumnBuilder {
  mode: Mode = Mode.Empty;
  values: Float64Array;
  texts: (string | null)[] | null = null;
  /** Rows to allocate for (grown with `grow`). */
  capacity = 0;
  missing = 0;
  coerced = 0;
  allInt = true;
  /** First value that did not fit the inferred type. */
  demotedAt: { row: number; value: string; was: Mode } | null = null;
  /** Cells that do not fit a forced type. */
  bad: { row: number; value: string }[] = [];
  nBad = 0;
  private intern: Interner | null = new Interner();

  constructor(
    readonly name: string,
    readonly forced: ColumnType | undefined,
    capacity: number,
    private readonly ctx: ReadContext,
    private readonly maxIssues: number,
  ) {
    this.values = new Float64Array(0);
    this.capacity = capacity;
    if (forced === "text") {
      this.mode = Mode.Text;
      this.texts = new Array<string | null>(capacity);
    } else if (forced !== undefined) {
      this.mode = forced === "date" ? Mode.Date : forced === "boolean" ? Mode.Boolean : Mode.Number;
      this.values = new Float64Array(capacity);
    }
  }

  grow(capacity: number): void {
    this.capacity = capacity;
    if (this.values.length === 0 || this.values.length >= capacity) return;
    const next = new Float64Array(capacity);
    next.set(this.values);
    this.values = next;
  }

  private isMissing(s: string, a: number, b: number): boolean {
    if (a === b) return true;
    if (b - a > this.ctx.missingMaxLen || !this.ctx.missingFirst.has(s.charCodeAt(a))) return false;
    return this.ctx.missing.has(s.slice(a, b));
  }

  private text(s: string, a: number, b: number): string {
    const m = this.intern;
    if (m === null) return a === 0 && b === s.length ? s : s.slice(a, b);
    return m.get(s, a, b);
  }

  add(row: number, s: string, a: number, b: number): void {
    const mode = this.mode;
    if (mode === Mode.Demoted) return;
    let trimmed = false;
    if (this.ctx.trim && a < b && (SPACE(s.charCodeAt(a)) || SPACE(s.charCodeAt(b - 1)))) {
      while (a < b && SPACE(s.charCodeAt(a))) a++;
      while (b > a && SPACE(s.charCodeAt(b - 1))) b--;
      trimmed = true;
    }
    if (mode === Mode.Number) {
      if (this.ctx.missingFirstCheck && this.isMissing(s, a, b)) {
        this.values[row] = NaN;
        this.missing++;
        return;
      }
      const v = parseNumber(s, a, b, this.forced ? this.ctx.fmtForced : this.ctx.fmt);
      if (v === v) {
        this.values[row] = v;
        if (numberWasCoerced || trimmed) this.coerced++;
        if (this.allInt && !Number.isInteger(v)) {
          this.allInt = false;
          if (this.forced === "integer") this.badCell(row, s.slice(a, b));
        }
        return;
      }
      if (this.isMissing(s, a, b)) {
        this.values[row] = NaN;
        this.missing++;
        return;
      }
      this.misfit(row, s.slice(a, b));
      return;
    }
    if (this.isMissing(s, a, b)) {
      this.missing++;
      if (mode === Mode.Text) this.texts![row] = null;
      else if (mode !== Mode.Empty) this.values[row] = NaN;
      return;
    }
    if (mode === Mode.Text) {
      this.texts![row] = this.text(s, a, b);
      if (trimmed) this.coerced++;
      return;
    }
    if (mode === Mode.Date) {
      const v = parseDate(s, a, b);
      if (v === v) {
        this.values[row] = v;
        if (trimmed) this.coerced++;
      } else this.misfit(row, s.slice(a, b));
      return;
    }
    if (mode === Mode.Boolean) {
      let v = parseBoolean(s, a, b);
      if (v !== v && this.forced === "boolean" && b - a === 1) {
        const c = s.charCodeAt(a);
        v = c === 49 ? 1 : c === 48 ? 0 : NaN;
      }
      if (v === v) {
        this.values[row] = v;
        if (trimmed) this.coerced++;
      } else this.misfit(row, s.slice(a, b));
      return;
    }
    // Mode.Empty: the first value decides the provisional type.
    if (parseNumber(s, a, b, this.ctx.fmt) === parseNumber(s, a, b, this.ctx.fmt)) this.mode = Mode.Number;
    else if (parseDate(s, a, b) === parseDate(s, a, b)) this.mode = Mode.Date;
    else if (parseBoolean(s, a, b) === parseBoolean(s, a, b)) this.mode = Mode.Boolean;
    else this.mode = Mode.Text;
    if (this.mode === Mode.Text) {
      this.texts = new Array<string | null>(Math.max(this.capacity, row + 1)).fill(null, 0, row);
    } else {
      const cap = Math.max(this.capacity, row + 1);
      this.values = new Float64Array(cap);
      this.values.fill(NaN, 0, row);
    }
    // Store the value in the chosen mode (a and b are already trimmed).
    this.add(row, s, a, b);
    if (trimmed) this.coerced++;
  }


  private badCell(row: number, value: string): void {
    this.nBad++;
    if (this.bad.length < this.maxIssues) this.bad.push({ row, value });
  }

  private misfit(row: number, value: string): void {
    if (this.forced !== undefined) {
      this.values[row] = NaN;
      this.badCell(row, value);
      return;
    }
    this.demotedAt = { row, value, was: this.mode };
    this.mode = Mode.Demoted;
    this.values = new Float64Array(0);
    this.texts = null;
  }

  /** Second pass for a demoted column: collect every value as text. */
  startTextPass(): void {
    this.mode = Mode.Text;
    this.texts = new Array<string | null>(this.capacity);
    this.missing = 0;
    this.coerced = 0;
    this.intern = new Interner();
  }

  finish(nRows: number): { column: Column; type: ColumnType } {
    switch (this.mode) {
      case Mode.Empty:
        return { column: new Array<string | null>(nRows).fill(null), type: this.forced ?? "text" };
      case Mode.Text: {
        const texts = this.texts!;
        if (texts.length !== nRows) texts.length = nRows;
        return { column: texts, type: "text" };
      }
      case Mode.Number:
        return {
          column: fit(this.values, nRows),
          type: this.forced === "number" || this.forced === "integer" ? this.forced : this.allInt ? "integer" : "number",
        };
      case Mode.Date:
        return { column: fit(this.values, nRows), type: "date" };
      case Mode.Boolean:
        return { column: fit(this.values, nRows), type: "boolean" };
      default:
        throw new Error("internal: a demoted column was not re-read");
    }
  }
}

/** The first `n` values: a view when the unused tail is small (no copy at peak memory), else a copy. */
function fit(values: Float64Array, n: number): Float64Array {
  if (values.length === n) return values;
  return values.length - n <= 64 + (n >> 8) ? values.subarray(0, n) : values.slice(0, n);
}

const MODE_NAME: Record<number, string> = { [Mode.Number]: "a number", [Mode.Date]: "a date", [Mode.Boolean]: "true/false" };

// ── tokenizing ──────────────────────────────────────────────────────────────

interface Sink {
  /** Called with the header fields. */
  header(fields: string[], line: number): void;
  /** Called for every field of a data row; `field` counts from 0. */
  field(field: number, s: string, a: number, b: number): void;
  /** Called at the end of each data row with its number of fields and its (last) line. */
  endRow(nFields: number, line: number): void;
}

function splitHeader(line: string, delimiter: string): string[] {
  return line.split(delimiter);
}

/** Fast path: the text has no `"`, so fields are the text between delimiters. */
function tokenizeUnquoted(text: string, delimiter: string, sink: Sink, fromLine = 1): void {
  const n = text.length;
  let pos = 0;
  let line = fromLine;
  let header = true;
  let nCols = 0;
  while (pos < n) {
    let eol = text.indexOf("\n", pos);
    if (eol < 0) eol = n;
    let lineEnd = eol;
    if (lineEnd > pos && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    if (lineEnd === pos) {
      pos = eol + 1;
      line++;
      continue;
    }
    if (header) {
      const fields = splitHeader(text.slice(pos, lineEnd), delimiter);
      nCols = fields.length;
      sink.header(fields, line);
      header = false;
    } else {
      let f = 0;
      let a = pos;
      for (;;) {
        let b = text.indexOf(delimiter, a);
        if (b < 0 || b > lineEnd) b = lineEnd;
        if (f < nCols) sink.field(f, text, a, b);
        f++;
        if (b === lineEnd) break;
        a = b + 1;
      }
      sink.endRow(f, line);
    }
    pos = eol + 1;
    line++;
  }
}

/** Characters csv-parse's `trim` skips before a field and after a closing quote (its "timchars", minus line ends). */
function isLeadTrim(c: number, delim: number): boolean {
  return c === 32 || c === 12 || (c === 9 && delim !== 9);
}

/** What `String.prototype.trimEnd` removes (csv-parse right-trims unquoted fields with it). */
function isJsSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return c === 160 || c === 5760 || (c >= 8192 && c <= 8202) || c === 8232 || c === 8233 || c === 8239 || c === 8287 || c === 12288 || c === 65279;
}

/**
 * Fast path for quoted text: RFC 4180 quoting read exactly as `tokenizeWithCsvParse` reads it
 * (csv-parse with `relax_quotes`, `relax_column_count`, `skip_empty_lines` and `trim`): the same
 * records, the same field values and the same line numbers (csv-parse's `info.lines`, which
 * counts every CR and every LF inside quotes), streamed into the sink without rows of strings.
 *
 * Returns `false` as soon as the text holds something this path does not reproduce (an
 * unclosed quote, text after a closing quote, a lone CR, line ends that mix CRLF and LF outside
 * quotes); the caller then reads the whole text again with csv-parse, which gives the records
 * read so far identically and then the same result or `CSV_PARSE` error as before.
 */
function tokenizeQuoted(text: string, delimiter: string, sink: Sink, trim: boolean, head: string, parse: CsvParseSync): boolean {
  const n = text.length;
  const delim = delimiter.charCodeAt(0);
  let nl = text.indexOf("\n");
  if (nl < 0) nl = n;
  let cr = text.indexOf("\r");
  if (cr < 0) cr = n;
  let dc = -1;
  /** Record delimiter: unknown until the first line end outside quotes (csv-parse's auto-discovery). */
  let crlf: boolean | null = null;
  let line = 1;
  let header = true;
  let headerFields: string[] = [];
  let nCols = 0;
  let pos = 0;
  while (pos < n) {
    // One record from `pos`.
    let f = 0;
    let p = pos;
    let rowEnd = false;
    let skip = false;
    while (!rowEnd) {
      if (trim) while (p < n && isLeadTrim(text.charCodeAt(p), delim)) p++;
      if (nl < p) {
        nl = text.indexOf("\n", p);
        if (nl < 0) nl = n;
      }
      if (cr < p) {
        cr = text.indexOf("\r", p);
        if (cr < 0) cr = n;
      }
      let s = text;
      let a: number;
      let b: number;
      let next: number;
      if (p < n && text.charCodeAt(p) === 34) {
        // Quoted field.
        let q = text.indexOf('"', p + 1);
        let escaped = false;
        while (q >= 0 && q + 1 < n && text.charCodeAt(q + 1) === 34) {
          escaped = true;
          q = text.indexOf('"', q + 2);
        }
        if (q < 0) return false;
        // Line ends inside the quotes: csv-parse counts each CR and each LF.
        while (nl < q) {
          line++;
          nl = text.indexOf("\n", nl + 1);
          if (nl < 0) nl = n;
        }
        while (cr < q) {
          line++;
          cr = text.indexOf("\r", cr + 1);
          if (cr < 0) cr = n;
        }
        if (escaped) {
          s = text.slice(p + 1, q).replaceAll('""', '"');
          a = 0;
          b = s.length;
        } else {
          a = p + 1;
          b = q;
        }
        let r = q + 1;
        if (trim) while (r < n && isLeadTrim(text.charCodeAt(r), delim)) r++;
        if (r >= n) {
          rowEnd = true;
          next = n;
        } else {
          const c = text.charCodeAt(r);
          if (c === delim) next = r + 1;
          else if (c === 10) {
            if (crlf === true) return false;
            crlf = false;
            rowEnd = true;
            next = r + 1;
          } else if (c === 13 && r + 1 < n && text.charCodeAt(r + 1) === 10) {
            if (crlf === false) return false;
            crlf = true;
            rowEnd = true;
            next = r + 2;
          } else return false;
        }
      } else {
        // Unquoted field: up to the delimiter or the line end; a quote inside it is literal.
        if (dc < p) {
          dc = text.indexOf(delimiter, p);
          if (dc < 0) dc = n;
        }
        const d = dc;
        const e = nl < cr ? nl : cr;
        if (d < e) {
          b = d;
          next = d + 1;
        } else if (e === n) {
          b = n;
          next = n;
          rowEnd = true;
        } else if (e === cr) {
          if (crlf === false || nl !== cr + 1 || nl >= n) return false;
          crlf = true;
          b = cr;
          next = cr + 2;
          rowEnd = true;
        } else {
          if (crlf === true) return false;
          crlf = false;
          b = nl;
          next = nl + 1;
          rowEnd = true;
        }
        a = p;
        if (f === 0 && rowEnd && a === b) {
          skip = true; // an empty line (after trimming)
        } else if (trim) while (b > a && isJsSpace(text.charCodeAt(b - 1))) b--;
      }
      if (!skip) {
        if (header) headerFields.push(a === 0 && b === s.length ? s : s.slice(a, b));
        else if (f < nCols) sink.field(f, s, a, b);
        f++;
      }
      p = next;
    }
    if (!skip) {
      if (header) {
        sink.header(trim ? rawHeader(head, delimiter, parse, headerFields) : headerFields, line);
        nCols = headerFields.length;
        headerFields = [];
        header = false;
      } else sink.endRow(f, line);
    }
    if (text.charCodeAt(p - 1) === 10) line++; // past a line end (not when the text ended without one)
    pos = p;
  }
  return true;
}

/** The header as written (csv-parse's `trim` would hide the renaming from the report). */
function rawHeader(text: string, delimiter: string, parse: CsvParseSync, trimmed: string[]): string[] {
  try {
    const rows = parse(text.slice(0, 1 << 16), { delimiter, relax_quotes: true, relax_column_count: true, skip_empty_lines: true, to: 1 }) as string[][];
    const raw = rows[0];
    return raw && raw.length === trimmed.length && raw.every((r, i) => r.trim() === trimmed[i]) ? raw : trimmed;
  } catch {
    return trimmed;
  }
}

/** General path: csv-parse, one record at a time. */
function tokenizeWithCsvParse(
  input: string | Uint8Array,
  head: string,
  delimiter: string,
  sink: Sink,
  nColsOf: () => number,
  parse: CsvParseSync,
  trim: boolean,
  file: string | undefined,
  fn: string,
): void {
  let header = true;
  let lastLine = 0;
  try {
    parse(input as string, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim,
      on_record: (record: string[], info: { lines: number }) => {
        if (header) {
          sink.header(trim ? rawHeader(head, delimiter, parse, record) : record, info.lines);
          header = false;
        } else {
          const nFields = Math.min(record.length, nColsOf());
          for (let f = 0; f < nFields; f++) {
            const v = record[f]!;
            sink.field(f, v, 0, v.length);
          }
          sink.endRow(record.length, info.lines);
        }
        lastLine = info.lines;
        return null;
      },
    });
  } catch (err) {
    if (err instanceof EnsayoError) throw err;
    const e = err as { code?: string; message?: string; lines?: number };
    const code = e.code ?? "";
    const line = code === "CSV_QUOTE_NOT_CLOSED" ? lastLine + 1 : (e.lines ?? lastLine + 1);
    const where = `${file ? `${file} ` : ""}line ${line}`;
    const what =
      code === "CSV_QUOTE_NOT_CLOSED"
        ? "a quoted field opens here and is never closed"
        : code === "CSV_INVALID_CLOSING_QUOTE"
          ? "a closing quote is followed by other characters"
          : (e.message ?? "the text is not valid CSV");
    throw new EnsayoError("CSV_PARSE", `${fn}: ${where}: ${what}`, {
      ...(file ? { file } : {}),
      line,
      cause: err,
      hint: 'Check the quotes on that line: a field that contains the delimiter, a quote or a line break must be wrapped in "…", and a quote inside it doubled ("")',
    });
  }
}

// ── the reader ──────────────────────────────────────────────────────────────

function detectDelimiter(text: string, fallback: "," | ";"): { delimiter: "," | ";" | "\t"; note?: string } {
  // The first non-empty line, outside quotes.
  let start = 0;
  while (start < text.length && (text.charCodeAt(start) === 10 || text.charCodeAt(start) === 13)) start++;
  let end = text.indexOf("\n", start);
  if (end < 0) end = text.length;
  const counts = { ",": 0, ";": 0, "\t": 0 };
  let inQuote = false;
  for (let i = start; i < end; i++) {
    const c = text[i]!;
    if (c === '"') inQuote = !inQuote;
    else if (!inQuote && (c === "," || c === ";" || c === "\t")) counts[c]++;
  }
  const best = (Object.keys(counts) as ("," | ";" | "\t")[]).reduce((a, b) => (counts[b] > counts[a] ? b : a), ",");
  if (counts[best] === 0) return { delimiter: fallback, note: "the header has no `,`, `;` or tab: read as a single column" };
  return { delimiter: best };
}

function cleanHeader(raw: readonly string[]): { names: string[]; renamed: { from: string; to: string }[] } {
  const names: string[] = [];
  const renamed: { from: string; to: string }[] = [];
  const taken = new Set<string>();
  const trimmed = raw.map((h) => h.trim());
  const base = trimmed.map((h, i) => (h === "" ? `V${i + 1}` : h));
  for (const b of base) taken.add(b);
  const used = new Set<string>();
  base.forEach((b, i) => {
    let name = b;
    if (used.has(name)) {
      let k = 2;
      while (used.has(`${b}_${k}`) || taken.has(`${b}_${k}`)) k++;
      name = `${b}_${k}`;
    }
    used.add(name);
    names.push(name);
    if (name !== raw[i]) renamed.push({ from: raw[i]!, to: name });
  });
  return { names, renamed };
}

function describeWhere(file: string | undefined, line: number, column: string): string {
  return `${file ? `${file} ` : ""}line ${line}, column '${column}'`;
}

/** What a zod field asks for: a storage type (or none) and whether a missing value is allowed. */
function schemaField(field: z.ZodType): { type: ColumnType | undefined; optional: boolean; plain: boolean } {
  let cur = field as unknown as { _zod: { def: Record<string, unknown> } };
  for (let k = 0; k < 10; k++) {
    const def = cur._zod.def;
    const t = def.type as string;
    if (["optional", "nullable", "default", "prefault", "readonly", "nonoptional", "catch"].includes(t)) {
      cur = def.innerType as typeof cur;
      continue;
    }
    if (t === "pipe") {
      cur = def.in as typeof cur;
      continue;
    }
    break;
  }
  const def = cur._zod.def;
  const t = def.type as string;
  const checks = (def.checks as unknown[] | undefined)?.length ?? 0;
  let type: ColumnType | undefined;
  if (t === "number") type = "number";
  else if (t === "string" || t === "enum") type = "text";
  else if (t === "boolean") type = "boolean";
  else if (t === "date") type = "date";
  else if (t === "literal") {
    const values = def.values as unknown[];
    type = values.every((v) => typeof v === "number") ? "number" : values.every((v) => typeof v === "string") ? "text" : undefined;
  }
  const optional = field.safeParse(undefined).success || field.safeParse(null).success;
  const plain = checks === 0 && (t === "number" || t === "string" || t === "boolean" || t === "date") && !hasRefinements(field) && !wrappedPipe(field);
  return { type, optional, plain };
}

function hasRefinements(field: z.ZodType): boolean {
  const def = (field as unknown as { _zod: { def: { checks?: unknown[] } } })._zod.def;
  return (def.checks?.length ?? 0) > 0;
}

function wrappedPipe(field: z.ZodType): boolean {
  return (field as unknown as { _zod: { def: { type: string } } })._zod.def.type === "pipe";
}

function cellValue(col: Column, type: ColumnType, row: number): unknown {
  if (col instanceof Float64Array) {
    const v = col[row]!;
    if (Number.isNaN(v)) return undefined;
    if (type === "boolean") return v === 1;
    if (type === "date") return new Date(v);
    return v;
  }
  const v = col[row];
  return v === null ? undefined : v;
}

function cellText(col: Column, type: ColumnType, row: number): string | null {
  if (col instanceof Float64Array) {
    const v = col[row]!;
    if (Number.isNaN(v)) return null;
    if (type === "date") return formatDate(v);
    if (type === "boolean") return v === 1 ? "true" : "false";
    return String(v);
  }
  return col[row] ?? null;
}

/**
 * Read CSV text or bytes into a `Table`. `generalParse` is csv-parse's sync `parse`
 * (the browser build in the core, the native one in `ensayo/node`).
 */
export function readCsv(
  input: string | Uint8Array,
  options: ResolvedCsvOptions,
  generalParse: CsvParseSync,
  fn: string,
  source: string,
  isUtf8?: (bytes: Uint8Array) => boolean,
  /** For text the caller decoded from bytes: the encoding, for the report. */
  textEncoding?: string,
  /** Notes from the caller's decoding. */
  decodeNotes: readonly string[] = [],
): Table {
  const file = options.file;
  const notes: string[] = [...decodeNotes];
  let text: string;
  let encoding: string | undefined;
  /** UTF-8 bytes handed to csv-parse as they are (Node, quoted files): no copy as text. */
  let rawBytes: Uint8Array | null = null;
  if (input instanceof Uint8Array && isUtf8 && options.encoding !== "latin1" && options.encoding !== "windows-1252" && input.indexOf(0x22) >= 0) {
    const bom = input.length >= 3 && input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf ? 3 : 0;
    const utf16 = input.length >= 2 && ((input[0] === 0xff && input[1] === 0xfe) || (input[0] === 0xfe && input[1] === 0xff));
    const body = input.subarray(bom);
    if (!utf16 && isUtf8(body)) {
      rawBytes = body;
      encoding = "utf-8";
      if (bom) notes.push("a UTF-8 byte-order mark (BOM) was found and removed");
    }
  }
  if (textEncoding !== undefined) encoding = textEncoding;
  if (rawBytes !== null) {
    // The first 64 KiB as text: enough for the header, the delimiter and the raw header names.
    text = new TextDecoder("utf-8").decode(rawBytes.subarray(0, 1 << 16));
    input = "";
  } else if (typeof input === "string") {
    text = input;
    if (text.charCodeAt(0) === 0xfeff) {
      text = text.slice(1);
      notes.push(textEncoding !== undefined ? "a UTF-8 byte-order mark (BOM) was found and removed" : "a byte-order mark (BOM) at the start of the text was removed");
    }
  } else {
    const decoded = decodeBytes(input, options.encoding, file, fn);
    input = ""; // let the bytes be collected while the text is read
    text = decoded.text;
    encoding = decoded.encoding;
    notes.push(...decoded.notes);
  }
  const where = file ? `${file}` : "the CSV text";
  if (rawBytes === null && text.trim() === "") {
    throw new EnsayoError("EMPTY_FILE", `${fn}: ${where} is empty (no header and no rows)`, {
      ...(file ? { file } : {}),
      hint: "Check that the right file was given and that it was saved with its contents",
    });
  }

  // Delimiter, decimal mark and thousands separator.
  let delimiter: string;
  if (options.delimiter === "auto") {
    const d = detectDelimiter(text, options.fallbackDelimiter);
    delimiter = d.delimiter;
    if (d.note) notes.push(d.note);
  } else delimiter = options.delimiter;
  const decimal = options.decimal === "auto" ? (delimiter === ";" ? "," : ".") : options.decimal;
  if (options.decimal === "auto" && decimal === ",") notes.push("the delimiter is `;`, so numbers were read with a decimal comma (`12,5`); pass `decimal: \".\"` to change this");
  const thousands = options.thousands === "auto" ? (decimal === "," ? "." : "none") : options.thousands;
  if (thousands !== "none" && thousands === decimal) {
    throw new EnsayoError("INVALID_OPTION", `${fn}: \`thousands\` and \`decimal\` are both '${decimal}'`, {
      hint: 'Use `decimal: ","` with `thousands: "."` (as in Paraguay), or `decimal: "."` with `thousands: ","`',
    });
  }
  const fmt: NumberFormat = { decimal: decimal.charCodeAt(0), thousands: thousands === "none" ? -1 : thousands.charCodeAt(0), leadingZeros: false };
  const fmtForced: NumberFormat = { ...fmt, leadingZeros: true };
  const missingSet = new Set(options.missing);
  const missingFirst = new Set<number>();
  let missingMaxLen = 0;
  let missingFirstCheck = false;
  for (const m of missingSet) {
    if (m.length === 0) continue;
    missingFirst.add(m.charCodeAt(0));
    missingMaxLen = Math.max(missingMaxLen, m.length);
    if (parseNumber(m, 0, m.length, fmtForced) === parseNumber(m, 0, m.length, fmtForced)) missingFirstCheck = true;
  }
  const ctx: ReadContext = { fmt, fmtForced, missing: missingSet, missingFirst, missingMaxLen, missingFirstCheck, trim: options.trim };

  // Schema: which columns are required, which types are fixed.
  const schemaShape = options.schema ? (options.schema.shape as Record<string, z.ZodType>) : undefined;
  const schemaInfo = nullRecord<ReturnType<typeof schemaField>>();
  if (schemaShape) for (const key of Object.keys(schemaShape)) schemaInfo[key] = schemaField(schemaShape[key]!);

  // Capacity: one row per line is an upper bound for the data rows.
  let capacity = 1;
  if (rawBytes !== null) for (let i = rawBytes.indexOf(10); i >= 0; i = rawBytes.indexOf(10, i + 1)) capacity++;
  else for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) capacity++;

  let names: string[] = [];
  let renamed: { from: string; to: string }[] = [];
  let builders: ColumnBuilder[] = [];
  let nCols = 0;
  let nRows = 0;
  let rowLines = new Int32Array(capacity);
  let headerLine = 0;

  const sink: Sink = {
    header(fields, line) {
      headerLine = line;
      ({ names, renamed } = cleanHeader(fields));
      nCols = names.length;
      if (schemaShape) {
        const absent = Object.keys(schemaShape).filter((k) => !names.includes(k) && !schemaInfo[k]!.optional);
        if (absent.length) {
          const near = nearMatches(absent[0]!, names);
          throw new EnsayoError(
            "MISSING_COLUMN",
            `${fn}: the schema requires ${absent.length === 1 ? "column" : "columns"} ${absent.map((a) => `'${a}'`).join(", ")}, not found in ${where}` +
              (near.length ? `; did you mean ${near.map((n) => `'${n}'`).join(" or ")}?` : ""),
            {
              ...(file ? { file } : {}),
              column: absent[0]!,
              line,
              issues: absent,
              hint: `The columns are: ${names.join(", ")}. Rename the column in the file or in the schema, or mark it \`.optional()\``,
            },
          );
        }
      }
      builders = names.map((name) => {
        // Own keys only: a header `constructor` or `__proto__` must not read Object.prototype members.
        const given = options.types && Object.prototype.hasOwnProperty.call(options.types, name) ? options.types[name] : undefined;
        const forced = given ?? (Object.prototype.hasOwnProperty.call(schemaInfo, name) ? schemaInfo[name]!.type : undefined);
        const b = new ColumnBuilder(name, forced, capacity, ctx, options.maxIssues);
        return b;
      });
      if (options.types) {
        const unknown = Object.keys(options.types).filter((k) => !names.includes(k));
        if (unknown.length) {
          const near = nearMatches(unknown[0]!, names);
          throw new EnsayoError(
            "MISSING_COLUMN",
            `${fn}: \`types\` names ${unknown.map((u) => `'${u}'`).join(", ")}, not a column of ${where}` +
              (near.length ? `; did you mean ${near.map((n) => `'${n}'`).join(" or ")}?` : ""),
            { ...(file ? { file } : {}), column: unknown[0]!, hint: `The columns are: ${names.join(", ")}` },
          );
        }
      }
    },
    field(f, s, a, b) {
      builders[f]!.add(nRows, s, a, b);
    },
    endRow(nFields, line) {
      if (nFields !== nCols) {
        throw new EnsayoError(
          "RAGGED_ROW",
          `${fn}: ${where} line ${line} has ${nFields} ${nFields === 1 ? "field" : "fields"} but the header (line ${headerLine}) has ${nCols}`,
          {
            ...(file ? { file } : {}),
            line,
            value: nFields,
            issues: [{ line, expected: nCols, got: nFields }],
            hint:
              nFields > nCols
                ? `A value on that line probably contains the delimiter '${delimiter === "\t" ? "\\t" : delimiter}': wrap it in quotes, or check the \`delimiter\` option`
                : "A value is missing on that line: leave an empty field between delimiters for missing values",
          },
        );
      }
      if (nRows >= rowLines.length) {
        const next = new Int32Array(Math.max(rowLines.length * 2, nRows + 1));
        next.set(rowLines);
        rowLines = next;
      }
      rowLines[nRows] = line;
      nRows++;
      if (nRows >= capacity) {
        // Only possible if the text was changed under us; keep going safely.
        capacity *= 2;
        for (const b of builders) b.grow(capacity);
      }
    },
  };

  // Text without quotes: the plain splitter. Quoted text: the hand-written quoted path, or
  // csv-parse when that path hands over (see `tokenizeQuoted`) or only bytes are at hand.
  const fast = rawBytes === null && text.indexOf('"') < 0;
  let quoted = !fast && rawBytes === null;
  const tokenize = (s: Sink): void => {
    if (fast) tokenizeUnquoted(text, delimiter, s);
    else if (quoted) {
      if (!tokenizeQuoted(text, delimiter, s, options.trim, text, generalParse)) throw new Error("internal: the quoted reader changed its mind");
    } else tokenizeWithCsvParse(rawBytes ?? text, text, delimiter, s, () => nCols, generalParse, options.trim, file, fn);
  };
  if (!quoted) tokenize(sink);
  else if (!tokenizeQuoted(text, delimiter, sink, options.trim, text, generalParse)) {
    // Start over with csv-parse: it reads the same records up to where the quoted path stopped.
    quoted = false;
    nRows = 0;
    tokenize(sink);
  }
  if (nCols === 0) {
    throw new EnsayoError("EMPTY_FILE", `${fn}: ${where} is empty (no header and no rows)`, { ...(file ? { file } : {}) });
  }
  if (nRows === 0) {
    throw new EnsayoError("HEADER_ONLY", `${fn}: ${where} has a header (${names.slice(0, 6).join(", ")}${names.length > 6 ? ", …" : ""}) but no data rows`, {
      ...(file ? { file } : {}),
      line: headerLine,
      hint: "Check that the export included the data, not only the column names",
    });
  }

  // Second pass for columns that turned out to be text.
  const demoted = builders.filter((b) => b.demotedAt !== null);
  if (demoted.length) {
    for (const b of demoted) {
      b.startTextPass();
      const d = b.demotedAt!;
      notes.push(
        `column '${b.name}' was read as text: ${describeWhere(file, rowLines[d.row]!, b.name)} holds ${showValue(d.value)}, which is not ${MODE_NAME[d.was]}` +
          (d.was === Mode.Number ? "; give a `schema` or `types` to require numbers" : ""),
      );
    }
    const only = new Set(demoted.map((b) => builders.indexOf(b)));
    let row = 0;
    tokenize({
      header() {},
      field(f, s, a, b) {
        if (only.has(f)) builders[f]!.add(row, s, a, b);
      },
      endRow() {
        row++;
      },
    });
  }

  // Lines of the cells that did not fit a forced type (NOT_NUMERIC).
  const columns = nullRecord<Column>();
  const types = nullRecord<ColumnType>();
  const missing = nullRecord<number>();
  const coerced = nullRecord<number>();
  const badCells: CellIssue[] = [];
  let nBadTotal = 0;
  const typeIssues: CellIssue[] = [];
  let nTypeIssues = 0;
  for (const b of builders) {
    const { column, type } = b.finish(nRows);
    columns[b.name] = column;
    types[b.name] = type;
    missing[b.name] = b.missing;
    coerced[b.name] = b.coerced;
    const numeric = b.forced === "number" || b.forced === "integer";
    if (numeric) nBadTotal += b.nBad;
    else nTypeIssues += b.nBad;
    for (const cell of b.bad) {
      const kind = b.forced === "integer" ? "a whole number" : b.forced === "date" ? "a date (dd/mm/yyyy or yyyy-mm-dd)" : b.forced === "boolean" ? "true/false (sí/no, 1/0)" : "a number";
      (numeric ? badCells : typeIssues).push({ line: rowLines[cell.row]!, column: b.name, value: cell.value, message: `${showValue(cell.value)} is not ${kind}` });
    }
    if (b.mode === Mode.Empty && b.forced === undefined) notes.push(`column '${b.name}' has no values (every cell is missing); read as text`);
  }
  if (nBadTotal > 0) {
    badCells.sort((x, y) => x.line - y.line);
    const first = badCells[0]!;
    const more = nBadTotal - 1;
    throw new EnsayoError(
      "NOT_NUMERIC",
      `${fn}: ${describeWhere(file, first.line, first.column)}: ${first.message}` + (more > 0 ? ` (and ${more} more ${more === 1 ? "cell" : "cells"}; see \`issues\`)` : ""),
      {
        ...(file ? { file } : {}),
        line: first.line,
        column: first.column,
        value: first.value,
        issues: badCells.slice(0, options.maxIssues),
        hint: `Correct the ${nBadTotal === 1 ? "cell" : "cells"} in the file, add the code to \`missing\`, or check \`decimal\` (now '${decimal}')`,
      },
    );
  }

  // Schema validation, cell by cell (distinct text values are checked once). Cells that do not
  // fit a forced date or boolean type are schema failures too (and are not checked twice).
  if (schemaShape || nTypeIssues > 0) {
    const issues: CellIssue[] = typeIssues.slice(0, options.maxIssues);
    let nIssues = nTypeIssues;
    if (nTypeIssues === 0 && schemaShape)
    for (const key of Object.keys(schemaShape)) {
      if (!(key in columns)) continue;
      const field = schemaShape[key]!;
      const info = schemaInfo[key]!;
      const col = columns[key]!;
      const type = types[key]!;
      const cache = new Map<unknown, string | null>();
      for (let r = 0; r < nRows; r++) {
        const value = cellValue(col, type, r);
        let problem: string | null;
        if (value === undefined) {
          if (info.optional) continue;
          problem = "is missing";
        } else if (info.plain) continue;
        else {
          const cacheKey = value instanceof Date ? value.getTime() : value;
          const known = cache.get(cacheKey);
          if (known !== undefined) problem = known;
          else {
            const res = field.safeParse(value, { error: zodMessages }); // English messages for zod/mini schemas too
            problem = res.success ? null : (res.error.issues[0]?.message ?? "is not valid");
            if (cache.size < 10000) cache.set(cacheKey, problem);
          }
        }
        if (problem === null) continue;
        nIssues++;
        if (issues.length < options.maxIssues) {
          issues.push({ line: rowLines[r]!, column: key, value: cellText(col, type, r), message: problem });
        }
      }
    }
    if (nIssues > 0) {
      issues.sort((x, y) => x.line - y.line);
      const shown = issues
        .slice(0, 5)
        .map((i) => `line ${i.line}, column '${i.column}': ${i.value === null ? "missing value" : showValue(i.value)} — ${i.message}`);
      throw new EnsayoError(
        "SCHEMA",
        `${fn}: ${nIssues} ${nIssues === 1 ? "cell does" : "cells do"} not fit ${schemaShape ? "the schema" : "the column `types`"} in ${where}: ${shown.join("; ")}` + (nIssues > 5 ? "; …" : ""),
        {
          ...(file ? { file } : {}),
          line: issues[0]!.line,
          column: issues[0]!.column,
          value: issues[0]!.value,
          issues,
          hint: `Every offending cell (up to ${options.maxIssues}) is listed in \`issues\`; correct the file or relax the schema`,
        },
      );
    }
  }

  return makeTableOwned(names, columns, types, {
    source: file ?? source,
    rowsRead: nRows,
    missing,
    coerced,
    renamed,
    ...(encoding !== undefined ? { encoding } : {}),
    delimiter,
    notes: [...notes, ...(fast ? [] : [quoted ? "quoted fields present: read by the hand-written reader with csv-parse's quoting rules" : "quoted fields present: read with csv-parse"])],
  });
}

/**
 * Freeze a table from columns this module owns (no copy: the reader's arrays are new).
 * Built the same way as `makeTable`.
 */
function makeTableOwned(
  names: string[],
  columns: Record<string, Column>,
  types: Record<string, ColumnType>,
  report: Partial<DataReport>,
): Table {
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

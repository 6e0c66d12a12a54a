/**
 * Tokenizing CSV text into fields, streamed into a `Sink` (rows are never held as arrays of
 * strings). Three tokenizers, one contract:
 * - `tokenizeUnquoted`: text with no quote at all (a field is the text between delimiters);
 * - `tokenizeQuoted`: RFC 4180 quoting read exactly as csv-parse reads it with ensayo's options,
 *   malformed quoting included (an unclosed quote and text after a closing quote);
 * - `tokenizeWithCsvParse`: csv-parse itself, given by the caller (the core never imports it): the
 *   reference the tests compare the hand-written readers with, for bytes handed over as they are.
 *
 * A line ends at LF, CRLF or a lone CR (old Mac files), in any mix, outside quotes. Lines that
 * are empty (or, when trimming, hold only spaces, tabs and form feeds) are skipped and reported
 * to `sink.blank`. Line numbers are 1-based lines of the whole file (csv-parse's `info.lines`,
 * which counts every CR and every LF inside quotes). Internal to the data layer.
 */
import { EnsayoError } from "../errors.js";
import type { CsvParseSync } from "./csv-options.js";

/** Where the fields of a read go. */
export interface Sink {
  /** Called with the header fields and the header's line. */
  header(fields: string[], line: number): void;
  /** Called for every field of a data row (only the first `nCols`); `field` counts from 0. */
  field(field: number, s: string, a: number, b: number): void;
  /** Called at the end of each data row with its number of fields and its (last) line. */
  endRow(nFields: number, line: number): void;
  /** Called for each blank or whitespace-only line skipped. */
  blank(line: number): void;
}

/** Where tokenizing starts: the offset after skipped lines (`sep=`, titles) and that line's number. */
export interface Start {
  readonly at: number;
  readonly line: number;
}

/** Characters csv-parse's `trim` skips before a field and after a closing quote (its "timchars", minus line ends). */
export function isLeadTrim(c: number, delim: number): boolean {
  return c === 32 || c === 12 || (c === 9 && delim !== 9);
}

/** What `String.prototype.trimEnd` removes (csv-parse right-trims unquoted fields with it). */
function isJsSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return c === 160 || c === 5760 || (c >= 8192 && c <= 8202) || c === 8232 || c === 8233 || c === 8239 || c === 8287 || c === 12288 || c === 65279;
}

/** Fast path: the text has no `"`, so fields are the text between delimiters. */
export function tokenizeUnquoted(text: string, start: Start, delimiter: string, trim: boolean, sink: Sink): void {
  const n = text.length;
  const delim = delimiter.charCodeAt(0);
  let pos = start.at;
  let line = start.line;
  let header = true;
  let nCols = 0;
  let nl = -1;
  let cr = -1;
  while (pos < n) {
    if (nl < pos) {
      nl = text.indexOf("\n", pos);
      if (nl < 0) nl = n;
    }
    if (cr < pos) {
      cr = text.indexOf("\r", pos);
      if (cr < 0) cr = n;
    }
    let lineEnd: number;
    let next: number;
    if (cr < nl) {
      lineEnd = cr;
      next = cr + 1 === nl ? nl + 1 : cr + 1;
    } else {
      lineEnd = nl;
      next = nl + 1;
    }
    if (lineEnd === pos || (trim && isLeadTrim(text.charCodeAt(pos), delim) && blankFrom(text, pos, lineEnd, delim))) {
      sink.blank(line);
    } else if (header) {
      const fields = text.slice(pos, lineEnd).split(delimiter);
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
    pos = next;
    line++;
  }
}

/** True when `text[a, b)` holds only characters trimming removes before a field. */
function blankFrom(text: string, a: number, b: number, delim: number): boolean {
  for (let i = a; i < b; i++) if (!isLeadTrim(text.charCodeAt(i), delim)) return false;
  return true;
}

/** Where a read's messages point: the file (if any). */
export interface QuoteWhere {
  readonly file: string | undefined;
}

/**
 * Quoted text: RFC 4180 quoting read exactly as `tokenizeWithCsvParse` reads it (csv-parse with
 * `relax_quotes`, `relax_column_count`, `skip_empty_lines`, `trim` and every line end as a record
 * delimiter): the same records, field values, line numbers and errors, streamed into the sink
 * without rows of strings. Malformed quoting follows csv-parse too:
 * - a quote never closed is a `CSV_PARSE` error on the line after the last record read;
 * - text after a closing quote is a `CSV_PARSE` error when trimming (csv-parse's "non trimable
 *   byte after quote"); without trimming the field keeps both quotes and reads on to the
 *   delimiter or line end (`"x"y` is the value `"x"y`), as csv-parse's `relax_quotes` does.
 *
 * @throws EnsayoError `CSV_PARSE` naming the file and line, as above.
 */
export function tokenizeQuoted(text: string, start: Start, delimiter: string, trim: boolean, sink: Sink, where: QuoteWhere): void {
  const n = text.length;
  const delim = delimiter.charCodeAt(0);
  let nl = -1;
  let cr = -1;
  let dc = -1;
  let line = start.line;
  /** The line of the last record read (csv-parse names the next one for a quote never closed). */
  let lastLine = start.line - 1;
  let header = true;
  let headerFields: string[] = [];
  let nCols = 0;
  let pos = start.at;
  while (pos < n) {
    // One record from `pos`.
    let f = 0;
    let p = pos;
    let rowEnd = false;
    let atEol = false;
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
        if (q < 0) throw quoteError("CSV_QUOTE_NOT_CLOSED", lastLine + 1, where);
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
          else if (c === 10 || c === 13) {
            rowEnd = atEol = true;
            next = c === 13 && r + 1 < n && text.charCodeAt(r + 1) === 10 ? r + 2 : r + 1;
          } else if (trim) throw quoteError("CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE", line, where);
          else {
            // Text after the closing quote, not trimming: csv-parse keeps both quotes and reads on
            // as unquoted text (a quote there is literal) to the delimiter or the line end.
            if (dc < r) {
              dc = text.indexOf(delimiter, r);
              if (dc < 0) dc = n;
            }
            const e = nl < cr ? nl : cr;
            let end: number;
            if (dc < e) {
              end = dc;
              next = dc + 1;
            } else if (e === n) {
              end = n;
              next = n;
              rowEnd = true;
            } else {
              end = e;
              next = e === cr && nl === cr + 1 ? cr + 2 : e + 1;
              rowEnd = atEol = true;
            }
            s = `"${s.slice(a, b)}"${text.slice(r, end)}`;
            a = 0;
            b = s.length;
          }
        }
      } else {
        // Unquoted field: up to the delimiter or the line end; a quote inside it is literal.
        if (dc < p) {
          dc = text.indexOf(delimiter, p);
          if (dc < 0) dc = n;
        }
        const e = nl < cr ? nl : cr;
        if (dc < e) {
          b = dc;
          next = dc + 1;
        } else if (e === n) {
          b = n;
          next = n;
          rowEnd = true;
        } else {
          b = e;
          next = e === cr && nl === cr + 1 ? cr + 2 : e + 1;
          rowEnd = atEol = true;
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
    if (skip) sink.blank(line);
    else if (header) {
      sink.header(trim ? rawHeader(text, start, delimiter, headerFields, where) : headerFields, line);
      nCols = headerFields.length;
      headerFields = [];
      header = false;
      lastLine = line;
    } else {
      sink.endRow(f, line);
      lastLine = line;
    }
    if (atEol) line++; // past a line end (not when the text ended without one)
    pos = p;
  }
}

/** csv-parse's options as ensayo reads CSV: every line end (LF, CRLF, CR) ends a record. */
export function csvParseOptions(delimiter: string, trim: boolean): Record<string, unknown> {
  return { delimiter, record_delimiter: ["\r\n", "\n", "\r"], relax_column_count: true, relax_quotes: true, skip_empty_lines: true, trim };
}

const HEADER_READ = Symbol("header read");

/**
 * The header as written (trimming would hide the renaming from the report): its first record
 * read again without trimming, from the first 64 KiB; the trimmed names when that reads
 * differently (an unclosed quote in reach, or a different number of fields).
 */
function rawHeader(text: string, start: Start, delimiter: string, trimmed: string[], where: QuoteWhere): string[] {
  let raw: string[] = [];
  const sink: Sink = {
    header(fields) {
      raw = fields;
      throw HEADER_READ;
    },
    field() {},
    endRow() {},
    blank() {},
  };
  try {
    tokenizeQuoted(text.slice(start.at, start.at + (1 << 16)), { at: 0, line: 1 }, delimiter, false, sink, where);
  } catch (err) {
    if (err !== HEADER_READ) return trimmed;
  }
  return raw.length === trimmed.length && raw.every((r, i) => r.trim() === trimmed[i]) ? raw : trimmed;
}

/** What `tokenizeWithCsvParse` reads: the input from the start of the header, and the text of its beginning. */
export interface CsvParseInput {
  /** Text or UTF-8 bytes, from the start offset on. */
  readonly input: string | Uint8Array;
  /** The text of the whole input's beginning (for the raw header), and where reading starts in it. */
  readonly head: string;
  readonly start: Start;
}

/** General path: csv-parse, one record at a time; blank lines it skips are found from its line numbers. */
export function tokenizeWithCsvParse(src: CsvParseInput, delimiter: string, trim: boolean, sink: Sink, nColsOf: () => number, parse: CsvParseSync, file: string | undefined): void {
  let header = true;
  const offset = src.start.line - 1;
  let lastLine = offset;
  try {
    parse(src.input as string, {
      ...csvParseOptions(delimiter, trim),
      on_record: (record: string[], info: { lines: number }) => {
        const line = info.lines + offset;
        // Lines between the previous record and this one that the record's own line breaks do not explain were skipped.
        for (let l = lastLine + 1; l < line - lineBreaks(record); l++) sink.blank(l);
        if (header) {
          sink.header(trim ? rawHeader(src.head, src.start, delimiter, record, { file }) : record, line);
          header = false;
        } else {
          const nFields = Math.min(record.length, nColsOf());
          for (let f = 0; f < nFields; f++) {
            const v = record[f]!;
            sink.field(f, v, 0, v.length);
          }
          sink.endRow(record.length, line);
        }
        lastLine = line;
        return null;
      },
    });
  } catch (err) {
    if (err instanceof EnsayoError) throw err;
    throw csvParseError(err, lastLine, offset, file);
  }
  const trailing = trailingBlankLines(src.input, trim, delimiter.charCodeAt(0));
  for (let k = 1; k <= trailing; k++) sink.blank(lastLine + k);
}

/** Line breaks inside a record's values (csv-parse counts each CR and each LF as a line). */
function lineBreaks(record: readonly string[]): number {
  let n = 0;
  for (const v of record) {
    if (v.indexOf("\n") < 0 && v.indexOf("\r") < 0) continue;
    for (let i = 0; i < v.length; i++) if (v.charCodeAt(i) === 10 || v.charCodeAt(i) === 13) n++;
  }
  return n;
}

/** Blank lines at the end of the input (after the last record), which csv-parse skips without a record. */
function trailingBlankLines(input: string | Uint8Array, trim: boolean, delim: number): number {
  const at = typeof input === "string" ? (i: number) => input.charCodeAt(i) : (i: number) => input[i]!;
  let breaks = 0;
  let lastSegment = false; // characters after the final line break
  for (let i = input.length - 1; i >= 0; i--) {
    const c = at(i);
    if (c === 10 || c === 13) {
      if (c === 10 && i > 0 && at(i - 1) === 13) i--;
      breaks++;
    } else if (trim && isLeadTrim(c, delim)) {
      if (breaks === 0) lastSegment = true;
    } else break;
  }
  return breaks === 0 ? 0 : breaks - 1 + (lastSegment ? 1 : 0);
}

function csvParseError(err: unknown, lastLine: number, offset: number, file: string | undefined): EnsayoError {
  const e = err as { code?: string; message?: string; lines?: number };
  const code = e.code ?? "";
  const line = code === "CSV_QUOTE_NOT_CLOSED" ? lastLine + 1 : e.lines !== undefined ? e.lines + offset : lastLine + 1;
  return quoteError(code, line, { file }, e.message, err);
}

/** The `CSV_PARSE` error for csv-parse's error `code` on `line` (the hand-written reader raises the same). */
function quoteError(code: string, line: number, { file }: QuoteWhere, message?: string, cause?: unknown): EnsayoError {
  const where = `${file ? `${file} ` : ""}line ${line}`;
  const what =
    code === "CSV_QUOTE_NOT_CLOSED"
      ? "a quoted field opens here and is never closed"
      : code === "CSV_INVALID_CLOSING_QUOTE" || code === "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE"
        ? "a closing quote is followed by other characters"
        : (message ?? "the text is not valid CSV");
  return new EnsayoError("CSV_PARSE", `${where}: ${what}`, {
    ...(file ? { file } : {}),
    line,
    ...(cause !== undefined ? { cause } : {}),
    hint: 'Check the quotes on that line: a field that contains the delimiter, a quote or a line break must be wrapped in "…", and a quote inside it doubled ("")',
  });
}

/**
 * Sniffing the layout of CSV text before it is tokenized: lines to skip above the header
 * (Excel's `sep=;` line, title lines), the delimiter, and how numbers are written.
 * Internal to the data layer.
 */
import { EnsayoError } from "../errors.js";
import type { ResolvedCsvOptions } from "./csv-options.js";
import type { Start } from "./csv-tokenize.js";
import type { NumberFormat } from "./csv-values.js";

/** What the first lines say. */
export interface Layout {
  /** Where the header starts (after skipped lines), and its line number. */
  readonly start: Start;
  readonly delimiter: string;
  readonly notes: string[];
}

const CANDIDATES = [",", ";", "\t"] as const;
const SAMPLE_LINES = 8;
const MAX_TITLES = 3;

interface SampleLine {
  readonly at: number;
  readonly end: number;
  readonly next: number;
  readonly line: number;
}

/** The first non-blank lines (LF, CRLF or CR line ends) from `at`, within the first 64 KiB. */
function sampleLines(text: string, at: number, firstLine: number, max: number): SampleLine[] {
  const out: SampleLine[] = [];
  const limit = Math.min(text.length, at + (1 << 16));
  let pos = at;
  let line = firstLine;
  while (pos < limit && out.length < max) {
    let end = pos;
    while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
    const next = text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
    if (text.slice(pos, end).trim() !== "") out.push({ at: pos, end, next, line });
    pos = next;
    line++;
  }
  return out;
}

/** Occurrences of `d` outside quotes in a line. */
function countOutsideQuotes(text: string, l: SampleLine, d: string): number {
  let n = 0;
  let inQuote = false;
  for (let i = l.at; i < l.end; i++) {
    const c = text[i];
    if (c === '"') inQuote = !inQuote;
    else if (!inQuote && c === d) n++;
  }
  return n;
}

/** The most frequent candidate delimiter outside quotes in a line (`,` on ties), and its count. */
function bestDelimiter(text: string, l: SampleLine): { d: string; count: number } {
  let best: { d: string; count: number } = { d: ",", count: 0 };
  for (const d of CANDIDATES) {
    const count = countOutsideQuotes(text, l, d);
    if (count > best.count) best = { d, count };
  }
  return best;
}

/**
 * A title line above the header: it holds text only in its first field (`Planilla 2024`, or
 * `Planilla 2024;;;` as Excel pads it), the line below looks like a header (names, none of them
 * a number) with more fields, and the first row agrees with that header. Without Excel's padding
 * the header must have at least three fields, so a one-column file whose values hold commas
 * (`nombre` over `Pérez, Juan`) is not mistaken for a title over a table.
 */
function isTitle(text: string, lines: readonly SampleLine[], d: string): boolean {
  if (lines.length < 3) return false;
  const [title, header, row] = lines as [SampleLine, SampleLine, SampleLine];
  const below = countOutsideQuotes(text, header, d);
  if (below < 1) return false;
  const fields = text.slice(title.at, title.end).split(d);
  if (fields.length > below + 1 || fields[0]!.trim() === "" || fields.slice(1).some((f) => f.trim() !== "")) return false;
  const padded = fields.length > 1;
  if (!padded && below < 2) return false;
  const names = text.slice(header.at, header.end).split(d).map((f) => f.trim());
  if (names.some((f) => f !== "" && Number.isFinite(Number(f.replace(",", "."))))) return false;
  // The first row agrees with the header (a later ragged row is reported as such, not taken as the header).
  return countOutsideQuotes(text, row, d) === below;
}

const show = (text: string, l: SampleLine): string => `'${text.slice(l.at, Math.min(l.end, l.at + 60))}${l.end - l.at > 60 ? "…" : ""}'`;

/**
 * Find the header and the delimiter. With `skip: "auto"`, a first line `sep=;` (Excel's hint) is
 * skipped and names the delimiter, and up to three title lines above the header are skipped;
 * each skipped line is named in a note. A number `skip` skips that many lines, no questions asked.
 */
export function sniffLayout(text: string, from: number, options: ResolvedCsvOptions): Layout {
  const notes: string[] = [];
  let start: Start = { at: from, line: 1 };
  let delimiter: string | undefined = options.delimiter === "auto" ? undefined : options.delimiter;
  if (options.skip !== "auto") {
    let pos = from;
    let line = 1;
    for (let k = 0; k < options.skip && pos < text.length; k++) {
      let end = pos;
      while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
      pos = text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
      line++;
    }
    start = { at: Math.min(pos, text.length), line };
    if (options.skip > 0) notes.push(`the first ${options.skip === 1 ? "line was" : `${options.skip} lines were`} skipped (\`skip: ${options.skip}\`)`);
  } else {
    const [first] = sampleLines(text, from, 1, 1);
    const sep = first ? /^sep=(.)\s*$/i.exec(text.slice(first.at, first.end)) : null;
    if (first && sep) {
      const hinted = sep[1]!;
      if (delimiter === undefined && (CANDIDATES as readonly string[]).concat("|").includes(hinted)) delimiter = hinted;
      notes.push(`line ${first.line} (${show(text, first)}) is Excel's delimiter hint: skipped; the delimiter is '${delimiter === "\t" ? "\\t" : (delimiter ?? hinted)}'`);
      start = { at: first.next, line: first.line + 1 };
    }
    for (let k = 0; k < MAX_TITLES; k++) {
      const lines = sampleLines(text, start.at, start.line, SAMPLE_LINES);
      if (lines.length < 3) break;
      const d = delimiter ?? pickDelimiter(text, lines);
      if (!isTitle(text, lines, d)) break;
      notes.push(`line ${lines[0]!.line} (${show(text, lines[0]!)}) looks like a title above the header and was skipped; pass \`skip: 0\` to read it as the header`);
      start = { at: lines[1]!.at, line: lines[1]!.line };
    }
  }
  if (delimiter === undefined) {
    const [header] = sampleLines(text, start.at, start.line, 1);
    const best = header ? bestDelimiter(text, header) : { d: ",", count: 0 };
    if (best.count === 0) {
      delimiter = options.fallbackDelimiter;
      notes.push("the header has no `,`, `;` or tab: read as a single column");
    } else delimiter = best.d;
  }
  return { start, delimiter, notes };
}

/** The delimiter of the first line, or of the second when the first has none (a title). */
function pickDelimiter(text: string, lines: readonly SampleLine[]): string {
  const first = bestDelimiter(text, lines[0]!);
  return first.count > 0 ? first.d : bestDelimiter(text, lines[1]!).d;
}

/** How numbers are written, once the delimiter is known. */
export interface NumberRules {
  readonly format: NumberFormat;
  /** True when the thousands dot is assumed, not asked for: then each column must prove it. */
  readonly thousandsAssumed: boolean;
  readonly decimal: string;
  readonly notes: string[];
}

/**
 * Decimal mark and thousands separator: `decimal: "auto"` is `,` with a `;` delimiter (as R's
 * `read.csv2`) and `.` otherwise. A thousands dot is read when `thousands` or `locale` asks for
 * it; with an assumed decimal comma it is only assumed, and each column must prove it.
 */
export function numberRules(delimiter: string, options: ResolvedCsvOptions): NumberRules {
  const notes: string[] = [];
  const decimal = options.decimal === "auto" ? (delimiter === ";" ? "," : ".") : options.decimal;
  if (options.decimal === "auto" && decimal === ",") notes.push("the delimiter is `;`, so numbers were read with a decimal comma (`12,5`); pass `decimal: \".\"` to change this");
  const thousands = options.thousands === "auto" ? (decimal === "," ? "." : "none") : options.thousands;
  if (thousands !== "none" && thousands === decimal) {
    throw new EnsayoError("INVALID_OPTION", `\`thousands\` and \`decimal\` are both '${decimal}'`, {
      hint: 'Use `decimal: ","` with `thousands: "."` (as in Paraguay), or `decimal: "."` with `thousands: ","`',
    });
  }
  return {
    format: { decimal: decimal.charCodeAt(0), thousands: thousands === "none" ? -1 : thousands.charCodeAt(0), leadingZeros: false },
    thousandsAssumed: options.thousands === "auto" && thousands === ".",
    decimal,
    notes,
  };
}

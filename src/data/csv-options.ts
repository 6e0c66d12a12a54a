/**
 * The types shared by the CSV reader's modules: the resolved options, what a read is asked to
 * do, and the cell issues listed in errors. Internal to the data layer.
 */
import type { z } from "zod";
import type { ZodMiniObject } from "zod/mini";
import type { CsvEncoding } from "./csv-decode.js";
import type { ColumnType } from "./table.js";

/** The parse function of `csv-parse/sync`: the reference reader the tests compare the hand-written readers with (the library never imports csv-parse). */
export type CsvParseSync = (input: string, options: Record<string, unknown>) => unknown;

/** Options after validation and the defaults of a locale preset. */
export interface ResolvedCsvOptions {
  delimiter: "auto" | "," | ";" | "\t" | "|";
  /** Delimiter assumed when `auto` finds none in the header (one column): `;` for `es-PY`. */
  fallbackDelimiter: "," | ";";
  decimal: "auto" | "." | ",";
  /** `"auto"`: none with a decimal point; with a decimal comma, a dot decided column by column. */
  thousands: "auto" | "none" | "." | "," | " " | "'";
  encoding: CsvEncoding;
  missing: readonly string[];
  schema: z.ZodObject | ZodMiniObject | undefined;
  types: Readonly<Record<string, ColumnType>> | undefined;
  file: string | undefined;
  trim: boolean;
  maxIssues: number;
  /** Lines to skip before the header; `"auto"` skips Excel's `sep=` line and title lines. */
  skip: "auto" | number;
}

/** What one read is asked to do: `readCsv(input, request)`. */
export interface ReadCsvRequest {
  readonly options: ResolvedCsvOptions;
  /** csv-parse's sync `parse`, with `isUtf8`: valid UTF-8 bytes with quotes are read by it instead (the tests' reference path). */
  readonly parse?: CsvParseSync;
  /** `report.source` when no file is named: `"text"` or `"bytes"`. */
  readonly source: string;
  /** A fast UTF-8 check; when given with `parse`, valid UTF-8 bytes with quotes go to csv-parse as they are. */
  readonly isUtf8?: (bytes: Uint8Array) => boolean;
  /** For text the caller decoded from bytes: the encoding, for the report. */
  readonly encoding?: string;
  /** Notes from the caller's decoding. */
  readonly notes?: readonly string[];
}

/** One offending cell, as listed in `EnsayoError.issues` for `NOT_NUMERIC` and `SCHEMA`. */
export interface CellIssue {
  readonly line: number;
  readonly column: string;
  readonly value: string | null;
  readonly message: string;
}

/** `file line 3, column 'x'` (or `line 3, column 'x'` without a file). */
export function describeWhere(file: string | undefined, line: number, column: string): string {
  return `${file ? `${file} ` : ""}line ${line}, column '${column}'`;
}

/** `'a', 'b' and 3 more` style list of line numbers: `3, 5, 6` (at most `max`, then "and N more"). */
export function listLines(lines: readonly number[], total: number, max = 10): string {
  const shown = lines.slice(0, max).join(", ");
  return total > max ? `${shown} and ${total - max} more` : shown;
}

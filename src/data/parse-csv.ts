/**
 * `parseCsv`: CSV text or bytes into a columnar `Table`, in any runtime.
 */
import type { ZodObject } from "zod";
import * as z from "zod/mini";
import { EnsayoError, showValue } from "../errors.js";
import { named } from "../internal/boundary.js";
import { parseOptions } from "../internal/options.js";
import { ownRecord } from "../internal/records.js";
import type { ResolvedCsvOptions } from "./csv-options.js";
import { readCsv } from "./csv-read.js";
import type { Table } from "./table.js";

/**
 * Missing-value codes used when `missing` is not given: the empty cell, `NA`, `N/A`, `.`
 * (Stata) and `S/D` / `s/d` ("sin dato"), compared after trimming.
 *
 * @example
 * ```ts
 * DEFAULT_MISSING; // ["", "NA", "N/A", ".", "S/D", "s/d"]
 * parseCsv("y\n1\nS/D\n", { missing: [...DEFAULT_MISSING, "-99"] }).columns.y; // Float64Array [1, NaN]
 * ```
 */
export const DEFAULT_MISSING: readonly string[] = Object.freeze(["", "NA", "N/A", ".", "S/D", "s/d"]);

const ColumnTypeSchema = z.enum(["number", "integer", "boolean", "date", "text"]);

/** The zod schema of `parseCsv`'s options (also used by `readCsvFile`). */
export const ParseCsvOptionsSchema = z
  .strictObject({
    /** Field delimiter; `"auto"` (default) picks the most frequent of `,` `;` tab in the header line. */
    delimiter: z.optional(z.enum(["auto", ",", ";", "\t", "|"])),
    /** Decimal mark; `"auto"` (default) is `,` when the delimiter is `;` and `.` otherwise. */
    decimal: z.optional(z.enum(["auto", ".", ","])),
    /**
     * Thousands separator; `"auto"` (default): none with a decimal point; with a decimal comma a dot,
     * but only in a column that proves it (`3.500.000`, `1.234,5`): a column whose only dots could be
     * decimal points (`1.250`) is kept as text with a note. `locale: "es-PY"` or `thousands: "."` read the dots as thousands.
     */
    thousands: z.optional(z.enum(["auto", "none", ".", ",", " ", "'"])),
    /** A preset: `"es-PY"` means decimal comma, thousands dot (`1.234,5`), dates `dd/mm/yyyy`, and `;` when the header shows no delimiter. Explicit options win. */
    locale: z.optional(z.enum(["es-PY"])),
    /** Encoding of bytes: `"auto"` (default: BOM, else UTF-8 if valid, else Windows-1252), `"utf-8"`, `"latin1"`, `"windows-1252"`. */
    encoding: z._default(z.enum(["auto", "utf-8", "latin1", "windows-1252"]), "auto"),
    /** Cell values that mean "missing" (after trimming). Default `["", "NA", "N/A", ".", "S/D", "s/d"]`. */
    missing: z.optional(z.readonly(z.array(z.string()))),
    /** A zod object schema: fixes column types, requires columns, validates every cell. */
    schema: z.optional(
      z.custom<ZodObject | z.ZodMiniObject>(
        (v) => typeof v === "object" && v !== null && typeof (v as { safeParse?: unknown }).safeParse === "function" && typeof (v as { shape?: unknown }).shape === "object",
        { message: "must be a zod object schema, e.g. z.object({ puntaje: z.number() })" },
      ),
    ),
    /** Column types that override inference, e.g. `{ id: "text", fecha: "date" }`. */
    types: z.optional(z.record(z.string(), ColumnTypeSchema)),
    /** File name used in messages and in `report.source`. */
    file: z.optional(z.string().check(z.minLength(1))),
    /** Remove spaces around every cell before reading it (default `true`). */
    trim: z._default(z.boolean(), true),
    /** Most offending cells listed in a `SCHEMA` or `NOT_NUMERIC` error (default 50). */
    maxIssues: z._default(z.int().check(z.positive()), 50),
    /** Lines to skip before the header (as R's `skip`); default: Excel's `sep=;` line and title lines are found and skipped, each named in a note. */
    skip: z.optional(z.int().check(z.nonnegative())),
  });

/** Options of `parseCsv` and `readCsvFile` (every property is optional). */
export type ParseCsvOptions = z.input<typeof ParseCsvOptionsSchema>;

/** The options of `parseCsv` as its schema parsed them (`parseOptions(ParseCsvOptionsSchema, options, fn)` at the boundary). */
export type ParsedCsvOptions = z.output<typeof ParseCsvOptionsSchema>;

/**
 * Apply the locale preset and the defaults to options the public function parsed; `options` is what
 * its caller passed (read for a `types` key zod's record leaves out). Shared with `readCsvFile`.
 *
 * @example
 * ```ts
 * import { parseOptions } from "../internal/options.js";
 * const given = { locale: "es-PY" };
 * resolveCsvOptions(parseOptions(ParseCsvOptionsSchema, given, "parseCsv"), given).decimal; // ","
 * ```
 */
export function resolveCsvOptions(o: ParsedCsvOptions, options: unknown): ResolvedCsvOptions {
  const preset = o.locale === "es-PY" ? { decimal: "," as const, thousands: "." as const } : undefined;
  // zod's record drops a `types` key named `__proto__`: read the caller's own keys (null prototype).
  const givenTypes = options !== null && typeof options === "object" && Object.prototype.hasOwnProperty.call(options, "types") ? (options as { types?: unknown }).types : undefined;
  const types = ownRecord(o.types, givenTypes, ColumnTypeSchema, "types");
  return {
    delimiter: o.delimiter ?? "auto",
    fallbackDelimiter: o.locale === "es-PY" ? ";" : ",",
    decimal: o.decimal ?? preset?.decimal ?? "auto",
    thousands: o.thousands ?? preset?.thousands ?? "auto",
    encoding: o.encoding,
    missing: o.missing ?? DEFAULT_MISSING,
    schema: o.schema,
    types,
    file: o.file,
    trim: o.trim,
    maxIssues: o.maxIssues,
    skip: o.skip ?? "auto",
  };
}

/**
 * Read CSV text or bytes into a columnar `Table`, the way ministry exports need.
 *
 * - **Layout**: delimiter `,` `;` or tab, detected from the header line (or given); Excel's
 *   `sep=;` line and title lines above the header are skipped and named in `report.notes`
 *   (`skip` overrides); LF, CRLF and CR line ends in any mix; blank and whitespace-only lines
 *   are skipped and counted in a note.
 * - **Numbers** with a decimal point or a decimal comma; with a `;` delimiter the decimal
 *   comma is assumed (as R's `read.csv2`), and thousands dots (`5.142.000`) in the columns that
 *   prove them: a column of `1.250`-like values (1.25 or 1250?) stays text, with a note.
 *   `locale: "es-PY"` or `thousands: "."` set the thousands dot explicitly. Integers beyond 2^53
 *   stay text (ids must not collapse); `Inf`/`NaN` are not numbers.
 * - **Encoding** of bytes: a BOM is removed and noted; UTF-16 is detected with or without a
 *   BOM; valid UTF-8 is read as UTF-8; otherwise Windows-1252/Latin-1 (Excel's Spanish
 *   default), line by line when only some lines are not UTF-8, noted in `report.notes`.
 * - **Missing values** `""`, `NA`, `N/A`, `.`, `S/D`, `s/d` (configurable) become `NaN` in
 *   numeric columns and `null` in text columns, and are counted in `report.missing`.
 * - **Types** are inferred per column: `integer`, `number`, `boolean` (`true`/`false`,
 *   `sí`/`no`, `verdadero`/`falso`; `1`/`0` stay numbers), `date` (`dd/mm/yyyy` or
 *   `yyyy-mm-dd`, stored as ms since 1970 UTC), else `text`. A value that does not fit makes
 *   the column text, and `report.notes` names the line and value. Integers written with a
 *   leading zero (`007`) are codes, so their column is text. `types` or a zod `schema` fix
 *   the types instead, and then a cell that does not fit is an error.
 * - **Header names** are trimmed; blank names become `V1`, `V2`…; repeats become `x_2`, `x_3`;
 *   every change is listed in `report.renamed`. Names such as `__proto__` are safe.
 *
 * Text without any `"` is split by a fast hand-written path; text with quotes by a
 * hand-written quoted reader that follows csv-parse's rules (`relax_quotes`), malformed quoting
 * included: a quote never closed is a `CSV_PARSE` error, and so is text after a closing quote
 * when trimming; with `trim: false` such a field keeps its quotes (`"x"y`).
 *
 * @param input - CSV text, or its bytes (`Uint8Array`, e.g. from `fetch(...).arrayBuffer()`).
 * @param options - see {@link ParseCsvOptions}.
 * @throws EnsayoError `EMPTY_FILE`, `HEADER_ONLY`, `RAGGED_ROW` (line, expected and found
 *   field counts), `CSV_PARSE` (e.g. an unclosed quote, with its line), `ENCODING` (invalid
 *   UTF-8 when `encoding: "utf-8"`, with byte offset and line), `NOT_NUMERIC` (a cell that is
 *   not a number in a column that `types`/`schema` make numeric), `MISSING_COLUMN` (the
 *   schema requires a column the file lacks), `SCHEMA` (cells that fail the schema, each
 *   listed with line, column and value in `issues`), `INVALID_OPTION`.
 * @example
 * ```ts
 * const t = parseCsv("id;puntaje;salario\nP1;60,5;3.500.000\nP2;S/D;2.900.000\n");
 * t.types;          // { id: "text", puntaje: "number", salario: "integer" }
 * t.columns.puntaje; // Float64Array [60.5, NaN]
 * t.report.missing; // { id: 0, puntaje: 1, salario: 0 }
 * ```
 */
export function parseCsv(input: string | Uint8Array, options?: ParseCsvOptions): Table {
  return named("parseCsv", () => {
    const opts = resolveCsvOptions(parseOptions(ParseCsvOptionsSchema, options, "parseCsv"), options);
    checkInput(input);
    return readCsv(input, { options: opts, source: typeof input === "string" ? "text" : "bytes" });
  });
}

/** Refuse inputs that are neither text nor bytes. */
export function checkInput(input: unknown): void {
  if (typeof input === "string" || input instanceof Uint8Array) return;
  throw new EnsayoError("INVALID_DATA", `\`input\` must be CSV text (a string) or its bytes (a Uint8Array); got ${showValue(input)}`, {
    hint: "Read the file first (e.g. `await file.text()`), or use readCsvFile from ensayo/node",
  });
}

/**
 * Render any table of result rows as Markdown, HTML or CSV, with English or
 * Spanish column labels and sensible rounding.
 */
import * as z from "zod/mini";
import { EnsayoError } from "../errors.js";
import { parseOptions } from "../internal/options.js";
import { FIELD_LABELS, valueLabel } from "./labels.js";
import { isTable, type Table } from "../data/table.js";
import { named } from "../internal/boundary.js";

/** Output formats of {@link formatTable}. */
export type TableFormat = "markdown" | "html" | "csv";

const FormatTableSchema = z
  .strictObject({
    /** Column labels and number style: "en" (default) or "es" (decimal comma in Markdown/HTML). */
    lang: z._default(z.enum(["en", "es"]), "en"),
    /** Decimals for non-integer numbers. Default 3. */
    digits: z._default(z.int().check(z.gte(0), z.lte(12)), 3),
    /** Columns to show, in order. Default: compact defaults for known results, else all. */
    columns: z.optional(z.array(z.string().check(z.minLength(1))).check(z.minLength(1))),
    /** Label overrides by column name. */
    labels: z.optional(z.record(z.string(), z.string())),
    /** CSV only: start with a UTF-8 byte-order mark for Excel. Default: true with `lang: "es"`, else false. */
    bom: z.optional(z.boolean()),
  });

/** Options of {@link formatTable}. */
export type FormatTableOptions = z.input<typeof FormatTableSchema>;

/** A data table, rows, or a result object that carries them in `rows` (or `coefficients`). */
export type FormattableInput =
  | Table
  | readonly object[]
  | {
      readonly kind?: string;
      readonly rows?: readonly object[];
      readonly coefficients?: readonly object[];
      readonly vary?: string;
      readonly blocks?: string | null;
    };


/** What `x` means in a power curve, by its `vary`. */
const POWER_CURVE_X: Record<string, { en: string; es: string }> = {
  effect: { en: "Effect size", es: "Tamaño del efecto" },
  nUnits: { en: "Units", es: "Unidades" },
  nClusters: { en: "Clusters", es: "Conglomerados" },
  clusterSize: { en: "Cluster size", es: "Tamaño del conglomerado" },
};

const VALUE_WORDS = {
  en: { true: "yes", false: "no" },
  es: { true: "sí", false: "no" },
};


/** Compact default columns for known result kinds. */
const DEFAULT_COLUMNS: Record<string, readonly string[]> = {
  balanceTable: ["term", "arm", "meanControl", "meanTreatment", "difference", "stdError", "pValue", "stdDiff", "varianceRatio", "flag"],
  balanceTableBlocks: ["term", "arm", "meanControl", "meanTreatment", "difference", "estimate", "stdError", "pValue", "stdDiff", "varianceRatio", "flag"],
  // a list of leeBounds results (attritionReport's `leeBounds`): one line per arm
  leeBoundsList: ["arm", "control", "trimmedArm", "trimmingShare", "lowerBound", "lowerStdError", "upperBound", "upperStdError", "ciEffect"],
};

/**
 * Render result rows as a Markdown table, an HTML table or CSV text.
 *
 * - Columns: `columns`, else compact defaults for a known result kind (a balance table shows term,
 *   arm, means, difference, SE, p-value, std. difference, variance ratio and flag; with blocks also the
 *   block-adjusted difference, to which the SE and p-value belong), else every
 *   column seen in the rows. Labels come from a built-in English/Spanish dictionary (`lang`),
 *   overridden by `labels`; unknown columns keep their names. A data `Table` is printed with every
 *   column under the header it was read with, and its date columns as ISO `YYYY-MM-DD` (so is any
 *   `Date` cell), never as epoch milliseconds.
 * - Numbers: columns of whole numbers (counts) without decimals; p-values (`pValue`, `…PValue`) with `digits`
 *   decimals and `<0.001` below that (Markdown/HTML); other numbers with `digits` decimals, fewer from 100 up
 *   (about digits + 2 significant figures: `4461686.192` → `4461686`), two significant digits when
 *   smaller than 10^−digits.
 *   Missing (`NaN`, `null`) is an empty cell.
 * - Spanish (`lang: "es"`) numbers are es-PY: decimal comma and thousands dots (`1.234,5`).
 * - CSV (RFC 4180, CRLF): English with `,` and dot decimals; Spanish for Spanish Excel, with `;`,
 *   decimal commas and a UTF-8 byte-order mark (`bom: false` leaves it out). Numbers are written in full
 *   precision as numbers, negative ones included; text cells beginning with `=`, `+`, `-`, `@`,
 *   tab or carriage return are prefixed with `'` so spreadsheets do not run them as formulas.
 *   `bom: true` prepends a byte-order mark so Excel reads UTF-8 accents.
 * - HTML: every cell and label is escaped.
 *
 * @throws EnsayoError `INVALID_OPTION` (unknown format or bad options), `INVALID_DATA` (no rows array).
 * @example
 * ```ts
 * formatTable([{ term: "edad", estimate: 0.1234, pValue: 0.0004 }], "markdown", { lang: "es" });
 * // | Término | Estimación | Valor p |
 * // | --- | ---: | ---: |
 * // | edad | 0,123 | <0,001 |
 * ```
 */
export function formatTable(input: FormattableInput, format: TableFormat, options: FormatTableOptions = {}): string {
  return named("formatTable", () => formatTableCore(input, format, options));
}

/** {@link formatTable} without the function name on its errors. */
function formatTableCore(input: FormattableInput, format: TableFormat, options: FormatTableOptions = {}): string {
  const opts = parseOptions(FormatTableSchema, options, "formatTable");
  if (format !== "markdown" && format !== "html" && format !== "csv") {
    throw new EnsayoError("INVALID_OPTION", `\`format\` must be "markdown", "html" or "csv"; got ${JSON.stringify(format)}`, {
      value: format,
    });
  }
  let rows: readonly Record<string, unknown>[];
  let kind: string | undefined;
  let kindLabels: Record<string, string> = {};
  let headersAsRead = false;
  if (isTable(input)) {
    headersAsRead = true;
    // a data table: its columns in order, under the names they were read with; dates as dates, not epoch ms
    rows = tableRows(input);
  } else if (Array.isArray(input)) {
    rows = input as readonly Record<string, unknown>[];
    if (rows.length > 0 && rows.every((r) => r && (r as { kind?: unknown }).kind === "leeBounds")) kind = "leeBoundsList";
  }
  else if (input && typeof input === "object" && Array.isArray((input as { rows?: unknown }).rows)) {
    rows = (input as { rows: Record<string, unknown>[] }).rows;
    kind = (input as { kind?: string }).kind;
    const vary = (input as { vary?: string }).vary;
    if (kind === "powerCurve" && vary && own(POWER_CURVE_X, vary)) kindLabels = { x: POWER_CURVE_X[vary]![opts.lang] };
    if (kind === "balanceTable" && (input as { blocks?: unknown }).blocks) {
      // with blocks the SE and p-value belong to the block-adjusted difference: show it beside the raw one
      kind = "balanceTableBlocks";
      kindLabels = { estimate: opts.lang === "es" ? "Dif. ajustada" : "Adj. difference" };
    }
  } else if (input && typeof input === "object" && Array.isArray((input as { coefficients?: unknown }).coefficients)) {
    rows = (input as { coefficients: Record<string, unknown>[] }).coefficients;
  } else {
    throw new EnsayoError("INVALID_DATA", "pass an array of rows, or a result with a `rows` array", {
      hint: "e.g. formatTable(balance.rows, 'markdown') or formatTable(balance.joint, 'csv')",
    });
  }
  let columns: string[];
  if (opts.columns) columns = opts.columns;
  else {
    const seen: string[] = [];
    const set = new Set<string>();
    for (const r of rows) {
      for (const k of Object.keys(r)) {
        if (set.has(k)) continue;
        set.add(k);
        const v = cell(r, k);
        // nested objects, and lists of them (a result's own `rows`), are not cells
        if (v !== null && typeof v === "object" && !(v instanceof Date) && (!Array.isArray(v) || v.some((x) => x !== null && typeof x === "object"))) continue;
        seen.push(k);
      }
    }
    const defaults = kind && own(DEFAULT_COLUMNS, kind) ? DEFAULT_COLUMNS[kind] : undefined;
    columns = defaults ? defaults.filter((c) => set.has(c)) : seen;
  }
  // own properties only: a column named `constructor` or `toString` is a column, not Object.prototype's method
  // labels from the caller's own object: zod's record output leaves out a key named "__proto__"
  const labels = opts.labels ? (options.labels as Record<string, string>) : undefined;
  const label = (c: string) =>
    (labels && own(labels, c) && typeof labels[c] === "string" ? labels[c] : undefined) ??
    (own(kindLabels, c) ? kindLabels[c] : undefined) ??
    (!headersAsRead && own(FIELD_LABELS, c) ? FIELD_LABELS[c]![opts.lang] : undefined) ??
    c;
  const numericCol = columns.map((c) => rows.some((r) => typeof cell(r, c) === "number") && rows.every((r) => cell(r, c) === null || cell(r, c) === undefined || typeof cell(r, c) === "number"));

  if (format === "csv") {
    // Spanish Excel reads `;`-separated cells with decimal commas; English tools read `,` and dots
    const sep = opts.lang === "es" ? ";" : ",";
    const lines = [columns.map((c) => csvText(label(c), sep)).join(sep)];
    for (const r of rows) lines.push(columns.map((c) => csvCell(cell(r, c), c, opts.lang, !headersAsRead)).join(sep));
    return ((opts.bom ?? opts.lang === "es") ? "\uFEFF" : "") + lines.join("\r\n") + "\r\n";
  }
  // a column of whole numbers only (counts, df) is printed without decimals
  const wholeCol = columns.map((c) =>
    rows.every((r) => {
      const v = cell(r, c);
      return typeof v !== "number" || !Number.isFinite(v) || Number.isInteger(v);
    }),
  );
  // a data table's text cells are the data: a column named `type` holding "date" stays "date"
  const cells = rows.map((r) => columns.map((c, j) => displayCell(cell(r, c), c, opts.digits, opts.lang, wholeCol[j]!, !headersAsRead)));
  if (format === "markdown") {
    const md = (s: string) => s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/[\r\n]+/g, " ");
    const out = [
      `| ${columns.map((c) => md(label(c))).join(" | ")} |`,
      `| ${numericCol.map((isNum) => (isNum ? "---:" : "---")).join(" | ")} |`,
      ...cells.map((row) => `| ${row.map(md).join(" | ")} |`),
    ];
    return out.join("\n") + "\n";
  }
  const head = columns.map((c) => `<th>${escapeHtml(label(c))}</th>`).join("");
  const body = cells
    .map((row) => `<tr>${row.map((v, j) => (numericCol[j] ? `<td class="num">${escapeHtml(v)}</td>` : `<td>${escapeHtml(v)}</td>`)).join("")}</tr>`)
    .join("\n");
  return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>\n`;
}

/** The rows of a data table, with date columns (stored as ms since the epoch) as `Date`s. */
function tableRows(t: Table): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < t.nRows; i++) {
    const r: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const name of t.names) {
      const v = (t.columns[name] as ArrayLike<unknown>)[i];
      r[name] = t.types[name] === "date" && typeof v === "number" && Number.isFinite(v) ? new Date(v) : v;
    }
    rows.push(r);
  }
  return rows;
}

function own(o: object, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

/** A row's own value in column `c` (never an inherited `constructor`, `toString`, …). */
function cell(r: Record<string, unknown>, c: string): unknown {
  return own(r, c) ? r[c] : undefined;
}

function isPValueColumn(c: string): boolean {
  return c === "pValue" || c.endsWith("PValue") || c === "p";
}

/**
 * Format a number for people, as {@link formatTable} does: `digits` decimals (fewer from 100 up), p-values
 * as `<0.001` below 10^−digits, whole numbers without decimals; Spanish in es-PY style (`1.234,5`).
 *
 * @example
 * ```ts
 * formatNumber(1234.5, 3, "es"); // "1.234,5"
 * formatNumber(0.0004, 3, "en", true); // "<0.001"
 * ```
 */
export function formatNumber(x: number, digits: number, lang: "en" | "es" = "en", pValue = false, whole = Number.isInteger(x)): string {
  if (Number.isNaN(x)) return "";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "−∞";
  let s: string;
  if (whole && Number.isInteger(x) && !pValue) s = String(x);
  else if (pValue && x < 10 ** -digits) s = `<${(10 ** -digits).toFixed(digits)}`;
  else if (x !== 0 && Math.abs(x) < 10 ** -digits) s = x.toPrecision(2);
  else {
    // large magnitudes keep about digits + 2 significant figures: 4461686.192 → "4461686", 1234.56 → "1234.6"
    const mag = Math.floor(Math.log10(Math.abs(x)));
    const d = pValue ? digits : Math.max(0, digits - Math.max(0, mag - 1));
    s = x.toFixed(d);
    if (/^-0\.?0*$/.test(s)) s = s.slice(1); // no "-0.000"
  }
  return localizeNumberText(s, lang);
}

/**
 * A number already written in JavaScript's style (`"-1234.5"`, `"4.168e-9"`, `"< 2.2e-16"`) in `lang`'s style:
 * unchanged in English; es-PY in Spanish, with a decimal comma and thousands dots from 1.000 up. The one
 * place numbers become Spanish, for {@link formatNumber} and for texts that round their own way (`summary`).
 *
 * @example
 * ```ts
 * localizeNumberText("-1234.5", "es"); // "-1.234,5"
 * localizeNumberText("4.168e-9", "es"); // "4,168e-9"
 * localizeNumberText("4.1704", "en"); // "4.1704"
 * ```
 */
export function localizeNumberText(s: string, lang: "en" | "es"): string {
  return lang === "es" ? esPy(s) : s;
}

/** es-PY style of a plain decimal string: decimal comma, and thousands dots from 1.000 up (`-1234.5` → `-1.234,5`). */
function esPy(s: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(s);
  if (!m) return s.replace(".", ",");
  const int = m[2]!.length > 3 ? m[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, ".") : m[2]!;
  return `${m[1]}${int}${m[3] ? "," + m[3].slice(1) : ""}`;
}

function displayCell(v: unknown, column: string, digits: number, lang: "en" | "es", whole = false, words = true): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return formatNumber(v, digits, lang, isPValueColumn(column), whole);
  if (typeof v === "boolean") return VALUE_WORDS[lang][v ? "true" : "false"];
  if (v instanceof Date) return isoDate(v);
  if (Array.isArray(v)) return `[${v.map((x) => displayCell(x, column, digits, lang, false, words)).join(lang === "es" ? "; " : ", ")}]`;
  if (typeof v === "object") return "";
  return words ? cellWord(String(v), column, lang) : String(v);
}

/** A value word of a known column in the chosen language (own keys only), or the text itself. */
function cellWord(text: string, column: string, lang: "en" | "es"): string {
  return valueLabel(column, text, lang);
}

/** A date as ISO `YYYY-MM-DD` (UTC), with the time of day when it has one; an invalid date is an empty cell. */
function isoDate(d: Date): string {
  const ms = d.getTime();
  if (Number.isNaN(ms)) return "";
  const iso = d.toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
}

function csvText(s: string, sep = ","): string {
  let t = s;
  if (/^[=+\-@\t\r]/.test(t)) t = `'${t}`;
  // quote text holding either separator, so the cell survives whichever one a reader assumes
  return /[",;\r\n]/.test(t) || t.includes(sep) ? `"${t.replace(/"/g, '""')}"` : t;
}

function csvCell(v: unknown, column: string, lang: "en" | "es", words = true): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") {
    if (Number.isNaN(v)) return "";
    if (!Number.isFinite(v)) return v > 0 ? "Inf" : csvText("-Inf");
    return lang === "es" ? String(v).replace(".", ",") : String(v);
  }
  if (v instanceof Date) return isoDate(v);
  if (typeof v === "boolean") return VALUE_WORDS[lang][v ? "true" : "false"];
  if (Array.isArray(v)) return csvText(v.map((x) => (x !== null && typeof x === "object" ? "" : String(x))).join("; "));
  if (typeof v === "object") return "";
  return csvText(words ? cellWord(String(v), column, lang) : String(v));
}

/** Characters XML 1.0 does not allow at all (C0 controls but tab, LF and CR; lone surrogates; U+FFFE/U+FFFF). */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Escape text for HTML/SVG element content and attribute values. Characters no XML document may
 * hold (e.g. a stray U+0001 from a data export) become U+FFFD, so an SVG stays well-formed.
 */
export function escapeHtml(s: string): string {
  return s
    .replace(NOT_XML, "\uFFFD")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * How results show themselves to people: in a terminal (`toString`, `console.log`), a notebook
 * (`toHTML`, Jupyter's display protocol) and JSON (`toJSON`). The methods live on one shared
 * prototype, so every result stays plain data: `structuredClone` and `JSON.stringify` see only
 * its own fields.
 */
import { escapeHtml, formatNumber } from "./format-table.js";
import { fieldLabel, kindLabel, valueLabel, type Lang } from "./labels.js";
import { summary } from "../estimators/summary.js";
import { registerRenderers } from "./result-proto.js";
import * as z from "zod/mini";
import { EnsayoError, showValue as showGiven } from "../errors.js";
import { named } from "../internal/boundary.js";
import { parseOptions } from "../internal/options.js";

/** Options of {@link toHTML} and of a result's `toHTML()` method. */
export interface DisplayOptions {
  /** Labels and number style: `"en"` (default) or `"es"` (decimal comma). */
  readonly lang?: Lang;
  /** Rows shown per table before "… more rows". Default 20. */
  readonly maxRows?: number;
}

/** The display methods every ensayo result carries (on its prototype, never as own fields). */
export interface Displayable {
  /** A plain-text summary (the same text as `summary(result)`). */
  toString(lang?: Lang): string;
  /** An HTML fragment (a title, the scalar fields and one `<table>` per list of rows), for notebooks. */
  toHTML(options?: DisplayOptions): string;
  /** The result's own fields, as `JSON.stringify` writes them. */
  toJSON(): Record<string, unknown>;
}

/** One table of a result, already formatted for reading. */
interface ShownTable {
  readonly name: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly more: number;
}

/** A result broken into what people read: a title, facts, tables, warnings. */
export interface ShownResult {
  readonly title: string;
  readonly facts: readonly (readonly [string, string])[];
  readonly tables: readonly ShownTable[];
  readonly warnings: readonly string[];
}

const DisplayOptionsSchema = z.strictObject({
  lang: z.optional(z.enum(["en", "es"])),
  maxRows: z.optional(z.int().check(z.gte(0))),
});

const SKIP = new Set(["kind", "warnings", "vcov", "terms"]);

function isPValue(key: string): boolean {
  return key === "pValue" || key.endsWith("PValue") || key === "p";
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

/**
 * A number for people: 3 decimals (fewer for large magnitudes, 2 significant digits for tiny ones),
 * whole numbers as they are, p-values below 0.001 as `<0.001`, missing as `NA`.
 *
 * @example
 * ```ts
 * showNumber(0.80146); // "0.801"
 * showNumber(0.00002, "pValue"); // "<0.001"
 * showNumber(1234.5678, "estimate", "es"); // "1.234,6"
 * ```
 */
export function showNumber(x: number, key = "", lang: Lang = "en"): string {
  if (Number.isNaN(x)) return "NA";
  return formatNumber(x, 3, lang, isPValue(key));
}

function showValue(v: unknown, key: string, lang: Lang, depth = 0): string {
  if (v === null || v === undefined) return "";
  // a seed is a name for a random stream, not a quantity: no thousands separator
  if (typeof v === "number") return key === "seed" ? String(v) : showNumber(v, key, lang);
  if (typeof v === "boolean") return lang === "es" ? (v ? "sí" : "no") : String(v);
  if (typeof v === "string") return valueLabel(key, v, lang);
  if (typeof v === "bigint") return String(v);
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${(v as unknown as ArrayLike<number>).length})`;
  if (Array.isArray(v)) {
    const shown = v.slice(0, 8).map((x) => showValue(x, key, lang, depth + 1));
    return v.length > 8 ? `${shown.join(", ")}, … (${v.length})` : shown.join(", ");
  }
  if (isRecord(v) && depth === 0) {
    return Object.keys(v)
      .filter((k) => !isRecord(v[k]) && !Array.isArray(v[k]))
      .map((k) => `${fieldLabel(k, lang)} ${showValue(v[k], k, lang, depth + 1)}`)
      .join(", ");
  }
  return "…";
}

function isRowList(v: unknown): v is readonly Record<string, unknown>[] {
  return Array.isArray(v) && v.length > 0 && v.every(isRecord);
}

function shownTable(name: string, list: readonly Record<string, unknown>[], lang: Lang, maxRows: number): ShownTable {
  const columns: string[] = [];
  for (const row of list) {
    for (const k of Object.keys(row)) if (!columns.includes(k) && !isRecord(row[k])) columns.push(k);
  }
  const rows = list.slice(0, maxRows).map((r) => columns.map((c) => showValue(r[c], c, lang, 1)));
  return { name, columns: columns.map((c) => fieldLabel(c, lang)), rows, more: Math.max(0, list.length - maxRows) };
}

/**
 * Break any result into what a person reads: its title (the kind and, when present, the formula or
 * outcome), its scalar fields, one table per list of row objects, and its warnings.
 * Both `toString` and `toHTML` render this.
 */
export function showResult(result: object, options: DisplayOptions = {}): ShownResult {
  const lang = options.lang ?? "en";
  const maxRows = options.maxRows ?? 20;
  const r = result as Record<string, unknown>;
  const kind = typeof r.kind === "string" ? r.kind : "result";
  const what = typeof r.formula === "string" ? r.formula : typeof r.outcome === "string" ? r.outcome : "";
  const facts: [string, string][] = [];
  const tables: ShownTable[] = [];
  for (const key of Object.keys(r)) {
    if (SKIP.has(key) || key === "formula") continue;
    const v = r[key];
    if (isRowList(v)) tables.push(shownTable(fieldLabel(key, lang), v, lang, maxRows));
    else if (v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)) {
      const text = showValue(v, key, lang);
      if (text !== "") facts.push([fieldLabel(key, lang), text]);
    }
  }
  const warnings = Array.isArray(r.warnings) ? r.warnings.map(String) : [];
  return { title: `${kindLabel(kind, lang)}${what ? `: ${what}` : ""}`, facts, tables, warnings };
}

/** Aligned plain text of a shown result. */
export function shownText(shown: ShownResult, lang: Lang = "en"): string {
  const out: string[] = [shown.title];
  const w = Math.max(0, ...shown.facts.map(([k]) => k.length));
  for (const [k, v] of shown.facts) out.push(`  ${k.padEnd(w)}  ${v}`);
  for (const t of shown.tables) {
    out.push("", `${t.name}:`);
    const widths = t.columns.map((c, j) => Math.max(c.length, ...t.rows.map((row) => row[j]!.length)));
    const line = (cells: readonly string[]) => cells.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join("  ").trimEnd();
    out.push(`  ${line(t.columns)}`);
    for (const row of t.rows) out.push(`  ${line(row)}`);
    if (t.more > 0) out.push(lang === "es" ? `  … ${t.more} filas más` : `  … ${t.more} more rows`);
  }
  if (shown.warnings.length) out.push("");
  for (const x of shown.warnings) out.push(`${lang === "es" ? "advertencia" : "warning"}: ${x}`);
  return out.join("\n");
}

/**
 * An HTML fragment of any result, for notebooks (tslab: `tslab.display.html(toHTML(fit))`) and web pages:
 * the title, a table of its scalar fields, one table per list of rows, and its warnings. Text is escaped.
 *
 * @example
 * ```ts
 * const html = toHTML(powerTTest({ n: 50, d: 0.5 }), { lang: "es" });
 * html.startsWith('<div class="ensayo-result">'); // true
 * toHTML(null as never); // throws INVALID_DATA: toHTML: `result` must be a result object of ensayo …
 * ```
 * @throws EnsayoError `INVALID_DATA` when `result` is not an object; `INVALID_OPTION` for a `lang` other than "en" or "es", a `maxRows` that is not a whole number ≥ 0, or an unknown option.
 */
export function toHTML(result: object, options: DisplayOptions = {}): string {
  return named("toHTML", () => htmlOf(result, options));
}

function htmlOf(result: object, given: DisplayOptions): string {
  if (result === null || typeof result !== "object") {
    throw new EnsayoError("INVALID_DATA", `\`result\` must be a result object of ensayo (e.g. what lmRobust returns); got ${showGiven(result)}`, {
      value: result,
      hint: "Pass the object a function of ensayo returned: toHTML(lmRobust(data, \"y ~ z\"))",
    });
  }
  const options = parseOptions(DisplayOptionsSchema, given, "toHTML");
  const lang = options.lang ?? "en";
  const s = showResult(result, options);
  const e = escapeHtml;
  const out: string[] = [`<div class="ensayo-result">`, `<p><strong>${e(s.title)}</strong></p>`];
  if (s.facts.length) {
    out.push(`<table>`);
    for (const [k, v] of s.facts) out.push(`<tr><th style="text-align:left">${e(k)}</th><td style="text-align:left">${e(v)}</td></tr>`);
    out.push(`</table>`);
  }
  for (const t of s.tables) {
    out.push(`<table>`, `<caption style="text-align:left">${e(t.name)}</caption>`);
    out.push(`<thead><tr>${t.columns.map((c) => `<th>${e(c)}</th>`).join("")}</tr></thead>`, `<tbody>`);
    for (const row of t.rows) out.push(`<tr>${row.map((c, j) => `<td style="text-align:${j === 0 ? "left" : "right"}">${e(c)}</td>`).join("")}</tr>`);
    out.push(`</tbody>`, `</table>`);
    if (t.more > 0) out.push(`<p>${lang === "es" ? `… ${t.more} filas más` : `… ${t.more} more rows`}</p>`);
  }
  if (s.warnings.length) out.push(`<ul>${s.warnings.map((x) => `<li>${e(x)}</li>`).join("")}</ul>`);
  out.push(`</div>`);
  return out.join("\n");
}

registerRenderers({ text: (result, lang) => summary(result, { lang }), html: toHTML });

export { withDisplay } from "./result-proto.js";

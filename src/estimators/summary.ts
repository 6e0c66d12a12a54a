/**
 * A readable plain-text table of any estimator result, for notebooks and terminals.
 */
import * as z from "zod/mini";
import { parseOptions } from "../internal/options.js";
import { fieldLabel, kindLabel, phrase } from "../report/labels.js";
import type { CoefficientRow } from "./types.js";
import type { Lang } from "../report/labels.js";
import { showResult, shownText } from "../report/display.js";
import { formatNumber, localizeNumberText } from "../report/format-table.js";
import { named } from "../internal/boundary.js";

const SummaryOptionsSchema = z.strictObject({
  /** Language of the labels and numbers: "en" (default) or "es" (es-PY numbers: `4,1704`, `1.234,5`). */
  lang: z._default(z.enum(["en", "es"]), "en"),
});

/** Options of {@link summary}. */
export type SummaryOptions = z.input<typeof SummaryOptionsSchema>;

/** Anything with tidy coefficient rows; the other fields are printed when present. */
export interface SummarizableResult {
  readonly kind?: string;
  readonly coefficients: readonly CoefficientRow[];
  readonly formula?: string;
  readonly outcome?: string;
  readonly seType?: string;
  readonly alpha?: number;
  readonly nObs?: number;
  readonly nClusters?: number;
  readonly r2?: number;
  readonly adjR2?: number;
  readonly fStatistic?: { readonly value: number; readonly df1: number; readonly df2: number; readonly pValue: number };
  readonly fixedEffects?: readonly string[];
  readonly warnings?: readonly string[];
  readonly dropped?: { readonly total: number };
}

/** Format a number with `digits` significant digits as R prints it, trimming noise; NaN as "NA"; es-PY in Spanish. */
function num(x: number, lang: Lang, digits = 5): string {
  if (Number.isNaN(x)) return "NA";
  if (x === Infinity) return "Inf";
  if (x === -Infinity) return "-Inf";
  if (x !== 0 && (Math.abs(x) < 1e-4 || Math.abs(x) >= 1e6)) return localizeNumberText(x.toExponential(digits - 1), lang);
  return localizeNumberText(Number(x.toPrecision(digits)).toString(), lang);
}

function pval(p: number, lang: Lang): string {
  if (Number.isNaN(p)) return "NA";
  return p < 2.2e-16 ? `< ${localizeNumberText("2.2e-16", lang)}` : num(p, lang, 4);
}

/** A count (n, clusters, df1, dropped rows): as it is in English (R's style), with thousands dots in Spanish. */
function count(n: number, lang: Lang): string {
  return lang === "en" ? String(n) : formatNumber(n, 0, lang);
}

/**
 * Render any ensayo result as aligned plain text (this is also what `String(result)` and
 * `console.log(result)` show).
 *
 * Results that carry `coefficients` (lmRobust, lmLin, differenceInMeans, horvitzThompson, ivRobust…)
 * print R's coefficient table and fit statistics; aliased terms print as "(aliased)". Every other
 * result (power, plans, assignments, balance, attrition, Lee bounds, …) prints its title, its fields
 * and one table per list of rows, numbers rounded for reading (p-values below 0.001 as `<0.001`).
 * Presentation only: the numbers are those of the result object. With `{ lang: "es" }` every label
 * and note is Spanish (from src/report/labels.ts), and numbers are es-PY (`4,4937`, `1.234,5`); English
 * coefficient tables keep R's number style.
 *
 * @example
 * ```ts
 * const panel = readCsvFile("fixtures/pilot/panel.csv");
 * console.log(summary(lmRobust(panel, "puntaje_final ~ grupo + puntaje_base", { clusters: "oficina" })));
 * // lmRobust: puntaje_final ~ grupo + puntaje_base   (SE CR2, n = 421, clusters = 48)
 * //
 * // term          estimate  std.error  t value   Pr(>|t|)  95% low  95% high     df
 * // (Intercept)     12.803       1.65    7.759   4.168e-9   9.4529    16.153  34.94
 * // grupotaller     4.4937     1.2181    3.689  0.0006931   2.0288    6.9586  38.54
 * // …
 * summary(powerTTest({ n: 50, d: 0.5 }), { lang: "es" }).split("\n")[0]; // "Potencia de una prueba t"
 * ```
 */
export function summary(result: SummarizableResult | object, options: SummaryOptions = {}): string {
  return named("summary", () => summaryCore(result, options));
}

/** {@link summary} without the function name on its errors. */
function summaryCore(result: SummarizableResult | object, options: SummaryOptions = {}): string {
  const { lang } = parseOptions(SummaryOptionsSchema, options, "summary");
  if (!isCoefficientResult(result)) return shownText(showResult(result, { lang }), lang);
  const alpha = result.alpha ?? 0.05;
  const level = `${localizeNumberText(String(Math.round((1 - alpha) * 1000) / 10), lang)}%`;
  const en = lang === "en";
  const header = [
    en ? "term" : fieldLabel("term", lang), en ? "estimate" : fieldLabel("estimate", lang), en ? "std.error" : fieldLabel("stdError", lang),
    phrase("tValue", lang), phrase("prT", lang), phrase("ciLow", lang, { level }), phrase("ciHigh", lang, { level }), en ? "df" : fieldLabel("df", lang),
  ];
  const rows = result.coefficients.map((r) =>
    r.aliased
      ? [r.term, phrase("aliased", lang), "", "", "", "", "", ""]
      : [r.term, num(r.estimate, lang), num(r.stdError, lang), num(r.statistic, lang, 4), pval(r.pValue, lang), num(r.confLow, lang), num(r.confHigh, lang), num(r.df, lang, 4)],
  );
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j]!.length)));
  const line = (cells: string[]) => cells.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join("  ");
  const out: string[] = [];
  const what = result.formula ?? result.outcome ?? "";
  const facts: string[] = [];
  if (result.seType) facts.push(phrase("seFact", lang, { se: result.seType }));
  if (result.nObs !== undefined) facts.push(`n = ${count(result.nObs, lang)}`);
  if (result.nClusters !== undefined) facts.push(phrase("clustersCount", lang, { n: count(result.nClusters, lang) }));
  if (result.fixedEffects?.length) facts.push(phrase("fixedEffectsList", lang, { list: result.fixedEffects.join(", ") }));
  // English keeps the kind (as R prints the call's class); Spanish gets the kind's title
  const title = en ? (result.kind ?? "result") : kindLabel(result.kind ?? "resultado", lang);
  out.push(`${title}${what ? `: ${what}` : ""}${facts.length ? `   (${facts.join(", ")})` : ""}`);
  out.push("");
  out.push(line(header));
  for (const r of rows) out.push(line(r));
  const tail: string[] = [];
  if (result.r2 !== undefined) tail.push(`R² ${num(result.r2, lang, 4)}, ${phrase("adjusted", lang)} ${num(result.adjR2 ?? NaN, lang, 4)}`);
  if (result.fStatistic) {
    const f = result.fStatistic;
    tail.push(phrase("fOn", lang, { value: num(f.value, lang, 4), df1: count(f.df1, lang), df2: num(f.df2, lang, 4), p: pval(f.pValue, lang) }));
  }
  if (result.dropped && result.dropped.total > 0) tail.push(phrase("droppedRows", lang, { n: count(result.dropped.total, lang) }));
  if (tail.length) {
    out.push("");
    out.push(tail.join("; "));
  }
  for (const w of result.warnings ?? []) out.push(phrase("warning", lang, { text: w }));
  return out.join("\n");
}

function isCoefficientResult(result: object): result is SummarizableResult {
  return Array.isArray((result as { coefficients?: unknown }).coefficients);
}

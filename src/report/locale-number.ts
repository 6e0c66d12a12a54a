/**
 * Numbers for readers: es-PY writes `4,31` and `1.234`; en writes `4.31` and `1,234`.
 */

/** The report languages. */
export type ReportLang = "es" | "en";

/**
 * Format `x` with `digits` decimals, grouped thousands and the language's decimal mark; NaN → "—".
 *
 * @example
 * ```ts
 * formatLocale(1234.567, 2, "es"); // "1.234,57"
 * formatLocale(4.3111, 2, "en");   // "4.31"
 * ```
 */
export function formatLocale(x: number, digits: number, lang: ReportLang): string {
  if (Number.isNaN(x)) return "—";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "−∞";
  const fixed = Math.abs(x).toFixed(digits);
  const [whole, frac] = fixed.split(".") as [string, string | undefined];
  const group = lang === "es" ? "." : ",";
  const mark = lang === "es" ? "," : ".";
  // es-PY as ministries write it: every thousand grouped, four digits included (1.234)
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const negative = x < 0 && /[1-9]/.test(fixed);
  return `${negative ? "−" : ""}${grouped}${frac ? mark + frac : ""}`;
}

/** A p-value: 3 decimals, `<0,001` below 0.001. */
export function formatP(p: number, lang: ReportLang): string {
  if (Number.isNaN(p)) return "—";
  return p < 0.001 ? `<${formatLocale(0.001, 3, lang)}` : formatLocale(p, 3, lang);
}

/** A whole count with grouped thousands. */
export function formatCount(n: number, lang: ReportLang): string {
  return formatLocale(n, 0, lang);
}

/** A share as a percentage with one decimal. */
export function formatPercent(x: number, lang: ReportLang): string {
  return `${formatLocale(100 * x, 1, lang)} %`;
}

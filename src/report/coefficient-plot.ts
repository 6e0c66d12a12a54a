/**
 * Coefficient plot: every outcome's effect with its confidence interval, as an inline SVG.
 */
import { checkKnownKeys } from "../internal/options.js";
import { escapeHtml } from "./format-table.js";
import { formatLocale, type ReportLang } from "./locale-number.js";
import { niceStepNearest, px as f, tickLabel, ticksBetween } from "./svg-axis.js";

/** One line of the plot. */
export interface CoefficientPlotRow {
  readonly label: string;
  readonly estimate: number;
  readonly confLow: number;
  readonly confHigh: number;
  /** The group the row belongs to (a treated arm): rows of a group are drawn together under its heading, in its colour. */
  readonly group?: string;
}

/** Colours of the groups (Okabe–Ito, readable in grey when printed). */
const GROUP_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"];

/**
 * Draw effects with their intervals: one row per outcome, a dot at the estimate, a bar over the CI, a line at 0.
 * Rows with a `group` (several treated arms) are drawn group by group, each under its heading and in its colour.
 *
 * @example
 * ```ts
 * coefficientPlotSvg([{ label: "puntaje", estimate: 0.3, confLow: 0.13, confHigh: 0.47 }], { lang: "es", title: "Efectos", xLabel: "Efecto (DE)" });
 * // '<svg xmlns="http://www.w3.org/2000/svg" …'
 * ```
 */
export function coefficientPlotSvg(rows: readonly CoefficientPlotRow[], options: { lang: ReportLang; title: string; xLabel: string; width?: number }): string {
  checkKnownKeys(options, ["lang", "title", "xLabel", "width"], "coefficientPlotSvg");
  const W = options.width ?? 640;
  const rowH = 28;
  const top = 40;
  const groups: string[] = [];
  for (const r of rows) if (r.group !== undefined && !groups.includes(r.group)) groups.push(r.group);
  // grouped rows: each group's heading takes a line, then its rows (in input order)
  const lines: ({ heading: string; colour: string } | { row: CoefficientPlotRow; colour: string })[] = groups.length
    ? groups.flatMap((g, k) => [{ heading: g, colour: GROUP_COLOURS[k % GROUP_COLOURS.length]! }, ...rows.filter((r) => r.group === g).map((row) => ({ row, colour: GROUP_COLOURS[k % GROUP_COLOURS.length]! }))])
    : rows.map((row) => ({ row, colour: GROUP_COLOURS[0]! }));
  const longest = Math.max(8, ...rows.map((r) => r.label.length));
  const left = Math.min(12 + longest * 7, W * 0.4);
  const right = 24;
  const H = top + lines.length * rowH + 52;
  const finite = rows.flatMap((r) => [r.confLow, r.confHigh, r.estimate]).filter(Number.isFinite);
  let lo = Math.min(0, ...finite);
  let hi = Math.max(0, ...finite);
  if (hi - lo === 0) hi = lo + 1;
  const pad = (hi - lo) * 0.08;
  lo -= pad;
  hi += pad;
  const step = niceStepNearest((hi - lo) / 5);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  const x = (v: number) => left + ((v - lo) / (hi - lo)) * (W - left - right);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12" role="img" aria-label="${escapeHtml(options.title)}">`,
    `<title>${escapeHtml(options.title)}</title>`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${f(W / 2)}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${escapeHtml(options.title)}</text>`,
  ];
  const axisY = top + lines.length * rowH;
  for (const v of ticksBetween(lo, hi, step)) {
    out.push(`<line x1="${f(x(v))}" y1="${top}" x2="${f(x(v))}" y2="${f(axisY)}" stroke="#e3e6ea"/>`);
    out.push(`<text x="${f(x(v))}" y="${f(axisY + 16)}" text-anchor="middle">${tickLabel(v, step, options.lang)}</text>`);
  }
  out.push(`<line x1="${f(x(0))}" y1="${top}" x2="${f(x(0))}" y2="${f(axisY)}" stroke="#333"/>`);
  out.push(`<line x1="${f(left)}" y1="${f(axisY)}" x2="${f(W - right)}" y2="${f(axisY)}" stroke="#333"/>`);
  out.push(`<text x="${f((left + W - right) / 2)}" y="${f(axisY + 36)}" text-anchor="middle">${escapeHtml(options.xLabel)}</text>`);
  lines.forEach((line, i) => {
    const cy = top + i * rowH + rowH / 2;
    if ("heading" in line) {
      out.push(`<text x="8" y="${f(cy + 4)}" font-weight="bold" fill="${line.colour}" data-group="${escapeHtml(line.heading)}">${escapeHtml(line.heading)}</text>`);
      return;
    }
    const r = line.row;
    const colour = line.colour;
    out.push(`<text x="${f(left - 8)}" y="${f(cy + 4)}" text-anchor="end">${escapeHtml(r.label)}</text>`);
    if (!Number.isFinite(r.estimate)) {
      out.push(`<text x="${f(x(0) + 6)}" y="${f(cy + 4)}" fill="#777" font-style="italic">${options.lang === "es" ? "s/d" : "n/a"}</text>`);
      return;
    }
    if (Number.isFinite(r.confLow) && Number.isFinite(r.confHigh)) {
      out.push(`<line x1="${f(x(r.confLow))}" y1="${f(cy)}" x2="${f(x(r.confHigh))}" y2="${f(cy)}" stroke="${colour}" stroke-width="2.5"/>`);
    }
    out.push(`<circle cx="${f(x(r.estimate))}" cy="${f(cy)}" r="5" fill="${colour}"><title>${escapeHtml(`${r.label}: ${formatLocale(r.estimate, 3, options.lang)} [${formatLocale(r.confLow, 3, options.lang)}; ${formatLocale(r.confHigh, 3, options.lang)}]`)}</title></circle>`);
  });
  out.push("</svg>");
  return out.join("\n");
}

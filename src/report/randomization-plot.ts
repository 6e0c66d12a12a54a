/**
 * The randomization distribution of an estimate, as a histogram with the observed value marked.
 */
import { checkKnownKeys } from "../internal/options.js";
import { formatLocale, type ReportLang } from "./locale-number.js";
import { escapeHtml, histogramBins, niceStepNearest, px as f, tickLabel, ticksBetween } from "./svg-axis.js";

/**
 * Draw a histogram of `values` (NaN left out) with a red line at `observed` (and at −observed, dashed: the two-sided region).
 *
 * @example
 * ```ts
 * randomizationPlotSvg([0.1, -0.3, 0.2], 1.2, { lang: "es", title: "puntaje_final", xLabel: "Estimación", yLabel: "Asignaciones" });
 * ```
 */
export function randomizationPlotSvg(values: readonly number[], observed: number, options: { lang: ReportLang; title: string; xLabel: string; yLabel: string; width?: number }): string {
  checkKnownKeys(options, ["lang", "title", "xLabel", "yLabel", "width"], "randomizationPlotSvg");
  const W = options.width ?? 640;
  const H = 260;
  const left = 52, right = 20, top = 36, bottom = 48;
  const all = [...values, observed, -observed].filter(Number.isFinite);
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (!(hi > lo)) hi = lo + 1;
  const step = niceStepNearest((hi - lo) / 6);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  const bins = 30;
  const { mass: counts, width } = histogramBins(values, null, lo, hi, bins);
  const top1 = Math.max(1, ...counts);
  const X = (t: number) => left + ((t - lo) / (hi - lo)) * (W - left - right);
  const Y = (c: number) => H - bottom - (c / top1) * (H - top - bottom);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12" role="img" aria-label="${escapeHtml(options.title)}">`,
    `<title>${escapeHtml(options.title)}</title>`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${f(W / 2)}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${escapeHtml(options.title)}</text>`,
  ];
  counts.forEach((c, k) => {
    if (c === 0) return;
    out.push(`<rect x="${f(X(lo + k * width) + 0.5)}" y="${f(Y(c))}" width="${f(Math.max(0.5, X(lo + (k + 1) * width) - X(lo + k * width) - 1))}" height="${f(H - bottom - Y(c))}" fill="#9bb7d4"/>`);
  });
  out.push(`<line x1="${left}" y1="${H - bottom}" x2="${W - right}" y2="${H - bottom}" stroke="#333"/>`);
  for (const t of ticksBetween(lo, hi, step)) {
    out.push(`<text x="${f(X(t))}" y="${H - bottom + 16}" text-anchor="middle">${tickLabel(t, step, options.lang)}</text>`);
  }
  out.push(`<text x="${f((left + W - right) / 2)}" y="${H - 10}" text-anchor="middle">${escapeHtml(options.xLabel)}</text>`);
  out.push(`<text x="14" y="${f((top + H - bottom) / 2)}" text-anchor="middle" transform="rotate(-90 14 ${f((top + H - bottom) / 2)})">${escapeHtml(options.yLabel)}</text>`);
  if (Number.isFinite(observed)) {
    out.push(`<line x1="${f(X(observed))}" y1="${top}" x2="${f(X(observed))}" y2="${H - bottom}" stroke="#D55E00" stroke-width="2"/>`);
    out.push(`<line x1="${f(X(-observed))}" y1="${top}" x2="${f(X(-observed))}" y2="${H - bottom}" stroke="#D55E00" stroke-width="1" stroke-dasharray="4 3"/>`);
    out.push(`<text x="${f(X(observed) + 4)}" y="${top + 12}" fill="#D55E00">${escapeHtml(formatLocale(observed, 2, options.lang))}</text>`);
  }
  out.push("</svg>");
  return out.join("\n");
}

/**
 * Love plot: standardized differences per covariate as a standalone SVG.
 */
import * as z from "zod/mini";
import { EnsayoError } from "../errors.js";
import { parseOptions } from "../internal/options.js";
import { escapeHtml, formatNumber } from "./format-table.js";
import { decimalsOf, niceStepAtLeast, px as f, tickLabel, ticksBetween } from "./svg-axis.js";
import { named } from "../internal/boundary.js";

const LovePlotSchema = z
  .strictObject({
    /** Reference lines at ±threshold; dots beyond are hollow. Default 0.1. */
    threshold: z._default(z.number().check(z.positive()), 0.1),
    /** Width in pixels. Default 640. */
    width: z._default(z.int().check(z.gte(320), z.lte(4000)), 640),
    /** Title; default "Standardized differences" / "Diferencias estandarizadas". */
    title: z.optional(z.string()),
    /** Text language: "en" (default) or "es". */
    lang: z._default(z.enum(["en", "es"]), "en"),
  });

/** Options of {@link lovePlotSvg}. */
export type LovePlotOptions = z.input<typeof LovePlotSchema>;

/** What the love plot reads: balance rows with a term, an arm and a standardized difference. */
export interface LovePlotInput {
  readonly rows: readonly { readonly term: string; readonly arm: string; readonly stdDiff: number }[];
  readonly arms?: readonly string[];
}

const COLORS = ["#1f5fa8", "#d9822b", "#2e8b57", "#8e44ad", "#b03a2e"];
const MARKERS = ["circle", "square", "diamond", "triangle", "circle"] as const;

/**
 * Draw a love plot of a balance table: one line per covariate (or level), a dot at its
 * standardized difference for each arm compared with control, a solid line at 0 and dashed
 * reference lines at ±`threshold` (0.1). Dots beyond the threshold are drawn hollow with a
 * thick outline. Returns a standalone SVG document (text), with every label escaped.
 *
 * @throws EnsayoError `INVALID_DATA` when the input has no balance rows, `INVALID_OPTION` for bad options.
 * @example
 * ```ts
 * const panel = readCsvFile("fixtures/pilot/panel.csv"); // the bundled pilot
 * const svg = lovePlotSvg(balanceTable(panel, { treatment: "grupo", covariates: ["edad", "sexo"] }));
 * svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="640"'); // true
 * ```
 */
export function lovePlotSvg(result: LovePlotInput, options: LovePlotOptions = {}): string {
  return named("lovePlotSvg", () => lovePlotSvgCore(result, options));
}

/** {@link lovePlotSvg} without the function name on its errors. */
function lovePlotSvgCore(result: LovePlotInput, options: LovePlotOptions = {}): string {
  const opts = parseOptions(LovePlotSchema, options, "lovePlotSvg");
  if (!result || !Array.isArray(result.rows) || result.rows.length === 0) {
    throw new EnsayoError("INVALID_DATA", "pass a balance table result (with `rows`) that has at least one row", {
      hint: "e.g. lovePlotSvg(balanceTable(data, { treatment, covariates }))",
    });
  }
  const rows = result.rows;
  const terms: string[] = [];
  for (const r of rows) if (!terms.includes(r.term)) terms.push(r.term);
  const arms: string[] = [];
  for (const r of rows) if (!arms.includes(r.arm)) arms.push(r.arm);
  const es = opts.lang === "es";
  const title = opts.title ?? (es ? "Diferencias estandarizadas" : "Standardized differences");
  const xLabel = es ? "Diferencia estandarizada (tratamiento − control)" : "Standardized difference (treatment − control)";

  let maxAbs = opts.threshold * 2;
  for (const r of rows) if (Number.isFinite(r.stdDiff)) maxAbs = Math.max(maxAbs, Math.abs(r.stdDiff));
  const step = niceStepAtLeast(maxAbs / 3);
  const lim = Math.ceil((maxAbs * 1.05) / step) * step;

  const fontSize = 12;
  const longest = Math.max(...terms.map((t) => t.length));
  const left = Math.min(Math.max(80, 12 + longest * fontSize * 0.58), opts.width * 0.45);
  const right = 24;
  const top = 44;
  const rowH = 22;
  const legendH = arms.length > 1 ? 22 : 0;
  const plotH = terms.length * rowH;
  const bottom = 66 + legendH;
  const W = opts.width;
  const H = top + plotH + bottom;
  const x = (v: number) => left + ((v + lim) / (2 * lim)) * (W - left - right);

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="${fontSize}">`,
    `<title>${escapeHtml(title)}</title>`,
    `<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${f(W / 2)}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${escapeHtml(title)}</text>`,
  );
  // row bands and labels
  terms.forEach((t, i) => {
    const cy = top + i * rowH + rowH / 2;
    if (i % 2 === 0) out.push(`<rect x="${f(left)}" y="${f(top + i * rowH)}" width="${f(W - left - right)}" height="${rowH}" fill="#f3f5f8"/>`);
    out.push(`<text x="${f(left - 8)}" y="${f(cy + 4)}" text-anchor="end">${escapeHtml(t)}</text>`);
  });
  // axis, ticks and grid
  const axisY = top + plotH;
  out.push(`<line x1="${f(left)}" y1="${f(axisY)}" x2="${f(W - right)}" y2="${f(axisY)}" stroke="#333" stroke-width="1"/>`);
  for (const v of ticksBetween(-lim, lim, step)) {
    const xx = f(x(v));
    out.push(`<line x1="${xx}" y1="${f(axisY)}" x2="${xx}" y2="${f(axisY + 5)}" stroke="#333"/>`);
    out.push(`<text x="${xx}" y="${f(axisY + 18)}" text-anchor="middle">${tickLabel(v, step, opts.lang)}</text>`);
  }
  out.push(`<text x="${f((left + W - right) / 2)}" y="${f(axisY + 36)}" text-anchor="middle">${escapeHtml(xLabel)}</text>`);
  const thr = formatNumber(opts.threshold, decimalsOf(opts.threshold), opts.lang);
  const caption = es
    ? `Líneas punteadas: ±${thr}; los puntos huecos están fuera de ese rango.`
    : `Dashed lines: ±${thr}; hollow points lie beyond them.`;
  out.push(`<text x="${f((left + W - right) / 2)}" y="${f(axisY + 54)}" text-anchor="middle" font-size="11" fill="#555">${escapeHtml(caption)}</text>`);
  // reference lines
  out.push(`<line x1="${f(x(0))}" y1="${top}" x2="${f(x(0))}" y2="${f(axisY)}" stroke="#333" stroke-width="1"/>`);
  for (const v of [-opts.threshold, opts.threshold]) {
    out.push(`<line x1="${f(x(v))}" y1="${top}" x2="${f(x(v))}" y2="${f(axisY)}" stroke="#b03a2e" stroke-width="1" stroke-dasharray="4 3"/>`);
  }
  // points
  for (const r of rows) {
    const i = terms.indexOf(r.term);
    const a = arms.indexOf(r.arm);
    const offset = arms.length > 1 ? (a - (arms.length - 1) / 2) * Math.min(6, 14 / arms.length) : 0;
    const cy = top + i * rowH + rowH / 2 + offset;
    if (!Number.isFinite(r.stdDiff)) {
      out.push(`<text x="${f(x(0) + 6)}" y="${f(cy + 4)}" fill="#777" font-style="italic">${opts.lang === "es" ? "s/d" : "n/a"}</text>`);
      continue;
    }
    const beyond = Math.abs(r.stdDiff) > opts.threshold;
    const color = COLORS[a % COLORS.length]!;
    out.push(marker(MARKERS[a % MARKERS.length]!, x(r.stdDiff), cy, color, beyond, `${r.term} (${r.arm}): ${formatNumber(r.stdDiff, 3, opts.lang)}`));
  }
  // legend
  if (arms.length > 1) {
    const ly = axisY + 62 + 12;
    let lx = left;
    arms.forEach((arm, a) => {
      out.push(marker(MARKERS[a % MARKERS.length]!, lx + 6, ly - 4, COLORS[a % COLORS.length]!, false, arm));
      out.push(`<text x="${f(lx + 16)}" y="${f(ly)}">${escapeHtml(arm)}</text>`);
      lx += 34 + arm.length * fontSize * 0.6;
    });
  }
  out.push("</svg>");
  return out.join("\n") + "\n";
}

function marker(kind: (typeof MARKERS)[number], cx: number, cy: number, color: string, hollow: boolean, tip: string): string {
  const fill = hollow ? "#ffffff" : color;
  const sw = hollow ? 2 : 1;
  const t = `<title>${escapeHtml(tip)}</title>`;
  const r = 4.5;
  switch (kind) {
    case "square":
      return `<rect x="${f(cx - r)}" y="${f(cy - r)}" width="${2 * r}" height="${2 * r}" fill="${fill}" stroke="${color}" stroke-width="${sw}">${t}</rect>`;
    case "diamond":
      return `<polygon points="${f(cx)},${f(cy - r - 1)} ${f(cx + r + 1)},${f(cy)} ${f(cx)},${f(cy + r + 1)} ${f(cx - r - 1)},${f(cy)}" fill="${fill}" stroke="${color}" stroke-width="${sw}">${t}</polygon>`;
    case "triangle":
      return `<polygon points="${f(cx)},${f(cy - r - 1)} ${f(cx + r + 1)},${f(cy + r)} ${f(cx - r - 1)},${f(cy + r)}" fill="${fill}" stroke="${color}" stroke-width="${sw}">${t}</polygon>`;
    default:
      return `<circle cx="${f(cx)}" cy="${f(cy)}" r="${r}" fill="${fill}" stroke="${color}" stroke-width="${sw}">${t}</circle>`;
  }
}

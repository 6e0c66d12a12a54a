/**
 * A standalone SVG chart of one or more power curves.
 */
import * as z from "zod/mini";
import { invalidOption } from "../errors.js";
import { parseOptions } from "../internal/options.js";
import { formatLocale } from "../report/locale-number.js";
import { escapeHtml as esc, niceStepAtLeast, ticksBetween } from "../report/svg-axis.js";
import type { PowerCurveResult } from "./power-curve.js";
import { named } from "../internal/boundary.js";

const FN = "powerCurveSvg";

/** Options of {@link powerCurveSvg}. */
export interface PowerCurveSvgOptions {
  /** Width in pixels (default 640). */
  width?: number;
  /** Height in pixels (default 400). */
  height?: number;
  /** Title above the plot (default none). */
  title?: string;
  /** x-axis label (default from the curve's `vary`: "Effect", "Units", "Clusters", "Cluster size", or in Spanish with `lang: "es"`). */
  xLabel?: string;
  /** y-axis label (default "Power"; "Potencia" with `lang: "es"`). */
  yLabel?: string;
  /**
   * Language of the default texts and of the numbers: `"en"` (default: `0.8`, `1000`) or `"es"` (es-PY:
   * `0,8`, `1.000`, "Potencia", "Efecto", the target line "potencia 0,8").
   */
  lang?: "es" | "en";
  /** Power of the dashed reference line (default 0.8; `null` for none). */
  target?: number | null;
  /** Font family (default a system sans-serif stack). */
  fontFamily?: string;
}

const Schema = z.strictObject({
  width: z._default(z.int().check(z.gte(200), z.lte(4000)), 640),
  height: z._default(z.int().check(z.gte(150), z.lte(4000)), 400),
  title: z.optional(z.string()),
  xLabel: z.optional(z.string()),
  yLabel: z.optional(z.string()),
  lang: z._default(z.enum(["es", "en"]), "en"),
  target: z._default(z.nullable(z.number().check(z.gt(0), z.lt(1))), 0.8),
  fontFamily: z._default(z.string(), "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif"),
});

/** Colour-blind-safe palette (Okabe & Ito 2008). */
const COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"];

/** The texts a chart writes by itself, per language. */
const TEXT = {
  en: {
    x: { effect: "Effect", nUnits: "Units", nClusters: "Clusters", clusterSize: "Cluster size" } as Record<string, string>,
    power: "Power", powerBy: (x: string) => `Power by ${x.toLowerCase()}`, target: "power", curve: "curve",
  },
  es: {
    x: { effect: "Efecto", nUnits: "Unidades", nClusters: "Conglomerados", clusterSize: "Tamaño del conglomerado" } as Record<string, string>,
    power: "Potencia", powerBy: (x: string) => `Potencia según ${x.toLowerCase()}`, target: "potencia", curve: "curva",
  },
} as const;

/** Round numbers for an axis from lo to hi (about `count` ticks): 1, 2 or 5 × 10^k steps. */
export function niceTicks(lo: number, hi: number, count = 6): number[] {
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const step = niceStepAtLeast(span / Math.max(1, count - 1));
  return ticksBetween(lo, hi, step).map((v) => Number(v.toPrecision(12)));
}

/** A tick's text: the shortest decimal form in English; in Spanish es-PY's marks with the axis's decimals (`0,8`, `1.000`). */
function tickText(v: number, lang: "es" | "en", decimals: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return lang === "es" ? v.toExponential(1).replace(".", ",") : v.toExponential(1);
  return lang === "es" ? formatLocale(v, decimals, "es") : String(Number(v.toPrecision(6)));
}

/** Decimals that show every tick of an axis exactly as its shortest form does. */
function axisDecimals(ticks: readonly number[]): number {
  let d = 0;
  for (const t of ticks) {
    const s = String(Number(t.toPrecision(6)));
    const dot = s.indexOf(".");
    if (dot >= 0 && !s.includes("e")) d = Math.max(d, s.length - dot - 1);
  }
  return d;
}

/**
 * Draw power curves as a standalone SVG string: axes with ticks and labels, a dashed line at the
 * target power (0.8), one coloured line per curve and a legend when there are several.
 *
 * Self-contained (no scripts, no external fonts or styles), so it can be written to a file, shown
 * inline in a notebook (`display(svg)`), or embedded in HTML or Markdown. With `lang: "es"` every text it
 * writes by itself is Spanish and its numbers follow es-PY (`0,8`, `1.000`); titles, axis labels and curve
 * labels you pass are written as given.
 *
 * @throws `INVALID_OPTION` when there is no curve or a curve has no finite point.
 * @example
 * ```ts
 * const plan = { design: "cluster", nClusters: 48, clusterSize: 10, icc: 0.1, effect: 0.3 } as const;
 * const curve = powerCurve({ plan, vary: "nClusters", from: 10, to: 100, label: "ICC 0.1" });
 * const svg = powerCurveSvg(curve, { title: "Power by number of offices" });
 * svg.startsWith("<svg"); // true
 * powerCurveSvg(curve, { lang: "es" }).includes(">potencia 0,8</text>"); // true
 * ```
 */
export function powerCurveSvg(curves: PowerCurveResult | readonly PowerCurveResult[], options: PowerCurveSvgOptions = {}): string {
  return named(FN, () => powerCurveSvgCore(curves, options));
}

/** {@link powerCurveSvg} without the function name on its errors. */
function powerCurveSvgCore(curves: PowerCurveResult | readonly PowerCurveResult[], options: PowerCurveSvgOptions = {}): string {
  const o = parseOptions(Schema, options, FN);
  const list = Array.isArray(curves) ? (curves as readonly PowerCurveResult[]) : [curves as PowerCurveResult];
  if (list.length === 0) invalidOption("curves", "must hold at least one power curve (from powerCurve)", list);
  for (const c of list) {
    if (!c || c.kind !== "powerCurve") invalidOption("curves", "must be results of powerCurve", c);
  }
  const pts = list.flatMap((c) => c.rows.filter((r) => Number.isFinite(r.x) && Number.isFinite(r.power)));
  if (pts.length === 0) invalidOption("curves", "have no finite points to draw");
  let xMin = Math.min(...pts.map((p) => p.x));
  let xMax = Math.max(...pts.map((p) => p.x));
  if (xMax === xMin) {
    xMin -= 0.5;
    xMax += 0.5;
  }
  const xTicks = niceTicks(xMin, xMax, 7);
  const yTicks = [0, 0.2, 0.4, 0.6, 0.8, 1];

  const W = o.width;
  const H = o.height;
  const legend = list.length > 1 || list[0]!.label !== null;
  const left = 64;
  const right = legend ? 150 : 24;
  const top = o.title ? 44 : 20;
  const bottom = 56;
  const pw = W - left - right;
  const ph = H - top - bottom;
  const sx = (x: number): number => left + ((x - xMin) / (xMax - xMin)) * pw;
  const sy = (y: number): number => top + (1 - y) * ph;
  const f = (v: number): string => v.toFixed(2);
  const font = esc(o.fontFamily);
  const text = TEXT[o.lang];
  const xDecimals = axisDecimals(xTicks);
  const yDecimals = axisDecimals(yTicks);
  const xLabel = o.xLabel ?? text.x[list[0]!.vary] ?? "x";
  const yLabel = o.yLabel ?? text.power;

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${font}" font-size="13" role="img">`);
  const titleText = o.title ?? text.powerBy(xLabel);
  out.push(`<title>${esc(titleText)}</title>`);
  out.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`);
  if (o.title) out.push(`<text x="${f(left + pw / 2)}" y="26" text-anchor="middle" font-size="16" font-weight="600" fill="#222">${esc(o.title)}</text>`);
  // grid and ticks
  out.push(`<g stroke="#e6e6e6" stroke-width="1">`);
  for (const t of yTicks) out.push(`<line x1="${f(left)}" x2="${f(left + pw)}" y1="${f(sy(t))}" y2="${f(sy(t))}"/>`);
  for (const t of xTicks) out.push(`<line x1="${f(sx(t))}" x2="${f(sx(t))}" y1="${f(top)}" y2="${f(top + ph)}"/>`);
  out.push(`</g>`);
  out.push(`<g fill="#444" font-size="12">`);
  for (const t of yTicks) out.push(`<text x="${f(left - 8)}" y="${f(sy(t) + 4)}" text-anchor="end">${tickText(t, o.lang, yDecimals)}</text>`);
  for (const t of xTicks) out.push(`<text x="${f(sx(t))}" y="${f(top + ph + 18)}" text-anchor="middle">${tickText(t, o.lang, xDecimals)}</text>`);
  out.push(`</g>`);
  // axes
  out.push(`<g stroke="#444" stroke-width="1">`);
  out.push(`<line x1="${f(left)}" x2="${f(left + pw)}" y1="${f(top + ph)}" y2="${f(top + ph)}"/>`);
  out.push(`<line x1="${f(left)}" x2="${f(left)}" y1="${f(top)}" y2="${f(top + ph)}"/>`);
  for (const t of yTicks) out.push(`<line x1="${f(left - 4)}" x2="${f(left)}" y1="${f(sy(t))}" y2="${f(sy(t))}"/>`);
  for (const t of xTicks) out.push(`<line x1="${f(sx(t))}" x2="${f(sx(t))}" y1="${f(top + ph)}" y2="${f(top + ph + 4)}"/>`);
  out.push(`</g>`);
  out.push(`<text x="${f(left + pw / 2)}" y="${f(H - 14)}" text-anchor="middle" fill="#222">${esc(xLabel)}</text>`);
  out.push(`<text transform="translate(18 ${f(top + ph / 2)}) rotate(-90)" text-anchor="middle" fill="#222">${esc(yLabel)}</text>`);
  // target line
  if (o.target !== null) {
    const y = f(sy(o.target));
    out.push(`<line x1="${f(left)}" x2="${f(left + pw)}" y1="${y}" y2="${y}" stroke="#888" stroke-width="1.2" stroke-dasharray="6 4"/>`);
    out.push(`<text x="${f(left + 6)}" y="${f(sy(o.target) - 6)}" text-anchor="start" font-size="11" fill="#666">${text.target} ${tickText(o.target, o.lang, axisDecimals([o.target]))}</text>`);
  }
  // curves (broken at non-finite points)
  list.forEach((c, i) => {
    const color = COLORS[i % COLORS.length]!;
    const segs: string[] = [];
    let cur: string[] = [];
    for (const r of c.rows) {
      if (Number.isFinite(r.x) && Number.isFinite(r.power)) cur.push(`${f(sx(r.x))},${f(sy(r.power))}`);
      else if (cur.length) {
        segs.push(cur.join(" "));
        cur = [];
      }
    }
    if (cur.length) segs.push(cur.join(" "));
    for (const s of segs) {
      if (s.includes(" ")) out.push(`<polyline fill="none" stroke="${color}" stroke-width="2.2" stroke-linejoin="round" points="${s}"/>`);
      else {
        const [cx, cy] = s.split(",");
        out.push(`<circle cx="${cx}" cy="${cy}" r="3" fill="${color}"/>`);
      }
    }
  });
  if (legend) {
    const lx = left + pw + 16;
    list.forEach((c, i) => {
      const color = COLORS[i % COLORS.length]!;
      const ly = top + 10 + i * 20;
      out.push(`<line x1="${lx}" x2="${lx + 20}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2.2"/>`);
      out.push(`<text x="${lx + 26}" y="${ly + 4}" font-size="12" fill="#222">${esc(c.label ?? `${text.curve} ${i + 1}`)}</text>`);
    });
  }
  out.push(`</svg>`);
  return out.join("\n");
}

/**
 * The randomization distribution of a riTest statistic as a standalone SVG histogram, with the
 * observed value marked and the bars as extreme as it (for the test's alternative) shaded.
 */
import * as z from "zod/mini";
import type { z as zc } from "zod";
import { EnsayoError } from "../errors.js";
import { parseOptions } from "../internal/options.js";
import { isExtreme, type Alternative } from "../inference/p-value.js";
import { escapeHtml, formatNumber } from "./format-table.js";
import { histogramBins, niceStepAtLeast, px as f, tickLabel, ticksBetween } from "./svg-axis.js";
import { named } from "../internal/boundary.js";

const Schema = z.strictObject({
  /** Which term to draw (default the first). */
  term: z.optional(z.string()),
  /** Bars. Default max(30, min(80, ⌊nSims / 50⌋)). */
  bins: z.optional(z.number().check(z.int(), z.minimum(5), z.maximum(400))),
  /** Width in pixels. Default 640. */
  width: z._default(z.number().check(z.int(), z.minimum(320), z.maximum(4000)), 640),
  /** Title; default "Randomization distribution" / "Distribución de aleatorización". */
  title: z.optional(z.string()),
  /** Text language: "en" (default) or "es". */
  lang: z._default(z.enum(["en", "es"]), "en"),
});

/** Options of {@link nullDistributionSvg}. */
export type NullDistributionSvgOptions = z.input<typeof Schema>;

/** What the plot reads: a riTest result (its rows and null distribution). */
export interface NullDistributionInput {
  readonly alternative: Alternative;
  readonly rows: readonly { readonly term: string; readonly estimate: number; readonly sharpNull: number; readonly pValue: number }[];
  readonly nullDistribution: readonly { readonly term: string; readonly values: readonly number[]; readonly weights: readonly number[] | null }[];
}

/**
 * Draw the null distribution of one term of a riTest result: a histogram of the statistic over the
 * assignments (probability-weighted for exact enumeration with unequal probabilities), bars whose
 * values are at least as extreme as the observed one shaded (ri2's rule, as the p-value), and a
 * vertical line at the observed statistic labelled with it and the p-value. Returns SVG text with every label escaped.
 *
 * @throws EnsayoError `INVALID_DATA` (not a riTest result, or a term it does not have), `INVALID_OPTION`.
 * @example
 * ```ts
 * const design = declareRa({ n: 8, m: 4 });
 * const data = { y: [3, 5, 2, 8, 7, 9, 4, 6], z: Array.from(design.conduct(1).arm) };
 * const svg = nullDistributionSvg(riTest(data, { outcome: "y", treatment: "z", design })); // all 70 assignments, p = 0.2
 * svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="640"'); // true
 * ```
 */
export function nullDistributionSvg(result: NullDistributionInput, options: NullDistributionSvgOptions = {}): string {
  return named("nullDistributionSvg", () => nullDistributionSvgCore(result, options));
}

/** {@link nullDistributionSvg} without the function name on its errors. */
function nullDistributionSvgCore(result: NullDistributionInput, options: NullDistributionSvgOptions = {}): string {
  const o = parseOptions(Schema as unknown as zc.ZodType<z.output<typeof Schema>>, options, "nullDistributionSvg");
  if (!result || !Array.isArray(result.nullDistribution) || result.nullDistribution.length === 0 || !Array.isArray(result.rows)) {
    throw new EnsayoError("INVALID_DATA", "pass a riTest result (with `rows` and `nullDistribution`)");
  }
  const idx = o.term === undefined ? 0 : result.nullDistribution.findIndex((d) => d.term === o.term);
  if (idx < 0) {
    throw new EnsayoError("INVALID_DATA", `term '${o.term}' is not in the result (${result.nullDistribution.map((d) => d.term).join(", ")})`, { value: o.term });
  }
  const dist = result.nullDistribution[idx]!;
  const row = result.rows.find((r) => r.term === dist.term) ?? result.rows[idx]!;
  const vals = dist.values.filter(Number.isFinite);
  if (vals.length === 0) throw new EnsayoError("INVALID_DATA", "the null distribution has no finite value");
  const es = o.lang === "es";
  const title = o.title ?? (es ? "Distribución de aleatorización" : "Randomization distribution");
  let lo = Math.min(...vals, row.estimate);
  let hi = Math.max(...vals, row.estimate);
  if (hi === lo) {
    lo -= 0.5;
    hi += 0.5;
  }
  const pad = (hi - lo) * 0.04;
  lo -= pad;
  hi += pad;
  const bins = o.bins ?? Math.max(30, Math.min(80, Math.floor(vals.length / 50)));
  const { mass, extremeMass, total, width } = histogramBins(dist.values, dist.weights, lo, hi, bins, (v) =>
    isExtreme(v, row.estimate, row.sharpNull, result.alternative),
  );
  const maxMass = Math.max(...mass) / total;
  const W = o.width;
  const H = 360;
  const left = 56;
  const right = 20;
  const top = 44;
  const bottom = 70;
  const x = (v: number) => left + ((v - lo) / (hi - lo)) * (W - left - right);
  const yOf = (share: number) => top + (1 - share / maxMass) * (H - top - bottom);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<title>${escapeHtml(title)}</title>`,
    `<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${f(W / 2)}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${escapeHtml(`${title}: ${dist.term}`)}</text>`,
  ];
  for (let b = 0; b < bins; b++) {
    if (mass[b] === 0) continue;
    const x0 = x(lo + b * width);
    const x1 = x(lo + (b + 1) * width);
    const share = mass[b]! / total;
    const ext = extremeMass[b]! / total;
    out.push(`<rect x="${f(x0)}" y="${f(yOf(share))}" width="${f(Math.max(0.5, x1 - x0 - 0.5))}" height="${f(yOf(0) - yOf(share))}" fill="#c9d3df"/>`);
    if (ext > 0) out.push(`<rect x="${f(x0)}" y="${f(yOf(ext))}" width="${f(Math.max(0.5, x1 - x0 - 0.5))}" height="${f(yOf(0) - yOf(ext))}" fill="#1f5fa8"/>`);
  }
  const axisY = yOf(0);
  out.push(`<line x1="${left}" y1="${f(axisY)}" x2="${W - right}" y2="${f(axisY)}" stroke="#333"/>`);
  const step = niceStepAtLeast((hi - lo) / 6);
  for (const v of ticksBetween(lo, hi, step)) {
    out.push(`<line x1="${f(x(v))}" y1="${f(axisY)}" x2="${f(x(v))}" y2="${f(axisY + 5)}" stroke="#333"/>`);
    out.push(`<text x="${f(x(v))}" y="${f(axisY + 18)}" text-anchor="middle">${tickLabel(v, step, o.lang)}</text>`);
  }
  const obsX = x(row.estimate);
  out.push(`<line x1="${f(obsX)}" y1="${top}" x2="${f(obsX)}" y2="${f(axisY)}" stroke="#b03a2e" stroke-width="2"/>`);
  const obsLabel = `${es ? "observado" : "observed"} ${formatNumber(row.estimate, 3, o.lang)}; p = ${formatNumber(row.pValue, 3, o.lang)}`;
  out.push(`<text x="${f(Math.min(Math.max(obsX, left + 80), W - right - 80))}" y="${top - 4}" text-anchor="middle" fill="#b03a2e">${escapeHtml(obsLabel)}</text>`);
  const caption = es
    ? `${vals.length} asignaciones; en azul, las al menos tan extremas como la observada (${result.alternative}).`
    : `${vals.length} assignments; blue: at least as extreme as observed (${result.alternative}).`;
  out.push(`<text x="${f((left + W - right) / 2)}" y="${f(axisY + 40)}" text-anchor="middle" font-size="11" fill="#555">${escapeHtml(caption)}</text>`);
  out.push("</svg>");
  return out.join("\n") + "\n";
}

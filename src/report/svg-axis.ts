/**
 * What every SVG chart of ensayo draws alike: round axis steps, the ticks between two limits, tick
 * labels in the reader's number format, histogram bins, and coordinates written with two decimals.
 * Internal: the charts (love plot, coefficient plot, null distribution, randomization plot, power curve) share it.
 */
import { escapeHtml } from "./format-table.js";
import { formatLocale, type ReportLang } from "./locale-number.js";

export { escapeHtml };

/** A coordinate as SVG text: at most two decimals, no trailing zeros (`12.5`, `3`). */
export function px(v: number): number {
  return Number(v.toFixed(2));
}

/**
 * The smallest round step (1, 2, 2.5, 5 or 10 × 10^k) at least `raw`: the step of an axis that must not
 * have more ticks than the span over `raw`.
 *
 * @example
 * ```ts
 * niceStepAtLeast(0.23); // 0.25
 * ```
 */
export function niceStepAtLeast(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * p;
}

/**
 * The round step (1, 2 or 5 × 10^k) nearest `raw`.
 *
 * @example
 * ```ts
 * niceStepNearest(0.23); // 0.2
 * ```
 */
export function niceStepNearest(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

/**
 * The multiples of `step` from `lo` to `hi` (both included up to rounding), each computed as k × step
 * (no drift from repeated addition) and a value within step/10^6 of zero written as 0.
 *
 * @example
 * ```ts
 * ticksBetween(-0.2, 0.2, 0.1); // [-0.2, -0.1, 0, 0.1, 0.2]
 * ```
 */
export function ticksBetween(lo: number, hi: number, step: number): number[] {
  const ticks: number[] = [];
  const last = Math.floor(hi / step + 1e-9);
  for (let k = Math.ceil(lo / step - 1e-9); k <= last; k++) {
    const v = k * step;
    ticks.push(Math.abs(v) < step / 1e6 ? 0 : v);
  }
  return ticks;
}

/**
 * Decimals that write `step` exactly (at most 6): 0.25 → 2, 5 → 0.
 *
 * @example
 * ```ts
 * decimalsOf(0.25); // 2
 * ```
 */
export function decimalsOf(step: number): number {
  let d = 0;
  while (d < 6 && Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) > 1e-9) d++;
  return d;
}

/**
 * A tick's label, escaped for SVG: the language's number format (es-PY `0,25`, `1.000`; en `0.25`, `1,000`)
 * with the decimals of the axis's step, so every tick of an axis has the same decimals.
 *
 * @example
 * ```ts
 * tickLabel(-0.5, 0.25, "es"); // "−0,50"
 * ```
 */
export function tickLabel(v: number, step: number, lang: ReportLang): string {
  return escapeHtml(formatLocale(v, decimalsOf(step), lang));
}

/**
 * Bin `values` into `bins` equal bars from `lo` to `hi` (a value outside goes to the nearest end bar,
 * non-finite ones are left out): each bar's total weight (1 a value without `weights`), and
 * `extremeMass` the weight of the values for which `extreme(v)` holds.
 *
 * @example
 * ```ts
 * histogramBins([0.1, 0.2, 0.9], null, 0, 1, 2).mass; // Float64Array [2, 1]
 * ```
 */
export function histogramBins(
  values: readonly number[],
  weights: readonly number[] | null,
  lo: number,
  hi: number,
  bins: number,
  extreme?: (v: number) => boolean,
): { mass: Float64Array; extremeMass: Float64Array; total: number; width: number } {
  const width = (hi - lo) / bins;
  const mass = new Float64Array(bins);
  const extremeMass = new Float64Array(bins);
  let total = 0;
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) return;
    const w = weights ? weights[i]! : 1;
    const b = Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / width)));
    mass[b] += w;
    if (extreme?.(v)) extremeMass[b] += w;
    total += w;
  });
  return { mass, extremeMass, total, width };
}

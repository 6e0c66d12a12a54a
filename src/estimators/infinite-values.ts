/**
 * ±Infinity in the columns an estimator uses. A table stores every non-finite number as missing
 * and counts the infinities per column (`table.report.nonFinite`); estimators drop those rows
 * listwise like any missing value, so they must say so and count them (`dropped.infinite`), or a
 * result would quietly rest on fewer rows than the caller gave. estimatr 1.0.0 instead keeps them
 * and returns −Inf or NaN estimates. Internal.
 */
import type { Table } from "../data/table.js";
import type { DroppedRows } from "./types.js";

/** ±Infinity values per named column (each name once), or undefined when there are none. */
export function infiniteCounts(table: Table, names: readonly (string | undefined)[]): Record<string, number> | undefined {
  const counts = table.report.nonFinite;
  if (!counts) return undefined;
  let out: Record<string, number> | undefined;
  for (const name of names) {
    if (name === undefined || !Object.prototype.hasOwnProperty.call(counts, name)) continue;
    const k = counts[name]!;
    if (k > 0) (out ??= Object.create(null) as Record<string, number>)[name] = k;
  }
  return out;
}

/** `dropped` with the infinite counts (when there are any) added to those it holds. */
export function withInfinite(dropped: DroppedRows, infinite: Record<string, number> | undefined): DroppedRows {
  if (!infinite) return dropped;
  return { ...dropped, infinite: Object.assign(Object.create(null) as Record<string, number>, dropped.infinite, infinite) };
}

/** Rows of column `name` that were missing rather than infinite. */
export function missingOnly(dropped: DroppedRows, name: string): number {
  const own = (r: Readonly<Record<string, number>> | undefined) => (r && Object.prototype.hasOwnProperty.call(r, name) ? r[name]! : 0);
  return own(dropped.byColumn) - own(dropped.infinite);
}

/** One warning per column of `dropped.infinite`. */
export function infiniteWarnings(dropped: DroppedRows): string[] {
  const inf = dropped.infinite;
  if (!inf) return [];
  return Object.keys(inf).map(
    (name) => `column '${name}' holds ${inf[name]} infinite value(s) (±Infinity); they are counted as missing and their rows were dropped`,
  );
}

/** The text to add to a `MISSING_VALUE` message when column `name` held infinities. */
export function infiniteNote(table: Table, name: string): string {
  const k = infiniteCounts(table, [name])?.[name];
  return k ? ` (the column holds ${k} infinite value(s), ±Infinity, stored as missing)` : "";
}

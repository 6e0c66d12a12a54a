/**
 * `mergePanel`: join a baseline and an endline by unit id, accounting for every unit.
 */
import * as z from "zod/mini";
import { EnsayoError, showValue } from "../errors.js";
import { parseOptions } from "../internal/options.js";
import { getColumn, labelColumn } from "./columns.js";
import { idKey, looseIdKey, nearMatchGroups, nearMatchReason, showId, showNearMatchGroups } from "./ids.js";
import { asTable, makeTable, nullRecord, type Column, type ColumnType, type DataInput, type Table } from "./table.js";
import { withDisplay } from "../report/result-proto.js";

/** The zod schema of `mergePanel`'s options. */
export const MergePanelOptionsSchema = z
  .strictObject({
    /** The id column: one name for both sides, or `{ baseline, endline }` when they differ. */
    by: z.union([z.string().check(z.minLength(1)), z.strictObject({ baseline: z.string().check(z.minLength(1)), endline: z.string().check(z.minLength(1)) })]),
    /** Suffixes for non-id columns present on both sides (default `["_base", "_final"]`). */
    suffixes: z._default(z.tuple([z.string(), z.string()]), ["_base", "_final"]),
    /**
     * `"baseline"` (default): every baseline unit, with endline columns missing where it did not
     * respond, plus a 0/1 column `responded` (what attrition analysis needs).
     * `"inner"`: only units found on both sides.
     */
    keep: z._default(z.enum(["baseline", "inner"]), "baseline"),
    /** Name of the 0/1 response column added with `keep: "baseline"` (default `"responded"`). */
    respondedName: z._default(z.string().check(z.minLength(1)), "responded"),
  });

/** Options of `mergePanel`. */
export type MergePanelOptions = z.input<typeof MergePanelOptionsSchema>;

/** The result of `mergePanel`. */
export interface MergePanelResult {
  readonly kind: "mergePanel";
  /** The joined rows, in baseline order. */
  readonly table: Table;
  /** Baseline ids with no endline row (attrition), in baseline order. */
  readonly unmatchedBaseline: readonly string[];
  /** Endline ids with no baseline row (often typos), in endline order. */
  readonly unmatchedEndline: readonly string[];
  /** Units on each side, matched, and only on one side. */
  readonly counts: {
    readonly baseline: number;
    readonly endline: number;
    readonly matched: number;
    readonly onlyBaseline: number;
    readonly onlyEndline: number;
  };
  /** The id columns used. */
  readonly by: { readonly baseline: string; readonly endline: string };
  /** Which rows the table keeps. */
  readonly keep: "baseline" | "inner";
  /** Non-id columns present on both sides, which got suffixes. */
  readonly suffixed: readonly string[];
  /**
   * Unmatched baseline ids that look like unmatched endline ids (they differ only by leading zeros,
   * whitespace, letter case or invisible characters): not matched, listed for a person to decide.
   */
  readonly nearMatches: readonly { readonly baseline: string; readonly endline: string; readonly reason: string }[];
  /** Near matches across the files and within each file, with ids printed so that invisible differences show. */
  readonly warnings: readonly string[];
}

function sourceName(t: Table): string | undefined {
  return t.report.source.includes(".") ? t.report.source : undefined;
}

function idIndex(t: Table, by: string, side: "baseline" | "endline", fn: string): { ids: string[]; keys: string[]; index: Map<string, number> } {
  const ids = labelColumn(t, by, fn, `${side} id column`);
  const keys = new Array<string>(ids.length);
  const index = new Map<string, number>();
  const dup = new Map<string, string[]>(); // key → every spelling, one per row
  const file = sourceName(t);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id === null) {
      throw new EnsayoError(
        "MISSING_VALUE",
        `${fn}: the ${side} id column '${by}' is missing in row ${i + 1}${file ? ` of ${file}` : ""}`,
        { ...(file ? { file } : {}), column: by, hint: "Every unit needs an id to be matched: fill it in or drop the row first" },
      );
    }
    const key = idKey(id);
    keys[i] = key;
    const first = index.get(key);
    if (first === undefined) index.set(key, i);
    else {
      const rows = dup.get(key);
      if (rows) rows.push(id);
      else dup.set(key, [ids[first]!, id]);
    }
  }
  if (dup.size) {
    const list = [...dup.values()].map((rows) => {
      const spellings = [...new Set(rows)];
      return { id: rows[0]!, count: rows.length, side, ...(file ? { file } : {}), ...(spellings.length > 1 ? { spellings } : {}) };
    });
    const spelled = list.some((d) => d.spellings);
    throw new EnsayoError(
      "DUPLICATE_ID",
      `${fn}: ${dup.size} ${dup.size === 1 ? "id appears" : "ids appear"} more than once in the ${side}${file ? ` (${file})` : ""}: ` +
        list.slice(0, 10).map((d) => (d.spellings ? `${d.spellings.map(showId).join(" = ")} ×${d.count}` : `${showValue(d.id)} ×${d.count}`)).join(", ") +
        (list.length > 10 ? ", …" : "") +
        (spelled ? " (ids are compared after Unicode NFC normalization, so these spellings are one id)" : ""),
      {
        ...(file ? { file } : {}),
        column: by,
        value: list[0]!.id,
        issues: list,
        hint: "Each unit must have one row per survey round: remove or correct the repeated rows first",
      },
    );
  }
  return { ids: ids as string[], keys, index };
}

/** Unmatched baseline ids paired with unmatched endline ids that share their loose key. */
function findNearMatches(onlyBaseline: readonly string[], onlyEndline: readonly string[]): MergePanelResult["nearMatches"] {
  if (onlyBaseline.length === 0 || onlyEndline.length === 0) return [];
  const endByLoose = new Map<string, string[]>();
  for (const id of onlyEndline) {
    const k = looseIdKey(id);
    const list = endByLoose.get(k);
    if (list) list.push(id);
    else endByLoose.set(k, [id]);
  }
  const out: { baseline: string; endline: string; reason: string }[] = [];
  for (const id of onlyBaseline) {
    for (const e of endByLoose.get(looseIdKey(id)) ?? []) out.push({ baseline: id, endline: e, reason: nearMatchReason(id, e) });
  }
  return out;
}

function nearMatchWarnings(b: readonly string[], e: readonly string[], near: MergePanelResult["nearMatches"]): string[] {
  const warnings: string[] = [];
  if (near.length > 0) {
    const nb = new Set(near.map((m) => m.baseline)).size;
    const ne = new Set(near.map((m) => m.endline)).size;
    warnings.push(
      `${nb} baseline id(s) without endline look like ${ne} endline id(s) without baseline: ` +
        near.slice(0, 5).map((m) => `${showId(m.baseline)} ~ ${showId(m.endline)} (${m.reason})`).join(", ") + (near.length > 5 ? ", …" : "") +
        "; they are not matched (ids differing by leading zeros, whitespace, letter case or invisible characters are different ids): correct the ids in the files if they are the same unit",
    );
  }
  for (const [side, ids] of [["baseline", b], ["endline", e]] as const) {
    const groups = nearMatchGroups(ids);
    if (groups.length > 0) {
      warnings.push(`the ${side} has ids that differ only by leading zeros, whitespace, letter case or invisible characters, which are different units: ${showNearMatchGroups(groups)}`);
    }
  }
  return warnings;
}

/**
 * Join a baseline and an endline by unit id.
 *
 * Every unit is accounted for: ids on one side only are returned (`unmatchedBaseline`,
 * `unmatchedEndline`) and counted, never silently dropped. Non-id columns present on both
 * sides get `suffixes`. With `keep: "baseline"` (default) every baseline unit stays, with
 * the endline columns missing where it did not respond and a 0/1 `responded` column; with
 * `keep: "inner"` only matched units remain. Ids are compared as text (`1` matches `"1"`) after
 * Unicode NFC normalization (an NFC and an NFD "José" are one id, so both on one side are a
 * `DUPLICATE_ID`); ids that differ only by leading zeros, whitespace, letter case or invisible
 * characters are different ids, listed in `nearMatches` and `warnings` (docs/data.md, "Ids").
 * The inputs are never modified.
 *
 * @param baseline - baseline data (a `Table`, records or columns).
 * @param endline - endline data.
 * @throws EnsayoError `DUPLICATE_ID` listing every repeated id (with the file name when
 *   known), `MISSING_COLUMN` when the id column is absent, `MISSING_VALUE` for a missing id,
 *   `INVALID_OPTION` when suffixed names would collide.
 * @example
 * ```ts
 * const baseline = readCsvFile("fixtures/pilot/baseline.csv");
 * const endline = readCsvFile("fixtures/pilot/endline.csv");
 * const panel = mergePanel(baseline, endline, { by: "id" });
 * panel.counts; // { baseline: 464, endline: 429, matched: 427, onlyBaseline: 37, onlyEndline: 2 }
 * [panel.counts.matched, panel.counts.onlyBaseline]; // [427, 37]
 * panel.unmatchedEndline; // ["PO233", "P0O17"]
 * ```
 */
export function mergePanel(baseline: DataInput, endline: DataInput, options: MergePanelOptions): MergePanelResult {
  return mergePanelAs(baseline, endline, options, "mergePanel");
}

/**
 * Internal: {@link mergePanel} with the calling function's name in messages (attritionReport
 * joins its two rounds with it, so its errors name `attritionReport`).
 */
export function mergePanelAs(baseline: DataInput, endline: DataInput, options: MergePanelOptions, fn: string): MergePanelResult {
  const opts = parseOptions(MergePanelOptionsSchema, options, fn);
  const byB = typeof opts.by === "string" ? opts.by : opts.by.baseline;
  const byE = typeof opts.by === "string" ? opts.by : opts.by.endline;
  const base = asTable(baseline, fn);
  const end = asTable(endline, fn);
  getColumn(base, byB, fn, "baseline id column");
  getColumn(end, byE, fn, "endline id column");
  const b = idIndex(base, byB, "baseline", fn);
  const e = idIndex(end, byE, "endline", fn);

  // Row pairs, in baseline order.
  const rowsB: number[] = [];
  const rowsE: number[] = [];
  const unmatchedBaseline: string[] = [];
  for (let i = 0; i < b.ids.length; i++) {
    const j = e.index.get(b.keys[i]!);
    if (j === undefined) {
      unmatchedBaseline.push(b.ids[i]!);
      if (opts.keep === "baseline") {
        rowsB.push(i);
        rowsE.push(-1);
      }
    } else {
      rowsB.push(i);
      rowsE.push(j);
    }
  }
  const unmatchedEndline = e.ids.filter((_, j) => !b.index.has(e.keys[j]!));
  const nearMatches = findNearMatches(unmatchedBaseline, unmatchedEndline);
  const warnings = nearMatchWarnings(b.ids, e.ids, nearMatches);
  const matched = b.ids.length - unmatchedBaseline.length;

  // Column names.
  const baseOther = base.names.filter((n) => n !== byB);
  const endOther = end.names.filter((n) => n !== byE);
  const overlap = new Set(baseOther.filter((n) => endOther.includes(n)));
  for (const n of endOther) if (n === byB) overlap.add(n);
  const [sb, se] = opts.suffixes;
  const names: string[] = [byB];
  const columns = nullRecord<Column>();
  const types = nullRecord<ColumnType>();
  const n = rowsB.length;
  const gather = (t: Table, name: string, rows: number[]): Column => {
    const src = t.columns[name]!;
    if (src instanceof Float64Array) {
      const out = new Float64Array(n);
      for (let k = 0; k < n; k++) out[k] = rows[k]! < 0 ? NaN : src[rows[k]!]!;
      return out;
    }
    const out = new Array<string | null>(n);
    for (let k = 0; k < n; k++) out[k] = rows[k]! < 0 ? null : src[rows[k]!]!;
    return out;
  };
  const add = (name: string, col: Column, type: ColumnType, from: string): void => {
    if (Object.prototype.hasOwnProperty.call(columns, name)) {
      throw new EnsayoError("INVALID_OPTION", `${fn}: the joined table would have two columns called '${name}' (from '${from}')`, {
        column: name,
        hint: "Choose other `suffixes`, or rename a column first",
      });
    }
    names.push(name);
    columns[name] = col;
    types[name] = type;
  };
  columns[byB] = gather(base, byB, rowsB);
  types[byB] = base.types[byB]!;
  for (const name of baseOther) add(overlap.has(name) ? name + sb : name, gather(base, name, rowsB), base.types[name]!, name);
  for (const name of endOther) add(overlap.has(name) ? name + se : name, gather(end, name, rowsE), end.types[name]!, name);
  if (opts.keep === "baseline") {
    const responded = new Float64Array(n);
    for (let k = 0; k < n; k++) responded[k] = rowsE[k]! < 0 ? 0 : 1;
    add(opts.respondedName, responded, "integer", opts.respondedName);
  }

  const fb = sourceName(base);
  const fe = sourceName(end);
  // ±Infinity read as missing in a source column stays counted under the column's joined name
  const nonFinite = nullRecord<number>();
  const carry = (t: Table, name: string, to: string) => {
    const src = t.report.nonFinite;
    if (src && Object.prototype.hasOwnProperty.call(src, name)) nonFinite[to] = src[name]!;
  };
  carry(base, byB, byB);
  for (const name of baseOther) carry(base, name, overlap.has(name) ? name + sb : name);
  for (const name of endOther) carry(end, name, overlap.has(name) ? name + se : name);
  const table = makeTable(columns, {
    names,
    types,
    report: {
      source: "mergePanel",
      rowsRead: n,
      ...(Object.keys(nonFinite).length > 0 ? { nonFinite } : {}),
      notes: [
        `joined ${fb ?? "baseline"} (${b.ids.length} rows) and ${fe ?? "endline"} (${e.ids.length} rows) by '${byB}'` +
          (byE !== byB ? ` = '${byE}'` : "") +
          `: ${matched} matched, ${unmatchedBaseline.length} only in the baseline, ${unmatchedEndline.length} only in the endline`,
        ...(overlap.size ? [`columns on both sides got suffixes '${sb}' / '${se}': ${[...overlap].join(", ")}`] : []),
        ...(opts.keep === "baseline" && unmatchedBaseline.length
          ? [`${unmatchedBaseline.length} baseline units without endline are kept with missing endline values and ${opts.respondedName} = 0`]
          : []),
      ],
    },
  });
  return withDisplay(Object.freeze({
    kind: "mergePanel" as const,
    table,
    unmatchedBaseline: Object.freeze(unmatchedBaseline),
    unmatchedEndline: Object.freeze(unmatchedEndline),
    counts: Object.freeze({
      baseline: b.ids.length,
      endline: e.ids.length,
      matched,
      onlyBaseline: unmatchedBaseline.length,
      onlyEndline: unmatchedEndline.length,
    }),
    by: Object.freeze({ baseline: byB, endline: byE }),
    keep: opts.keep,
    suffixed: Object.freeze([...overlap]),
    nearMatches: Object.freeze(nearMatches),
    warnings: Object.freeze(warnings),
  }));
}

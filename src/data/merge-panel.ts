/**
 * `mergePanel`: join a baseline and an endline by unit id, accounting for every unit. The
 * options, the result and the entry point; the ids are indexed and compared in panel-ids.ts,
 * the rows paired and the columns joined in panel-columns.ts.
 */
import * as z from "zod/mini";
import { named } from "../internal/boundary.js";
import { parseOptions } from "../internal/options.js";
import { getColumn } from "./columns.js";
import { toTable, buildTable, type DataInput, type Table } from "./table.js";
import { findNearMatches, idIndex, nearMatchWarnings, sourceName } from "./panel-ids.js";
import { joinColumns, pairRows } from "./panel-columns.js";
import { withDisplay } from "../report/result-proto.js";

/** The zod schema of `mergePanel`'s options. */
export const MergePanelOptionsSchema = z
  .strictObject({
    /** The id column: one name for both sides, or `{ baseline, endline }` when they differ. */
    id: z.union([z.string().check(z.minLength(1)), z.strictObject({ baseline: z.string().check(z.minLength(1)), endline: z.string().check(z.minLength(1)) })]),
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
  readonly id: { readonly baseline: string; readonly endline: string };
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
 * const panel = mergePanel(baseline, endline, { id: "id" });
 * panel.counts; // { baseline: 464, endline: 429, matched: 427, onlyBaseline: 37, onlyEndline: 2 }
 * [panel.counts.matched, panel.counts.onlyBaseline]; // [427, 37]
 * panel.unmatchedEndline; // ["PO233", "P0O17"]
 * ```
 */
export function mergePanel(baseline: DataInput, endline: DataInput, options: MergePanelOptions): MergePanelResult {
  return named("mergePanel", () => mergePanelCore(baseline, endline, parseOptions(MergePanelOptionsSchema, options, "mergePanel")));
}

/**
 * {@link mergePanel} for the library's own modules (attritionReport joins its two rounds with it), its
 * errors named by the public function that called it. `options` are valid: the caller's own schema
 * checked them (`id`), and the rest are ensayo's.
 *
 * @example
 * ```ts
 * mergePanelCore({ id: ["a", "b"], y: [1, 2] }, { id: ["b"], y2: [3] }, { id: "id", keep: "baseline" }).counts.matched; // 1
 * ```
 */
export function mergePanelCore(baseline: DataInput, endline: DataInput, options: MergePanelOptions): MergePanelResult {
  const opts = z.parse(MergePanelOptionsSchema, options);
  const byB = typeof opts.id === "string" ? opts.id : opts.id.baseline;
  const byE = typeof opts.id === "string" ? opts.id : opts.id.endline;
  const base = toTable(baseline);
  const end = toTable(endline);
  getColumn(base, byB, "baseline id column");
  getColumn(end, byE, "endline id column");
  const b = idIndex(base, byB, "baseline");
  const e = idIndex(end, byE, "endline");

  // Row pairs, in baseline order.
  const { rowsB, rowsE, unmatchedBaseline, unmatchedEndline } = pairRows(b, e, opts.keep === "baseline");
  const nearMatches = findNearMatches(unmatchedBaseline, unmatchedEndline);
  const warnings = nearMatchWarnings(b.ids, e.ids, nearMatches);
  const matched = b.ids.length - unmatchedBaseline.length;
  const n = rowsB.length;
  const [sb, se] = opts.suffixes;
  const { names, columns, types, overlap, nonFinite } = joinColumns(base, end, rowsB, rowsE, {
    byB, byE, suffixes: [sb, se], respondedName: opts.keep === "baseline" ? opts.respondedName : null,
  });
  const fb = sourceName(base);
  const fe = sourceName(end);
  const table = buildTable(columns, {
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
    id: Object.freeze({ baseline: byB, endline: byE }),
    keep: opts.keep,
    suffixed: Object.freeze([...overlap]),
    nearMatches: Object.freeze(nearMatches),
    warnings: Object.freeze(warnings),
  }));
}

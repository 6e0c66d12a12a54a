/**
 * The ids of a panel's two rounds: indexed (NFC keys, duplicates refused with every repeated
 * id listed) and compared (near matches across and within the files, for warnings).
 * Internal to the data layer (mergePanel).
 */
import { EnsayoError, showValue } from "../errors.js";
import { labelColumn } from "./columns.js";
import { idKey, looseIdKey, nearMatchGroups, nearMatchReason, showId, showNearMatchGroups } from "./ids.js";
import type { Table } from "./table.js";

/** Ids that look alike across the files: never matched, listed. */
export type NearMatches = readonly { readonly baseline: string; readonly endline: string; readonly reason: string }[];

export function sourceName(t: Table): string | undefined {
  return t.report.source.includes(".") ? t.report.source : undefined;
}

export function idIndex(t: Table, by: string, side: "baseline" | "endline"): { ids: string[]; keys: string[]; index: Map<string, number> } {
  const ids = labelColumn(t, by, `${side} id column`);
  const keys = new Array<string>(ids.length);
  const index = new Map<string, number>();
  const dup = new Map<string, string[]>(); // key → every spelling, one per row
  const file = sourceName(t);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id === null) {
      throw new EnsayoError(
        "MISSING_VALUE",
        `the ${side} id column '${by}' is missing in row ${i + 1}${file ? ` of ${file}` : ""}`,
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
      `${dup.size} ${dup.size === 1 ? "id appears" : "ids appear"} more than once in the ${side}${file ? ` (${file})` : ""}: ` +
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
export function findNearMatches(onlyBaseline: readonly string[], onlyEndline: readonly string[]): NearMatches {
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

export function nearMatchWarnings(b: readonly string[], e: readonly string[], near: NearMatches): string[] {
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


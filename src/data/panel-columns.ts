/**
 * The joined table of a panel: row pairs in baseline order, and every column of both rounds
 * gathered onto them (non-id names on both sides suffixed, a 0/1 response column when the
 * baseline is kept whole, ±Infinity counts carried under the joined names).
 * Internal to the data layer (mergePanel).
 */
import { EnsayoError } from "../errors.js";
import { nullRecord, type Column, type ColumnType, type Table } from "./table.js";

/** The id index of one round (see panel-ids.ts). */
interface IdIndex {
  readonly ids: readonly string[];
  readonly keys: readonly string[];
  readonly index: ReadonlyMap<string, number>;
}

/** Baseline and endline rows of each joined row (−1: no endline), and the ids on one side only. */
export function pairRows(b: IdIndex, e: IdIndex, keepBaseline: boolean) {
  const rowsB: number[] = [];
  const rowsE: number[] = [];
  const unmatchedBaseline: string[] = [];
  for (let i = 0; i < b.ids.length; i++) {
    const j = e.index.get(b.keys[i]!);
    if (j === undefined) {
      unmatchedBaseline.push(b.ids[i]!);
      if (keepBaseline) {
        rowsB.push(i);
        rowsE.push(-1);
      }
    } else {
      rowsB.push(i);
      rowsE.push(j);
    }
  }
  const unmatchedEndline = e.ids.filter((_, j) => !b.index.has(e.keys[j]!));
  return { rowsB, rowsE, unmatchedBaseline, unmatchedEndline };
}

/** How the columns are joined. */
export interface JoinSpec {
  readonly byB: string;
  readonly byE: string;
  readonly suffixes: readonly [string, string];
  /** The name of the 0/1 response column, or null (`keep: "inner"`). */
  readonly respondedName: string | null;
}

/**
 * The joined columns, in order: the baseline id, the baseline's other columns, the endline's.
 *
 * @throws EnsayoError `INVALID_OPTION` when two joined columns would share a name.
 */
export function joinColumns(base: Table, end: Table, rowsB: readonly number[], rowsE: readonly number[], spec: JoinSpec) {
  const { byB, byE } = spec;
  const baseOther = base.names.filter((n) => n !== byB);
  const endOther = end.names.filter((n) => n !== byE);
  const overlap = new Set(baseOther.filter((n) => endOther.includes(n)));
  for (const n of endOther) if (n === byB) overlap.add(n);
  const [sb, se] = spec.suffixes;
  const names: string[] = [byB];
  const columns = nullRecord<Column>();
  const types = nullRecord<ColumnType>();
  const n = rowsB.length;
  const gather = (t: Table, name: string, rows: readonly number[]): Column => {
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
      throw new EnsayoError("INVALID_OPTION", `the joined table would have two columns called '${name}' (from '${from}')`, {
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
  if (spec.respondedName !== null) {
    const responded = new Float64Array(n);
    for (let k = 0; k < n; k++) responded[k] = rowsE[k]! < 0 ? 0 : 1;
    add(spec.respondedName, responded, "integer", spec.respondedName);
  }

  // ±Infinity read as missing in a source column stays counted under the column's joined name
  const nonFinite = nullRecord<number>();
  const carry = (t: Table, name: string, to: string) => {
    const src = t.report.nonFinite;
    if (src && Object.prototype.hasOwnProperty.call(src, name)) nonFinite[to] = src[name]!;
  };
  carry(base, byB, byB);
  for (const name of baseOther) carry(base, name, overlap.has(name) ? name + sb : name);
  for (const name of endOther) carry(end, name, overlap.has(name) ? name + se : name);
  return { names, columns, types, overlap, nonFinite };
}

/**
 * Small table operations the pilot needs: add or replace a column, keep some rows. Inputs are never mutated.
 */
import { buildTable, type Column, type Table } from "../data/table.js";

/** A copy of `table` with the column `name` added (or replaced). */
export function withColumn(table: Table, name: string, values: Column): Table {
  const columns: Record<string, Column> = Object.create(null);
  for (const n of table.names) columns[n] = table.columns[n]!;
  columns[name] = values;
  const names = [...table.names.filter((n) => n !== name), name];
  const types = { ...table.types };
  delete (types as Record<string, unknown>)[name];
  return buildTable(columns, { names, types, report: { ...table.report } });
}

/** A copy of `table` with only the rows where `keep[i]` is true. */
export function selectRows(table: Table, keep: ArrayLike<boolean | number>): Table {
  const idx: number[] = [];
  for (let i = 0; i < table.nRows; i++) if (keep[i]) idx.push(i);
  const columns: Record<string, Column> = Object.create(null);
  for (const n of table.names) {
    const col = table.columns[n]!;
    if (col instanceof Float64Array) {
      const out = new Float64Array(idx.length);
      for (let k = 0; k < idx.length; k++) out[k] = col[idx[k]!]!;
      columns[n] = out;
    } else columns[n] = idx.map((i) => col[i]!);
  }
  return buildTable(columns, { names: [...table.names], types: { ...table.types }, report: { ...table.report, rowsRead: idx.length } });
}

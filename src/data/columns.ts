/**
 * Reading named columns out of a `Table` with clear errors: the one place that
 * says "column 'puntaje' is not in the data; did you mean 'puntaje_final'?". The library's own
 * modules call these; the public function that called them adds its name (internal/boundary.ts).
 */
import { EnsayoError } from "../errors.js";
import type { Column, Table } from "./table.js";

/** Names in `names` close to `name` (case-insensitive, accents ignored, edit distance ≤ 2 or a prefix). */
export function nearMatches(name: string, names: readonly string[], max = 3): string[] {
  const key = fold(name);
  const scored: { n: string; d: number }[] = [];
  for (const n of names) {
    const k = fold(n);
    const d = k === key ? 0 : k.startsWith(key) || key.startsWith(k) ? 1 : editDistance(key, k);
    if (d <= 2) scored.push({ n, d });
  }
  scored.sort((a, b) => a.d - b.d);
  return scored.slice(0, max).map((s) => s.n);
}

function fold(s: string): string {
  return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/**
 * The column called `name`, or a `MISSING_COLUMN` error that lists near matches.
 *
 * @throws EnsayoError `MISSING_COLUMN` naming the column, near matches and the columns present.
 * @example
 * ```ts
 * const t = asTable({ region: ["Central", "Itapúa"], z: [1, 0] });
 * getColumn(t, "region"); // ["Central", "Itapúa"]
 * getColumn(t, "regoin", "outcome"); // throws MISSING_COLUMN: "outcome 'regoin' is not a column of the data; did you mean 'region'?"
 * ```
 */
export function getColumn(table: Table, name: string, role = "column"): Column {
  if (!Object.prototype.hasOwnProperty.call(table.columns, name)) {
    const near = nearMatches(name, table.names);
    throw new EnsayoError(
      "MISSING_COLUMN",
      `${role} '${name}' is not a column of the data` +
        (near.length ? `; did you mean ${near.map((n) => `'${n}'`).join(" or ")}?` : ""),
      {
        column: name,
        ...(table.report.source.includes(".") ? { file: table.report.source } : {}),
        hint: `The columns are: ${table.names.slice(0, 20).join(", ")}${table.names.length > 20 ? ", …" : ""}`,
      },
    );
  }
  return table.columns[name]!;
}

/**
 * The numeric column `name` as a `Float64Array` (missing is `NaN`). Do not write to it:
 * it is the table's own storage.
 *
 * @throws EnsayoError `MISSING_COLUMN`, or `NOT_NUMERIC` naming the first value that is not a number.
 * @example
 * ```ts
 * const t = asTable({ z: [1, 0, null], code: ["7", "8", "9"] });
 * numericColumn(t, "z"); // Float64Array [1, 0, NaN]
 * numericColumn(t, "code"); // Float64Array [7, 8, 9] (text that reads as numbers)
 * ```
 */
export function numericColumn(table: Table, name: string, role = "column"): Float64Array {
  const col = getColumn(table, name, role);
  if (col instanceof Float64Array) return col;
  // A text column whose every value reads as a number is accepted (e.g. ids typed as text).
  const out = new Float64Array(col.length);
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    if (v === null) {
      out[i] = NaN;
      continue;
    }
    const x = Number(v);
    if (v.trim() === "" || !Number.isFinite(x)) {
      throw new EnsayoError("NOT_NUMERIC", `${role} '${name}' must be numeric, but row ${i + 1} holds '${v}'`, {
        column: name,
        line: i + 1,
        value: v,
        hint: "Choose a numeric column, or recode the text into numbers first",
      });
    }
    out[i] = x;
  }
  return out;
}

/**
 * The column `name` as labels: text as is, numbers as their shortest decimal form
 * (`1`, `2.5`), missing as `null`. Used for blocks, clusters, ids and arms.
 *
 * @throws EnsayoError `MISSING_COLUMN`.
 * @example
 * ```ts
 * const t = asTable({ bloque: [1, 2.5, null] });
 * labelColumn(t, "bloque"); // ["1", "2.5", null]
 * ```
 */
export function labelColumn(table: Table, name: string, role = "column"): (string | null)[] {
  const col = getColumn(table, name, role);
  if (!(col instanceof Float64Array)) return col.slice();
  const out = new Array<string | null>(col.length);
  for (let i = 0; i < col.length; i++) {
    const v = col[i]!;
    out[i] = Number.isNaN(v) ? null : String(v);
  }
  return out;
}

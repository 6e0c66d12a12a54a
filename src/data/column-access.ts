/**
 * The public way to read one column: `getColumn(data, name)`, `numericColumn(data, name)` and
 * `labelColumn(data, name)`. The library's own functions use the versions in columns.ts, whose
 * errors the calling public function names; these name themselves (issue #11 item 5: the caller's
 * name is added at the public boundary, not passed in by the user).
 */
import * as columns from "./columns.js";
import { named } from "../internal/boundary.js";
import { toTable, type Column, type DataInput } from "./table.js";

/**
 * The column called `name` of `data` (a Table, row objects or column arrays), or a `MISSING_COLUMN`
 * error that lists near matches.
 *
 * @throws EnsayoError `MISSING_COLUMN` naming the column, near matches and the columns present.
 * @example
 * ```ts
 * const t = asTable({ region: ["Central", "Itapúa"], z: [1, 0] });
 * getColumn(t, "region"); // ["Central", "Itapúa"]
 * getColumn(t, "regoin"); // throws MISSING_COLUMN: "getColumn: column 'regoin' is not a column of the data; did you mean 'region'?"
 * ```
 */
export function getColumn(data: DataInput, name: string): Column {
  return named("getColumn", () => columns.getColumn(toTable(data), name));
}

/**
 * The numeric column `name` of `data` as a `Float64Array` (missing is `NaN`); text that reads as
 * numbers is converted. Do not write to it: for a Table it is the table's own storage.
 *
 * @throws EnsayoError `MISSING_COLUMN`, or `NOT_NUMERIC` naming the first value that is not a number.
 * @example
 * ```ts
 * const t = asTable({ z: [1, 0, null], code: ["7", "8", "9"] });
 * numericColumn(t, "z");    // Float64Array [1, 0, NaN]
 * numericColumn(t, "code"); // Float64Array [7, 8, 9]
 * ```
 */
export function numericColumn(data: DataInput, name: string): Float64Array {
  return named("numericColumn", () => columns.numericColumn(toTable(data), name));
}

/**
 * The column `name` of `data` as labels: text as is, numbers as their shortest decimal form
 * (`1`, `2.5`), missing as `null` (how blocks, clusters, ids and arms are read).
 *
 * @throws EnsayoError `MISSING_COLUMN`.
 * @example
 * ```ts
 * const t = asTable({ bloque: [1, 2.5, null] });
 * labelColumn(t, "bloque"); // ["1", "2.5", null]
 * ```
 */
export function labelColumn(data: DataInput, name: string): (string | null)[] {
  return named("labelColumn", () => columns.labelColumn(toTable(data), name));
}

/**
 * The columnar `Table` every ensayo function reads, and the one normalizer that
 * turns rows, columns or a `Table` into it.
 */
import { EnsayoError, showValue } from "../errors.js";
import { checkKnownKeys } from "../internal/options.js";
import { named } from "../internal/boundary.js";

/** How a column's values are stored and what they mean. */
export type ColumnType =
  /** Real numbers in a `Float64Array`; missing is `NaN`. */
  | "number"
  /** Whole numbers in a `Float64Array`; missing is `NaN`. */
  | "integer"
  /** `1` / `0` in a `Float64Array`; missing is `NaN`. */
  | "boolean"
  /** Milliseconds since 1970-01-01 UTC in a `Float64Array`; missing is `NaN`. */
  | "date"
  /** Strings in an array; missing is `null`. */
  | "text";

/** A stored column: numbers (and booleans, dates) as `Float64Array`, text as strings or `null`. */
export type Column = Float64Array | (string | null)[];

/** What reading the data did: every row and every change is accounted for. */
export interface DataReport {
  /** Where the data came from (file name, or `"rows"`, `"columns"`, `"text"`). */
  readonly source: string;
  /** Data rows read (not counting the header). */
  readonly rowsRead: number;
  /** Missing values per column (missing codes, empty cells, non-finite numbers). */
  readonly missing: Readonly<Record<string, number>>;
  /** Cells whose text was changed to make a value (decimal comma, thousands separator, trimming). */
  readonly coerced: Readonly<Record<string, number>>;
  /** Header names that were changed: trimmed, made unique, or filled in when blank. */
  readonly renamed: readonly { readonly from: string; readonly to: string }[];
  /** Encoding the bytes were decoded with, when they were bytes. */
  readonly encoding?: string;
  /** Field delimiter used, when the data were CSV. */
  readonly delimiter?: string;
  /** Free-text notes (e.g. a BOM was removed). */
  readonly notes: readonly string[];
  /**
   * Numbers that were ±Infinity, per column, stored as missing (`NaN`) like every non-finite number;
   * present only when there were some. Tables made from others (`mergePanel`) carry their sources'
   * counts (counted before the join). Functions that report on a column (e.g. `balanceTable`) say so.
   */
  readonly nonFinite?: Readonly<Record<string, number>>;
}

/**
 * A columnar data set: numeric columns as `Float64Array`, text columns as `(string | null)[]`.
 *
 * `columns` and `types` are null-prototype objects, so a column called `__proto__`
 * or `constructor` is an ordinary column and touches no prototype.
 */
export interface Table {
  readonly kind: "table";
  /** Column names, in order. */
  readonly names: readonly string[];
  /** Number of rows. */
  readonly nRows: number;
  /** Column values by name. */
  readonly columns: Readonly<Record<string, Column>>;
  /** Column types by name. */
  readonly types: Readonly<Record<string, ColumnType>>;
  /** What reading the data did (present for data read from CSV or normalized from rows). */
  readonly report: DataReport;
}

/** Anything an ensayo function accepts as data. */
export type DataInput =
  | Table
  | readonly Readonly<Record<string, unknown>>[]
  | Readonly<Record<string, ArrayLike<unknown>>>
  | ArrowTableLike
  | ArqueroTableLike;

/**
 * What ensayo reads of an Apache Arrow `Table` (duck-typed: no dependency on `apache-arrow`).
 * Values are read with `getChild(name).get(i)`, so Arrow nulls are missing values, 64-bit integers
 * become numbers and Arrow dates (`Date` objects or epoch milliseconds in a date field) become dates.
 */
export interface ArrowTableLike {
  readonly numRows: number;
  readonly schema: { readonly fields: readonly { readonly name: string; readonly type?: unknown }[] };
  getChild(name: string): { readonly length: number; get(index: number): unknown } | null;
}

/** What ensayo reads of an arquero table (duck-typed): its column names and each column as an array. */
export interface ArqueroTableLike {
  columnNames(): string[];
  array(name: string): ArrayLike<unknown>;
}

/** A null-prototype record: safe for any key, including `__proto__`. */
export function nullRecord<V>(): Record<string, V> {
  return Object.create(null) as Record<string, V>;
}

/**
 * True when `x` is a `Table` made by ensayo (`kind: "table"` with a `names` list).
 *
 * @example
 * ```ts
 * isTable(asTable({ y: [1, 2] })); // true
 * isTable({ y: [1, 2] }); // false (an object of columns, not yet a Table)
 * ```
 */
export function isTable(x: unknown): x is Table {
  return typeof x === "object" && x !== null && (x as { kind?: unknown }).kind === "table" &&
    Array.isArray((x as { names?: unknown }).names);
}

/**
 * Build a `Table` from named columns. Arrays are copied, so later changes by the
 * caller do not reach the table.
 *
 * @example
 * ```ts
 * const t = makeTable({ y: new Float64Array([1.5, 2]), arm: ["a", "b"] });
 * t.types.y; // "number" (all whole numbers would be "integer")
 * t.types.arm; // "text"
 * ```
 */
export function makeTable(columns: Readonly<Record<string, Column>>, options: MakeTableOptions = {}): Table {
  return named("makeTable", () => {
    checkKnownKeys(options, ["names", "types", "report"], "makeTable");
    checkColumnTypes(columns);
    return buildTable(columns, options);
  });
}

/**
 * Refuse a column that is neither a `Float64Array` nor an array of strings and nulls: `makeTable` takes
 * typed columns as they are (a plain array of numbers would be kept as text, then fail where a number is read).
 */
function checkColumnTypes(columns: Readonly<Record<string, Column>>): void {
  for (const [name, col] of Object.entries(columns)) {
    if (col instanceof Float64Array) continue;
    const row = Array.isArray(col) ? col.findIndex((v) => v !== null && typeof v !== "string") : -1;
    if (Array.isArray(col) && row < 0) continue;
    const value: unknown = Array.isArray(col) ? col[row] : col;
    const found = Array.isArray(col) ? `row ${row + 1} holds ${showValue(value)}` : `got ${showValue(value)}`;
    throw new EnsayoError("INVALID_DATA", `column '${name}' must be a Float64Array or an array of strings and nulls; ${found}`, {
      column: name,
      value,
      hint: "Pass plain arrays of numbers, booleans or dates to asTable, which types them",
    });
  }
}

/** The options of {@link makeTable}: the column order, declared types, and a report to carry over. */
export interface MakeTableOptions {
  names?: readonly string[];
  types?: Readonly<Record<string, ColumnType>>;
  report?: Partial<DataReport>;
}

/**
 * {@link makeTable} for the library's own modules: the same table, its errors named by the public
 * function that called it.
 *
 * @example
 * ```ts
 * buildTable({ y: new Float64Array([1, 2]) }, { report: { source: "mergePanel" } }).report.source; // "mergePanel"
 * ```
 */
export function buildTable(columns: Readonly<Record<string, Column>>, options: MakeTableOptions = {}): Table {
  const names = options.names ? [...options.names] : Object.keys(columns);
  const cols = nullRecord<Column>();
  const types = nullRecord<ColumnType>();
  const infinite = nullRecord<number>();
  let nRows = -1;
  for (const name of names) {
    if (!Object.prototype.hasOwnProperty.call(columns, name)) {
      throw new EnsayoError("MISSING_COLUMN", `column '${name}' is listed in \`names\` but not given`);
    }
    const col = columns[name]!;
    const copy: Column = col instanceof Float64Array ? finiteCopy(col, name, infinite) : col.slice();
    if (nRows === -1) nRows = copy.length;
    else if (copy.length !== nRows) {
      throw new EnsayoError(
        "LENGTH_MISMATCH",
        `column '${name}' has ${copy.length} values but column '${names[0]}' has ${nRows}`,
        { column: name, hint: "Give every column the same number of values" },
      );
    }
    cols[name] = copy;
    const given = options.types && Object.prototype.hasOwnProperty.call(options.types, name) ? options.types[name] : undefined;
    types[name] = given ?? (copy instanceof Float64Array ? inferNumericType(copy) : "text");
  }
  const missing = nullRecord<number>();
  for (const name of names) missing[name] = countMissing(cols[name]!);
  // infinities found now, added to those the caller's report already counts (e.g. before a join)
  const given = options.report?.nonFinite;
  let nonFinite: Record<string, number> | undefined;
  if (given || Object.keys(infinite).length > 0) {
    nonFinite = nullRecord<number>();
    for (const [src, into] of [[given ?? {}, nonFinite], [infinite, nonFinite]] as const)
      for (const k of Object.keys(src)) into[k] = (Object.prototype.hasOwnProperty.call(into, k) ? into[k]! : 0) + (src as Record<string, number>)[k]!;
  }
  const report: DataReport = {
    source: options.report?.source ?? "columns",
    rowsRead: options.report?.rowsRead ?? Math.max(nRows, 0),
    missing: Object.keys(infinite).length > 0 || !options.report?.missing ? missing : options.report.missing,
    coerced: options.report?.coerced ?? nullRecord<number>(),
    renamed: options.report?.renamed ?? [],
    notes: [...(options.report?.notes ?? []), ...infiniteNotes(infinite)],
    ...(options.report?.encoding !== undefined ? { encoding: options.report.encoding } : {}),
    ...(options.report?.delimiter !== undefined ? { delimiter: options.report.delimiter } : {}),
    ...(nonFinite ? { nonFinite } : {}),
  };
  return Object.freeze({ kind: "table", names: Object.freeze(names), nRows: Math.max(nRows, 0), columns: cols, types, report });
}

/**
 * A copy of numeric values with ±Infinity stored as missing (`NaN`), as every non-finite number is;
 * how many there were goes into `infinite[name]` (nothing when none).
 */
function finiteCopy(values: ArrayLike<number>, name: string, infinite: Record<string, number>): Float64Array {
  const col = ArrayBuffer.isView(values) ? new Float64Array(values as unknown as Float64Array) : Float64Array.from(values);
  let k = 0;
  for (let i = 0; i < col.length; i++) {
    const v = col[i]!;
    if (v === Infinity || v === -Infinity) {
      col[i] = NaN;
      k++;
    }
  }
  if (k > 0) infinite[name] = k;
  return col;
}

function infiniteNotes(infinite: Readonly<Record<string, number>>): string[] {
  return Object.keys(infinite).map((name) => `column '${name}': ${infinite[name]} infinite value(s) (±Infinity) stored as missing`);
}

function inferNumericType(col: Float64Array): ColumnType {
  for (let i = 0; i < col.length; i++) {
    const v = col[i]!;
    if (!Number.isNaN(v) && !Number.isInteger(v)) return "number";
  }
  return col.length > 0 ? "integer" : "number";
}

/** Number of missing values in a column (`NaN` or `null`). */
export function countMissing(col: Column): number {
  let n = 0;
  if (col instanceof Float64Array) {
    for (let i = 0; i < col.length; i++) if (Number.isNaN(col[i]!)) n++;
  } else {
    for (let i = 0; i < col.length; i++) if (col[i] === null) n++;
  }
  return n;
}

/**
 * Normalize any accepted data shape into a `Table`, once, at a public boundary.
 *
 * - a `Table` is returned as is (it is immutable);
 * - an array of records (`d3.csv`, arquero `objects()`, `csv-parse` with `columns: true`)
 *   becomes one column per key seen in any record; a key missing from a record is a missing value;
 * - an object of columns (arrays or typed arrays) is copied column by column;
 * - an Apache Arrow table (`numRows`, `schema.fields`, `getChild`) or an arquero table
 *   (`columnNames()`, `array(name)`) is read column by column, without depending on either library.
 *
 * A column whose values are all numbers, booleans or missing becomes a `Float64Array`;
 * any other column becomes text. The caller's data is never modified.
 *
 * @throws EnsayoError `INVALID_DATA` for other shapes, `LENGTH_MISMATCH` for columns of different lengths.
 * @example
 * ```ts
 * const t = asTable([{ id: "a", y: 2.5 }, { id: "b", y: null }]);
 * t.names; // ["id", "y"]
 * t.columns.y; // Float64Array [2.5, NaN]
 * t.types.y; // "number"
 * ```
 */
export function asTable(data: DataInput): Table {
  return named("asTable", () => toTable(data));
}

/**
 * {@link asTable} for the library's own modules: the same table, its errors named by the public
 * function whose data it reads.
 *
 * @example
 * ```ts
 * toTable({ y: [1, 2] }).nRows; // 2
 * ```
 */
export function toTable(data: DataInput): Table {
  if (isTable(data)) return data;
  if (isArrowLike(data)) return fromColumns(arrowColumns(data), "arrow");
  if (isArqueroLike(data)) {
    const cols = nullRecord<ArrayLike<unknown>>();
    for (const name of data.columnNames()) cols[name] = data.array(name);
    return fromColumns(cols, "arquero");
  }
  if (Array.isArray(data)) return fromRecords(data as readonly Readonly<Record<string, unknown>>[]);
  if (typeof data === "object" && data !== null) return fromColumns(data as Readonly<Record<string, ArrayLike<unknown>>>);
  throw new EnsayoError("INVALID_DATA", `data must be a Table, an array of records, an object of columns or an Arrow/arquero table; got ${showValue(data)}`, {
    hint: "Read a CSV with parseCsv, or pass rows such as [{ id: 1, y: 2.5 }]",
  });
}

function fromRecords(rows: readonly Readonly<Record<string, unknown>>[]): Table {
  const names: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (typeof row !== "object" || row === null || Array.isArray(row)) {
      throw new EnsayoError("INVALID_DATA", `row ${i + 1} is not a record; got ${showValue(row)}`, {
        line: i + 1,
        hint: "Pass an array of plain objects such as [{ id: 1, y: 2.5 }]",
      });
    }
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) {
        seen.add(key);
        names.push(key);
      }
    }
  }
  const raw = nullRecord<unknown[]>();
  for (const name of names) {
    const values = new Array<unknown>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      values[i] = Object.prototype.hasOwnProperty.call(row, name) ? row[name] : undefined;
    }
    raw[name] = values;
  }
  return typedFromRaw(names, raw, rows.length, "rows");
}

function isArrowLike(x: unknown): x is ArrowTableLike {
  const t = x as Partial<ArrowTableLike> | null;
  return typeof x === "object" && t !== null && typeof t.numRows === "number" && typeof t.getChild === "function" &&
    Array.isArray(t.schema?.fields);
}

function isArqueroLike(x: unknown): x is ArqueroTableLike {
  const t = x as Partial<ArqueroTableLike> | null;
  return typeof x === "object" && t !== null && typeof t.columnNames === "function" && typeof t.array === "function";
}

/** Arrow type ids of dates and timestamps (`Type.Date` 8, `Type.Timestamp` 10 in apache-arrow). */
const ARROW_DATE_TYPES = new Set([8, 10]);

function arrowColumns(t: ArrowTableLike): Record<string, unknown[]> {
  const cols = nullRecord<unknown[]>();
  for (const field of t.schema.fields) {
    const vector = t.getChild(field.name);
    const typeId = (field.type as { typeId?: unknown } | undefined)?.typeId;
    const isDate = typeof typeId === "number" && ARROW_DATE_TYPES.has(typeId);
    const values = new Array<unknown>(t.numRows);
    for (let i = 0; i < t.numRows; i++) {
      const v = vector ? vector.get(i) : null;
      values[i] = typeof v === "bigint" ? Number(v) : isDate && typeof v === "number" ? new Date(v) : v;
    }
    cols[field.name] = values;
  }
  return cols;
}

function fromColumns(cols: Readonly<Record<string, ArrayLike<unknown>>>, source = "columns"): Table {
  const names = Object.keys(cols);
  let n = -1;
  const raw = nullRecord<ArrayLike<unknown>>();
  for (const name of names) {
    const col = cols[name];
    if (col === null || typeof col !== "object" || typeof (col as ArrayLike<unknown>).length !== "number") {
      throw new EnsayoError("INVALID_DATA", `column '${name}' is not an array; got ${showValue(col)}`, {
        column: name,
        hint: "Pass columns as arrays, e.g. { y: [1, 2], z: [0, 1] }",
      });
    }
    if (n === -1) n = col.length;
    else if (col.length !== n) {
      throw new EnsayoError(
        "LENGTH_MISMATCH",
        `column '${name}' has ${col.length} values but column '${names[0]}' has ${n}`,
        { column: name, hint: "Give every column the same number of values" },
      );
    }
    raw[name] = col;
  }
  return typedFromRaw(names, raw, Math.max(n, 0), source);
}

function typedFromRaw(names: string[], raw: Record<string, ArrayLike<unknown>>, n: number, source: string): Table {
  const columns = nullRecord<Column>();
  const types = nullRecord<ColumnType>();
  const missing = nullRecord<number>();
  const infinite = nullRecord<number>();
  for (const name of names) {
    const values = raw[name]!;
    if (ArrayBuffer.isView(values)) {
      columns[name] = finiteCopy(values as unknown as ArrayLike<number>, name, infinite);
      types[name] = inferNumericType(columns[name] as Float64Array);
    } else {
      let numeric = true;
      let boolean = true;
      let date = true;
      let any = false;
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))) continue;
        any = true;
        if (typeof v !== "boolean") boolean = false;
        if (!(v instanceof Date)) date = false;
        if (typeof v !== "number" && typeof v !== "boolean") numeric = false;
        if (!numeric && !date) break;
      }
      if (any && date) {
        const col = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const v = values[i];
          col[i] = v instanceof Date ? v.getTime() : NaN;
        }
        columns[name] = col;
        types[name] = "date";
      } else if (numeric) {
        const col = new Float64Array(n);
        let inf = 0;
        for (let i = 0; i < n; i++) {
          const v = values[i];
          if (v === Infinity || v === -Infinity) inf++;
          col[i] = typeof v === "number" ? (Number.isFinite(v) ? v : NaN) : typeof v === "boolean" ? (v ? 1 : 0) : NaN;
        }
        if (inf > 0) infinite[name] = inf;
        columns[name] = col;
        types[name] = any && boolean ? "boolean" : inferNumericType(col);
      } else {
        const col = new Array<string | null>(n);
        for (let i = 0; i < n; i++) {
          const v = values[i];
          col[i] = v === null || v === undefined || (typeof v === "number" && Number.isNaN(v)) ? null
            : v instanceof Date ? v.toISOString() : String(v);
        }
        columns[name] = col;
        types[name] = "text";
      }
    }
    missing[name] = countMissing(columns[name]!);
  }
  return Object.freeze({
    kind: "table" as const,
    names: Object.freeze([...names]),
    nRows: n,
    columns,
    types,
    report: {
      source,
      rowsRead: n,
      missing,
      coerced: nullRecord<number>(),
      renamed: [],
      notes: infiniteNotes(infinite),
      ...(Object.keys(infinite).length > 0 ? { nonFinite: infinite } : {}),
    },
  });
}

/**
 * The rows of a table as plain objects, for `console.table`, JSON or a plotting library: numbers as
 * numbers (missing as `null`), booleans as `true`/`false`, dates as ISO 8601 text (`"2021-06-19"` when
 * the time is midnight UTC), text as text.
 *
 * @example
 * ```ts
 * toRows(asTable({ id: ["a", "b"], y: [2.5, NaN] })); // [{ id: "a", y: 2.5 }, { id: "b", y: null }]
 * ```
 */
export function toRows(data: DataInput): Record<string, string | number | boolean | null>[] {
  return named("toRows", () => rowsOf(toTable(data)));
}

function rowsOf(t: Table): Record<string, string | number | boolean | null>[] {
  const rows: Record<string, string | number | boolean | null>[] = [];
  for (let i = 0; i < t.nRows; i++) {
    const row: Record<string, string | number | boolean | null> = {};
    for (const name of t.names) {
      const col = t.columns[name]!;
      const type = t.types[name];
      let value: string | number | boolean | null;
      if (!(col instanceof Float64Array)) value = col[i] ?? null;
      else {
        const v = col[i]!;
        if (Number.isNaN(v)) value = null;
        else if (type === "boolean") value = v === 1;
        else if (type === "date") {
          const iso = new Date(v).toISOString();
          value = iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
        } else value = v;
      }
      // a column called "__proto__" is an own field, never the row's prototype
      Object.defineProperty(row, name, { value, enumerable: true, writable: true, configurable: true });
    }
    rows.push(row);
  }
  return rows;
}

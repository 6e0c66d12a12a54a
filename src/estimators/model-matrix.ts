/**
 * Model frames and design matrices as R's `model.frame` / `model.matrix` build them:
 * listwise deletion of incomplete rows, treatment-coded factors whose reference is the
 * first level in sorted order, and R's column names (`(Intercept)`, `regionItapúa`, `z:x`).
 */
import * as z from "zod/mini";
import { nfcKey } from "../internal/nfc.js";
import { EnsayoError } from "../errors.js";
import { getColumn } from "../data/columns.js";
import type { Table } from "../data/table.js";
import { sortText } from "../internal/factor.js";
import { ownRecord } from "../internal/records.js";
import type { RhsSpec } from "./formula.js";
import type { DroppedRows } from "./types.js";
import { infiniteCounts, infiniteNote, withInfinite } from "./infinite-values.js";

/** One entry of a `levels` option: the level order of a text column, reference first. */
const LevelOrderSchema = z.array(z.string()).check(z.minLength(1));
/** zod schema of the `levels` option of lmRobust, lmLin and ivRobust. */
export const LevelsOptionSchema = z.record(z.string(), LevelOrderSchema);

/**
 * The `levels` option with every key the caller gave: zod's record drops a key named
 * `__proto__`, so entries are read again from the caller's own object (validated the same way).
 */
export function levelsOption(
  parsed: Readonly<Record<string, string[]>> | undefined,
  options: unknown,
): Readonly<Record<string, readonly string[]>> | undefined {
  const given = options !== null && typeof options === "object" && Object.prototype.hasOwnProperty.call(options, "levels") ? (options as { levels?: unknown }).levels : undefined;
  return ownRecord(parsed, given, LevelOrderSchema, "levels");
}

/** How missing values are handled: dropped listwise, or refused. */
export type NaAction = "omit" | "error";

/** Is the column's missing marker set at row i? */
function isMissing(table: Table, name: string, i: number): boolean {
  const col = table.columns[name]!;
  if (col instanceof Float64Array) return Number.isNaN(col[i]!);
  return col[i] === null;
}

/**
 * The rows complete in every named column (each name checked with `getColumn`, so a
 * missing column throws `MISSING_COLUMN` with near matches), and the count dropped per column.
 *
 * @throws EnsayoError `MISSING_COLUMN`; `MISSING_VALUE` when `na` is `"error"` and a value is missing.
 */
export function completeRows(
  table: Table,
  columns: readonly { name: string; role: string }[],
  na: NaAction,
): { rows: Int32Array; dropped: DroppedRows } {
  const names: string[] = [];
  for (const c of columns) {
    getColumn(table, c.name, c.role);
    if (!names.includes(c.name)) names.push(c.name);
  }
  const n = table.nRows;
  const keep = new Uint8Array(n).fill(1);
  // Null prototype: keyed by user column names (`__proto__` must be an ordinary key).
  const byColumn: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const name of names) {
    const col = table.columns[name]!;
    let count = 0;
    if (col instanceof Float64Array) {
      for (let i = 0; i < n; i++)
        if (Number.isNaN(col[i]!)) {
          keep[i] = 0;
          count++;
        }
    } else {
      for (let i = 0; i < n; i++)
        if (col[i] === null || col[i] === undefined) {
          keep[i] = 0;
          count++;
        }
    }
    if (count > 0) {
      if (na === "error") {
        let row = 0;
        while (!isMissing(table, name, row)) row++;
        throw new EnsayoError("MISSING_VALUE", `column '${name}' is missing at row ${row + 1} (${count} missing in all)${infiniteNote(table, name)}`, {
          column: name,
          line: row + 1,
          hint: "Remove or impute those rows, or use `na: \"omit\"` to drop incomplete rows",
        });
      }
      byColumn[name] = count;
    }
  }
  let m = 0;
  for (let i = 0; i < n; i++) m += keep[i]!;
  const rows = new Int32Array(m);
  for (let i = 0, j = 0; i < n; i++) if (keep[i]) rows[j++] = i;
  return { rows, dropped: withInfinite({ total: n - m, byColumn }, infiniteCounts(table, names)) };
}

/** A variable coded for the design: numeric values, or factor codes with levels. */
export type CodedVariable =
  | { readonly kind: "numeric"; readonly name: string; readonly values: Float64Array }
  | { readonly kind: "factor"; readonly name: string; readonly codes: Int32Array; readonly levels: readonly string[] };

/**
 * Code column `name` over `rows`: numbers stay numbers; text and boolean columns become
 * factors with the levels present in `rows`, ordered as `levels` (if given) or R's sorted order.
 *
 * @throws EnsayoError `INVALID_OPTION` when a value is not among the given `levels`.
 */
export function codeVariable(table: Table, name: string, rows: Int32Array, levels?: readonly string[]): CodedVariable {
  const col = getColumn(table, name, "variable");
  const n = rows.length;
  const type = table.types[name];
  if (col instanceof Float64Array && type !== "boolean") {
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = col[rows[i]!]!;
    return { kind: "numeric", name, values };
  }
  const labels: string[] = new Array(n);
  if (col instanceof Float64Array) for (let i = 0; i < n; i++) labels[i] = col[rows[i]!] ? "TRUE" : "FALSE";
  else for (let i = 0; i < n; i++) labels[i] = nfcKey(col[rows[i]!]!); // NFC and NFD spellings are one level
  const present = new Set(labels);
  let lv: string[];
  if (levels) {
    for (const l of present)
      if (!levels.includes(l))
        throw new EnsayoError("INVALID_OPTION", `\`levels.${name}\` does not list the value '${l}' found in column '${name}'`, {
          column: name,
          value: l,
          hint: `List every value of '${name}' in \`levels.${name}\`, the reference level first`,
        });
    lv = levels.filter((l) => present.has(l));
  } else lv = sortText([...present]); // as R's factor(): text sorts as text, "10" before "9"
  const index = new Map<string, number>();
  lv.forEach((l, i) => index.set(l, i));
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) codes[i] = index.get(labels[i]!)!;
  return { kind: "factor", name, codes, levels: lv };
}

/** A design matrix, column-major. */
export interface DesignMatrix {
  /** n×p values, column-major (`x[j * n + i]`). */
  readonly x: Float64Array;
  readonly n: number;
  readonly p: number;
  /** Column names as R's `model.matrix` gives them. */
  readonly names: string[];
  /** Index into the spec's terms of the term each column belongs to (-1 for the intercept). */
  readonly assign: Int32Array;
  /** Whether the first column is the intercept. */
  readonly intercept: boolean;
}

/**
 * Build the design matrix of `spec` over the rows `rows` of `table`.
 *
 * Factor coding follows R: a factor in a term is treatment-coded (first level dropped) when
 * the term without that factor is also in the model (the intercept counts as the empty term);
 * otherwise every level gets an indicator. Columns of an interaction vary the first variable fastest.
 *
 * @throws EnsayoError `MISSING_COLUMN`, `INVALID_OPTION` (bad `levels`).
 */
export function designMatrix(
  table: Table,
  spec: RhsSpec,
  rows: Int32Array,
  levels?: Readonly<Record<string, readonly string[]>>,
): DesignMatrix {
  const d = buildDesign(table, spec, rows, levels, true);
  return { x: d.x, n: d.n, p: d.p, names: d.names, assign: d.assign, intercept: d.intercept };
}

function buildDesign(
  table: Table,
  spec: RhsSpec,
  rows: Int32Array,
  levels: Readonly<Record<string, readonly string[]>> | undefined,
  packed: boolean,
): DesignMatrix & { columns: Float64Array[] } {
  const n = rows.length;
  const identity = rows.length === table.nRows && (n === 0 || rows[n - 1] === n - 1);
  const factors = new Map<string, Extract<CodedVariable, { kind: "factor" }>>();
  const isFactor = (v: string) => {
    const col = getColumn(table, v, "variable");
    return !(col instanceof Float64Array) || table.types[v] === "boolean";
  };
  const factorOf = (v: string) => {
    let c = factors.get(v);
    if (!c) {
      c = codeVariable(table, v, rows, levels && Object.prototype.hasOwnProperty.call(levels, v) ? levels[v] : undefined) as Extract<
        CodedVariable,
        { kind: "factor" }
      >;
      factors.set(v, c);
    }
    return c;
  };
  const hasTerm = (vars: readonly string[]) =>
    vars.length === 0 ? spec.intercept : spec.terms.some((t) => t.length === vars.length && t.every((v) => vars.includes(v)));

  // Column plan: each column is a product of pieces (a numeric variable, or one factor level).
  type Piece = { v: string; level: number };
  const plan: { label: string; pieces: Piece[]; term: number }[] = [];
  if (spec.intercept) plan.push({ label: "(Intercept)", pieces: [], term: -1 });
  spec.terms.forEach((term, ti) => {
    let cols: { label: string; pieces: Piece[] }[] = [{ label: "", pieces: [] }];
    term.forEach((v, vi) => {
      let mine: { label: string; piece: Piece }[];
      if (!isFactor(v)) mine = [{ label: v, piece: { v, level: -1 } }];
      else {
        const c = factorOf(v);
        const contrast = hasTerm(term.filter((_, j) => j !== vi));
        mine = [];
        for (let l = contrast ? 1 : 0; l < c.levels.length; l++) mine.push({ label: v + c.levels[l], piece: { v, level: l } });
      }
      // R varies the first variable fastest: the new variable's pieces form the outer loop.
      const next: { label: string; pieces: Piece[] }[] = [];
      for (const m of mine)
        for (const pc of cols) next.push({ label: pc.label === "" ? m.label : `${pc.label}:${m.label}`, pieces: [...pc.pieces, m.piece] });
      cols = next;
    });
    for (const c of cols) plan.push({ ...c, term: ti });
  });
  const p = plan.length;
  const x = packed ? new Float64Array(n * p) : null;
  const columns: Float64Array[] = [];
  plan.forEach((col, j) => {
    // A plain numeric column over all rows is the table's own array (never written).
    if (!packed && identity && col.pieces.length === 1 && col.pieces[0]!.level < 0) {
      columns.push((table.columns[col.pieces[0]!.v] as Float64Array).subarray(0, n));
      return;
    }
    const out = x ? x.subarray(j * n, j * n + n) : new Float64Array(n);
    columns.push(out);
    if (col.pieces.length === 0) {
      out.fill(1);
      return;
    }
    col.pieces.forEach((pc, k) => {
      if (pc.level < 0) {
        const src = table.columns[pc.v] as Float64Array;
        if (k === 0) {
          if (identity) out.set(src.subarray(0, n));
          else for (let i = 0; i < n; i++) out[i] = src[rows[i]!]!;
        } else if (identity) for (let i = 0; i < n; i++) out[i] = out[i]! * src[i]!;
        else for (let i = 0; i < n; i++) out[i] = out[i]! * src[rows[i]!]!;
      } else {
        const codes = factors.get(pc.v)!.codes;
        const l = pc.level;
        if (k === 0) for (let i = 0; i < n; i++) out[i] = codes[i] === l ? 1 : 0;
        else for (let i = 0; i < n; i++) if (codes[i] !== l) out[i] = 0;
      }
    });
  });
  const names = plan.map((c) => c.label);
  const assign = plan.map((c) => c.term);
  return { x: x ?? new Float64Array(0), columns, n, p, names, assign: Int32Array.from(assign), intercept: spec.intercept };
}

/** {@link designMatrix} as a list of columns; plain numeric columns are the table's own arrays (do not write to them). */
export function designColumns(
  table: Table,
  spec: RhsSpec,
  rows: Int32Array,
  levels?: Readonly<Record<string, readonly string[]>>,
): { cols: Float64Array[]; n: number; p: number; names: string[]; assign: Int32Array; intercept: boolean } {
  const d = buildDesign(table, spec, rows, levels, false);
  return { cols: d.columns, n: d.n, p: d.p, names: d.names, assign: d.assign, intercept: d.intercept };
}

/**
 * {@link designColumns} with one treatment-coded factor of many levels left out of the columns and
 * returned as level codes (see `kernel/factor-block.ts`), or null when no term qualifies: the model has
 * an intercept, the term is a single factor of at least `minLevels` levels that appears in no other
 * term (so no interaction changes its coding). The factor with the most levels is chosen.
 */
export function designColumnsFactorBlock(
  table: Table,
  spec: RhsSpec,
  rows: Int32Array,
  levels: Readonly<Record<string, readonly string[]>> | undefined,
  minLevels: number,
): {
  cols: Float64Array[];
  n: number;
  p: number;
  names: string[];
  intercept: boolean;
  factorBlock: { codes: Int32Array; nLevels: number; start: number; names: string[] };
} | null {
  if (!spec.intercept) return null;
  let best: { term: number; coded: Extract<CodedVariable, { kind: "factor" }> } | null = null;
  spec.terms.forEach((term, ti) => {
    if (term.length !== 1) return;
    const v = term[0]!;
    if (spec.terms.some((t, tj) => tj !== ti && t.includes(v))) return;
    const col = getColumn(table, v, "variable");
    if (col instanceof Float64Array && table.types[v] !== "boolean") return;
    const coded = codeVariable(table, v, rows, levels && Object.prototype.hasOwnProperty.call(levels, v) ? levels[v] : undefined);
    if (coded.kind !== "factor" || coded.levels.length < minLevels) return;
    if (!best || coded.levels.length > best.coded.levels.length) best = { term: ti, coded };
  });
  if (!best) return null;
  const { term: ti, coded } = best as { term: number; coded: Extract<CodedVariable, { kind: "factor" }> };
  const reduced: RhsSpec = { terms: spec.terms.filter((_, j) => j !== ti), intercept: true };
  const d = buildDesign(table, reduced, rows, levels, false);
  // Reduced terms before the factor's keep their index (< ti): their columns, and the intercept, come first.
  let start = 0;
  for (let j = 0; j < d.p; j++) if (d.assign[j]! < ti) start++;
  const v = spec.terms[ti]![0]!;
  const dummyNames = coded.levels.slice(1).map((l) => v + l);
  const names = [...d.names.slice(0, start), ...dummyNames, ...d.names.slice(start)];
  return {
    cols: d.columns,
    n: d.n,
    p: d.p,
    names: d.names,
    intercept: true,
    factorBlock: { codes: coded.codes, nLevels: coded.levels.length, start, names },
  };
}

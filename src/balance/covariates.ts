/**
 * Covariate columns for balance checks: numeric covariates as they are,
 * categorical ones (text columns, or those named in `categorical`) expanded into
 * one 0/1 column per level (R's sorted level order); a missing value stays
 * missing (`NaN`) in every level's column.
 */
import type { Table } from "../data/table.js";
import { getColumn, numericColumn } from "../data/columns.js";
import { factorizeText } from "../internal/factor.js";
import type { DesignColumns } from "./regressions.js";

/** One balance row's variable: a numeric covariate or one level of a categorical one. */
export interface CovariateColumn {
  /** Column name in the data. */
  readonly covariate: string;
  /** Level, for a categorical covariate; null for a numeric one. */
  readonly level: string | null;
  /** Label shown in tables: `edad`, or `region: Itapúa`. */
  readonly term: string;
  /** Values, `NaN` where missing. */
  readonly values: Float64Array;
}

/** A covariate as it enters a regression: one column, or k − 1 level dummies. */
export interface CovariateBlock {
  readonly covariate: string;
  readonly categorical: boolean;
  /** Per-level columns (all levels, for the balance rows). */
  readonly columns: readonly CovariateColumn[];
  /** Missing indicator per row (1 = missing). */
  readonly missing: Uint8Array;
}

/**
 * Factor codes of a column (levels in R's sorted order, -1 for missing) without
 * copying it to labels first: numbers are coded through a number-keyed map and
 * named by their shortest decimal form, as `labelColumn` would name them; text is
 * sorted as text, as R's `factor()` sorts a character vector ("10" before "9").
 */
export function codeColumn(table: Table, name: string, role: string): { codes: Int32Array; levels: readonly string[] } {
  const col = getColumn(table, name, role);
  if (!(col instanceof Float64Array)) return factorizeText(col);
  const seen = new Set<number>();
  for (let i = 0; i < col.length; i++) {
    const v = col[i]!;
    if (v === v) seen.add(v);
  }
  const values = [...seen].sort((a, b) => a - b);
  const index = new Map<number, number>();
  values.forEach((v, k) => index.set(v, k));
  const codes = new Int32Array(col.length);
  for (let i = 0; i < col.length; i++) {
    const v = col[i]!;
    codes[i] = v === v ? index.get(v)! : -1;
  }
  return { codes, levels: values.map(String) };
}

/** A warning for each named column that had ±Infinity read as missing (`table.report.nonFinite`), once per name. */
export function infiniteWarnings(table: Table, names: readonly string[]): string[] {
  const counts = table.report.nonFinite;
  if (!counts) return [];
  const out: string[] = [];
  for (const name of new Set(names)) {
    const k = Object.prototype.hasOwnProperty.call(counts, name) ? counts[name]! : 0;
    if (k > 0) out.push(`'${name}': ${k} infinite value(s) (±Infinity) are counted as missing`);
  }
  return out;
}

/** Read and expand every covariate. */
export function expandCovariates(
  table: Table,
  covariates: readonly string[],
  categorical: ReadonlySet<string>,
): CovariateBlock[] {
  const out: CovariateBlock[] = [];
  for (const name of covariates) {
    const raw = getColumn(table, name, "covariate");
    const isCat = categorical.has(name) || !(raw instanceof Float64Array);
    const n = table.nRows;
    const missing = new Uint8Array(n);
    if (!isCat) {
      const values = numericColumn(table, name, "covariate");
      for (let i = 0; i < n; i++) if (Number.isNaN(values[i]!)) missing[i] = 1;
      out.push({ covariate: name, categorical: false, columns: [{ covariate: name, level: null, term: name, values }], missing });
      continue;
    }
    const f = codeColumn(table, name, "covariate");
    const codes = f.codes;
    const level = f.levels.map(() => new Float64Array(n));
    for (let i = 0; i < n; i++) {
      const c = codes[i]!;
      if (c < 0) {
        missing[i] = 1;
        for (let k = 0; k < level.length; k++) level[k]![i] = NaN;
      } else level[c]![i] = 1;
    }
    const columns: CovariateColumn[] = f.levels.map((lv, k) => ({ covariate: name, level: lv, term: `${name}: ${lv}`, values: level[k]! }));
    out.push({ covariate: name, categorical: true, columns, missing });
  }
  return out;
}

/** 1 for the rows where any of the covariates is missing (the listwise rule of the joint tests), covariate by covariate. */
export function anyMissing(blocks: readonly CovariateBlock[], n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (const b of blocks) {
    const m = b.missing;
    for (let i = 0; i < n; i++) out[i] |= m[i]!;
  }
  return out;
}

/** Regressors of the joint test: numeric covariates, and k − 1 dummies (first level present dropped) per categorical one. */
export function jointDesign(blocks: readonly CovariateBlock[], use: Uint8Array): DesignColumns {
  const columns: Float64Array[] = [];
  const names: string[] = [];
  for (const b of blocks) {
    if (!b.categorical) {
      columns.push(b.columns[0]!.values);
      names.push(b.covariate);
      continue;
    }
    let first = true;
    for (const col of b.columns) {
      let present = false;
      for (let i = 0; i < use.length && !present; i++) if (use[i] && col.values[i] === 1) present = true;
      if (!present) continue;
      if (first) {
        first = false;
        continue;
      }
      columns.push(col.values);
      names.push(col.term);
    }
  }
  return { columns, names };
}


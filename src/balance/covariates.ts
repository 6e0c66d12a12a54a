/**
 * Covariate columns for balance checks: numeric covariates as they are,
 * categorical ones (text columns, or those named in `categorical`) expanded into
 * one 0/1 column per level (R's sorted level order); a missing value stays
 * missing (`NaN`) in every level's column.
 */
import type { Table } from "../data/table.js";
import { getColumn, labelColumn, numericColumn } from "../data/columns.js";
import { factorize } from "../internal/factor.js";
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

/** Read and expand every covariate. */
export function expandCovariates(
  table: Table,
  covariates: readonly string[],
  categorical: ReadonlySet<string>,
  fn: string,
): CovariateBlock[] {
  const out: CovariateBlock[] = [];
  for (const name of covariates) {
    const raw = getColumn(table, name, fn, "covariate");
    const isCat = categorical.has(name) || !(raw instanceof Float64Array);
    const n = table.nRows;
    const missing = new Uint8Array(n);
    if (!isCat) {
      const values = numericColumn(table, name, fn, "covariate");
      for (let i = 0; i < n; i++) if (Number.isNaN(values[i]!)) missing[i] = 1;
      out.push({ covariate: name, categorical: false, columns: [{ covariate: name, level: null, term: name, values }], missing });
      continue;
    }
    const f = factorize(labelColumn(table, name, fn, "covariate"));
    const columns: CovariateColumn[] = f.levels.map((level, k) => {
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const c = f.codes[i]!;
        values[i] = c < 0 ? NaN : c === k ? 1 : 0;
      }
      return { covariate: name, level, term: `${name}: ${level}`, values };
    });
    for (let i = 0; i < n; i++) if (f.codes[i]! < 0) missing[i] = 1;
    out.push({ covariate: name, categorical: true, columns, missing });
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


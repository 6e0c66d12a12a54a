/**
 * The shared front half of the least-squares estimators (lmRobust, lmLin, ivRobust): their common
 * options, and from a table the complete rows, validated weights and clusters, fixed-effect codes and
 * the design, as an {@link LmFitInput} for the kernel.
 */
import * as z from "zod/mini";
import { EnsayoError } from "../errors.js";
import type { Table } from "../data/table.js";
import { getColumn, numericColumn } from "../data/columns.js";
import { nfcKey } from "../internal/nfc.js";
import { SE_TYPE_NAMES } from "../kernel/se-types.js";
import { completeRows, LevelsOptionSchema } from "./model-matrix.js";
import { infiniteWarnings, missingOnly } from "./infinite-values.js";
import { checkSeType, type FactorBlock, type LmFitInput } from "./linear-fit.js";
import type { SeType } from "./types.js";

/**
 * Options shared by the regression estimators (lmRobust, lmLin, ivRobust): one definition, so
 * their validation and defaults cannot drift apart. Internal; each function adds its own fields.
 */
export const LinearModelOptionsShape = {
  /** Variance estimator; default `"HC2"`, or `"CR2"` with `clusters`. */
  seType: z.optional(z.enum(SE_TYPE_NAMES)),
  /** Column holding cluster ids. */
  clusters: z.optional(z.string().check(z.minLength(1))),
  /** Column of non-negative weights. */
  weights: z.optional(z.string().check(z.minLength(1))),
  /** Size of the tests; confidence level is 1 − alpha. Default 0.05. */
  alpha: z._default(z.number().check(z.gt(0), z.lt(1)), 0.05),
  /** Rows with missing values: `"omit"` (default, listwise) or `"error"`. */
  na: z._default(z.enum(["omit", "error"]), "omit"),
  /** Level order per text column; the first level is the reference. */
  levels: z.optional(LevelsOptionSchema),
};

/** What {@link prepareFit} needs. */
export interface PrepareFitSpec {
  readonly outcome: string;
  readonly formula: string;
  /** Every variable the design uses (checked for missing values). */
  readonly variables: readonly string[];
  /** Build the design over the complete rows. */
  readonly build: (rows: Int32Array) => {
    x?: Float64Array;
    cols?: readonly Float64Array[];
    n: number;
    p: number;
    names: string[];
    intercept: boolean;
    factorBlock?: FactorBlock;
  };
  readonly weights?: string | undefined;
  readonly clusters?: string | undefined;
  readonly fixedEffects?: readonly string[];
  readonly seType?: SeType | undefined;
  readonly alpha: number;
  readonly na: "omit" | "error";
  /** Extra columns that must be complete (e.g. instruments). */
  readonly extraColumns?: readonly string[];
}

/**
 * Select the complete rows, validate weights and clusters, and build the design: the shared
 * front half of `lmRobust`, `lmLin` and other least-squares estimators.
 *
 * @throws EnsayoError as {@link lmRobust}.
 */
export function prepareFit(table: Table, s: PrepareFitSpec): LmFitInput {
  const warnings: string[] = [];
  const clustered = s.clusters !== undefined;
  const seType = checkSeType(s.seType, clustered);
  const fes = s.fixedEffects ?? [];
  const cols: { name: string; role: string }[] = [{ name: s.outcome, role: "outcome" }];
  for (const v of s.variables) cols.push({ name: v, role: "variable" });
  for (const v of s.extraColumns ?? []) cols.push({ name: v, role: "variable" });
  if (s.weights !== undefined) cols.push({ name: s.weights, role: "weights" });
  if (s.clusters !== undefined) cols.push({ name: s.clusters, role: "clusters" });
  for (const f of fes) cols.push({ name: f, role: "fixedEffects" });
  const yCol = numericColumn(table, s.outcome, "outcome");
  let { rows, dropped } = completeRows(table, cols, s.na);
  const ancillary = [s.weights, s.clusters, ...fes].filter((v): v is string => v !== undefined);
  warnings.push(...infiniteWarnings(dropped));
  const ancDropped = ancillary.filter((v) => missingOnly(dropped, v) > 0);
  if (ancDropped.length)
    warnings.push(`rows with missing ${ancDropped.map((v) => `'${v}'`).join(", ")} were dropped (${dropped.total} rows dropped in all)`);

  let weights: Float64Array | undefined;
  if (s.weights !== undefined) {
    const wCol = numericColumn(table, s.weights, "weights");
    let zeros = 0;
    for (let i = 0; i < rows.length; i++) {
      const w = wCol[rows[i]!]!;
      if (!(w >= 0) || !Number.isFinite(w))
        throw new EnsayoError("BAD_WEIGHTS", `\`weights\` column '${s.weights}' must be finite and non-negative, but row ${rows[i]! + 1} holds ${w}`, {
          column: s.weights,
          line: rows[i]! + 1,
          value: w,
          hint: "Fix or remove that row",
        });
      if (w === 0) zeros++;
    }
    if (zeros === rows.length)
      throw new EnsayoError("BAD_WEIGHTS", `every weight in '${s.weights}' is zero`, { column: s.weights, hint: "Give positive weights" });
    if (zeros > 0) {
      const kept = new Int32Array(rows.length - zeros);
      for (let i = 0, j = 0; i < rows.length; i++) if (wCol[rows[i]!] !== 0) kept[j++] = rows[i]!;
      rows = kept;
      warnings.push(
        `${zeros} row(s) with zero weight were left out; they count neither as observations, in the df, nor as clusters (estimatr 1.0.0 counts them)`,
      );
    }
    weights = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) weights[i] = wCol[rows[i]!]!;
  }
  const n = rows.length;
  if (n === 0) throw new EnsayoError("NOT_ESTIMABLE", `no complete rows to estimate from`, { hint: "Check the missing values in the columns used" });
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = yCol[rows[i]!]!;
  const dm = s.build(rows);

  let clusters: Int32Array | undefined;
  let nClusters: number | undefined;
  if (s.clusters !== undefined) {
    const f = codeLabels(table, s.clusters, rows, "clusters");
    clusters = f.codes;
    nClusters = f.nLevels;
    if (nClusters < 2)
      throw new EnsayoError("TOO_FEW_CLUSTERS", `\`clusters\` '${s.clusters}' has ${nClusters} cluster in the estimation rows; at least 2 are needed`, {
        column: s.clusters,
        hint: "Check the cluster column, or drop `clusters`",
      });
  }
  let fe: LmFitInput["fe"];
  if (fes.length) {
    const codes: Int32Array[] = [];
    const nLevels: number[] = [];
    for (const f of fes) {
      const c = codeLabels(table, f, rows, "fixedEffects");
      codes.push(c.codes);
      nLevels.push(c.nLevels);
    }
    if (fes.length > 1 && nLevels.some((l) => l === 1))
      throw new EnsayoError("INVALID_OPTION", `a fixed effect with one level cannot be combined with other fixed effects`, {
        hint: "Remove the constant fixed-effect column",
      });
    fe = { names: [...fes], codes, nLevels };
    if (weights !== undefined && seType === "CR2")
      throw new EnsayoError("INVALID_OPTION", `\`fixedEffects\` with \`weights\` and \`seType\` "CR2" is not supported (as in estimatr 1.0.0)`, {
        hint: 'Use seType "stata" or "CR0", or drop the fixed effects and add the factor to the formula',
      });
  }
  return {
    outcome: s.outcome,
    formula: s.formula,
    y,
    ...(dm.cols ? { x: new Float64Array(0), cols: dm.cols } : { x: dm.x! }),
    ...(dm.factorBlock ? { factorBlock: dm.factorBlock } : {}),
    n,
    p: dm.p,
    names: dm.names,
    intercept: dm.intercept,
    ...(weights ? { weights } : {}),
    ...(clusters ? { clusters, nClusters: nClusters! } : {}),
    ...(fe ? { fe } : {}),
    seType,
    alpha: s.alpha,
    dropped,
    warnings,
    rowIds: rows,
  };
}

function codeLabels(table: Table, name: string, rows: Int32Array, role: string): { codes: Int32Array; nLevels: number } {
  const col = getColumn(table, name, role);
  const map = new Map<string | number, number>(); // each distinct spelling → its first-seen index
  const codes = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const raw = col[rows[i]!]!;
    let c = map.get(raw);
    if (c === undefined) {
      c = map.size;
      map.set(raw, c);
    }
    codes[i] = c;
  }
  // One cluster or fixed-effect level per NFC spelling (normalized per distinct spelling, not per row),
  // renumbered in sorted order (R's factor order) so cluster order is deterministic.
  const keys = [...map.keys()].map((k) => (typeof k === "string" ? nfcKey(k) : k));
  const sorted = [...new Set(keys)].sort((a, b) => (typeof a === "number" && typeof b === "number" ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
  const position = new Map(sorted.map((k, i) => [k, i]));
  const remap = Int32Array.from(keys, (k) => position.get(k)!);
  for (let i = 0; i < codes.length; i++) codes[i] = remap[codes[i]!]!;
  return { codes, nLevels: sorted.length };
}


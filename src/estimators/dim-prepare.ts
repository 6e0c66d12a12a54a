/**
 * Shared input handling for the design-based estimators (`differenceInMeans`,
 * `horvitzThompson`): read the columns once, drop incomplete rows listwise
 * (counted per column), pick the two conditions as estimatr's `parse_conditions`
 * does, and code blocks and clusters as integers. Internal.
 */
import { EnsayoError, showValue } from "../errors.js";
import { getColumn, numericColumn } from "../data/columns.js";
import type { Table } from "../data/table.js";
import { factorizeText } from "../internal/factor.js";
import type { DroppedRows } from "./types.js";
import { infiniteCounts, infiniteNote, withInfinite } from "./infinite-values.js";

/** A condition value as the user may give it (numbers are matched through their decimal form). */
export type ConditionValue = string | number | boolean;

/** Columns named by the caller. */
export interface DesignColumns {
  readonly outcome: string;
  readonly treatment: string;
  readonly blocks?: string | undefined;
  readonly clusters?: string | undefined;
  readonly weights?: string | undefined;
  /** Extra numeric columns that must be complete (e.g. condition probabilities). */
  readonly extraNumeric?: readonly string[] | undefined;
  /** Names to report for internal columns (in `dropped` and messages). */
  readonly displayNames?: Readonly<Record<string, string>> | undefined;
}

/** The analysis sample: only rows in control or treated, complete in every used column. */
export interface DesignSample {
  /** Outcome of each kept row. */
  readonly y: Float64Array;
  /** 1 for treated ("treated"), 0 for control. */
  readonly arm: Uint8Array;
  /** Block code per row (0..nBlocks-1) or null. */
  readonly block: Int32Array | null;
  readonly blockLevels: readonly string[];
  /** Cluster code per row (0..nClusters-1) or null. */
  readonly cluster: Int32Array | null;
  readonly clusterLevels: readonly string[];
  /** Weight per row, or null. */
  readonly weights: Float64Array | null;
  /** Extra numeric columns, by name, restricted to kept rows. */
  readonly extra: Readonly<Record<string, Float64Array>>;
  /** Index of each kept row in the input table. */
  readonly rowIndex: Int32Array;
  readonly control: string;
  readonly treated: string;
  /** Every condition present in the complete rows, in R's sorted order. */
  readonly conditions: readonly string[];
  /** Number of complete rows (in any condition) before restricting to the two conditions. */
  readonly nComplete: number;
  /** Complete rows per block (codes of `block`) over every condition; null without blocks or unless asked. */
  readonly blockCountsAll: Float64Array | null;
  readonly dropped: DroppedRows;
}

type Labels = Float64Array | (string | null)[];

/** A block or cluster column as stored: numbers stay numbers (coded without making strings). */
function rawLabels(table: Table, name: string, role: string): Labels {
  return getColumn(table, name, role);
}

function isMissingLabel(col: Labels, i: number): boolean {
  return col instanceof Float64Array ? Number.isNaN(col[i]!) : col[i] === null;
}

function emptyLike(col: Labels, m: number): Labels {
  return col instanceof Float64Array ? new Float64Array(m) : new Array<string | null>(m);
}

/** Integer codes in R's sorted level order: text as text ("10" before "9"), numbers by value. */
function codeLabels(col: Labels): { codes: Int32Array; levels: readonly string[] } {
  if (!(col instanceof Float64Array)) return factorizeText(col);
  const n = col.length;
  // Fast path: small non-negative whole numbers (ids such as 1..B) index an array directly.
  let max = -1;
  let small = true;
  for (let i = 0; i < n; i++) {
    const v = col[i]!;
    if (Number.isNaN(v)) continue;
    if (!(v >= 0 && v < 1 << 24 && Math.floor(v) === v) || Object.is(v, -0)) {
      small = false;
      break;
    }
    if (v > max) max = v;
  }
  if (small) {
    const rank = new Int32Array(max + 1).fill(-1);
    for (let i = 0; i < n; i++) {
      const v = col[i]!;
      if (!Number.isNaN(v)) rank[v] = 0;
    }
    const levels: string[] = [];
    for (let v = 0; v <= max; v++) if (rank[v] === 0) rank[v] = levels.push(String(v)) - 1;
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const v = col[i]!;
      codes[i] = Number.isNaN(v) ? -1 : rank[v]!;
    }
    return { codes, levels };
  }
  const index = new Map<number, number>();
  const firstCodes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = col[i]!;
    if (Number.isNaN(v)) {
      firstCodes[i] = -1;
      continue;
    }
    let k = index.get(v);
    if (k === undefined) {
      k = index.size;
      index.set(v, k);
    }
    firstCodes[i] = k;
  }
  const values = [...index.keys()].sort((a, b) => a - b);
  const remap = new Int32Array(values.length);
  values.forEach((v, r) => (remap[index.get(v)!] = r));
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) codes[i] = firstCodes[i]! < 0 ? -1 : remap[firstCodes[i]!]!;
  return { codes, levels: values.map((v) => String(v)) };
}

/** Turn a user's condition value into the label form used by `labelColumn`. */
export function conditionLabel(v: ConditionValue): string {
  if (typeof v === "boolean") return v ? "1" : "0";
  return String(v);
}

/**
 * Read and clean the design columns of `table`.
 *
 * @param allowOneArm - Horvitz–Thompson accepts data in a single condition (as estimatr).
 */
export function prepareDesign(
  table: Table,
  cols: DesignColumns,
  opts: {
    na: "omit" | "error";
    control?: ConditionValue | undefined;
    treated?: ConditionValue | undefined;
    allowOneArm?: boolean;
    /** Also count complete rows per block over every condition (`blockCountsAll`). */
    countAllBlocks?: boolean;
  },
): DesignSample {
  const n = table.nRows;
  const y = numericColumn(table, cols.outcome, "outcome");
  const tRaw = rawLabels(table, cols.treatment, "treatment");
  const tf = codeLabels(tRaw);
  const tc = tf.codes;
  const b = cols.blocks !== undefined ? rawLabels(table, cols.blocks, "blocks") : null;
  const c = cols.clusters !== undefined ? rawLabels(table, cols.clusters, "clusters") : null;
  const w = cols.weights !== undefined ? numericColumn(table, cols.weights, "weights") : null;
  const extraNames = cols.extraNumeric ?? [];
  const extraCols = extraNames.map((name) => numericColumn(table, name, name));

  const byColumn: Record<string, number> = Object.create(null) as Record<string, number>;
  const keep = new Uint8Array(n);
  let nKeep = 0;
  const count = (internal: string) => {
    // Own members only: a column called `constructor` or `__proto__` must not read Object.prototype.
    const dn = cols.displayNames;
    const name = dn && Object.prototype.hasOwnProperty.call(dn, internal) ? dn[internal]! : internal;
    byColumn[name] = (byColumn[name] ?? 0) + 1;
  };
  for (let i = 0; i < n; i++) {
    let ok = true;
    if (Number.isNaN(y[i]!)) {
      ok = false;
      count(cols.outcome);
    }
    if (tc[i] === -1) {
      ok = false;
      count(cols.treatment);
    }
    if (b && isMissingLabel(b, i)) {
      ok = false;
      count(cols.blocks!);
    }
    if (c && isMissingLabel(c, i)) {
      ok = false;
      count(cols.clusters!);
    }
    if (w && Number.isNaN(w[i]!)) {
      ok = false;
      count(cols.weights!);
    }
    for (let k = 0; k < extraCols.length; k++) {
      if (Number.isNaN(extraCols[k]![i]!)) {
        ok = false;
        count(extraNames[k]!);
      }
    }
    if (ok) {
      keep[i] = 1;
      nKeep++;
    }
  }
  if (nKeep < n && opts.na === "error") {
    const first = Object.keys(byColumn)[0]!;
    let row = 0;
    while (keep[row]) row++;
    throw new EnsayoError("MISSING_VALUE", `column '${first}' has a missing value in row ${row + 1} and \`na\` is "error"${infiniteNote(table, first)}`, {
      column: first,
      line: row + 1,
      issues: Object.entries(byColumn).map(([column, count]) => ({ column, count })),
      hint: 'Fill in or remove the incomplete rows, or use `na: "omit"` to drop them listwise',
    });
  }

  // Conditions present among complete rows, in R's sorted order.
  const presentCode = new Uint8Array(tf.levels.length);
  for (let i = 0; i < n; i++) if (keep[i]) presentCode[tc[i]!] = 1;
  const conditions = tf.levels.filter((_, k) => presentCode[k]);
  const [control, treated] = chooseConditions(conditions, opts.control, opts.treated, cols.treatment, opts.allowOneArm ?? false);
  const code1 = tf.levels.indexOf(control);
  const code2 = tf.levels.indexOf(treated);

  let m = 0;
  for (let i = 0; i < n; i++) if (keep[i] && (tc[i] === code1 || tc[i] === code2)) m++;
  const rowIndex = new Int32Array(m);
  const yy = new Float64Array(m);
  const arm = new Uint8Array(m);
  const bl = b ? emptyLike(b, m) : null;
  const cl = c ? emptyLike(c, m) : null;
  const ww = w ? new Float64Array(m) : null;
  const extraOut = extraCols.map(() => new Float64Array(m));
  let j = 0;
  for (let i = 0; i < n; i++) {
    if (!keep[i] || !(tc[i] === code1 || tc[i] === code2)) continue;
    rowIndex[j] = i;
    yy[j] = y[i]!;
    arm[j] = tc[i] === code2 ? 1 : 0;
    if (bl) bl[j] = b![i]!;
    if (cl) cl[j] = c![i]!;
    if (ww) ww[j] = w![i]!;
    for (let k = 0; k < extraCols.length; k++) extraOut[k]![j] = extraCols[k]![i]!;
    j++;
  }
  const bf = bl ? codeLabels(bl) : null;
  const cf = cl ? codeLabels(cl) : null;
  // Complete rows per block over every condition (for estimators that divide by all units).
  let blockCountsAll: Float64Array | null = null;
  if (b && bf && opts.countAllBlocks) {
    const full = codeLabels(b);
    const toSub = new Int32Array(full.levels.length).fill(-1);
    const subIndex = new Map<string, number>();
    bf.levels.forEach((l, k) => subIndex.set(l, k));
    full.levels.forEach((l, k) => (toSub[k] = subIndex.get(l) ?? -1));
    blockCountsAll = new Float64Array(bf.levels.length);
    for (let i = 0; i < n; i++) {
      if (!keep[i]) continue;
      const k = toSub[full.codes[i]!]!;
      if (k >= 0) blockCountsAll[k]++;
    }
  }
  const extra: Record<string, Float64Array> = Object.create(null) as Record<string, Float64Array>;
  extraNames.forEach((name, k) => (extra[name] = extraOut[k]!));
  return {
    y: yy,
    arm,
    block: bf ? bf.codes : null,
    blockLevels: bf ? bf.levels : [],
    cluster: cf ? cf.codes : null,
    clusterLevels: cf ? cf.levels : [],
    weights: ww,
    extra,
    rowIndex,
    control,
    treated,
    conditions,
    nComplete: nKeep,
    blockCountsAll,
    dropped: withInfinite({ total: n - nKeep, byColumn }, infiniteCounts(table, [cols.outcome, cols.treatment, cols.blocks, cols.clusters, cols.weights, ...extraNames])),
  };
}

/**
 * estimatr's `parse_conditions`: with two conditions the defaults are the sorted
 * pair; with more, both must be named; a named condition must be present.
 */
function chooseConditions(
  conditions: readonly string[],
  c1In: ConditionValue | undefined,
  c2In: ConditionValue | undefined,
  treatment: string,
  allowOneArm: boolean,
): [string, string] {
  const c1 = c1In === undefined ? undefined : conditionLabel(c1In);
  const c2 = c2In === undefined ? undefined : conditionLabel(c2In);
  for (const [name, v] of [["control", c1], ["treated", c2]] as const) {
    if (v !== undefined && !conditions.includes(v)) {
      throw new EnsayoError(
        "CONDITION_NOT_FOUND",
        `\`${name}\` must be a value of the treatment column '${treatment}'; got ${showValue(v)}`,
        { column: treatment, value: v, hint: `The values present are: ${conditions.map((x) => `'${x}'`).join(", ")}` },
      );
    }
  }
  if (c1 !== undefined && c1 === c2) {
    throw new EnsayoError("INVALID_OPTION", `\`control\` and \`treated\` must differ; both are ${showValue(c1)}`, {
      value: c1,
    });
  }
  if (conditions.length === 0) {
    throw new EnsayoError("NOT_ESTIMABLE", `no complete rows to estimate from`, {
      hint: "Check that the outcome and treatment columns have values",
    });
  }
  if (conditions.length === 1) {
    if (!allowOneArm) {
      throw new EnsayoError(
        "ONE_ARM",
        `treatment '${treatment}' takes a single value (${showValue(conditions[0])}); a difference needs two arms`,
        { column: treatment, value: conditions[0], hint: "Check that the data hold both treated and control units" },
      );
    }
    const only = conditions[0]!;
    if (c2 !== undefined) return [c1 ?? `${only}\u0000none`, c2];
    if (c1 !== undefined) return [c1, `${only}\u0000none`];
    return [`${only}\u0000none`, only];
  }
  if (conditions.length > 2) {
    if (c1 === undefined || c2 === undefined) {
      throw new EnsayoError(
        "INVALID_OPTION",
        `treatment '${treatment}' has ${conditions.length} values; name the comparison with \`control\` and \`treated\``,
        { column: treatment, hint: `The values present are: ${conditions.map((x) => `'${x}'`).join(", ")}` },
      );
    }
    return [c1, c2];
  }
  const [a, b] = conditions as [string, string];
  if (c1 === undefined && c2 === undefined) return [a, b];
  if (c1 === undefined) return [c2 === a ? b : a, c2!];
  if (c2 === undefined) return [c1, c1 === a ? b : a];
  return [c1, c2];
}

/**
 * The coefficient label estimatr gives a difference: the treatment name, with
 * `treated` appended unless the comparison is 1 versus 0.
 */
export function differenceTerm(treatment: string, control: string, treated: string): string {
  const isZeroOne = Number(treated) === 1 && Number(control) === 0 && control.trim() !== "" && treated.trim() !== "";
  return isZeroOne ? treatment : `${treatment}${treated}`;
}

/**
 * The units a balance table uses and the arms it compares: rows missing the treatment, block or
 * cluster are left out (counted), the control arm is found, and each arm is set against it.
 * Internal to the balance layer (balanceTable, attritionReport).
 */
import type { Table } from "../data/table.js";
import { EnsayoError, showValue } from "../errors.js";
import { codeColumn } from "./covariates.js";

/** Codes of a column (−1 for missing) and its levels. */
export interface Coded {
  readonly codes: Int32Array;
  readonly levels: readonly string[];
}

/** The columns a balance table names, as given in its options. */
export interface SampleColumns {
  readonly treatment: string;
  readonly blocks?: string | undefined;
  readonly clusters?: string | undefined;
  readonly control?: string | number | undefined;
}

/** The units used and the arms compared. */
export interface BalanceSample {
  /** 1 for a unit with treatment, block and cluster present. */
  readonly base: Uint8Array;
  readonly nDropped: number;
  /** Arms coded among the units used (levels absent from them removed). */
  readonly armFactor: Coded;
  readonly blockCodes: Coded | null;
  readonly clusterFactor: Coded | null;
  readonly control: string;
  readonly controlCode: number;
  /** The control first, then every other arm in R's sorted order. */
  readonly arms: readonly string[];
  readonly warnings: string[];
}

/**
 * Code the treatment, blocks and clusters, leave out rows missing any of them, and find the control.
 *
 * @throws EnsayoError `NOT_ESTIMABLE` (no usable unit), `TOO_FEW_CLUSTERS`, `ONE_ARM`, `CONDITION_NOT_FOUND`.
 */
export function balanceSample(table: Table, cols: SampleColumns): BalanceSample {
  const n = table.nRows;
  const warnings: string[] = [];
  const armCoded = codeColumn(table, cols.treatment, "treatment");
  const blockCodes = cols.blocks ? codeColumn(table, cols.blocks, "blocks") : null;
  const clusterFactor = cols.clusters ? codeColumn(table, cols.clusters, "clusters") : null;
  const base = new Uint8Array(n);
  let nDropped = 0;
  for (let i = 0; i < n; i++) {
    const ok = armCoded.codes[i]! >= 0 && (!blockCodes || blockCodes.codes[i]! >= 0) && (!clusterFactor || clusterFactor.codes[i]! >= 0);
    base[i] = ok ? 1 : 0;
    if (!ok) nDropped++;
  }
  if (nDropped > 0) {
    warnings.push(`${nDropped} unit(s) left out because treatment${cols.blocks ? ", block" : ""}${cols.clusters ? ", cluster" : ""} is missing`);
  }
  if (n - nDropped === 0) {
    throw new EnsayoError("NOT_ESTIMABLE", `no unit has ${n === 0 ? "any data (0 rows)" : `a treatment${cols.blocks ? ", block" : ""}${cols.clusters ? " and cluster" : ""} value (${n} rows, all missing)`}`, {
      column: cols.treatment,
      hint: "Check that the data hold the units and that the treatment column is filled in",
    });
  }
  if (clusterFactor && countPresent(clusterFactor.codes, base, clusterFactor.levels.length) < 2) {
    throw new EnsayoError("TOO_FEW_CLUSTERS", `\`clusters\` '${cols.clusters}' has a single cluster among the units used; cluster-robust standard errors need at least 2`, {
      column: cols.clusters,
      hint: "Check the cluster column, or leave `clusters` out",
    });
  }
  const armFactor = keepPresent(armCoded, base);
  const levels = armFactor.levels;
  if (levels.length < 2) {
    throw new EnsayoError("ONE_ARM", `treatment '${cols.treatment}' takes a single value (${showValue(levels[0] ?? null)}); a balance table compares at least two arms`, {
      column: cols.treatment,
    });
  }
  const control = cols.control === undefined ? levels[0]! : String(cols.control);
  const controlCode = levels.indexOf(control);
  if (controlCode < 0) {
    throw new EnsayoError("CONDITION_NOT_FOUND", `\`control\` ${showValue(cols.control)} is not a value of treatment '${cols.treatment}'`, {
      column: cols.treatment,
      value: cols.control,
      hint: `The values are: ${levels.join(", ")}`,
    });
  }
  const arms = [control, ...levels.filter((l) => l !== control)];
  return { base, nDropped, armFactor, blockCodes, clusterFactor, control, controlCode, arms, warnings };
}

/** One arm set against the control, on the units used. */
export interface ArmComparison {
  readonly arm: string;
  /** 1 for a unit of the arm or the control. */
  readonly pair: Uint8Array;
  /** 1 for a unit of the arm. */
  readonly t: Uint8Array;
  /** 1 arm, 0 control, −1 not in this comparison. */
  readonly armVec: Int8Array;
  readonly nArm: number;
  readonly nControl: number;
}

/**
 * The indicator vectors of one arm against the control.
 *
 * @throws EnsayoError `NOT_ESTIMABLE` when either arm has fewer than 2 units.
 */
export function armComparison(sample: BalanceSample, arm: string, treatment: string): ArmComparison {
  const { base, armFactor, controlCode } = sample;
  const n = base.length;
  const armCode = armFactor.levels.indexOf(arm);
  const pair = new Uint8Array(n);
  const t = new Uint8Array(n);
  const armVec = new Int8Array(n).fill(-1);
  let nArm = 0;
  let nControl = 0;
  for (let i = 0; i < n; i++) {
    if (!base[i]) continue;
    const c = armFactor.codes[i]!;
    if (c === armCode) {
      pair[i] = 1;
      t[i] = 1;
      armVec[i] = 1;
      nArm++;
    } else if (c === controlCode) {
      pair[i] = 1;
      armVec[i] = 0;
      nControl++;
    }
  }
  if (nArm < 2 || nControl < 2) {
    throw new EnsayoError("NOT_ESTIMABLE", `arm '${nArm < 2 ? arm : sample.control}' has ${Math.min(nArm, nControl)} unit(s); each arm needs at least 2`, {
      column: treatment,
    });
  }
  return { arm, pair, t, armVec, nArm, nControl };
}

/** How many distinct codes appear among the rows in `use`. */
export function countPresent(codes: Int32Array, use: Uint8Array, nCodes: number): number {
  const seen = new Uint8Array(nCodes);
  let k = 0;
  for (let i = 0; i < codes.length; i++) {
    if (use[i] && !seen[codes[i]!]) {
      seen[codes[i]!] = 1;
      k++;
    }
  }
  return k;
}

/** Codes restricted to the rows in `base`, with levels absent from them removed. */
function keepPresent(f: Coded, base: Uint8Array): Coded {
  const count = new Int32Array(f.levels.length);
  for (let i = 0; i < f.codes.length; i++) if (base[i] && f.codes[i]! >= 0) count[f.codes[i]!]++;
  const remap = new Int32Array(f.levels.length).fill(-1);
  const levels: string[] = [];
  f.levels.forEach((l, k) => {
    if (count[k]! > 0) {
      remap[k] = levels.length;
      levels.push(l);
    }
  });
  const codes = new Int32Array(f.codes.length);
  for (let i = 0; i < codes.length; i++) codes[i] = base[i] && f.codes[i]! >= 0 ? remap[f.codes[i]!]! : -1;
  return { codes, levels };
}

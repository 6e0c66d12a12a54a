/**
 * The assignment receipt: a JSON record that lets anyone re-run an assignment
 * and check it (`verifyAssignment`).
 */
import type { DesignType } from "../design/protocol.js";
import { VERSION } from "../version.js";
import { sha256 } from "../internal/sha256.js";
import type { Seed } from "../internal/rng.js";
import type { AmountKey, Condition } from "./amounts.js";
import type { BalanceCriterion } from "./rerandomize.js";
import type { ResolvedUnits } from "./units.js";

/** The design type, as randomizr names it. */
export type RaType = DesignType;

/** A JSON-serializable record of an assignment: enough to re-run it and check it. */
export interface AssignmentReceipt {
  readonly kind: "assignment_receipt";
  readonly library: "ensayo";
  /** ensayo version that drew the assignment. */
  readonly version: string;
  readonly design: {
    readonly type: RaType;
    readonly conditions: readonly Condition[];
    /** The amount option used and its value, e.g. `{ prob: 0.5 }`; `{}` for the default. */
    readonly amounts: Readonly<Partial<Record<AmountKey, unknown>>>;
    readonly simple: boolean;
    readonly balanceAcrossBlocks: boolean;
    /** Column names, when the units came from `data` (`ids`: the `id` option's column; the field keeps its name so older receipts verify). */
    readonly columns: { readonly ids?: string; readonly blocks?: string; readonly clusters?: string };
    readonly rerandomize: null | {
      readonly covariates: readonly string[];
      readonly criterion: BalanceCriterion;
      readonly threshold: number;
      readonly maxDraws: number;
      /** SHA-256 of the covariate values in canonical unit order. */
      readonly covariatesSha256: string;
    };
  };
  readonly rng: { readonly algorithm: "seedrandom-arc4"; readonly seed: Seed };
  readonly units: {
    readonly n: number;
    readonly nBlocks: number | null;
    readonly nClusters: number | null;
    /** Units are hashed in canonical order: sorted by id when ids are given, else input order. */
    readonly order: "id" | "input";
    readonly idsSha256: string | null;
    readonly blocksSha256: string | null;
    readonly clustersSha256: string | null;
  };
  readonly counts: {
    readonly byArm: Readonly<Record<string, number>>;
    readonly byBlock: Readonly<Record<string, Readonly<Record<string, number>>>> | null;
  };
  readonly rerandomization: null | { readonly criterion: BalanceCriterion; readonly value: number; readonly draws: number };
  /** SHA-256 of the assigned conditions (with ids when given) in canonical unit order. */
  readonly resultSha256: string;
}

/** Hash of a per-unit label array in canonical unit order. */
export function hashLabels(labels: readonly (string | number)[] | null, units: ResolvedUnits): string | null {
  if (!labels) return null;
  return sha256(JSON.stringify(canonical(labels, units)));
}

function canonical<T>(values: ArrayLike<T>, units: ResolvedUnits): T[] {
  const n = units.n;
  const out = new Array<T>(n);
  const ord = units.unitOrder;
  for (let s = 0; s < n; s++) out[s] = values[ord ? ord[s]! : s]!;
  return out;
}

/** Hash of the result: `[[id, condition], …]` with ids, else `[condition, …]`, in canonical unit order. */
export function hashResult(arm: Int32Array, conditions: readonly Condition[], units: ResolvedUnits): string {
  const n = units.n;
  const ord = units.unitOrder;
  const rows = new Array<unknown>(n);
  for (let s = 0; s < n; s++) {
    const i = ord ? ord[s]! : s;
    rows[s] = units.ids ? [units.ids[i], conditions[arm[i]!]] : conditions[arm[i]!];
  }
  return sha256(JSON.stringify(rows));
}

/** Hash of covariate values in canonical unit order. */
export function hashCovariates(names: readonly string[], columns: readonly Float64Array[], units: ResolvedUnits): string {
  return sha256(JSON.stringify(names.map((name, c) => [name, canonical(Array.from(columns[c]!), units)])));
}

/** Counts by arm and by block × arm, keyed by labels. */
export function countTables(arm: Int32Array, conditions: readonly Condition[], units: ResolvedUnits): AssignmentReceipt["counts"] {
  const k = conditions.length;
  // null-prototype records: a block or condition labelled "__proto__" is an ordinary key, not the prototype
  const byArm: Record<string, number> = Object.create(null);
  const total = new Array<number>(k).fill(0);
  for (let i = 0; i < arm.length; i++) total[arm[i]!]++;
  conditions.forEach((c, j) => (byArm[String(c)] = total[j]!));
  if (!units.blocks) return { byArm, byBlock: null };
  const B = units.blockLevels.length;
  const bc = new Int32Array(B * k);
  // blocks of units: recover from the draw structure
  const drawOf = units.drawOfUnit;
  for (let i = 0; i < arm.length; i++) {
    const b = units.blockOfDraw[drawOf ? drawOf[i]! : i]!;
    bc[b * k + arm[i]!]++;
  }
  const byBlock: Record<string, Record<string, number>> = Object.create(null);
  units.blockLevels.forEach((level, b) => {
    const row: Record<string, number> = Object.create(null);
    conditions.forEach((c, j) => (row[String(c)] = bc[b * k + j]!));
    byBlock[level] = row;
  });
  return { byArm, byBlock };
}

export { VERSION };

/**
 * `verifyAssignment`: re-run an assignment from its receipt and the units, and say exactly what differs.
 */
import { EnsayoError, showValue } from "../errors.js";
import { named } from "../internal/boundary.js";
import { toTable, isTable, type DataInput, type Table } from "../data/table.js";
import { labelColumn } from "../data/columns.js";
import { VERSION } from "../version.js";
import { parseOptions } from "../internal/options.js";
import { declareRaCore, RaOptionsSchema, type Assignment, type RaOptions } from "./declare-ra.js";
import type { AssignmentReceipt } from "./receipt.js";
import { checkReceiptShape, compareReceiptFields } from "./receipt-check.js";
import type { UnitField } from "./units.js";
import { withDisplay } from "../report/result-proto.js";
import { suggestKey } from "../internal/options.js";

/** The units to check a receipt against. Fields left out are read from `data` with the receipt's column names. */
export interface VerifyAssignmentInput {
  readonly data?: DataInput;
  readonly n?: number;
  /** Unit ids: labels, or the id column's name in `data` (the receipt's `design.columns.ids`). */
  readonly id?: UnitField;
  readonly blocks?: UnitField;
  readonly clusters?: UnitField;
  /** Covariates for re-randomized designs, when not columns of `data`. */
  readonly covariates?: Readonly<Record<string, ArrayLike<number>>>;
  /** The published assignment to check unit by unit: a column name of `data` or one condition per unit. */
  readonly assigned?: string | readonly (string | number | null)[];
}

/** One difference between the receipt and the re-run. */
export interface VerifyDifference {
  readonly what:
    | "version" | "design" | "n" | "ids" | "blocks" | "clusters" | "covariates" | "counts" | "result" | "assigned"
    | "library" | "rng" | "units" | "rerandomization" | "receipt";
  readonly message: string;
  /** The receipt field that differs (dotted path), for differences found field by field. */
  readonly field?: string;
  readonly expected?: unknown;
  readonly actual?: unknown;
}

/** The outcome of `verifyAssignment`. */
export interface AssignmentVerification {
  readonly kind: "verifyAssignment";
  /** True when the units and the result match the receipt (a different library version alone does not make it false). */
  readonly ok: boolean;
  readonly differences: readonly VerifyDifference[];
  /** The re-run assignment, when the design could be declared. */
  readonly assignment: Assignment | null;
}

const RNG_ALGORITHM = "seedrandom-arc4";
const INPUT_KEYS = ["data", "n", "id", "blocks", "clusters", "covariates", "assigned"];

/** `units` as `{ data, … }`: a Table or an array of rows is the data itself; anything else must be that object. */
function unitsInput(units: unknown): VerifyAssignmentInput {
  if (isTable(units) || Array.isArray(units)) return { data: units as DataInput };
  if (units === null || typeof units !== "object") {
    throw new EnsayoError("INVALID_OPTION", `\`units\` must be the data (a Table or rows) or \`{ data, id, blocks, clusters, covariates, assigned }\`; got ${showValue(units)}`, {
      hint: "Pass the units the assignment was drawn from, e.g. verifyAssignment(receipt, { data: rows })",
    });
  }
  const unknown = Object.keys(units).filter((k) => !INPUT_KEYS.includes(k));
  if (unknown.length > 0) {
    const guess = suggestKey(unknown[0]!, INPUT_KEYS); // `ids` → `id` (the former name)
    throw new EnsayoError("INVALID_OPTION", `\`units\` has unknown field(s) ${unknown.map((k) => `'${k}'`).join(", ")}; it takes data, n, id, blocks, clusters, covariates and assigned`, {
      value: unknown[0],
      hint: guess !== undefined ? `Did you mean \`${guess}\`?` : "An object of columns goes in `data`: verifyAssignment(receipt, { data: columns })",
    });
  }
  return units as VerifyAssignmentInput;
}

/**
 * Re-run the assignment recorded in `receipt` on the given units and compare every field the receipt
 * states: number of units, SHA-256 of the ids, blocks, clusters and covariates, counts, the SHA-256 of
 * the result, the design type, `nBlocks`, `nClusters`, unit order, RNG algorithm, library, the
 * re-randomization record, and no field ensayo does not write; with `assigned`, also every unit's
 * published condition. Not certified: `version` (reported when it differs, without failing) and
 * `design.columns` (where the units were read from; the unit hashes certify what they are).
 *
 * A receipt that does not match gives `ok: false` and the list of differences; it never throws for that.
 *
 * @param units - `{ data, id?, blocks?, clusters?, covariates?, assigned? }`, or just the data (a `Table` or
 *   rows), read with the column names recorded in the receipt.
 *
 * @throws EnsayoError `INVALID_OPTION` when `receipt` is not an assignment receipt or lacks a field (or a
 *   field has the wrong type), or when `units` is not the data or `{ data, … }` (unknown fields included).
 * @example
 * ```ts
 * const units = { id: ["a", "b", "c", "d", "e", "f"], region: ["N", "N", "N", "S", "S", "S"] };
 * const a = blockRa({ data: units, id: "id", blocks: "region", seed: 20261129 });
 * verifyAssignment(a.receipt, { data: units }).ok; // true
 * verifyAssignment(a.receipt, { data: { ...units, region: ["N", "N", "S", "S", "S", "S"] } }).ok; // false
 * ```
 */
export function verifyAssignment(receipt: AssignmentReceipt, units: VerifyAssignmentInput | Table | readonly Readonly<Record<string, unknown>>[]): AssignmentVerification {
  return named("verifyAssignment", () => verifyCore(receipt, units));
}

/** {@link verifyAssignment} without the function name on its errors (`assertAssignment`, `designFromReceipt` run it under theirs). */
export function verifyCore(receipt: AssignmentReceipt, units: VerifyAssignmentInput | Table | readonly Readonly<Record<string, unknown>>[]): AssignmentVerification {
  checkReceiptShape(receipt);
  const input = unitsInput(units);
  const differences: VerifyDifference[] = [];
  if (receipt.version !== VERSION) {
    differences.push({ what: "version", expected: receipt.version, actual: VERSION,
      message: `the receipt was written by ensayo ${receipt.version}; this is ${VERSION} (drawing procedures are pinned by golden tests, so the result should still agree)` });
  }
  const opts = rerunOptions(receipt, input, differences);
  if (differences.some((x) => x.what !== "version")) {
    staticChecks(receipt, differences);
    return withDisplay({ kind: "verifyAssignment", ok: false, differences, assignment: null });
  }

  let assignment: Assignment;
  try {
    assignment = declareRaCore(parseOptions(RaOptionsSchema, opts, "declareRa"), opts as RaOptions).conduct(receipt.rng.seed);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    differences.push({ what: "design", message: `the design cannot be re-run on these units: ${message}` });
    staticChecks(receipt, differences);
    return withDisplay({ kind: "verifyAssignment", ok: false, differences, assignment: null });
  }
  compareRerun(receipt, assignment.receipt, differences);
  if (input.assigned !== undefined) compareAssigned(input.assigned, input.data, assignment, differences);
  return withDisplay({ kind: "verifyAssignment", ok: differences.every((x) => x.what === "version"), differences, assignment });
}

/**
 * The options that re-run the receipt's design on `input`: its conditions, amounts and re-randomization,
 * with the unit fields given or read from `data` by the receipt's column names. A unit field the receipt
 * has but the input lacks (or the reverse) is pushed to `differences`.
 */
function rerunOptions(receipt: AssignmentReceipt, input: VerifyAssignmentInput, differences: VerifyDifference[]): Record<string, unknown> {
  const d = receipt.design;
  const cols = d.columns ?? {};
  const field = (given: UnitField | undefined, column: string | undefined): UnitField | undefined =>
    given !== undefined ? given : column !== undefined && input.data !== undefined ? column : undefined;
  const opts: Record<string, unknown> = {
    conditions: d.conditions,
    ...d.amounts,
    simple: d.simple,
    balanceAcrossBlocks: d.balanceAcrossBlocks,
  };
  if (input.data !== undefined) opts.data = input.data;
  if (input.n !== undefined) opts.n = input.n;
  const ids = field(input.id, cols.ids);
  const blocks = field(input.blocks, cols.blocks);
  const clusters = field(input.clusters, cols.clusters);
  if (ids !== undefined) opts.id = ids;
  if (blocks !== undefined) opts.blocks = blocks;
  if (clusters !== undefined) opts.clusters = clusters;
  const missing = (what: "ids" | "blocks" | "clusters", had: string | null, value: unknown): void => {
    if (had !== null && value === undefined) differences.push({ what, message: `the receipt has ${what} but none were given` });
    if (had === null && value !== undefined) differences.push({ what, message: `${what} were given but the receipt has none` });
  };
  missing("ids", receipt.units.idsSha256, ids);
  missing("blocks", receipt.units.blocksSha256, blocks);
  missing("clusters", receipt.units.clustersSha256, clusters);
  if (d.rerandomize) {
    opts.rerandomize = {
      covariates: input.covariates ?? d.rerandomize.covariates,
      criterion: d.rerandomize.criterion,
      threshold: d.rerandomize.threshold,
      maxDraws: d.rerandomize.maxDraws,
    };
  }
  return opts;
}

/** The fields checked without re-running: the library that wrote the receipt and its RNG algorithm. */
function staticChecks(receipt: AssignmentReceipt, differences: VerifyDifference[]): void {
  if (receipt.library !== "ensayo") {
    differences.push({ what: "library", field: "library", expected: receipt.library, actual: "ensayo", message: `the receipt says it was written by '${receipt.library}', not by ensayo` });
  }
  if (receipt.rng.algorithm !== RNG_ALGORITHM) {
    differences.push({ what: "rng", field: "rng.algorithm", expected: receipt.rng.algorithm, actual: RNG_ALGORITHM,
      message: `the receipt says the draw used '${receipt.rng.algorithm}'; ensayo draws only with '${RNG_ALGORITHM}'` });
  }
}

/** Compare the re-run's receipt `r` with `receipt`: unit hashes, counts, the result, then every other field. */
function compareRerun(receipt: AssignmentReceipt, r: AssignmentReceipt, differences: VerifyDifference[]): void {
  const d = receipt.design;
  const cmp = (what: VerifyDifference["what"], expected: unknown, actual: unknown, message: string): void => {
    if (JSON.stringify(expected) !== JSON.stringify(actual)) differences.push({ what, expected, actual, message });
  };
  cmp("n", receipt.units.n, r.units.n, `the receipt has ${receipt.units.n} units; the data have ${r.units.n}`);
  cmp("ids", receipt.units.idsSha256, r.units.idsSha256, "the ids differ from those in the receipt (SHA-256 of the sorted ids)");
  cmp("blocks", receipt.units.blocksSha256, r.units.blocksSha256, "the blocks differ from those in the receipt (SHA-256 of the blocks in unit order)");
  cmp("clusters", receipt.units.clustersSha256, r.units.clustersSha256, "the clusters differ from those in the receipt (SHA-256 of the clusters in unit order)");
  if (d.rerandomize && r.design.rerandomize) {
    cmp("covariates", d.rerandomize.covariatesSha256, r.design.rerandomize.covariatesSha256, "the covariates of the re-randomization differ from those in the receipt");
  }
  cmp("counts", receipt.counts, r.counts, "the counts per arm or per block differ from the receipt");
  cmp("result", receipt.resultSha256, r.resultSha256, "re-running the design with the receipt's seed gives a different assignment");
  // every other field the receipt states: type, nBlocks, nClusters, order, rng.algorithm, library, the rerandomization record, …
  differences.push(...compareReceiptFields(receipt, r));
}

/** Compare the published conditions (a column of `data` or one per unit) with the re-run, unit by unit. */
function compareAssigned(
  assigned: NonNullable<VerifyAssignmentInput["assigned"]>,
  data: DataInput | undefined,
  assignment: Assignment,
  differences: VerifyDifference[],
): void {
  let given: readonly (string | number | null)[];
  if (typeof assigned === "string") {
    if (data === undefined) throw new EnsayoError("INVALID_OPTION", `\`assigned\` is a column name but no \`data\` was given`);
    given = labelColumn(toTable(data), assigned, "assigned");
  } else given = assigned;
  const bad: { unit: number; id: string | null; published: unknown; recomputed: unknown }[] = [];
  const cond = assignment.condition;
  for (let i = 0; i < cond.length; i++) {
    const g = given[i];
    if (g === undefined || g === null || String(g) !== String(cond[i])) {
      bad.push({ unit: i + 1, id: assignment.ids ? assignment.ids[i]! : null, published: g ?? null, recomputed: cond[i] });
    }
  }
  if (given.length !== cond.length || bad.length > 0) {
    differences.push({
      what: "assigned",
      message: `${bad.length} of ${cond.length} published conditions differ from the re-run` + (given.length !== cond.length ? ` (and ${given.length} were published)` : ""),
      expected: bad.slice(0, 20).map((b) => b.recomputed),
      actual: bad.slice(0, 20),
    });
  }
}

/**
 * Like `verifyAssignment`, but throws when anything other than the version differs.
 *
 * @throws EnsayoError `VERIFY_MISMATCH` listing the differences.
 * @example
 * ```ts
 * const units = { id: ["a", "b", "c", "d"], region: ["N", "N", "S", "S"] };
 * const { receipt } = blockRa({ data: units, id: "id", blocks: "region", seed: 3 });
 * assertAssignment(receipt, { data: units }).arm.length; // 4
 * assertAssignment(receipt, { data: { ...units, region: ["N", "S", "S", "S"] } }); // throws VERIFY_MISMATCH: the units changed
 * ```
 */
export function assertAssignment(receipt: AssignmentReceipt, units: VerifyAssignmentInput | Table | readonly Readonly<Record<string, unknown>>[]): Assignment {
  return named("assertAssignment", () => {
    const v = verifyCore(receipt, units);
    if (v.ok && v.assignment) return v.assignment;
    const list = v.differences.filter((x) => x.what !== "version");
    throw new EnsayoError("VERIFY_MISMATCH", `the receipt does not match: ${list.map((x) => `${x.what}: ${x.message}`).join("; ")}`, {
      issues: list, hint: "Check that the units (ids, blocks, clusters) are the ones that were assigned",
    });
  });
}

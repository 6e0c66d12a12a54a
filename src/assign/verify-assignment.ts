/**
 * `verifyAssignment`: re-run an assignment from its receipt and the units, and say exactly what differs.
 */
import { EnsayoError } from "../errors.js";
import { asTable, isTable, type DataInput, type Table } from "../data/table.js";
import { labelColumn } from "../data/columns.js";
import { VERSION } from "../version.js";
import { declareRa, type Assignment, type RaOptions } from "./declare-ra.js";
import type { AssignmentReceipt } from "./receipt.js";
import type { UnitField } from "./units.js";
import { checkKnownKeys } from "../internal/options.js";

/** The units to check a receipt against. Fields left out are read from `data` with the receipt's column names. */
export interface VerifyAssignmentInput {
  readonly data?: DataInput;
  readonly n?: number;
  readonly ids?: UnitField;
  readonly blocks?: UnitField;
  readonly clusters?: UnitField;
  /** Covariates for re-randomized designs, when not columns of `data`. */
  readonly covariates?: Readonly<Record<string, ArrayLike<number>>>;
  /** The published assignment to check unit by unit: a column name of `data` or one condition per unit. */
  readonly assigned?: string | readonly (string | number | null)[];
}

/** One difference between the receipt and the re-run. */
export interface VerifyDifference {
  readonly what: "version" | "design" | "n" | "ids" | "blocks" | "clusters" | "covariates" | "counts" | "result" | "assigned";
  readonly message: string;
  readonly expected?: unknown;
  readonly actual?: unknown;
}

/** The outcome of `verifyAssignment`. */
export interface AssignmentVerification {
  readonly kind: "assignment_verification";
  /** True when the units and the result match the receipt (a different library version alone does not make it false). */
  readonly ok: boolean;
  readonly differences: readonly VerifyDifference[];
  /** The re-run assignment, when the design could be declared. */
  readonly assignment: Assignment | null;
}

/**
 * Re-run the assignment recorded in `receipt` on the given units and compare: ensayo version,
 * number of units, SHA-256 of the ids, blocks, clusters and covariates, counts, and the SHA-256 of
 * the result; with `assigned`, also every unit's published condition.
 *
 * A receipt that does not match gives `ok: false` and the list of differences; it never throws for that.
 *
 * @param units - `{ data, ids?, blocks?, clusters?, covariates?, assigned? }`, or just the data (a `Table` or
 *   rows), read with the column names recorded in the receipt.
 *
 * @throws EnsayoError `INVALID_OPTION` when `receipt` is not an assignment receipt.
 * @example
 * ```ts
 * const a = blockRa({ data: units, ids: "id", blocks: "region", seed: 20261129 });
 * verifyAssignment(a.receipt, { data: units }).ok; // true
 * ```
 */
export function verifyAssignment(receipt: AssignmentReceipt, units: VerifyAssignmentInput | Table | readonly Readonly<Record<string, unknown>>[]): AssignmentVerification {
  // A Table or an array of rows is the data itself; anything else is `{ data, ids, … }`.
  const input: VerifyAssignmentInput = isTable(units) || Array.isArray(units) ? { data: units as DataInput } : (units as VerifyAssignmentInput);
  if (input === units) checkKnownKeys(units, ["data", "n", "ids", "blocks", "clusters", "covariates", "assigned"], "verifyAssignment", ["units"]);
  if (!receipt || typeof receipt !== "object" || receipt.kind !== "assignment_receipt") {
    throw new EnsayoError("INVALID_OPTION", "verifyAssignment: `receipt` must be an assignment receipt (`assignment.receipt`, or its JSON parsed)");
  }
  const differences: VerifyDifference[] = [];
  if (receipt.version !== VERSION) {
    differences.push({ what: "version", expected: receipt.version, actual: VERSION,
      message: `the receipt was written by ensayo ${receipt.version}; this is ${VERSION} (drawing procedures are pinned by golden tests, so the result should still agree)` });
  }
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
  const ids = field(input.ids, cols.ids);
  const blocks = field(input.blocks, cols.blocks);
  const clusters = field(input.clusters, cols.clusters);
  if (ids !== undefined) opts.ids = ids;
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
  if (differences.some((x) => x.what !== "version")) return { kind: "assignment_verification", ok: false, differences, assignment: null };

  let assignment: Assignment;
  try {
    assignment = declareRa(opts as RaOptions).conduct(receipt.rng.seed);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    differences.push({ what: "design", message: `the design cannot be re-run on these units: ${message}` });
    return { kind: "assignment_verification", ok: false, differences, assignment: null };
  }
  const r = assignment.receipt;
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

  if (input.assigned !== undefined) {
    let given: readonly (string | number | null)[];
    if (typeof input.assigned === "string") {
      if (input.data === undefined) throw new EnsayoError("INVALID_OPTION", "verifyAssignment: `assigned` is a column name but no `data` was given");
      given = labelColumn(asTable(input.data, "verifyAssignment"), input.assigned, "verifyAssignment", "assigned");
    } else given = input.assigned;
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
  return { kind: "assignment_verification", ok: differences.every((x) => x.what === "version"), differences, assignment };
}

/**
 * Like `verifyAssignment`, but throws when anything other than the version differs.
 *
 * @throws EnsayoError `VERIFY_MISMATCH` listing the differences.
 * @example
 * ```ts
 * assertAssignment(receipt, { data: units }); // throws VERIFY_MISMATCH if the units or the result changed
 * ```
 */
export function assertAssignment(receipt: AssignmentReceipt, units: VerifyAssignmentInput | Table | readonly Readonly<Record<string, unknown>>[]): Assignment {
  const v = verifyAssignment(receipt, units);
  if (!v.ok || !v.assignment) {
    const list = v.differences.filter((x) => x.what !== "version");
    throw new EnsayoError("VERIFY_MISMATCH", `assertAssignment: the receipt does not match: ${list.map((x) => `${x.what}: ${x.message}`).join("; ")}`, {
      issues: list, hint: "Check that the units (ids, blocks, clusters) are the ones that were assigned",
    });
  }
  return v.assignment;
}

/**
 * Re-declare the design recorded in an assignment receipt on the given units (the receipt's column
 * names read from the data), and check that it reproduces the recorded assignment.
 */
import { EnsayoError } from "../errors.js";
import type { Table } from "../data/table.js";
import { parseOptions } from "../internal/options.js";
import { declareRaCore, RaOptionsSchema, type RaDesign, type RaOptions } from "./declare-ra.js";
import type { AssignmentReceipt } from "./receipt.js";
import { verifyCore } from "./verify-assignment.js";

/**
 * The design of `receipt` declared on `table` (ids, blocks, clusters and covariates from the
 * columns the receipt names); with `assigned`, the column of `table` that must hold the recorded assignment.
 *
 * @throws EnsayoError `INVALID_OPTION` (not a receipt), `DESIGN_MISMATCH` (the units or the re-run
 *   assignment differ from the receipt, listed).
 * @example
 * ```ts
 * const units = { id: ["a", "b", "c", "d", "e", "f"], region: ["N", "N", "N", "S", "S", "S"] };
 * const a = blockRa({ data: units, blocks: "region", seed: 1 });
 * designFromReceipt(a.receipt, asTable(units)).type; // "blocked"
 * ```
 */
export function designFromReceipt(receipt: AssignmentReceipt, table: Table, assigned?: string): RaDesign {
  if (!receipt || typeof receipt !== "object" || receipt.kind !== "assignment_receipt") {
    throw new EnsayoError("INVALID_OPTION", `\`receipt\` must be an assignment receipt (\`assignment.receipt\`, or its JSON parsed)`);
  }
  const v = verifyCore(receipt, assigned === undefined ? table : { data: table, assigned });
  const bad = v.differences.filter((d) => d.what !== "version");
  if (!v.ok || bad.length > 0) {
    throw new EnsayoError("DESIGN_MISMATCH", `the receipt does not match the data: ${bad.map((d) => `${d.what}: ${d.message}`).join("; ")}`, {
      issues: bad, hint: "Use the units (and columns) the assignment was drawn for",
    });
  }
  const d = receipt.design;
  const cols = d.columns ?? {};
  const opts: Record<string, unknown> = { conditions: d.conditions, ...d.amounts, simple: d.simple, balanceAcrossBlocks: d.balanceAcrossBlocks, data: table };
  if (cols.ids !== undefined) opts.id = cols.ids; // the receipt keeps its field name `ids`
  if (cols.blocks !== undefined) opts.blocks = cols.blocks;
  if (cols.clusters !== undefined) opts.clusters = cols.clusters;
  if (receipt.units.idsSha256 === null) delete opts.id;
  if (d.rerandomize) opts.rerandomize = { covariates: d.rerandomize.covariates, criterion: d.rerandomize.criterion, threshold: d.rerandomize.threshold, maxDraws: d.rerandomize.maxDraws };
  return declareRaCore(parseOptions(RaOptionsSchema, opts, "declareRa"), opts as RaOptions).design;
}

/**
 * riTest's inputs, normalized once: the outcome, the observed arm of every unit (as an index into
 * the design's conditions), the source of assignments (a declared design, a receipt re-declared on
 * the data, or a permutation matrix), and the sharp null's potential outcomes.
 */
import { EnsayoError, showValue } from "../errors.js";
import { labelColumn, numericColumn } from "../data/columns.js";
import type { Table } from "../data/table.js";
import { sortLevels } from "../internal/factor.js";
import type { Seed } from "../internal/rng.js";
import type { DesignCondition } from "../design/protocol.js";
import { designFromReceipt } from "../assign/design-from-receipt.js";
import type { AssignmentReceipt } from "../assign/receipt.js";
import { matrixSource, permutationSource, type PermutationSource, type SourceDesign } from "./permutation-source.js";

/** How the assignments are given. */
export interface DesignInput {
  readonly design?: SourceDesign | undefined;
  readonly receipt?: AssignmentReceipt | undefined;
  readonly permutations?: readonly ArrayLike<DesignCondition>[] | undefined;
  readonly maxExact: number;
  readonly sims: number;
  readonly seed: Seed;
  /** Column of unit ids, checked against the design's ids (same units, same order). */
  readonly id?: string | undefined;
}

/** The observed assignment and the source of the others. */
export interface ResolvedAssignment {
  readonly conditions: readonly DesignCondition[];
  /** Observed arm of each unit (index into `conditions`). */
  readonly observed: Int32Array;
  readonly source: PermutationSource;
}

/**
 * Map the treatment column onto the conditions of the design (or of the permutation matrix: the
 * column's sorted distinct values, R's `sort(unique(z))`), and build the source of assignments.
 *
 * @throws EnsayoError `INVALID_OPTION` (none or several of design/receipt/permutations), `MISSING_VALUE`
 *   (a missing treatment), `DESIGN_MISMATCH` (a label the design does not know, another n).
 */
export function resolveAssignment(table: Table, treatment: string, input: DesignInput): ResolvedAssignment {
  const given = [input.design, input.receipt, input.permutations].filter((v) => v !== undefined).length;
  if (given !== 1) {
    throw new EnsayoError("INVALID_OPTION", `give exactly one of \`design\`, \`receipt\` or \`permutations\`; got ${given}`, {
      hint: "Pass the design the assignment came from (declareRa), its receipt, or a list of assignments",
    });
  }
  const labels = labelColumn(table, treatment, "treatment");
  const n = labels.length;
  const missing = labels.reduce((s, v) => s + (v === null ? 1 : 0), 0);
  if (missing > 0) {
    const first = labels.findIndex((v) => v === null);
    throw new EnsayoError("MISSING_VALUE", `\`treatment\` ('${treatment}') is missing in ${missing} row(s), the first at row ${first + 1}; every unit of the design needs its arm`, {
      column: treatment, line: first + 1, hint: "Randomization inference uses every unit the design assigned: fill in the arm, or re-declare the design without those units",
    });
  }
  let design: SourceDesign | undefined = input.design;
  if (input.receipt !== undefined) design = designFromReceipt(input.receipt, table, treatment);
  if (input.id !== undefined && design) checkIds(table, input.id, design);
  const conditions: readonly DesignCondition[] = design ? design.conditions : sortLevels([...new Set(labels as string[])]).map((l) => numericLabel(l, table, treatment));
  const index = new Map<string, number>();
  conditions.forEach((c, j) => index.set(String(c), j));
  const observed = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const j = index.get(labels[i]!);
    if (j === undefined) {
      throw new EnsayoError("DESIGN_MISMATCH", `row ${i + 1} of \`treatment\` ('${treatment}') holds ${showValue(labels[i])}, which is not a condition of the design (${conditions.map((c) => showValue(c)).join(", ")})`, {
        column: treatment, line: i + 1, value: labels[i], hint: "Check that the design and the data are the same pilot",
      });
    }
    observed[i] = j;
  }
  if (input.permutations !== undefined) return { conditions, observed, source: matrixSource(input.permutations, conditions, n) };
  const source = permutationSource(design!, { n, seed: input.seed, maxExact: input.maxExact, sims: input.sims });
  return { conditions, observed, source };
}

/** The data's ids must be the design's, in the same order: unknown ids are listed. */
function checkIds(table: Table, id: string, design: SourceDesign): void {
  const ids = labelColumn(table, id, "id");
  const known = (design as { ids?: readonly string[] | null }).ids;
  if (!known) {
    throw new EnsayoError("DESIGN_MISMATCH", `\`id\` ('${id}') was given but the design was declared without ids`, {
      hint: "Declare the design with `id`, or leave out `id`",
    });
  }
  const set = new Set(known);
  const unknown = ids.filter((v) => v === null || !set.has(v));
  if (unknown.length > 0) {
    throw new EnsayoError("DESIGN_MISMATCH", `${unknown.length} id(s) of the data are not units of the design: ${unknown.slice(0, 5).map((v) => showValue(v)).join(", ")}${unknown.length > 5 ? ", …" : ""}`, {
      column: id, issues: unknown.slice(0, 100), hint: "Randomization inference needs the units the design assigned",
    });
  }
  const moved = ids.findIndex((v, i) => v !== known[i]);
  if (moved >= 0 || ids.length !== known.length) {
    throw new EnsayoError("DESIGN_MISMATCH", `the data's ids are not in the design's order (row ${moved + 1} holds ${showValue(ids[moved])}, the design's unit ${moved + 1} is ${showValue(known[moved])})`, {
      column: id, hint: "Sort the data as the design's units, or declare the design on the data as it is",
    });
  }
}

/** Numbers stay numbers (so a 0/1 column's conditions are 0 and 1, as in the data). */
function numericLabel(l: string, table: Table, treatment: string): DesignCondition {
  return table.columns[treatment] instanceof Float64Array ? Number(l) : l;
}

/** The outcome as numbers, refusing missing values (every assigned unit is part of the randomization distribution). */
export function resolveOutcome(table: Table, outcome: string): Float64Array {
  const y = numericColumn(table, outcome, "outcome");
  let missing = 0;
  let first = -1;
  for (let i = 0; i < y.length; i++) {
    if (Number.isNaN(y[i]!)) {
      missing++;
      if (first < 0) first = i;
    }
  }
  if (missing > 0) {
    throw new EnsayoError("MISSING_VALUE", `\`outcome\` ('${outcome}') is missing in ${missing} row(s), the first at row ${first + 1}`, {
      column: outcome, line: first + 1,
      hint: "Randomization inference needs every unit the design assigned; impute or bound the missing outcomes (leeBounds) and say so",
    });
  }
  return y;
}

/**
 * The sharp null as ri2's `generate_pos`: τ_j for each arm (0 for control), Y(control) = y − τ[arm], and
 * under assignment π the outcome y_π = Y(control) + τ[π]. Returns the per-arm effects and Y(control).
 */
export function sharpNull(y: Float64Array, observed: Int32Array, tauByArm: Float64Array): Float64Array {
  const y0 = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) y0[i] = y[i]! - tauByArm[observed[i]!]!;
  return y0;
}

/** Write y_π = Y(control) + τ[π] into `out`. */
export function imputeOutcome(y0: Float64Array, arm: Int32Array, tauByArm: Float64Array, out: Float64Array): Float64Array {
  for (let i = 0; i < y0.length; i++) out[i] = y0[i]! + tauByArm[arm[i]!]!;
  return out;
}

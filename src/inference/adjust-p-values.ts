/**
 * `adjustPValues`: R's `p.adjust` (every method, NA handling, ties and `n`), plus Anderson's
 * (2008) sharpened q-values.
 */
import * as z from "zod/mini";
import { EnsayoError, showValue } from "../errors.js";
import { parseOptions } from "../internal/options.js";
import { benjaminiHochberg, benjaminiYekutieli, bonferroni, hochberg, holm, hommel } from "./p-adjust-methods.js";
import { SHARPENED_Q_STEPS, sharpenedQValues } from "./sharpened-q.js";
import { withDisplay } from "../report/result-proto.js";
import { named } from "../internal/boundary.js";

const FN = "adjustPValues";

/** The adjustments: R's `p.adjust.methods` (with `fdr` as BH's alias) and `"sharpened"` (Anderson 2008). */
export const P_ADJUST_METHODS = ["holm", "hochberg", "hommel", "bonferroni", "BH", "fdr", "BY", "none", "sharpened"] as const;

const AdjustPValuesSchema = z.strictObject({
  /** The adjustment. Default `"holm"`, as in R. */
  method: z._default(z.enum(P_ADJUST_METHODS), "holm"),
  /** Number of hypotheses in the family; default the number of non-missing p-values; must not be fewer. */
  n: z.optional(z.number().check(z.int(), z.minimum(0))),
});

/** Options of {@link adjustPValues}. */
export type AdjustPValuesOptions = z.input<typeof AdjustPValuesSchema>;
/** A method name accepted by {@link adjustPValues}. */
export type PAdjustMethod = (typeof P_ADJUST_METHODS)[number];

/** Result of {@link adjustPValues}. */
export interface AdjustPValuesResult {
  readonly kind: "adjustPValues";
  /** The method applied (`fdr` is reported as `BH`; `hommel` with n = 2 is computed as Hochberg, as in R). */
  readonly method: Exclude<PAdjustMethod, "fdr">;
  /** Family size used. */
  readonly n: number;
  /** Missing p-values (null, undefined or NaN): passed through as null, not counted in the default `n`. */
  readonly nMissing: number;
  /** Adjusted p-values (sharpened q-values for `"sharpened"`), in input order; null where the input was missing. */
  readonly adjusted: readonly (number | null)[];
  /** For `"sharpened"`: the q grid searched (q = 0.001, 0.002, …, 1); else null. */
  readonly qGrid: { readonly from: number; readonly to: number; readonly step: number } | null;
  readonly warnings: string[];
}

/**
 * Adjust p-values for multiple testing: R's `p.adjust(p, method, n)`, or Anderson's sharpened q-values.
 *
 * - `bonferroni` min(1, n·p); `holm` cummax of (n − i + 1)·p₍ᵢ₎; `hochberg` cummin of (n − i + 1)·p₍ᵢ₎ from
 *   the largest; `BH` (alias `fdr`) cummin of (n/i)·p₍ᵢ₎; `BY` the BH value × Σ_{k≤n} 1/k; `hommel` Hommel's
 *   closed procedure (Hochberg when n = 2); `none` p itself. All capped at 1.
 * - Missing p-values (null, undefined, NaN) pass through as null and do not count in `n`. With `n` larger
 *   than the number of p-values, the unseen ones count in the family (R's rule: as if larger than every
 *   observed p for bonferroni/holm, equal to 1 for the others); `n` may not be smaller. With n ≤ 1 p.adjust
 *   returns p unchanged, and so does this (except `"sharpened"`, which has no such rule).
 * - `"sharpened"`: the BKY (2006) two-stage q-values over the grid q = 0.001, …, 1 of Anderson's do-file
 *   (see `sharpenedQValues`); unseen hypotheses (n above the count) count in m and are never rejected.
 *
 * @param p - p-values in [0, 1]; missing as null, undefined or NaN.
 * @throws EnsayoError `INVALID_DATA` for a p-value outside [0, 1] (or not a number); `INVALID_OPTION` for an
 *   unknown method or `n` below the number of non-missing p-values.
 * @example
 * ```ts
 * adjustPValues([0.01, 0.04, null, 0.03], { method: "BH" }).adjusted; // [0.03, 0.04, null, 0.04]
 * adjustPValues([0.01, 0.04, 0.03], { method: "holm", n: 5 }).adjusted; // [0.05, 0.12, 0.12]
 * ```
 */
export function adjustPValues(p: ArrayLike<number | null | undefined>, options?: AdjustPValuesOptions): AdjustPValuesResult {
  return named("adjustPValues", () => adjustPValuesCore(p, options));
}

/** {@link adjustPValues} without the function name on its errors. */
function adjustPValuesCore(p: ArrayLike<number | null | undefined>, options?: AdjustPValuesOptions): AdjustPValuesResult {
  const opts = parseOptions(AdjustPValuesSchema, options, FN);
  const { observed, positions, nMissing } = readPValues(p);
  const n = opts.n ?? observed.length;
  if (n < observed.length) {
    throw new EnsayoError("INVALID_OPTION", `\`n\` must be at least the number of non-missing p-values (${observed.length}); got ${n}`, {
      value: n,
      hint: "Leave `n` out to use the number of p-values, or give the size of the whole family",
    });
  }
  const method = opts.method === "fdr" ? "BH" : opts.method;
  const values = adjustObserved(observed, n, method);
  const adjusted = new Array<number | null>(p.length).fill(null);
  for (let i = 0; i < positions.length; i++) adjusted[positions[i]!] = values[i]!;
  return withDisplay({
    kind: FN,
    method,
    n,
    nMissing,
    adjusted,
    qGrid: method === "sharpened" ? { from: 1 / SHARPENED_Q_STEPS, to: 1, step: 1 / SHARPENED_Q_STEPS } : null,
    warnings: [],
  });
}

function adjustObserved(p: Float64Array, n: number, method: Exclude<PAdjustMethod, "fdr">): Float64Array {
  if (method === "sharpened") return p.length === 0 ? p : sharpenedQValues(p, n);
  if (n <= 1 || method === "none") return p;
  switch (method) {
    case "bonferroni": return bonferroni(p, n);
    case "holm": return holm(p, n);
    case "hochberg": return hochberg(p, n);
    case "hommel": return n === 2 ? hochberg(p, n) : hommel(p, n);
    case "BH": return benjaminiHochberg(p, n);
    case "BY": return benjaminiYekutieli(p, n);
  }
}

/** The non-missing p-values, their positions, and the count of missing ones; refuses values outside [0, 1]. */
function readPValues(p: ArrayLike<number | null | undefined>): { observed: Float64Array; positions: Int32Array; nMissing: number } {
  if (p === null || typeof p !== "object" || typeof p.length !== "number") {
    throw new EnsayoError("INVALID_DATA", `\`p\` must be an array of p-values; got ${showValue(p)}`, {
      hint: "Pass an array such as [0.01, 0.2, null]",
    });
  }
  const observed: number[] = [];
  const positions: number[] = [];
  for (let i = 0; i < p.length; i++) {
    const v = p[i];
    if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))) continue;
    if (typeof v !== "number" || !(v >= 0 && v <= 1)) {
      throw new EnsayoError("INVALID_DATA", `p-value ${i + 1} must be a number in [0, 1]; got ${showValue(v)}`, {
        value: v,
        issues: [{ index: i, value: v }],
        hint: "Check that these are p-values (not statistics or percentages); use null for a missing one",
      });
    }
    observed.push(v);
    positions.push(i);
  }
  return { observed: Float64Array.from(observed), positions: Int32Array.from(positions), nMissing: p.length - observed.length };
}

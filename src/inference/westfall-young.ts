/**
 * `westfallYoung`: family-wise adjusted p-values from the randomization distribution of the design.
 */
import { canonicalAlternative } from "../internal/alternative.js";
import * as z from "zod/mini";
import type { DataInput } from "../data/table.js";
import { parseOptions } from "../internal/options.js";
import { familyOptionShape, runFamily } from "./family-statistics.js";
import { familyRows, type FamilyResultBase } from "./family-result.js";
import { withDisplay } from "../report/result-proto.js";
import { named } from "../internal/boundary.js";

const FN = "westfallYoung";

const WestfallYoungSchema = z.strictObject({
  ...familyOptionShape,
  /** `"maxT"` (default): step down on the statistics; `"minP"`: on each statistic's own randomization p-value. */
  method: z._default(z.enum(["maxT", "minP"]), "maxT"),
  /** Sampled draws only: p = (count + 1)/(draws + 1) (Phipson & Smyth 2010). Default false (count/draws, as riTest and ri2). */
  plusOne: z._default(z.boolean(), false),
});

/** Options of {@link westfallYoung}. */
export type WestfallYoungOptions = z.input<typeof WestfallYoungSchema>;

/** Result of {@link westfallYoung}. */
export interface WestfallYoungResult extends FamilyResultBase {
  readonly kind: "westfallYoung";
  readonly method: "maxT" | "minP";
}

/**
 * Westfall–Young free step-down adjusted p-values (Westfall & Young 1993, algorithm 2.8) over several
 * outcomes and/or treated arms, from the randomization distribution of the declared design: every
 * hypothesis is evaluated on the same assignments, so the dependence between outcomes is kept.
 *
 * With hypotheses ordered by |t| (or p for minP), p̃₍ⱼ₎ = P(max_{l ≥ j} |T*₍ₗ₎| ≥ |t₍ⱼ₎|), made non-decreasing.
 * Exact (every assignment with its probability) when the design has at most `maxExact` assignments;
 * otherwise `sims` seeded draws. Unlike Stata's `wyoung`, the null distribution is not a bootstrap:
 * it is the design's own (see docs/inference.md).
 *
 * @throws EnsayoError `INVALID_OPTION`, `MISSING_COLUMN`, `NOT_NUMERIC`, `MISSING_VALUE` (treatment),
 *   `DESIGN_MISMATCH`, `SINGLE_ASSIGNMENT`, `CONDITION_NOT_FOUND`, `NOT_ESTIMABLE`.
 * @example
 * ```ts
 * const data = { z: [1, 0, 1, 0, 1, 1, 0, 0], y1: [3, 1, 4, 1, 5, 9, 2, 6], y2: [2, 7, 1, 8, 2, 8, 1, 8] };
 * const r = westfallYoung(data, { outcomes: ["y1", "y2"], treatment: "z", design: declareRa({ n: 8, m: 4 }) });
 * r.permutations.method; // "exact" (70 assignments)
 * r.rows.map((row) => [row.pValue, row.pValueAdjusted]); // [[0.2286, 0.2857], [0.4857, 0.4857]] (16/70, 20/70; 34/70)
 * ```
 */
export function westfallYoung(data: DataInput, options: WestfallYoungOptions): WestfallYoungResult {
  return named("westfallYoung", () => westfallYoungCore(data, options));
}

/** {@link westfallYoung} without the function name on its errors. */
function westfallYoungCore(data: DataInput, options: WestfallYoungOptions): WestfallYoungResult {
  const opts = parseOptions(WestfallYoungSchema, options, FN);
  const run = runFamily(data, opts, opts.method, opts.plusOne);
  const { rows, permutations, warnings } = familyRows(run, opts.alpha);
  return withDisplay({
    kind: FN, method: opts.method, statistic: run.statisticKind, alternative: canonicalAlternative(opts.alternative), control: run.control, rows, permutations,
    seed: opts.seed, plusOne: opts.plusOne, alpha: opts.alpha, warnings,
  });
}

/**
 * `westfallYoung`: family-wise adjusted p-values from the randomization distribution of the design.
 */
import * as z from "zod/mini";
import type { DataInput } from "../data/table.js";
import { parseOptions } from "../internal/options.js";
import { familyOptionShape, runFamily } from "./family-statistics.js";
import { familyRows, type FamilyPermutations, type FamilyRow } from "./family-result.js";

const FN = "westfallYoung";

const WestfallYoungSchema = z.strictObject({
  ...familyOptionShape,
  /** `"maxT"` (default): step down on the statistics; `"minP"`: on each statistic's own randomization p-value. */
  method: z._default(z.enum(["maxT", "minP"]), "maxT"),
  /** Sampled draws only: p = (count + 1)/(draws + 1) (Phipson & Smyth 2010). Default false (wyoung's count/draws). */
  plusOne: z._default(z.boolean(), false),
});

/** Options of {@link westfallYoung}. */
export type WestfallYoungOptions = z.input<typeof WestfallYoungSchema>;

/** Result of {@link westfallYoung}. */
export interface WestfallYoungResult {
  readonly kind: "westfallYoung";
  readonly method: "maxT" | "minP";
  readonly statistic: "t" | "difference";
  readonly sides: "two-sided" | "greater" | "less";
  readonly control: string;
  readonly rows: readonly FamilyRow[];
  readonly permutations: FamilyPermutations;
  readonly seed: number | string;
  readonly plusOne: boolean;
  readonly alpha: number;
  readonly warnings: string[];
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
 * const design = declareRa({ n: 12, m: 6 });
 * const r = westfallYoung(data, { outcomes: ["y1", "y2", "y3"], treatment: "z", design });
 * r.permutations.method; // "exact" (924 assignments)
 * r.rows[0].pValueAdjusted; // ≥ r.rows[0].pValue
 * ```
 */
export function westfallYoung(data: DataInput, options: WestfallYoungOptions): WestfallYoungResult {
  const opts = parseOptions(WestfallYoungSchema, options, FN);
  const run = runFamily(data, opts, opts.method, opts.plusOne, FN);
  const { rows, permutations, warnings } = familyRows(run, opts.alpha);
  return {
    kind: FN, method: opts.method, statistic: opts.statistic, sides: opts.sides, control: run.control, rows, permutations,
    seed: opts.seed, plusOne: opts.plusOne, alpha: opts.alpha, warnings,
  };
}

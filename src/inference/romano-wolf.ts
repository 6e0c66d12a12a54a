/**
 * `romanoWolf`: Romano–Wolf step-down adjusted p-values from the randomization distribution of the design.
 */
import { canonicalAlternative } from "../internal/alternative.js";
import * as z from "zod/mini";
import type { DataInput } from "../data/table.js";
import { parseOptions } from "../internal/options.js";
import { familyOptionShape, runFamily } from "./family-statistics.js";
import { familyRows, type FamilyResultBase } from "./family-result.js";
import { withDisplay } from "../report/result-proto.js";
import { named } from "../internal/boundary.js";

const FN = "romanoWolf";

const RomanoWolfSchema = z.strictObject({
  ...familyOptionShape,
  /** Sampled draws only: p = (count + 1)/(draws + 1). Default true, as Stata's `rwolf` (its `noplusone` is `false`). */
  plusOne: z._default(z.boolean(), true),
});

/** Options of {@link romanoWolf}. */
export type RomanoWolfOptions = z.input<typeof RomanoWolfSchema>;

/** Result of {@link romanoWolf}. */
export interface RomanoWolfResult extends FamilyResultBase {
  readonly kind: "romanoWolf";
}

/**
 * Romano–Wolf (2005; adjusted p-values as in Romano & Wolf 2016) step-down over several outcomes and/or
 * treated arms, with the null distribution of the max statistic taken from the design's own assignments
 * (every hypothesis on the same assignment), not from a studentized bootstrap as in Stata's `rwolf`.
 *
 * p̃₍₁₎ = P(maxₗ |T*ₗ| ≥ |t₍₁₎|) and p̃₍ⱼ₎ = max(p̃₍ⱼ₋₁₎, P(max_{l ≥ j} |T*₍ₗ₎| ≥ |t₍ⱼ₎|)). Over permutations, where
 * the statistics need no re-centring, this is the same step-down as `westfallYoung`'s maxT (the only
 * default that differs is `plusOne`); both are offered so that each Stata command has its counterpart.
 *
 * @throws EnsayoError as {@link westfallYoung}.
 * @example
 * ```ts
 * const data = { z: [1, 0, 1, 0, 1, 1, 0, 0], y1: [3, 1, 4, 1, 5, 9, 2, 6], y2: [2, 7, 1, 8, 2, 8, 1, 8] };
 * const r = romanoWolf(data, { outcomes: ["y1", "y2"], treatment: "z", design: declareRa({ n: 8, m: 4 }) });
 * r.rows.map((row) => row.pValueAdjusted); // [0.2857, 0.4857] (exact: 70 assignments, so no +1)
 * ```
 */
export function romanoWolf(data: DataInput, options: RomanoWolfOptions): RomanoWolfResult {
  return named("romanoWolf", () => romanoWolfCore(data, options));
}

/** {@link romanoWolf} without the function name on its errors. */
function romanoWolfCore(data: DataInput, options: RomanoWolfOptions): RomanoWolfResult {
  const opts = parseOptions(RomanoWolfSchema, options, FN);
  const run = runFamily(data, opts, "maxT", opts.plusOne);
  const { rows, permutations, warnings } = familyRows(run, opts.alpha);
  return withDisplay({
    kind: FN, statistic: run.statisticKind, alternative: canonicalAlternative(opts.alternative), control: run.control, rows, permutations,
    seed: opts.seed, plusOne: opts.plusOne, alpha: opts.alpha, warnings,
  });
}

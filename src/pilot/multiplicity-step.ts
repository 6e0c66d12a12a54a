/**
 * Multiplicity adjustment within a family: `adjustPValues` for p.adjust's methods and Anderson's sharpened
 * q-values; `westfallYoung` / `romanoWolf` (step-down over the declared design's own assignments) for the
 * resampling methods.
 */
import type { RaDesign } from "../assign/declare-ra.js";
import type { Table } from "../data/table.js";
import { adjustPValues } from "../inference/adjust-p-values.js";
import { romanoWolf } from "../inference/romano-wolf.js";
import { westfallYoung } from "../inference/westfall-young.js";
import type { Seed } from "../internal/rng.js";
import type { MultiplicityMethod } from "./plan-schema.js";

/** What the resampling methods need: the analysis table (one row per design unit) and the design. */
export interface ResamplingContext {
  readonly table: Table;
  readonly design: RaDesign;
  /** The arm column (labels) and its control label. */
  readonly treatment: string;
  readonly control: string;
  readonly draws: number;
  readonly seed: Seed;
  readonly alpha: number;
}

/** Adjusted p-values of a family, in input order (NaN where the p-value was missing), with a note on how. */
export function adjustFamily(
  outcomes: readonly string[], p: readonly number[], method: MultiplicityMethod, ctx: ResamplingContext,
): { adjusted: number[]; note: string | null } {
  if (method === "westfallYoung" || method === "romanoWolf") {
    const options = { outcomes: [...outcomes], treatment: ctx.treatment, design: ctx.design, control: ctx.control, sims: ctx.draws, seed: ctx.seed, alpha: ctx.alpha };
    const r = method === "westfallYoung" ? westfallYoung(ctx.table, options) : romanoWolf(ctx.table, options);
    const byOutcome = new Map(r.rows.map((row) => [row.outcome, row.pValueAdjusted]));
    return {
      adjusted: outcomes.map((o) => byOutcome.get(o) ?? NaN),
      note: `${method === "westfallYoung" ? "Westfall–Young maxT" : "Romano–Wolf"} step-down on the difference-in-means t statistics over ${r.permutations.nSims} assignments of the declared design (${r.permutations.method})`,
    };
  }
  const r = adjustPValues(p.map((x) => (Number.isFinite(x) ? x : null)), { method: method === "sharpenedQ" ? "sharpened" : method });
  return { adjusted: r.adjusted.map((x) => (x === null ? NaN : x)), note: null };
}

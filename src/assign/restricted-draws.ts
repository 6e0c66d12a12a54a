/**
 * Internal: drawing a declared assignment, restricted by re-randomization when asked (Morgan &
 * Rubin 2012: redraw until the covariates' balance criterion is at most the threshold).
 */
import { EnsayoError } from "../errors.js";
import type { Table } from "../data/table.js";
import { throwIfAborted } from "../internal/abort.js";
import type { Rng } from "../internal/rng.js";
import { drawArms, expandArms, makeScratch, type Plan } from "./engine.js";
import { makeCriterion, type BalanceCriterion, type Criterion } from "./rerandomize.js";

/** The re-randomization options as parsed (see `RerandomizeOptions` in declare-ra.ts). */
export interface RerandomizeSpec {
  readonly covariates: readonly string[] | Readonly<Record<string, ArrayLike<number>>>;
  readonly criterion: BalanceCriterion;
  readonly threshold: number;
  readonly maxDraws?: number | undefined;
}

/** A re-randomized design's criterion and its acceptance rule. */
export interface Restriction {
  readonly criterion: Criterion;
  readonly name: BalanceCriterion;
  readonly threshold: number;
  readonly maxDraws: number;
}

/**
 * The criterion of `rerandomize`, built once at declare time. `givenCovariates` is the caller's own
 * `rerandomize.covariates`: zod's record output leaves out a key named "__proto__", so a
 * `{ name: values }` record is read from the caller's object.
 */
export function restrictionOf(spec: RerandomizeSpec, givenCovariates: unknown, k: number, n: number, table: Table | null): Restriction {
  const covariates = givenCovariates !== null && typeof givenCovariates === "object" && !Array.isArray(givenCovariates)
    ? (givenCovariates as Readonly<Record<string, ArrayLike<number>>>)
    : spec.covariates;
  return {
    criterion: makeCriterion(covariates, spec.criterion, k, n, table),
    name: spec.criterion,
    threshold: spec.threshold,
    maxDraws: spec.maxDraws ?? 10_000,
  };
}

/** One (possibly restricted) draw from a stream into `out`: the accepted criterion value (NaN unrestricted) and the draws used. */
export type RestrictedDraw = (rng: Rng, out: Int32Array) => { value: number; draws: number };

/**
 * The draw of a design: the plan's procedure (engine.ts), repeated under a restriction until a
 * draw passes. Every draw checks `signal` (re-randomization may take millions).
 *
 * @throws EnsayoError `INFEASIBLE_DESIGN` when no draw in `maxDraws` passes; `ABORTED`.
 */
export function restrictedDraw(plan: Plan, restriction: Restriction | null, signal: AbortSignal | undefined): RestrictedDraw {
  const scratch = makeScratch(plan);
  const drawOnce = (rng: Rng, out: Int32Array): Int32Array => {
    throwIfAborted(signal, "while drawing assignments");
    return expandArms(plan, drawArms(plan, rng, scratch), out);
  };
  return (rng, out) => {
    if (!restriction) {
      drawOnce(rng, out);
      return { value: NaN, draws: 1 };
    }
    const { criterion, threshold, maxDraws } = restriction;
    let best = Infinity;
    for (let d = 1; d <= maxDraws; d++) {
      drawOnce(rng, out);
      const v = criterion.evaluate(out);
      if (v <= threshold) return { value: v, draws: d };
      if (v < best) best = v;
    }
    throw new EnsayoError("INFEASIBLE_DESIGN",
      `no draw in \`rerandomize.maxDraws\` = ${maxDraws} met ${restriction.name} ≤ ${threshold}; the best was ${best.toPrecision(4)}`,
      { value: best, hint: "Raise `threshold` or `maxDraws`" });
  };
}

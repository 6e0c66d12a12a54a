/**
 * Randomization inference for the pilot's outcomes: every outcome uses the same assignments, redrawn
 * from the declared design (all of them when the design has at most `draws`).
 *
 * This is the step helper h4's `riTest` replaces when it lands; the interface (observed estimates in,
 * p-values and the null distributions out) is what `pilot.analyze` needs from it.
 */
import type { RaDesign } from "../assign/declare-ra.js";
import type { Table } from "../data/table.js";
import type { Seed } from "../internal/rng.js";
import { withColumn } from "./table-ops.js";

/** Randomization p-value of one outcome, with its null distribution (for the plot). */
export interface RandomizationResult {
  readonly outcome: string;
  readonly observed: number;
  /** ri2's two-sided p-value: the share of assignments with |estimate| ≥ |observed| (probability-weighted when exhaustive). */
  readonly pValue: number;
  /** Monte Carlo SE of `pValue` (0 when exhaustive). */
  readonly mcStdError: number;
  /** Estimates under each redrawn assignment (NaN where the estimator failed). */
  readonly distribution: Float64Array;
  /** Draws where the estimator failed. */
  readonly failed: number;
}

/** The assignments of a design, as 0/1 indicators per unit of the analysis table. */
export interface PermutedIndicators {
  readonly exhaustive: boolean;
  readonly indicators: readonly Float64Array[];
  readonly probabilities: Float64Array | null;
  readonly seed: Seed;
}

/**
 * Redraw the design's assignments and turn each into the analysis table's 0/1 column
 * (the analysis table keeps baseline order, so unit i of the design is row i).
 */
export function permutedIndicators(design: RaDesign, treatedArm: number, draws: number, seed: Seed, units: number): PermutedIndicators {
  const set = design.permutationSet(draws, seed);
  const indicators = set.arms.map((arm) => {
    const out = new Float64Array(units);
    for (let i = 0; i < units; i++) out[i] = arm[i] === treatedArm ? 1 : 0;
    return out;
  });
  return { exhaustive: set.exhaustive, indicators, probabilities: set.probabilities, seed };
}

/**
 * Randomization p-value of `observed` for a statistic `estimate(table)` under the sharp null of no effect:
 * the outcome stays as observed and only the indicator column `treated` changes.
 */
export function randomizationPValue(
  table: Table, outcome: string, treated: string, observed: number, perms: PermutedIndicators,
  estimate: (t: Table) => number, keepRows: ArrayLike<number>,
): RandomizationResult {
  const k = perms.indicators.length;
  const distribution = new Float64Array(k);
  let failed = 0;
  let hit = 0;
  let weight = 0;
  // a relative tolerance so that an assignment equal to the observed one counts despite rounding
  const bar = Math.abs(observed) * (1 - 1e-12);
  for (let s = 0; s < k; s++) {
    const z = perms.indicators[s]!.slice();
    for (let i = 0; i < z.length; i++) if (!keepRows[i]) z[i] = NaN;
    let value = NaN;
    try {
      value = estimate(withColumn(table, treated, z));
    } catch {
      value = NaN;
    }
    distribution[s] = value;
    if (!Number.isFinite(value)) {
      failed++;
      continue;
    }
    const w = perms.exhaustive && perms.probabilities ? perms.probabilities[s]! : 1;
    weight += w;
    if (Math.abs(value) >= bar) hit += w;
  }
  const pValue = weight > 0 ? hit / weight : NaN;
  const used = k - failed;
  const mcStdError = perms.exhaustive ? 0 : Math.sqrt((pValue * (1 - pValue)) / Math.max(used, 1));
  return { outcome, observed, pValue, mcStdError, distribution, failed };
}

/**
 * Free step-down resampling adjustments (Westfall & Young 1993, algorithm 2.8; Romano & Wolf 2005,
 * 2016) as pure functions of the observed statistics and a stream of null statistic vectors, one
 * vector per assignment, every hypothesis evaluated on the same assignment. Nothing here knows data,
 * designs or estimators: the wrappers compute the statistics and feed them in.
 *
 * Statistics are oriented so that larger is more extreme (|T| for two-sided tests, T for "greater",
 * −T for "less": see {@link orientStatistic}). A null value u counts as at least as extreme as an
 * observed t when u ≥ t − √ε·(|t| + 1), ri2's tolerance, so ties between the observed assignment and
 * a permuted one are counted whatever the rounding. A draw in which any null statistic is NaN (not
 * computable on that assignment) is left out for every hypothesis, so all hypotheses still share the
 * same draws; the p-values are then shares of the draws kept, and `nDrawsWithNaN` says how many were not.
 */

/** Which tail is extreme. */
export type Sides = "two-sided" | "greater" | "less";

/** ri2's tolerance: u is as extreme as t when u ≥ t − TOLERANCE·(|t| + 1). */
export const TOLERANCE = Math.sqrt(Number.EPSILON);

/** T oriented so that larger is more extreme: |T| (two-sided), T (greater), −T (less). */
export function orientStatistic(t: number, sides: Sides): number {
  return sides === "two-sided" ? Math.abs(t) : sides === "greater" ? t : -t;
}

/** The smallest null value that counts as at least as extreme as `t`. */
export function extremeThreshold(t: number): number {
  return t - TOLERANCE * (Math.abs(t) + 1);
}

/** How p-values are formed from weighted counts of extreme draws. */
export interface PValueRule {
  /** True when the draws are every possible assignment with its probability (weights sum to 1). */
  readonly exhaustive: boolean;
  /** For sampled draws: (count + 1)/(draws + 1) (Phipson & Smyth 2010) instead of count/draws. */
  readonly plusOne: boolean;
}

/** Adjusted and single-hypothesis p-values from a step-down, in the input order of the hypotheses. */
export interface StepDownPValues {
  /** Family-wise adjusted p-values. */
  readonly adjusted: Float64Array;
  /** Each hypothesis's own randomization p-value (no adjustment), from the same draws. */
  readonly raw: Float64Array;
  /** Hypotheses from most to least significant (the step-down order). */
  readonly order: Int32Array;
  /** Draws used. */
  readonly nDraws: number;
  /** Draws left out because at least one null statistic was NaN. */
  readonly nDrawsWithNaN: number;
}

/** Turn weighted counts into p-values under `rule` (`total` is the sum of the weights). */
export function toPValue(count: number, total: number, nDraws: number, rule: PValueRule): number {
  if (rule.exhaustive) return count / total;
  return rule.plusOne ? (count + 1) / (nDraws + 1) : count / nDraws;
}

/** Make p-values in step-down order non-decreasing (the "enforce monotonicity" step). */
export function enforceMonotone(pInOrder: Float64Array): void {
  for (let j = 1; j < pInOrder.length; j++) if (pInOrder[j]! < pInOrder[j - 1]!) pInOrder[j] = pInOrder[j - 1]!;
}

/** Hypotheses ordered by `key` descending, ties in input order. */
export function descendingBy(key: Float64Array): Int32Array {
  const idx = Array.from({ length: key.length }, (_, i) => i);
  idx.sort((a, b) => key[b]! - key[a]! || a - b);
  return Int32Array.from(idx);
}

/**
 * A streaming free step-down maxT: O(m) memory whatever the number of draws. `add` one null statistic
 * vector per assignment (the buffer may be reused by the caller), then `finish`.
 *
 * With hypotheses ordered by observed statistic, t₍₁₎ ≥ … ≥ t₍ₘ₎, each draw gives the successive maxima
 * uⱼ = max(t*₍ⱼ₎, …, t*₍ₘ₎); p̃₍ⱼ₎ = P(uⱼ ≥ t₍ⱼ₎), then p̃₍ⱼ₎ = max(p̃₍ⱼ₋₁₎, p̃₍ⱼ₎). This is Westfall & Young's
 * algorithm 2.8 on maxT, and Romano & Wolf's (2016) step-down adjusted p-values with the max statistic.
 *
 * @param observed - the oriented observed statistics (finite).
 * @example
 * ```ts
 * const acc = maxTStepDown(new Float64Array([3, 1]));
 * acc.add(new Float64Array([0.5, 2])); acc.add(new Float64Array([3.5, 0])); acc.add(new Float64Array([1, 0.2]));
 * acc.finish({ exhaustive: false, plusOne: false }).adjusted; // Float64Array [0.333…, 0.333…]
 * ```
 */
export function maxTStepDown(observed: Float64Array): {
  add(nullStats: ArrayLike<number>, weight?: number): void;
  finish(rule: PValueRule): StepDownPValues;
} {
  const m = observed.length;
  const order = descendingBy(observed);
  const thresholdInOrder = new Float64Array(m);
  for (let j = 0; j < m; j++) thresholdInOrder[j] = extremeThreshold(observed[order[j]!]!);
  const countInOrder = new Float64Array(m);
  const rawCount = new Float64Array(m);
  let total = 0;
  let nDraws = 0;
  let nDrawsWithNaN = 0;
  return {
    add(nullStats, weight = 1) {
      for (let h = 0; h < m; h++) {
        if (Number.isNaN(nullStats[h]!)) {
          nDrawsWithNaN++;
          return;
        }
      }
      let running = -Infinity;
      for (let j = m - 1; j >= 0; j--) {
        const h = order[j]!;
        const u = nullStats[h]!;
        if (u > running) running = u;
        if (u >= thresholdInOrder[j]!) rawCount[h] += weight;
        if (running >= thresholdInOrder[j]!) countInOrder[j] += weight;
      }
      total += weight;
      nDraws++;
    },
    finish(rule) {
      const pInOrder = countInOrder.map((c) => toPValue(c, total, nDraws, rule));
      enforceMonotone(pInOrder);
      const adjusted = new Float64Array(m);
      for (let j = 0; j < m; j++) adjusted[order[j]!] = pInOrder[j]!;
      const raw = rawCount.map((c) => toPValue(c, total, nDraws, rule));
      return { adjusted, raw, order, nDraws, nDrawsWithNaN };
    },
  };
}

/**
 * Free step-down maxT over an iterable of null statistic vectors (see {@link maxTStepDown}).
 *
 * @param weights - one weight per draw (the assignment probabilities when `rule.exhaustive`); default 1 each.
 * @example
 * ```ts
 * stepDownMaxT(new Float64Array([3, 1]), [[0.5, 2], [3.5, 0], [1, 0.2]].map((r) => new Float64Array(r)),
 *   { exhaustive: false, plusOne: false }).adjusted; // Float64Array [0.333…, 0.333…]
 * ```
 */
export function stepDownMaxT(
  observed: Float64Array,
  draws: Iterable<ArrayLike<number>>,
  rule: PValueRule,
  weights?: ArrayLike<number>,
): StepDownPValues {
  const acc = maxTStepDown(observed);
  let b = 0;
  for (const d of draws) acc.add(d, weights ? weights[b++]! : 1);
  return acc.finish(rule);
}

/**
 * Free step-down minP (Westfall & Young 1993, algorithm 2.8 on p-values). Each null statistic is first
 * turned into its own p-value within the same draws, p*ᵦⱼ = P(T*ⱼ ≥ t*ᵦⱼ), so hypotheses on different
 * scales weigh equally; then, with hypotheses ordered by their observed randomization p-value
 * p₍₁₎ ≤ … ≤ p₍ₘ₎, qⱼ = min(p*₍ⱼ₎, …, p*₍ₘ₎) per draw and p̃₍ⱼ₎ = P(qⱼ ≤ p₍ⱼ₎), made non-decreasing.
 * It keeps every null statistic: O(m × draws) memory (8 bytes each).
 *
 * @example
 * ```ts
 * const acc = minPStepDown(new Float64Array([3, 1]));
 * for (const d of [[0.5, 2], [3.5, 0], [1, 0.2]]) acc.add(new Float64Array(d));
 * acc.finish({ exhaustive: false, plusOne: false }).adjusted; // Float64Array [0.666…, 0.666…]
 * ```
 */
export function minPStepDown(observed: Float64Array): {
  add(nullStats: ArrayLike<number>, weight?: number): void;
  finish(rule: PValueRule): StepDownPValues;
} {
  const m = observed.length;
  let stats = new Float64Array(Math.max(m, 1) * 256);
  let weights = new Float64Array(256);
  let nDraws = 0;
  let nDrawsWithNaN = 0;
  return {
    add(nullStats, weight = 1) {
      if (nDraws === weights.length) {
        const s = new Float64Array(stats.length * 2);
        s.set(stats);
        stats = s;
        const w = new Float64Array(weights.length * 2);
        w.set(weights);
        weights = w;
      }
      for (let h = 0; h < m; h++) {
        if (Number.isNaN(nullStats[h]!)) {
          nDrawsWithNaN++;
          return;
        }
      }
      for (let h = 0; h < m; h++) stats[nDraws * m + h] = nullStats[h]!;
      weights[nDraws++] = weight;
    },
    finish(rule) {
      const B = nDraws;
      const pStar = new Float64Array(B * m);
      const pObs = new Float64Array(m);
      let total = 0;
      for (let b = 0; b < B; b++) total += weights[b]!;
      for (let h = 0; h < m; h++) {
        const tail = tailWeights(stats, weights, B, m, h);
        pObs[h] = tail(extremeThreshold(observed[h]!));
        for (let b = 0; b < B; b++) pStar[b * m + h] = tail(extremeThreshold(stats[b * m + h]!));
      }
      const negP = pObs.map((p) => -p);
      const order = descendingBy(negP); // ascending p, ties in input order
      const countInOrder = new Float64Array(m);
      const slack = 1 + 64 * Number.EPSILON; // sums of the same weights in different orders
      for (let b = 0; b < B; b++) {
        let running = Infinity;
        for (let j = m - 1; j >= 0; j--) {
          const h = order[j]!;
          const q = pStar[b * m + h]!;
          if (q < running) running = q;
          if (running <= pObs[h]! * slack) countInOrder[j] += weights[b]!;
        }
      }
      const pInOrder = countInOrder.map((c) => toPValue(c, total, B, rule));
      enforceMonotone(pInOrder);
      const adjusted = new Float64Array(m);
      for (let j = 0; j < m; j++) adjusted[order[j]!] = pInOrder[j]!;
      const raw = pObs.map((c) => toPValue(c, total, B, rule));
      return { adjusted, raw, order, nDraws: B, nDrawsWithNaN };
    },
  };
}

/** x ↦ total weight of draws whose statistic h is ≥ x (binary search over the sorted draws). */
function tailWeights(stats: Float64Array, weights: Float64Array, B: number, m: number, h: number): (x: number) => number {
  const idx = Array.from({ length: B }, (_, b) => b);
  idx.sort((a, b) => stats[b * m + h]! - stats[a * m + h]! || a - b);
  const sorted = new Float64Array(B);
  const cum = new Float64Array(B + 1);
  for (let k = 0; k < B; k++) {
    sorted[k] = stats[idx[k]! * m + h]!;
    cum[k + 1] = cum[k]! + weights[idx[k]!]!;
  }
  return (x) => {
    let lo = 0;
    let hi = B; // count of sorted values ≥ x: first k with sorted[k] < x
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! >= x) lo = mid + 1;
      else hi = mid;
    }
    return cum[lo]!;
  };
}

/**
 * Evaluate K statistics on every assignment of a {@link PermutationSource}: the randomization
 * distribution of each, in one pass over the assignments (so K outcomes or arms share the same
 * permutations, as family-wise procedures need). Only the K × size values are kept, never the
 * assignments. A statistic that throws or is NaN on an assignment is recorded as NaN and counted.
 */
import { throwIfAborted } from "../internal/abort.js";
import type { PermutationRange, PermutationSource } from "./permutation-source.js";

/** K statistics of one assignment. */
export interface PermutationStatistics {
  /** Number of statistics per assignment. */
  readonly k: number;
  /**
   * Write the K statistics of assignment `arm` (a reused buffer) into `out[0..k)`; NaN where one
   * cannot be computed. Throwing marks all K as failed for this assignment.
   */
  evaluate(arm: Int32Array, out: Float64Array): void;
}

/** Options of {@link evaluatePermutations}. */
export interface EvaluateOptions extends PermutationRange {
  /** Called every `progressEvery` assignments and at the end with (done, total); a throw stops the run. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Assignments between progress calls. Default 1000. */
  readonly progressEvery?: number;
  /** Stops the run with an `ABORTED` EnsayoError (the signal's reason as its cause) when aborted. */
  readonly signal?: AbortSignal;
}

/** The randomization distributions of K statistics over a range of assignments. */
export interface PermutationValues {
  /** Statistics per assignment. */
  readonly k: number;
  /** First assignment index of the range. */
  readonly start: number;
  /** Assignments evaluated. */
  readonly size: number;
  /** size × k values, assignment-major: `values[i * k + j]` is statistic j on assignment start + i (NaN if failed). */
  readonly values: Float64Array;
  /** Weight of each assignment (exact probability, or 1 / draws). */
  readonly weights: Float64Array;
  /** Per statistic: assignments on which it threw or was NaN. */
  readonly failed: Int32Array;
  /** The first error thrown by the statistic, if any (its message). */
  readonly firstError: string | null;
}

/**
 * Run `stats` over the assignments of `source` (or of `options.start … end`).
 *
 * @example
 * ```ts
 * import { permutationSource } from "./permutation-source.js";
 * const src = permutationSource(declareRa({ n: 4, m: 2 }), { n: 4, seed: 1 });
 * const y = [1, 2, 3, 4];
 * const dim = { k: 1, evaluate: (a: Int32Array, out: Float64Array) => { let t = 0; for (let i = 0; i < 4; i++) t += a[i] ? y[i]! : -y[i]!; out[0] = t / 2; } };
 * [...evaluatePermutations(src, dim).values].sort((a, b) => a - b); // [-2, -1, 0, 0, 1, 2]
 * ```
 */
export function evaluatePermutations(source: PermutationSource, stats: PermutationStatistics, options: EvaluateOptions = {}): PermutationValues {
  const { k } = stats;
  const start = Math.max(0, options.start ?? 0);
  const end = Math.min(options.end ?? source.size, source.size);
  const size = Math.max(0, end - start);
  const values = new Float64Array(size * k);
  const weights = new Float64Array(size);
  const failed = new Int32Array(k);
  const out = new Float64Array(k);
  let firstError: string | null = null;
  const every = Math.max(1, options.progressEvery ?? 1000);
  const { onProgress, signal } = options;
  throwIfAborted(signal, "before the first assignment");
  let done = 0;
  source.forEach(
    (arm, weight, index) => {
      const row = (index - start) * k;
      weights[index - start] = weight;
      try {
        out.fill(NaN);
        stats.evaluate(arm, out);
        for (let j = 0; j < k; j++) {
          const v = out[j]!;
          values[row + j] = v;
          if (Number.isNaN(v)) failed[j]!++;
        }
      } catch (e) {
        firstError ??= e instanceof Error ? e.message : String(e);
        for (let j = 0; j < k; j++) {
          values[row + j] = NaN;
          failed[j]!++;
        }
      }
      done++;
      // The signal is read after every assignment (one property read), progress is reported every `every`.
      if (signal?.aborted) throwIfAborted(signal, `after ${done} of ${size} assignments`);
      if (done % every === 0) onProgress?.(done, size);
    },
    { start, end },
  );
  if (done % every !== 0) onProgress?.(done, size);
  return { k, start, size, values, weights, failed, firstError };
}

/**
 * Join the values of consecutive ranges (e.g. from worker threads) into one, as if evaluated at once.
 */
export function concatPermutationValues(parts: readonly PermutationValues[]): PermutationValues {
  const sorted = [...parts].sort((a, b) => a.start - b.start);
  const k = sorted[0]?.k ?? 0;
  const size = sorted.reduce((s, p) => s + p.size, 0);
  const values = new Float64Array(size * k);
  const weights = new Float64Array(size);
  const failed = new Int32Array(k);
  let off = 0;
  let firstError: string | null = null;
  for (const p of sorted) {
    values.set(p.values, off * k);
    weights.set(p.weights, off);
    for (let j = 0; j < k; j++) failed[j]! += p.failed[j]!;
    firstError ??= p.firstError;
    off += p.size;
  }
  return { k, start: sorted[0]?.start ?? 0, size, values, weights, failed, firstError };
}

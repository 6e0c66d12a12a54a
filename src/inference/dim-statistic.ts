/**
 * The difference in means of every arm against control under a permuted assignment, as
 * `differenceInMeans` computes its estimate, for several outcome vectors at once: unblocked (with
 * or without clusters, which do not change the estimate) the (weighted) mean difference; blocked,
 * block-clustered and matched pairs Σ_b N_b (ȳ_b,arm − ȳ_b,control) / Σ_b N_b with N_b the units
 * (or weights) of the two conditions in block b. One pass over the units per assignment; a block
 * without one of the two conditions makes that arm's statistic NaN (differenceInMeans refuses it).
 */
import type { PermutationStatistics } from "./evaluate-permutations.js";

/** What the difference in means needs, fixed across assignments. */
export interface DimSetup {
  /** Outcome vectors (m of them), each of length n. */
  readonly outcomes: readonly Float64Array[];
  readonly k: number;
  readonly control: number;
  /** Arms compared with control, in output order. */
  readonly arms: readonly number[];
  /** Block code per unit, or null. */
  readonly block: Int32Array | null;
  readonly nBlocks: number;
  readonly weights: Float64Array | null;
}

/** The count of treated units of the last {@link treatedSum} (a module variable: see there). */
let treatedCount = 0;

/**
 * Σ y_i z_i with z_i = arm_i XOR flip (1 for the treated), and the treated count in `treatedCount`.
 * A function of its own whose loop is its last statement: V8 optimizes a long loop while a function runs
 * it for the first time (on-stack replacement), before the statements after the loop have run; when those
 * were typed-array stores, the optimized loop deoptimized at them on every call until the whole function
 * was optimized (2,248 times in riTest's first 2,000 draws at n = 10,000, in every thread). The count
 * leaves through a module variable, which needs no type feedback.
 */
function treatedSum(y: Float64Array, arm: Int32Array, flip: number, n: number): number {
  let acc = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const z = arm[i]! ^ flip;
    count += z;
    acc += y[i]! * z;
  }
  treatedCount = count;
  return acc;
}

/**
 * K = m × arms statistics per assignment: `out[t * arms.length + a]` is arm a's difference for outcome t.
 *
 * @example
 * ```ts
 * const s = dimStatistics({ outcomes: [Float64Array.of(1, 2, 3, 5)], k: 2, control: 0, arms: [1], block: null, nBlocks: 1, weights: null });
 * const out = new Float64Array(1); s.evaluate(Int32Array.of(0, 0, 1, 1), out); out[0]; // 2.5
 * ```
 */
export function dimStatistics(s: DimSetup): PermutationStatistics {
  const { outcomes, k, control, arms, block, weights } = s;
  const m = outcomes.length;
  const B = block ? s.nBlocks : 1;
  const n = outcomes[0]!.length;
  const W = new Float64Array(B * k);
  const S = new Float64Array(m * B * k);
  const nA = arms.length;
  if (k === 2 && !block && !weights) {
    // two arms, no blocks, no weights: Σ over the treated by multiply-add (no branch on a random arm)
    const treated = arms[0]!;
    const totals = outcomes.map((y) => y.reduce((acc, v) => acc + v, 0));
    const sums = new Float64Array(m);
    return {
      k: m,
      evaluate(arm, out) {
        sums.fill(0);
        let n1 = 0;
        const flip = treated === 1 ? 0 : 1;
        // the first outcome's pass also counts the treated (one pass over the units instead of two)
        sums[0] = treatedSum(outcomes[0]!, arm, flip, n);
        n1 = treatedCount;
        for (let t = 1; t < m; t++) {
          const y = outcomes[t]!;
          let acc = 0;
          for (let i = 0; i < n; i++) acc += y[i]! * (arm[i]! ^ flip);
          sums[t] = acc;
        }
        const n0 = n - n1;
        for (let t = 0; t < m; t++) out[t] = n1 === 0 || n0 === 0 ? NaN : sums[t]! / n1 - (totals[t]! - sums[t]!) / n0;
      },
    };
  }
  return {
    k: m * nA,
    evaluate(arm, out) {
      W.fill(0);
      S.fill(0);
      const stride = B * k;
      if (!block && !weights && m === 1) {
        const y = outcomes[0]!;
        for (let i = 0; i < n; i++) {
          const a = arm[i]!;
          W[a]++;
          S[a] += y[i]!;
        }
      } else {
        for (let i = 0; i < n; i++) {
          const idx = (block ? block[i]! * k : 0) + arm[i]!;
          const w = weights ? weights[i]! : 1;
          W[idx] += w;
          for (let t = 0; t < m; t++) S[t * stride + idx] += w * outcomes[t]![i]!;
        }
      }
      for (let a = 0; a < nA; a++) {
        const j = arms[a]!;
        for (let t = 0; t < m; t++) {
          let est = 0;
          let N = 0;
          for (let b = 0; b < B; b++) {
            const w0 = W[b * k + control]!;
            const w1 = W[b * k + j]!;
            if (w0 + w1 === 0) continue;
            if (w0 === 0 || w1 === 0) {
              est = NaN;
              break;
            }
            const nb = w0 + w1;
            est += nb * (S[t * stride + b * k + j]! / w1 - S[t * stride + b * k + control]! / w0);
            N += nb;
          }
          out[t * nA + a] = est / N;
        }
      }
    },
  };
}

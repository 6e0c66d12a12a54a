/**
 * Horvitz–Thompson estimate and Young's-inequality (conservative) variance for one
 * stratum (a block, or the whole sample), in O(n) instead of estimatr's 2N × 2N
 * condition-probability matrix. Internal.
 *
 * Randomization units r (clusters, or units) in the stratum carry the total T_r of
 * their outcomes, their arm, and π2_r / π1_r (probabilities of condition2 /
 * condition1). With Y2_r = T_r / π2_r for units in condition2, Y1_r = T_r / π1_r in
 * condition1 and N the number of individual units:
 *
 *   τ̂ = (Σ Y2 − Σ Y1) / N                                   (Aronow & Middleton 2013)
 *   N² V̂ = Σ Y2² + Σ Y1² + V(Y2; π22) + V(Y1; π11) − 2 C(Y2, Y1; π21)
 *
 * V(Y; π) = Σ_{i≠j} Y_i Y_j (π_ij − π_i π_j) / π_ij, where a pair with π_ij = 0
 * contributes Y_i Y_j (0 − π_i π_j) + Y_i² π_i / 2 + Y_j² π_j / 2 (Young's inequality);
 * C = Σ_i Σ_j Y2_i Y1_j (π_ij − π2_i π1_j) / π_ij (or without the division when π_ij = 0).
 * These are the sums of estimatr's `ht_var_partial` / `ht_covar_partial`.
 *
 * Under simple (Bernoulli) assignment every off-diagonal π_ij equals π_i π_j, so both
 * sums vanish. Under complete assignment of m units with probability p the joint
 * probabilities are constants (estimatr's `gen_joint_pr_complete`, which allows a
 * non-integer p·m), so the double sums reduce to (Σ Y)² − Σ Y².
 */

/** Joint assignment probabilities of two distinct units under complete random assignment. */
export function jointComplete(p: number, m: number): { p11: number; p10: number; p00: number } {
  const nTreated = p * m;
  const remainder = nTreated % 1;
  const fl = Math.floor(nTreated);
  const nControl = m - fl;
  return {
    p11: remainder * ((fl + 1) / m) * (fl / (m - 1)) + (1 - remainder) * (fl / m) * ((fl - 1) / (m - 1)),
    p10: remainder * ((nControl - 1) / m) * ((fl + 1) / (m - 1)) + (1 - remainder) * (nControl / m) * (fl / (m - 1)),
    p00: remainder * ((nControl - 1) / m) * ((nControl - 2) / (m - 1)) + (1 - remainder) * (nControl / m) * ((nControl - 1) / (m - 1)),
  };
}

/** One stratum's randomization units. */
export interface HtStratum {
  /** Outcome total of each randomization unit. */
  readonly total: Float64Array;
  /** 1 = condition2, 0 = condition1. */
  readonly arm: Uint8Array;
  /** Probability of condition2 of each randomization unit. */
  readonly p2: Float64Array;
  /** Probability of condition1 of each randomization unit. */
  readonly p1: Float64Array;
  /** Individual units in the stratum (the divisor N). */
  readonly nUnits: number;
  /**
   * Randomization units in the stratum counted by the complete design (all conditions),
   * used for the joint probabilities; ignored for simple designs.
   */
  readonly mUnits: number;
}

/** Estimate and SE for one stratum; `varianceIssue` explains a NaN SE. */
export function htStratum(s: HtStratum, complete: boolean): { estimate: number; stdError: number; varianceIssue?: string } {
  const m = s.total.length;
  let s2 = 0;
  let q2 = 0;
  let s1 = 0;
  let q1 = 0;
  let n2 = 0;
  let n1 = 0;
  for (let r = 0; r < m; r++) {
    if (s.arm[r]) {
      const v = s.total[r]! / s.p2[r]!;
      s2 += v;
      q2 += v * v;
      n2++;
    } else {
      const v = s.total[r]! / s.p1[r]!;
      s1 += v;
      q1 += v * v;
      n1++;
    }
  }
  const N = s.nUnits;
  const estimate = (s2 - s1) / N;
  let varN2 = q2 + q1;
  if (complete) {
    // p constant in the stratum (checked by the caller): take it from the first unit.
    const p = s.p2[0]!;
    const { p11, p10, p00 } = jointComplete(p, s.mUnits);
    varN2 += pairSum(s2, q2, n2, p11, p) + pairSum(s1, q1, n1, p00, 1 - p);
    const cross = s2 * s1;
    varN2 -= 2 * (p10 === 0 ? cross * (0 - p * (1 - p)) : (cross * (p10 - p * (1 - p))) / p10);
  }
  if (Number.isNaN(varN2)) return { estimate, stdError: NaN, varianceIssue: "the variance is NaN (check the condition probabilities)" };
  if (varN2 < 0) return { estimate, stdError: NaN, varianceIssue: "the variance estimate is below 0" };
  return { estimate, stdError: Math.sqrt(varN2) / N };
}

/** Σ_{i≠j} of the HT pair term for constant joint probability pj and marginal pd. */
function pairSum(sum: number, sumSq: number, count: number, pj: number, pd: number): number {
  const offDiag = sum * sum - sumSq; // Σ_{i≠j} Y_i Y_j
  if (pj === 0) return -pd * pd * offDiag + pd * (count - 1) * sumSq;
  return (offDiag * (pj - pd * pd)) / pj;
}

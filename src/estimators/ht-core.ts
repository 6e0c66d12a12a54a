/**
 * Horvitz–Thompson estimate and Young's-inequality (conservative) variance for one
 * stratum (a block, or the whole sample), in O(n) instead of estimatr's 2N × 2N
 * condition-probability matrix. Internal.
 *
 * Randomization units r (clusters, or units) in the stratum carry the total T_r of
 * their outcomes, their arm, and π2_r / π1_r (probabilities of treated /
 * control). With Y2_r = T_r / π2_r for units in treated, Y1_r = T_r / π1_r in
 * control and N the number of individual units:
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
  /** 1 = treated, 0 = control. */
  readonly arm: Uint8Array;
  /** Probability of treated of each randomization unit. */
  readonly p2: Float64Array;
  /** Probability of control of each randomization unit. */
  readonly p1: Float64Array;
  /** Individual units in the stratum (the divisor N). */
  readonly nUnits: number;
  /**
   * Randomization units in the stratum counted by the complete design (all conditions),
   * used for the joint probabilities; ignored for simple designs.
   */
  readonly mUnits: number;
}

/**
 * Joint probabilities of two distinct units under a complete design: both in treated
 * (p22), both in control (p11), the first in treated and the second in control
 * (p21), with the marginals π2 and π1.
 */
export interface CompleteJoint {
  readonly p22: number;
  readonly p11: number;
  readonly p21: number;
  readonly pi2: number;
  readonly pi1: number;
}

/**
 * Joint probabilities for a complete design of N units with exactly m2 in treated and m1
 * in control (any other units in other conditions): m_a(m_a − 1)/(N(N − 1)) for the same
 * condition, m2·m1/(N(N − 1)) for different ones.
 */
export function jointFixedCounts(N: number, m2: number, m1: number): CompleteJoint {
  const d = N * (N - 1);
  return { p22: (m2 * (m2 - 1)) / d, p11: (m1 * (m1 - 1)) / d, p21: (m2 * m1) / d, pi2: m2 / N, pi1: m1 / N };
}

/**
 * Estimate and SE for one stratum; `varianceIssue` explains a NaN SE.
 *
 * @param complete - false: simple assignment; true: two-arm complete assignment with the
 *   stratum's constant π2 (estimatr's `gen_joint_pr_complete` over `mUnits`); or explicit joint probabilities.
 */
export function htStratum(s: HtStratum, complete: boolean | CompleteJoint): { estimate: number; stdError: number; varianceIssue?: string } {
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
  if (complete !== false) {
    let j: CompleteJoint;
    if (complete === true) {
      // p constant in the stratum (checked by the caller): take it from the first unit.
      const p = s.p2[0]!;
      const { p11, p10, p00 } = jointComplete(p, s.mUnits);
      j = { p22: p11, p11: p00, p21: p10, pi2: p, pi1: 1 - p };
    } else j = complete;
    varN2 += pairSum(s2, q2, n2, j.p22, j.pi2) + pairSum(s1, q1, n1, j.p11, j.pi1);
    const cross = s2 * s1;
    const c = j.pi2 * j.pi1;
    varN2 -= 2 * (j.p21 === 0 ? cross * (0 - c) : (cross * (j.p21 - c)) / j.p21);
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

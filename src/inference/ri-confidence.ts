/**
 * The confidence set of a linear statistic by test inversion over constant effects: the effects τ
 * of one arm (the other arms held at their sharp-null values) that the randomization test does not
 * reject at `alpha`. Under τ the statistic of assignment π is s_π(τ) = A_π − Σ_l τ_l B_π,l + τ
 * (see ri-statistic), so p(τ) costs one pass over the null distribution, with no new assignments.
 *
 * Search: p equals 1 at τ = the observed estimate. On each side the step starts at twice the
 * null distribution's standard deviation of A (or 1 when it is 0) and doubles (at most 64 times)
 * until a τ is rejected; then bisection between the last accepted and the first rejected τ, 200
 * halvings or until they agree to 1e-12 relative. The bound reported is the last accepted τ. When
 * the p-value function is not monotone (few assignments), a rejected pocket inside the doubling
 * grid's first accepted step is not searched: the set is reported as one interval. A side that is
 * never rejected (one-sided alternatives) gives ±Infinity.
 */
import { isExtreme, type Alternative } from "./p-value.js";

/** The null distribution of one arm's linear statistic, as riTest keeps it. */
export interface LinearNull {
  /** Values per assignment, K per row (outcome-major: A at `a`, B_l at `(1 + l) · nA + a`). */
  readonly values: Float64Array;
  readonly k: number;
  readonly weights: Float64Array | null;
  /** Position of this arm among the arms. */
  readonly a: number;
  readonly nA: number;
  /** τ of every arm (positions among the arms). */
  readonly tau: Float64Array;
  /** Observed statistic. */
  readonly observed: number;
}

/** p(τ) for this arm's constant effect τ (other arms at their τ). */
export function invertedPValue(d: LinearNull, tauA: number, alternative: Alternative): number {
  const { values, k, weights, a, nA, tau, observed } = d;
  const size = values.length / k;
  let hit = 0;
  let total = 0;
  for (let i = 0; i < size; i++) {
    const row = i * k;
    let s = values[row + a]!;
    if (Number.isNaN(s)) continue;
    for (let l = 0; l < nA; l++) s -= (l === a ? tauA : tau[l]!) * values[row + (1 + l) * nA + a]!;
    s += tauA;
    const w = weights ? weights[i]! : 1;
    total += w;
    if (isExtreme(s, observed, tauA, alternative)) hit += w;
  }
  return total > 0 ? hit / total : NaN;
}

/** [low, high] of the set {τ : p(τ) ≥ alpha} found as the module comment says. */
export function invertTest(d: LinearNull, alpha: number, alternative: Alternative): { low: number; high: number } {
  const { values, k, a } = d;
  const size = values.length / k;
  let m = 0;
  let ss = 0;
  let cnt = 0;
  for (let i = 0; i < size; i++) {
    const v = values[i * k + a]!;
    if (Number.isNaN(v)) continue;
    cnt++;
    const dlt = v - m;
    m += dlt / cnt;
    ss += dlt * (v - m);
  }
  const sd = cnt > 1 ? Math.sqrt(ss / (cnt - 1)) : 0;
  const step0 = sd > 0 ? 2 * sd : 1;
  const start = d.observed;
  if (!Number.isFinite(start)) return { low: NaN, high: NaN };
  const accept = (t: number): boolean => invertedPValue(d, t, alternative) >= alpha;
  const side = (dir: 1 | -1): number => {
    let inside = start;
    let step = step0;
    let outside = NaN;
    for (let it = 0; it < 64; it++) {
      const t = start + dir * step;
      if (!accept(t)) {
        outside = t;
        break;
      }
      inside = t;
      step *= 2;
    }
    if (Number.isNaN(outside)) return dir * Infinity;
    for (let it = 0; it < 200; it++) {
      const mid = (inside + outside) / 2;
      if (mid === inside || mid === outside || Math.abs(outside - inside) <= 1e-12 * Math.max(1, Math.abs(mid))) break;
      if (accept(mid)) inside = mid;
      else outside = mid;
    }
    return inside;
  };
  return { low: side(-1), high: side(1) };
}

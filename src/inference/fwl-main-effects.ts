/**
 * Regression statistics of a treatment that enters as arm dummies only (lmRobust's `y ~ z + X`,
 * one coefficient per arm against control), with the covariates X fixed across assignments. By
 * Frisch–Waugh–Lovell with M = I − QQ' (Q an orthonormal basis of X, computed once), the
 * coefficients of the dummies W are b = G⁻¹ W'My with
 *   G_ab = W_a'M W_b = δ_ab n_a − S_a'S_b,   S_a = Q'W_a = Σ_{i in arm a} Q_i,   W_a'My = Σ_{i in arm a} (My)_i,
 * so an assignment costs one pass sorting the units by arm and r + 1 sums over every arm but the
 * largest ({@link armSums}), then a small k × k solve: O(min(n₁, n₀) · r) for two arms.
 *
 * Under the sharp null y = y₀ + Σ_a τ_a W_a, so My = My₀ + Σ_a τ_a MW_a and b = G⁻¹W'My₀ + τ: the
 * outcome is residualized once, and the residuals e = My₀ − MW b₀ do not depend on τ. The t
 * statistic and the Wald F add one pass over the units for the sandwich meat
 * (HC0–HC3 with leverages h_i = ‖Q_i‖² + w̃_i'G⁻¹w̃_i, w̃_i = W_i − S'Q_i the i-th row of MW; CR0 and
 * stata from cluster sums of w̃_i e_i; classical s²G⁻¹), the estimators of `lmRobust`.
 */
import { fwlBasis, fwlResidualize } from "./fwl-basis.js";
import { seScale } from "../kernel/se-types.js";
import { armSums, type ArmSums } from "./fwl-arm-sums.js";
import { spdInverseInto } from "../math/linalg.js";
import type { PermutationStatistics } from "./evaluate-permutations.js";
import type { FwlSeType } from "./fwl-statistic.js";

/** The coefficient statistics' inputs. */
export interface MainEffectCoefficientSetup {
  /** Columns that do not depend on the assignment (intercept included), each of length n. */
  readonly covariates: readonly Float64Array[];
  readonly k: number;
  readonly control: number;
  /** Arms with a dummy (every arm but control), in output order. */
  readonly arms: readonly number[];
  /** Outcome vectors (m); the statistic is linear in each. */
  readonly outcomes: readonly Float64Array[];
}

/** Columns of Q (row-major n × r) as r arrays. */
function qColumns(q: Float64Array, n: number, r: number): Float64Array[] {
  return Array.from({ length: r }, (_, c) => Float64Array.from({ length: n }, (_, i) => q[i * r + c]!));
}

/** G = diag(n_a) − S'S over the arms with a dummy, from per-arm sums whose first r columns are Q's. */
function gram(s: ArmSums, arms: readonly number[], r: number, G: Float64Array): void {
  const nA = arms.length;
  const w = s.width;
  for (let a = 0; a < nA; a++) {
    const oa = arms[a]! * w;
    for (let b = 0; b <= a; b++) {
      const ob = arms[b]! * w;
      let acc = a === b ? s.counts[arms[a]!]! : 0;
      for (let c = 0; c < r; c++) acc -= s.sums[oa + c]! * s.sums[ob + c]!;
      G[a * nA + b] = acc;
      G[b * nA + a] = acc;
    }
  }
}

/**
 * K = m × arms coefficients per assignment: `out[t * arms + a]` is arm a's coefficient for outcome t
 * (NaN when the assignment makes the treatment collinear with the covariates).
 *
 * @example
 * ```ts
 * // intercept only: the coefficient is the difference in means
 * const s = mainEffectCoefficients({ covariates: [new Float64Array(4).fill(1)], k: 2, control: 0, arms: [1], outcomes: [Float64Array.of(1, 2, 3, 5)] });
 * const out = new Float64Array(1);
 * s.evaluate(Int32Array.of(0, 0, 1, 1), out);
 * out[0]; // 2.5
 * ```
 */
export function mainEffectCoefficients(s: MainEffectCoefficientSetup): PermutationStatistics & { readonly rank: number } {
  const n = s.outcomes[0]!.length;
  const basis = fwlBasis(s.covariates, n);
  const { r } = basis;
  const m = s.outcomes.length;
  const { arms } = s;
  const nA = arms.length;
  const sums = armSums([...qColumns(basis.q, n, r), ...s.outcomes.map((y) => fwlResidualize(basis, y))], s.k, n);
  const w = sums.width;
  const G = new Float64Array(nA * nA);
  const Ginv = new Float64Array(nA * nA);
  const l = new Float64Array(nA * nA);
  const li = new Float64Array(nA * nA);
  return {
    k: m * nA,
    rank: r,
    evaluate(arm, out) {
      sums.run(arm);
      gram(sums, arms, r, G);
      if (!spdInverseInto(G, nA, l, li, Ginv)) return; // out stays NaN
      for (let t = 0; t < m; t++) {
        for (let a = 0; a < nA; a++) {
          let acc = 0;
          for (let b = 0; b < nA; b++) acc += Ginv[a * nA + b]! * sums.sums[arms[b]! * w + r + t]!;
          out[t * nA + a] = acc;
        }
      }
    },
  };
}

/** The t / F statistics' inputs. */
export interface MainEffectTestSetup {
  readonly covariates: readonly Float64Array[];
  readonly k: number;
  readonly control: number;
  readonly arms: readonly number[];
  /** "t": each arm's t statistic; "F": the Wald F of all arm dummies. */
  readonly value: "t" | "F";
  readonly seType: FwlSeType;
  readonly clusters: Int32Array | null;
  readonly nClusters: number;
  /** The observed outcome (for the observed statistic). */
  readonly y: Float64Array;
  /** Y(control) under the sharp null, and τ per arm (0 for control): y under an assignment is y₀ + τ[arm]. */
  readonly y0: Float64Array;
  readonly tauByArm: Float64Array;
  /** The observed assignment. */
  readonly observed: Int32Array;
}

/**
 * The t statistics (K = arms) or the Wald F (K = 1) under each assignment of the sharp null, and
 * `observe` for the observed outcome and assignment.
 *
 * @example
 * ```ts
 * const y = Float64Array.of(1, 2, 3, 5);
 * const observed = Int32Array.of(0, 0, 1, 1);
 * const s = mainEffectTests({ covariates: [new Float64Array(4).fill(1)], k: 2, control: 0, arms: [1], value: "t", seType: "classical", clusters: null, nClusters: 0, y, y0: y, tauByArm: new Float64Array(2), observed });
 * const out = new Float64Array(1);
 * s.observe(out);
 * out[0]; // 2.236068 (lmRobust(y ~ z, se_type = "classical")'s t: 2.5 / √1.25)
 * ```
 */
export function mainEffectTests(s: MainEffectTestSetup): { readonly stats: PermutationStatistics; observe(out: Float64Array): void; readonly rank: number } {
  const n = s.y.length;
  const basis = fwlBasis(s.covariates, n);
  const { r, q, h } = basis;
  const { arms, k } = s;
  const nA = arms.length;
  const qCols = qColumns(q, n, r);
  const yt0 = fwlResidualize(basis, s.y0);
  const sums0 = armSums([...qCols, yt0], k, n);
  // the observed outcome itself, not y₀ + τ (which may differ in the last bit)
  const ytObs = fwlResidualize(basis, s.y);
  const sumsObs = armSums([...qCols, ytObs], k, n);

  const rank = r + nA;
  const dfRes = n - rank;
  const J = s.nClusters;
  const cl = s.clusters;
  const { seType } = s;
  const factor = seScale(seType, n, rank, J); // the registry's scale (HC1, stata), n − rank = dfRes
  const hcPow = seType === "HC2" ? 1 : seType === "HC3" ? 2 : 0;
  const pos = new Int32Array(k).fill(-1);
  arms.forEach((a, jj) => (pos[a] = jj));
  const inArm = new Float64Array(k);
  inArm[arms[0]!] = 1;
  const G = new Float64Array(nA * nA);
  const Ginv = new Float64Array(nA * nA);
  const l = new Float64Array(nA * nA);
  const li = new Float64Array(nA * nA);
  const S = new Float64Array(nA * r);
  const b0 = new Float64Array(nA);
  const wt = new Float64Array(nA);
  const meat = new Float64Array(nA * nA);
  const tmp = new Float64Array(nA * nA);
  const V = new Float64Array(nA * nA);
  const VS = new Float64Array(nA * nA);
  const VSinv = new Float64Array(nA * nA);
  const U = cl ? new Float64Array(J * nA) : null;

  const run = (arm: Int32Array, sums: ArmSums, yt: Float64Array, tau: Float64Array | null, out: Float64Array): void => {
    sums.run(arm);
    gram(sums, arms, r, G);
    if (!spdInverseInto(G, nA, l, li, Ginv)) return;
    const w = sums.width;
    for (let a = 0; a < nA; a++) for (let c = 0; c < r; c++) S[a * r + c] = sums.sums[arms[a]! * w + c]!;
    for (let a = 0; a < nA; a++) {
      let acc = 0;
      for (let b = 0; b < nA; b++) acc += Ginv[a * nA + b]! * sums.sums[arms[b]! * w + r]!;
      b0[a] = acc;
    }
    meat.fill(0);
    U?.fill(0);
    let rss = 0;
    if (nA === 1) {
      // one arm: w̃_i = d_i − Q_i'S, e_i = (My)_i − w̃_i b; one loop per variance type, locals only
      const b = b0[0]!;
      const g = Ginv[0]!;
      const qq = q;
      const hh = h;
      const ind = inArm;
      const s0 = S;
      let m00 = 0;
      if (cl) {
        const u2 = U!;
        for (let i = 0; i < n; i++) {
          const qi = i * r;
          let u = 0;
          for (let c = 0; c < r; c++) u += qq[qi + c]! * s0[c]!;
          const wi = ind[arm[i]!]! - u;
          u2[cl[i]!] += wi * (yt[i]! - wi * b);
        }
      } else if (hcPow === 1) {
        for (let i = 0; i < n; i++) {
          const qi = i * r;
          let u = 0;
          for (let c = 0; c < r; c++) u += qq[qi + c]! * s0[c]!;
          const wi = ind[arm[i]!]! - u;
          const e = yt[i]! - wi * b;
          const w2 = wi * wi;
          m00 += (e * e * w2) / (1 - (hh[i]! + w2 * g));
        }
      } else if (hcPow === 2) {
        for (let i = 0; i < n; i++) {
          const qi = i * r;
          let u = 0;
          for (let c = 0; c < r; c++) u += qq[qi + c]! * s0[c]!;
          const wi = ind[arm[i]!]! - u;
          const e = yt[i]! - wi * b;
          const w2 = wi * wi;
          const one = 1 - (hh[i]! + w2 * g);
          m00 += (e * e * w2) / (one * one);
        }
      } else {
        for (let i = 0; i < n; i++) {
          const qi = i * r;
          let u = 0;
          for (let c = 0; c < r; c++) u += qq[qi + c]! * s0[c]!;
          const wi = ind[arm[i]!]! - u;
          const e = yt[i]! - wi * b;
          const e2 = e * e;
          rss += e2;
          m00 += e2 * wi * wi;
        }
      }
      meat[0] = m00;
    } else {
      for (let i = 0; i < n; i++) {
        const jj = pos[arm[i]!]!;
        const qi = i * r;
        let fit = 0;
        for (let a = 0; a < nA; a++) {
          let u = 0;
          for (let c = 0; c < r; c++) u += q[qi + c]! * S[a * r + c]!;
          const wa = (jj === a ? 1 : 0) - u;
          wt[a] = wa;
          fit += wa * b0[a]!;
        }
        const e = yt[i]! - fit;
        if (cl) {
          const o = cl[i]! * nA;
          for (let a = 0; a < nA; a++) U![o + a] += wt[a]! * e;
          continue;
        }
        rss += e * e;
        let omega = e * e;
        if (hcPow) {
          let hw = 0;
          for (let a = 0; a < nA; a++) {
            let acc = 0;
            for (let b = 0; b < nA; b++) acc += Ginv[a * nA + b]! * wt[b]!;
            hw += wt[a]! * acc;
          }
          const one = 1 - (h[i]! + hw);
          omega /= hcPow === 1 ? one : one * one;
        }
        for (let a = 0; a < nA; a++) for (let b = 0; b <= a; b++) meat[a * nA + b] += omega * wt[a]! * wt[b]!;
      }
    }
    if (seType === "classical") {
      const s2 = rss / dfRes;
      for (let a = 0; a < nA * nA; a++) V[a] = s2 * Ginv[a]!;
    } else {
      if (U) for (let g = 0; g < J; g++) for (let a = 0; a < nA; a++) for (let b = 0; b <= a; b++) meat[a * nA + b] += U[g * nA + a]! * U[g * nA + b]!;
      for (let a = 0; a < nA; a++) for (let b = 0; b < a; b++) meat[b * nA + a] = meat[a * nA + b]!;
      // V = G⁻¹ meat G⁻¹ · factor
      for (let a = 0; a < nA; a++) for (let b = 0; b < nA; b++) {
        let acc = 0;
        for (let c = 0; c < nA; c++) acc += meat[a * nA + c]! * Ginv[c * nA + b]!;
        tmp[a * nA + b] = acc;
      }
      for (let a = 0; a < nA; a++) for (let b = 0; b < nA; b++) {
        let acc = 0;
        for (let c = 0; c < nA; c++) acc += Ginv[a * nA + c]! * tmp[c * nA + b]!;
        V[a * nA + b] = acc * factor;
      }
    }
    // the coefficients: b₀ plus the sharp null's effects (the residuals do not move with τ)
    for (let a = 0; a < nA; a++) wt[a] = b0[a]! + (tau ? tau[arms[a]!]! : 0);
    if (s.value === "t") {
      for (let a = 0; a < nA; a++) out[a] = wt[a]! / Math.sqrt(V[a * nA + a]!);
      return;
    }
    // Wald F of the arm dummies: b' V⁻¹ b / arms
    VS.set(V);
    if (!spdInverseInto(VS, nA, l, li, VSinv)) return;
    let F = 0;
    for (let a = 0; a < nA; a++) for (let b = 0; b < nA; b++) F += wt[a]! * VSinv[a * nA + b]! * wt[b]!;
    out[0] = F / nA;
  };

  return {
    rank: r,
    stats: { k: s.value === "t" ? nA : 1, evaluate: (arm, out) => run(arm, sums0, yt0, s.tauByArm, out) },
    observe: (out) => run(s.observed, sumsObs, ytObs, null, out),
  };
}

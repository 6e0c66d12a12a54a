/**
 * Regression statistics of the treatment under a permuted assignment, without refitting: by
 * Frisch–Waugh–Lovell, the coefficients of the assignment columns W (one dummy per arm, and for
 * `lmLin` each dummy times each centered covariate) in y ~ W + X equal those of M_X y on M_X W.
 * Everything that depends on X alone is factored once: X = QR, and M_X y for each outcome. Per
 * assignment only W changes, and
 *   Q'W and W'W are sums over the treated rows,   G = W'M_X W = W'W − (Q'W)'(Q'W),
 *   W'M_X y = W'(M_X y),                          b = G⁻¹ W'M_X y,
 * so the coefficient costs O(n_treated · r) instead of a QR of n × p. The t statistic and the Wald
 * F add one pass for the residuals e = M_X y − M_X W b and the sandwich
 * V = G⁻¹ (Σ ω_i w̃_i w̃_i' e_i²) G⁻¹ (HC0–HC3 with leverage h_i = ‖Q_i‖² + w̃_i'G⁻¹w̃_i; CR0 and
 * stata with cluster sums of w̃_i e_i; classical s²G⁻¹), the same estimators as `lmRobust`.
 * CR2 is not factored here (its per-cluster operators depend on W): riTest refuses it for t and F.
 */
import { symInverse } from "../math/linalg.js";
import { seScale } from "../kernel/se-types.js";
import { fwlBasis, fwlResidualize } from "./fwl-basis.js";
import type { PermutationStatistics } from "./evaluate-permutations.js";

/** Variance estimators the factored t and F support. */
export type FwlSeType = "classical" | "HC0" | "HC1" | "HC2" | "HC3" | "CR0" | "stata";

/** What the factored regression needs, fixed across assignments. */
export interface FwlSetup {
  /** The columns that do not depend on the assignment (intercept included), each of length n. */
  readonly covariates: readonly Float64Array[];
  /** For lmLin: the centered covariates each arm dummy is multiplied by (empty for lmRobust). */
  readonly interactions: readonly Float64Array[];
  readonly k: number;
  readonly control: number;
  /** Arms with a dummy (every arm but control), in output order. */
  readonly arms: readonly number[];
  /** Outcome vectors; with `value` "t" or "F", exactly one. */
  readonly outcomes: readonly Float64Array[];
  /** "estimate": each arm's coefficient per outcome; "t": each arm's t statistic; "F": the Wald F of all arm dummies. */
  readonly value: "estimate" | "t" | "F";
  readonly seType: FwlSeType;
  readonly clusters: Int32Array | null;
  readonly nClusters: number;
}

/**
 * The factored regression statistics (see the module comment). `K` is m × arms for "estimate"
 * (`out[t * arms + a]`), arms for "t", 1 for "F". `rank` is the covariates' rank (for df).
 *
 * @example
 * ```ts
 * const y = Float64Array.from([1, 2, 3, 4, 6, 8]);
 * const ones = new Float64Array(6).fill(1);
 * const s = fwlStatistics({ covariates: [ones], interactions: [], k: 2, control: 0, arms: [1], outcomes: [y], value: "estimate", seType: "HC2", clusters: null, nClusters: 0 });
 * const out = new Float64Array(s.k);
 * s.evaluate(Int32Array.from([0, 0, 0, 1, 1, 1]), out); // out[0] is lmRobust(y ~ z)'s coefficient on z for that assignment
 * out[0]; // 4
 * ```
 */
export function fwlStatistics(s: FwlSetup): PermutationStatistics & { readonly rank: number; residualized(t: number): Float64Array } {
  const n = s.outcomes[0]!.length;
  const basis = fwlBasis(s.covariates, n);
  const { r, q, h } = basis;
  const yt = s.outcomes.map((y) => fwlResidualize(basis, y));
  const xc = s.interactions;
  const per = 1 + xc.length;
  const nA = s.arms.length;
  const mW = nA * per;
  const m = s.outcomes.length;
  const pos = new Int32Array(s.k).fill(-1);
  s.arms.forEach((a, jj) => (pos[a] = jj));
  const QW = new Float64Array(mW * r);
  const WW = new Float64Array(mW * mW);
  const Wy = new Float64Array(m * mW);
  const v = new Float64Array(per);
  const G = new Float64Array(mW * mW);
  const beta = new Float64Array(mW);
  const wt = new Float64Array(mW);
  const meat = new Float64Array(mW * mW);
  const U = s.clusters ? new Float64Array(s.nClusters * mW) : null;
  const yPerm = s.value === "estimate" ? null : new Float64Array(n);

  const fill = (arm: Int32Array, ys: readonly Float64Array[]): void => {
    QW.fill(0);
    WW.fill(0);
    Wy.fill(0);
    for (let i = 0; i < n; i++) {
      const jj = pos[arm[i]!]!;
      if (jj < 0) continue;
      const base = jj * per;
      v[0] = 1;
      for (let l = 0; l < xc.length; l++) v[l + 1] = xc[l]![i]!;
      const qi = i * r;
      for (let a = 0; a < per; a++) {
        const va = v[a]!;
        const o = (base + a) * r;
        for (let c = 0; c < r; c++) QW[o + c] += q[qi + c]! * va;
        for (let b2 = 0; b2 < per; b2++) WW[(base + a) * mW + base + b2] += va * v[b2]!;
        for (let t = 0; t < ys.length; t++) Wy[t * mW + base + a] += va * ys[t]![i]!;
      }
    }
    for (let a = 0; a < mW; a++) {
      for (let b2 = 0; b2 <= a; b2++) {
        let acc = WW[a * mW + b2]!;
        for (let c = 0; c < r; c++) acc -= QW[a * r + c]! * QW[b2 * r + c]!;
        G[a * mW + b2] = acc;
        G[b2 * mW + a] = acc;
      }
    }
  };
  const solve = (Ginv: Float64Array, t: number): void => {
    for (let a = 0; a < mW; a++) {
      let acc = 0;
      for (let b2 = 0; b2 < mW; b2++) acc += Ginv[a * mW + b2]! * Wy[t * mW + b2]!;
      beta[a] = acc;
    }
  };

  if (s.value === "estimate") {
    return {
      k: m * nA,
      rank: r,
      residualized: (t) => yt[t]!,
      evaluate(arm, out) {
        fill(arm, yt);
        const Ginv = symInverse(G, mW);
        if (!Ginv) return; // out stays NaN: the assignment makes the design singular
        for (let t = 0; t < m; t++) {
          solve(Ginv, t);
          for (let a = 0; a < nA; a++) out[t * nA + a] = beta[a * per]!;
        }
      },
    };
  }

  const rank = r + mW;
  const dfRes = n - rank;
  const J = s.nClusters;
  const factor = seScale(s.seType, n, rank, J); // the registry's scale (HC1, stata), n − rank = dfRes
  const hcPow = s.seType === "HC2" ? 1 : s.seType === "HC3" ? 2 : 0;
  const V = new Float64Array(mW * mW);
  const tmp = new Float64Array(mW * mW);
  return {
    k: s.value === "t" ? nA : 1,
    rank: r,
    residualized: (t) => yt[t]!,
    evaluate(arm, out) {
      // y is the outcome under this assignment (the caller imputes it): residualize it here
      const y = s.outcomes[0]!;
      const ys = yPerm!;
      fwlResidualize(basis, y, ys);
      fill(arm, [ys]);
      const Ginv = symInverse(G, mW);
      if (!Ginv) return;
      solve(Ginv, 0);
      meat.fill(0);
      U?.fill(0);
      let rss = 0;
      for (let i = 0; i < n; i++) {
        const jj = pos[arm[i]!]!;
        v[0] = 1;
        for (let l = 0; l < xc.length; l++) v[l + 1] = xc[l]![i]!;
        // w̃_i = W_i − Q_i (Q'W)
        const qi = i * r;
        let fit = 0;
        for (let a = 0; a < mW; a++) {
          let acc = 0;
          for (let c = 0; c < r; c++) acc -= q[qi + c]! * QW[a * r + c]!;
          if (jj >= 0 && a >= jj * per && a < (jj + 1) * per) acc += v[a - jj * per]!;
          wt[a] = acc;
          fit += acc * beta[a]!;
        }
        const e = ys[i]! - fit;
        rss += e * e;
        if (s.seType === "classical") continue;
        if (U) {
          const o = s.clusters![i]! * mW;
          for (let a = 0; a < mW; a++) U[o + a] += wt[a]! * e;
          continue;
        }
        let omega = e * e;
        if (hcPow) {
          let hw = 0;
          for (let a = 0; a < mW; a++) {
            let acc = 0;
            for (let b2 = 0; b2 < mW; b2++) acc += Ginv[a * mW + b2]! * wt[b2]!;
            hw += wt[a]! * acc;
          }
          const one = 1 - (h[i]! + hw);
          omega /= hcPow === 1 ? one : one * one;
        }
        for (let a = 0; a < mW; a++) for (let b2 = 0; b2 <= a; b2++) meat[a * mW + b2] += omega * wt[a]! * wt[b2]!;
      }
      if (s.seType === "classical") {
        const s2 = rss / dfRes;
        for (let a = 0; a < mW * mW; a++) V[a] = s2 * Ginv[a]!;
      } else {
        if (U) for (let g = 0; g < J; g++) for (let a = 0; a < mW; a++) for (let b2 = 0; b2 <= a; b2++) meat[a * mW + b2] += U[g * mW + a]! * U[g * mW + b2]!;
        for (let a = 0; a < mW; a++) for (let b2 = 0; b2 < a; b2++) meat[b2 * mW + a] = meat[a * mW + b2]!;
        // V = G⁻¹ meat G⁻¹ · factor
        for (let a = 0; a < mW; a++) for (let b2 = 0; b2 < mW; b2++) {
          let acc = 0;
          for (let c = 0; c < mW; c++) acc += meat[a * mW + c]! * Ginv[c * mW + b2]!;
          tmp[a * mW + b2] = acc;
        }
        for (let a = 0; a < mW; a++) for (let b2 = 0; b2 < mW; b2++) {
          let acc = 0;
          for (let c = 0; c < mW; c++) acc += Ginv[a * mW + c]! * tmp[c * mW + b2]!;
          V[a * mW + b2] = acc * factor;
        }
      }
      if (s.value === "t") {
        for (let a = 0; a < nA; a++) out[a] = beta[a * per]! / Math.sqrt(V[a * per * mW + a * per]!);
        return;
      }
      // Wald F of the arm dummies: b_S' V_SS⁻¹ b_S / |S|
      const VS = new Float64Array(nA * nA);
      for (let a = 0; a < nA; a++) for (let b2 = 0; b2 < nA; b2++) VS[a * nA + b2] = V[a * per * mW + b2 * per]!;
      const VSinv = symInverse(VS, nA);
      if (!VSinv) return;
      let F = 0;
      for (let a = 0; a < nA; a++) for (let b2 = 0; b2 < nA; b2++) F += beta[a * per]! * VSinv[a * nA + b2]! * beta[b2 * per]!;
      out[0] = F / nA;
    },
  };
}

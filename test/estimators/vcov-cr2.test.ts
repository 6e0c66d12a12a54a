import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { cr2LowRank, cr2Naive, cr2WeightedLowRank } from "../../src/estimators/vcov-cr2.js";
import { symInverse } from "../../src/math/linalg.js";
import { createRng } from "../../src/internal/rng.js";

/** A random clustered design: intercept, a cluster-level treatment (X_g rank-deficient), covariates. */
function design(seed: number, J: number, k: number) {
  const rng = createRng(seed);
  const sizes = Array.from({ length: J }, () => 1 + rng.int(12));
  const n = sizes.reduce((a, b) => a + b, 0);
  const starts = new Int32Array(J + 1);
  for (let g = 0; g < J; g++) starts[g + 1] = starts[g]! + sizes[g]!;
  const r = 2 + k;
  const x = new Float64Array(n * r);
  for (let g = 0; g < J; g++) {
    const t = g % 2; // both arms present
    for (let i = starts[g]!; i < starts[g + 1]!; i++) {
      x[i] = 1;
      x[n + i] = t;
      for (let c = 2; c < r; c++) x[c * n + i] = rng.normal();
    }
  }
  const y = Float64Array.from({ length: n }, () => rng.normal());
  // OLS residuals.
  const XtX = new Float64Array(r * r);
  const Xty = new Float64Array(r);
  for (let a = 0; a < r; a++) {
    for (let i = 0; i < n; i++) Xty[a] += x[a * n + i]! * y[i]!;
    for (let b = 0; b < r; b++) for (let i = 0; i < n; i++) XtX[b * r + a] += x[a * n + i]! * x[b * n + i]!;
  }
  const M = symInverse(XtX, r)!;
  const beta = new Float64Array(r);
  for (let a = 0; a < r; a++) for (let b = 0; b < r; b++) beta[a] += M[b * r + a]! * Xty[b]!;
  const e = Float64Array.from(y);
  for (let a = 0; a < r; a++) for (let i = 0; i < n; i++) e[i] -= x[a * n + i]! * beta[a]!;
  return { x, n, r, e, starts, M };
}

describe("CR2 low-rank form equals the per-cluster eigendecomposition", () => {
  it("meat rows and Satterthwaite df agree to 1e-9 on random designs (singleton clusters, cluster-level treatment)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100000 }), fc.integer({ min: 3, max: 25 }), fc.integer({ min: 0, max: 3 }), (seed, J, k) => {
        const d = design(seed, J, k);
        const low = cr2LowRank(d.x, d.n, d.r, d.e, d.starts, d.M);
        const naive = cr2Naive(d.x, d.x, d.n, d.r, d.e, d.starts, d.M, 1);
        for (let i = 0; i < low.half.length; i++) {
          const scale = Math.max(1, Math.abs(naive.half[i]!));
          if (Math.abs(low.half[i]! - naive.half[i]!) > 1e-9 * scale) return false;
        }
        for (let j = 0; j < d.r; j++) if (Math.abs(low.df[j]! - naive.df[j]!) > 1e-9 * Math.abs(naive.df[j]!)) return false;
        return true;
      }),
      { numRuns: 40 },
    );
  });
  it("a cluster whose leverage block has an eigenvalue of 1 gets the pseudo-inverse root in both forms", () => {
    // A covariate that is nonzero in one cluster only: I − H_gg is singular there.
    const d = design(11, 6, 1);
    for (let i = 0; i < d.n; i++) d.x[2 * d.n + i] = i < d.starts[1]! ? 1 : 0;
    const XtX = new Float64Array(d.r * d.r);
    for (let a = 0; a < d.r; a++) for (let b = 0; b < d.r; b++) for (let i = 0; i < d.n; i++) XtX[b * d.r + a] += d.x[a * d.n + i]! * d.x[b * d.n + i]!;
    const M = symInverse(XtX, d.r)!;
    const low = cr2LowRank(d.x, d.n, d.r, d.e, d.starts, M);
    const naive = cr2Naive(d.x, d.x, d.n, d.r, d.e, d.starts, M, 1);
    for (let i = 0; i < low.half.length; i++) expect(low.half[i]!).toBeCloseTo(naive.half[i]!, 8);
  });
});

describe("weighted CR2 low-rank form equals estimatr's weighted per-cluster form", () => {
  it("agrees to 1e-8 with random weights, weights constant within clusters, and unit weights", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100000 }), fc.integer({ min: 5, max: 20 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 }), (seed, J, k, wkind) => {
        const d = design(seed, J, k);
        const rng = createRng(seed + 1);
        const raw = new Float64Array(d.n);
        for (let g = 0; g < J; g++) {
          const cw = 0.5 + rng.next() * 2;
          for (let i = d.starts[g]!; i < d.starts[g + 1]!; i++) raw[i] = wkind === 0 ? 0.2 + rng.next() * 3 : wkind === 1 ? cw : 1;
        }
        let wm = 0;
        for (const v of raw) wm += v / d.n;
        const ws = Float64Array.from(raw, (v) => v / wm);
        // Weighted least squares: M = (X' W X)⁻¹, unweighted residuals.
        const r = d.r;
        const XtWX = new Float64Array(r * r);
        const XtWy = new Float64Array(r);
        const y = Float64Array.from(d.e, (v, i) => v + 0.3 * d.x[d.n + i]!);
        for (let a = 0; a < r; a++) {
          for (let i = 0; i < d.n; i++) XtWy[a] += ws[i]! * d.x[a * d.n + i]! * y[i]!;
          for (let b = 0; b < r; b++) for (let i = 0; i < d.n; i++) XtWX[b * r + a] += ws[i]! * d.x[a * d.n + i]! * d.x[b * d.n + i]!;
        }
        const M = symInverse(XtWX, r);
        if (!M) return true;
        const beta = new Float64Array(r);
        for (let a = 0; a < r; a++) for (let b = 0; b < r; b++) beta[a] += M[b * r + a]! * XtWy[b]!;
        const eu = Float64Array.from(y);
        for (let a = 0; a < r; a++) for (let i = 0; i < d.n; i++) eu[i] -= d.x[a * d.n + i]! * beta[a]!;
        const xw = Float64Array.from(d.x, (v, idx) => v * ws[idx % d.n]!);
        const naive = cr2Naive(d.x, xw, d.n, r, eu, d.starts, M, wm);
        const low = cr2WeightedLowRank(d.x, d.n, r, eu, ws, d.starts, M, wm);
        let hmax = 0;
        for (const v of naive.half) hmax = Math.max(hmax, Math.abs(v));
        for (let i = 0; i < low.half.length; i++) if (Math.abs(low.half[i]! - naive.half[i]!) > 1e-8 * hmax) return false;
        for (let j = 0; j < r; j++) if (!(Math.abs(low.df[j]! - naive.df[j]!) <= 1e-7 * Math.abs(naive.df[j]!))) return false;
        return true;
      }),
      { numRuns: 40 },
    );
  });
});

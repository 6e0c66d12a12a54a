import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { cr2LowRank, cr2Naive, cr2SeriesHalf, cr2WeightedLowRank } from "../../src/kernel/vcov-cr2.js";
import { symEigen, symFunction, symInverse } from "../../src/math/linalg.js";
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

/** The smallest eigenvalue above estimatr's 1e-12 floor of I − H_gg over the clusters (H = X M X'). */
function smallestResidualEigenvalue(d: ReturnType<typeof design>): number {
  let min = Infinity;
  for (let g = 0; g + 1 < d.starts.length; g++) {
    const s = d.starts[g]!;
    const m = d.starts[g + 1]! - s;
    const A = new Float64Array(m * m);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < m; j++) {
        let h = 0;
        for (let a = 0; a < d.r; a++) for (let b = 0; b < d.r; b++) h += d.x[a * d.n + s + i]! * d.M[b * d.r + a]! * d.x[b * d.n + s + j]!;
        A[j * m + i] = (i === j ? 1 : 0) - h;
      }
    for (const v of symEigen(A, m).values) if (v > 1e-12) min = Math.min(min, v);
  }
  return min;
}

/**
 * Meat rows to 1e-9 or 64·ε/λ, and Satterthwaite df to 1e-9 or 64·ε/λ², with λ the smallest eigenvalue of
 * I − H_gg over the clusters: where a cluster is nearly singular the two forms can agree no better than the
 * conditioning allows. Found by `npm run test:fuzz`: at seed 2, J = 4, k = 3, λ = 6.6e-4 (a cluster of 10
 * rows, 5 columns) and one-ulp changes of X move the eigendecomposition's df by 3.9e-9 and the low-rank
 * form's by 2.4e-9, while the two differ by 3.2e-9 = 6.2·ε/λ²; at seed 19920, J = 3, k = 3, λ = 3.9e-7 and
 * the meat rows differ by 1.0e-9 = 1.8·ε/λ. Over 4,000 random designs the differences stayed below 6.3·ε/λ²
 * (df) and, where above 1e-9, 1.8·ε/λ (meat rows).
 */
function cr2FormsAgree(d: ReturnType<typeof design>): boolean {
  const low = cr2LowRank(d.x, d.n, d.r, d.e, d.starts, d.M);
  const naive = cr2Naive(d.x, d.x, d.n, d.r, d.e, d.starts, d.M, 1);
  const lambda = smallestResidualEigenvalue(d);
  const halfTol = Math.max(1e-9, (64 * Number.EPSILON) / lambda);
  for (let i = 0; i < low.half.length; i++) {
    const scale = Math.max(1, Math.abs(naive.half[i]!));
    if (Math.abs(low.half[i]! - naive.half[i]!) > halfTol * scale) return false;
  }
  const dfTol = Math.max(1e-9, (64 * Number.EPSILON) / (lambda * lambda));
  for (let j = 0; j < d.r; j++) if (Math.abs(low.df[j]! - naive.df[j]!) > dfTol * Math.abs(naive.df[j]!)) return false;
  return true;
}

describe("CR2 low-rank form equals the per-cluster eigendecomposition", () => {
  it("meat rows and Satterthwaite df agree to 1e-9 (or, for a nearly singular cluster, its conditioning) on random designs (singleton clusters, cluster-level treatment)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100000 }), fc.integer({ min: 3, max: 25 }), fc.integer({ min: 0, max: 3 }), (seed, J, k) => cr2FormsAgree(design(seed, J, k))),
      { numRuns: 40 },
    );
  });
  it("agrees at the nearly singular clusters the fuzzer found (seed 2, J = 4, k = 3: λ = 6.6e-4; seed 19920, J = 3, k = 3: λ = 3.9e-7), within their conditioning", () => {
    for (const [seed, J, k] of [
      [2, 4, 3],
      [19920, 3, 3],
    ] as const) {
      const d = design(seed, J, k);
      expect(smallestResidualEigenvalue(d)).toBeLessThan(1e-3);
      expect(cr2FormsAgree(d)).toBe(true);
    }
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

describe("cr2SeriesHalf (the eigen-free meat row)", () => {
  /** S = D Γ D and E'D⁻¹(I − S)^(−1/2) D s by an eigendecomposition, for comparison. */
  function byEigen(G: Float64Array, s: Float64Array, q: number, r: number, d: Float64Array): Float64Array {
    const S = new Float64Array(q * q);
    for (let b = 0; b < q; b++) for (let a = 0; a < q; a++) S[b * q + a] = (a === b ? 1 : 0) - d[a]! * G[b * q + a]! * d[b]!;
    const F = symFunction(S, q, (l) => 1 / Math.sqrt(l));
    const out = new Float64Array(r);
    for (let a = 0; a < r; a++) {
      let acc = 0;
      for (let b = 0; b < q; b++) acc += F[b * q + a]! * d[b]! * s[b]!;
      out[a] = acc / d[a]!;
    }
    return out;
  }
  /**
   * The same vector in 400-bit fixed point (BigInt): every double input converts exactly, and 80 terms of
   * Σ_j C(2j, j)/4^j S^j t₀ leave a tail below 4^−80·… at τ ≤ 1/2, so this is exact to far below 1e-16.
   */
  function byFixedPoint(G: Float64Array, s: Float64Array, q: number, r: number, d: Float64Array): Float64Array {
    const bits = 400n;
    const fixed = (x: number): bigint => {
      let m = Math.abs(x);
      let e = 0n;
      while (!Number.isInteger(m)) [m, e] = [m * 2, e + 1n]; // exact: doubling a double only moves its exponent
      const v = (BigInt(m) << bits) >> e;
      return x < 0 ? -v : v;
    };
    const mul = (a: bigint, b: bigint) => (a * b) >> bits;
    const S: bigint[] = [];
    for (let b = 0; b < q; b++) for (let a = 0; a < q; a++) S[b * q + a] = mul(mul(fixed(d[a]!), fixed(G[b * q + a]!)), fixed(d[b]!));
    let w = Array.from({ length: q }, (_, a) => mul(fixed(d[a]!), fixed(s[a]!)));
    const sum = w.slice();
    let cNum = 1n;
    let cDen = 1n;
    for (let j = 1; j <= 80; j++) {
      w = Array.from({ length: q }, (_, b) => w.reduce((acc, v, a) => acc + mul(S[b * q + a]!, v), 0n));
      cNum *= BigInt(2 * j - 1);
      cDen *= BigInt(2 * j);
      for (let a = 0; a < q; a++) sum[a] += (w[a]! * cNum) / cDen;
    }
    return Float64Array.from({ length: r }, (_, a) => {
      const v = (sum[a]! << bits) / fixed(d[a]!);
      const m = v < 0n ? -v : v;
      const shift = Math.max(0, m.toString(2).length - 60);
      const out = Number(m >> BigInt(shift)) * 2 ** (shift - Number(bits));
      return v < 0n ? -out : out;
    });
  }
  /** The property's inputs: Γ = Z'Z from `seed`, scaled so that tr(DΓD) = target. */
  function inputs(seed: number, q: number, target: number) {
    const rng = createRng(seed);
    const rows = 1 + rng.int(2 * q);
    const z = Float64Array.from({ length: rows * q }, () => rng.normal());
    const d = Float64Array.from({ length: q }, () => 0.2 + rng.next() * 3);
    const G = new Float64Array(q * q);
    for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) for (let i = 0; i < rows; i++) G[b * q + a] += z[a * rows + i]! * z[b * rows + i]!;
    let tr = 0;
    for (let a = 0; a < q; a++) tr += G[a * q + a]! * d[a]! * d[a]!;
    for (let k = 0; k < q * q; k++) G[k] = (G[k]! * target) / tr;
    const s = Float64Array.from({ length: q }, () => rng.normal());
    return { G, d, s, r: 1 + rng.int(q) };
  }
  /**
   * max_a |x_a − ref_a| over two scales: the result's own size, and ‖D s‖∞ / min d, the size of the
   * rounding an eigendecomposition makes (its V f(Λ) V' carries absolute errors ~q·ε in every entry, which
   * the product with D s spreads over every row; where the result is small beside D s, relative to the result
   * that error is large: 5.6e-13 at seed 74677, q = 9, τ = 1e-6).
   */
  function errors(x: Float64Array, ref: Float64Array, d: Float64Array, s: Float64Array) {
    let size = 0;
    for (const v of ref) size = Math.max(size, Math.abs(v));
    let ds = 0;
    let dMin = Infinity;
    for (let a = 0; a < d.length; a++) [ds, dMin] = [Math.max(ds, Math.abs(d[a]! * s[a]!)), Math.min(dMin, d[a]!)];
    let diff = 0;
    for (let a = 0; a < ref.length; a++) diff = Math.max(diff, Math.abs(x[a]! - ref[a]!));
    return { ofResult: diff / size, ofRounding: diff / (ds / dMin) };
  }
  it("equals (I − S)^(−1/2) computed in 400-bit fixed point to 1e-14 of the result whenever tr S ≤ 1/2, and declines above", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100000 }), fc.integer({ min: 1, max: 12 }), fc.double({ min: 1e-6, max: 0.95, noNaN: true }), (seed, q, target) => {
        const { G, d, s, r } = inputs(seed, q, target);
        const half = new Float64Array(r + 2).fill(7);
        const ok = cr2SeriesHalf(G, s, q, r, d, new Float64Array(3 * q), half, 1);
        if (target > 0.5) return !ok && half.every((v) => v === 7);
        if (!ok || half[0] !== 7 || half[r + 1] !== 7) return false;
        return errors(half.subarray(1, r + 1), byFixedPoint(G, s, q, r, d), d, s).ofResult <= 1e-14;
      }),
      { numRuns: 200 },
    );
  });
  it("agrees with the eigendecomposition's (I − S)^(−1/2) to 1e-13 of the eigendecomposition's own rounding scale", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100000 }), fc.integer({ min: 1, max: 12 }), fc.double({ min: 1e-6, max: 0.5, noNaN: true }), (seed, q, target) => {
        const { G, d, s, r } = inputs(seed, q, target);
        const half = new Float64Array(r);
        if (!cr2SeriesHalf(G, s, q, r, d, new Float64Array(3 * q), half, 0)) return target > 0.4999;
        return errors(half, byEigen(G, s, q, r, d), d, s).ofRounding <= 1e-13;
      }),
      { numRuns: 200 },
    );
  });
  it("is the more accurate side at the counterexamples that made the 1e-13 comparison with the eigendecomposition flip (issue #10)", () => {
    for (const [seed, q, target] of [
      [73960, 10, 1e-6],
      [27602, 11, 1.39e-6],
      [74677, 9, 1e-6],
    ] as const) {
      const { G, d, s, r } = inputs(seed, q, target);
      const half = new Float64Array(r);
      expect(cr2SeriesHalf(G, s, q, r, d, new Float64Array(3 * q), half, 0)).toBe(true);
      const exact = byFixedPoint(G, s, q, r, d);
      const series = errors(half, exact, d, s);
      const eigen = errors(byEigen(G, s, q, r, d), exact, d, s);
      expect(series.ofResult).toBeLessThanOrEqual(1e-15);
      expect(series.ofResult).toBeLessThanOrEqual(eigen.ofResult);
      expect(eigen.ofRounding).toBeLessThanOrEqual(1e-14);
    }
  });
  it("a zero score gives a zero row", () => {
    const G = Float64Array.from([0.1, 0, 0, 0.2]);
    const half = new Float64Array(2).fill(3);
    expect(cr2SeriesHalf(G, new Float64Array(2), 2, 2, Float64Array.from([1, 1]), new Float64Array(6), half, 0)).toBe(true);
    expect(Array.from(half)).toEqual([0, 0]);
  });
});

describe('cr2LowRank mode "meat"', () => {
  it("gives the meat rows of the full computation, with the series where a cluster's leverage is small and the eigen form where it is not", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100000 }), fc.integer({ min: 3, max: 40 }), fc.integer({ min: 0, max: 3 }), (seed, J, k) => {
        const d = design(seed, J, k);
        // the orthonormal basis Q = X R⁻¹ (M = I there, as lmRobust calls it)
        const L = new Float64Array(d.r * d.r);
        const XtX = symInverse(d.M, d.r)!;
        // Cholesky XtX = U'U with U upper: Q = X U⁻¹
        for (let j = 0; j < d.r; j++) {
          for (let i = 0; i <= j; i++) {
            let acc = XtX[j * d.r + i]!;
            for (let t = 0; t < i; t++) acc -= L[i * d.r + t]! * L[j * d.r + t]!;
            L[j * d.r + i] = i === j ? Math.sqrt(acc) : acc / L[i * d.r + i]!;
          }
        }
        const Q = new Float64Array(d.n * d.r);
        for (let i = 0; i < d.n; i++)
          for (let c = 0; c < d.r; c++) {
            let acc = d.x[c * d.n + i]!;
            for (let t = 0; t < c; t++) acc -= Q[t * d.n + i]! * L[c * d.r + t]!;
            Q[c * d.n + i] = acc / L[c * d.r + c]!;
          }
        const I = new Float64Array(d.r * d.r);
        for (let a = 0; a < d.r; a++) I[a * d.r + a] = 1;
        const full = cr2LowRank(Q, d.n, d.r, d.e, d.starts, I);
        const meat = cr2LowRank(Q, d.n, d.r, d.e, d.starts, I, undefined, I, "meat");
        if (meat.support !== null || !meat.df.every(Number.isNaN)) return false;
        let scale = 0;
        for (const v of full.half) scale = Math.max(scale, Math.abs(v));
        for (let i = 0; i < full.half.length; i++) if (Math.abs(meat.half[i]! - full.half[i]!) > 1e-12 * scale) return false;
        return true;
      }),
      { numRuns: 60 },
    );
  });
});

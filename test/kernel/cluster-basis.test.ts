import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { addClusterGram, addProjection, basisContrasts, basisSandwich, basisScores, clusterGramScratch, pivotedBasis, unpivotedBasis, type ClusterBasis } from "../../src/kernel/cluster-basis.js";
import { clusterTsqr, colPivQr, invUpper, leadingR } from "../../src/math/linalg.js";
import { createRng } from "../../src/internal/rng.js";

/** A clustered design; with `alias`, the last column is exactly 2·x₁ − x₂ (rank p − 1). */
function design(seed: number, p: number, J: number, alias: boolean) {
  const rng = createRng(seed);
  const sizes = Array.from({ length: J }, () => 1 + rng.int(3 * p));
  const n = sizes.reduce((a, b) => a + b, 0);
  const starts = new Int32Array(J + 1);
  sizes.forEach((s, g) => (starts[g + 1] = starts[g]! + s));
  const cols = Array.from({ length: p }, (_, j) => Float64Array.from({ length: n }, () => (j === 0 ? 1 : Math.round(rng.normal() * 50))));
  if (alias && p >= 3) for (let i = 0; i < n; i++) cols[p - 1]![i] = 2 * cols[1]![i]! - cols[2]![i]!;
  const qr = clusterTsqr(cols, p, starts, undefined, 8);
  const piv = colPivQr(qr.R, p, p, 1e-7);
  const r = piv.rank;
  const rinv = invUpper(leadingR(piv, r), r);
  return { cols, n, p, r, starts, qr, piv, rinv };
}

/** Rows of Q = X T for a basis, formed explicitly. */
function explicitQ(b: ClusterBasis): Float64Array {
  const Q = new Float64Array(b.n * b.r);
  for (let c = 0; c < b.r; c++) for (let k = 0; k < b.p; k++) for (let i = 0; i < b.n; i++) Q[c * b.n + i] += b.cols[k]![i]! * b.t[c * b.p + k]!;
  return Q;
}

function bases(d: ReturnType<typeof design>): ClusterBasis[] {
  const out = [pivotedBasis(d.cols, d.n, d.p, d.r, d.rinv, d.piv.perm, d.qr)];
  if (d.r === d.p) out.push(unpivotedBasis(d.cols, d.n, d.p, invUpper(d.qr.R, d.p), d.qr));
  return out;
}

describe("ClusterBasis", () => {
  it("Q = X T is orthonormal, and Γ_g from the cluster factors and Q_g'v from X equal the explicit Q_g'Q_g and Q_g'v", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10000 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 2, max: 9 }), fc.boolean(), (seed, p, J, alias) => {
        const d = design(seed, p, J, alias);
        const rng = createRng(seed + 7);
        const v = Float64Array.from({ length: d.n }, () => rng.normal());
        for (const b of bases(d)) {
          const Q = explicitQ(b);
          const r = b.r;
          for (let a = 0; a < r; a++)
            for (let c = 0; c < r; c++) {
              let s = 0;
              for (let i = 0; i < d.n; i++) s += Q[a * d.n + i]! * Q[c * d.n + i]!;
              if (Math.abs(s - (a === c ? 1 : 0)) > 1e-9) return false;
            }
          const scratch = new Float64Array(clusterGramScratch(b));
          const xv = new Float64Array(b.p);
          for (let g = 0; g < J; g++) {
            const ld = r + 1;
            const G = new Float64Array(ld * ld);
            addClusterGram(b, g, G, ld, scratch);
            const proj = new Float64Array(r);
            addProjection(b, d.starts[g]!, d.starts[g + 1]!, v, proj, xv);
            const ones = new Float64Array(r);
            addProjection(b, d.starts[g]!, d.starts[g + 1]!, null, ones, xv);
            for (let a = 0; a < r; a++) {
              let pv = 0;
              let p1 = 0;
              for (let i = d.starts[g]!; i < d.starts[g + 1]!; i++) {
                pv += Q[a * d.n + i]! * v[i]!;
                p1 += Q[a * d.n + i]!;
              }
              if (Math.abs(proj[a]! - pv) > 1e-9 || Math.abs(ones[a]! - p1) > 1e-9) return false;
              for (let c = 0; c < r; c++) {
                let s = 0;
                for (let i = d.starts[g]!; i < d.starts[g + 1]!; i++) s += Q[a * d.n + i]! * Q[c * d.n + i]!;
                // upper triangle written, lower left untouched
                if (a <= c ? Math.abs(G[c * ld + a]! - s) > 1e-9 : G[c * ld + a] !== 0) return false;
              }
            }
          }
        }
        return true;
      }),
      { numRuns: 60 },
    );
  });

  it("the pivoted and unpivoted bases give the same coefficient variance, contrasts and scores' meat", () => {
    const d = design(42, 5, 7, false);
    const [piv, unp] = bases(d) as [ClusterBasis, ClusterBasis];
    const rng = createRng(3);
    const e = Float64Array.from({ length: d.n }, () => rng.normal());
    const variance = (b: ClusterBasis) => {
      const half = basisScores(b, e, d.starts);
      const J = d.starts.length - 1;
      const meat = new Float64Array(b.r * b.r);
      for (let g = 0; g < J; g++) for (let a = 0; a < b.r; a++) for (let c = 0; c < b.r; c++) meat[c * b.r + a] += half[g * b.r + a]! * half[g * b.r + c]!;
      return basisSandwich(b, meat, d.piv.perm);
    };
    const V1 = variance(piv);
    const V2 = variance(unp);
    let scale = 0;
    for (const x of V1) scale = Math.max(scale, Math.abs(x));
    for (let i = 0; i < V1.length; i++) expect(Math.abs(V1[i]! - V2[i]!)).toBeLessThan(1e-9 * scale);
    // The contrast of pivoted coefficient k applied to Q'y recovers β: X T γ with γ = Q'y, β_perm[k] = contrast_k · γ.
    const y = Float64Array.from({ length: d.n }, () => rng.normal());
    for (const b of [piv, unp]) {
      const gamma = new Float64Array(b.r);
      addProjection(b, 0, d.n, y, gamma, new Float64Array(b.p));
      const con = basisContrasts(b, d.piv.perm);
      const beta = Array.from({ length: b.r }, (_, k) => con.subarray(k * b.r, k * b.r + b.r).reduce((acc, c, j) => acc + c * gamma[j]!, 0));
      // residual y − Xβ is orthogonal to X
      const res = Float64Array.from(y);
      for (let k = 0; k < b.r; k++) for (let i = 0; i < d.n; i++) res[i] -= d.cols[d.piv.perm[k]!]![i]! * beta[k]!;
      for (let j = 0; j < d.p; j++) {
        let s = 0;
        for (let i = 0; i < d.n; i++) s += d.cols[j]![i]! * res[i]!;
        expect(Math.abs(s)).toBeLessThan(1e-8 * d.n * 50);
      }
    }
  });
});

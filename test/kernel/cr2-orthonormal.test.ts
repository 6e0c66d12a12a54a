import { describe, expect, it } from "vitest";
import { cr2Orthonormal } from "../../src/kernel/cr2-orthonormal.js";
import { cr2LowRank } from "../../src/kernel/vcov-cr2.js";
import { denseRows } from "../../src/kernel/design-rows.js";
import { createRng } from "../../src/internal/rng.js";

/** An n×r matrix with orthonormal columns (modified Gram–Schmidt of a random one), column-major. */
function orthonormal(n: number, r: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const q = Float64Array.from({ length: n * r }, () => rng.normal());
  for (let c = 0; c < r; c++) {
    for (let k = 0; k < c; k++) {
      let d = 0;
      for (let i = 0; i < n; i++) d += q[k * n + i]! * q[c * n + i]!;
      for (let i = 0; i < n; i++) q[c * n + i] -= d * q[k * n + i]!;
    }
    let s = 0;
    for (let i = 0; i < n; i++) s += q[c * n + i]! ** 2;
    for (let i = 0; i < n; i++) q[c * n + i] /= Math.sqrt(s);
  }
  return q;
}

function maxRel(a: Float64Array, b: Float64Array): number {
  let scale = 0;
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]!));
    d = Math.max(d, Math.abs(a[i]! - b[i]!));
  }
  return d / scale;
}

describe("cr2Orthonormal equals the general low-rank CR2 (its oracle)", () => {
  const cases: [string, number[], number][] = [
    ["clusters smaller than the design (n_g < r: the n_g-space eigen form)", [1, 2, 3, 4, 2, 5, 3, 1, 4, 6, 2, 3, 5, 4, 3, 2, 6, 5, 4, 3], 7],
    ["clusters larger than the design (the r-space form)", [40, 25, 31, 18, 22, 9, 36], 6],
    ["both kinds and singletons", [1, 30, 2, 12, 1, 8, 25, 3, 1, 14, 7, 9], 8],
  ];
  for (const [label, sizes, r] of cases) {
    it(label, () => {
      const n = sizes.reduce((a, b) => a + b, 0);
      const q = orthonormal(n, r, sizes.length + r);
      const starts = new Int32Array(sizes.length + 1);
      sizes.forEach((s, g) => (starts[g + 1] = starts[g]! + s));
      const rng = createRng(7);
      const e = Float64Array.from({ length: n }, () => rng.normal());
      // contrasts: an upper-triangular R⁻ᵀ-like matrix, as fitLm passes
      const C = new Float64Array(r * r);
      for (let j = 0; j < r; j++) for (let a = 0; a <= j; a++) C[j * r + a] = a === j ? 1 + rng.next() : rng.normal();
      const I = new Float64Array(r * r);
      for (let k = 0; k < r; k++) I[k * r + k] = 1;
      const fast = cr2Orthonormal(denseRows(q, n, r), e, starts, C);
      const oracle = cr2LowRank(q, n, r, e, starts, I, undefined, C, "df");
      expect(maxRel(fast.half, oracle.half)).toBeLessThan(1e-12);
      fast.df.forEach((v, j) => expect(Math.abs(v - oracle.df[j]!)).toBeLessThanOrEqual(1e-10 * oracle.df[j]!));
    });
  }
});

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { addGramUpper, denseRows, materialize, qRows } from "../../src/kernel/design-rows.js";
import { colPivQr, invUpper, leadingR, tsqrR } from "../../src/math/linalg.js";
import { createRng } from "../../src/internal/rng.js";

function columns(n: number, p: number, seed: number): Float64Array[] {
  const rng = createRng(seed);
  return Array.from({ length: p }, () => Float64Array.from({ length: n }, () => rng.normal()));
}

describe("qRows", () => {
  it("gives the rows of X_p R⁻¹, which has orthonormal columns, for any row range", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10000 }), fc.integer({ min: 1, max: 11 }), (seed, p) => {
        const n = 60;
        const cols = columns(n, p, seed);
        const qr = colPivQr(tsqrR(cols, n, p), p, p, 1e-7);
        const r = qr.rank;
        const rinv = invUpper(leadingR(qr, r), r);
        const rows = qRows(cols, n, r, rinv, qr.perm);
        const Q = materialize(rows);
        // Q'Q = I
        for (let a = 0; a < r; a++)
          for (let b = 0; b < r; b++) {
            let s = 0;
            for (let i = 0; i < n; i++) s += Q[a * n + i]! * Q[b * n + i]!;
            if (Math.abs(s - (a === b ? 1 : 0)) > 1e-12) return false;
          }
        // each entry is Σ_k x_{perm[k]} (R⁻¹)_{kc}, and a partial fill agrees with the whole
        const out = new Float64Array(7 * r);
        rows.fill(11, 18, out);
        for (let c = 0; c < r; c++)
          for (let t = 0; t < 7; t++) {
            let want = 0;
            for (let k = 0; k <= c; k++) want += cols[qr.perm[k]!]![11 + t]! * rinv[c * r + k]!;
            if (Math.abs(out[c * 7 + t]! - want) > 1e-12 * (1 + Math.abs(want))) return false;
            if (Math.abs(out[c * 7 + t]! - Q[c * n + 11 + t]!) > 1e-13) return false;
          }
        return true;
      }),
      { numRuns: 40 },
    );
  });
});

describe("denseRows", () => {
  it("copies rows i0..i1 of a stored column-major matrix", () => {
    const x = Float64Array.from({ length: 12 }, (_, i) => i); // 4×3
    const out = new Float64Array(6);
    denseRows(x, 4, 3).fill(1, 3, out);
    expect(Array.from(out)).toEqual([1, 2, 5, 6, 9, 10]);
  });
});

describe("addGramUpper", () => {
  it("adds the upper triangle of blk'blk, leaving the lower triangle alone, for odd and even widths", () => {
    for (const r of [1, 2, 3, 5, 6, 7, 10]) {
      const m = 13;
      const blk = Float64Array.from({ length: m * r }, (_, i) => Math.sin(i + r));
      const ld = r + 2;
      const g = new Float64Array(ld * ld).fill(0.5);
      addGramUpper(blk, m, r, g, ld);
      for (let a = 0; a < r; a++)
        for (let b = 0; b < r; b++) {
          let s = 0;
          for (let t = 0; t < m; t++) s += blk[a * m + t]! * blk[b * m + t]!;
          if (a <= b) expect(g[b * ld + a]!).toBeCloseTo(0.5 + s, 12);
          else expect(g[b * ld + a]).toBe(0.5);
        }
    }
  });
});

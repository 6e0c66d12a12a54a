import { describe, expect, it } from "vitest";
import { matMul, matMulTN, transpose } from "../../src/math/linalg.js";
import { createRng } from "../../src/internal/rng.js";

describe("matMulTN", () => {
  it("computes a'b for a small hand-worked case", () => {
    // a = [[1, 2], [3, 4], [5, 6]] (3×2), b = [[1, 0], [1, 2], [1, -1]] (3×2), column-major.
    const a = Float64Array.from([1, 3, 5, 2, 4, 6]);
    const b = Float64Array.from([1, 1, 1, 0, 2, -1]);
    // a'b = [[1+3+5, 0+6-5], [2+4+6, 0+8-6]] = [[9, 1], [12, 2]]
    expect(Array.from(matMulTN(a, b, 3, 2, 2))).toEqual([9, 12, 1, 2]);
  });

  it("equals matMul(transpose(a), b) on random rectangular matrices", () => {
    const rng = createRng(11);
    for (const [k, m, n] of [[5, 3, 4], [1, 2, 3], [7, 1, 1], [4, 4, 2]] as const) {
      const a = Float64Array.from({ length: k * m }, () => rng.normal());
      const b = Float64Array.from({ length: k * n }, () => rng.normal());
      const got = matMulTN(a, b, k, m, n);
      const want = matMul(transpose(a, k, m), b, m, k, n);
      expect(got.length).toBe(m * n);
      for (let i = 0; i < m * n; i++) expect(got[i]).toBeCloseTo(want[i]!, 12);
    }
  });
});

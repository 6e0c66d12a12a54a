/**
 * The Wald quadratic form b'V⁻¹b that every F and χ² test of linear-model coefficients uses
 * (lmRobust's F, waldTest, ivRobust's diagnostics, the balance joint tests).
 */

/**
 * b' V⁻¹ b by Cholesky; NaN when V is not positive definite or b has NaN.
 *
 * @example
 * ```ts
 * waldQuadratic([1, 2], [[1, 0], [0, 4]]); // 2
 * ```
 */
export function waldQuadratic(b: readonly number[], V: readonly (readonly number[])[]): number {
  const q = b.length;
  if (b.some((v) => Number.isNaN(v))) return NaN;
  const L = new Float64Array(q * q);
  for (let j = 0; j < q; j++) {
    let d = V[j]![j]!;
    for (let k = 0; k < j; k++) d -= L[k * q + j]! ** 2;
    if (!(d > 0)) return NaN;
    const ljj = Math.sqrt(d);
    L[j * q + j] = ljj;
    for (let i = j + 1; i < q; i++) {
      let s = V[i]![j]!;
      for (let k = 0; k < j; k++) s -= L[k * q + i]! * L[k * q + j]!;
      L[j * q + i] = s / ljj;
    }
  }
  // Solve L z = b; quadratic form = z'z.
  const zv = new Float64Array(q);
  let acc = 0;
  for (let i = 0; i < q; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= L[k * q + i]! * zv[k]!;
    zv[i] = s / L[i * q + i]!;
    acc += zv[i]! * zv[i]!;
  }
  return acc;
}


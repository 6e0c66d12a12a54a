/**
 * Sums of fixed columns over the units of each arm, per assignment: the only part of a factored
 * regression statistic that depends on the assignment when the treatment enters as arm dummies.
 * One pass over the assignment sorts the units by arm (into reused lists); the columns are then
 * summed over every arm but the largest, whose sums are the column totals minus the others'
 * (so a two-arm design touches min(n₁, n₀) units per column, never n).
 */

/** Per-arm sums of fixed columns, refreshed by {@link ArmSums.run}. */
export interface ArmSums {
  /** Columns summed. */
  readonly width: number;
  /** Units per arm of the last assignment run. */
  readonly counts: Int32Array;
  /** k × width: `sums[a * width + c]` is column c summed over arm a's units. */
  readonly sums: Float64Array;
  /** Refresh `counts` and `sums` for `arm` (arms index 0..k−1). */
  run(arm: Int32Array): void;
}

/**
 * Per-arm sums of `columns` (each of length n) for assignments of k arms. Memory: the columns
 * packed once, and k·n unit indexes; nothing is allocated per assignment.
 *
 * @example
 * ```ts
 * const s = armSums([Float64Array.of(1, 2, 3, 4)], 2, 4);
 * s.run(Int32Array.of(0, 1, 1, 0));
 * [s.counts[1], s.sums[1]]; // [2, 5]
 * ```
 */
export function armSums(columns: readonly Float64Array[], k: number, n: number): ArmSums {
  const width = columns.length;
  const data = new Float64Array(width * n);
  const totals = new Float64Array(width);
  columns.forEach((col, c) => {
    data.set(col.subarray(0, n), c * n);
    let s = 0;
    for (let i = 0; i < n; i++) s += col[i]!;
    totals[c] = s;
  });
  const units = new Int32Array(k * n);
  const counts = new Int32Array(k);
  const sums = new Float64Array(k * width);
  return {
    width,
    counts,
    sums,
    run(arm) {
      counts.fill(0);
      for (let i = 0; i < n; i++) {
        const a = arm[i]!;
        units[a * n + counts[a]!++] = i;
      }
      let big = 0;
      for (let a = 1; a < k; a++) if (counts[a]! > counts[big]!) big = a;
      for (let c = 0; c < width; c++) sums[big * width + c] = totals[c]!;
      for (let a = 0; a < k; a++) {
        if (a === big) continue;
        const o = a * n;
        const len = counts[a]!;
        const out = a * width;
        let c = 0;
        // four columns per pass over the unit list: the list is read once for four sums
        for (; c + 4 <= width; c += 4) {
          const d0 = c * n;
          const d1 = d0 + n;
          const d2 = d1 + n;
          const d3 = d2 + n;
          let s0 = 0;
          let s1 = 0;
          let s2 = 0;
          let s3 = 0;
          for (let j = o; j < o + len; j++) {
            const i = units[j]!;
            s0 += data[d0 + i]!;
            s1 += data[d1 + i]!;
            s2 += data[d2 + i]!;
            s3 += data[d3 + i]!;
          }
          sums[out + c] = s0;
          sums[out + c + 1] = s1;
          sums[out + c + 2] = s2;
          sums[out + c + 3] = s3;
        }
        for (; c + 2 <= width; c += 2) {
          const d0 = c * n;
          const d1 = d0 + n;
          let s0 = 0;
          let s1 = 0;
          for (let j = o; j < o + len; j++) {
            const i = units[j]!;
            s0 += data[d0 + i]!;
            s1 += data[d1 + i]!;
          }
          sums[out + c] = s0;
          sums[out + c + 1] = s1;
        }
        for (; c < width; c++) {
          const d0 = c * n;
          let s0 = 0;
          for (let j = o; j < o + len; j++) s0 += data[d0 + units[j]!]!;
          sums[out + c] = s0;
        }
        for (let c2 = 0; c2 < width; c2++) sums[big * width + c2] -= sums[out + c2]!;
      }
    },
  };
}

/**
 * Inverse of the symmetric positive definite p×p `a` into `out` through its Cholesky factor (held
 * in `l`, p×p scratch), as `symInverse` of src/math/linalg.ts computes it but without allocating;
 * false (and `out` unspecified) when `a` is not numerically positive definite.
 *
 * @example
 * ```ts
 * const out = new Float64Array(1);
 * spdInverseInto(Float64Array.of(4), 1, new Float64Array(1), new Float64Array(1), out); // true; out[0] = 0.25
 * ```
 */
export function spdInverseInto(a: Float64Array, p: number, l: Float64Array, li: Float64Array, out: Float64Array): boolean {
  if (p === 1) {
    const d = a[0]!;
    if (!(d > 0)) return false;
    const inv = 1 / Math.sqrt(d);
    out[0] = inv * inv;
    return true;
  }
  for (let j = 0; j < p; j++) {
    let d = a[j * p + j]!;
    for (let k = 0; k < j; k++) d -= l[k * p + j]! * l[k * p + j]!;
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    l[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = a[j * p + i]!;
      for (let k = 0; k < j; k++) s -= l[k * p + i]! * l[k * p + j]!;
      l[j * p + i] = s / ljj;
    }
  }
  li.fill(0);
  for (let c = 0; c < p; c++) {
    for (let i = c; i < p; i++) {
      let s = i === c ? 1 : 0;
      for (let j = c; j < i; j++) s -= l[j * p + i]! * li[c * p + j]!;
      li[c * p + i] = s / l[i * p + i]!;
    }
  }
  for (let a2 = 0; a2 < p; a2++) {
    for (let b = a2; b < p; b++) {
      let s = 0;
      for (let k = b; k < p; k++) s += li[a2 * p + k]! * li[b * p + k]!;
      out[b * p + a2] = s;
      out[a2 * p + b] = s;
    }
  }
  return true;
}

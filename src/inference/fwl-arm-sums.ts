/**
 * Sums of fixed columns over the units of each arm, per assignment: the only part of a factored
 * regression statistic that depends on the assignment when the treatment enters as arm dummies.
 * One pass over the assignment sorts the units by arm (into reused lists); the columns are then
 * summed over every arm but the largest, whose sums are the column totals minus the others'
 * (so a two-arm design touches min(n₁, n₀) units per column, never n).
 */

/** Columns per packed block (8 doubles: one 64-byte cache line). */
const STRIDE = 8;

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
  // rows of STRIDE-wide blocks: unit i's values of columns 8g .. 8g + 7 sit together (one cache
  // line), so a sum over a random subset of units reads one line per unit and block
  const blocks = Math.ceil(width / STRIDE);
  const data = new Float64Array(blocks * n * STRIDE);
  const totals = new Float64Array(width);
  columns.forEach((col, c) => {
    const o = Math.floor(c / STRIDE) * n * STRIDE + (c % STRIDE);
    let s = 0;
    for (let i = 0; i < n; i++) {
      const v = col[i]!;
      data[o + i * STRIDE] = v;
      s += v;
    }
    totals[c] = s;
  });
  const units = new Int32Array(k * n);
  const counts = new Int32Array(k);
  const sums = new Float64Array(k * width);
  const acc = new Float64Array(STRIDE);
  const sumOver = (o: number, len: number, out: number): void => {
    // locals, not closure slots, in the hot loops
    const d = data;
    const u = units;
    for (let g = 0; g < blocks; g++) {
      const base = g * n * STRIDE;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let s4 = 0;
      let s5 = 0;
      let s6 = 0;
      let s7 = 0;
      for (let j = o; j < o + len; j++) {
        const b = base + u[j]! * STRIDE;
        s0 += d[b]!;
        s1 += d[b + 1]!;
        s2 += d[b + 2]!;
        s3 += d[b + 3]!;
        s4 += d[b + 4]!;
        s5 += d[b + 5]!;
        s6 += d[b + 6]!;
        s7 += d[b + 7]!;
      }
      acc[0] = s0;
      acc[1] = s1;
      acc[2] = s2;
      acc[3] = s3;
      acc[4] = s4;
      acc[5] = s5;
      acc[6] = s6;
      acc[7] = s7;
      const c0 = g * STRIDE;
      for (let c = c0; c < Math.min(width, c0 + STRIDE); c++) sums[out + c] = acc[c - c0]!;
    }
  };
  return {
    width,
    counts,
    sums,
    run(arm) {
      let big: number;
      const u = units;
      if (k === 2) {
        // two arms: list arm 1's units without a branch; if arm 1 is the larger, list arm 0's instead
        let c1 = 0;
        for (let i = 0; i < n; i++) {
          u[c1] = i;
          c1 += arm[i]!;
        }
        counts[1] = c1;
        counts[0] = n - c1;
        if (c1 > n - c1) {
          let c0 = 0;
          for (let i = 0; i < n; i++) {
            u[c0] = i;
            c0 += 1 - arm[i]!;
          }
          big = 1;
        } else big = 0;
        const small = 1 - big;
        sumOver(0, counts[small]!, small * width);
        for (let c = 0; c < width; c++) sums[big * width + c] = totals[c]! - sums[small * width + c]!;
        return;
      }
      counts.fill(0);
      for (let i = 0; i < n; i++) {
        const a = arm[i]!;
        units[a * n + counts[a]!++] = i;
      }
      big = 0;
      for (let a = 1; a < k; a++) if (counts[a]! > counts[big]!) big = a;
      for (let c = 0; c < width; c++) sums[big * width + c] = totals[c]!;
      for (let a = 0; a < k; a++) {
        if (a === big) continue;
        sumOver(a * n, counts[a]!, a * width);
        for (let c = 0; c < width; c++) sums[big * width + c] -= sums[a * width + c]!;
      }
    },
  };
}


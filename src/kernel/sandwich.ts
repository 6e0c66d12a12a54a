/**
 * Pieces of the least-squares sandwich variances shared by `lmRobust` and `ivRobust`
 * (estimatr's `lm_variance`): weights scaled to mean 1, rows sorted by cluster, per-cluster
 * scores, the cluster meat Σ_g s_g s_g' and the sandwich B·meat·Bᵀ. Internal (not exported
 * from the package).
 */
import { dot } from "../math/linalg.js";
import { ROW_BLOCK, type DesignRows } from "./design-rows.js";

/**
 * Square roots of the weights scaled to mean 1: sw_i = √(w_i / mean(w)), and that mean.
 * (estimatr fits on √w·X and √w·y with w normalized this way.)
 */
export function sqrtMeanWeights(w: Float64Array, n: number): { mean: number; sw: Float64Array } {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += w[i]!;
  const mean = sum / n;
  const sw = new Float64Array(n);
  for (let i = 0; i < n; i++) sw[i] = Math.sqrt(w[i]! / mean);
  return { mean, sw };
}

/**
 * The stable sort of the rows by cluster code (as estimatr sorts before computing variances):
 * `order[k]` is the original row at sorted position k, and cluster g holds the sorted rows
 * `starts[g]..starts[g + 1] − 1`.
 *
 * @param codes - cluster code of each row, 0..J−1.
 * @param J - number of clusters.
 */
export function clusterOrder(codes: Int32Array, n: number, J: number): { order: Int32Array; starts: Int32Array } {
  const counts = new Int32Array(J + 1);
  for (let i = 0; i < n; i++) counts[codes[i]! + 1]++;
  for (let g = 0; g < J; g++) counts[g + 1] += counts[g]!;
  const starts = Int32Array.from(counts);
  const pos = Int32Array.from(counts.subarray(0, J));
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[pos[codes[i]!]!++] = i;
  return { order, starts };
}

/**
 * Cluster scores: row g (of a J×r row-major result) is Σ_{i in cluster g} x_i e_i, for the
 * n×r design given by its row blocks (`denseRows(x, n, r)` for a stored matrix), with rows sorted
 * by cluster (`starts` from {@link clusterOrder}).
 */
export function clusterScores(rows: DesignRows, e: Float64Array, starts: Int32Array): Float64Array {
  const p = rows.r;
  const J = starts.length - 1;
  const half = new Float64Array(J * p);
  const blk = new Float64Array(ROW_BLOCK * p);
  for (let g = 0; g < J; g++)
    for (let c0 = starts[g]!; c0 < starts[g + 1]!; c0 += ROW_BLOCK) {
      const c1 = Math.min(starts[g + 1]!, c0 + ROW_BLOCK);
      const m = c1 - c0;
      rows.fill(c0, c1, blk);
      for (let a = 0; a < p; a++) half[g * p + a] += dot(blk, a * m, e, c0, 0, m);
    }
  return half;
}

/** The cluster meat Σ_g h_g h_g' (r×r) from the J×r row-major scores `half` (h_g = row g). */
export function clusterMeat(half: Float64Array, J: number, r: number): Float64Array {
  const meat = new Float64Array(r * r);
  for (let g = 0; g < J; g++)
    for (let a = 0; a < r; a++) {
      const ha = half[g * r + a]!;
      for (let b = 0; b < r; b++) meat[b * r + a] += ha * half[g * r + b]!;
    }
  return meat;
}

/**
 * A meat matrix between two breads: B·meat·Bᵀ (r×r, column-major, symmetrized), with B = `bread`
 * (symmetric when `upper` is false) or, when `upper` is true, B = the upper-triangular R⁻¹ itself
 * (so B·meat·Bᵀ = R⁻¹ meat R⁻ᵀ).
 */
export function sandwich(bread: Float64Array, meat: Float64Array, r: number, upper: boolean): Float64Array {
  // t = B · meat
  const t = new Float64Array(r * r);
  for (let j = 0; j < r; j++)
    for (let k = 0; k < r; k++) {
      const v = meat[j * r + k]!;
      if (v === 0) continue;
      const kmax = upper ? k + 1 : r;
      for (let i = 0; i < kmax; i++) t[j * r + i] += bread[k * r + i]! * v;
    }
  // out = t · Bᵀ: out[i, j] = Σ_k t[i, k] B[j, k]
  const out = new Float64Array(r * r);
  for (let j = 0; j < r; j++)
    for (let k = upper ? j : 0; k < r; k++) {
      const v = bread[k * r + j]!;
      if (v === 0) continue;
      for (let i = 0; i < r; i++) out[j * r + i] += t[k * r + i]! * v;
    }
  for (let j = 0; j < r; j++)
    for (let i = j + 1; i < r; i++) {
      const s = 0.5 * (out[j * r + i]! + out[i * r + j]!);
      out[j * r + i] = s;
      out[i * r + j] = s;
    }
  return out;
}

/**
 * The p×p variance matrix over all terms (rows of arrays, as results carry it) from the r×r
 * column-major `V` whose a-th row and column belong to term `kept[a]`: aliased terms' rows and
 * columns are NaN, and everything is NaN when there is no variance (`V` null).
 */
export function termVcov(p: number, kept: readonly number[], V: Float64Array | null, r: number): number[][] {
  const vcov: number[][] = Array.from({ length: p }, () => new Array<number>(p).fill(NaN));
  if (V) kept.forEach((ja, a) => kept.forEach((jb, b) => (vcov[ja]![jb] = V[b * r + a]!)));
  return vcov;
}

/** A·meat·A' (rows×rows, symmetric, column-major) for the rows×r column-major A and the r×r meat. */
export function congruence(A: Float64Array, rows: number, r: number, meat: Float64Array): Float64Array {
  const am = new Float64Array(rows * r); // A·meat
  for (let j = 0; j < r; j++)
    for (let c = 0; c < r; c++) {
      const v = meat[j * r + c]!;
      if (v === 0) continue;
      for (let a = 0; a < rows; a++) am[j * rows + a] += A[c * rows + a]! * v;
    }
  const out = new Float64Array(rows * rows);
  for (let b = 0; b < rows; b++)
    for (let a = 0; a <= b; a++) {
      let acc = 0;
      for (let c = 0; c < r; c++) acc += am[c * rows + a]! * A[c * rows + b]!;
      out[b * rows + a] = acc;
      out[a * rows + b] = acc;
    }
  return out;
}

/**
 * A design matrix that hands out row blocks on demand. The cluster-robust variances need the
 * rows of Q = X_p R⁻¹ (the design in the orthonormal basis of its QR factorization) one cluster
 * at a time; producing each block into a cache-sized buffer when it is needed, instead of
 * storing the n×r matrix Q, saves a pass over memory and n·r doubles. Internal.
 */

/** Rows of an n×r design, written on demand. */
export interface DesignRows {
  readonly n: number;
  readonly r: number;
  /** Write rows i0..i1−1 into `out`, column-major with leading dimension i1 − i0 (column c at c·(i1 − i0)). */
  fill(i0: number, i1: number, out: Float64Array): void;
}

/** The rows of a stored n×r column-major matrix. */
export function denseRows(x: Float64Array, n: number, r: number): DesignRows {
  return {
    n,
    r,
    fill(i0, i1, out) {
      const m = i1 - i0;
      for (let c = 0; c < r; c++) out.set(x.subarray(c * n + i0, c * n + i1), c * m);
    },
  };
}

/**
 * The rows of Q = X_p R⁻¹, where X_p holds the columns `xs[perm[0]], …, xs[perm[r−1]]` and `rinv`
 * is the r×r upper-triangular R⁻¹ (column-major): q_c = Σ_{k ≤ c} (R⁻¹)_{kc} x_{perm[k]}.
 * Four columns of X go into each pass over a block, so each entry of Q is loaded and stored
 * once per four multiply-adds.
 */
export function qRows(xs: readonly Float64Array[], n: number, r: number, rinv: Float64Array, perm: Int32Array): DesignRows {
  const cols = Array.from({ length: r }, (_, k) => xs[perm[k]!]!);
  return {
    n,
    r,
    fill(i0, i1, out) {
      const m = i1 - i0;
      for (let c = 0; c < r; c++) {
        const oc = c * m;
        const rc = c * r;
        out.fill(0, oc, oc + m);
        let k = 0;
        for (; k + 3 <= c; k += 4) {
          const v0 = rinv[rc + k]!;
          const v1 = rinv[rc + k + 1]!;
          const v2 = rinv[rc + k + 2]!;
          const v3 = rinv[rc + k + 3]!;
          const x0 = cols[k]!;
          const x1 = cols[k + 1]!;
          const x2 = cols[k + 2]!;
          const x3 = cols[k + 3]!;
          for (let t = 0, i = i0; t < m; t++, i++) out[oc + t] += x0[i]! * v0 + x1[i]! * v1 + (x2[i]! * v2 + x3[i]! * v3);
        }
        for (; k <= c; k++) {
          const v = rinv[rc + k]!;
          if (v === 0) continue;
          const xk = cols[k]!;
          for (let t = 0, i = i0; t < m; t++, i++) out[oc + t] += xk[i]! * v;
        }
      }
    },
  };
}

/** Rows per block when streaming a {@link DesignRows} (a block of r columns stays in L1/L2 cache). */
export const ROW_BLOCK = 256;

/** The whole n×r matrix of a {@link DesignRows}, column-major. */
export function materialize(rows: DesignRows): Float64Array {
  const { n, r } = rows;
  const out = new Float64Array(n * r);
  const blk = new Float64Array(ROW_BLOCK * r);
  for (let i0 = 0; i0 < n; i0 += ROW_BLOCK) {
    const i1 = Math.min(n, i0 + ROW_BLOCK);
    const m = i1 - i0;
    rows.fill(i0, i1, blk);
    for (let c = 0; c < r; c++) out.set(blk.subarray(c * m, c * m + m), c * n + i0);
  }
  return out;
}

/**
 * Add the upper triangle of blk'blk (blk: m×r column-major) to the r×r leading block of `g`
 * (leading dimension `ld`): g[b·ld + a] += Σ_t blk[a·m + t] blk[b·m + t] for a ≤ b. Register
 * blocked: each pass over the rows takes two columns a against four columns b (eight sums from
 * six loads per row).
 */
export function addGramUpper(blk: Float64Array, m: number, r: number, g: Float64Array, ld: number): void {
  let a = 0;
  for (; a + 1 < r; a += 2) {
    const oa = a * m;
    const oa1 = oa + m;
    // the 2×2 diagonal block (a, a), (a, a+1), (a+1, a+1)
    let d00 = 0;
    let d01 = 0;
    let d11 = 0;
    for (let t = 0; t < m; t++) {
      const u = blk[oa + t]!;
      const v = blk[oa1 + t]!;
      d00 += u * u;
      d01 += u * v;
      d11 += v * v;
    }
    g[a * ld + a] += d00;
    g[(a + 1) * ld + a] += d01;
    g[(a + 1) * ld + a + 1] += d11;
    let b = a + 2;
    for (; b + 3 < r; b += 4) {
      const o0 = b * m;
      const o1 = o0 + m;
      const o2 = o1 + m;
      const o3 = o2 + m;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let t0 = 0;
      let t1 = 0;
      let t2 = 0;
      let t3 = 0;
      for (let t = 0; t < m; t++) {
        const u = blk[oa + t]!;
        const v = blk[oa1 + t]!;
        const x0 = blk[o0 + t]!;
        const x1 = blk[o1 + t]!;
        const x2 = blk[o2 + t]!;
        const x3 = blk[o3 + t]!;
        s0 += u * x0;
        s1 += u * x1;
        s2 += u * x2;
        s3 += u * x3;
        t0 += v * x0;
        t1 += v * x1;
        t2 += v * x2;
        t3 += v * x3;
      }
      g[b * ld + a] += s0;
      g[(b + 1) * ld + a] += s1;
      g[(b + 2) * ld + a] += s2;
      g[(b + 3) * ld + a] += s3;
      g[b * ld + a + 1] += t0;
      g[(b + 1) * ld + a + 1] += t1;
      g[(b + 2) * ld + a + 1] += t2;
      g[(b + 3) * ld + a + 1] += t3;
    }
    for (; b < r; b++) {
      const ob = b * m;
      let s = 0;
      let u = 0;
      for (let t = 0; t < m; t++) {
        const x = blk[ob + t]!;
        s += blk[oa + t]! * x;
        u += blk[oa1 + t]! * x;
      }
      g[b * ld + a] += s;
      g[b * ld + a + 1] += u;
    }
  }
  if (a < r) {
    const oa = a * m;
    let s = 0;
    for (let t = 0; t < m; t++) s += blk[oa + t]! * blk[oa + t]!;
    g[a * ld + a] += s;
  }
}

/** Copy the upper triangle of the q×q leading block of `g` (leading dimension `ld`) onto its lower triangle. */
export function mirrorUpper(g: Float64Array, q: number, ld: number = q): void {
  for (let b = 0; b < q; b++) for (let a = 0; a < b; a++) g[a * ld + b] = g[b * ld + a]!;
}

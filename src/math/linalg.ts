/**
 * Dense linear algebra on `Float64Array`, sized for regression.
 *
 * Matrices are stored column-major: entry (i, j) of an n×p matrix `a` is
 * `a[j * n + i]`, so a column is a contiguous slice and the n-sized loops
 * (X'X, Q'y, leverages) walk memory in order.
 *
 * - {@link colPivQr}: Householder QR with greedy column pivoting, the algorithm of
 *   Eigen's `ColPivHouseholderQR` (which R's estimatr uses), including its norm
 *   down-dating and its rank rule, so collinear regressors are dropped where
 *   estimatr drops them.
 * - {@link symEigen}: cyclic Jacobi eigendecomposition of a small symmetric matrix.
 * - {@link cholesky}, {@link symInverse}, {@link invUpper}, {@link invSqrtPsd}.
 */

const EPS = 2.220446049250313e-16;
const MIN_NORMAL = 2.2250738585072014e-308;

/** Result of {@link colPivQr}. */
export interface ColPivQr {
  /** n×p, column-major: R on and above the diagonal, Householder vectors (without their leading 1) below. */
  readonly qr: Float64Array;
  readonly n: number;
  readonly p: number;
  /** Householder coefficients, one per column (min(n, p) of them). */
  readonly tau: Float64Array;
  /** `perm[k]` = original index of the column in pivot position k. */
  readonly perm: Int32Array;
  /**
   * Numerical rank by Eigen's rule: |R_kk| > max|R_kk| · eps · min(n, p), over the nonzero pivots;
   * with `relTol`, pivots also stop at the first |R_kk| ≤ relTol · (that column's original norm).
   */
  readonly rank: number;
}

/**
 * Householder QR with column pivoting of the n×p column-major matrix `a` (copied, not modified).
 *
 * At step k the remaining column of largest (down-dated) norm is swapped in, as in
 * Eigen's `ColPivHouseholderQR::computeInPlace` (LAPACK xGEQPF norm down-dating,
 * LAWN 176); norms equal to 1e-9 relative count as ties and go to the first column. The rank is counted as Eigen's `rank()`.
 *
 * @example
 * ```ts
 * const f = colPivQr(Float64Array.from([1, 1, 1, 1, 2, 3]), 3, 2); // f.rank === 2
 * ```
 */
export function colPivQr(a: Float64Array, n: number, p: number, relTol = 0): ColPivQr {
  const qr = Float64Array.from(a.subarray(0, n * p));
  const size = Math.min(n, p);
  const tau = new Float64Array(size);
  const perm = new Int32Array(p);
  for (let j = 0; j < p; j++) perm[j] = j;
  const normsUpd = new Float64Array(p);
  const normsDir = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    const o = j * n;
    for (let i = 0; i < n; i++) s += qr[o + i]! * qr[o + i]!;
    normsDir[j] = Math.sqrt(s);
    normsUpd[j] = normsDir[j]!;
  }
  const initialNorms = Float64Array.from(normsDir);
  let maxNorm = 0;
  for (let j = 0; j < p; j++) if (normsUpd[j]! > maxNorm) maxNorm = normsUpd[j]!;
  const thresholdHelper = (maxNorm * EPS) ** 2 / n;
  const downdateThreshold = Math.sqrt(EPS);
  let nonzeroPivots = size;
  let maxPivot = 0;
  for (let k = 0; k < size; k++) {
    let big = k;
    let bigNorm = normsUpd[k]!;
    // Columns whose norms agree to 1e-9 are treated as tied and the first wins: in exact
    // arithmetic that is Eigen's rule (maxCoeff returns the first maximum); without it, which
    // of two exactly tied columns (x1 and x2 when x3 = x1 + x2 came first) is dropped would
    // depend on rounding.
    for (let j = k + 1; j < p; j++) {
      if (normsUpd[j]! > bigNorm * (1 + 1e-9)) {
        bigNorm = normsUpd[j]!;
        big = j;
      }
    }
    if (nonzeroPivots === size && bigNorm * bigNorm < thresholdHelper * (n - k)) nonzeroPivots = k;
    if (big !== k) {
      const ok = k * n;
      const ob = big * n;
      for (let i = 0; i < n; i++) {
        const t = qr[ok + i]!;
        qr[ok + i] = qr[ob + i]!;
        qr[ob + i] = t;
      }
      let t = normsUpd[k]!;
      normsUpd[k] = normsUpd[big]!;
      normsUpd[big] = t;
      t = normsDir[k]!;
      normsDir[k] = normsDir[big]!;
      normsDir[big] = t;
      const pi = perm[k]!;
      perm[k] = perm[big]!;
      perm[big] = pi;
    }
    // Householder vector for column k, rows k..n-1 (Eigen's makeHouseholderInPlace).
    const ok = k * n;
    let tailSq = 0;
    for (let i = k + 1; i < n; i++) tailSq += qr[ok + i]! * qr[ok + i]!;
    const c0 = qr[ok + k]!;
    let beta: number;
    let tk: number;
    if (tailSq <= MIN_NORMAL) {
      tk = 0;
      beta = c0;
      for (let i = k + 1; i < n; i++) qr[ok + i] = 0;
    } else {
      beta = Math.sqrt(c0 * c0 + tailSq);
      if (c0 >= 0) beta = -beta;
      const d = c0 - beta;
      for (let i = k + 1; i < n; i++) qr[ok + i] = qr[ok + i]! / d;
      tk = (beta - c0) / beta;
    }
    tau[k] = tk;
    qr[ok + k] = beta;
    if (Math.abs(beta) > maxPivot) maxPivot = Math.abs(beta);
    // Apply H = I - tau v v' (v = [1, essential]) to the remaining columns.
    if (tk !== 0) for (let j = k + 1; j < p; j++) reflect(qr, ok, k, n, tk, qr, j * n);
    // Down-date the norms of the remaining columns.
    for (let j = k + 1; j < p; j++) {
      if (normsUpd[j] !== 0) {
        let t = Math.abs(qr[j * n + k]!) / normsUpd[j]!;
        t = (1 + t) * (1 - t);
        if (t < 0) t = 0;
        const r = normsUpd[j]! / normsDir[j]!;
        const t2 = t * r * r;
        if (t2 <= downdateThreshold) {
          let s = 0;
          const oj = j * n;
          for (let i = k + 1; i < n; i++) s += qr[oj + i]! * qr[oj + i]!;
          normsDir[j] = Math.sqrt(s);
          normsUpd[j] = normsDir[j]!;
        } else {
          normsUpd[j] = normsUpd[j]! * Math.sqrt(t);
        }
      }
    }
  }
  const thr = maxPivot * EPS * size;
  let rank = 0;
  if (relTol > 0) {
    // The first pivot whose residual falls below Eigen's threshold, or below relTol of its own
    // column's norm (R's lm rule), ends the rank.
    while (rank < nonzeroPivots && Math.abs(qr[rank * n + rank]!) > Math.max(thr, relTol * initialNorms[perm[rank]!]!)) rank++;
  } else for (let k = 0; k < nonzeroPivots; k++) if (Math.abs(qr[k * n + k]!) > thr) rank++;
  return { qr, n, p, tau, perm, rank };
}

/**
 * Apply the Householder reflection H = I − τ v v' of step k to rows k..rows−1 of a column:
 * v = [1, a[ov+k+1], …, a[ov+rows−1]] (the essential part stored below the diagonal, as Eigen's
 * `applyHouseholderOnTheLeft`), the column x[ox+k..ox+rows−1] overwritten (x may be `a` itself).
 */
function reflect(a: Float64Array, ov: number, k: number, rows: number, tau: number, x: Float64Array, ox: number): void {
  reflect1(x, ox + k, x, ox + k + 1, a, ov + k + 1, rows - k - 1, tau);
}

/*
 * The column kernels of the Householder sweeps. A reflector v = [1; v_tail] (v_tail = v[vo + i],
 * i < len) acts on a column made of a head entry and a tail: column c of a group has its head at
 * head[ho + c·stride] and its tail at tail[to + c·stride + i]. In a plain sweep head and tail are
 * the same array (the entry on the diagonal, then the rows below it); when two triangular factors
 * are merged the head is a row of one and the tail a column of the other. Wider groups read the
 * reflector once for several columns; each column gets the same operations in the same order.
 */

/** H applied to one column (see above). */
function reflect1(head: Float64Array, ho: number, tail: Float64Array, to: number, v: Float64Array, vo: number, len: number, tau: number): void {
  let s = head[ho]!;
  for (let i = 0; i < len; i++) s += v[vo + i]! * tail[to + i]!;
  s *= tau;
  head[ho] = head[ho]! - s;
  for (let i = 0; i < len; i++) tail[to + i] = tail[to + i]! - s * v[vo + i]!;
}

/** H applied to two adjacent columns, `stride` apart. */
function reflect2(head: Float64Array, ho: number, tail: Float64Array, to: number, stride: number, v: Float64Array, vo: number, len: number, tau: number): void {
  const t1 = to + stride;
  let s0 = head[ho]!;
  let s1 = head[ho + stride]!;
  for (let i = 0; i < len; i++) {
    const u = v[vo + i]!;
    s0 += u * tail[to + i]!;
    s1 += u * tail[t1 + i]!;
  }
  s0 *= tau;
  s1 *= tau;
  head[ho] = head[ho]! - s0;
  head[ho + stride] = head[ho + stride]! - s1;
  for (let i = 0; i < len; i++) {
    const u = v[vo + i]!;
    tail[to + i] = tail[to + i]! - s0 * u;
    tail[t1 + i] = tail[t1 + i]! - s1 * u;
  }
}

/** H applied to four adjacent columns, `stride` apart: the reflector is read twice instead of eight times. */
function reflect4(head: Float64Array, ho: number, tail: Float64Array, to: number, stride: number, v: Float64Array, vo: number, len: number, tau: number): void {
  const t1 = to + stride;
  const t2 = t1 + stride;
  const t3 = t2 + stride;
  let s0 = head[ho]!;
  let s1 = head[ho + stride]!;
  let s2 = head[ho + 2 * stride]!;
  let s3 = head[ho + 3 * stride]!;
  for (let i = 0; i < len; i++) {
    const u = v[vo + i]!;
    s0 += u * tail[to + i]!;
    s1 += u * tail[t1 + i]!;
    s2 += u * tail[t2 + i]!;
    s3 += u * tail[t3 + i]!;
  }
  s0 *= tau;
  s1 *= tau;
  s2 *= tau;
  s3 *= tau;
  head[ho] = head[ho]! - s0;
  head[ho + stride] = head[ho + stride]! - s1;
  head[ho + 2 * stride] = head[ho + 2 * stride]! - s2;
  head[ho + 3 * stride] = head[ho + 3 * stride]! - s3;
  for (let i = 0; i < len; i++) {
    const u = v[vo + i]!;
    tail[to + i] = tail[to + i]! - s0 * u;
    tail[t1 + i] = tail[t1 + i]! - s1 * u;
    tail[t2 + i] = tail[t2 + i]! - s2 * u;
    tail[t3 + i] = tail[t3 + i]! - s3 * u;
  }
}

/**
 * The Householder reflector that maps the column [head[ho]; tail[to..to+len−1]] to [β; 0]: head[ho]
 * becomes β (= −sign(head)·‖column‖, as Eigen's `makeHouseholder`), the tail becomes the essential
 * part v = tail / (head − β), and τ = (β − head)/β is returned; 0 (nothing written) when the tail is
 * already zero.
 */
function makeReflector(head: Float64Array, ho: number, tail: Float64Array, to: number, len: number): number {
  const t2 = dot(tail, to, tail, to, 0, len);
  if (t2 <= MIN_NORMAL) return 0;
  const c0 = head[ho]!;
  let beta = Math.sqrt(c0 * c0 + t2);
  if (c0 >= 0) beta = -beta;
  const d = c0 - beta;
  for (let i = 0; i < len; i++) tail[to + i] = tail[to + i]! / d;
  head[ho] = beta;
  return (beta - c0) / beta;
}

/** H applied to `count` adjacent columns, `stride` apart: four at a time, then two, then one. */
function reflectColumns(head: Float64Array, ho: number, tail: Float64Array, to: number, stride: number, count: number, v: Float64Array, vo: number, len: number, tau: number): void {
  let c = 0;
  for (; c + 3 < count; c += 4) reflect4(head, ho + c * stride, tail, to + c * stride, stride, v, vo, len, tau);
  if (c + 1 < count) {
    reflect2(head, ho + c * stride, tail, to + c * stride, stride, v, vo, len, tau);
    c += 2;
  }
  if (c < count) reflect1(head, ho + c * stride, tail, to + c * stride, v, vo, len, tau);
}

/**
 * Σ_{i0 ≤ i < i1} a[oa + i] · b[ob + i] with four partial sums, so the additions do not wait on
 * each other (a single running sum is bound by the latency of one addition per element).
 */
export function dot(a: Float64Array, oa: number, b: Float64Array, ob: number, i0: number, i1: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = i0;
  for (; i + 3 < i1; i += 4) {
    s0 += a[oa + i]! * b[ob + i]!;
    s1 += a[oa + i + 1]! * b[ob + i + 1]!;
    s2 += a[oa + i + 2]! * b[ob + i + 2]!;
    s3 += a[oa + i + 3]! * b[ob + i + 3]!;
  }
  for (; i < i1; i++) s0 += a[oa + i]! * b[ob + i]!;
  return s0 + s1 + (s2 + s3);
}

/** Overwrite the n-vector `y` with Q'y for the factorization `f`. */
export function applyQt(f: ColPivQr, y: Float64Array): void {
  const { qr, n, tau } = f;
  for (let k = 0; k < tau.length; k++) {
    const tk = tau[k]!;
    if (tk === 0) continue;
    reflect(qr, k * n, k, n, tk, y, 0);
  }
}

/** The leading r×r upper triangle of the QR factor, as a dense r×r column-major matrix. */
export function leadingR(f: ColPivQr, r: number): Float64Array {
  const out = new Float64Array(r * r);
  for (let j = 0; j < r; j++) for (let i = 0; i <= j; i++) out[j * r + i] = f.qr[j * f.n + i]!;
  return out;
}

/** Inverse of an r×r upper-triangular column-major matrix (back substitution). */
export function invUpper(rm: Float64Array, r: number): Float64Array {
  const inv = new Float64Array(r * r);
  for (let c = 0; c < r; c++) {
    // Solve R x = e_c; x is zero below c.
    for (let i = c; i >= 0; i--) {
      let s = i === c ? 1 : 0;
      for (let j = i + 1; j <= c; j++) s -= rm[j * r + i]! * inv[c * r + j]!;
      inv[c * r + i] = s / rm[i * r + i]!;
    }
  }
  return inv;
}

/** Solve R x = b for upper-triangular r×r `rm` (column-major). */
export function solveUpper(rm: Float64Array, r: number, b: ArrayLike<number>): Float64Array {
  const x = new Float64Array(r);
  for (let i = r - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let j = i + 1; j < r; j++) s -= rm[j * r + i]! * x[j]!;
    x[i] = s / rm[i * r + i]!;
  }
  return x;
}

/** Product of column-major a (m×k) and b (k×n). */
export function matMul(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let j = 0; j < n; j++) {
    for (let l = 0; l < k; l++) {
      const blj = b[j * k + l]!;
      if (blj === 0) continue;
      const ol = l * m;
      const oj = j * m;
      for (let i = 0; i < m; i++) out[oj + i] += a[ol + i]! * blj;
    }
  }
  return out;
}

/** Product a'b of column-major a (k×m) and b (k×n): an m×n matrix, without forming a'. */
export function matMulTN(a: Float64Array, b: Float64Array, k: number, m: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let j = 0; j < n; j++) {
    const oj = j * k;
    for (let i = 0; i < m; i++) {
      const oi = i * k;
      let acc = 0;
      for (let l = 0; l < k; l++) acc += a[oi + l]! * b[oj + l]!;
      out[j * m + i] = acc;
    }
  }
  return out;
}

/** Transpose of a column-major m×n matrix. */
export function transpose(a: Float64Array, m: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) out[i * n + j] = a[j * m + i]!;
  return out;
}

/** Cross-product X'X of a column-major n×p matrix (a p×p symmetric matrix). */
export function crossprod(x: Float64Array, n: number, p: number): Float64Array {
  const out = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    const oa = a * n;
    for (let b = a; b < p; b++) {
      const ob = b * n;
      let s = 0;
      for (let i = 0; i < n; i++) s += x[oa + i]! * x[ob + i]!;
      out[b * p + a] = s;
      out[a * p + b] = s;
    }
  }
  return out;
}

/**
 * Lower Cholesky factor L (column-major, L L' = A) of a symmetric positive definite p×p matrix,
 * or `null` when A is not numerically positive definite.
 */
export function cholesky(a: Float64Array, p: number): Float64Array | null {
  const l = new Float64Array(p * p);
  return choleskyInto(a, p, l) ? l : null;
}

/**
 * {@link cholesky} into `l` (p×p; only its lower triangle is written), without allocating: false
 * when `a` is not numerically positive definite. For loops that factor a small matrix many times.
 *
 * @example
 * ```ts
 * const l = new Float64Array(4);
 * choleskyInto(Float64Array.of(4, 2, 2, 5), 2, l); // true
 * Array.from(l); // [2, 1, 0, 2]
 * ```
 */
export function choleskyInto(a: Float64Array, p: number, l: Float64Array): boolean {
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
  return true;
}

/** Inverse of a symmetric positive definite matrix through its Cholesky factor, or `null` if not PD. */
export function symInverse(a: Float64Array, p: number): Float64Array | null {
  const out = new Float64Array(p * p);
  return spdInverseInto(a, p, new Float64Array(p * p), new Float64Array(p * p), out) ? out : null;
}

/**
 * {@link symInverse} into `out` without allocating: the Cholesky factor goes to `l` and its inverse to
 * `li` (both p×p scratch); false (and `out` unspecified) when `a` is not numerically positive definite.
 * inv(A) = inv(L)' inv(L), inv(L) lower triangular. Randomization inference inverts a small matrix per
 * permutation with it.
 *
 * @example
 * ```ts
 * const out = new Float64Array(1);
 * spdInverseInto(Float64Array.of(4), 1, new Float64Array(1), new Float64Array(1), out); // true
 * out[0]; // 0.25
 * ```
 */
export function spdInverseInto(a: Float64Array, p: number, l: Float64Array, li: Float64Array, out: Float64Array): boolean {
  if (!choleskyInto(a, p, l)) return false;
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

/** Eigen-decomposition of a symmetric matrix. */
export interface SymEigen {
  /** Eigenvalues, ascending. */
  readonly values: Float64Array;
  /** Eigenvectors as columns (column-major p×p), in the order of `values`. */
  readonly vectors: Float64Array;
}

/**
 * Eigendecomposition of the symmetric p×p column-major matrix `a`: the cyclic Jacobi method for
 * p ≤ 12 (accurate to a few ulps), Householder tridiagonalization and implicit QL above
 * ({@link symEigenQl}, several times faster for the larger per-cluster matrices of CR2 with fixed effects).
 */
export function symEigen(a: Float64Array, p: number): SymEigen {
  if (p > 12) return symEigenQl(a, p);
  const m = Float64Array.from(a.subarray(0, p * p));
  // Symmetrize to guard against rounding asymmetry in the input.
  for (let j = 0; j < p; j++)
    for (let i = j + 1; i < p; i++) {
      const s = 0.5 * (m[j * p + i]! + m[i * p + j]!);
      m[j * p + i] = s;
      m[i * p + j] = s;
    }
  const v = new Float64Array(p * p);
  for (let i = 0; i < p; i++) v[i * p + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let j = 0; j < p; j++) {
      diag += m[j * p + j]! * m[j * p + j]!;
      for (let i = j + 1; i < p; i++) off += m[j * p + i]! * m[j * p + i]!;
    }
    if (off <= 1e-32 * diag || off === 0) break;
    for (let q = 1; q < p; q++) {
      for (let r = 0; r < q; r++) {
        const apq = m[q * p + r]!;
        if (apq === 0) continue;
        const app = m[r * p + r]!;
        const aqq = m[q * p + q]!;
        const theta = (aqq - app) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        // Rotate rows/columns r and q.
        for (let k = 0; k < p; k++) {
          const mkr = m[r * p + k]!;
          const mkq = m[q * p + k]!;
          m[r * p + k] = c * mkr - s * mkq;
          m[q * p + k] = s * mkr + c * mkq;
        }
        for (let k = 0; k < p; k++) {
          const mrk = m[k * p + r]!;
          const mqk = m[k * p + q]!;
          m[k * p + r] = c * mrk - s * mqk;
          m[k * p + q] = s * mrk + c * mqk;
        }
        m[q * p + r] = 0;
        m[r * p + q] = 0;
        for (let k = 0; k < p; k++) {
          const vkr = v[r * p + k]!;
          const vkq = v[q * p + k]!;
          v[r * p + k] = c * vkr - s * vkq;
          v[q * p + k] = s * vkr + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: p }, (_, i) => i).sort((x, y) => m[x * p + x]! - m[y * p + y]!);
  const values = new Float64Array(p);
  const vectors = new Float64Array(p * p);
  order.forEach((src, dst) => {
    values[dst] = m[src * p + src]!;
    for (let k = 0; k < p; k++) vectors[dst * p + k] = v[src * p + k]!;
  });
  return { values, vectors };
}

/**
 * Symmetric eigendecomposition by Householder tridiagonalization and the implicit QL algorithm
 * (EISPACK tred2/tql2, as in JAMA), eigenvalues ascending.
 */
export function symEigenQl(a: Float64Array, p: number): SymEigen {
  const n = p;
  // V row-major n×n work copy (symmetric input, so layout does not matter for the start).
  const V: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const row = new Float64Array(n);
    for (let j = 0; j < n; j++) row[j] = 0.5 * (a[j * n + i]! + a[i * n + j]!);
    V.push(row);
  }
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  // tred2
  for (let j = 0; j < n; j++) d[j] = V[n - 1]![j]!;
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]!);
    if (scale === 0) {
      e[i] = d[i - 1]!;
      for (let j = 0; j < i; j++) {
        d[j] = V[i - 1]![j]!;
        V[i]![j] = 0;
        V[j]![i] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] = d[k]! / scale;
        h += d[k]! * d[k]!;
      }
      let f = d[i - 1]!;
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j]!;
        V[j]![i] = f;
        g = e[j]! + V[j]![j]! * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += V[k]![j]! * d[k]!;
          e[k] = e[k]! + V[k]![j]! * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] = e[j]! / h;
        f += e[j]! * d[j]!;
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] = e[j]! - hh * d[j]!;
      for (let j = 0; j < i; j++) {
        f = d[j]!;
        g = e[j]!;
        for (let k = j; k <= i - 1; k++) V[k]![j] = V[k]![j]! - (f * e[k]! + g * d[k]!);
        d[j] = V[i - 1]![j]!;
        V[i]![j] = 0;
      }
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i++) {
    V[n - 1]![i] = V[i]![i]!;
    V[i]![i] = 1;
    const h = d[i + 1]!;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = V[k]![i + 1]! / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += V[k]![i + 1]! * V[k]![j]!;
        for (let k = 0; k <= i; k++) V[k]![j] = V[k]![j]! - g * d[k]!;
      }
    }
    for (let k = 0; k <= i; k++) V[k]![i + 1] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = V[n - 1]![j]!;
    V[n - 1]![j] = 0;
  }
  V[n - 1]![n - 1] = 1;
  e[0] = 0;
  // tql2
  for (let i = 1; i < n; i++) e[i - 1] = e[i]!;
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]!) + Math.abs(e[l]!));
    let m = l;
    while (m < n) {
      if (Math.abs(e[m]!) <= eps * tst1) break;
      m++;
    }
    if (m > l) {
      for (let iter = 0; iter < 60; iter++) {
        let g = d[l]!;
        let pp = (d[l + 1]! - g) / (2 * e[l]!);
        let r = Math.hypot(pp, 1);
        if (pp < 0) r = -r;
        d[l] = e[l]! / (pp + r);
        d[l + 1] = e[l]! * (pp + r);
        const dl1 = d[l + 1]!;
        let h = g - d[l]!;
        for (let i = l + 2; i < n; i++) d[i] = d[i]! - h;
        f += h;
        pp = d[m]!;
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1]!;
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i]!;
          h = c * pp;
          r = Math.hypot(pp, e[i]!);
          e[i + 1] = s * r;
          s = e[i]! / r;
          c = pp / r;
          pp = c * d[i]! - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]!);
          for (let k = 0; k < n; k++) {
            h = V[k]![i + 1]!;
            V[k]![i + 1] = s * V[k]![i]! + c * h;
            V[k]![i] = c * V[k]![i]! - s * h;
          }
        }
        pp = (-s * s2 * c3 * el1 * e[l]!) / dl1;
        e[l] = s * pp;
        d[l] = c * pp;
        if (!(Math.abs(e[l]!) > eps * tst1)) break;
      }
    }
    d[l] = d[l]! + f;
    e[l] = 0;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[x]! - d[y]!);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    values[dst] = d[src]!;
    for (let k = 0; k < n; k++) vectors[dst * n + k] = V[k]![src]!;
  });
  return { values, vectors };
}

/**
 * A symmetric matrix function V diag(f(λ)) V' of the symmetric p×p matrix `a`.
 */
export function symFunction(a: Float64Array, p: number, f: (lambda: number) => number): Float64Array {
  const { values, vectors } = symEigen(a, p);
  const out = new Float64Array(p * p);
  for (let k = 0; k < p; k++) {
    const fk = f(values[k]!);
    if (fk === 0) continue;
    const ok = k * p;
    for (let j = 0; j < p; j++) {
      const vjk = vectors[ok + j]! * fk;
      if (vjk === 0) continue;
      for (let i = 0; i < p; i++) out[j * p + i] += vectors[ok + i]! * vjk;
    }
  }
  return out;
}

/**
 * Inverse square root of a symmetric positive semi-definite matrix, with eigenvalues
 * at or below `floor` (default 1e-12, estimatr's CR2 rule) set to zero (a pseudo-inverse root).
 */
export function invSqrtPsd(a: Float64Array, p: number, floor = 1e-12): Float64Array {
  return symFunction(a, p, (l) => (l > floor ? 1 / Math.sqrt(l) : 0));
}

/** Moore–Penrose pseudo-inverse of a symmetric PSD matrix (eigenvalues ≤ tol·max set to 0). */
export function pinvPsd(a: Float64Array, p: number, tol = 1e-12): Float64Array {
  const { values } = symEigen(a, p);
  let max = 0;
  for (const v of values) if (Math.abs(v) > max) max = Math.abs(v);
  return symFunction(a, p, (l) => (l > tol * max ? 1 / l : 0));
}

/**
 * The p×p upper-triangular factor R of an unpivoted Householder QR of the tall n×p matrix `a`
 * (column-major, or a list of p columns) (R'R = A'A), computed by sequential tall-skinny QR: row blocks of `block` rows are
 * stacked under the running R and re-factorized, so every Householder sweep runs in cache.
 * Column norms of R equal those of A, so a pivoted QR of R reproduces the pivot order and rank
 * decisions of a pivoted QR of A.
 */
export function tsqrR(a: Float64Array | readonly Float64Array[], n: number, p: number, block = 1024, y?: Float64Array): Float64Array {
  return tsqr(a, n, p, block, y).R;
}

/**
 * {@link tsqrR}, and with `y` also Q'y (p entries, Q the implicit orthogonal factor), so the least
 * squares coefficients follow from R without forming Q.
 */
export function tsqr(a: Float64Array | readonly Float64Array[], n: number, p: number, block = 1024, y?: Float64Array): { R: Float64Array; qty: Float64Array } {
  const cols = Array.isArray(a) ? (a as readonly Float64Array[]) : Array.from({ length: p }, (_, j) => (a as Float64Array).subarray(j * n, j * n + n));
  const R = new Float64Array(p * p);
  const qty = new Float64Array(p);
  tsqrRows(cols, 0, n, p, block, y, R, qty, new Float64Array((block + p) * (y ? p + 1 : p)));
  return { R, qty };
}

/**
 * The sequential tall-skinny QR of rows i0..i1−1 of the columns `cols` into `R` (p×p; rows past
 * min(i1 − i0, p) are zero) and, with `y`, `qty` (Q'y of those rows). The first block is factorized
 * alone; each later one is stacked under the running R. `w` is scratch of (block + p)·(p + 1) doubles.
 */
function tsqrRows(
  cols: readonly Float64Array[],
  i0: number,
  i1: number,
  p: number,
  block: number,
  y: Float64Array | undefined,
  R: Float64Array,
  qty: Float64Array,
  w: Float64Array,
): void {
  const pc = y ? p + 1 : p;
  R.fill(0);
  qty.fill(0);
  for (let b0 = i0; b0 < i1; b0 += block) {
    const b = Math.min(block, i1 - b0);
    const top = b0 === i0 ? 0 : p; // rows of the running R stacked on top
    const m = top + b;
    // W = [R; A[b0:b0+b, :]] with leading dimension m.
    for (let j = 0; j < p; j++) {
      const oj = j * m;
      for (let i = 0; i < top; i++) w[oj + i] = R[j * p + i]!;
      const cj = cols[j]!;
      for (let i = 0; i < b; i++) w[oj + top + i] = cj[b0 + i]!;
    }
    if (y) {
      const oy = p * m;
      for (let i = 0; i < top; i++) w[oy + i] = qty[i]!;
      for (let i = 0; i < b; i++) w[oy + top + i] = y[b0 + i]!;
    }
    householderSweep(w, m, p, pc);
    const kr = Math.min(m, p);
    for (let j = 0; j < p; j++) for (let i = 0; i < p; i++) R[j * p + i] = i <= j && i < kr ? w[j * m + i]! : 0;
    if (y) for (let i = 0; i < p; i++) qty[i] = i < kr ? w[p * m + i]! : 0;
  }
}

/**
 * Unpivoted Householder QR, in place, of the first p columns of the m×pc column-major `w`
 * (leading dimension m): R on and above the diagonal, the reflectors below; columns p..pc−1
 * (e.g. y) are transformed alongside (they become Q'y).
 */
function householderSweep(w: Float64Array, m: number, p: number, pc: number): void {
  const kmax = Math.min(p, m);
  for (let k = 0; k < kmax; k++) {
    const ok = k * m;
    const tk = makeReflector(w, ok + k, w, ok + k + 1, m - k - 1);
    if (tk === 0) continue; // already triangular in this column
    // The trailing columns k+1..pc−1: head on row k, tail below it.
    const oj = (k + 1) * m + k;
    reflectColumns(w, oj, w, oj + 1, m, pc - k - 1, w, ok + k + 1, m - k - 1, tk);
  }
}

/** What {@link clusterTsqr} returns. */
export interface ClusterTsqr {
  /** p×p upper-triangular R of the whole matrix (R'R = A'A). */
  readonly R: Float64Array;
  /** Q'y (p entries), when `y` was given; zeros otherwise. */
  readonly qty: Float64Array;
  /**
   * Each cluster's own factor: cluster g's rows A_g = U_g R_g with U_g orthonormal and R_g upper
   * trapezoidal, k_g = min(n_g, p) rows × p, column-major with leading dimension k_g, stored at
   * `factors[offsets[g] …]` (so k_g = (offsets[g + 1] − offsets[g]) / p).
   */
  readonly factors: Float64Array;
  readonly offsets: Int32Array;
}

/**
 * Tall-skinny QR with one leaf per cluster (a flat TSQR tree): each cluster's rows are factorized
 * on their own (blocks of `block` rows within a cluster), its R_g kept, and R_g merged into the
 * running R by a Householder sweep that uses the triangular shape of both (≈ ⅔p³ flops per
 * cluster). Same cost as {@link tsqr} and the same R up to the signs of its rows; the R_g give each
 * cluster's Gram matrix A_g'A_g = R_g'R_g without a second pass over the rows.
 *
 * @param cols - p columns of length n, rows sorted by cluster.
 * @param starts - J + 1 cluster boundaries: cluster g is rows starts[g]..starts[g+1]−1 (each non-empty).
 */
export function clusterTsqr(cols: readonly Float64Array[], p: number, starts: Int32Array, y?: Float64Array, block = 1024): ClusterTsqr {
  const J = starts.length - 1;
  const offsets = new Int32Array(J + 1);
  for (let g = 0; g < J; g++) offsets[g + 1] = offsets[g]! + Math.min(starts[g + 1]! - starts[g]!, p) * p;
  const factors = new Float64Array(offsets[J]!);
  const R = new Float64Array(p * p);
  const qty = new Float64Array(p);
  const Rg = new Float64Array(p * p);
  const cg = new Float64Array(p);
  const w = new Float64Array((block + p) * (y ? p + 1 : p));
  for (let g = 0; g < J; g++) {
    const s0 = starts[g]!;
    const s1 = starts[g + 1]!;
    tsqrRows(cols, s0, s1, p, block, y, Rg, cg, w);
    const kg = Math.min(s1 - s0, p);
    const o = offsets[g]!;
    for (let j = 0; j < p; j++) for (let i = 0; i < kg; i++) factors[o + j * kg + i] = Rg[j * p + i]!;
    if (g === 0) {
      R.set(Rg);
      qty.set(cg);
    } else mergeUpper(R, qty, Rg, cg, p, kg, y !== undefined);
  }
  return { R, qty, factors, offsets };
}

/**
 * Householder QR of [R; B] for upper-triangular R (p×p) and upper-trapezoidal B (its first kb rows,
 * in a p×p buffer): R and `qty` are overwritten with the merged factor and Q'[qty; cb]; B and cb
 * are destroyed. The reflector of column k touches only row k of R and rows 0..min(k, kb − 1) of B.
 */
function mergeUpper(R: Float64Array, qty: Float64Array, B: Float64Array, cb: Float64Array, p: number, kb: number, withY: boolean): void {
  for (let k = 0; k < p; k++) {
    const h = Math.min(k + 1, kb);
    const ok = k * p;
    const tk = makeReflector(R, ok + k, B, ok, h);
    if (tk === 0) continue;
    // Columns k+1..p−1: head R[k, j], tail B[0..h−1, j].
    reflectColumns(R, (k + 1) * p + k, B, (k + 1) * p, p, p - k - 1, B, ok, h, tk);
    if (withY) reflect1(qty, k, cb, 0, B, ok, h, tk);
  }
}

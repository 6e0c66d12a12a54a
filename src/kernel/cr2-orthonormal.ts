/**
 * CR2 meat rows and every coefficient's Bell–McCaffrey Satterthwaite df at once, for an unweighted
 * fit without absorbed fixed effects whose design is given in an orthonormal basis (the rows of
 * Q = X_p R⁻¹, so M = (Q'Q)⁻¹ = I). The general low-rank form of `cr2LowRank` (vcov-cr2.ts) is
 * the oracle; this form is what makes many small clusters cheap.
 *
 * Per cluster g (rows Q_g, n_g × r, residuals e_g), A_g = (I − Q_g Q_g')^(−1/2) with eigenvalues of
 * I − H_gg at or below 1e−12 set to 0 (estimatr's rule). It is computed in whichever space is smaller:
 * - n_g < r: the n_g × n_g eigendecomposition of H_gg = Q_g Q_g' itself (estimatr's own matrix);
 * - n_g ≥ r: the r × r form A_g Q_g = Q_g B_g, B_g = I + C_g Γ_g, Γ_g = Q_g'Q_g = W diag(t) W',
 *   C_g = W diag(φ(t)) W', φ(t) = ((1 − t)^(−1/2) − 1) / t (see vcov-cr2.ts).
 *
 * With M = I, the Bell–McCaffrey matrix of coefficient j (contrast c_j) is P = diag(d) − A A' with
 * rows a_g = Q_g' A_g Q_g c_j and d_g = ‖A_g Q_g c_j‖², so
 *   tr P = Σ d_g − Σ ‖a_g‖²,   Σ P² = Σ d_g² − 2 Σ d_g ‖a_g‖² + ‖Σ_g a_g a_g'‖²_F,
 * and df_j = (tr P)² / Σ P²: O(r³) per cluster for all r coefficients together, with no J × J matrix
 * and nothing kept per cluster.
 */
import { symEigen } from "../math/linalg.js";
import { ROW_BLOCK, type DesignRows } from "./design-rows.js";

const FLOOR = 1e-12;

function phi(t: number): number {
  if (Math.abs(t) < 1e-6) return 0.5 + t * (3 / 8 + t * (5 / 16));
  const l = 1 - t;
  return ((l > FLOOR ? 1 / Math.sqrt(l) : 0) - 1) / t;
}

/**
 * CR2 meat rows (J × r, row g = Q_g' A_g e_g) and the Satterthwaite df of each coefficient.
 *
 * @param Q - the rows of the orthonormal design (n × r), sorted by cluster.
 * @param e - residuals in the same row order.
 * @param starts - J + 1 cluster boundaries.
 * @param contrasts - r × r column-major; column j is coefficient j's contrast in the Q basis (row j of R⁻¹).
 */
export function cr2Orthonormal(Q: DesignRows, e: Float64Array, starts: Int32Array, contrasts: Float64Array): { half: Float64Array; df: Float64Array } {
  const r = Q.r;
  const J = starts.length - 1;
  const half = new Float64Array(J * r);
  let maxRows = 0;
  for (let g = 0; g < J; g++) maxRows = Math.max(maxRows, starts[g + 1]! - starts[g]!);
  const blockRows = Math.min(Math.max(maxRows, 1), Math.max(ROW_BLOCK, r));
  const qb = new Float64Array(Math.max(maxRows, blockRows) * r);
  // Per coefficient j: Σ d, Σ d², Σ ‖a‖², Σ d‖a‖², and S_j = Σ a a' (upper triangle).
  const sd = new Float64Array(r);
  const sd2 = new Float64Array(r);
  const sa = new Float64Array(r);
  const sda = new Float64Array(r);
  const S = new Float64Array(r * r * r);
  const aAll = new Float64Array(r * r); // column j = a_g for coefficient j
  const dAll = new Float64Array(r);
  const small = new SmallCluster(maxRows < r ? maxRows : r, r);
  const large = maxRows >= r ? new LargeCluster(r) : null;
  for (let g = 0; g < J; g++) {
    const s0 = starts[g]!;
    const s1 = starts[g + 1]!;
    const m = s1 - s0;
    if (m < r) {
      Q.fill(s0, s1, qb);
      small.run(qb, m, e, s0, contrasts, half, g, aAll, dAll);
    } else large!.run(Q, s0, s1, qb, e, contrasts, half, g, aAll, dAll);
    for (let j = 0; j < r; j++) {
      const d = dAll[j]!;
      const oj = j * r;
      let a2 = 0;
      for (let a = 0; a < r; a++) a2 += aAll[oj + a]! * aAll[oj + a]!;
      sd[j] += d;
      sd2[j] += d * d;
      sa[j] += a2;
      sda[j] += d * a2;
      const Sj = j * r * r;
      for (let b = 0; b < r; b++) {
        const vb = aAll[oj + b]!;
        if (vb === 0) continue;
        const ob = Sj + b * r;
        for (let a = 0; a <= b; a++) S[ob + a] += aAll[oj + a]! * vb;
      }
    }
  }
  const df = new Float64Array(r);
  for (let j = 0; j < r; j++) {
    const Sj = j * r * r;
    let fro = 0;
    for (let b = 0; b < r; b++) {
      for (let a = 0; a < b; a++) fro += 2 * S[Sj + b * r + a]! ** 2;
      fro += S[Sj + b * r + b]! ** 2;
    }
    const tr = sd[j]! - sa[j]!;
    df[j] = (tr * tr) / (sd2[j]! - 2 * sda[j]! + fro);
  }
  return { half, df };
}

/** One cluster with fewer rows than columns: the n_g × n_g eigendecomposition of H_gg. Buffers reused. */
class SmallCluster {
  private readonly H: Float64Array;
  private readonly A: Float64Array;
  private readonly AQ: Float64Array;
  private readonly V: Float64Array;
  constructor(mMax: number, private readonly r: number) {
    this.H = new Float64Array(mMax * mMax);
    this.A = new Float64Array(mMax * mMax);
    this.AQ = new Float64Array(mMax * r);
    this.V = new Float64Array(mMax * r);
  }

  run(qb: Float64Array, m: number, e: Float64Array, s0: number, C: Float64Array, half: Float64Array, g: number, aAll: Float64Array, dAll: Float64Array): void {
    const r = this.r;
    const H = this.H.subarray(0, m * m);
    H.fill(0);
    for (let c = 0; c < r; c++) {
      const oc = c * m;
      for (let b = 0; b < m; b++) {
        const vb = qb[oc + b]!;
        if (vb === 0) continue;
        for (let a = 0; a <= b; a++) H[b * m + a] += qb[oc + a]! * vb;
      }
    }
    for (let b = 0; b < m; b++) for (let a = 0; a < b; a++) H[a * m + b] = H[b * m + a]!;
    // A = W diag(f(1 − λ)) W'.
    const A = this.A.subarray(0, m * m);
    A.fill(0);
    const { values, vectors } = symEigen(H, m);
    for (let k = 0; k < m; k++) {
      const l = 1 - values[k]!;
      const f = l > FLOOR ? 1 / Math.sqrt(l) : 0;
      const ok = k * m;
      for (let b = 0; b < m; b++) {
        const v = vectors[ok + b]! * f;
        if (v === 0) continue;
        for (let a = 0; a < m; a++) A[b * m + a] += vectors[ok + a]! * v;
      }
    }
    // AQ = A Q_g (m × r); half row = AQ' e_g.
    const AQ = this.AQ;
    for (let c = 0; c < r; c++) {
      const oc = c * m;
      let acc = 0;
      for (let a = 0; a < m; a++) {
        let t = 0;
        for (let b = 0; b < m; b++) t += A[b * m + a]! * qb[oc + b]!;
        AQ[oc + a] = t;
        acc += t * e[s0 + a]!;
      }
      half[g * r + c] = acc;
    }
    // V = AQ C (m × r): column j is A_g Q_g c_j; d_j = ‖V_j‖²; a_j = Q_g' V_j.
    const V = this.V;
    for (let j = 0; j < r; j++) {
      const oj = j * m;
      for (let a = 0; a < m; a++) V[oj + a] = 0;
      for (let c = 0; c < r; c++) {
        const w = C[j * r + c]!;
        if (w === 0) continue;
        const oc = c * m;
        for (let a = 0; a < m; a++) V[oj + a] += AQ[oc + a]! * w;
      }
      let d = 0;
      for (let a = 0; a < m; a++) d += V[oj + a]! * V[oj + a]!;
      dAll[j] = d;
      for (let c = 0; c < r; c++) {
        const oc = c * m;
        let acc = 0;
        for (let a = 0; a < m; a++) acc += qb[oc + a]! * V[oj + a]!;
        aAll[j * r + c] = acc;
      }
    }
  }
}

/** One cluster with at least as many rows as columns: the r × r form (Γ_g accumulated over row blocks). */
class LargeCluster {
  private readonly G: Float64Array;
  private readonly s: Float64Array;
  private readonly Cg: Float64Array;
  private readonly B: Float64Array;
  private readonly F: Float64Array;
  private readonly Dd: Float64Array;
  constructor(private readonly r: number) {
    this.G = new Float64Array(r * r);
    this.s = new Float64Array(r);
    this.Cg = new Float64Array(r * r);
    this.B = new Float64Array(r * r);
    this.F = new Float64Array(r * r);
    this.Dd = new Float64Array(r * r);
  }

  run(Q: DesignRows, s0: number, s1: number, qb: Float64Array, e: Float64Array, C: Float64Array, half: Float64Array, g: number, aAll: Float64Array, dAll: Float64Array): void {
    const r = this.r;
    const { G, s, Cg, B, F, Dd } = this;
    G.fill(0);
    s.fill(0);
    const step = Math.max(1, Math.floor(qb.length / r));
    for (let c0 = s0; c0 < s1; c0 += step) {
      const c1 = Math.min(s1, c0 + step);
      const mb = c1 - c0;
      Q.fill(c0, c1, qb);
      for (let b = 0; b < r; b++) {
        const ob = b * mb;
        let acc = 0;
        for (let t = 0; t < mb; t++) acc += qb[ob + t]! * e[c0 + t]!;
        s[b] += acc;
        for (let a = 0; a <= b; a++) {
          const oa = a * mb;
          let x = 0;
          for (let t = 0; t < mb; t++) x += qb[oa + t]! * qb[ob + t]!;
          G[b * r + a] += x;
        }
      }
    }
    for (let b = 0; b < r; b++) for (let a = 0; a < b; a++) G[a * r + b] = G[b * r + a]!;
    const { values, vectors } = symEigen(G, r);
    Cg.fill(0);
    for (let k = 0; k < r; k++) {
      const ph = phi(values[k]!);
      const ok = k * r;
      for (let b = 0; b < r; b++) {
        const v = vectors[ok + b]! * ph;
        for (let a = 0; a < r; a++) Cg[b * r + a] += vectors[ok + a]! * v;
      }
    }
    // B = I + C Γ; half row = B' s; F = Γ B; Dd = B' F.
    for (let c = 0; c < r; c++)
      for (let a = 0; a < r; a++) {
        let acc = a === c ? 1 : 0;
        for (let k = 0; k < r; k++) acc += Cg[k * r + a]! * G[c * r + k]!;
        B[c * r + a] = acc;
      }
    for (let c = 0; c < r; c++) {
      let acc = 0;
      for (let a = 0; a < r; a++) acc += B[c * r + a]! * s[a]!;
      half[g * r + c] = acc;
    }
    for (let c = 0; c < r; c++)
      for (let a = 0; a < r; a++) {
        let acc = 0;
        for (let k = 0; k < r; k++) acc += G[k * r + a]! * B[c * r + k]!;
        F[c * r + a] = acc;
      }
    for (let c = 0; c < r; c++)
      for (let a = 0; a < r; a++) {
        let acc = 0;
        for (let k = 0; k < r; k++) acc += B[a * r + k]! * F[c * r + k]!;
        Dd[c * r + a] = acc;
      }
    // a_j = F c_j; d_j = c_j' Dd c_j.
    for (let j = 0; j < r; j++) {
      const oj = j * r;
      let d = 0;
      for (let a = 0; a < r; a++) {
        let fa = 0;
        let da = 0;
        for (let c = 0; c < r; c++) {
          const w = C[oj + c]!;
          fa += F[c * r + a]! * w;
          da += Dd[c * r + a]! * w;
        }
        aAll[oj + a] = fa;
        d += da * C[oj + a]!;
      }
      dAll[j] = d;
    }
  }
}

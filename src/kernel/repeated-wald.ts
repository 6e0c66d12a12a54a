/**
 * One least-squares design, many outcomes: the Wald F statistic of the same terms in `y ~ X [+ FE]`,
 * with the same clusters and variance estimator, for outcome after outcome. A randomization test of
 * balance redraws the assignment and regresses it on the same covariates again and again; all that
 * depends on X alone (the QR, the basis Q = X R⁻¹, the leverages, each cluster's CR2 operator) is
 * computed once here, and each outcome then costs three passes over Q instead of a new fit.
 * Internal (`balanceTable`'s randomization p-value, through `estimators/repeated-wald.ts`, which
 * names the terms). The meat is chosen by the SE registry's declaration, as in {@link variance}.
 */
import { clusterTsqr, colPivQr, dot, invUpper, leadingR, tsqr } from "../math/linalg.js";
import { demean, factorsByCluster, feDummies, feLeverage, fitDesign } from "./absorb.js";
import { denseRows, materialize, qRows } from "./design-rows.js";
import { EnsayoError } from "../errors.js";
import { RANK_TOL } from "./fit.js";
import type { KernelInput } from "./types.js";
import { clusterMeat, clusterScores, congruence } from "./sandwich.js";
import { SE_TYPES, seScale } from "./se-types.js";
import { leverageMode, streamMeat } from "./variance.js";
import { cr2LowRank } from "./vcov-cr2.js";
import { waldQuadratic } from "./wald.js";

/** The Wald statistic of a fixed design for any outcome (see the module comment). */
export interface RepeatedWaldKernel {
  /** The input columns tested (with `skipAliased`, those of the requested ones that are estimable). */
  readonly tested: readonly number[];
  /**
   * F = b'V⁻¹b / q for the tested terms of `y ~ X` with the design's variance estimator (as
   * `waldTest(fit, terms)`), `y` in the rows and order of the design's input; NaN when V is singular.
   */
  statistic(y: ArrayLike<number>): number;
}

/**
 * Factor the design of `inp` (its `y` is ignored) for {@link RepeatedWaldKernel}. Unweighted fits only.
 * `requested` are positions among the input's columns; each must be estimable (not aliased), or with
 * `skipAliased` the aliased ones are left out of the test (as `balanceTable`'s joint test leaves
 * collinear covariates out).
 *
 * Per outcome, with Q (n×r) the orthonormal basis and T the rows of R⁻¹ of the tested terms:
 * γ = Q'y, e = y − Qγ, b = Tγ, V_b = T·meat·T' with the meat the SE type declares (heteroskedastic:
 * Σ ω_i q_i q_i' with the leverages fixed; cluster: Σ_g Q_g'e_g e_g'Q_g; Bell–McCaffrey: Σ_g B_g'z_g z_g'B_g
 * with the cluster's fixed operator B_g and z_g = Z_g'e_g; homoskedastic: s²·I), the same algebra as
 * the fit's {@link variance}.
 *
 * @throws EnsayoError (kernel, unnamed) `INVALID_OPTION` (weights, no variance, an aliased term,
 *   nothing to test), `NOT_ESTIMABLE`.
 */
export function repeatedWaldKernel(inp: KernelInput, requested: readonly number[], options: { skipAliased?: boolean } = {}): RepeatedWaldKernel {
  if (inp.weights) throw new EnsayoError("INVALID_OPTION", "weighted fits are not supported");
  const n = inp.n;
  const seType = inp.seType;
  const spec = SE_TYPES[seType];
  if (spec.meat === "none") throw new EnsayoError("INVALID_OPTION", `seType "${seType}" has no variance to test with`);
  const d = fitDesign(inp);
  const { p, cols, feRank, order, starts } = d;
  // the R the fit factors (so the same columns are aliased): cluster by cluster where it would be
  const clustered = inp.clusters !== undefined;
  const J = d.J;
  const R = clustered && factorsByCluster(n, p, J) ? clusterTsqr(cols, p, starts!).R : tsqr(cols, n, p, 1024).R;
  const qr = colPivQr(R, p, p, RANK_TOL);
  const r = qr.rank;
  if (r === 0) throw new EnsayoError("NOT_ESTIMABLE", "every regressor is zero or collinear");
  const Rinv = invUpper(leadingR(qr, r), r);
  const Q = materialize(qRows(cols, n, r, Rinv, qr.perm));
  const posOf = new Int32Array(p).fill(-1);
  for (let k = 0; k < r; k++) posOf[qr.perm[k]!] = k;
  const pos = (j: number) => (j - d.firstTerm >= 0 && j - d.firstTerm < p ? posOf[j - d.firstTerm]! : -1);
  const tested = options.skipAliased ? requested.filter((j) => pos(j) >= 0) : requested;
  const qt = tested.length;
  if (qt === 0) throw new EnsayoError("INVALID_OPTION", "no term to test", { value: requested });
  // T (qt×r, column-major): row a is row posOf[term] of R⁻¹, so b_a = (R⁻¹γ)_{pos} = T[a, :]·γ.
  const T = new Float64Array(qt * r);
  tested.forEach((j, a) => {
    const k = pos(j);
    if (k < 0) throw new EnsayoError("INVALID_OPTION", `the term in column ${j + 1} is aliased`, { value: j });
    for (let c = k; c < r; c++) T[c * qt + a] = Rinv[c * r + k]!;
  });
  const dfRes = n - r - feRank;

  // What depends on X alone.
  const rowsQ = denseRows(Q, n, r);
  const hcMode = leverageMode(spec.leveragePower ?? 0);
  const hExtra = spec.meat === "heteroskedastic" && hcMode && d.feD ? feLeverage(d.feD, n, undefined).h : null;
  let ops: Cr2Operators | null = null;
  if (spec.meat === "bell-mccaffrey") {
    const fe = feDummies(d, n);
    const I = new Float64Array(r * r);
    for (let k = 0; k < r; k++) I[k * r + k] = 1;
    const parts = cr2LowRank(Q, n, r, new Float64Array(n), starts!, I, fe, I, "operators");
    ops = { ...parts.operators!, codes: fe ? fe.codes : [], local: new Int32Array(fe ? fe.nLevels : 0).fill(-1), z: new Float64Array(r + 1) };
  }
  const factor = seScale(seType, n, n - dfRes, J);
  const gamma = new Float64Array(r);
  const e = new Float64Array(n);

  return {
    tested: [...tested],
    statistic(yIn) {
      // y as the fit sees it: demeaned within the fixed effects, in cluster order
      const y = Float64Array.from(yIn as ArrayLike<number>);
      if (y.length !== n) throw new EnsayoError("LENGTH_MISMATCH", `the outcome has ${y.length} values, the design ${n} rows`);
      if (inp.fe) demean([y], n, inp.fe.codes, inp.fe.nLevels);
      const ys = order ? Float64Array.from(order, (i) => y[i]!) : y;
      for (let c = 0; c < r; c++) gamma[c] = dot(Q, c * n, ys, 0, 0, n);
      e.set(ys);
      for (let c = 0; c < r; c++) {
        const g = gamma[c]!;
        const o = c * n;
        for (let i = 0; i < n; i++) e[i] -= Q[o + i]! * g;
      }
      // the meat of the variance estimator, as the fit's variance forms it (a leverage of 1 gives NaN under HC2/HC3)
      let meat: Float64Array;
      if (spec.meat === "homoskedastic") {
        let rss = 0;
        for (let i = 0; i < n; i++) rss += e[i]! * e[i]!;
        meat = new Float64Array(r * r);
        for (let k = 0; k < r; k++) meat[k * r + k] = rss / dfRes;
      } else if (spec.meat === "heteroskedastic") meat = streamMeat(rowsQ, e, hcMode, hExtra).meat;
      else meat = clusterMeat(ops ? cr2Halves(ops, r, Q, n, e, starts!) : clusterScores(rowsQ, e, starts!), J, r);
      // b = Tγ, V_b = T meat T' (times the small-sample factor)
      const b: number[] = new Array(qt);
      for (let a = 0; a < qt; a++) {
        let acc = 0;
        for (let c = 0; c < r; c++) acc += T[c * qt + a]! * gamma[c]!;
        b[a] = acc;
      }
      const Vb = congruence(T, qt, r, meat);
      const V = Array.from({ length: qt }, (_, a) => Array.from({ length: qt }, (_, a2) => Vb[a2 * qt + a]! * factor));
      return waldQuadratic(b, V) / qt;
    },
  };
}

/** Each cluster's CR2 operator and what applying it needs (scratch `z` included). */
interface Cr2Operators {
  readonly B: readonly Float64Array[];
  readonly present: readonly Int32Array[];
  /** Fixed-effect codes (offset, in the fit's row order), one array per factor. */
  readonly codes: readonly Int32Array[];
  /** Level → position in the cluster's z (−1 when absent); all −1 between calls. */
  readonly local: Int32Array;
  z: Float64Array;
}

/**
 * The CR2 meat rows of every cluster (J×r, row-major): X_g'A_g e_g = B_g'z_g with z_g = Z_g'e_g =
 * [Q_g'e_g; Σ e over the rows of each present fixed-effect level].
 */
function cr2Halves(ops: Cr2Operators, r: number, Q: Float64Array, n: number, e: Float64Array, starts: Int32Array): Float64Array {
  const J = starts.length - 1;
  const half = new Float64Array(J * r);
  for (let g = 0; g < J; g++) {
    const s0 = starts[g]!;
    const s1 = starts[g + 1]!;
    const B = ops.B[g]!;
    const present = ops.present[g]!;
    const q = r + present.length;
    if (ops.z.length < q) ops.z = new Float64Array(q);
    const z = ops.z;
    for (let c = 0; c < r; c++) z[c] = dot(Q, c * n, e, 0, s0, s1);
    if (present.length) {
      for (let t = 0; t < present.length; t++) {
        ops.local[present[t]!] = r + t;
        z[r + t] = 0;
      }
      for (const codes of ops.codes) for (let i = s0; i < s1; i++) z[ops.local[codes[i]!]!] += e[i]!;
      for (let t = 0; t < present.length; t++) ops.local[present[t]!] = -1;
    }
    for (let c = 0; c < r; c++) {
      let acc = 0;
      for (let a = 0; a < q; a++) acc += B[c * q + a]! * z[a]!;
      half[g * r + c] = acc;
    }
  }
  return half;
}

/**
 * Design-based difference in means: the estimator, standard error and degrees of
 * freedom that estimatr's `difference_in_means` chooses for the design.
 */
import * as z from "zod/mini";
import { EnsayoError } from "../errors.js";
import { toTable, type DataInput, type Table } from "../data/table.js";
import { parseOptions } from "../internal/options.js";
import { blockStats } from "./dim-blocks.js";
import { clusteredDifference, type ClusteredFit } from "./dim-clustered.js";
import { lmFitInput } from "./lm-robust.js";
import { fitLm } from "./linear-fit.js";
import { coefficientRow } from "./dim-inference.js";
import { differenceTerm, prepareDesign, type DesignSample } from "./dim-prepare.js";
import { infiniteWarnings, missingOnly } from "./infinite-values.js";
import type { CoefficientRow, TwoArmEstimate } from "./types.js";
import { withDisplay } from "../report/result-proto.js";
import { named } from "../internal/boundary.js";

const FN = "differenceInMeans";

const conditionSchema = z.union([z.string(), z.number(), z.boolean()]);

const DifferenceInMeansSchema = z
  .strictObject({
    /** Outcome column (numeric). */
    outcome: z.string().check(z.minLength(1)),
    /** Treatment column: numbers, booleans or text; each distinct value is a condition. */
    treatment: z.string().check(z.minLength(1)),
    /** Block column (randomization within blocks). */
    blocks: z.optional(z.string().check(z.minLength(1))),
    /** Cluster column (clusters assigned as wholes; must be nested in blocks). */
    clusters: z.optional(z.string().check(z.minLength(1))),
    /** Weight column (non-negative; zero-weight rows are left out). */
    weights: z.optional(z.string().check(z.minLength(1))),
    /** Control condition. Default: the first of two conditions in sorted order; required with 3+ conditions. */
    control: z.optional(conditionSchema),
    /** Treatment condition. Default: the second of two conditions; required with 3+ conditions. */
    treated: z.optional(conditionSchema),
    /** Size of the tests; the confidence level is 1 − alpha. Default 0.05. */
    alpha: z._default(z.number().check(z.gt(0), z.lt(1)), 0.05),
    /** Rows with a missing value in a used column: `"omit"` (default, listwise) or `"error"`. */
    na: z._default(z.enum(["omit", "error"]), "omit"),
  });

/** Options of {@link differenceInMeans}. */
export type DifferenceInMeansOptions = z.input<typeof DifferenceInMeansSchema>;

/** Which estimator was used (estimatr 2.0's `design` names). */
export type DimDesign =
  | "Standard"
  | "Blocked"
  | "Clustered"
  | "Block-clustered"
  | "Matched-pair"
  | "Matched-pair clustered"
  | "Small blocks"
  | "Hybrid blocked";

/** Result of {@link differenceInMeans}. */
export interface DifferenceInMeansResult extends TwoArmEstimate {
  readonly kind: "differenceInMeans";
  /** The estimator used; see {@link DimDesign}. */
  readonly design: DimDesign;
  /** True when `weights` were used (estimatr appends " (weighted)" to `design`). */
  readonly weighted: boolean;
  /** One row: the difference mean(treated) − mean(control). */
  readonly coefficients: readonly CoefficientRow[];
  /** Rows used (rows in the two compared conditions with positive weight). */
  readonly nObs: number;
}

/**
 * Estimate an average treatment effect as a difference in means, with the
 * standard error and degrees of freedom that fit the randomization.
 *
 * The estimate is mean(treated) − mean(control). Designs (Gerber & Green 2012;
 * estimatr mathematical notes):
 * - **Standard**: Neyman SE √(s₂²/N₂ + s₁²/N₁), Welch–Satterthwaite df.
 * - **Blocked**: Σ_b (N_b/N) τ̂_b, SE √Σ_b (N_b/N)² SE_b², df N − 2B.
 * - **Matched-pair** (every block holds 2 units): SE √[Σ_b (τ̂_b − τ̂)² / (B(B−1))], df B − 1.
 * - **Small blocks** / **Hybrid blocked** (blocks with a single unit in an arm; Pashley &
 *   Miratrix 2021, as estimatr 2.0): blocks with ≥ 2 units in each arm keep their Neyman
 *   variance; the others use the between-block variance (their eq. 5 when the small
 *   blocks have equal sizes, eq. 8 otherwise); the parts add with squared sample shares
 *   and the df is Welch–Satterthwaite over N_big − 2K_big and K_small − 1.
 * - **Clustered**: `lmRobust(y ~ t, clusters, seType = "CR2")`, Bell–McCaffrey df.
 * - **Block-clustered**: CR2 within each block, weights N_b/N, df J − 2B.
 * - **Matched-pair clustered** (every block holds 2 clusters): Imai, King & Nall (2009)
 *   eq. 6, df B − 1.
 * - With `weights` and no clusters: HC2 on [1, t] (within each block), df n − 2 (n − 2B).
 *
 * Differences from estimatr 1.0.0, on purpose: a block with one unit in an arm uses the
 * Pashley–Miratrix variance instead of an error (1.0.0), and blocks of 2 mixed with larger
 * blocks are "Hybrid blocked" rather than all treated as pairs; a block-clustered design
 * with a single cluster in an arm of a block is refused (`SINGLETON_BLOCK`) instead of
 * getting a standard error that is too small; zero-weight rows are not observations.
 *
 * @throws EnsayoError `INVALID_OPTION`, `MISSING_COLUMN`, `NOT_NUMERIC`, `MISSING_VALUE`
 *   (with `na: "error"`), `ONE_ARM`, `CONDITION_NOT_FOUND`, `TREATMENT_VARIES_IN_CLUSTER`,
 *   `NONNESTED_CLUSTERS`, `SINGLETON_BLOCK`, `BAD_WEIGHTS`, `TOO_FEW_CLUSTERS`.
 * @example
 * ```ts
 * const r = differenceInMeans(
 *   { y: [3.1, 2.4, 5.0, 4.2, 6.3, 5.9, 7.7, 6.1, 4.4, 8.0], z: [0, 0, 0, 0, 0, 0, 0, 1, 1, 1] },
 *   { outcome: "y", treatment: "z" },
 * );
 * r.coefficients[0]; // { term: "z", estimate: 1.22381, stdError: 1.255311, df: 3.971866, … }
 * ```
 */
export function differenceInMeans(data: DataInput, options: DifferenceInMeansOptions): DifferenceInMeansResult {
  return named("differenceInMeans", () => differenceInMeansCore(data, options));
}

/** {@link differenceInMeans} without the function name on its errors. */
function differenceInMeansCore(data: DataInput, options: DifferenceInMeansOptions): DifferenceInMeansResult {
  const opts = parseOptions(DifferenceInMeansSchema, options, FN);
  return differenceInMeansParsed(toTable(data), opts);
}

/** {@link differenceInMeans}'s options once parsed (defaults filled in). */
export type DifferenceInMeansParsed = z.output<typeof DifferenceInMeansSchema>;

/**
 * Parse {@link differenceInMeans}'s options (for callers that estimate many times on options parsed once,
 * as diagnoseDesign's simulations). Internal.
 */
export function parseDifferenceInMeansOptions(options: DifferenceInMeansOptions): DifferenceInMeansParsed {
  return parseOptions(DifferenceInMeansSchema, options, FN);
}

/** {@link differenceInMeans} on a table and options already parsed, without the function name on its errors. Internal. */
export function differenceInMeansParsed(table: Table, opts: DifferenceInMeansParsed): DifferenceInMeansResult {
  const warnings: string[] = [];
  let s = prepareDesign(
    table,
    { outcome: opts.outcome, treatment: opts.treatment, blocks: opts.blocks, clusters: opts.clusters, weights: opts.weights },
    { na: opts.na, control: opts.control, treated: opts.treated },
  );
  warnings.push(...infiniteWarnings(s.dropped));
  if (opts.weights !== undefined && missingOnly(s.dropped, opts.weights) > 0)
    warnings.push(`rows with missing '${opts.weights}' were dropped (${missingOnly(s.dropped, opts.weights)} with a missing weight, ${s.dropped.total} rows dropped in all)`);
  if (s.weights) s = dropZeroWeights(s, opts.weights!, warnings);
  const term = differenceTerm(opts.treatment, s.control, s.treated);
  checkArms(s, opts.treatment);
  if (s.cluster) checkClusters(s, opts);

  const base = {
    kind: "differenceInMeans" as const,
    outcome: opts.outcome,
    weighted: s.weights !== null,
    control: s.control,
    treated: s.treated,
    alpha: opts.alpha,
    nDropped: s.dropped.total,
    dropped: s.dropped,
    nObs: s.y.length,
  };
  const row = (est: number, se: number, df: number) => [coefficientRow(term, est, se, df, opts.alpha, opts.outcome, warnings)];

  if (!s.block) {
    if (s.cluster) {
      const fit = clusteredDifference(s.y, s.arm, s.cluster, s.weights, opts, weightedCr2);
      warnings.push(...fit.warnings);
      const perArm = clustersPerArm(s);
      if (perArm[0] === 1 && perArm[1] === 1) {
        // each arm's only cluster holds its mean exactly, so every cluster's residuals sum to 0
        warnings.push(
          `Conditions '${s.control}' and '${s.treated}' each have a single cluster, so neither arm's variance can be estimated: the CR2 standard error (as estimatr's) is 0 and the statistic, p-value and confidence interval are not informative`,
        );
      } else if (perArm[0] === 1 || perArm[1] === 1) {
        warnings.push(
          `Condition '${perArm[0] === 1 ? s.control : s.treated}' has a single cluster, so its variance cannot be estimated; the CR2 standard error (as estimatr's) leaves it out and is too small`,
        );
      }
      return withDisplay({ ...base, design: "Clustered", coefficients: row(fit.estimate, fit.stdError, fit.df), nClusters: fit.nClusters, warnings });
    }
    const st = blockStats(s.y, s.arm, null, 1, s.weights);
    const est = st.mean1[0]! - st.mean0[0]!;
    const single = st.n1[0]! < 2 || st.n0[0]! < 2;
    if (single) {
      warnings.push(
        `An arm has a single unit (${st.n0[0]} in '${s.control}', ${st.n1[0]} in '${s.treated}'), so its variance and the standard error cannot be estimated (NaN)`,
      );
    }
    if (s.weights) {
      // HC2 on [1, t]: a lone unit in an arm has leverage 1, so the SE is NaN (estimatr 1.0.0 drops its term silently).
      const se = single ? NaN : Math.sqrt(st.hc2![0]!);
      return withDisplay({ ...base, design: "Standard", coefficients: row(est, se, s.y.length - 2), warnings });
    }
    const v1 = st.var1[0]! / st.n1[0]!;
    const v0 = st.var0[0]! / st.n0[0]!;
    const se = Math.sqrt(v1 + v0);
    const df = (se * se * se * se) / ((v1 * v1) / (st.n1[0]! - 1) + (v0 * v0) / (st.n0[0]! - 1));
    return withDisplay({ ...base, design: "Standard", coefficients: row(est, se, df), warnings });
  }

  return withDisplay(blocked(s, opts, base, row, warnings));
}

type Row = (est: number, se: number, df: number) => CoefficientRow[];
/** The parsed options the blocked designs read. */
type BlockedOptions = { blocks?: string | undefined; clusters?: string | undefined; weights?: string | undefined; alpha: number; outcome: string; treatment: string };
/** The result fields fixed before the design is chosen. */
type ResultBase = Omit<DifferenceInMeansResult, "design" | "coefficients" | "warnings">;

function blocked(
  s: DesignSample,
  opts: BlockedOptions,
  base: ResultBase,
  row: Row,
  warnings: string[],
): DifferenceInMeansResult {
  const K = s.blockLevels.length;
  const st = blockStats(s.y, s.arm, s.block, K, s.weights);
  // Every block needs both conditions.
  for (let k = 0; k < K; k++) {
    if (st.n0[k] === 0 || st.n1[k] === 0) {
      throw new EnsayoError(
        "SINGLETON_BLOCK",
        `block '${s.blockLevels[k]}' of \`blocks\` ('${opts.blocks}') has no units in condition '${st.n0[k] === 0 ? s.control : s.treated}'; every block needs both conditions`,
        { column: opts.blocks, value: s.blockLevels[k], hint: "Merge the block with a similar one, or drop it and say so in the analysis" },
      );
    }
  }
  const nb = new Float64Array(K);
  let N = 0;
  for (let k = 0; k < K; k++) {
    nb[k] = st.w0[k]! + st.w1[k]!;
    N += nb[k]!;
  }
  const tau = new Float64Array(K);
  let est = 0;
  for (let k = 0; k < K; k++) {
    tau[k] = st.mean1[k]! - st.mean0[k]!;
    est += (tau[k]! * nb[k]!) / N;
  }

  if (s.cluster) return blockClustered(s, opts, base, row, warnings, tau, est);

  // Unit-randomized blocks: classify by the size of the smaller arm.
  let allPairs = true;
  let nSmall = 0;
  for (let k = 0; k < K; k++) {
    if (st.n0[k]! + st.n1[k]! !== 2) allPairs = false;
    if (st.n0[k] === 1 || st.n1[k] === 1) nSmall++;
  }
  if (nSmall > 0 && s.weights) {
    throw new EnsayoError(
      "SINGLETON_BLOCK",
      `\`weights\` cannot be combined with blocks that hold a single unit in an arm (matched pairs or small blocks); ${nSmall} such block(s) found`,
      { column: opts.weights, hint: "Drop `weights`, or merge the small blocks" },
    );
  }
  if (allPairs) {
    let ss = 0;
    for (let k = 0; k < K; k++) ss += (tau[k]! - est) ** 2;
    const se = Math.sqrt(ss / (K * (K - 1)));
    return { ...base, design: "Matched-pair", nBlocks: K, coefficients: row(est, se, K - 1), warnings };
  }
  if (nSmall === 0) {
    let v = 0;
    for (let k = 0; k < K; k++) {
      const vb = s.weights ? st.hc2![k]! : st.var1[k]! / st.n1[k]! + st.var0[k]! / st.n0[k]!;
      v += vb * (nb[k]! / N) ** 2;
    }
    return { ...base, design: "Blocked", nBlocks: K, coefficients: row(est, Math.sqrt(v), s.y.length - 2 * K), warnings };
  }
  return smallBlocks(s, opts, base, row, warnings, st, nb, tau, est, nSmall);
}

/** Pashley & Miratrix (2021) variance for designs with small blocks (a singleton arm). */
function smallBlocks(
  s: DesignSample,
  opts: { blocks?: string | undefined },
  base: ResultBase,
  row: Row,
  warnings: string[],
  st: ReturnType<typeof blockStats>,
  nb: Float64Array,
  tau: Float64Array,
  est: number,
  nSmall: number,
): DifferenceInMeansResult {
  const K = st.nBlocks;
  const N = s.y.length;
  if (nSmall === 1) {
    let which = 0;
    while (!(st.n0[which] === 1 || st.n1[which] === 1)) which++;
    throw new EnsayoError(
      "SINGLETON_BLOCK",
      `block '${s.blockLevels[which]}' of \`blocks\` ('${opts.blocks}') has a single unit in an arm and is the only such block, so its variance cannot be estimated`,
      {
        column: opts.blocks,
        value: s.blockLevels[which],
        hint: "Merge it with a similar block, or use lmRobust with block fixed effects",
      },
    );
  }
  // Big blocks: Neyman variance each.
  let vBig = 0;
  let nBig = 0;
  let kBig = 0;
  // Small blocks: between-block variance.
  let nS = 0;
  let tauS = 0;
  let maxS = 0;
  let equal = true;
  let size0 = -1;
  for (let k = 0; k < K; k++) {
    const small = st.n0[k] === 1 || st.n1[k] === 1;
    if (!small) {
      vBig += (st.var1[k]! / st.n1[k]! + st.var0[k]! / st.n0[k]!) * nb[k]! * nb[k]!;
      nBig += nb[k]!;
      kBig++;
    } else {
      nS += nb[k]!;
      tauS += tau[k]! * nb[k]!;
      if (nb[k]! > maxS) maxS = nb[k]!;
      if (size0 === -1) size0 = nb[k]!;
      else if (nb[k] !== size0) equal = false;
    }
  }
  tauS /= nS;
  let vSmallOfS: number; // variance of the small-block estimate τ̂_S
  if (equal) {
    let ss = 0;
    for (let k = 0; k < K; k++) if (st.n0[k] === 1 || st.n1[k] === 1) ss += (tau[k]! - tauS) ** 2;
    vSmallOfS = ss / (nSmall * (nSmall - 1));
  } else {
    if (maxS >= nS / 2) {
      throw new EnsayoError(
        "SINGLETON_BLOCK",
        `among the ${nSmall} blocks with a single unit in an arm, one holds ${maxS} of their ${nS} units (half or more), so the Pashley–Miratrix variance cannot be estimated`,
        { column: opts.blocks, hint: "Merge small blocks, or use lmRobust with block fixed effects" },
      );
    }
    let c = 0;
    for (let k = 0; k < K; k++) {
      if (st.n0[k] === 1 || st.n1[k] === 1) c += (nb[k]! * nb[k]!) / (nS - 2 * nb[k]!);
    }
    let v = 0;
    for (let k = 0; k < K; k++) {
      if (!(st.n0[k] === 1 || st.n1[k] === 1)) continue;
      const ck = (nb[k]! * nb[k]!) / ((nS - 2 * nb[k]!) * (nS + c));
      v += ck * (tau[k]! - tauS) ** 2;
    }
    vSmallOfS = v;
  }
  const vSmall = (vSmallOfS * nS * nS) / (N * N);
  vBig /= N * N;
  const variance = vBig + vSmall;
  const dfSmall = nSmall - 1;
  const dfBig = nBig - 2 * kBig;
  const df = kBig === 0 ? dfSmall : (variance * variance) / ((vBig * vBig) / dfBig + (vSmall * vSmall) / dfSmall);
  const design = kBig === 0 ? "Small blocks" : "Hybrid blocked";
  return { ...base, design, nBlocks: K, coefficients: row(est, Math.sqrt(variance), df), warnings };
}

function blockClustered(
  s: DesignSample,
  opts: BlockedOptions,
  base: ResultBase,
  row: Row,
  warnings: string[],
  tau: Float64Array,
  est: number,
): DifferenceInMeansResult {
  const K = s.blockLevels.length;
  const C = s.clusterLevels.length;
  const block = s.block!;
  const cluster = s.cluster!;
  // Clusters per block and arm (clusters are nested in blocks and constant in arm: checked before).
  const clusterBlock = new Int32Array(C).fill(-1);
  const clusterArm = new Uint8Array(C);
  for (let i = 0; i < s.y.length; i++) {
    clusterBlock[cluster[i]!] = block[i]!;
    clusterArm[cluster[i]!] = s.arm[i]!;
  }
  const c0 = new Int32Array(K);
  const c1 = new Int32Array(K);
  for (let g = 0; g < C; g++) {
    if (clusterBlock[g]! < 0) continue;
    if (clusterArm[g]) c1[clusterBlock[g]!]++;
    else c0[clusterBlock[g]!]++;
  }
  let allPairs = true;
  let nClusters = 0;
  for (let k = 0; k < K; k++) {
    if (c0[k]! + c1[k]! !== 2) allPairs = false;
    nClusters += c0[k]! + c1[k]!;
  }
  // Units (or total weight) per block.
  const nb = new Float64Array(K);
  for (let i = 0; i < s.y.length; i++) nb[block[i]!] += s.weights ? s.weights[i]! : 1;
  let N = 0;
  for (let k = 0; k < K; k++) N += nb[k]!;

  if (allPairs) {
    if (s.weights) {
      throw new EnsayoError("SINGLETON_BLOCK", `\`weights\` cannot be combined with a matched-pair clustered design`, {
        column: opts.weights,
        hint: "Drop `weights` for matched pairs of clusters",
      });
    }
    let ss = 0;
    for (let k = 0; k < K; k++) ss += (nb[k]! * tau[k]! - (N * est) / K) ** 2;
    const se = Math.sqrt((K / ((K - 1) * N * N)) * ss);
    return { ...base, design: "Matched-pair clustered", nBlocks: K, nClusters, coefficients: row(est, se, K - 1), warnings };
  }
  for (let k = 0; k < K; k++) {
    if (c0[k]! < 2 || c1[k]! < 2) {
      throw new EnsayoError(
        "SINGLETON_BLOCK",
        `block '${s.blockLevels[k]}' has ${c0[k]} cluster(s) in '${s.control}' and ${c1[k]} in '${s.treated}'; ` +
          "a block-clustered design needs at least two clusters in each arm of every block (or exactly two clusters in every block, matched pairs)",
        {
          column: opts.blocks,
          value: s.blockLevels[k],
          hint: "Merge the block with a similar one; a within-block variance from one cluster per arm would understate the standard error",
        },
      );
    }
  }
  // CR2 within each block.
  const order = new Int32Array(s.y.length);
  const start = new Int32Array(K + 1);
  for (let i = 0; i < s.y.length; i++) start[block[i]! + 1]++;
  for (let k = 0; k < K; k++) start[k + 1] += start[k]!;
  const pos = start.slice(0, K);
  for (let i = 0; i < s.y.length; i++) order[pos[block[i]!]++] = i;
  let v = 0;
  let estW = 0;
  for (let k = 0; k < K; k++) {
    const m = start[k + 1]! - start[k]!;
    const yb = new Float64Array(m);
    const ab = new Uint8Array(m);
    const cb = new Int32Array(m);
    const wb = s.weights ? new Float64Array(m) : null;
    for (let j = 0; j < m; j++) {
      const i = order[start[k]! + j]!;
      yb[j] = s.y[i]!;
      ab[j] = s.arm[i]!;
      cb[j] = cluster[i]!;
      if (wb) wb[j] = s.weights![i]!;
    }
    const fit = clusteredDifference(yb, ab, cb, wb, opts, weightedCr2);
    v += fit.stdError * fit.stdError * (nb[k]! / N) ** 2;
    estW += (fit.estimate * nb[k]!) / N;
  }
  return {
    ...base,
    design: "Block-clustered",
    nBlocks: K,
    nClusters,
    coefficients: row(s.weights ? estW : est, Math.sqrt(v), nClusters - 2 * K),
    warnings,
  };
}

/** Weighted clustered difference: `lmRobust(y ~ t, clusters, weights, seType = "CR2")` on a two-column table. */
function weightedCr2(y: Float64Array, arm: Uint8Array, cluster: Int32Array, weights: Float64Array, alpha: number): ClusteredFit {
  // the internal fit: an error is differenceInMeans's to name (or its caller's)
  const fit = fitLm(lmFitInput(
    { y, t: Float64Array.from(arm), g: Float64Array.from(cluster), w: weights },
    "y ~ t",
    { clusters: "g", weights: "w", seType: "CR2", alpha },
  ));
  const row = fit.coefficients[1]!;
  return { estimate: row.estimate, stdError: row.stdError, df: row.df, nClusters: fit.nClusters!, warnings: [] };
}

function clustersPerArm(s: DesignSample): [number, number] {
  const seen = new Uint8Array(s.clusterLevels.length);
  const out: [number, number] = [0, 0];
  for (let i = 0; i < s.y.length; i++) {
    const g = s.cluster![i]!;
    if (!seen[g]) {
      seen[g] = 1;
      out[s.arm[i]!]++;
    }
  }
  return out;
}

function checkArms(s: DesignSample, treatment: string): void {
  let n1 = 0;
  for (let i = 0; i < s.arm.length; i++) n1 += s.arm[i]!;
  if (n1 === 0 || n1 === s.arm.length) {
    throw new EnsayoError(
      "ONE_ARM",
      `after dropping incomplete rows, treatment '${treatment}' has no units in condition '${n1 === 0 ? s.treated : s.control}'`,
      { column: treatment, hint: "Check the treatment column and the missing values of the other columns" },
    );
  }
}

function checkClusters(s: DesignSample, opts: { clusters?: string | undefined; blocks?: string | undefined; treatment: string }): void {
  const C = s.clusterLevels.length;
  const armOf = new Int8Array(C).fill(-1);
  const blockOf = new Int32Array(C).fill(-1);
  for (let i = 0; i < s.y.length; i++) {
    const g = s.cluster![i]!;
    if (armOf[g] === -1) armOf[g] = s.arm[i]!;
    else if (armOf[g] !== s.arm[i]) {
      throw new EnsayoError(
        "TREATMENT_VARIES_IN_CLUSTER",
        `cluster '${s.clusterLevels[g]}' of \`clusters\` ('${opts.clusters}') holds units in both '${s.control}' and '${s.treated}'; all units of a cluster must share the treatment condition`,
        { column: opts.clusters, value: s.clusterLevels[g], hint: `Check the cluster and treatment ('${opts.treatment}') columns` },
      );
    }
    if (s.block) {
      const b = s.block[i]!;
      if (blockOf[g] === -1) blockOf[g] = b;
      else if (blockOf[g] !== b) {
        throw new EnsayoError(
          "NONNESTED_CLUSTERS",
          `cluster '${s.clusterLevels[g]}' spans blocks '${s.blockLevels[blockOf[g]!]}' and '${s.blockLevels[b]}'; all \`clusters\` must be contained within \`blocks\``,
          { column: opts.clusters, value: s.clusterLevels[g], hint: "Give each cluster a single block" },
        );
      }
    }
  }
}

/** Zero-weight rows are not observations (estimatr 2.0); negative weights are refused. */
function dropZeroWeights(s: DesignSample, name: string, warnings: string[]): DesignSample {
  const w = s.weights!;
  let zeros = 0;
  let total = 0;
  for (let i = 0; i < w.length; i++) {
    const v = w[i]!;
    if (v < 0 || !Number.isFinite(v)) {
      throw new EnsayoError("BAD_WEIGHTS", `\`weights\` ('${name}') must be finite and not negative; row ${s.rowIndex[i]! + 1} holds ${v}`, {
        column: name,
        line: s.rowIndex[i]! + 1,
        value: v,
        hint: "Fix or drop the row",
      });
    }
    if (v === 0) zeros++;
    total += v;
  }
  if (total === 0) {
    throw new EnsayoError("BAD_WEIGHTS", `\`weights\` ('${name}') are all zero in the compared conditions`, { column: name });
  }
  if (zeros === 0) return s;
  warnings.push(`${zeros} row(s) with zero weight were left out: they are not observations`);
  const keep: number[] = [];
  for (let i = 0; i < w.length; i++) if (w[i]! > 0) keep.push(i);
  const pick = <T extends Float64Array | Uint8Array | Int32Array>(a: T): T => {
    const out = new (a.constructor as new (n: number) => T)(keep.length);
    keep.forEach((i, j) => (out[j] = a[i]!));
    return out;
  };
  const relabel = (codes: Int32Array | null, levels: readonly string[]): [Int32Array | null, readonly string[]] => {
    if (!codes) return [null, levels];
    const sub = pick(codes);
    const used = new Int32Array(levels.length).fill(-1);
    const newLevels: string[] = [];
    const present = new Uint8Array(levels.length);
    for (let j = 0; j < sub.length; j++) present[sub[j]!] = 1;
    for (let l = 0; l < levels.length; l++) {
      if (present[l]) {
        used[l] = newLevels.length;
        newLevels.push(levels[l]!);
      }
    }
    for (let j = 0; j < sub.length; j++) sub[j] = used[sub[j]!]!;
    return [sub, newLevels];
  };
  const [block, blockLevels] = relabel(s.block, s.blockLevels);
  const [cluster, clusterLevels] = relabel(s.cluster, s.clusterLevels);
  return {
    ...s,
    y: pick(s.y),
    arm: pick(s.arm),
    weights: pick(w),
    rowIndex: pick(s.rowIndex),
    block,
    blockLevels,
    cluster,
    clusterLevels,
    blockCountsAll: null,
  };
}

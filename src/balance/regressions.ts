/**
 * The regressions of the balance and attrition checks. Each hands `fitLm` (the engine of the public
 * `lmRobust`) the rows in use directly: the outcome and regressors gathered in cluster order, integer
 * cluster and block codes, neutral names (`y`, `t`, `x1`…), so no table is built, no formula parsed and
 * no row re-sorted. `waldTestWith` (the public `waldTest` with the fit's HTZ pieces in hand) reads the tests back.
 */
import { EnsayoError } from "../errors.js";
import { checkSeType, classicalTwin, fitLm, fitLmParts, type HtzSupport, type LmFitInput, type LmRobustResult } from "../estimators/linear-fit.js";
import { clusterOrder } from "../kernel/sandwich.js";
import type { SeType } from "../estimators/types.js";
import type { Cr2Mode } from "../kernel/vcov-cr2.js";
import { repeatedWald } from "../estimators/repeated-wald.js";
import { waldTestWith } from "../estimators/wald-test.js";

/** Regressors of a joint test, with display names. */
export interface DesignColumns {
  readonly columns: readonly Float64Array[];
  readonly names: readonly string[];
}

/** A joint test's regression apart from its outcome: the covariates, the rows in use and the design. */
export interface JointRegression {
  readonly design: DesignColumns;
  /** 1 for the data rows in the regression. */
  readonly use: Uint8Array;
  /** Block codes per data row (fixed effects), or null. */
  readonly blocks: Int32Array | null;
  /** Cluster codes per data row, or null. */
  readonly clusters: Int32Array | null;
  readonly seType: SeType;
}

/** Codes 0..L−1 over the rows in use, in the order of the original codes. */
function denseCodes(codes: Int32Array, use: Uint8Array): { dense: Int32Array; nLevels: number } {
  let max = -1;
  for (let i = 0; i < codes.length; i++) if (use[i] && codes[i]! > max) max = codes[i]!;
  const map = new Int32Array(max + 1).fill(-1);
  for (let i = 0; i < codes.length; i++) if (use[i]) map[codes[i]!] = 0;
  let L = 0;
  for (let c = 0; c <= max; c++) if (map[c] === 0) map[c] = L++;
  const dense = new Int32Array(codes.length).fill(-1);
  for (let i = 0; i < codes.length; i++) if (use[i]) dense[i] = map[codes[i]!]!;
  return { dense, nLevels: L };
}

/** v[rows[k]] for every k (a monomorphic loop: the regressors are Float64Array columns). */
function gatherFloat64(v: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = v[rows[k]!]!;
  return out;
}

/**
 * The least-squares input of `y ~ regressors [+ FE]` on the rows with `use[i] = 1` (an intercept first,
 * named `(Intercept)`), rows in cluster order. Validates as `lmRobust` does (SE type, at least 2 clusters).
 */
function fitInput(
  y: ArrayLike<number>,
  regressors: readonly ArrayLike<number>[],
  regNames: readonly string[],
  use: Uint8Array,
  blocks: Int32Array | null,
  clusters: Int32Array | null,
  seType: SeType,
  cr2Mode: Cr2Mode = "df",
): LmFitInput {
  const se = checkSeType(seType, clusters !== null);
  // Row order: by cluster (stable), so the fit's own sort by cluster is the identity.
  let m = 0;
  for (let i = 0; i < use.length; i++) m += use[i]!;
  if (m === 0) throw new EnsayoError("NOT_ESTIMABLE", `no complete rows to estimate from`, { hint: "Check the missing values in the columns used" });
  let rows = new Int32Array(m);
  for (let i = 0, k = 0; i < use.length; i++) if (use[i]) rows[k++] = i;
  let clusterCodes: Int32Array | undefined;
  let nClusters: number | undefined;
  if (clusters) {
    const { dense, nLevels } = denseCodes(clusters, use);
    if (nLevels < 2)
      throw new EnsayoError("TOO_FEW_CLUSTERS", `\`clusters\` has ${nLevels} cluster in the estimation rows; at least 2 are needed`, {
        hint: "Check the cluster column, or drop `clusters`",
      });
    const inUse = new Int32Array(m);
    for (let k = 0; k < m; k++) inUse[k] = dense[rows[k]!]!;
    const { order } = clusterOrder(inUse, m, nLevels);
    const sorted = new Int32Array(m);
    clusterCodes = new Int32Array(m);
    for (let k = 0; k < m; k++) {
      sorted[k] = rows[order[k]!]!;
      clusterCodes[k] = inUse[order[k]!]!;
    }
    rows = sorted;
    nClusters = nLevels;
  }
  const gather = (v: ArrayLike<number>) => (v instanceof Float64Array ? gatherFloat64(v, rows) : Float64Array.from(rows, (i) => v[i]!));
  const cols = [new Float64Array(m).fill(1), ...regressors.map(gather)];
  let fe: LmFitInput["fe"];
  if (blocks) {
    const { dense, nLevels } = denseCodes(blocks, use);
    const codes = new Int32Array(m);
    for (let k = 0; k < m; k++) codes[k] = dense[rows[k]!]!;
    fe = { names: ["fe"], codes: [codes], nLevels: [nLevels] };
  }
  const names = ["(Intercept)", ...regNames];
  return {
    outcome: "y",
    formula: `y ~ ${regNames.join(" + ")}`,
    y: gather(y),
    x: new Float64Array(0),
    cols,
    ownsColumns: true,
    n: m,
    p: names.length,
    names,
    intercept: true,
    ...(clusterCodes ? { clusters: clusterCodes, nClusters: nClusters! } : {}),
    ...(fe ? { fe } : {}),
    seType: se,
    alpha: 0.05,
    dropped: { total: 0, byColumn: Object.create(null) as Record<string, number> },
    warnings: [],
    rowIds: rows,
    ...(cr2Mode === "df" ? {} : { cr2Mode }),
  };
}

/** Coefficient on `t` in `x ~ t [+ FE]` on the rows with `use[i] = 1`. */
export function fitCoefficient(
  x: Float64Array,
  t: Uint8Array,
  use: Uint8Array,
  blocks: Int32Array | null,
  clusters: Int32Array | null,
  seType: SeType,
): { estimate: number; stdError: number; df: number } {
  const fit = fitLm(fitInput(x, [t], ["t"], use, blocks, clusters, seType));
  const row = fit.coefficients.find((r) => r.term === "t");
  if (!row) return { estimate: NaN, stdError: NaN, df: NaN };
  return { estimate: row.estimate, stdError: row.stdError, df: row.df };
}

/** The robust and classical joint F statistics (shared by {@link JointFit} and the balance table's joint rows). */
export interface JointStatistics {
  /** Robust Wald F of all covariate terms in `arm ~ covariates [+ block FE]` (HTZ-adjusted with `jointTestType: "HTZ"`). */
  readonly statistic: number;
  readonly df1: number;
  readonly df2: number;
  readonly pValue: number;
  /** Classical (homoskedastic) F test of the same hypothesis (the nested-model F). */
  readonly classicalStatistic: number;
  readonly classicalDf1: number;
  readonly classicalDf2: number;
  readonly classicalPValue: number;
}

/** Robust and classical joint F tests that every regressor has coefficient 0 in `t ~ regressors [+ FE]`. */
export interface JointFit extends JointStatistics {
  readonly warnings: readonly string[];
}

/**
 * Regress the 0/1 `t` on the design columns and test them jointly.
 *
 * @param statisticOnly - skip the classical fit (used inside permutation loops).
 */
export function jointOrthogonality(t: ArrayLike<number>, reg: JointRegression, statisticOnly = false, test: "F" | "HTZ" = "F"): JointFit {
  const { design, use, blocks, clusters, seType } = reg;
  const names = design.columns.map((_, j) => `x${j + 1}`);
  const warnings: string[] = [];
  // The joint F uses only the variance matrix (df J − 1 with clusters): skip the per-coefficient CR2 df
  // (and, for the plain F, the HTZ support too). The classical test is the same fit's classical twin.
  const parts = fitLmParts(fitInput(t, design.columns, names, use, blocks, clusters, seType, test === "HTZ" ? "support" : "meat"));
  const fit = parts.result;
  const estimable = names.filter((nm) => fit.coefficients.some((r) => r.term === nm && !r.aliased && Number.isFinite(r.estimate)));
  const aliased = names.filter((nm) => !estimable.includes(nm));
  if (aliased.length > 0) {
    warnings.push(
      `${aliased.map((nm) => design.names[names.indexOf(nm)]).join(", ")} are collinear with the other regressors and were left out of the joint test`,
    );
  }
  const robust = waldF(fit, estimable, test, parts.htz);
  if (statisticOnly) {
    return bothTests(robust, { statistic: NaN, df1: NaN, df2: NaN, pValue: NaN }, warnings);
  }
  const classical = waldF(classicalTwin(parts), estimable);
  if (Number.isNaN(robust.statistic) || Number.isNaN(classical.statistic)) warnings.push(notComputable(fit, estimable.length));
  return bothTests(robust, classical, warnings);
}

/** Why a joint F came out NaN, in words. */
function notComputable(fit: LmRobustResult, q: number): string {
  if (q === 0) return "not computable: no covariate term is estimable";
  if (fit.dfResidual <= 0)
    return `not computable: ${fit.nObs} units and ${fit.nObs - fit.dfResidual} parameters${fit.fixedEffects ? " (block effects included)" : ""} leave no residual degrees of freedom; use fewer covariates`;
  return "not computable: the variance of the covariate coefficients is singular (e.g. the fit is perfect, or a covariate varies in a single cluster)";
}

/**
 * The robust joint F of {@link jointOrthogonality} for assignment after assignment on the same rows and
 * covariates (a randomization test), from one factorization of the design (`repeatedWald`): a function of
 * the 0/1 arm over all data rows. Scaled so the observed assignment gives exactly `observed` (the F of
 * the full fit: this absorbs HTZ's δ, which depends on the covariates alone, and rounding), so the
 * comparison with the observed statistic is the one the full fits would make. Null when the design
 * cannot be factored this way (e.g. nothing left to test), so the caller refits.
 */
export function jointStatisticForAssignments(t: ArrayLike<number>, reg: JointRegression, observed: number): ((tP: Uint8Array) => number) | null {
  const { design, use, blocks, clusters, seType } = reg;
  const names = design.columns.map((_, j) => `x${j + 1}`);
  let rw: ReturnType<typeof repeatedWald>;
  let inp: LmFitInput;
  try {
    inp = fitInput(t, design.columns, names, use, blocks, clusters, seType);
    rw = repeatedWald(inp, names, { skipAliased: true });
  } catch (e) {
    if (e instanceof EnsayoError) return null;
    throw e;
  }
  const rows = inp.rowIds!;
  const yP = new Float64Array(rows.length);
  const at = (tP: ArrayLike<number>) => {
    for (let k = 0; k < rows.length; k++) yP[k] = tP[rows[k]!]!;
    return rw.statistic(yP);
  };
  const own = at(t);
  if (!(own > 0) || !Number.isFinite(observed)) return null;
  const scale = observed / own;
  return (tP) => at(tP) * scale;
}

type WaldF = ReturnType<typeof waldF>;

/** A {@link JointFit} from the robust and the classical test of the same hypothesis. */
function bothTests(robust: WaldF, classical: WaldF, warnings: readonly string[]): JointFit {
  return {
    statistic: robust.statistic,
    df1: robust.df1,
    df2: robust.df2,
    pValue: robust.pValue,
    classicalStatistic: classical.statistic,
    classicalDf1: classical.df1,
    classicalDf2: classical.df2,
    classicalPValue: classical.pValue,
    warnings,
  };
}

/**
 * Wald F test that the coefficients of `terms` are all 0, through `waldTestWith` (the public `waldTest`):
 * F = b'V⁻¹b / q with denominator df J − 1 for clustered fits and the residual df otherwise
 * (estimatr's `fstatistic` / `proj_fstatistic` convention), or the HTZ test. No terms: NaN.
 */
export function waldF(
  fit: LmRobustResult,
  terms: readonly string[],
  test: "F" | "HTZ" = "F",
  htz?: HtzSupport,
): { statistic: number; df1: number; df2: number; pValue: number } {
  if (terms.length === 0) return { statistic: NaN, df1: 0, df2: NaN, pValue: NaN };
  const w = waldTestWith(fit, [...terms], test, htz);
  return { statistic: w.statistic, df1: w.df1, df2: w.df2, pValue: w.pValue };
}

/**
 * Differential attrition: fit `y ~ t + x1 + … + t:x1 + …` [+ FE] and test all `t:x` terms = 0
 * with the robust Wald F (and the classical F).
 */
export function interactionTest(
  y: Float64Array,
  t: Uint8Array,
  design: DesignColumns,
  use: Uint8Array,
  blocks: Int32Array | null,
  clusters: Int32Array | null,
  seType: SeType,
): JointFit & { nObs: number } {
  const k = design.columns.length;
  const names = design.columns.map((_, j) => `x${j + 1}`);
  const inter = design.columns.map((_, j) => `tx${j + 1}`);
  const tx = design.columns.map((col) => {
    const out = new Float64Array(col.length);
    for (let i = 0; i < col.length; i++) out[i] = t[i]! * col[i]!;
    return out;
  });
  // only the Wald F of the interactions is reported: no per-coefficient CR2 df
  const parts = fitLmParts(fitInput(y, [t, ...design.columns, ...tx], ["t", ...names, ...inter], use, blocks, clusters, seType, "meat"));
  const fit = parts.result;
  const estimable = inter.filter((nm) => fit.coefficients.some((r) => r.term === nm && !r.aliased && Number.isFinite(r.estimate)));
  const warnings: string[] = [];
  if (estimable.length < k) {
    warnings.push(`${k - estimable.length} interaction term(s) are collinear and were left out of the test`);
  }
  const robust = waldF(fit, estimable);
  const classical = waldF(classicalTwin(parts), estimable);
  return { ...bothTests(robust, classical, [...fit.warnings, ...warnings]), nObs: fit.nObs };
}

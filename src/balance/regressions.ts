/**
 * The regressions of the balance and attrition checks, run through the public
 * `lmRobust` and `waldTest`: each builds a small table with neutral column names
 * (`y`, `t`, `x1`…, `fe`, `cl`) on the rows in use and reads back the numbers.
 */
import { makeTable, type Column } from "../data/table.js";
import { lmRobust, lmRobustVcovOnly, type LmRobustResult } from "../estimators/lm-robust.js";
import type { SeType } from "../estimators/types.js";
import { waldTest } from "../estimators/wald-test.js";

/** Regressors of a joint test, with display names. */
export interface DesignColumns {
  readonly columns: readonly Float64Array[];
  readonly names: readonly string[];
}

function subsetTable(
  use: Uint8Array,
  y: ArrayLike<number>,
  regressors: readonly ArrayLike<number>[],
  regNames: readonly string[],
  blocks: Int32Array | null,
  clusters: Int32Array | null,
) {
  let m = 0;
  for (let i = 0; i < use.length; i++) m += use[i]!;
  const cols: Record<string, Column> = Object.create(null);
  const yy = new Float64Array(m);
  const xs = regressors.map(() => new Float64Array(m));
  const fe: (string | null)[] | null = blocks ? new Array<string | null>(m) : null;
  const cl: (string | null)[] | null = clusters ? new Array<string | null>(m) : null;
  let k = 0;
  for (let i = 0; i < use.length; i++) {
    if (!use[i]) continue;
    yy[k] = y[i]!;
    for (let j = 0; j < regressors.length; j++) xs[j]![k] = regressors[j]![i]!;
    if (fe) fe[k] = `b${blocks![i]}`;
    if (cl) cl[k] = `c${clusters![i]}`;
    k++;
  }
  cols.y = yy;
  regNames.forEach((name, j) => (cols[name] = xs[j]!));
  if (fe) cols.fe = fe;
  if (cl) cols.cl = cl;
  return makeTable(cols);
}

function fitOptions(seType: SeType, blocks: Int32Array | null, clusters: Int32Array | null) {
  return {
    seType,
    ...(clusters ? { clusters: "cl" } : {}),
    ...(blocks ? { fixedEffects: "fe" } : {}),
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
  const table = subsetTable(use, x, [t], ["t"], blocks, clusters);
  const fit = lmRobust(table, "y ~ t", fitOptions(seType, blocks, clusters));
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
export function jointOrthogonality(
  t: ArrayLike<number>,
  design: DesignColumns,
  use: Uint8Array,
  blocks: Int32Array | null,
  clusters: Int32Array | null,
  seType: SeType,
  statisticOnly = false,
  test: "F" | "HTZ" = "F",
): JointFit {
  const names = design.columns.map((_, j) => `x${j + 1}`);
  const table = subsetTable(use, t, design.columns, names, blocks, clusters);
  const formula = `y ~ ${names.join(" + ")}`;
  const warnings: string[] = [];
  // The joint F uses only the variance matrix (df J − 1 with clusters): skip the per-coefficient CR2 df.
  const fit = lmRobustVcovOnly(table, formula, fitOptions(seType, blocks, clusters));
  const estimable = names.filter((nm) => fit.coefficients.some((r) => r.term === nm && !r.aliased && Number.isFinite(r.estimate)));
  const aliased = names.filter((nm) => !estimable.includes(nm));
  if (aliased.length > 0) {
    warnings.push(
      `${aliased.map((nm) => design.names[names.indexOf(nm)]).join(", ")} are collinear with the other regressors and were left out of the joint test`,
    );
  }
  const robust = waldF(fit, estimable, test);
  if (statisticOnly) {
    return bothTests(robust, { statistic: NaN, df1: NaN, df2: NaN, pValue: NaN }, warnings);
  }
  const cfit = lmRobust(table, formula, fitOptions("classical", blocks, null));
  return bothTests(robust, waldF(cfit, estimable), warnings);
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
 * Wald F test that the coefficients of `terms` are all 0, through the public `waldTest`:
 * F = b'V⁻¹b / q with denominator df J − 1 for clustered fits and the residual df otherwise
 * (estimatr's `fstatistic` / `proj_fstatistic` convention), or the HTZ test. No terms: NaN.
 */
export function waldF(
  fit: LmRobustResult,
  terms: readonly string[],
  test: "F" | "HTZ" = "F",
): { statistic: number; df1: number; df2: number; pValue: number } {
  if (terms.length === 0) return { statistic: NaN, df1: 0, df2: NaN, pValue: NaN };
  const w = waldTest(fit, [...terms], { test });
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
  const table = subsetTable(use, y, [t, ...design.columns, ...tx], ["t", ...names, ...inter], blocks, clusters);
  const formula = `y ~ ${["t", ...names, ...inter].join(" + ")}`;
  const fit = lmRobust(table, formula, fitOptions(seType, blocks, clusters));
  const estimable = inter.filter((nm) => fit.coefficients.some((r) => r.term === nm && !r.aliased && Number.isFinite(r.estimate)));
  const warnings: string[] = [];
  if (estimable.length < k) {
    warnings.push(`${k - estimable.length} interaction term(s) are collinear and were left out of the test`);
  }
  const robust = waldF(fit, estimable);
  const classical = waldF(lmRobust(table, formula, fitOptions("classical", blocks, null)), estimable);
  return { ...bothTests(robust, classical, [...fit.warnings, ...warnings]), nObs: fit.nObs };
}

/**
 * Baseline balance table: per covariate and arm, descriptive statistics, the
 * regression-based difference with estimatr's robust SEs, standardized
 * differences, variance ratios and flags, plus joint orthogonality tests.
 */
import { resolveSeType, SE_TYPE_NAMES_WITH_VARIANCE } from "../kernel/se-types.js";
import * as z from "zod/mini";
import { asTable, type DataInput } from "../data/table.js";
import { EnsayoError, showValue } from "../errors.js";
import { parseOptions } from "../internal/options.js";
import type { PermutableDesign as ProtocolPermutableDesign } from "../design/protocol.js";
import { AbortSignalSchema, throwIfAborted } from "../internal/abort.js";
import type { Seed } from "../internal/rng.js";
import { pt, qt } from "../math/distributions.js";
import type { CoefficientRow, SeType } from "../estimators/types.js";
import { anyMissing, codeColumn, expandCovariates, infiniteWarnings, jointDesign } from "./covariates.js";
import { fitTwoGroup, fitTwoGroupFe, twoGroupSupports, type TwoGroupFit } from "../estimators/two-group-fit.js";
import { permutationSource, type PermutationSource } from "../inference/permutation-source.js";
import { evaluatePermutations, type PermutationStatistics } from "../inference/evaluate-permutations.js";
import { randomizationPValue as rPValue } from "../inference/p-value.js";
import { fitCoefficient, jointOrthogonality, jointStatisticForAssignments, type JointFit, type JointRegression, type JointStatistics } from "./regressions.js";
import { withDisplay } from "../report/result-proto.js";

const NAN_JOINT: JointFit = {
  statistic: NaN,
  df1: NaN,
  df2: NaN,
  pValue: NaN,
  classicalStatistic: NaN,
  classicalDf1: NaN,
  classicalDf2: NaN,
  classicalPValue: NaN,
  warnings: [],
};

/** An assignment design that can redraw assignments (e.g. from `declareRa`): the protocol's part for permutations. */
export type PermutableDesign = ProtocolPermutableDesign;

const BalanceTableSchema = z
  .strictObject({
    /** Column with the arm of each unit (numbers or text). */
    treatment: z.string().check(z.minLength(1)),
    /** Covariate columns; text columns are expanded into one 0/1 row per level. */
    covariates: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
    /** Numeric covariates to expand into levels as well (e.g. region codes). Default none. */
    categorical: z.optional(z.array(z.string().check(z.minLength(1)))),
    /** Block column: block fixed effects in every regression. */
    blocks: z.optional(z.string().check(z.minLength(1))),
    /** Cluster column: cluster-robust SEs. */
    clusters: z.optional(z.string().check(z.minLength(1))),
    /** Variance estimator; default "HC2", or "CR2" with `clusters`. */
    seType: z.optional(z.enum(SE_TYPE_NAMES_WITH_VARIANCE)),
    /** The control arm; default the first arm in R's sorted order. */
    control: z.optional(z.union([z.string(), z.number()])),
    /** Flag rows with |stdDiff| > `stdDiff` (default 0.1) or pValue < `pValue` (default 0.05). */
    threshold: z.optional(
      z.strictObject({ stdDiff: z._default(z.number().check(z.positive()), 0.1), pValue: z._default(z.number().check(z.gte(0), z.lte(1)), 0.05) }),
    ),
    /** Size of the tests; CIs have level 1 − alpha. Default 0.05. */
    alpha: z._default(z.number().check(z.gt(0), z.lt(1)), 0.05),
    /** Run the joint orthogonality test. Default true. */
    jointTest: z._default(z.boolean(), true),
    /** Robust joint test: Wald "F" (default) or "HTZ" (CR2 only). */
    jointTestType: z._default(z.enum(["F", "HTZ"]), "F"),
    /** An assignment design (e.g. `declareRa(...)`) on the same units: adds the randomization p-value. */
    design: z.optional(
      z.custom<PermutableDesign>(
        (d) =>
          typeof d === "object" && d !== null && Array.isArray((d as PermutableDesign).conditions) &&
          typeof (d as PermutableDesign).permutations === "function",
        { message: "must be an assignment design with `conditions` and `permutations(k, seed)` (see declareRa)" },
      ),
    ),
    /** Assignments redrawn under `design`. Default 1000. */
    permutations: z._default(z.int().check(z.gte(1), z.lte(100000)), 1000),
    /** Seed of the redraws. Default "balanceTable". */
    seed: z.optional(z.union([z.string(), z.number()])),
    /** Stops the randomization p-value between permuted fits: it then throws `ABORTED`. */
    signal: z.optional(AbortSignalSchema),
  });

/** Options of {@link balanceTable}. */
export type BalanceTableOptions = z.input<typeof BalanceTableSchema>;

/**
 * One balance row: a covariate (or one level of a categorical covariate) in one arm compared with control.
 * `estimate` … `confHigh` are the inference columns of a {@link CoefficientRow} for the arm's coefficient in
 * `covariate ~ arm [+ block FE]` (`estimate` equals `difference` without blocks).
 */
export interface BalanceRow extends Omit<CoefficientRow, "term" | "outcome" | "aliased"> {
  /** Covariate column. */
  readonly covariate: string;
  /** Level of a categorical covariate (the row is its 0/1 indicator); null for numeric covariates. */
  readonly level: string | null;
  /** Display label: `edad` or `region: Itapúa`. */
  readonly term: string;
  /** The arm compared with control. */
  readonly arm: string;
  /** The control arm. */
  readonly control: string;
  /** Units with the covariate observed, in control / in the arm. */
  readonly nControl: number;
  readonly nTreatment: number;
  /** Units with the covariate missing, in control / in the arm. */
  readonly missingControl: number;
  readonly missingTreatment: number;
  readonly meanControl: number;
  readonly meanTreatment: number;
  /** Standard deviations (n − 1 divisor). */
  readonly sdControl: number;
  readonly sdTreatment: number;
  /** Raw difference in means, arm − control. */
  readonly difference: number;
  /** difference / √((s²_T + s²_C)/2). */
  readonly stdDiff: number;
  /** s²_T / s²_C. */
  readonly varianceRatio: number;
  /** True when |stdDiff| > threshold.stdDiff or pValue < threshold.pValue. */
  readonly flag: boolean;
}

/** Joint orthogonality test for one arm compared with control. */
export interface JointTestRow extends JointStatistics {
  readonly arm: string;
  readonly control: string;
  /** Units used: those of the two arms with every covariate observed (listwise). */
  readonly nObs: number;
  /** Units of the two arms left out because a covariate was missing. */
  readonly nDropped: number;
  /** Clusters among the units used (NaN without clusters). */
  readonly nClusters: number;
  /** Which robust test `statistic` is: the Wald F (`"F"`) or the small-sample HTZ test (`"HTZ"`). */
  readonly test: "F" | "HTZ";
  /**
   * Randomization p-value when a design was given: (1 + #{F* ≥ F}) / (1 + k) over k random draws, or the exact
   * Σ P(assignment) over assignments with F* ≥ F when the design lists every assignment; NaN without a design.
   */
  readonly randomizationPValue: number;
  /** Number of permutations used (0 without a design). */
  readonly permutations: number;
}

/** Result of {@link balanceTable}. */
export interface BalanceTableResult {
  readonly kind: "balanceTable";
  readonly treatment: string;
  readonly control: string;
  /** Every arm, control first. */
  readonly arms: readonly string[];
  readonly covariates: readonly string[];
  readonly blocks: string | null;
  readonly clusters: string | null;
  readonly seType: SeType;
  readonly alpha: number;
  readonly threshold: { readonly stdDiff: number; readonly pValue: number };
  readonly rows: readonly BalanceRow[];
  readonly joint: readonly JointTestRow[];
  /** Units used (treatment, blocks and clusters observed). */
  readonly nObs: number;
  /** Units left out because treatment, block or cluster was missing. */
  readonly nDropped: number;
  readonly warnings: readonly string[];
}

const FN = "balanceTable";

/**
 * Build a baseline balance table: are the arms alike before treatment?
 *
 * For every covariate (categorical covariates give one 0/1 row per level) and every arm
 * compared with the control arm, on the units of those two arms:
 * - n, mean, SD (n − 1) and missing count in each arm;
 * - the difference in means and, from `lm_robust(covariate ~ arm [, fixed_effects = ~ blocks])`
 *   with HC2 (CR2 with clusters) by default, its estimate, SE, t statistic, df, p-value and CI;
 *   units with the covariate missing are left out of that covariate's regression only;
 * - standardized difference d = (x̄_T − x̄_C) / √((s²_T + s²_C)/2) (iebaltab's `nrmd`, cobalt's pooled SMD)
 *   and variance ratio s²_T / s²_C;
 * - `flag` when |d| > `threshold.stdDiff` (0.1) or p < `threshold.pValue` (0.05).
 *
 * Joint orthogonality (one test per arm compared with control, as iebaltab's `ftest`): regress the arm
 * indicator on all covariates (categorical ones as k − 1 dummies) with the same fixed effects and SE type,
 * **listwise** on the covariates (`nObs`, `nDropped` report it), and test all covariate terms = 0 with the
 * robust Wald F (denominator df J − 1 with clusters, else n − rank, as estimatr's `fstatistic`) and the
 * classical F. `jointTestType: "HTZ"` (CR2 only) reports instead the Pustejovsky–Tipton (2018) small-sample
 * test, as clubSandwich's `Wald_test(test = "HTZ")`, which holds its size better with few clusters. With a `design`, `permutations` assignments are redrawn under it and the robust F recomputed:
 * `randomizationPValue` = (1 + #{F* ≥ F_obs}) / (1 + permutations) for random draws; when the design can list
 * every assignment (`permutationSet(k).exhaustive`), the exact p-value Σ P(assignment) over assignments with F* ≥ F_obs.
 *
 * The per-covariate fits use closed forms of `x ~ t` (with block fixed effects when there are blocks)
 * proven equal to `lmRobust` (see `two-group-fit.ts`); when clusters cross blocks they call `lmRobust`.
 *
 * @see iebaltab (World Bank DIME), cobalt `bal.tab`, estimatr `lm_robust`.
 * @throws EnsayoError `INVALID_OPTION` (bad options, CR* without clusters, HC* with clusters, a design of the
 * wrong length), `MISSING_COLUMN`, `CONDITION_NOT_FOUND` (unknown control), `ONE_ARM`,
 * `NOT_ESTIMABLE` (no usable unit, an arm with fewer than 2 units, or an arm that does not vary within blocks),
 * `TOO_FEW_CLUSTERS` (a single cluster).
 * @example
 * ```ts
 * // the bundled pilot: offices randomized within regions (see docs/balance.md)
 * const base = readCsvFile("fixtures/pilot/panel.csv");
 * const bal = balanceTable(base, { treatment: "grupo", control: "control", blocks: "region", clusters: "oficina",
 *   covariates: ["sexo", "edad", "antiguedad", "puntaje_base", "tramites_base", "salario"] });
 * bal.rows[2]; // { term: "edad", arm: "taller", meanControl: 41.76, meanTreatment: 41.72, difference: -0.032,
 *              //   estimate: 0.116, stdError: 0.899, pValue: 0.898, stdDiff: -0.003, varianceRatio: 1.019, flag: false, … }
 * bal.joint[0]; // { arm: "taller", nObs: 447, nDropped: 17, nClusters: 48, statistic: 1.044, df1: 6, df2: 47, pValue: 0.410, … }
 * [bal.rows[2]!.meanControl, bal.rows[2]!.stdError, bal.rows[2]!.pValue]; // [41.76, 0.899, 0.898]
 * [bal.joint[0]!.nObs, bal.joint[0]!.statistic, bal.joint[0]!.df2, bal.joint[0]!.pValue]; // [447, 1.044, 47, 0.410]
 * ```
 */
export function balanceTable(data: DataInput, options: BalanceTableOptions): BalanceTableResult {
  return balanceTableAs(data, options, FN);
}

/** Internal: {@link balanceTable} with the calling function's name in messages (attritionReport). */
export function balanceTableAs(data: DataInput, options: BalanceTableOptions, fn: string): BalanceTableResult {
  const opts = parseOptions(BalanceTableSchema, options, fn);
  const table = asTable(data, fn);
  const n = table.nRows;
  const warnings: string[] = [];
  // the registry's one rule (as lmRobust): default HC2/CR2, stata without clusters is HC1
  const seType: SeType = resolveSeType(opts.seType, opts.clusters !== undefined, fn);
  if (opts.jointTestType === "HTZ" && seType !== "CR2") {
    throw new EnsayoError("INVALID_OPTION", `${fn}: \`jointTestType\` "HTZ" needs clustered CR2 standard errors; got seType '${seType}'`, {
      value: opts.jointTestType,
      hint: "Name the cluster column in `clusters` (CR2 is then the default), or use jointTestType 'F'",
    });
  }
  const threshold = { stdDiff: opts.threshold?.stdDiff ?? 0.1, pValue: opts.threshold?.pValue ?? 0.05 };

  // treatment, blocks, clusters: rows missing any of them are left out
  const armCoded = codeColumn(table, opts.treatment, fn, "treatment");
  const blockCodes = opts.blocks ? codeColumn(table, opts.blocks, fn, "blocks") : null;
  const clusterFactor = opts.clusters ? codeColumn(table, opts.clusters, fn, "clusters") : null;
  const base = new Uint8Array(n);
  let nDropped = 0;
  for (let i = 0; i < n; i++) {
    const ok = armCoded.codes[i]! >= 0 && (!blockCodes || blockCodes.codes[i]! >= 0) && (!clusterFactor || clusterFactor.codes[i]! >= 0);
    base[i] = ok ? 1 : 0;
    if (!ok) nDropped++;
  }
  if (nDropped > 0) {
    warnings.push(`${nDropped} unit(s) left out because treatment${opts.blocks ? ", block" : ""}${opts.clusters ? ", cluster" : ""} is missing`);
  }
  if (n - nDropped === 0) {
    throw new EnsayoError("NOT_ESTIMABLE", `${fn}: no unit has ${n === 0 ? "any data (0 rows)" : `a treatment${opts.blocks ? ", block" : ""}${opts.clusters ? " and cluster" : ""} value (${n} rows, all missing)`}`, {
      column: opts.treatment,
      hint: "Check that the data hold the units and that the treatment column is filled in",
    });
  }
  if (clusterFactor && countPresent(clusterFactor.codes, base, clusterFactor.levels.length) < 2) {
    throw new EnsayoError("TOO_FEW_CLUSTERS", `${fn}: \`clusters\` '${opts.clusters}' has a single cluster among the units used; cluster-robust standard errors need at least 2`, {
      column: opts.clusters,
      hint: "Check the cluster column, or leave `clusters` out",
    });
  }
  const armFactor = keepPresent(armCoded, base);
  const levels = armFactor.levels;
  if (levels.length < 2) {
    throw new EnsayoError("ONE_ARM", `${fn}: treatment '${opts.treatment}' takes a single value (${showValue(levels[0] ?? null)}); a balance table compares at least two arms`, {
      column: opts.treatment,
    });
  }
  const control = opts.control === undefined ? levels[0]! : String(opts.control);
  const controlCode = levels.indexOf(control);
  if (controlCode < 0) {
    throw new EnsayoError("CONDITION_NOT_FOUND", `${fn}: \`control\` ${showValue(opts.control)} is not a value of treatment '${opts.treatment}'`, {
      column: opts.treatment,
      value: opts.control,
      hint: `The values are: ${levels.join(", ")}`,
    });
  }
  const arms = [control, ...levels.filter((l) => l !== control)];

  const categorical = new Set(opts.categorical ?? []);
  for (const c of categorical) {
    if (!opts.covariates.includes(c)) {
      throw new EnsayoError("INVALID_OPTION", `${fn}: \`categorical\` names '${c}', which is not in \`covariates\``, { value: c });
    }
  }
  const blocks = expandCovariates(table, opts.covariates, categorical, fn);
  // ±Infinity is stored as missing when the data are read: say so, since it is rarely meant
  warnings.push(...infiniteWarnings(table, [opts.treatment, ...opts.covariates, ...(opts.blocks ? [opts.blocks] : []), ...(opts.clusters ? [opts.clusters] : [])]));

  const rows: BalanceRow[] = [];
  const joint: JointTestRow[] = [];
  let missingAny: Uint8Array | null = null; // any covariate missing, per row (made when a joint test needs it)
  const tq = (df: number) => qt(1 - opts.alpha / 2, df);
  // The randomization p-value runs on riTest's machinery: the same source of assignments (exact up to
  // `permutations` assignments, else that many seeded draws) and the same extremeness rule.
  let source: PermutationSource | null = null;
  if (opts.design && opts.jointTest) {
    throwIfAborted(opts.signal, fn, "before drawing the design's assignments");
    const d = opts.design;
    if (d.n !== undefined && d.n !== n) {
      throw new EnsayoError("INVALID_OPTION", `${fn}: \`design\` draws assignments of ${d.n} units but the data have ${n} rows`, {
        hint: "Declare the design on the same units, in the same order, as the data",
      });
    }
    source = permutationSource(d, { n, seed: opts.seed ?? "balanceTable", sims: opts.permutations, maxExact: opts.permutations }, fn);
  }

  for (const arm of arms.slice(1)) {
    const armCode = levels.indexOf(arm);
    const pair = new Uint8Array(n);
    const t = new Uint8Array(n);
    const armVec = new Int8Array(n).fill(-1); // 1 arm, 0 control, −1 not in this comparison
    let nArm = 0;
    let nCtl = 0;
    for (let i = 0; i < n; i++) {
      if (!base[i]) continue;
      const c = armFactor.codes[i]!;
      if (c === armCode) {
        pair[i] = 1;
        t[i] = 1;
        armVec[i] = 1;
        nArm++;
      } else if (c === controlCode) {
        pair[i] = 1;
        armVec[i] = 0;
        nCtl++;
      }
    }
    const fast = !blockCodes && twoGroupSupports(seType, clusterFactor !== null);
    const useCov = fast ? null : new Uint8Array(n);
    if (nArm < 2 || nCtl < 2) {
      throw new EnsayoError("NOT_ESTIMABLE", `${fn}: arm '${nArm < 2 ? arm : control}' has ${Math.min(nArm, nCtl)} unit(s); each arm needs at least 2`, {
        column: opts.treatment,
      });
    }
    for (const block of blocks) {
      for (const col of block.columns) {
        // one closed-form pass gives the arm moments (and, without fixed effects, the fit itself)
        const moments = fast
          ? fitTwoGroup(col.values, armVec, seType, clusterFactor ? clusterFactor.codes : null, clusterFactor ? clusterFactor.levels.length : 0)
          : fitTwoGroup(col.values, armVec, "HC0", null, 0);
        const row = rowFromMoments(moments, col, arm, control);
        let fit: { estimate: number; stdError: number; df: number } | null = fast ? moments : null;
        if (!fit && blockCodes && twoGroupSupports(seType, clusterFactor !== null)) {
          // block fixed effects: closed form when clusters are nested in blocks (null otherwise)
          fit = fitTwoGroupFe(col.values, armVec, blockCodes.codes, blockCodes.levels.length, seType,
            clusterFactor ? clusterFactor.codes : null, clusterFactor ? clusterFactor.levels.length : 0);
        }
        if (!fit) {
          for (let i = 0; i < n; i++) useCov![i] = pair[i]! && !Number.isNaN(col.values[i]!) ? 1 : 0;
          try {
            fit = fitCoefficient(col.values, t, useCov!, blockCodes ? blockCodes.codes : null, clusterFactor?.codes ?? null, seType);
          } catch (e) {
            if (e instanceof EnsayoError && e.code === "NOT_ESTIMABLE") {
              throw new EnsayoError("NOT_ESTIMABLE", `${fn}: the regression of '${col.term}' on arm '${arm}' cannot be estimated with block fixed effects`, {
                column: opts.blocks!,
                hint: `Check that every block '${opts.blocks}' holds units of both '${control}' and '${arm}'`,
                cause: e,
              });
            }
            throw e;
          }
        }
        if (blockCodes && !Number.isFinite(fit.estimate)) {
          throw new EnsayoError("NOT_ESTIMABLE", `${fn}: arm '${arm}' does not vary within blocks '${opts.blocks}', so its difference cannot be estimated with block fixed effects`, {
            column: opts.blocks!,
            hint: `Check that the blocks hold units of both '${control}' and '${arm}', or leave \`blocks\` out`,
          });
        }
        const statistic = fit.estimate / fit.stdError;
        const pValue = 2 * pt(Math.abs(statistic), fit.df, false);
        const q = tq(fit.df);
        if (!Number.isFinite(fit.stdError)) warnings.push(`${col.term} (${arm}): the standard error is not computable`);
        else if (Number.isNaN(pValue)) warnings.push(`${col.term} (${arm}): the test statistic and p-value are not computable (standard error ${fit.stdError}: no variation within arms)`);
        const flag = Math.abs(row.stdDiff) > threshold.stdDiff || pValue < threshold.pValue;
        rows.push({
          ...row,
          estimate: fit.estimate,
          stdError: fit.stdError,
          statistic,
          df: fit.df,
          pValue,
          confLow: fit.estimate - q * fit.stdError,
          confHigh: fit.estimate + q * fit.stdError,
          flag,
        });
        if (Number.isNaN(row.stdDiff)) warnings.push(`${col.term} (${arm}): the standardized difference is not computable (no variation in either arm)`);
        if (Number.isNaN(row.varianceRatio) && !Number.isNaN(row.stdDiff)) warnings.push(`${col.term} (${arm}): the variance ratio is not computable (no variation in control)`);
      }
    }
    if (!opts.jointTest) continue;
    const testType = opts.jointTestType;
    // joint test: listwise on every covariate
    missingAny ??= anyMissing(blocks, n);
    const use = new Uint8Array(n);
    let nUsed = 0;
    for (let i = 0; i < n; i++) {
      const ok = pair[i]! & (missingAny[i]! ^ 1);
      use[i] = ok;
      nUsed += ok;
    }
    const regression: JointRegression = { design: jointDesign(blocks, use), use, blocks: blockCodes?.codes ?? null, clusters: clusterFactor?.codes ?? null, seType };
    let jt: JointFit;
    try {
      jt = jointOrthogonality(t, regression, false, testType);
    } catch (e) {
      // a joint test that cannot be fitted (e.g. every covariate collinear with the blocks) is NaN, not a refusal
      if (!(e instanceof EnsayoError)) throw e;
      jt = { ...NAN_JOINT, warnings: [`not computable: ${e.message}`] };
    }
    warnings.push(...jt.warnings.map((w) => `joint test (${arm}): ${w}`));
    let randomizationPValue = NaN;
    let failed = 0;
    let nPermutations = 0;
    if (source && Number.isFinite(jt.statistic)) {
      const condLabels = opts.design!.conditions.map(String);
      const ctlIdx = condLabels.indexOf(control);
      const armIdx = condLabels.indexOf(arm);
      if (ctlIdx < 0 || armIdx < 0) {
        throw new EnsayoError("INVALID_OPTION", `${fn}: the \`design\` conditions (${condLabels.join(", ")}) do not include '${ctlIdx < 0 ? control : arm}'`, {
          hint: "Declare the design with the same condition labels as the treatment column",
        });
      }
      // The covariates do not change between assignments: factor their design once, and refit in full only
      // for an assignment that puts other rows in this comparison (several arms).
      const fastF = jointStatisticForAssignments(t, regression, jt.statistic);
      const useP = new Uint8Array(n);
      const tP = new Uint8Array(n);
      const stats: PermutationStatistics = {
        k: 1,
        evaluate(perm, out) {
          for (let i = 0; i < n; i++) {
            useP[i] = 0;
            tP[i] = 0;
            if (!base[i]) continue;
            const a = perm[i]!;
            if (a !== ctlIdx && a !== armIdx) continue;
            if (missingAny![i]) continue;
            useP[i] = 1;
            tP[i] = a === armIdx ? 1 : 0;
          }
          try {
            out[0] = fastF && sameRows(useP, use) ? fastF(tP)
              : jointOrthogonality(tP, { ...regression, design: jointDesign(blocks, useP), use: useP.slice() }, true, testType).statistic;
          } catch (e) {
            if (!(e instanceof EnsayoError)) throw e;
            out[0] = NaN;
          }
        },
      };
      const values = evaluatePermutations(source, stats, { fn, ...(opts.signal ? { signal: opts.signal } : {}) });
      failed = values.failed[0]!;
      nPermutations = values.size;
      if (failed > 0) warnings.push(`joint test (${arm}): ${failed} of ${values.size} permuted fits could not be computed and count as not extreme`);
      // Every possible assignment, each with its exact probability: the exact p-value is the probability
      // of a statistic at least as large (the observed assignment is among them). Random draws: the
      // usual (1 + count) / (1 + k), which is valid for equally likely independent draws.
      const exact = source.method === "exact";
      randomizationPValue = Math.min(1, rPValue(values.values, 1, 0, jt.statistic, 0, "greater", exact ? values.weights : null, !exact, "notExtreme").pValue);
    }
    joint.push({
      arm,
      control,
      test: testType,
      nObs: nUsed,
      nDropped: nArm + nCtl - nUsed,
      nClusters: clusterFactor ? countPresent(clusterFactor.codes, use, clusterFactor.levels.length) : NaN,
      statistic: jt.statistic,
      df1: jt.df1,
      df2: jt.df2,
      pValue: jt.pValue,
      classicalStatistic: jt.classicalStatistic,
      classicalDf1: jt.classicalDf1,
      classicalDf2: jt.classicalDf2,
      classicalPValue: jt.classicalPValue,
      randomizationPValue,
      permutations: source ? (nPermutations || source.size) : 0,
    });
  }

  return withDisplay({
    kind: "balanceTable",
    treatment: opts.treatment,
    control,
    arms,
    covariates: [...opts.covariates],
    blocks: opts.blocks ?? null,
    clusters: opts.clusters ?? null,
    seType,
    alpha: opts.alpha,
    threshold,
    rows,
    joint,
    nObs: n - nDropped,
    nDropped,
    warnings,
  });
}

function sameRows(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function countPresent(codes: Int32Array, use: Uint8Array, nCodes: number): number {
  const seen = new Uint8Array(nCodes);
  let k = 0;
  for (let i = 0; i < codes.length; i++) {
    if (use[i] && !seen[codes[i]!]) {
      seen[codes[i]!] = 1;
      k++;
    }
  }
  return k;
}

/** Codes restricted to the rows in `base`, with levels absent from them removed. */
function keepPresent(f: { codes: Int32Array; levels: readonly string[] }, base: Uint8Array): { codes: Int32Array; levels: readonly string[] } {
  const count = new Int32Array(f.levels.length);
  for (let i = 0; i < f.codes.length; i++) if (base[i] && f.codes[i]! >= 0) count[f.codes[i]!]++;
  const remap = new Int32Array(f.levels.length).fill(-1);
  const levels: string[] = [];
  f.levels.forEach((l, k) => {
    if (count[k]! > 0) {
      remap[k] = levels.length;
      levels.push(l);
    }
  });
  const codes = new Int32Array(f.codes.length);
  for (let i = 0; i < codes.length; i++) codes[i] = base[i] && f.codes[i]! >= 0 ? remap[f.codes[i]!]! : -1;
  return { codes, levels };
}

function rowFromMoments(
  m: TwoGroupFit,
  col: { covariate: string; level: string | null; term: string },
  arm: string,
  control: string,
) {
  const var1 = m.n1 > 1 ? m.ss1 / (m.n1 - 1) : NaN;
  const var0 = m.n0 > 1 ? m.ss0 / (m.n0 - 1) : NaN;
  const difference = m.n1 > 0 && m.n0 > 0 ? m.mean1 - m.mean0 : NaN;
  const pooled = Math.sqrt((var1 + var0) / 2);
  return {
    covariate: col.covariate,
    level: col.level,
    term: col.term,
    arm,
    control,
    nControl: m.n0,
    nTreatment: m.n1,
    missingControl: m.missing0,
    missingTreatment: m.missing1,
    meanControl: m.n0 > 0 ? m.mean0 : NaN,
    meanTreatment: m.n1 > 0 ? m.mean1 : NaN,
    sdControl: Math.sqrt(var0),
    sdTreatment: Math.sqrt(var1),
    difference,
    stdDiff: pooled > 0 ? difference / pooled : NaN,
    varianceRatio: var0 > 0 ? var1 / var0 : NaN,
  };
}

/**
 * Baseline balance table: per covariate and arm, descriptive statistics, the
 * regression-based difference with estimatr's robust SEs, standardized
 * differences, variance ratios and flags, plus joint orthogonality tests.
 * The options, the result and the entry point; the units and arms are in balance-sample.ts,
 * the rows in balance-rows.ts, the joint test in balance-joint.ts.
 */
import { seTypeFor, SE_TYPE_NAMES_WITH_VARIANCE } from "../kernel/se-types.js";
import * as z from "zod/mini";
import { toTable, type DataInput, type Table } from "../data/table.js";
import { EnsayoError } from "../errors.js";
import { named } from "../internal/boundary.js";
import { parseOptions } from "../internal/options.js";
import type { PermutableDesign as ProtocolPermutableDesign } from "../design/protocol.js";
import { AbortSignalSchema, throwIfAborted } from "../internal/abort.js";
import type { Seed } from "../internal/rng.js";
import type { CoefficientRow, SeType } from "../estimators/types.js";
import { anyMissing, expandCovariates, infiniteWarnings, type CovariateBlock } from "./covariates.js";
import { permutationSource, type PermutationSource } from "../inference/permutation-source.js";
import type { JointStatistics } from "./regressions.js";
import { armComparison, balanceSample } from "./balance-sample.js";
import { covariateRows } from "./balance-rows.js";
import { jointTestRow } from "./balance-joint.js";
import { withDisplay } from "../report/result-proto.js";

/** An assignment design that can redraw assignments (e.g. from `declareRa`): the protocol's part for permutations. */
export type PermutableDesign = ProtocolPermutableDesign;

export const BalanceTableSchema = z
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
  return named(FN, () => balanceTableCore(data, parseOptions(BalanceTableSchema, options, FN)));
}

/** {@link balanceTable}'s options once parsed (defaults filled in). */
export type BalanceTableParsed = z.output<typeof BalanceTableSchema>;

/**
 * Internal: {@link balanceTable} on options already parsed by the public function that runs it
 * (attritionReport parses the balance options it builds under its own name), without naming errors.
 */
export function balanceTableCore(data: DataInput, opts: BalanceTableParsed): BalanceTableResult {
  const table = toTable(data);
  const n = table.nRows;
  // the registry's one rule (as lmRobust): default HC2/CR2, stata without clusters is HC1
  const seType: SeType = seTypeFor(opts.seType, opts.clusters !== undefined);
  if (opts.jointTestType === "HTZ" && seType !== "CR2") {
    throw new EnsayoError("INVALID_OPTION", `\`jointTestType\` "HTZ" needs clustered CR2 standard errors; got seType '${seType}'`, {
      value: opts.jointTestType,
      hint: "Name the cluster column in `clusters` (CR2 is then the default), or use jointTestType 'F'",
    });
  }
  const threshold = { stdDiff: opts.threshold?.stdDiff ?? 0.1, pValue: opts.threshold?.pValue ?? 0.05 };

  // treatment, blocks, clusters: rows missing any of them are left out
  const sample = balanceSample(table, opts);
  const { control, arms, nDropped } = sample;
  const warnings = sample.warnings;
  const blocks = covariateBlocks(table, opts.covariates, opts.categorical);
  // ±Infinity is stored as missing when the data are read: say so, since it is rarely meant
  warnings.push(...infiniteWarnings(table, [opts.treatment, ...opts.covariates, ...(opts.blocks ? [opts.blocks] : []), ...(opts.clusters ? [opts.clusters] : [])]));
  const source = opts.design && opts.jointTest ? designSource(opts.design, n, opts) : null;
  const rowSettings = { seType, alpha: opts.alpha, threshold, treatment: opts.treatment, blocks: opts.blocks };

  const rows: BalanceRow[] = [];
  const joint: JointTestRow[] = [];
  let missingAny: Uint8Array | null = null; // any covariate missing, per row (made when a joint test needs it)
  for (const arm of arms.slice(1)) {
    const cmp = armComparison(sample, arm, opts.treatment);
    rows.push(...covariateRows(blocks, sample, cmp, rowSettings, warnings));
    if (!opts.jointTest) continue;
    missingAny ??= anyMissing(blocks, n);
    const jointSettings = { seType, testType: opts.jointTestType, missingAny, source, design: opts.design, signal: opts.signal };
    joint.push(jointTestRow(blocks, sample, cmp, jointSettings, warnings));
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

/** The covariates as balance rows: `categorical` must name covariates; text columns expand into levels. */
function covariateBlocks(table: Table, covariates: readonly string[], categoricalNames: readonly string[] | undefined): CovariateBlock[] {
  const categorical = new Set(categoricalNames ?? []);
  for (const c of categorical) {
    if (!covariates.includes(c)) {
      throw new EnsayoError("INVALID_OPTION", `\`categorical\` names '${c}', which is not in \`covariates\``, { value: c });
    }
  }
  return expandCovariates(table, [...covariates], categorical);
}

/**
 * The randomization p-value runs on riTest's machinery: the same source of assignments (exact up to
 * `permutations` assignments, else that many seeded draws) and the same extremeness rule.
 */
function designSource(design: PermutableDesign, n: number, opts: { seed?: Seed | undefined; permutations: number; signal?: AbortSignal | undefined }): PermutationSource {
  throwIfAborted(opts.signal, "before drawing the design's assignments");
  if (design.n !== undefined && design.n !== n) {
    throw new EnsayoError("INVALID_OPTION", `\`design\` draws assignments of ${design.n} units but the data have ${n} rows`, {
      hint: "Declare the design on the same units, in the same order, as the data",
    });
  }
  return permutationSource(design, { n, seed: opts.seed ?? "balanceTable", sims: opts.permutations, maxExact: opts.permutations });
}

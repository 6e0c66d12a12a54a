/**
 * Power, minimum detectable effect (MDE) and sample size of a trial in natural units:
 * individual or cluster randomization, blocks, covariates, take-up, attrition and several arms.
 */
import * as z from "zod/mini";
import { EnsayoError, invalidOption } from "../errors.js";
import { parseOptions } from "../internal/options.js";
import { alternativeSchema, canonicalAlternative, type Alternative, type AlternativeInput } from "../internal/alternative.js";
import { pnorm, ptNoncentral, qnorm, qt } from "../math/distributions.js";
import { fmt } from "./pwr-common.js";
import { brentRoot } from "./solve.js";
import { withDisplay } from "../report/result-proto.js";
import { named } from "../internal/boundary.js";

const FN = "planTrial";

/** What {@link planTrial} solves for. */
export type TrialSolveFor = "power" | "mde" | "nUnits" | "nClusters" | "clusterSize";

const share = z.number().check(z.gt(0), z.lt(1));
const rate = z.number().check(z.gt(0), z.lte(1));
const r2 = z.number().check(z.gte(0), z.lt(1));

const Schema = z
  .strictObject({
    solveFor: z.enum(["power", "mde", "nUnits", "nClusters", "clusterSize"]),
    design: z.enum(["individual", "cluster"]),
    effect: z.optional(z.number().check(z.refine((v) => v !== 0, "must not be 0"))),
    sd: z.optional(z.number().check(z.gt(0))),
    baseRate: z.optional(share),
    alpha: z._default(share, 0.05),
    power: z._default(share, 0.8),
    alternative: alternativeSchema,
    test: z._default(z.enum(["t", "z"]), "t"),
    arms: z._default(z.int().check(z.gte(2), z.lte(100)), 2),
    treatedShare: z.optional(share),
    adjust: z._default(z.enum(["bonferroni", "none"]), "bonferroni"),
    nUnits: z.optional(z.number().check(z.gt(0))),
    nClusters: z.optional(z.number().check(z.gt(0))),
    clusterSize: z.optional(z.number().check(z.gt(0))),
    clusterSizeCv: z._default(z.number().check(z.gte(0)), 0),
    icc: z.optional(z.number().check(z.gte(0), z.lt(1))),
    nBlocks: z._default(z.int().check(z.gte(1)), 1),
    r2Unit: z.optional(r2),
    r2Cluster: z.optional(r2),
    baselineCorrelation: z.optional(z.number().check(z.gt(-1), z.lt(1))),
    nCovariates: z.optional(z.int().check(z.gte(0))),
    takeUp: z._default(z.strictObject({ treatment: z._default(z.number().check(z.gte(0), z.lte(1)), 1), control: z._default(z.number().check(z.gte(0), z.lte(1)), 0) }), { treatment: 1, control: 0 }),
    responseRate: z._default(z.union([rate, z.strictObject({ treatment: z._default(rate, 1), control: z._default(rate, 1) })]), 1),
  });

/**
 * Options of {@link planTrial}. Effects and the MDE are in the outcome's units (`sd` defaults to 1,
 * so by default they are in standard deviations). Every option not marked required has the default shown.
 */
export interface PlanTrialOptions {
  /** The unknown: `"power"` (needs `effect`), `"mde"`, `"nUnits"` (individual designs), `"nClusters"` or `"clusterSize"` (cluster designs; these three need `effect`). */
  solveFor: TrialSolveFor;
  /** `"individual"` (units randomized one by one) or `"cluster"` (whole clusters randomized). */
  design: "individual" | "cluster";
  /** The effect to detect, in outcome units; with take-up below 1 it is the effect on those who take up the program (the CACE). */
  effect?: number;
  /** Outcome standard deviation (default 1). */
  sd?: number;
  /** For a binary outcome: the control group's rate p; sets `sd` = √(p(1 − p)). */
  baseRate?: number;
  /** Significance level of each test, before the multiple-comparison adjustment (default 0.05). */
  alpha?: number;
  /** Target power (default 0.8). */
  power?: number;
  /**
   * `"two-sided"` (default; R's `"two.sided"` accepted), or a one-sided test in the effect's direction:
   * `"greater"` (a positive effect) or `"less"` (a negative one). The former `"one.sided"` is refused with a hint.
   */
  alternative?: AlternativeInput;
  /** `"t"` (default; t with the design's df, as PowerUpR) or `"z"` (large-sample normal, as Stata's `power`). */
  test?: "t" | "z";
  /** Number of arms including control (default 2). */
  arms?: number;
  /** Share of units (or clusters) in each treatment arm (default 1/arms); control gets the rest. */
  treatedShare?: number;
  /** With more than 2 arms: `"bonferroni"` (default) divides alpha by the arms − 1 comparisons with control; `"none"`. */
  adjust?: "bonferroni" | "none";
  /** Individual designs: total units randomized (required unless solved for). */
  nUnits?: number;
  /** Cluster designs: total clusters J (required unless solved for). */
  nClusters?: number;
  /** Cluster designs: (mean) units per cluster m (required unless solved for). */
  clusterSize?: number;
  /** Cluster designs: coefficient of variation of cluster sizes (default 0 = equal sizes). */
  clusterSizeCv?: number;
  /** Cluster designs: intraclass correlation ρ (required). */
  icc?: number;
  /** Number of blocks with block fixed effects (default 1 = no blocking); costs nBlocks − 1 df. */
  nBlocks?: number;
  /** Share of the unit-level (within-cluster) outcome variance explained by covariates (default 0). */
  r2Unit?: number;
  /** Cluster designs: share of the between-cluster variance explained by cluster-level covariates (default 0). */
  r2Cluster?: number;
  /** ANCOVA shortcut: correlation r of baseline and endline outcome; sets `r2Unit` (and `r2Cluster`) to r² unless given. */
  baselineCorrelation?: number;
  /** Covariates that cost degrees of freedom: unit-level ones in individual designs, cluster-level in cluster designs (default 0; 1 when `baselineCorrelation` is given in an individual design). */
  nCovariates?: number;
  /** Share taking up the program in treatment and in control (default 1 and 0). */
  takeUp?: { treatment?: number; control?: number };
  /** Share of units whose outcome is measured (1 − attrition), one number or per arm (default 1). */
  responseRate?: number | { treatment?: number; control?: number };
}

/** Result of {@link planTrial}: every parameter of the design, the solved one included. */
export interface PlanTrialResult {
  readonly kind: "planTrial";
  readonly design: "individual" | "cluster";
  readonly solvedFor: TrialSolveFor;
  /** The effect given (CACE scale), or `null` when solving for the MDE. */
  readonly effect: number | null;
  /** Minimum detectable effect on those who take up the program (= `mdeItt / (takeUp.treatment − takeUp.control)`), outcome units. */
  readonly mde: number;
  /** Minimum detectable intention-to-treat effect, outcome units. */
  readonly mdeItt: number;
  /** `mde` in outcome standard deviations. */
  readonly mdeSd: number;
  /** Power: computed (noncentral t / normal) when solved for, else the target. */
  readonly power: number;
  readonly alpha: number;
  /** Alpha used for each comparison with control, after the adjustment. */
  readonly alphaPerComparison: number;
  readonly alternative: Alternative;
  readonly test: "t" | "z";
  /** Degrees of freedom of the t test (`Infinity` for `test: "z"`'s quantiles, reported as the design's df). */
  readonly df: number;
  /** The multiplier M = t_{1−α/2,df} + t_{power,df} (or z quantiles) with MDE = M·SE. */
  readonly multiplier: number;
  /** Standard error of the ITT estimate (treatment arm vs control), outcome units. */
  readonly standardError: number;
  readonly sd: number;
  /** Units randomized (for cluster designs, clusters × cluster size). */
  readonly nUnits: number;
  /** Clusters (`null` for individual designs). */
  readonly nClusters: number | null;
  readonly clusterSize: number | null;
  readonly clusterSizeCv: number | null;
  readonly icc: number | null;
  /** Design effect 1 + ((CV² + 1)m − 1)ρ (Eldridge et al. 2006), `null` for individual designs. */
  readonly designEffect: number | null;
  /** Cluster designs: the MDE (CACE scale) that no cluster size can beat with these clusters. */
  readonly mdeFloor: number | null;
  readonly arms: number;
  readonly treatedShare: number;
  readonly controlShare: number;
  readonly nBlocks: number;
  readonly r2Unit: number;
  readonly r2Cluster: number;
  readonly nCovariates: number;
  readonly takeUp: { readonly treatment: number; readonly control: number };
  readonly responseRate: { readonly treatment: number; readonly control: number };
  /** For sample-size solutions: the solved value rounded up to a whole number (`null` otherwise). */
  readonly rounded: number | null;
  readonly warnings: readonly string[];
}

/** Resolved design parameters (internal). */
export interface TrialCore {
  design: "individual" | "cluster";
  sd: number;
  alpha: number;
  alphaPer: number;
  twoSided: boolean;
  z: boolean;
  arms: number;
  P: number;
  Pc: number;
  units: number;
  clusters: number;
  m: number;
  cv: number;
  icc: number;
  blocks: number;
  r2u: number;
  r2c: number;
  g: number;
  cT: number;
  cC: number;
  rT: number;
  rC: number;
}

/** Degrees of freedom: N_resp − arms − g − (blocks − 1) (individual), J − arms − g − (blocks − 1) (cluster). */
export function trialDf(c: TrialCore): number {
  const fixed = c.arms + c.g + (c.blocks - 1);
  if (c.design === "cluster") return c.clusters - fixed;
  const resp = c.units * ((c.arms - 1) * c.P * c.rT + c.Pc * c.rC);
  return resp - fixed;
}

/** Sampling variance of the ITT estimate (one treatment arm vs control) divided by σ². */
export function trialVarianceFactor(c: TrialCore): number {
  if (c.design === "individual") {
    const nT = c.units * c.P * c.rT;
    const nC = c.units * c.Pc * c.rC;
    return (1 - c.r2u) * (1 / nT + 1 / nC);
  }
  const JT = c.clusters * c.P;
  const JC = c.clusters * c.Pc;
  const between = c.icc * (1 + c.cv * c.cv) * (1 - c.r2c) * (1 / JT + 1 / JC);
  const within = (1 - c.icc) * (1 - c.r2u) * (1 / (JT * c.m * c.rT) + 1 / (JC * c.m * c.rC));
  return between + within;
}

function critical(c: TrialCore, df: number): number {
  const a = c.twoSided ? c.alphaPer / 2 : c.alphaPer;
  return c.z ? qnorm(a, 0, 1, false) : qt(a, df, false);
}

/** Multiplier M = t_{1−α′,df} + t_{power,df} (α′ = α/2 two-sided), or the z version. */
export function trialMultiplier(c: TrialCore, power: number, df: number): number {
  return critical(c, df) + (c.z ? qnorm(power) : qt(power, df));
}

/** MDE of the ITT effect in outcome units: M·σ·√V (Bloom 1995; PowerUpR). */
export function trialMdeItt(c: TrialCore, power: number): number {
  const df = trialDf(c);
  return trialMultiplier(c, power, df) * c.sd * Math.sqrt(trialVarianceFactor(c));
}

/** Power for an effect τ on takers-up: λ = |τ|(c_T − c_C)/SE, noncentral t (or normal) with both tails when two-sided. */
export function trialPowerAt(c: TrialCore, effect: number): number {
  const df = trialDf(c);
  const se = c.sd * Math.sqrt(trialVarianceFactor(c));
  const lambda = (Math.abs(effect) * (c.cT - c.cC)) / se;
  const q = critical(c, df);
  if (c.z) return c.twoSided ? pnorm(lambda - q) + pnorm(-q - lambda) : pnorm(lambda - q);
  const upper = ptNoncentral(q, df, lambda, false);
  return c.twoSided ? upper + ptNoncentral(-q, df, lambda, true) : upper;
}

type Parsed = z.output<typeof Schema>;

/** Resolve and check the options (shared with powerCurve, whose messages name them under `at`: `plan.icc`). */
export function resolveTrial(o: Parsed, at = ""): TrialCore {
  const name = (option: string) => (at ? `${at}.${option}` : option);
  const isCluster = o.design === "cluster";
  if (o.sd !== undefined && o.baseRate !== undefined) invalidOption(name("baseRate"), "cannot be given together with `sd` (it sets sd = √(p(1 − p)))", o.baseRate);
  const sd = o.baseRate !== undefined ? Math.sqrt(o.baseRate * (1 - o.baseRate)) : (o.sd ?? 1);
  const arms = o.arms;
  const P = o.treatedShare ?? 1 / arms;
  const Pc = 1 - (arms - 1) * P;
  if (!(Pc > 1e-12)) invalidOption(name("treatedShare"), `leaves no units for control with ${arms} arms (control share = 1 − ${arms - 1}·${P} = ${fmt(Pc)})`, P);
  const alphaPer = o.adjust === "bonferroni" && arms > 2 ? o.alpha / (arms - 1) : o.alpha;
  const cT = o.takeUp.treatment;
  const cC = o.takeUp.control;
  if (!(cT > cC)) invalidOption(name("takeUp"), `must have take-up in treatment above take-up in control (got ${cT} and ${cC}); with no difference in take-up no effect can be detected`, o.takeUp);
  const rr = typeof o.responseRate === "number" ? { treatment: o.responseRate, control: o.responseRate } : o.responseRate;
  const rb = o.baselineCorrelation;
  const r2u = o.r2Unit ?? (rb !== undefined ? rb * rb : 0);
  const r2c = o.r2Cluster ?? (rb !== undefined && isCluster ? rb * rb : 0);
  const g = o.nCovariates ?? (rb !== undefined && !isCluster ? 1 : 0);
  if (isCluster) {
    if (o.nUnits !== undefined) invalidOption(name("nUnits"), "is for individual designs; a cluster design takes `nClusters` and `clusterSize`", o.nUnits);
    if (o.icc === undefined) invalidOption(name("icc"), "is required for a cluster design (the intraclass correlation, e.g. 0.05–0.2)");
    if (o.solveFor === "nUnits") invalidOption(name("solveFor"), "'nUnits' is for individual designs; solve a cluster design for 'nClusters' or 'clusterSize'", o.solveFor);
    if (o.solveFor !== "nClusters" && o.nClusters === undefined) invalidOption(name("nClusters"), "is required unless solving for it");
    if (o.solveFor !== "clusterSize" && o.clusterSize === undefined) invalidOption(name("clusterSize"), "is required unless solving for it");
  } else {
    for (const k of ["nClusters", "clusterSize", "icc", "r2Cluster"] as const) {
      if (o[k] !== undefined) invalidOption(name(k), "is for cluster designs; use `design: \"cluster\"`", o[k]);
    }
    if (o.clusterSizeCv !== 0) invalidOption(name("clusterSizeCv"), "is for cluster designs", o.clusterSizeCv);
    if (o.solveFor === "nClusters" || o.solveFor === "clusterSize") invalidOption(name("solveFor"), `'${o.solveFor}' is for cluster designs; solve an individual design for 'nUnits'`, o.solveFor);
    if (o.solveFor !== "nUnits" && o.nUnits === undefined) invalidOption(name("nUnits"), "is required unless solving for it (total units randomized)");
  }
  const needsEffect = o.solveFor !== "mde";
  if (needsEffect && o.effect === undefined) invalidOption(name("effect"), `is required when solving for '${o.solveFor}' (the effect to detect, in outcome units)`);
  if (!needsEffect && o.effect !== undefined) invalidOption(name("effect"), "is not used when solving for the MDE; leave it out", o.effect);
  return {
    design: o.design,
    sd,
    alpha: o.alpha,
    alphaPer,
    twoSided: canonicalAlternative(o.alternative) === "two-sided",
    z: o.test === "z",
    arms,
    P,
    Pc,
    units: o.nUnits ?? NaN,
    clusters: o.nClusters ?? NaN,
    m: o.clusterSize ?? NaN,
    cv: o.clusterSizeCv,
    icc: o.icc ?? 0,
    blocks: o.nBlocks,
    r2u,
    r2c,
    g,
    cT,
    cC,
    rT: rr.treatment,
    rC: rr.control,
  };
}

/**
 * Parse and resolve planTrial-shaped options for the public function `fn` (planTrial, powerCurve), which names option
 * errors as parseOptions does; `at` is where the options sit in `fn`'s own options (powerCurve's `plan`), so that
 * messages name `plan.sd` rather than `sd`.
 */
export function parsePlan(options: unknown, fn: string, at = ""): { core: TrialCore; parsed: Parsed } {
  const alternative = options !== null && typeof options === "object" ? (options as { alternative?: unknown }).alternative : undefined;
  const option = (name: string) => (at ? `${at}.${name}` : name);
  if (alternative === "one.sided") {
    throw new EnsayoError("INVALID_OPTION", `\`${option("alternative")}\` "one.sided" is spelt by its direction now: "greater" (a positive effect) or "less" (a negative one)`, {
      column: option("alternative"),
      value: alternative,
      hint: 'Write alternative: "greater" or "less" (both give the same power, MDE and sample size for an effect of that sign)',
    });
  }
  const parsed = at ? parseOptions(z.strictObject({ [at]: Schema }), { [at]: options }, fn)[at]! : parseOptions(Schema, options, fn);
  return { core: resolveTrial(parsed, at), parsed };
}

function dfFixed(c: TrialCore): number {
  return c.arms + c.g + (c.blocks - 1);
}

function infeasible(c: TrialCore, df: number): never {
  const what = c.design === "cluster" ? `J = ${fmt(c.clusters)} clusters` : `${fmt(c.units)} units`;
  throw new EnsayoError(
    "INFEASIBLE_DESIGN",
    `the design has ${fmt(df)} degrees of freedom (${what} − ${c.arms} arms − ${c.g} covariates − ${c.blocks - 1} block effects); it needs at least 1`,
    { value: df, hint: c.design === "cluster" ? "Add clusters, or use fewer cluster-level covariates or blocks" : "Add units, or use fewer covariates or blocks" },
  );
}

/** Floor of the MDE (CACE scale) as cluster size grows without bound. */
export function trialMdeFloor(c: TrialCore, power: number): number {
  const JT = c.clusters * c.P;
  const JC = c.clusters * c.Pc;
  const v = c.icc * (1 + c.cv * c.cv) * (1 - c.r2c) * (1 / JT + 1 / JC);
  return (trialMultiplier(c, power, trialDf(c)) * c.sd * Math.sqrt(v)) / (c.cT - c.cC);
}

/**
 * Power, minimum detectable effect or sample size of a randomized trial, solving for `solveFor` given the rest.
 *
 * With σ the outcome SD, P_T and P_C the shares in a treatment arm and in control, r_T, r_C the
 * response rates (1 − attrition), R²₁ / R²₂ the variance shares explained by covariates at unit / cluster
 * level, the variance of the ITT estimate (one arm vs control) is
 * - individual: Var/σ² = (1 − R²₁)·(1/(N·P_T·r_T) + 1/(N·P_C·r_C)), df = N_resp − arms − g − (B − 1)
 *   (PowerUpR `ira1r1`: df = n − g − 2; block fixed effects as `bira2c1`);
 * - cluster: Var/σ² = ρ(1 + CV²)(1 − R²₂)(1/J_T + 1/J_C) + (1 − ρ)(1 − R²₁)(1/(J_T·m·r_T) + 1/(J_C·m·r_C)),
 *   df = J − arms − g − (B − 1) (PowerUpR `cra2r2`: df = J − g − 2); with equal sizes and no attrition this is
 *   [ρ(1 − R²₂) + (1 − ρ)(1 − R²₁)/m] / (P(1 − P)J). CV is the coefficient of variation of cluster sizes:
 *   the between-cluster term grows by (1 + CV²), i.e. the design effect 1 + ((CV² + 1)m̄ − 1)ρ of Eldridge et al. (2006).
 *
 * Then MDE_ITT = M·σ·√Var with M = t_{1−α′/2,df} + t_{power,df} (Bloom 1995; Dong & Maynard 2013), and the MDE on
 * those who take up (CACE) is MDE_ITT/(c_T − c_C) (take-up c_T in treatment, c_C in control; Djimeu & Houndolo 2016;
 * McKenzie's "inverse-square rule"). Power for an effect τ is 1 − T_{df,λ}(q) + T_{df,λ}(−q), λ = τ(c_T − c_C)/SE,
 * q = t_{1−α′/2,df} (noncentral t, both tails, as PowerUpR `power.cra2r2`). With k arms and `adjust: "bonferroni"`,
 * α′ = α/(k − 1). `test: "z"` uses normal quantiles instead (Stata `power`). Sample sizes (`nUnits`, `nClusters`,
 * `clusterSize`) solve MDE(n) = effect to full precision (Brent), PowerUpR `mrss` style; `rounded` rounds up.
 * `baselineCorrelation` r gives the ANCOVA shortcut R² = r².
 *
 * @see Bloom, H. S. (1995). Minimum detectable effects. Evaluation Review 19(5).
 * @see Dong, N. & Maynard, R. (2013). PowerUp!. J. of Research on Educational Effectiveness 6(1) (R package PowerUpR).
 * @see Eldridge, Ashby & Kerry (2006). Sample size for cluster randomized trials: effect of coefficient of variation of cluster size. Int. J. Epidemiology 35(5).
 * @see Djimeu, E. W. & Houndolo, D.-G. (2016). Power calculation for causal inference in social science. 3ie Working Paper 26.
 * @throws `INVALID_OPTION` for out-of-range or conflicting options (a missing `effect`, `icc`, take-up not higher in treatment, …).
 * @throws `INFEASIBLE_DESIGN` when the design has fewer than 1 degree of freedom.
 * @throws `UNSOLVABLE` when the goal cannot be met, with the reason in numbers (e.g. the MDE floor of too few clusters).
 * @example
 * ```ts
 * planTrial({ solveFor: "mde", design: "cluster", nClusters: 20, clusterSize: 4, icc: 0.2 }).mde;
 * // 0.8380547  (PowerUpR mdes.cra2r2(rho2 = .2, n = 4, J = 20))
 * planTrial({ solveFor: "power", design: "cluster", nClusters: 20, clusterSize: 4, icc: 0.2, effect: 0.5 }).power;
 * // 0.387427   (PowerUpR power.cra2r2(es = .5, rho2 = .2, n = 4, J = 20))
 * ```
 */
export function planTrial(options: PlanTrialOptions): PlanTrialResult {
  return named(FN, () => planTrialCore(options));
}

/** {@link planTrial} without the function name on its errors. */
function planTrialCore(options: PlanTrialOptions): PlanTrialResult {
  const { core: c0, parsed: o } = parsePlan(options, FN);
  if (o.solveFor === "power" && (options as { power?: unknown }).power !== undefined) {
    invalidOption("power", "is the unknown when `solveFor` is 'power'; leave it out", (options as { power?: unknown }).power);
  }
  const c = { ...c0 };
  const target = o.power;
  const warnings: string[] = [];
  let rounded: number | null = null;
  const effect = o.effect ?? null;
  const alternative = canonicalAlternative(o.alternative);
  if (effect !== null && ((alternative === "greater" && effect < 0) || (alternative === "less" && effect > 0))) {
    invalidOption("effect", `must be ${alternative === "greater" ? "positive" : "negative"} with \`alternative: "${alternative}"\` (the one-sided test looks for an effect in that direction)`, effect);
  }
  const absEffect = effect === null ? NaN : Math.abs(effect);
  const mdeCace = (cc: TrialCore): number => trialMdeItt(cc, target) / (cc.cT - cc.cC);

  if (o.solveFor === "nUnits") {
    const nMin = minimumForDf(c, "units");
    c.units = solveSize(c, "units", nMin, 1e9, mdeCace, absEffect, warnings);
    rounded = Math.ceil(c.units - 1e-9);
  } else if (o.solveFor === "nClusters") {
    const jMin = minimumForDf(c, "clusters");
    c.clusters = solveSize(c, "clusters", jMin, 1e7, mdeCace, absEffect, warnings);
    rounded = Math.ceil(c.clusters - 1e-9);
  } else if (o.solveFor === "clusterSize") {
    const df = trialDf(c);
    if (!(df >= 1)) infeasible(c, df);
    const floor = trialMdeFloor(c, target);
    if (!(absEffect > floor * (1 + 1e-9))) {
      const perArm = c.P === c.Pc ? `${fmt(c.clusters * c.P)} clusters per arm` : `${fmt(c.clusters * c.P)} treated and ${fmt(c.clusters * c.Pc)} control clusters`;
      const cov = c.r2c > 0 ? ` and cluster-level R² ${fmt(c.r2c)}` : "";
      throw new EnsayoError(
        "UNSOLVABLE",
        `with ${perArm} and ICC ${fmt(c.icc)}${cov} the MDE cannot go below ${fmt(floor / c.sd)} SD (${fmt(floor)} in outcome units) however large the clusters, ` +
          `so the effect ${fmt(absEffect)} cannot be detected with power ${fmt(target)}`,
        { value: absEffect, hint: "Add clusters (solveFor: 'nClusters'), explain between-cluster variance with cluster-level covariates (`r2Cluster`), or target a larger effect" },
      );
    }
    c.m = solveSize(c, "clusterSize", 1, 1e9, mdeCace, absEffect, warnings);
    rounded = Math.ceil(c.m - 1e-9);
  }
  const df = trialDf(c);
  if (!(df >= 1)) infeasible(c, df);
  const V = trialVarianceFactor(c);
  const se = c.sd * Math.sqrt(V);
  const M = trialMultiplier(c, target, df);
  const mdeItt = M * se;
  const mde = mdeItt / (c.cT - c.cC);
  if (!(M > 0)) {
    throw new EnsayoError("UNSOLVABLE", `target power ${fmt(target)} is not above the one-tail significance level ${fmt(c.twoSided ? c.alphaPer / 2 : c.alphaPer)}: the multiplier M = ${fmt(M)} is not positive, so no MDE exists`, { value: target });
  }
  const power = o.solveFor === "power" ? trialPowerAt(c, absEffect) : target;
  const isCluster = c.design === "cluster";
  return withDisplay({
    kind: "planTrial",
    design: c.design,
    solvedFor: o.solveFor,
    effect,
    mde,
    mdeItt,
    mdeSd: mde / c.sd,
    power,
    alpha: c.alpha,
    alphaPerComparison: c.alphaPer,
    alternative,
    test: c.z ? "z" : "t",
    df,
    multiplier: M,
    standardError: se,
    sd: c.sd,
    nUnits: isCluster ? c.clusters * c.m : c.units,
    nClusters: isCluster ? c.clusters : null,
    clusterSize: isCluster ? c.m : null,
    clusterSizeCv: isCluster ? c.cv : null,
    icc: isCluster ? c.icc : null,
    designEffect: isCluster ? 1 + ((c.cv * c.cv + 1) * c.m - 1) * c.icc : null,
    mdeFloor: isCluster ? trialMdeFloor(c, target) : null,
    arms: c.arms,
    treatedShare: c.P,
    controlShare: c.Pc,
    nBlocks: c.blocks,
    r2Unit: c.r2u,
    r2Cluster: c.r2c,
    nCovariates: c.g,
    takeUp: { treatment: c.cT, control: c.cC },
    responseRate: { treatment: c.rT, control: c.rC },
    rounded,
    warnings,
  });
}

/** Smallest units / clusters giving df ≥ 1 (and at least one unit or cluster per arm). */
function minimumForDf(c: TrialCore, which: "units" | "clusters"): number {
  const need = dfFixed(c) + 1;
  if (which === "clusters") return Math.max(need, 1 / Math.min(c.P, c.Pc));
  const respShare = (c.arms - 1) * c.P * c.rT + c.Pc * c.rC;
  return Math.max(need / respShare, 2 / Math.min(c.P * c.rT, c.Pc * c.rC));
}

function solveSize(
  c: TrialCore,
  key: "units" | "clusters" | "clusterSize",
  lo: number,
  hi: number,
  mdeAt: (cc: TrialCore) => number,
  effect: number,
  warnings: string[],
): number {
  const field = key === "units" ? "units" : key === "clusters" ? "clusters" : "m";
  const f = (x: number): number => {
    const cc = { ...c, [field]: x };
    return mdeAt(cc) - effect;
  };
  const fLo = f(lo);
  if (fLo <= 0) {
    warnings.push(`the smallest feasible ${key} (${fmt(lo)}) already detects the effect ${fmt(effect)} (MDE ${fmt(fLo + effect)})`);
    return lo;
  }
  const fHi = f(hi);
  if (!(fHi < 0)) {
    throw new EnsayoError(
      "UNSOLVABLE",
      `even ${fmt(hi)} ${key} give an MDE of ${fmt(fHi + effect)}, above the effect ${fmt(effect)}`,
      { value: effect, hint: "Target a larger effect or a lower power" },
    );
  }
  return brentRoot(f, lo, hi).root;
}

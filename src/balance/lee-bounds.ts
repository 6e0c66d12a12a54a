/**
 * Lee (2009) bounds on a treatment effect when attrition differs by arm.
 */
import * as z from "zod/mini";
import { toTable, type DataInput } from "../data/table.js";
import { numericColumn } from "../data/columns.js";
import { EnsayoError, showValue } from "../errors.js";
import { codeColumn } from "./covariates.js";
import { parseOptions } from "../internal/options.js";
import { pnorm, qnorm } from "../math/distributions.js";
import { withDisplay } from "../report/result-proto.js";
import { named } from "../internal/boundary.js";

const LeeBoundsSchema = z
  .strictObject({
    /** Outcome column; missing for non-responders. */
    outcome: z.string().check(z.minLength(1)),
    /** Arm column with exactly two arms. */
    treatment: z.string().check(z.minLength(1)),
    /** Optional 0/1 response column; default: response = outcome observed. */
    responded: z.optional(z.string().check(z.minLength(1))),
    /** The control arm; default the first arm in R's sorted order. */
    control: z.optional(z.union([z.string(), z.number()])),
    /** 1 − confidence level of the intervals. Default 0.05. */
    alpha: z._default(z.number().check(z.gt(0), z.lt(1)), 0.05),
  });

/** Options of {@link leeBounds}. */
export type LeeBoundsOptions = z.input<typeof LeeBoundsSchema>;

/** One bound with its standard error (a row for `formatTable`). */
export interface LeeBoundRow {
  readonly bound: "lower" | "upper";
  readonly estimate: number;
  readonly stdError: number;
}

/** Result of {@link leeBounds}. */
export interface LeeBoundsResult {
  readonly kind: "leeBounds";
  readonly outcome: string;
  readonly treatment: string;
  readonly control: string;
  /** The treated arm. */
  readonly arm: string;
  /** Units per arm (all, responders or not). */
  readonly nControl: number;
  readonly nTreatment: number;
  /** Rows left out because the treatment was missing (counted, never silently dropped). */
  readonly nDropped: number;
  /** Responders per arm. */
  readonly respondedControl: number;
  readonly respondedTreatment: number;
  /** Response rates q_C, q_T. */
  readonly responseRateControl: number;
  readonly responseRateTreatment: number;
  /** The arm whose responders are trimmed (the one with the higher response rate). */
  readonly trimmedArm: string;
  /** Trimming share p = (q_more − q_less) / q_more. */
  readonly trimmingShare: number;
  readonly lowerBound: number;
  readonly upperBound: number;
  readonly lowerStdError: number;
  readonly upperStdError: number;
  /** Imbens–Manski (2004) interval that covers the effect with probability 1 − alpha (Stata `leebounds, cieffect`). */
  readonly ciEffect: readonly [number, number];
  /** Interval that covers the whole identified set with probability ≥ 1 − alpha: [LB − z·se_LB, UB + z·se_UB], z = Φ⁻¹(1 − alpha/2). */
  readonly ciSet: readonly [number, number];
  readonly alpha: number;
  readonly rows: readonly LeeBoundRow[];
  readonly warnings: readonly string[];
}

const FN = "leeBounds";

/**
 * Sharp bounds on the average treatment effect among always-responders when the
 * response (follow-up) rate differs by arm (Lee 2009), with analytic standard errors.
 *
 * Let q_T, q_C be the response rates, and the arm with the higher rate be the trimmed arm
 * (m responders). Trimming share p = (q_more − q_less)/q_more. Keep a mass K = (1 − p)·m of
 * that arm's sorted outcomes from the bottom (mean μ_lo) or from the top (mean μ_hi); a
 * boundary observation gets fractional weight, so exactly a share p is trimmed even with
 * ties or when p·m is not whole. With the treated arm trimmed, LB = μ_lo − ȳ_C and
 * UB = μ_hi − ȳ_C; with the control arm trimmed, LB = ȳ_T − μ_hi and UB = ȳ_T − μ_lo.
 *
 * Standard errors (Lee 2009, Proposition 3), for the trimmed mean μ with cut point y*
 * (the boundary outcome: the largest kept for μ_lo, the smallest kept for μ_hi), trimmed-arm
 * variance σ²_μ of the kept outcomes, and the other arm's responders (r_o, variance σ²_o):
 *
 *   Var(bound) = [σ²_μ + p·(y* − μ)²] / ((1 − p)·m)
 *              + ((y* − μ)/(1 − p))² · V_p
 *              + σ²_o / r_o,
 *   V_p = (1 − p)² · [(1 − q_t)/(q_t·n_t) + (1 − q_o)/(q_o·n_o)],
 *
 * where n_t, n_o are all units in the trimmed and other arm. Moments are plug-in
 * (divisor = kept mass, or r_o). Inference is normal. `ciEffect` is the Imbens–Manski (2004)
 * interval [LB − c·se_LB, UB + c·se_UB] with Φ(c + (UB − LB)/max(se)) − Φ(−c) = 1 − alpha;
 * `ciSet` uses c = Φ⁻¹(1 − alpha/2).
 *
 * Units are treated as independent: with cluster-level attrition, bootstrap by cluster instead.
 *
 * @see Lee, D. S. (2009), Training, wages, and sample selection, Review of Economic Studies 76(3).
 * @see Imbens, G. and Manski, C. (2004), Confidence intervals for partially identified parameters, Econometrica 72(6).
 * @param data - every randomized unit; the outcome is missing (or `responded` is 0) for non-responders.
 * @throws EnsayoError `INVALID_OPTION`, `MISSING_COLUMN`, `NOT_NUMERIC`, `ONE_ARM`, `CONDITION_NOT_FOUND`,
 * `INVALID_DATA` (more than two arms, or `responded` not 0/1), `NOT_ESTIMABLE` (an arm with fewer than 2 responders).
 * @example
 * ```ts
 * // treated: 10 units, all respond, y = 1…10; control: 10 units, 8 respond, y = 2…9
 * const lb = leeBounds({ y: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 2, 3, 4, 5, 6, 7, 8, 9, null, null],
 *   z: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] }, { outcome: "y", treatment: "z" });
 * lb.trimmingShare; // 0.2
 * [lb.lowerBound, lb.upperBound]; // [-1, 1]
 * lb.lowerStdError; // 1.387 (= √1.925)
 * ```
 */
export function leeBounds(data: DataInput, options: LeeBoundsOptions): LeeBoundsResult {
  return named("leeBounds", () => leeBoundsCore(data, options));
}

/** {@link leeBounds} without the function name on its errors (attritionReport runs it under its own name). */
export function leeBoundsCore(data: DataInput, options: LeeBoundsOptions): LeeBoundsResult {
  const opts = parseOptions(LeeBoundsSchema, options, FN);
  const table = toTable(data);
  const y = numericColumn(table, opts.outcome, "outcome");
  const f = codeColumn(table, opts.treatment, "treatment");
  const s = opts.responded ? numericColumn(table, opts.responded, "responded") : null;
  const { control, ctl, arm } = twoArms(f, opts.treatment, opts.control, table.nRows);
  const warnings: string[] = [];
  const { obs, all, dropped, nDropped } = responders(y, f.codes, ctl, s, opts.responded);
  if (nDropped > 0) warnings.push(`${nDropped} unit(s) with a missing treatment were left out`);
  if (dropped > 0) warnings.push(`${dropped} responder(s) with a missing outcome were counted as non-responders`);
  for (const g of [0, 1]) {
    if (obs[g as 0 | 1].length < 2) {
      throw new EnsayoError("NOT_ESTIMABLE", `arm '${g === 0 ? control : arm}' has ${obs[g as 0 | 1].length} responder(s); Lee bounds need at least 2 per arm`, {
        column: opts.outcome,
      });
    }
  }
  const qC = obs[0].length / all[0]!;
  const qT = obs[1].length / all[1]!;
  const { trimT, p, lowerBound, upperBound, lowerStdError, upperStdError } = trimmedBounds(obs, all, qC, qT);
  const z = qnorm(1 - opts.alpha / 2);
  const c = imbensManskiCritical(upperBound - lowerBound, Math.max(lowerStdError, upperStdError), opts.alpha);
  if (p === 0) warnings.push("response rates are equal in both arms: nothing is trimmed and the bounds coincide");
  return withDisplay({
    kind: "leeBounds",
    outcome: opts.outcome,
    treatment: opts.treatment,
    control,
    arm,
    nControl: all[0]!,
    nTreatment: all[1]!,
    nDropped,
    respondedControl: obs[0].length,
    respondedTreatment: obs[1].length,
    responseRateControl: qC,
    responseRateTreatment: qT,
    trimmedArm: trimT ? arm : control,
    trimmingShare: p,
    lowerBound,
    upperBound,
    lowerStdError,
    upperStdError,
    ciEffect: [lowerBound - c * lowerStdError, upperBound + c * upperStdError],
    ciSet: [lowerBound - z * lowerStdError, upperBound + z * upperStdError],
    alpha: opts.alpha,
    rows: [
      { bound: "lower", estimate: lowerBound, stdError: lowerStdError },
      { bound: "upper", estimate: upperBound, stdError: upperStdError },
    ],
    warnings,
  });
}

/**
 * The control and the one treated arm.
 *
 * @throws EnsayoError `ONE_ARM`, `CONDITION_NOT_FOUND`, `INVALID_DATA` (more than two arms).
 */
function twoArms(f: { codes: Int32Array; levels: readonly string[] }, treatment: string, given: string | number | undefined, nRows: number): { control: string; ctl: number; arm: string } {
  if (f.levels.length < 2) {
    const what = f.levels.length === 0 ? `has no value (${nRows} rows)` : `takes a single value (${showValue(f.levels[0])})`;
    throw new EnsayoError("ONE_ARM", `treatment '${treatment}' ${what}; Lee bounds compare two arms`, {
      column: treatment,
      hint: "Check that the data hold both treated and control units",
    });
  }
  const control = given === undefined ? f.levels[0]! : String(given);
  const ctl = f.levels.indexOf(control);
  if (ctl < 0) {
    throw new EnsayoError("CONDITION_NOT_FOUND", `\`control\` ${showValue(given)} is not a value of treatment '${treatment}'`, {
      column: treatment,
      hint: `The values are: ${f.levels.join(", ")}`,
    });
  }
  if (f.levels.length > 2) {
    throw new EnsayoError("INVALID_DATA", `treatment '${treatment}' has ${f.levels.length} arms (${f.levels.join(", ")}); Lee bounds compare two`, {
      column: treatment,
      hint: "Keep only the control arm and one treated arm, e.g. filter the rows first",
    });
  }
  return { control, ctl, arm: f.levels[1 - ctl]! };
}

/**
 * The responders' outcomes per arm (`[control, treatment]`) and the units per arm. A responder is a unit
 * with `responded` = 1 (or, without that column, an observed outcome); a responder whose outcome is
 * missing counts as a non-responder.
 *
 * @throws EnsayoError `INVALID_DATA` when `responded` is not 0/1.
 */
function responders(y: Float64Array, codes: Int32Array, ctl: number, s: Float64Array | null, respondedName: string | undefined) {
  const obs: [number[], number[]] = [[], []]; // [control, treatment]
  const all = [0, 0];
  let dropped = 0;
  let nDropped = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c < 0) {
      nDropped++;
      continue;
    }
    const g = c === ctl ? 0 : 1;
    all[g]!++;
    let responded: boolean;
    if (s) {
      const v = s[i]!;
      if (v !== 0 && v !== 1) {
        throw new EnsayoError("INVALID_DATA", `\`responded\` column '${respondedName}' must be 0 or 1, but row ${i + 1} holds ${showValue(v)}`, {
          column: respondedName!,
          line: i + 1,
          value: v,
        });
      }
      responded = v === 1;
      if (responded && Number.isNaN(y[i]!)) {
        responded = false;
        dropped++;
      }
    } else responded = !Number.isNaN(y[i]!);
    if (responded) obs[g].push(y[i]!);
  }
  return { obs, all, dropped, nDropped };
}

/**
 * Lee's bounds and their standard errors: the arm with the higher response rate is trimmed by
 * p = (q_trim − q_other) / q_trim from the top (lower bound) or the bottom (upper bound).
 */
function trimmedBounds(obs: readonly [number[], number[]], all: readonly number[], qC: number, qT: number) {
  const trimT = qT >= qC; // trim the arm with the higher response rate
  const t = trimT ? 1 : 0;
  const o = 1 - t;
  const qt = trimT ? qT : qC;
  const qo = trimT ? qC : qT;
  const p = (qt - qo) / qt;
  const sorted = Float64Array.from(obs[t as 0 | 1]).sort();
  const m = sorted.length;
  const K = (1 - p) * m;
  const low = trimmedMoments(sorted, K, false);
  const high = trimmedMoments(sorted, K, true);
  const other = obs[o as 0 | 1];
  let meanO = 0;
  for (const v of other) meanO += v;
  meanO /= other.length;
  let varO = 0;
  for (const v of other) varO += (v - meanO) * (v - meanO);
  varO /= other.length;
  const vp = (1 - p) * (1 - p) * ((1 - qt) / (qt * all[t]!) + (1 - qo) / (qo * all[o]!));
  const varTrim = (mom: { mean: number; variance: number; cut: number }) => {
    const d = mom.cut - mom.mean;
    return (mom.variance + p * d * d) / ((1 - p) * m) + (d / (1 - p)) * (d / (1 - p)) * vp;
  };
  const varLow = varTrim(low) + varO / other.length;
  const varHigh = varTrim(high) + varO / other.length;
  if (trimT) return { trimT, p, lowerBound: low.mean - meanO, upperBound: high.mean - meanO, lowerStdError: Math.sqrt(varLow), upperStdError: Math.sqrt(varHigh) };
  return { trimT, p, lowerBound: meanO - high.mean, upperBound: meanO - low.mean, lowerStdError: Math.sqrt(varHigh), upperStdError: Math.sqrt(varLow) };
}

/**
 * Mean, plug-in variance and cut point of the sorted values keeping mass K from the
 * bottom (`fromTop` false) or the top, with fractional weight on the boundary value.
 */
export function trimmedMoments(sorted: Float64Array, K: number, fromTop: boolean): { mean: number; variance: number; cut: number } {
  const m = sorted.length;
  const whole = Math.floor(K + 1e-9);
  const frac = K - whole > 1e-9 ? K - whole : 0;
  const at = (j: number) => (fromTop ? sorted[m - 1 - j]! : sorted[j]!);
  let sum = 0;
  for (let j = 0; j < whole; j++) sum += at(j);
  if (frac > 0) sum += frac * at(whole);
  const mean = sum / K;
  let ss = 0;
  for (let j = 0; j < whole; j++) ss += (at(j) - mean) * (at(j) - mean);
  if (frac > 0) ss += frac * (at(whole) - mean) * (at(whole) - mean);
  const cut = frac > 0 ? at(whole) : at(Math.max(whole - 1, 0));
  return { mean, variance: ss / K, cut };
}

/** Imbens–Manski critical value: Φ(c + Δ/σ) − Φ(−c) = 1 − α, c ∈ [z_{1−α}, z_{1−α/2}], by bisection. */
export function imbensManskiCritical(width: number, sigma: number, alpha: number): number {
  const hi0 = qnorm(1 - alpha / 2);
  if (!(sigma > 0) || !Number.isFinite(width)) return hi0;
  const r = Math.max(width, 0) / sigma;
  const g = (c: number) => pnorm(c + r) - pnorm(-c) - (1 - alpha);
  let lo = qnorm(1 - alpha) - 1e-9;
  let hi = hi0 + 1e-9;
  if (g(lo) >= 0) return lo;
  for (let k = 0; k < 200 && hi - lo > 1e-13; k++) {
    const mid = (lo + hi) / 2;
    if (g(mid) >= 0) hi = mid;
    else lo = mid;
  }
  return (lo + hi) / 2;
}

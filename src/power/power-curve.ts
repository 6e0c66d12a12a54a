/**
 * Power curves: power of a trial design across effect sizes or sample sizes, as tidy rows.
 */
import * as z from "zod/mini";
import { invalidOption } from "../errors.js";
import { parseOptions } from "../internal/options.js";
import { parsePlan, trialDf, trialPowerAt, type PlanTrialOptions } from "./plan-trial.js";
import { withDisplay } from "../report/result-proto.js";
import { named } from "../internal/boundary.js";

const FN = "powerCurve";

/** What a power curve varies along its x axis. */
export type PowerCurveVary = "effect" | "nUnits" | "nClusters" | "clusterSize";

/** Options of {@link powerCurve}. */
export interface PowerCurveOptions {
  /** The design, as {@link planTrial}'s options without `solveFor` (the varied quantity may be left out). */
  plan: Omit<PlanTrialOptions, "solveFor">;
  /** The quantity on the x axis. */
  vary: PowerCurveVary;
  /** Explicit x values; otherwise `points` values evenly spaced from `from` to `to`. */
  values?: readonly number[];
  from?: number;
  to?: number;
  /** Number of evenly spaced values (default 41). */
  points?: number;
  /** A label for this curve (legend text in {@link powerCurveSvg}). */
  label?: string;
}

/** One point of a power curve. */
export interface PowerCurveRow {
  /** The varied quantity's value. */
  readonly x: number;
  /** Power at that value. */
  readonly power: number;
}

/** Result of {@link powerCurve}. */
export interface PowerCurveResult {
  readonly kind: "powerCurve";
  /** What `x` is. */
  readonly vary: PowerCurveVary;
  readonly label: string | null;
  /** The significance level used (per comparison). */
  readonly alpha: number;
  readonly rows: readonly PowerCurveRow[];
}

const Schema = z.strictObject({
  plan: z.record(z.string(), z.unknown()),
  vary: z.enum(["effect", "nUnits", "nClusters", "clusterSize"]),
  values: z.optional(z.array(z.number().check(z.gt(0))).check(z.minLength(1))),
  from: z.optional(z.number().check(z.gt(0))),
  to: z.optional(z.number().check(z.gt(0))),
  points: z._default(z.int().check(z.gte(2), z.lte(10000)), 41),
  label: z.optional(z.string()),
});

/**
 * Power of a trial design at a range of effects or sample sizes, as rows `{ x, power }` for tables and plots.
 *
 * Each row is `planTrial({ ...plan, [vary]: x, solveFor: "power" }).power`: the noncentral-t power
 * 1 − T_{df,λ}(q) + T_{df,λ}(−q) with λ = x·(c_T − c_C)/SE (see {@link planTrial} for SE and df).
 * Sizes that leave fewer than 1 degree of freedom give power `NaN`.
 *
 * @see Bloom (1995); Dong & Maynard (2013).
 * @throws `INVALID_OPTION` when neither `values` nor `from`/`to` is given, or the plan is invalid.
 * @example
 * ```ts
 * const curve = powerCurve({
 *   plan: { design: "cluster", nClusters: 48, clusterSize: 10, icc: 0.1 },
 *   vary: "effect", from: 0.05, to: 0.6, points: 12,
 * });
 * curve.rows[0]; // { x: 0.05, power: 0.0708… }
 * ```
 */
export function powerCurve(options: PowerCurveOptions): PowerCurveResult {
  return named(FN, () => powerCurveCore(options));
}

/** {@link powerCurve} without the function name on its errors. */
function powerCurveCore(options: PowerCurveOptions): PowerCurveResult {
  const o = parseOptions(Schema, options, FN);
  let xs: number[];
  if (o.values) xs = [...o.values];
  else {
    if (o.from === undefined || o.to === undefined) invalidOption("values", "or both `from` and `to` are required to place the curve's points");
    if (!(o.to > o.from)) invalidOption("to", `must be greater than \`from\` (${o.from})`, o.to);
    xs = Array.from({ length: o.points }, (_, i) => o.from! + ((o.to! - o.from!) * i) / (o.points - 1));
  }
  // Validate the plan once, with a placeholder for the varied quantity.
  const first = { ...o.plan, solveFor: "power", [o.vary]: xs[0] };
  const { core } = parsePlan(first, FN, "plan");
  const field = o.vary === "clusterSize" ? "m" : o.vary === "nUnits" ? "units" : "clusters";
  const rows: PowerCurveRow[] = xs.map((x) => {
    if (o.vary === "effect") return { x, power: trialPowerAt(core, x) };
    const c = { ...core, [field]: x };
    const df = trialDf(c);
    return { x, power: df >= 1 ? trialPowerAt(c, (o.plan as { effect: number }).effect) : NaN };
  });
  return withDisplay({ kind: "powerCurve", vary: o.vary, label: o.label ?? null, alpha: core.alphaPer, rows });
}

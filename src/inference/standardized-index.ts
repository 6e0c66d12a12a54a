/**
 * `standardizedIndex`: one summary outcome from several, Kling–Liebman–Katz (equal weights) or
 * Anderson (inverse-covariance weights), returned as a new column of the data.
 */
import * as z from "zod/mini";
import { EnsayoError, showValue } from "../errors.js";
import { toTable, buildTable, nullRecord, type DataInput, type Table } from "../data/table.js";
import { getColumn, numericColumn } from "../data/columns.js";
import { parseOptions } from "../internal/options.js";
import { andersonWeights, controlMoments, weightedRowMeans } from "./index-components.js";
import { withDisplay } from "../report/result-proto.js";
import { named } from "../internal/boundary.js";

const FN = "standardizedIndex";
const conditionSchema = z.union([z.string(), z.number(), z.boolean()]);

const StandardizedIndexSchema = z.strictObject({
  /** Numeric outcome columns to combine (at least one). */
  outcomes: z.readonly(z.array(z.string().check(z.minLength(1))).check(z.minLength(1))),
  /** Treatment column; its `control` rows give each outcome's mean and SD. */
  treatment: z.string().check(z.minLength(1)),
  /** `"klk"` (equal weights) or `"anderson"` (inverse-covariance weights). */
  method: z.enum(["klk", "anderson"]),
  /** The control condition. Default: the first of two conditions in sorted order; required with three or more. */
  control: z.optional(conditionSchema),
  /** +1 or −1 per outcome (array in `outcomes` order, or by name), so that larger is better for all. Default +1. */
  signs: z.optional(z.union([z.readonly(z.array(z.number())), z.record(z.string(), z.number())])),
  /** Name of the new column. Default `"index"`. */
  name: z._default(z.string().check(z.minLength(1)), "index"),
  /** `"available"` (default): average the outcomes a unit has; `"complete"`: missing unless it has all. */
  missing: z._default(z.enum(["available", "complete"]), "available"),
  /** Anderson only: units whose complete outcomes give Σ, `"all"` (default) or `"control"`. */
  covarianceSample: z._default(z.enum(["all", "control"]), "all"),
  /** Re-standardize the index by its control mean and SD (effects then read in control SDs). Default false. */
  restandardize: z._default(z.boolean(), false),
});

/** Options of {@link standardizedIndex}. */
export type StandardizedIndexOptions = z.input<typeof StandardizedIndexSchema>;

/** One outcome's part in the index. */
export interface IndexComponent {
  readonly outcome: string;
  readonly sign: number;
  /** Control-group mean and SD (n − 1 denominator) over control rows where the outcome is present. */
  readonly controlMean: number;
  readonly controlSd: number;
  /** Weight in the index, normalized to sum to 1 (equal for KLK). */
  readonly weight: number;
  /** Rows where this outcome is missing. */
  readonly nMissing: number;
}

/** Result of {@link standardizedIndex}. */
export interface StandardizedIndexResult {
  readonly kind: "standardizedIndex";
  readonly method: "klk" | "anderson";
  /** Name of the new column. */
  readonly name: string;
  /** The index, one value per row (NaN where missing). */
  readonly index: Float64Array;
  /** The data with the index appended as column `name`: pass it to any estimator or to riTest. */
  readonly table: Table;
  readonly control: string;
  readonly components: readonly IndexComponent[];
  /** Rows whose index is missing, and rows whose index averages fewer outcomes than there are. */
  readonly nIndexMissing: number;
  readonly nPartial: number;
  /** Anderson: the sample Σ was estimated on and its size (complete cases); null for KLK. */
  readonly covariance: { readonly sample: "all" | "control"; readonly nUsed: number } | null;
  readonly missing: "available" | "complete";
  readonly restandardized: boolean;
  readonly warnings: string[];
}

/**
 * Combine outcomes into a standardized index (Kling, Liebman & Katz 2007; Anderson 2008).
 *
 * Each outcome k becomes z_ik = sign_k·(y_ik − mean_c,k)/sd_c,k with the control group's mean and SD.
 * `"klk"` averages the z's a row has; `"anderson"` weights them by w = rowSums(Σ⁻¹), Σ the covariance of
 * the z's over complete rows of `covarianceSample`, re-normalizing the weights over the outcomes a row has:
 * index_i = Σ_k w_k z_ik / Σ_k w_k. Missing rule: with `missing: "available"` a row with at least one outcome
 * gets an index (NaN when it has none); with `"complete"` any missing outcome makes it NaN.
 *
 * @throws EnsayoError `MISSING_COLUMN`, `NOT_NUMERIC`, `CONDITION_NOT_FOUND`, `INVALID_OPTION` (signs, name
 *   taken, control needed), `NOT_ESTIMABLE` (an outcome with fewer than 2 control values or SD 0; Σ singular).
 * @example
 * ```ts
 * const r = standardizedIndex({ a: [1, 2, 3, 4], b: [2, 4, 5, 9], z: [0, 0, 1, 1] },
 *   { outcomes: ["a", "b"], treatment: "z", method: "klk" });
 * r.index; // Float64Array [-0.7071…, 0.7071…, 1.7678…, 3.8891…] (control mean 0, by construction)
 * differenceInMeans(r.table, { outcome: "index", treatment: "z" });
 * ```
 */
export function standardizedIndex(data: DataInput, options: StandardizedIndexOptions): StandardizedIndexResult {
  return named("standardizedIndex", () => standardizedIndexCore(data, options));
}

/** {@link standardizedIndex} without the function name on its errors. */
function standardizedIndexCore(data: DataInput, options: StandardizedIndexOptions): StandardizedIndexResult {
  const opts = parseOptions(StandardizedIndexSchema, options, FN);
  const table = toTable(data);
  if (Object.prototype.hasOwnProperty.call(table.columns, opts.name)) {
    throw new EnsayoError("INVALID_OPTION", `\`name\` '${opts.name}' is already a column of the data`, {
      value: opts.name,
      hint: "Choose another `name` for the index column",
    });
  }
  const signs = readSigns(opts.outcomes, opts.signs);
  const ys = opts.outcomes.map((o) => numericColumn(table, o));
  const isControl = controlRows(table, opts.treatment, opts.control);
  const n = table.nRows;
  const K = ys.length;
  const moments = ys.map((y, k) => controlMoments(y, isControl.rows, opts.outcomes[k]!));
  const zs = ys.map((y, k) => y.map((v) => (signs[k]! * (v - moments[k]!.mean)) / moments[k]!.sd));
  const warnings: string[] = [];
  let weights: Float64Array = new Float64Array(K).fill(1 / K);
  let covariance: StandardizedIndexResult["covariance"] = null;
  if (opts.method === "anderson") {
    const aw = andersonWeights(zs, opts.covarianceSample === "control" ? isControl.rows : null);
    weights = aw.weights;
    covariance = { sample: opts.covarianceSample, nUsed: aw.nUsed };
    if (weights.some((w) => w < 0)) warnings.push("some Anderson weights are negative (outcomes strongly correlated): the index is not a convex combination");
  }
  const { index, nPartial, nNonPositive } = weightedRowMeans(zs, weights, opts.missing === "complete");
  if (nNonPositive > 0) warnings.push(`${nNonPositive} row(s) get a missing index: the weights of the outcomes they have sum to zero or less`);
  if (opts.restandardize) {
    const m = controlMoments(index, isControl.rows, opts.name);
    for (let i = 0; i < n; i++) index[i] = (index[i]! - m.mean) / m.sd;
  }
  let nIndexMissing = 0;
  for (let i = 0; i < n; i++) if (Number.isNaN(index[i]!)) nIndexMissing++;
  if (nIndexMissing > 0) warnings.push(`${nIndexMissing} of ${n} rows have a missing index (${opts.missing === "complete" ? "some" : "every"} outcome missing)`);
  const components = opts.outcomes.map((outcome, k) => ({
    outcome, sign: signs[k]!, controlMean: moments[k]!.mean, controlSd: moments[k]!.sd, weight: weights[k]!, nMissing: countNaN(ys[k]!),
  }));
  return withDisplay({
    kind: FN, method: opts.method, name: opts.name, index, table: withColumn(table, opts.name, index), control: isControl.label,
    components, nIndexMissing, nPartial, covariance, missing: opts.missing, restandardized: opts.restandardize, warnings,
  });
}

function countNaN(y: Float64Array): number {
  let k = 0;
  for (let i = 0; i < y.length; i++) if (Number.isNaN(y[i]!)) k++;
  return k;
}

function readSigns(outcomes: readonly string[], signs: readonly number[] | Readonly<Record<string, number>> | undefined): number[] {
  const out = outcomes.map((o) => {
    if (signs === undefined) return 1;
    if (Array.isArray(signs)) return signs[outcomes.indexOf(o)];
    const rec = signs as Readonly<Record<string, number>>;
    return Object.prototype.hasOwnProperty.call(rec, o) ? rec[o] : 1;
  });
  if (Array.isArray(signs) && signs.length !== outcomes.length) {
    throw new EnsayoError("INVALID_OPTION", `\`signs\` must have one entry per outcome (${outcomes.length}); got ${signs.length}`, { value: signs });
  }
  if (signs !== undefined && !Array.isArray(signs)) {
    for (const k of Object.keys(signs)) if (!outcomes.includes(k)) throw new EnsayoError("INVALID_OPTION", `\`signs\` names '${k}', which is not in \`outcomes\``, { value: k });
  }
  out.forEach((s, k) => {
    if (s !== 1 && s !== -1) throw new EnsayoError("INVALID_OPTION", `\`signs\` must be 1 or -1; got ${showValue(s)} for '${outcomes[k]}'`, { value: s });
  });
  return out as number[];
}

/** Which rows are in the control condition (missing treatment is not control). */
function controlRows(table: Table, treatment: string, control: string | number | boolean | undefined): { rows: Uint8Array; label: string } {
  const col = getColumn(table, treatment, "treatment");
  const labels = Array.from(col as ArrayLike<number | string | null>, (v) =>
    v === null || (typeof v === "number" && Number.isNaN(v)) ? null : String(v));
  const present = [...new Set(labels.filter((v): v is string => v !== null))];
  present.sort(col instanceof Float64Array ? (a, b) => Number(a) - Number(b) : undefined);
  let label: string;
  if (control !== undefined) {
    label = typeof control === "boolean" ? (control ? "1" : "0") : String(control);
    if (!present.includes(label)) {
      throw new EnsayoError("CONDITION_NOT_FOUND", `\`control\` must be a value of the treatment column '${treatment}'; got ${showValue(control)}`, {
        column: treatment, value: control, hint: `The values present are: ${present.map((x) => `'${x}'`).join(", ")}`,
      });
    }
  } else if (present.length === 2) label = present[0]!;
  else {
    throw new EnsayoError("INVALID_OPTION", `treatment '${treatment}' has ${present.length} value(s); name the control condition with \`control\``, {
      column: treatment, hint: `The values present are: ${present.map((x) => `'${x}'`).join(", ")}`,
    });
  }
  return { rows: Uint8Array.from(labels, (v) => (v === label ? 1 : 0)), label };
}

/** `table` with one more numeric column (the caller's table is not changed). */
function withColumn(table: Table, name: string, values: Float64Array): Table {
  const columns = nullRecord<Table["columns"][string]>();
  const types = nullRecord<Table["types"][string]>();
  for (const k of table.names) {
    columns[k] = table.columns[k]!;
    types[k] = table.types[k]!;
  }
  columns[name] = values;
  types[name] = "number";
  const { missing: _missing, ...report } = table.report;
  return buildTable(columns, { names: [...table.names, name], types, report: { ...report, notes: [...report.notes, `column '${name}' added by ${FN}`] } });
}

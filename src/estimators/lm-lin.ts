/**
 * Lin's (2013) covariate-adjusted estimator: OLS of the outcome on the treatment, the
 * covariates centred at their means, and their interactions — `estimatr::lm_lin`.
 */
import * as z from "zod/mini";
import { EnsayoError } from "../errors.js";
import { toTable, type DataInput } from "../data/table.js";
import { parseOptions } from "../internal/options.js";
import { parseFormulaCore } from "./formula.js";
import { callOptions, fitLm, type LmFitInput, type LmRobustResult } from "./linear-fit.js";
import { LinearModelOptionsShape, prepareFit } from "./prepare-fit.js";
import { designMatrix, levelsOption } from "./model-matrix.js";
import { named } from "../internal/boundary.js";

const LmLinOptionsSchema = z
  .strictObject({
    /** Outcome column. */
    outcome: z.string().check(z.minLength(1)),
    /** Treatment column: 0/1, a multi-valued number (one dummy per value but the first), or text (a factor). */
    treatment: z.string().check(z.minLength(1)),
    /** Covariates: column names, or a right-hand side such as `"~ x1 + region"` (`*` and `:` allowed). */
    covariates: z.union([z.string().check(z.minLength(1)), z.array(z.string().check(z.minLength(1))).check(z.minLength(1))]),
    ...LinearModelOptionsShape,
  });

/** Options of {@link lmLin}. */
export type LmLinOptions = z.input<typeof LmLinOptionsSchema>;

/**
 * Estimate the average treatment effect with Lin's (2013) interacted, centred regression.
 *
 * X = [1, T, X_c, T·X_c] where X_c are the covariate columns (factors expanded as in R)
 * centred at their sample means over the estimation rows (weighted means with `weights`),
 * named `x_c` (or `(a:b)_c`) with interactions `T:x_c`; a non-binary numeric treatment becomes
 * one dummy per value but the lowest. Then the fit and SEs are those of {@link lmRobust}
 * (HC2 by default, CR2 with clusters). The coefficient on the treatment is the ATE estimate.
 *
 * @see Lin, W. (2013). Agnostic notes on regression adjustments to experimental data. Annals of Applied Statistics 7(1).
 * @throws EnsayoError as {@link lmRobust}; `FORMULA_PARSE` for bad `covariates`; `ONE_ARM` when the treatment takes one value.
 * @example
 * ```ts
 * const data = readCsvFile("fixtures/pilot/panel.csv");
 * const fit = lmLin(data, { outcome: "puntaje_final", treatment: "grupo", covariates: ["puntaje_base", "region"] });
 * const ate = fit.coefficients.find((r) => r.term === "grupotaller")!; // the ATE, its SE, CI…
 * [ate.estimate, ate.stdError, ate.df]; // [4.112, 0.877, 407]
 * ```
 */
export function lmLin(data: DataInput, options: LmLinOptions): LmRobustResult {
  return named("lmLin", () => lmLinCore(data, options));
}

/** {@link lmLin} without the function name on its errors. */
function lmLinCore(data: DataInput, options: LmLinOptions): LmRobustResult {
  return fitLm(lmLinInput(data, options));
}

/** What `lmLin(data, options)` hands to `fitLm`. Internal (waldTest's HTZ refits through it). */
export function lmLinInput(data: DataInput, options: LmLinOptions): LmFitInput {
  return lmLinInputParsed(data, parseLmLinOptions(options), options);
}

/** `lmLin`'s options, parsed (with their `levels` read from the caller's object). Internal. */
export type LmLinParsed = ReturnType<typeof parseLmLinOptions>;

/** Parse `lmLin`'s options once, for callers that fit many times (riTest's CR2 refits). Internal. */
export function parseLmLinOptions(options: LmLinOptions) {
  const parsed = parseOptions(LmLinOptionsSchema, options, "lmLin");
  return { ...parsed, levels: levelsOption(parsed.levels, options) };
}

/** {@link lmLinInput} on options already parsed by {@link parseLmLinOptions} (`options` as given, for the call record). Internal. */
export function lmLinInputParsed(data: DataInput, opts: LmLinParsed, options: LmLinOptions): LmFitInput {
  const table = toTable(data);
  const covText = typeof opts.covariates === "string" ? opts.covariates : opts.covariates.map((c) => (/^[\p{L}_.][\p{L}\p{N}_.]*$/u.test(c) ? c : `\`${c}\``)).join(" + ");
  const cov = parseFormulaCore(covText.includes("~") ? covText : `~ ${covText}`);
  if (cov.outcome !== null || cov.parts.length !== 1)
    throw new EnsayoError("FORMULA_PARSE", `\`covariates\` must be a right-hand side such as "~ x1 + x2", got '${covText}'`, { value: covText });
  const covSpec = cov.parts[0]!;
  if (covSpec.terms.length === 0)
    throw new EnsayoError("FORMULA_PARSE", `\`covariates\` must name at least one column`, { value: covText });
  const treat = opts.treatment;
  const terms = [[treat], ...covSpec.terms.filter((t) => !(t.length === 1 && t[0] === treat))];
  const spec = { terms, intercept: true };
  const formula = `${opts.outcome} ~ ${treat}`;
  let centers: number[] = [];
  const prepared = prepareFit(table, {
    outcome: opts.outcome,
    formula,
    variables: [treat, ...cov.variables.filter((v) => v !== treat)],
    weights: opts.weights,
    clusters: opts.clusters,
    seType: opts.seType,
    alpha: opts.alpha,
    na: opts.na,
    build: (rows) => {
      const dm = designMatrix(table, spec, rows, opts.levels);
      const n = dm.n;
      // Treatment columns (term 0), covariate columns (the rest but the intercept).
      let tCols: { name: string; values: Float64Array }[] = [];
      const cCols: { name: string; values: Float64Array }[] = [];
      for (let j = 0; j < dm.p; j++) {
        const col = dm.x.subarray(j * n, j * n + n);
        if (dm.assign[j] === 0) tCols.push({ name: dm.names[j]!, values: col });
        else if (dm.assign[j]! > 0) cCols.push({ name: dm.names[j]!, values: col });
      }
      if (tCols.length === 1 && tCols[0]!.values.some((v) => v !== 0 && v !== 1)) {
        const t = tCols[0]!;
        const vals = [...new Set(t.values)].sort((a, b) => a - b).slice(1);
        tCols = vals.map((v) => ({ name: `${t.name}${String(v)}`, values: Float64Array.from(t.values, (x) => (x === v ? 1 : 0)) }));
      }
      if (tCols.length === 0 || tCols.every((t) => t.values.every((v) => v === t.values[0])))
        throw new EnsayoError("ONE_ARM", `\`treatment\` '${treat}' takes a single value in the estimation rows`, {
          column: treat,
          hint: "Both treated and control units are needed",
        });
      // Weights of the estimation rows (zero weights were already removed by prepareFit).
      const w = opts.weights !== undefined ? (table.columns[opts.weights] as Float64Array) : undefined;
      centers = cCols.map((c) => {
        let s = 0;
        let sw = 0;
        for (let i = 0; i < n; i++) {
          const wi = w ? w[rows[i]!]! : 1;
          s += wi * c.values[i]!;
          sw += wi;
        }
        return s / sw;
      });
      const centred = cCols.map((c, k) => {
        const m = centers[k]!;
        const name = (/:|^.+\(/.test(c.name) ? `(${c.name})` : c.name) + "_c";
        return { name, values: Float64Array.from(c.values, (v) => v - m) };
      });
      const cols: { name: string; values: Float64Array }[] = [{ name: "(Intercept)", values: new Float64Array(n).fill(1) }, ...tCols, ...centred];
      for (const c of centred) for (const t of tCols) cols.push({ name: `${t.name}:${c.name}`, values: Float64Array.from(c.values, (v, i) => v * t.values[i]!) });
      const x = new Float64Array(n * cols.length);
      cols.forEach((c, j) => x.set(c.values, j * n));
      return { x, n, p: cols.length, names: cols.map((c) => c.name), intercept: true };
    },
  });
  return { ...prepared, call: { fn: "lmLin", options: callOptions(options) } };
}

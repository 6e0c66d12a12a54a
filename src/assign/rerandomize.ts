/**
 * Internal: balance criteria for re-randomization (Morgan & Rubin 2012),
 * precomputed at declare time so each candidate draw costs O(n · p).
 */
import { EnsayoError, showValue } from "../errors.js";
import { numericColumn } from "../data/columns.js";
import type { Table } from "../data/table.js";

/** The criterion evaluated on every candidate draw. */
export type BalanceCriterion = "maxAbsStdDiff" | "mahalanobis";

export interface Criterion {
  readonly names: readonly string[];
  readonly columns: readonly Float64Array[];
  /** Value of the criterion for unit-level arms (index into conditions); `Infinity` if an arm is empty. */
  evaluate(arm: Int32Array): number;
}

/**
 * Build the criterion. Every arm j ≥ 1 is compared with the first condition:
 * - `maxAbsStdDiff`: max over arms and covariates of |x̄_j − x̄_0| / s, with s the
 *   full-sample standard deviation (n − 1 denominator), fixed across draws;
 * - `mahalanobis`: max over arms of (x̄_j − x̄_0)' S⁻¹ (x̄_j − x̄_0) / (1/n_j + 1/n_0),
 *   with S the full-sample covariance matrix (Morgan & Rubin's M).
 */
export function makeCriterion(
  covariates: readonly string[] | Readonly<Record<string, ArrayLike<number>>>,
  criterion: BalanceCriterion,
  k: number,
  n: number,
  table: Table | null,
): Criterion {
  const { names, columns } = readCovariates(covariates, table);
  const { mean, sd } = checkedMoments(names, columns, n);
  const inv = criterion === "mahalanobis" ? inverseCovariance(names, columns, mean, n) : null;
  return { names, columns, evaluate: armEvaluator(columns, sd, inv, k, n) };
}

/** The covariates as numeric columns: names of columns of `data`, or a record of name → values. */
function readCovariates(
  covariates: readonly string[] | Readonly<Record<string, ArrayLike<number>>>,
  table: Table | null,
): { names: string[]; columns: Float64Array[] } {
  const names: string[] = [];
  const columns: Float64Array[] = [];
  if (Array.isArray(covariates)) {
    if (!table) {
      throw new EnsayoError("INVALID_OPTION", `\`rerandomize.covariates\` names columns but no \`data\` was given`, {
        hint: "Pass `data`, or give the covariates as { name: values }",
      });
    }
    for (const name of covariates as readonly string[]) {
      names.push(name);
      columns.push(numericColumn(table, name, "covariate"));
    }
  } else {
    for (const [name, values] of Object.entries(covariates as Readonly<Record<string, ArrayLike<number>>>)) {
      if (!Array.isArray(values) && !ArrayBuffer.isView(values)) {
        throw new EnsayoError("INVALID_OPTION", `\`rerandomize.covariates.${name}\` must be an array of numbers; got ${showValue(values)}`, { value: values });
      }
      names.push(name);
      columns.push(Float64Array.from(values as ArrayLike<number>, (v) => (typeof v === "number" ? v : NaN)));
    }
  }
  if (columns.length === 0) throw new EnsayoError("INVALID_OPTION", `\`rerandomize.covariates\` must name at least one covariate`);
  return { names, columns };
}

/** Each covariate's mean and standard deviation (n − 1); refuses a wrong length, a missing value or a constant covariate. */
function checkedMoments(names: readonly string[], columns: readonly Float64Array[], n: number): { mean: Float64Array; sd: Float64Array } {
  const p = columns.length;
  const mean = new Float64Array(p);
  const sd = new Float64Array(p);
  for (let c = 0; c < p; c++) {
    const x = columns[c]!;
    if (x.length !== n) {
      throw new EnsayoError("LENGTH_MISMATCH", `covariate '${names[c]}' has ${x.length} values but there are ${n} units`);
    }
    let s = 0;
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      if (!Number.isFinite(v)) {
        throw new EnsayoError("MISSING_VALUE", `covariate '${names[c]}' is missing for unit ${i + 1}; re-randomization needs every covariate value`, {
          column: names[c], line: i + 1, hint: "Impute or drop the missing values before assigning",
        });
      }
      s += v;
    }
    mean[c] = s / n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (x[i]! - mean[c]!) ** 2;
    sd[c] = Math.sqrt(ss / (n - 1));
    if (!(sd[c]! > 0)) {
      throw new EnsayoError("INVALID_OPTION", `covariate '${names[c]}' is constant, so it cannot be balanced`, {
        column: names[c], hint: "Drop it from `rerandomize.covariates`",
      });
    }
  }
  return { mean, sd };
}

/** The inverse covariance matrix of the covariates (for Mahalanobis), through Gauss–Jordan on the p × p matrix. */
function inverseCovariance(names: readonly string[], columns: readonly Float64Array[], mean: Float64Array, n: number): Float64Array {
  const p = columns.length;
  const a = new Float64Array(p * p);
  for (let r = 0; r < p; r++) {
    for (let c = r; c < p; c++) {
      let s = 0;
      const xr = columns[r]!, xc = columns[c]!;
      for (let i = 0; i < n; i++) s += (xr[i]! - mean[r]!) * (xc[i]! - mean[c]!);
      a[r * p + c] = a[c * p + r] = s / (n - 1);
    }
  }
  const inv = invert(a, p);
  if (!inv) {
    throw new EnsayoError("INVALID_OPTION", `the covariates of \`rerandomize\` are collinear, so the Mahalanobis distance is not defined`, {
      issues: names, hint: "Drop covariates that are linear combinations of others",
    });
  }
  return inv;
}

/**
 * The criterion of one draw: arm means compared with the first arm's, as max |standardized difference|
 * or, given `inv`, the largest Mahalanobis distance. Scratch buffers are allocated once, not per draw.
 */
function armEvaluator(columns: readonly Float64Array[], sd: Float64Array, inv: Float64Array | null, k: number, n: number): (arm: Int32Array) => number {
  const p = columns.length;
  const sums = new Float64Array(k * p);
  const cnt = new Float64Array(k);
  const d = new Float64Array(p);
  return (arm: Int32Array): number => {
    sums.fill(0);
    cnt.fill(0);
    for (let i = 0; i < n; i++) cnt[arm[i]!]++;
    for (let c = 0; c < p; c++) {
      const x = columns[c]!;
      for (let i = 0; i < n; i++) sums[arm[i]! * p + c] += x[i]!;
    }
    if (cnt[0] === 0) return Infinity;
    let worst = 0;
    for (let j = 1; j < k; j++) {
      if (cnt[j] === 0) return Infinity;
      for (let c = 0; c < p; c++) d[c] = sums[j * p + c]! / cnt[j]! - sums[c]! / cnt[0]!;
      let v = 0;
      if (inv) {
        for (let r = 0; r < p; r++) {
          let s = 0;
          for (let c = 0; c < p; c++) s += inv[r * p + c]! * d[c]!;
          v += d[r]! * s;
        }
        v /= 1 / cnt[j]! + 1 / cnt[0]!;
      } else {
        for (let c = 0; c < p; c++) v = Math.max(v, Math.abs(d[c]!) / sd[c]!);
      }
      if (v > worst) worst = v;
    }
    return worst;
  };
}

function invert(a: Float64Array, p: number): Float64Array | null {
  const m = new Float64Array(a);
  const inv = new Float64Array(p * p);
  for (let i = 0; i < p; i++) inv[i * p + i] = 1;
  let scale = 0;
  for (let i = 0; i < p; i++) scale = Math.max(scale, Math.abs(m[i * p + i]!));
  for (let col = 0; col < p; col++) {
    let piv = col;
    for (let r = col + 1; r < p; r++) if (Math.abs(m[r * p + col]!) > Math.abs(m[piv * p + col]!)) piv = r;
    if (Math.abs(m[piv * p + col]!) <= 1e-10 * scale) return null;
    if (piv !== col) {
      for (let c = 0; c < p; c++) {
        [m[col * p + c], m[piv * p + c]] = [m[piv * p + c]!, m[col * p + c]!];
        [inv[col * p + c], inv[piv * p + c]] = [inv[piv * p + c]!, inv[col * p + c]!];
      }
    }
    const d = m[col * p + col]!;
    for (let c = 0; c < p; c++) { m[col * p + c] /= d; inv[col * p + c] /= d; }
    for (let r = 0; r < p; r++) {
      if (r === col) continue;
      const f = m[r * p + col]!;
      if (f === 0) continue;
      for (let c = 0; c < p; c++) { m[r * p + c] -= f * m[col * p + c]!; inv[r * p + c] -= f * inv[col * p + c]!; }
    }
  }
  return inv;
}

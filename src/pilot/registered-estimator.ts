/**
 * The plan's estimator as one call: the treated arms' rows of `differenceInMeans` (each arm against control,
 * on the units of those two arms), `lmRobust` (one indicator per treated arm, covariates, block fixed
 * effects) or `lmLin` (covariates and blocks, centred and interacted with every arm), and, with several
 * treated arms, the joint Wald F that no arm has an effect.
 */
import type { Table } from "../data/table.js";
import { differenceInMeans } from "../estimators/difference-in-means.js";
import { lmLin } from "../estimators/lm-lin.js";
import { lmRobust } from "../estimators/lm-robust.js";
import type { CoefficientRow, SeType } from "../estimators/types.js";
import { waldTest } from "../estimators/wald-test.js";
import type { ArmColumns } from "./merge-inputs.js";
import type { PilotPlan } from "./plan-schema.js";
import { selectRows } from "./table-ops.js";

/** The joint test that every treated arm's effect is zero (several treated arms only). */
export interface JointArmTest {
  readonly terms: readonly string[];
  readonly statistic: number;
  readonly df1: number;
  readonly df2: number;
  readonly pValue: number;
  /** The fit the test reads, as a user would write it. */
  readonly call: string;
}

/** What the registered estimator gives for one outcome. */
export interface RegisteredFit {
  /** The first treated arm's row (the only one with two arms). */
  readonly row: CoefficientRow;
  /** One row per treated arm, in plan order (term = the arm's indicator, or lmLin's arm term). */
  readonly rows: readonly CoefficientRow[];
  /** Units used; with the difference in means and several arms, per arm (the two arms compared). */
  readonly nObs: number;
  readonly nObsByArm: readonly number[];
  readonly nClusters: number | null;
  readonly seType: string;
  /** The call, as a user would write it (for the report's methods and reproducibility). */
  readonly call: string;
  /** The joint Wald F of the arms (null with one treated arm, or when not asked). */
  readonly joint: JointArmTest | null;
  readonly warnings: readonly string[];
}

/** The variance estimator a plan uses: its `seType`, or CR2 with clusters, HC2 without. */
export function planSeType(plan: PilotPlan): SeType {
  return plan.seType ?? (plan.design.clusters ? "CR2" : "HC2");
}

/** The units of control and one treated arm (the others left out), for the per-arm comparisons. */
export function armSubset(table: Table, arms: ArmColumns, k: number): Table {
  const code = table.columns[arms.code] as Float64Array;
  return selectRows(table, Array.from(code, (c) => c === 0 || c === k + 1));
}

/**
 * A column name as a formula term (backquoted when it is not a plain name).
 *
 * @example
 * ```ts
 * termOf("taller"); // "taller"
 * termOf("grupo 2"); // "`grupo 2`"
 * ```
 */
export function termOf(name: string): string {
  return /^[\p{L}_.][\p{L}\p{N}_.]*$/u.test(name) ? name : `\`${name}\``;
}

/**
 * Fit the registered estimator of `plan` to `outcome`; with two arms exactly the two-arm call (`armsOrIndicator`
 * may then be the 0/1 indicator's name).
 * `covariates` defaults to the plan's; `seOff` gives the estimates alone (randomization inference);
 * `joint` adds the arms' joint Wald F (several treated arms).
 */
export function fitRegistered(
  plan: PilotPlan, table: Table, outcome: string, armsOrIndicator: ArmColumns | string,
  extra: { covariates?: readonly string[]; seOff?: boolean; blocks?: boolean; joint?: boolean } = {},
): RegisteredFit {
  // a single 0/1 indicator column (pilot.diagnose's two-arm simulations)
  const arms: ArmColumns = typeof armsOrIndicator === "string"
    ? { control: String(plan.design.conditions[0]), treated: [{ label: armsOrIndicator, column: armsOrIndicator }], code: "" }
    : armsOrIndicator;
  const d = plan.design;
  const covariates = extra.covariates ?? plan.covariates;
  const useBlocks = extra.blocks ?? true;
  const blocks = useBlocks ? d.blocks : undefined;
  const se = extra.seOff ? "none" : planSeType(plan);
  const multi = arms.treated.length > 1;
  const common = { alpha: plan.alpha, ...(d.clusters ? { clusters: d.clusters } : {}) };
  const clusterText = d.clusters ? `, clusters: "${d.clusters}"` : "";
  const wantJoint = multi && extra.joint === true;
  if (plan.estimator === "dim") {
    const fits = arms.treated.map((a, k) => {
      const data = multi ? armSubset(table, arms, k) : table;
      return differenceInMeans(data, { outcome, treatment: a.column, control: 0, treated: 1, ...common, ...(blocks ? { blocks } : {}) });
    });
    const call = arms.treated.map((a) => `differenceInMeans(${multi ? `data[${d.treatment} in ("${arms.control}", "${a.label}")]` : "data"}, { outcome: "${outcome}", treatment: "${a.column}"${blocks ? `, blocks: "${blocks}"` : ""}${clusterText} })`).join("\n");
    const rows = fits.map((r) => r.coefficients[0]!);
    // the difference in means has no joint model: the joint F reads lmRobust on the arm indicators (and block fixed effects)
    const joint = wantJoint ? jointOf(lmRobustArms(plan, table, outcome, arms, [], blocks), arms.treated.map((a) => a.column), lmRobustCall(outcome, arms, [], se, d.clusters, blocks)) : null;
    return {
      row: rows[0]!, rows, nObs: fits[0]!.nObs, nObsByArm: fits.map((r) => r.nObs), nClusters: fits[0]!.nClusters ?? null, seType: fits[0]!.design, call, joint,
      warnings: fits.flatMap((r, k) => r.warnings.map((w) => (multi ? `${arms.treated[k]!.label}: ${w}` : w))),
    };
  }
  if (plan.estimator === "lmRobust") {
    const r = lmRobustArms(plan, table, outcome, arms, covariates, blocks, se);
    const rows = arms.treated.map((a) => r.coefficients.find((c) => c.term === termOf(a.column) || c.term === a.column)!);
    const call = lmRobustCall(outcome, arms, covariates, se, d.clusters, blocks);
    const joint = wantJoint ? jointOf(r, rows.map((x) => x.term), call) : null;
    return { row: rows[0]!, rows, nObs: r.nObs, nObsByArm: rows.map(() => r.nObs), nClusters: r.nClusters ?? null, seType: r.seType, call, joint, warnings: r.warnings };
  }
  const covs = [...covariates, ...(blocks ? [blocks] : [])];
  const treatment = multi ? arms.code : arms.treated[0]!.column;
  const r = lmLin(table, { outcome, treatment, covariates: covs, ...common, seType: se });
  const terms = multi ? arms.treated.map((_, k) => `${treatment}${k + 1}`) : [treatment];
  const rows = terms.map((term) => r.coefficients.find((c) => c.term === term)!);
  const call = `lmLin(data, { outcome: "${outcome}", treatment: "${treatment}", covariates: ${JSON.stringify(covs)}, seType: "${se}"${clusterText} })`;
  const joint = wantJoint ? jointOf(r, terms, call) : null;
  return { row: rows[0]!, rows, nObs: r.nObs, nObsByArm: rows.map(() => r.nObs), nClusters: r.nClusters ?? null, seType: r.seType, call, joint, warnings: r.warnings };
}

function lmRobustArms(
  plan: PilotPlan, table: Table, outcome: string, arms: ArmColumns, covariates: readonly string[], blocks: string | undefined, se: SeType | "none" = planSeType(plan),
) {
  const formula = [`${outcome} ~ ${arms.treated.map((a) => termOf(a.column)).join(" + ")}`, ...covariates].join(" + ");
  return lmRobust(table, formula, { alpha: plan.alpha, seType: se, ...(plan.design.clusters ? { clusters: plan.design.clusters } : {}), ...(blocks ? { fixedEffects: blocks } : {}) });
}

function lmRobustCall(outcome: string, arms: ArmColumns, covariates: readonly string[], se: string, clusters: string | undefined, blocks: string | undefined): string {
  const formula = [`${outcome} ~ ${arms.treated.map((a) => termOf(a.column)).join(" + ")}`, ...covariates].join(" + ");
  return `lmRobust(data, "${formula}", { seType: "${se}"${clusters ? `, clusters: "${clusters}"` : ""}${blocks ? `, fixedEffects: "${blocks}"` : ""} })`;
}

function jointOf(fit: Parameters<typeof waldTest>[0], terms: readonly string[], call: string): JointArmTest {
  const w = waldTest(fit, terms);
  return { terms: [...terms], statistic: w.statistic, df1: w.df1, df2: w.df2, pValue: w.pValue, call: `waldTest(${call.split("\n")[0]}, ${JSON.stringify(terms)})` };
}

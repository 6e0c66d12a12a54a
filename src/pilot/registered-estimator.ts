/**
 * The plan's estimator as one call: the treatment row of `differenceInMeans`, `lmRobust` (covariates,
 * block fixed effects) or `lmLin` (covariates and blocks, centred and interacted).
 */
import type { Table } from "../data/table.js";
import { differenceInMeans } from "../estimators/difference-in-means.js";
import { lmLin } from "../estimators/lm-lin.js";
import { lmRobust } from "../estimators/lm-robust.js";
import type { CoefficientRow, SeType } from "../estimators/types.js";
import type { PilotPlan } from "./plan-schema.js";

/** What the registered estimator gives for one outcome. */
export interface RegisteredFit {
  /** The treatment row (term = the 0/1 indicator column). */
  readonly row: CoefficientRow;
  readonly nObs: number;
  readonly nClusters: number | null;
  readonly seType: string;
  /** The call, as a user would write it (for the report's methods and reproducibility). */
  readonly call: string;
  readonly warnings: readonly string[];
}

/** The variance estimator a plan uses: its `seType`, or CR2 with clusters, HC2 without. */
export function planSeType(plan: PilotPlan): SeType {
  return plan.seType ?? (plan.design.clusters ? "CR2" : "HC2");
}

/**
 * Fit the registered estimator of `plan` to `outcome` with the 0/1 indicator `treated`.
 * `covariates` defaults to the plan's; `seType: "none"` gives the estimate alone (randomization inference).
 */
export function fitRegistered(
  plan: PilotPlan, table: Table, outcome: string, treated: string,
  extra: { covariates?: readonly string[]; seOff?: boolean; blocks?: boolean } = {},
): RegisteredFit {
  const d = plan.design;
  const covariates = extra.covariates ?? plan.covariates;
  const useBlocks = extra.blocks ?? true;
  const blocks = useBlocks ? d.blocks : undefined;
  const se = extra.seOff ? "none" : planSeType(plan);
  const common = { alpha: plan.alpha, ...(d.clusters ? { clusters: d.clusters } : {}) };
  if (plan.estimator === "dim") {
    const r = differenceInMeans(table, { outcome, treatment: treated, control: 0, treated: 1, ...common, ...(blocks ? { blocks } : {}) });
    const call = `differenceInMeans(data, { outcome: "${outcome}", treatment: "${treated}"${blocks ? `, blocks: "${blocks}"` : ""}${d.clusters ? `, clusters: "${d.clusters}"` : ""} })`;
    return { row: r.coefficients[0]!, nObs: r.nObs, nClusters: r.nClusters ?? null, seType: r.design, call, warnings: r.warnings };
  }
  if (plan.estimator === "lmRobust") {
    const formula = [`${outcome} ~ ${treated}`, ...covariates].join(" + ");
    const r = lmRobust(table, formula, { ...common, seType: se, ...(blocks ? { fixedEffects: blocks } : {}) });
    const call = `lmRobust(data, "${formula}", { seType: "${se}"${d.clusters ? `, clusters: "${d.clusters}"` : ""}${blocks ? `, fixedEffects: "${blocks}"` : ""} })`;
    return { row: r.coefficients.find((c) => c.term === treated)!, nObs: r.nObs, nClusters: r.nClusters ?? null, seType: r.seType, call, warnings: r.warnings };
  }
  const covs = [...covariates, ...(blocks ? [blocks] : [])];
  const r = lmLin(table, { outcome, treatment: treated, covariates: covs, ...common, seType: se });
  const call = `lmLin(data, { outcome: "${outcome}", treatment: "${treated}", covariates: ${JSON.stringify(covs)}, seType: "${se}"${d.clusters ? `, clusters: "${d.clusters}"` : ""} })`;
  return { row: r.coefficients.find((c) => c.term === treated)!, nObs: r.nObs, nClusters: r.nClusters ?? null, seType: r.seType, call, warnings: r.warnings };
}

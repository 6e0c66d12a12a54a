/**
 * What this cohort says about the next one: `designParameters` of the primary outcome, and the analytic
 * MDE and power curve of the same design with those parameters (the report's power curve).
 */
import type { Table } from "../data/table.js";
import { planTrial } from "../power/plan-trial.js";
import { powerCurve, type PowerCurveResult } from "../power/power-curve.js";
import { designParameters, type DesignParametersResult } from "./design-parameters.js";
import type { PilotPlan } from "./plan-schema.js";
import { errorParams, notice, type Notices } from "./pilot-notices.js";

/** The next cohort's planning inputs. */
export interface NextCohort {
  readonly outcome: string;
  readonly parameters: DesignParametersResult;
  /** `planTrial`'s MDE (80% power, the plan's alpha) for a design like this one with the estimated parameters. */
  readonly mde: number;
  readonly curve: PowerCurveResult;
  /** The planTrial options used (design size and the estimated parameters). */
  readonly planTrial: Readonly<Record<string, unknown>>;
}

/** Estimate the next cohort's planning inputs (internal; null with a warning when not estimable). */
export function nextCohort(plan: PilotPlan, table: Table, outcome: string, units: number, warnings: Notices): NextCohort | null {
  const d = plan.design;
  try {
    const numericCovs = plan.covariates.filter((c) => table.types[c] !== "text");
    const p = designParameters(table, {
      outcome, covariates: numericCovs, treatment: d.treatment, control: d.conditions[0]!, responded: "responded",
      ...(d.clusters ? { clusters: d.clusters } : {}), ...(d.blocks ? { blocks: d.blocks } : {}),
      ...(plan.takeUp ? { takeUp: plan.takeUp } : {}),
    });
    const nClusters = d.clusters ? new Set((table.columns[d.clusters] as (string | null)[]).filter((x) => x !== null).map(String)).size : 0;
    const size = d.clusters
      ? { design: "cluster", nClusters, clusterSize: units / nClusters }
      : { design: "individual", nUnits: units };
    const { takeUp: _takeUp, ...params } = p.planTrial as Record<string, unknown>;
    // Say plainly why there is nothing to plan with, rather than pass on planTrial's refusal of `sd` or `icc`.
    const shown = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : "NA");
    if (!(typeof params.sd === "number" && params.sd > 0 && Number.isFinite(params.sd))) {
      notice(warnings, "next_cohort_no_variation", { subject: outcome, sd: shown(params.sd) });
      return null;
    }
    if (d.clusters && !(typeof params.icc === "number" && params.icc >= 0 && params.icc < 1)) {
      notice(warnings, "next_cohort_no_icc", { subject: outcome, icc: shown(params.icc) });
      return null;
    }
    const options = { ...params, ...size, alpha: plan.alpha };
    const mde = planTrial({ ...options, solveFor: "mde" } as never).mde;
    const curve = powerCurve({ plan: options as never, vary: "effect", from: mde / 15, to: mde * 1.6, points: 40 });
    return { outcome, parameters: p, mde, curve, planTrial: options };
  } catch (e) {
    notice(warnings, "next_cohort_unavailable", { subject: outcome, ...errorParams(e) });
    return null;
  }
}

/**
 * Sections 6–10 of the pilot report: effects, randomization inference, multiplicity, robustness, reproducibility.
 */
import type { PilotAnalysis } from "../pilot/pilot-analyze.js";
import { coefficientPlotSvg } from "./coefficient-plot.js";
import { randomizationPlotSvg } from "./randomization-plot.js";
import { methodName } from "./methods-paragraph.js";
import { table, type ReportBlock } from "./report-model.js";
import { deviationsBlock, effectsTable, type Fmt } from "./report-sections.js";

/** Section 6: effects, the coefficient plot, indices, LATE, subgroups and costs. */
export function effectsSection(a: PilotAnalysis, f: Fmt): ReportBlock[] {
  const t = f.t;
  const all = [...a.effects, ...a.indices];
  const blocks: ReportBlock[] = [
    effectsTable(a, f, a.effects, "effects"),
    {
      type: "svg",
      svg: coefficientPlotSvg(all.map((e) => ({
        label: e.label + (e.registered ? "" : ` (${t.exploratory})`),
        estimate: e.effectInSd, confLow: e.confLow / e.controlSd, confHigh: e.confHigh / e.controlSd,
      })), { lang: f.lang, title: t.coefPlotTitle, xLabel: t.coefPlotX }),
      caption: t.coefPlotTitle,
    },
    { type: "list", items: a.effects.map((e) => `${e.label}: ${t.direction} ${t[e.direction]}; ${f.lang === "es" ? "observado" : "observed"} ${e.estimate > 0 ? t.increase : t.decrease}`) },
  ];
  if (a.indices.length) {
    blocks.push({ type: "h", text: t.indices });
    blocks.push(effectsTable(a, f, a.indices, "indices"));
  }
  if (a.late.length) {
    blocks.push({ type: "h", text: t.late });
    blocks.push(table([t.outcome, t.estimate, t.stdError, t.ci, t.pValue, `${t.takeUp} (control)`, `${t.takeUp} (${String(a.plan.design.conditions[1])})`],
      a.late.map((l) => [l.outcome, f.num(l.estimate), f.num(l.stdError), f.ci(l.confLow, l.confHigh), f.p(l.pValue), f.pct(l.takeUpControl), f.pct(l.takeUpTreatment)]), undefined, "late"));
  }
  if (a.subgroupEffects.length) {
    blocks.push({ type: "h", text: t.subgroups });
    blocks.push(table([t.subgroup, t.level, t.outcome, t.estimate, t.stdError, t.ci, t.pValue, "N"],
      a.subgroupEffects.map((s) => [s.subgroup + (s.registered ? "" : ` (${t.exploratory})`), s.level, s.outcome, f.num(s.estimate), f.num(s.stdError), f.ci(s.confLow, s.confHigh), f.p(s.pValue), f.n(s.nObs)]),
      [false, false, false, true, true, true, true, true], "subgroups"));
    blocks.push({ type: "h", text: t.heterogeneity });
    blocks.push(table([t.subgroup, t.outcome, "F", t.df, t.pValue],
      a.heterogeneity.map((h) => [h.subgroup + (h.registered ? "" : ` (${t.exploratory})`), h.outcome, f.num(h.statistic, 3), `${f.n(h.df1)}; ${f.num(h.df2, 1)}`, f.p(h.pValue)]),
      [false, false, true, true, true], "heterogeneity"));
  }
  if (a.costs.length) {
    const cur = a.plan.costs!.currency;
    blocks.push({ type: "h", text: t.costs });
    blocks.push(table([t.outcome, `${t.cost} (${cur})`, `${t.costPerUnit} (${cur})`, `${t.costPerSd} (${cur})`],
      a.costs.map((c) => [c.outcome, f.num(c.incrementalCostPerUnit, 0), f.num(c.costPerUnitOfEffect, 0), f.num(c.costPerSd, 0)]), undefined, "costs"));
  }
  return blocks;
}

/** Section 7: randomization p-values and the distributions. */
export function randomizationSection(a: PilotAnalysis, f: Fmt): ReportBlock[] {
  const t = f.t;
  const r = a.randomization;
  if (!r.enabled) return [{ type: "p", text: t.riOff }];
  const blocks: ReportBlock[] = [
    { type: "p", text: t.riIntro(f.n(r.draws), r.exhaustive, r.seed) },
    table([t.outcome, t.estimate, t.riPValue, f.lang === "es" ? "EE Monte Carlo" : "Monte Carlo SE", t.pValue],
      r.distributions.map((d) => [d.outcome, f.num(d.observed), f.p(d.pValue), f.num(d.mcStdError, 4), f.p([...a.effects, ...a.indices].find((e) => e.outcome === d.outcome)?.pValue ?? NaN)]), undefined, "randomization"),
  ];
  for (const d of r.distributions) {
    blocks.push({ type: "svg", svg: randomizationPlotSvg(d.values, d.observed, { lang: f.lang, title: d.outcome, xLabel: t.riX, yLabel: t.riY }), caption: `${t.sections.randomization}: ${d.outcome}` });
  }
  return blocks;
}

/** Section 8: raw and adjusted p-values by family. */
export function multiplicitySection(a: PilotAnalysis, f: Fmt): ReportBlock[] {
  const t = f.t;
  return [
    { type: "p", text: t.multIntro },
    table([t.family, t.method, t.outcome, t.pValue, t.adjusted],
      a.effects.filter((e) => e.registered).map((e) => [e.family, methodName(e.adjustMethod, f.lang), e.label, f.p(e.pValue), f.p(e.adjustedPValue)]),
      [false, false, false, true, true], "multiplicity"),
    ...(a.notes.length ? [{ type: "list" as const, items: [...a.notes] }] : []),
  ];
}

/** Section 9: the estimate beside its randomization p-value and Lee bounds; deviations and warnings. */
export function robustnessSection(a: PilotAnalysis, f: Fmt): ReportBlock[] {
  const t = f.t;
  const lee = new Map(a.leeBounds.map((l) => [l.outcome, l]));
  const late = new Map(a.late.map((l) => [l.outcome, l]));
  const blocks: ReportBlock[] = [
    { type: "p", text: t.robustnessIntro },
    table([t.outcome, t.estimate, t.pValue, t.riPValue, t.lee, t.late],
      a.effects.filter((e) => e.registered).map((e) => {
        const l = lee.get(e.outcome);
        const v = late.get(e.outcome);
        return [e.label, f.num(e.estimate), f.p(e.pValue), f.p(e.riPValue), l ? f.ci(l.lowerBound, l.upperBound) : "—", v ? f.num(v.estimate) : "—"];
      }), undefined, "robustness"),
    { type: "h", text: t.deviations },
    deviationsBlock(a, f),
  ];
  if (a.warnings.length) {
    blocks.push({ type: "h", text: t.warnings });
    blocks.push({ type: "list", items: [...a.warnings] });
  }
  return blocks;
}

/** Section 10: everything needed to reproduce the report. */
export function reproducibilitySection(a: PilotAnalysis, f: Fmt, canonicalPlan: string): ReportBlock[] {
  const t = f.t;
  const r = a.reproducibility;
  const blocks: ReportBlock[] = [
    table([t.item, t.value], [
      [t.library, `ensayo ${t.version} ${a.version}`],
      [t.planHash, a.planHash],
      [t.receiptHash, r.receiptSha256 ?? t.notGiven],
      [t.receiptPlanHash, r.receiptPlanHash ?? t.notGiven],
      [t.seedAssignment, r.assignmentSeed],
      [t.seedRi, r.randomizationSeed],
    ], [false, false], "appendix"),
  ];
  if (r.inputFiles.length) {
    blocks.push({ type: "h", text: t.inputs });
    blocks.push(table([t.role, t.file, "SHA-256"], r.inputFiles.map((x) => [x.role, x.file, x.sha256]), [false, false, false], "inputs"));
  }
  blocks.push({ type: "h", text: t.calls });
  blocks.push({ type: "pre", text: [...new Set(a.effects.map((e) => e.call).concat(a.late.map((l) => l.call)).filter(Boolean))].join("\n") });
  blocks.push({ type: "h", text: t.plan });
  blocks.push({ type: "pre", text: canonicalPlan });
  return blocks;
}

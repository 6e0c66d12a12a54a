/**
 * Sections 6–10 of the pilot report: effects, randomization inference, multiplicity, robustness, reproducibility.
 */
import type { PilotAnalysis } from "../pilot/pilot-analyze.js";
import { coefficientPlotSvg } from "./coefficient-plot.js";
import { randomizationPlotSvg } from "./randomization-plot.js";
import { methodName } from "./methods-paragraph.js";
import { table, type ReportBlock } from "./report-model.js";
import { deviationsBlock, effectsTable, isMultiArm, noticeItems, type Fmt } from "./report-sections.js";

/** Section 6: effects, the coefficient plot, indices, LATE, subgroups and costs. */
export function effectsSection(a: PilotAnalysis, f: Fmt): ReportBlock[] {
  const t = f.t;
  const multi = isMultiArm(a);
  const all = [...a.effects, ...a.indices];
  const armTag = (arm: string) => (multi ? ` [${arm}]` : "");
  const blocks: ReportBlock[] = [
    effectsTable(a, f, a.effects, "effects"),
    {
      type: "svg",
      svg: coefficientPlotSvg(all.map((e) => ({
        label: e.label + (e.registered ? "" : ` (${t.exploratory})`),
        estimate: e.effectInSd, confLow: e.confLow / e.controlSd, confHigh: e.confHigh / e.controlSd,
        ...(multi ? { group: e.arm } : {}),
      })), { lang: f.lang, title: multi ? `${t.coefPlotTitle}, ${t.byArm}` : t.coefPlotTitle, xLabel: t.coefPlotX }),
      caption: multi ? `${t.coefPlotTitle}, ${t.byArm}` : t.coefPlotTitle,
    },
    { type: "list", items: a.effects.map((e) => `${e.label}${armTag(e.arm)}: ${t.direction} ${t[e.direction]}; ${f.lang === "es" ? "observado" : "observed"} ${e.estimate > 0 ? t.increase : t.decrease}`) },
  ];
  if (a.jointTests?.length) {
    blocks.push({ type: "h", text: t.jointArms });
    blocks.push({ type: "p", text: t.jointArmsIntro });
    blocks.push(table([t.outcome, "F", t.df, t.pValue, t.riPValue],
      a.jointTests.map((j) => [j.label + (j.registered ? "" : ` (${t.exploratory})`), f.num(j.statistic, 3), `${f.n(j.df1)}; ${f.num(j.df2, 1)}`, f.p(j.pValue), f.p(j.riPValue)]),
      [false, true, true, true, true], "joint-arms"));
  }
  if (a.indices.length) {
    blocks.push({ type: "h", text: t.indices });
    blocks.push(effectsTable(a, f, a.indices, "indices"));
  }
  if (a.late.length) {
    blocks.push({ type: "h", text: t.late });
    const c0 = String(a.plan.design.conditions[0]);
    blocks.push(table([t.outcome, ...(multi ? [t.armCompared] : []), t.estimate, t.stdError, t.ci, t.pValue, `${t.takeUp} (${c0})`, `${t.takeUp} (${multi ? t.arm.toLowerCase() : String(a.plan.design.conditions[1])})`],
      a.late.map((l) => [l.outcome, ...(multi ? [l.arm] : []), f.num(l.estimate), f.num(l.stdError), f.ci(l.confLow, l.confHigh), f.p(l.pValue), f.pct(l.takeUpControl), f.pct(l.takeUpTreatment)]),
      multi ? [false, false, true, true, true, true, true, true] : undefined, "late"));
  }
  if (a.subgroupEffects.length) {
    blocks.push({ type: "h", text: t.subgroups });
    const armCol = (arm: string) => (multi ? [arm === "all" ? t.allArms : arm] : []);
    blocks.push(table([t.subgroup, t.level, t.outcome, ...(multi ? [t.armCompared] : []), t.estimate, t.stdError, t.ci, t.pValue, "N"],
      a.subgroupEffects.map((s) => [s.subgroup + (s.registered ? "" : ` (${t.exploratory})`), s.level, s.outcome, ...armCol(s.arm), f.num(s.estimate), f.num(s.stdError), f.ci(s.confLow, s.confHigh), f.p(s.pValue), f.n(s.nObs)]),
      [false, false, false, ...armCol("").map(() => false), true, true, true, true, true], "subgroups"));
    blocks.push({ type: "h", text: t.heterogeneity });
    blocks.push(table([t.subgroup, t.outcome, ...(multi ? [t.armCompared] : []), "F", t.df, t.pValue],
      a.heterogeneity.map((h) => [h.subgroup + (h.registered ? "" : ` (${t.exploratory})`), h.outcome, ...armCol(h.arm), f.num(h.statistic, 3), `${f.n(h.df1)}; ${f.num(h.df2, 1)}`, f.p(h.pValue)]),
      [false, false, ...armCol("").map(() => false), true, true, true], "heterogeneity"));
  }
  if (a.costs.length) {
    const cur = a.plan.costs!.currency;
    blocks.push({ type: "h", text: t.costs });
    blocks.push(table([t.outcome, ...(multi ? [t.armCompared] : []), `${t.cost} (${cur})`, `${t.costPerUnit} (${cur})`, `${t.costPerSd} (${cur})`],
      a.costs.map((c) => [c.outcome, ...(multi ? [c.arm] : []), f.num(c.incrementalCostPerUnit, 0), f.num(c.costPerUnitOfEffect, 0), f.num(c.costPerSd, 0)]),
      multi ? [false, false, true, true, true] : undefined, "costs"));
  }
  return blocks;
}

/** Section 7: randomization p-values and the distributions. */
export function randomizationSection(a: PilotAnalysis, f: Fmt): ReportBlock[] {
  const t = f.t;
  const r = a.randomization;
  if (!r.enabled) return [{ type: "p", text: t.riOff }];
  const multi = isMultiArm(a);
  // a distribution of several arms names its arm, or "F" for the arms' joint test (older analyses have neither)
  const name = (d: (typeof r.distributions)[number]) => (multi && d.arm !== undefined ? `${d.outcome} [${d.statistic === "F" ? `F, ${t.allArms}` : d.arm}]` : d.outcome);
  const classical = (d: (typeof r.distributions)[number]) => d.statistic === "F"
    ? a.jointTests.find((j) => j.outcome === d.outcome)?.pValue ?? NaN
    : [...a.effects, ...a.indices].find((e) => e.outcome === d.outcome && (d.arm === undefined || e.arm === d.arm))?.pValue ?? NaN;
  const blocks: ReportBlock[] = [
    { type: "p", text: t.riIntro(f.n(r.draws), r.exhaustive, r.seed) },
    table([t.outcome, t.estimate, t.riPValue, f.lang === "es" ? "EE Monte Carlo" : "Monte Carlo SE", t.pValue],
      r.distributions.map((d) => [name(d), f.num(d.observed), f.p(d.pValue), f.num(d.mcStdError, 4), f.p(classical(d))]), undefined, "randomization"),
  ];
  for (const d of r.distributions) {
    blocks.push({ type: "svg", svg: randomizationPlotSvg(d.values, d.observed, { lang: f.lang, title: name(d), xLabel: d.statistic === "F" ? "F" : t.riX, yLabel: t.riY }), caption: `${t.sections.randomization}: ${name(d)}` });
  }
  return blocks;
}

/** Section 8: raw and adjusted p-values by family. */
export function multiplicitySection(a: PilotAnalysis, f: Fmt): ReportBlock[] {
  const t = f.t;
  const multi = isMultiArm(a);
  const notes = noticeItems(a, f, "notes");
  return [
    { type: "p", text: multi ? `${t.multIntro} ${t.multArms}` : t.multIntro },
    table([t.family, t.method, t.outcome, ...(multi ? [t.armCompared] : []), t.pValue, t.adjusted],
      a.effects.filter((e) => e.registered).map((e) => [e.family, methodName(e.adjustMethod, f.lang), e.label, ...(multi ? [e.arm] : []), f.p(e.pValue), f.p(e.adjustedPValue)]),
      [false, false, false, ...(multi ? [false] : []), true, true], "multiplicity"),
    ...(notes.length ? [{ type: "list" as const, items: notes }] : []),
  ];
}

/** Section 9: the estimate beside its randomization p-value and Lee bounds; deviations and warnings. */
export function robustnessSection(a: PilotAnalysis, f: Fmt): ReportBlock[] {
  const t = f.t;
  const multi = isMultiArm(a);
  const key = (outcome: string, arm: string | undefined) => `${outcome}\u0000${arm ?? ""}`;
  const lee = new Map(a.leeBounds.map((l) => [key(l.outcome, multi ? l.arm : undefined), l]));
  const late = new Map(a.late.map((l) => [key(l.outcome, multi ? l.arm : undefined), l]));
  const blocks: ReportBlock[] = [
    { type: "p", text: t.robustnessIntro },
    table([t.outcome, ...(multi ? [t.armCompared] : []), t.estimate, t.pValue, t.riPValue, t.lee, t.late],
      a.effects.filter((e) => e.registered).map((e) => {
        const l = lee.get(key(e.outcome, multi ? e.arm : undefined));
        const v = late.get(key(e.outcome, multi ? e.arm : undefined));
        return [e.label, ...(multi ? [e.arm] : []), f.num(e.estimate), f.p(e.pValue), f.p(e.riPValue), l ? f.ci(l.lowerBound, l.upperBound) : "—", v ? f.num(v.estimate) : "—"];
      }), multi ? [false, false, true, true, true, true, true] : undefined, "robustness"),
    { type: "h", text: t.deviations },
    deviationsBlock(a, f),
  ];
  const warnings = noticeItems(a, f, "warnings");
  if (warnings.length) {
    blocks.push({ type: "h", text: t.warnings });
    blocks.push({ type: "list", items: warnings });
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
  blocks.push({ type: "pre", text: [...new Set(a.effects.map((e) => e.call).concat((a.jointTests ?? []).map((j) => j.call), a.late.map((l) => l.call)).filter(Boolean))].join("\n") });
  blocks.push({ type: "h", text: t.plan });
  blocks.push({ type: "pre", text: canonicalPlan });
  return blocks;
}

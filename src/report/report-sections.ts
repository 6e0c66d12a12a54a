/**
 * Sections 1–5 of the pilot report: summary, design, sample and flow, balance, attrition.
 */
import type { PilotAnalysis } from "../pilot/pilot-analyze.js";
import { powerCurveSvg } from "../power/power-curve-svg.js";
import { lovePlotSvg } from "./love-plot.js";
import { formatCount, formatLocale, formatP, formatPercent, type ReportLang } from "./locale-number.js";
import { methodName, methodsParagraph } from "./methods-paragraph.js";
import { table, type ReportBlock } from "./report-model.js";
import type { ReportText } from "./report-text.js";
import { fillPhrase } from "./labels.js";
import { DEVIATION_PHRASES, NOTICE_PHRASES } from "./pilot-phrases.js";

/** True when the analysis compares several treated arms with control (the tables then carry an arm column). */
export function isMultiArm(a: PilotAnalysis): boolean {
  return a.plan.design.conditions.length > 2;
}

/** Formatting helpers bound to one language. */
export interface Fmt {
  readonly lang: ReportLang;
  readonly t: ReportText;
  num(x: number, digits?: number): string;
  p(x: number): string;
  n(x: number): string;
  pct(x: number): string;
  ci(lo: number, hi: number, digits?: number): string;
}

/** Bind the formatters to a language. */
export function fmt(lang: ReportLang, t: ReportText): Fmt {
  return {
    lang, t,
    num: (x, digits = 2) => formatLocale(x, digits, lang),
    p: (x) => formatP(x, lang),
    n: (x) => formatCount(x, lang),
    pct: (x) => formatPercent(x, lang),
    ci: (lo, hi, digits = 2) => `[${formatLocale(lo, digits, lang)}; ${formatLocale(hi, digits, lang)}]`,
  };
}

/** Section 1: the primary result in words, the key numbers and the deviations. */
export function summarySection(a: PilotAnalysis, f: Fmt): ReportBlock[] {
  const t = f.t;
  const primary = a.plan.families.find((fam) => fam.primary) ?? a.plan.families[0]!;
  const blocks: ReportBlock[] = [];
  const multi = isMultiArm(a);
  for (const e of a.effects.filter((x) => x.family === primary.name)) {
    const c1 = e.arm;
    const signif = e.pValue < a.plan.alpha;
    const text = f.lang === "es"
      ? `${e.label}: el efecto estimado de «${c1}» es ${f.num(e.estimate)} (IC ${f.num(100 * (1 - a.plan.alpha), 0)} % ${f.ci(e.confLow, e.confHigh)}; p = ${f.p(e.pValue)}; p por aleatorización = ${f.p(e.riPValue)}), ${f.num(e.effectInSd)} desvíos estándar del grupo control${signif ? "" : "; no es estadísticamente distinto de cero"}.`
      : `${e.label}: the estimated effect of "${c1}" is ${f.num(e.estimate)} (${f.num(100 * (1 - a.plan.alpha), 0)}% CI ${f.ci(e.confLow, e.confHigh)}; p = ${f.p(e.pValue)}; randomization p = ${f.p(e.riPValue)}), ${f.num(e.effectInSd)} control-group standard deviations${signif ? "" : "; not statistically different from zero"}.`;
    blocks.push({ type: "p", text, className: "key" });
  }
  blocks.push(table([t.outcome, ...(multi ? [t.armCompared] : []), t.estimate, t.ci, t.pValue, t.riPValue, t.adjusted, t.effectSd],
    a.effects.filter((e) => e.registered).map((e) => [e.label, ...(multi ? [e.arm] : []), f.num(e.estimate), f.ci(e.confLow, e.confHigh), f.p(e.pValue), f.p(e.riPValue), f.p(e.adjustedPValue), f.num(e.effectInSd)]),
    multi ? [false, false, true, true, true, true, true, true] : undefined, "summary-effects"));
  blocks.push({ type: "h", text: t.deviations });
  blocks.push(deviationsBlock(a, f));
  return blocks;
}

/**
 * The deviations as a list, each written in the report's language from its kind and values
 * (src/report/pilot-phrases.ts), or "none". An analysis without values (older results) keeps its English message.
 */
export function deviationsBlock(a: PilotAnalysis, f: Fmt): ReportBlock {
  if (!a.deviations.length) return { type: "p", text: f.t.noDeviations };
  return {
    type: "list",
    items: a.deviations.map((d) => {
      const params = d.params ? Object.fromEntries(Object.entries(d.params).map(([k, v]) => [k, typeof v === "number" ? f.n(v) : v])) : null;
      const text = params && d.kind in DEVIATION_PHRASES ? fillPhrase(DEVIATION_PHRASES[d.kind], f.lang, params) : d.message;
      return `${d.field ? `[${d.field}] ` : ""}${text}`;
    }),
  };
}

/** The analysis's warnings (or notes), each written in the report's language from its code and values. */
export function noticeItems(a: PilotAnalysis, f: Fmt, which: "warnings" | "notes"): string[] {
  const coded = a.messages?.[which];
  if (!coded) return [...a[which]];
  return coded.map((n) => {
    const params = Object.fromEntries(Object.entries(n.params).map(([k, v]) => [k, typeof v === "number" ? f.n(v) : k === "how" && (v === "exact" || v === "sampled") ? NOTICE_PHRASES[v][f.lang] : v]));
    return fillPhrase(NOTICE_PHRASES[n.code], f.lang, params);
  });
}

/** The effects table (shared by the summary and the effects section). */
export function effectsTable(a: PilotAnalysis, f: Fmt, rows: PilotAnalysis["effects"], id: string): ReportBlock {
  const t = f.t;
  const multi = isMultiArm(a);
  return table(
    [t.outcome, t.family, ...(multi ? [t.armCompared] : []), t.estimate, t.stdError, t.ci, t.pValue, t.riPValue, t.adjusted, t.nControl, multi ? t.nArm : t.nTreatment, t.controlMean, t.controlSd, t.effectSd],
    rows.map((e) => [
      e.label + (e.registered ? "" : ` (${t.exploratory})`), e.family, ...(multi ? [e.arm] : []), f.num(e.estimate), f.num(e.stdError), f.ci(e.confLow, e.confHigh), f.p(e.pValue),
      f.p(e.riPValue), f.p(e.adjustedPValue), f.n(e.nControl), f.n(e.nTreatment), f.num(e.controlMean), f.num(e.controlSd), f.num(e.effectInSd),
    ]),
    [false, false, ...(multi ? [false] : []), true, true, true, true, true, true, true, true, true, true, true],
    id,
  );
}

/** Section 2: the methods paragraph, the design table and the next cohort's power. */
export function designSection(a: PilotAnalysis, f: Fmt): ReportBlock[] {
  const t = f.t;
  const d = a.plan.design;
  const es = f.lang === "es";
  const ri = a.plan.randomizationInference;
  const blocks: ReportBlock[] = [
    { type: "h", text: t.methods },
    { type: "p", text: methodsParagraph(a.plan, a.planHash, a.flow.baseline, a.seType, f.lang), className: "methods" },
    table([t.item, t.value], [
      [es ? "Grupos" : "Arms", d.conditions.map(String).join(" / ")],
      [es ? "Bloques" : "Blocks", d.blocks ?? "—"],
      [es ? "Conglomerados" : "Clusters", d.clusters ?? "—"],
      [t.seedAssignment, String(d.seed)],
      [es ? "Estimador" : "Estimator", a.plan.estimator],
      [es ? "Errores estándar" : "Standard errors", a.seType],
      [es ? "Covariables" : "Covariates", a.plan.covariates.join(", ") || "—"],
      ["α", f.num(a.plan.alpha, 2)],
      [t.sections.randomization, ri.enabled ? `${f.n(ri.draws)} ${t.draws}` : t.no],
      [t.sections.multiplicity, a.plan.families.map((x) => `${x.name}: ${methodName(x.multiplicity, f.lang)}`).join("; ")],
      [t.sections.attrition, a.plan.attrition === "lee" ? "Lee (2009)" : "—"],
      [t.takeUp, a.plan.takeUp ?? "—"],
      [t.subgroups, a.plan.subgroups.join(", ") || "—"],
    ], [false, false]),
  ];
  const next = a.nextCohort;
  if (next) {
    const p = next.parameters;
    blocks.push({ type: "h", text: t.nextCohort });
    blocks.push({
      type: "p",
      text: es
        ? `Con los parámetros estimados en el grupo control de esta cohorte para ${next.outcome} (DE ${f.num(p.sd)}, CCI ${p.icc ? f.num(p.icc.icc, 3) : "—"}${p.icc ? ` IC ${f.ci(p.icc.confLow, p.icc.confHigh, 3)}` : ""}, R² ${p.r2Unit === null ? "—" : f.num(p.r2Unit, 2)} entre unidades y ${p.r2Cluster === null ? "—" : f.num(p.r2Cluster, 2)} entre conglomerados, tamaño medio de conglomerado ${p.clusterSize === null ? "—" : f.num(p.clusterSize, 1)} con CV ${p.clusterSizeCv === null ? "—" : f.num(p.clusterSizeCv, 2)}), un diseño del mismo tamaño detecta con 80 % de potencia un efecto mínimo de ${f.num(next.mde)}.`
        : `With the parameters estimated in this cohort's control group for ${next.outcome} (SD ${f.num(p.sd)}, ICC ${p.icc ? f.num(p.icc.icc, 3) : "—"}${p.icc ? ` CI ${f.ci(p.icc.confLow, p.icc.confHigh, 3)}` : ""}, R² ${p.r2Unit === null ? "—" : f.num(p.r2Unit, 2)} within and ${p.r2Cluster === null ? "—" : f.num(p.r2Cluster, 2)} between clusters, mean cluster size ${p.clusterSize === null ? "—" : f.num(p.clusterSize, 1)} with CV ${p.clusterSizeCv === null ? "—" : f.num(p.clusterSizeCv, 2)}), a design of the same size detects with 80% power a minimum effect of ${f.num(next.mde)}.`,
    });
    blocks.push({ type: "svg", svg: powerCurveSvg(next.curve, { lang: f.lang, title: t.powerTitle, xLabel: `${t.powerX} (${next.outcome})` }), caption: t.powerTitle });
  }
  return blocks;
}

/** Section 3: CONSORT-style counts at each stage. */
export function flowSection(a: PilotAnalysis, f: Fmt): ReportBlock[] {
  const t = f.t;
  const arms = a.plan.design.conditions.map(String);
  const fl = a.flow;
  const cell = (v: number | string | undefined) => (typeof v === "number" ? f.n(v) : v ?? "—");
  const sum = (by: Readonly<Record<string, number>>) => arms.reduce((s, x) => s + (by[x] ?? 0), 0);
  const byArm = (label: string, by: Readonly<Record<string, number>>, total: number = sum(by)) => [label, ...arms.map((x) => cell(by[x])), f.n(total)];
  const only = (label: string, total: number) => [label, ...arms.map(() => ""), f.n(total)];
  const rows = [
    only(t.stages.baseline, fl.baseline),
    byArm(t.stages.assigned, fl.assignedByArm, fl.assigned),
    byArm(t.stages.lost, fl.lostByArm),
    byArm(t.stages.responded, fl.respondedByArm),
    only(t.stages.endline, fl.endline),
    only(t.stages.unknown, fl.endlineUnknown),
    ...Object.entries(fl.analysedByOutcome).map(([o, by]) => byArm(`${t.stages.analysed}: ${o}`, by)),
  ];
  return [table([t.stage, ...arms, "Total"], rows, [false, ...arms.map(() => true), true], "flow")];
}

/** Section 4: the balance table, the joint test and the love plot. */
export function balanceSection(a: PilotAnalysis, f: Fmt): ReportBlock[] {
  const t = f.t;
  const b = a.balance;
  if (!b) return [{ type: "p", text: t.noBalance }];
  const multi = isMultiArm(a);
  const blocks: ReportBlock[] = [
    table([t.covariate, ...(multi ? [t.armCompared] : []), t.meanControl, multi ? t.meanArm : t.meanTreatment, t.difference, t.stdError, t.pValue, t.stdDiff],
      b.rows.map((r) => [r.term, ...(multi ? [r.arm] : []), f.num(r.meanControl), f.num(r.meanTreatment), f.num(r.estimate), f.num(r.stdError), f.p(r.pValue), f.num(r.stdDiff, 3)]),
      multi ? [false, false, true, true, true, true, true, true] : undefined, "balance"),
  ];
  for (const j of b.joint) blocks.push({ type: "p", text: `${t.joint}${multi ? ` (${j.arm})` : ""}: F = ${f.num(j.statistic, 3)} (${f.n(j.df1)}; ${f.num(j.df2, 1)} ${t.df}), p = ${f.p(j.pValue)}.` });
  blocks.push({ type: "svg", svg: lovePlotSvg(b, { lang: f.lang, title: t.lovePlotTitle }), caption: t.lovePlotTitle });
  return blocks;
}

/** Section 5: response by arm, the difference, the differential attrition test and Lee bounds. */
export function attritionSection(a: PilotAnalysis, f: Fmt): ReportBlock[] {
  const t = f.t;
  const at = a.attrition;
  const blocks: ReportBlock[] = [
    table([t.arm, t.units, t.responded, t.rate, t.attritionRate], at.responseRates.map((r) => [r.arm, f.n(r.nUnits), f.n(r.responded), f.pct(r.responseRate), f.pct(r.attrition)]), undefined, "response"),
  ];
  const multi = isMultiArm(a);
  for (const r of at.responseDifference) blocks.push({ type: "p", text: `${t.responseDiff}${multi ? ` [${r.arm}]` : ""}: ${f.num(r.estimate, 3)} (${t.stdError} ${f.num(r.stdError, 3)}, p = ${f.p(r.pValue)}).` });
  for (const r of at.differentialAttrition) blocks.push({ type: "p", text: `${t.differential}${multi ? ` [${r.arm}]` : ""} F = ${f.num(r.statistic, 3)}, p = ${f.p(r.pValue)}.` });
  if (a.leeBounds.length) {
    blocks.push({ type: "h", text: t.lee });
    blocks.push(table([t.outcome, ...(multi ? [t.armCompared] : []), t.trimmed, t.lower, t.upper, `${t.ci} (Imbens–Manski)`],
      a.leeBounds.map((l) => [l.outcome, ...(multi ? [l.arm] : []), `${f.pct(l.trimmingShare)} (${l.trimmedArm})`, f.num(l.lowerBound), f.num(l.upperBound), f.ci(l.ciEffect[0], l.ciEffect[1])]),
      multi ? [false, false, true, true, true, true] : undefined, "lee"));
  }
  return blocks;
}

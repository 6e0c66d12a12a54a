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
  const c1 = String(a.plan.design.conditions[1]);
  for (const e of a.effects.filter((x) => x.family === primary.name)) {
    const signif = e.pValue < a.plan.alpha;
    const text = f.lang === "es"
      ? `${e.label}: el efecto estimado de «${c1}» es ${f.num(e.estimate)} (IC ${f.num(100 * (1 - a.plan.alpha), 0)} % ${f.ci(e.confLow, e.confHigh)}; p = ${f.p(e.pValue)}; p por aleatorización = ${f.p(e.riPValue)}), ${f.num(e.effectInSd)} desvíos estándar del grupo control${signif ? "" : "; no es estadísticamente distinto de cero"}.`
      : `${e.label}: the estimated effect of "${c1}" is ${f.num(e.estimate)} (${f.num(100 * (1 - a.plan.alpha), 0)}% CI ${f.ci(e.confLow, e.confHigh)}; p = ${f.p(e.pValue)}; randomization p = ${f.p(e.riPValue)}), ${f.num(e.effectInSd)} control-group standard deviations${signif ? "" : "; not statistically different from zero"}.`;
    blocks.push({ type: "p", text, className: "key" });
  }
  blocks.push(table([t.outcome, t.estimate, t.ci, t.pValue, t.riPValue, t.adjusted, t.effectSd],
    a.effects.filter((e) => e.registered).map((e) => [e.label, f.num(e.estimate), f.ci(e.confLow, e.confHigh), f.p(e.pValue), f.p(e.riPValue), f.p(e.adjustedPValue), f.num(e.effectInSd)]),
    undefined, "summary-effects"));
  blocks.push({ type: "h", text: t.deviations });
  blocks.push(deviationsBlock(a, f));
  return blocks;
}

const DEVIATIONS_ES: Record<string, (count: string, ids: string) => string> = {
  endline_unknown_ids: (n, ids) => `${n} ids de la línea final no coinciden con ninguna unidad de la línea de base (${ids}); se cuentan aquí y quedan fuera del análisis`,
  unassigned_units: (n, ids) => `${n} unidades de la línea de base no tienen grupo en la asignación (${ids}); quedan fuera de toda comparación`,
  unknown_assignment_ids: (n, ids) => `${n} ids de la asignación no están en la línea de base (${ids})`,
  assignment_differs: (n, ids) => `${n} unidades tienen un grupo distinto del que el diseño y la semilla del plan sortean en esta línea de base (${ids})`,
};

/** The deviations as a list (Spanish for the kinds with counts; the English message otherwise), or "none". */
export function deviationsBlock(a: PilotAnalysis, f: Fmt): ReportBlock {
  if (!a.deviations.length) return { type: "p", text: f.t.noDeviations };
  return {
    type: "list",
    items: a.deviations.map((d) => {
      const es = f.lang === "es" && d.count !== null ? DEVIATIONS_ES[d.kind] : undefined;
      const text = es ? es(f.n(d.count!), d.ids.join(", ")) : d.message;
      return `${d.field ? `[${d.field}] ` : ""}${text}`;
    }),
  };
}

/** The effects table (shared by the summary and the effects section). */
export function effectsTable(a: PilotAnalysis, f: Fmt, rows: PilotAnalysis["effects"], id: string): ReportBlock {
  const t = f.t;
  return table(
    [t.outcome, t.family, t.estimate, t.stdError, t.ci, t.pValue, t.riPValue, t.adjusted, t.nControl, t.nTreatment, t.controlMean, t.controlSd, t.effectSd],
    rows.map((e) => [
      e.label + (e.registered ? "" : ` (${t.exploratory})`), e.family, f.num(e.estimate), f.num(e.stdError), f.ci(e.confLow, e.confHigh), f.p(e.pValue),
      f.p(e.riPValue), f.p(e.adjustedPValue), f.n(e.nControl), f.n(e.nTreatment), f.num(e.controlMean), f.num(e.controlSd), f.num(e.effectInSd),
    ]),
    [false, false, true, true, true, true, true, true, true, true, true, true, true],
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
  const [c0, c1] = a.plan.design.conditions.map(String) as [string, string];
  const fl = a.flow;
  const row = (label: string, v0: number | string, v1: number | string, total: number | string) =>
    [label, typeof v0 === "number" ? f.n(v0) : v0, typeof v1 === "number" ? f.n(v1) : v1, typeof total === "number" ? f.n(total) : total];
  const rows = [
    row(t.stages.baseline, "", "", fl.baseline),
    row(t.stages.assigned, fl.assignedByArm[c0]!, fl.assignedByArm[c1]!, fl.assigned),
    row(t.stages.lost, fl.lostByArm[c0]!, fl.lostByArm[c1]!, fl.lostByArm[c0]! + fl.lostByArm[c1]!),
    row(t.stages.responded, fl.respondedByArm[c0]!, fl.respondedByArm[c1]!, fl.respondedByArm[c0]! + fl.respondedByArm[c1]!),
    row(t.stages.endline, "", "", fl.endline),
    row(t.stages.unknown, "", "", fl.endlineUnknown),
    ...Object.entries(fl.analysedByOutcome).map(([o, by]) => row(`${t.stages.analysed}: ${o}`, by[c0]!, by[c1]!, by[c0]! + by[c1]!)),
  ];
  return [table([t.stage, c0, c1, "Total"], rows, [false, true, true, true], "flow")];
}

/** Section 4: the balance table, the joint test and the love plot. */
export function balanceSection(a: PilotAnalysis, f: Fmt): ReportBlock[] {
  const t = f.t;
  const b = a.balance;
  if (!b) return [{ type: "p", text: t.noBalance }];
  const blocks: ReportBlock[] = [
    table([t.covariate, t.meanControl, t.meanTreatment, t.difference, t.stdError, t.pValue, t.stdDiff],
      b.rows.map((r) => [r.term, f.num(r.meanControl), f.num(r.meanTreatment), f.num(r.estimate), f.num(r.stdError), f.p(r.pValue), f.num(r.stdDiff, 3)]), undefined, "balance"),
  ];
  for (const j of b.joint) blocks.push({ type: "p", text: `${t.joint}: F = ${f.num(j.statistic, 3)} (${f.n(j.df1)}; ${f.num(j.df2, 1)} ${t.df}), p = ${f.p(j.pValue)}.` });
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
  for (const r of at.responseDifference) blocks.push({ type: "p", text: `${t.responseDiff}: ${f.num(r.estimate, 3)} (${t.stdError} ${f.num(r.stdError, 3)}, p = ${f.p(r.pValue)}).` });
  for (const r of at.differentialAttrition) blocks.push({ type: "p", text: `${t.differential} F = ${f.num(r.statistic, 3)}, p = ${f.p(r.pValue)}.` });
  if (a.leeBounds.length) {
    blocks.push({ type: "h", text: t.lee });
    blocks.push(table([t.outcome, t.trimmed, t.lower, t.upper, `${t.ci} (Imbens–Manski)`],
      a.leeBounds.map((l) => [l.outcome, `${f.pct(l.trimmingShare)} (${l.trimmedArm})`, f.num(l.lowerBound), f.num(l.upperBound), f.ci(l.ciEffect[0], l.ciEffect[1])]), undefined, "lee"));
  }
  return blocks;
}

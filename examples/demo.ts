/**
 * `npm run demo`: the whole job on the bundled pilot, end to end.
 *
 * A ministry trained public officials in a new case-handling procedure ("taller").
 * Offices were randomized within regions. This script goes from the ministry's CSV
 * exports to the assignment (with its receipt), the power plan, the balance table,
 * the attrition report and the effect estimates, and writes a report to `out/demo/`
 * (`report.md` in English, `informe.md` in Spanish: labels from ensayo's dictionary, es-PY numbers).
 * Then it does the same job the way a pilot should: from the plan registered before the endline
 * (fixtures/pilot/plan.json, `declarePilot`), to one self-contained report (`out/demo/informe.html`).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import {
  attritionReport,
  declarePilot,
  renderReport,
  balanceTable,
  blockAndClusterRa,
  differenceInMeans,
  formatNumber,
  formatTable,
  valueLabel,
  ivRobust,
  lmRobust,
  lovePlotSvg,
  makeTable,
  mergePanel,
  planTrial,
  powerCurve,
  powerCurveSvg,
  readCsvFile,
  summary,
  verifyAssignment,
  type Table,
} from "../src/node.js";

const fixtures = new URL("../fixtures/pilot/", import.meta.url).pathname;
const out = process.env.ENSAYO_DEMO_OUT ?? "out/demo";
mkdirSync(out, { recursive: true });
const report: string[] = ["# Pilot evaluation: training for public officials (fixture data)", ""];
const informe: string[] = ["# Evaluación del piloto: capacitación de funcionarios públicos (datos de prueba)", ""];
/** A line of the report in English (printed) and in Spanish (informe.md; the English one when not given). */
const say = (text = "", es = text) => {
  console.log(text);
  report.push(text);
  informe.push(es);
};
const show = (title: string, rows: Parameters<typeof formatTable>[0], columns?: string[], titleEs = title) => {
  const options = { digits: 3, ...(columns ? { columns } : {}) };
  say(`\n## ${title}\n`, `\n## ${titleEs}\n`);
  say(formatTable(rows, "markdown", options), formatTable(rows, "markdown", { ...options, lang: "es" }));
};
/** A number in Spanish (es-PY): 1.234,56. */
const es = (x: number, digits = 2) => formatNumber(x, digits, "es");

// ── 1. Data: the ministry's own exports (semicolons, decimal commas, Latin-1, S/D) ──────────
const baseline = readCsvFile(join(fixtures, "baseline_ministerio.csv"), { locale: "es-PY" });
const endline = readCsvFile(join(fixtures, "endline_ministerio.csv"), { locale: "es-PY" });
const clean = readCsvFile(join(fixtures, "baseline.csv"));
say(`## 1. Data\n`, `## 1. Datos\n`);
for (const t of [baseline, endline]) {
  const r = t.report;
  const missing = Object.entries(r.missing).filter(([, k]) => k > 0).map(([c, k]) => `${c} ${k}`).join(", ");
  say(
    `- ${r.source}: ${r.rowsRead} rows, ${t.names.length} columns, encoding ${r.encoding}, delimiter '${r.delimiter}'; missing: ${missing || "none"}`,
    `- ${r.source}: ${r.rowsRead} filas, ${t.names.length} columnas, codificación ${r.encoding}, delimitador '${r.delimiter}'; faltantes: ${missing || "ninguno"}`,
  );
}
const same = clean.names.every((name) => {
  const a = clean.columns[name]!;
  const b = baseline.columns[name]!;
  return a.length === b.length && Array.from(a as ArrayLike<unknown>).every((v, i) => Object.is(v, (b as ArrayLike<unknown>)[i]));
});
say(
  `- the ministry export and the clean CSV parse to identical values: ${same ? "yes" : "NO"}`,
  `- la exportación del ministerio y el CSV limpio dan valores idénticos: ${same ? "sí" : "NO"}`,
);

// ── 2. Power: what can 48 offices of about 10 officials detect? ───────────────────────────
const plan = planTrial({
  solveFor: "mde", design: "cluster", nClusters: 48, clusterSize: 10, clusterSizeCv: 0.35, icc: 0.1,
  nBlocks: 6, sd: 12, baselineCorrelation: 0.6, power: 0.8, responseRate: 0.92,
});
say(`\n## 2. Power\n`, `\n## 2. Potencia\n`);
say(
  `- minimum detectable effect on the score (80% power, alpha 0.05, ICC 0.1, baseline r = 0.6, 92% response): ${plan.mde.toFixed(2)} points (${(plan.mde / 12).toFixed(2)} SD)`,
  `- efecto mínimo detectable en el puntaje (potencia 80%, alfa 0,05, CCI 0,1, r con la línea de base = 0,6, respuesta 92%): ${es(plan.mde)} puntos (${es(plan.mde / 12)} DE)`,
);
const curve = powerCurve({ vary: "effect", from: 0.5, to: 10, points: 39, plan: { design: "cluster", nClusters: 48, clusterSize: 10, clusterSizeCv: 0.35, icc: 0.1, nBlocks: 6, sd: 12, baselineCorrelation: 0.6, responseRate: 0.92 } });
writeFileSync(join(out, "power-curve.svg"), powerCurveSvg(curve, { title: "Power by effect size (score points)" }));

// ── 3. Assignment: offices within regions, half to the training, seed registered in advance ──
const assignment = blockAndClusterRa({
  data: baseline, id: "id", blocks: "region", clusters: "oficina",
  conditions: ["control", "taller"], seed: "ensayo-piloto-2026",
});
writeFileSync(join(out, "assignment-receipt.json"), JSON.stringify(assignment.receipt, null, 2));
writeFileSync(
  join(out, "assignment.csv"),
  formatTable(assignment.ids!.map((id, i) => ({ id, grupo: String(assignment.condition[i]) })), "csv"),
);
const check = verifyAssignment(assignment.receipt, { data: baseline, id: "id", blocks: "region", clusters: "oficina" });
// The pilot registered its assignment (fixtures/pilot/asignacion.csv): the same call reproduces it.
const registered = readCsvFile(join(fixtures, "asignacion.csv"));
const registeredArm = new Map((registered.columns.id as string[]).map((id, i) => [id, (registered.columns.grupo as string[])[i]]));
const reproduces = assignment.ids!.every((id, i) => registeredArm.get(id) === assignment.condition[i]);
say(`\n## 3. Assignment\n`, `\n## 3. Asignación\n`);
say(
  `- ${assignment.counts.map((c, k) => `${assignment.conditions[k]}: ${c} officials`).join(", ")} (offices within regions); receipt re-verified: ${check.ok ? "ok" : "DIFFERS"}; equals the registered assignment in asignacion.csv: ${reproduces ? "yes" : "NO"}`,
  `- ${assignment.counts.map((c, k) => `${assignment.conditions[k]}: ${c} funcionarios`).join(", ")} (oficinas dentro de regiones); comprobante re-verificado: ${check.ok ? "ok" : "DIFIERE"}; igual a la asignación registrada en asignacion.csv: ${reproduces ? "sí" : "NO"}`,
);
say(
  `- receipt: ${join(out, "assignment-receipt.json")} (seed ${assignment.receipt.rng.seed}, result SHA-256 ${assignment.receipt.resultSha256.slice(0, 16)}…)`,
  `- comprobante: ${join(out, "assignment-receipt.json")} (semilla ${assignment.receipt.rng.seed}, SHA-256 del resultado ${assignment.receipt.resultSha256.slice(0, 16)}…)`,
);

const withArm: Table = addColumn(baseline, "grupo", assignment.condition.map(String));

// ── 4. Balance at baseline ──────────────────────────────────────────────────────────────
const covariates = ["sexo", "edad", "antiguedad", "puntaje_base", "tramites_base", "salario"];
const balance = balanceTable(withArm, { treatment: "grupo", control: "control", covariates, blocks: "region", clusters: "oficina" });
show("4. Balance at baseline (region fixed effects, CR2 by office)", balance,
  ["covariate", "level", "meanControl", "meanTreatment", "difference", "estimate", "stdError", "pValue", "stdDiff", "varianceRatio", "flag"],
  "4. Balance en la línea de base (efectos fijos de región, CR2 por oficina)");
say(
  "\n('Adj. difference' is the within-region difference, to which the CR2 standard error and p-value belong; 'Difference' is the raw one.)",
  "\n('Dif. ajustada' es la diferencia dentro de cada región, a la que corresponden el error estándar CR2 y el valor p; 'Diferencia' es la diferencia bruta.)",
);
say(
  `\nJoint orthogonality: F = ${balance.joint[0]!.statistic.toFixed(3)}, p = ${balance.joint[0]!.pValue.toFixed(3)}`,
  `\nOrtogonalidad conjunta: F = ${es(balance.joint[0]!.statistic, 3)}, p = ${es(balance.joint[0]!.pValue, 3)}`,
);
writeFileSync(join(out, "love-plot.svg"), lovePlotSvg(balance));

// ── 5. Follow-up: merge baseline and endline, attrition by arm ─────────────────────────────
const panel = mergePanel(withArm, endline, { id: "id" });
say(`\n## 5. Follow-up\n`, `\n## 5. Seguimiento\n`);
say(
  `- matched ${panel.counts.matched} of ${panel.counts.baseline} baseline officials; ${panel.counts.onlyEndline} endline ids not in the baseline (${panel.unmatchedEndline.join(", ")}) are listed, not dropped silently`,
  `- se emparejaron ${panel.counts.matched} de ${panel.counts.baseline} funcionarios de la línea de base; ${panel.counts.onlyEndline} ids de la línea final que no están en la línea de base (${panel.unmatchedEndline.join(", ")}) se listan, no se descartan en silencio`,
);
const attrition = attritionReport(withArm, endline, {
  id: "id", treatment: "grupo", control: "control", covariates: ["edad", "puntaje_base"], blocks: "region", clusters: "oficina", outcome: "puntaje_final",
});
show("Response by arm", attrition.responseRates, undefined, "Respuesta por grupo");
// the SE and p-value belong to the within-region difference (`estimate`), so it is the one shown
show("Difference in response rates (taller − control, within regions, CR2 by office)", attrition.responseDifference,
  ["arm", "nControl", "nTreatment", "estimate", "stdError", "pValue", "confLow", "confHigh"],
  "Diferencia en las tasas de respuesta (taller − control, dentro de regiones, CR2 por oficina)");
show("Balance among the officials who answered the endline", attrition.respondersBalance!,
  ["covariate", "meanControl", "meanTreatment", "difference", "estimate", "stdError", "pValue", "stdDiff", "varianceRatio", "flag"],
  "Balance entre los funcionarios que respondieron la línea final");
const rj = attrition.respondersBalance!.joint[0]!;
say(
  `\nJoint orthogonality among responders: F = ${rj.statistic.toFixed(3)}, p = ${rj.pValue.toFixed(3)} (${rj.nObs} officials)`,
  `\nOrtogonalidad conjunta entre quienes respondieron: F = ${es(rj.statistic, 3)}, p = ${es(rj.pValue, 3)} (${rj.nObs} funcionarios)`,
);
show("Do baseline characteristics predict response differently by arm? (arm × covariate interactions)", attrition.differentialAttrition,
  ["arm", "nObs", "nDropped", "statistic", "df1", "df2", "pValue", "classicalStatistic", "classicalPValue"],
  "¿Predicen las características de base la respuesta de forma distinta por grupo? (interacciones grupo × covariable)");
for (const lb of attrition.leeBounds) {
  say(
    `\nLee (2009) bounds on the effect on the score, trimming ${(100 * lb.trimmingShare).toFixed(1)}% of the ${lb.trimmedArm} responders: [${lb.lowerBound.toFixed(2)}, ${lb.upperBound.toFixed(2)}]; 95% CI for the effect [${lb.ciEffect[0].toFixed(2)}, ${lb.ciEffect[1].toFixed(2)}]`,
    `\nCotas de Lee (2009) del efecto en el puntaje, recortando el ${es(100 * lb.trimmingShare, 1)}% de quienes respondieron en ${lb.trimmedArm}: [${es(lb.lowerBound)}; ${es(lb.upperBound)}]; IC 95% del efecto [${es(lb.ciEffect[0])}; ${es(lb.ciEffect[1])}]`,
  );
}

// ── 6. Effects ────────────────────────────────────────────────────────────────────────
const analysis = addColumn(panel.table, "taller", (panel.table.columns.grupo as (string | null)[]).map((g) => (g === null ? NaN : g === "taller" ? 1 : 0)));
const dim = differenceInMeans(analysis, { outcome: "puntaje_final", treatment: "taller", blocks: "region", clusters: "oficina" });
const fit = lmRobust(analysis, "puntaje_final ~ taller + puntaje_base", { clusters: "oficina", fixedEffects: "region" });
const iv = ivRobust(analysis, "puntaje_final ~ completo_taller + puntaje_base | taller + puntaje_base", { clusters: "oficina" });
show(`6. Effect on the endline score — difference in means (${dim.design})`, dim.coefficients, undefined,
  `6. Efecto en el puntaje final — diferencia de medias (${valueLabel("design", dim.design, "es")})`);
show("Regression on the baseline score with region fixed effects, CR2 by office", fit.coefficients, undefined,
  "Regresión sobre el puntaje de base con efectos fijos de región, CR2 por oficina");
show("Effect of completing the training (IV: assignment instruments completion)", iv.coefficients, undefined,
  "Efecto de completar la capacitación (VI: la asignación instrumenta la finalización)");
const droppedBy = Object.entries(fit.dropped.byColumn).map(([c, k]) => `${c}: ${k}`).join(", ");
say(
  `\n${fit.nObs} officials used; ${fit.dropped.total} rows left out for missing values (${droppedBy || "none"}).`,
  `\n${fit.nObs} funcionarios usados; ${fit.dropped.total} filas excluidas por valores faltantes (${droppedBy || "ninguna"}).`,
);
informe.push("", "```text", summary(fit, { lang: "es" }), "```");
writeFileSync(join(out, "informe.md"), informe.join("\n") + "\n");
console.log("\n" + summary(fit));

// ── 7. The declared pilot: the plan registered before the endline drives all of the above ─────
const pilot = declarePilot(readFileSync(join(fixtures, "plan.json"), "utf8"));
const drawn = pilot.assign(baseline);
const analysisOfPlan = pilot.analyze({ baseline, assignment: drawn, endline });
const primary = analysisOfPlan.effects[0]!;
say(`\n## 7. The declared pilot (fixtures/pilot/plan.json)\n`);
say(`- plan hash ${pilot.planHash} (register it before the endline); the receipt carries it: ${drawn.receipt.planHash === pilot.planHash ? "yes" : "NO"}`);
say(`- registered analysis: ${primary.label} ${primary.estimate.toFixed(3)} (SE ${primary.stdError.toFixed(3)}, randomization p ${primary.riPValue.toFixed(3)}, Holm-adjusted p ${primary.adjustedPValue.toFixed(4)}); ${analysisOfPlan.deviations.length} deviation(s) listed`);
writeFileSync(join(out, "informe.html"), renderReport(analysisOfPlan, { lang: "es" }));
writeFileSync(join(out, "report-en.md"), renderReport(analysisOfPlan, { lang: "en", format: "md" }));

writeFileSync(join(out, "report.md"), report.join("\n") + "\n");
console.log(`\nWrote ${join(out, "report.md")}, informe.md, informe.html, report-en.md, assignment.csv, assignment-receipt.json, love-plot.svg, power-curve.svg`);

/** A copy of `table` with one more column (the library never mutates its inputs, nor do we). */
function addColumn(table: Table, name: string, values: (string | null)[] | number[]): Table {
  const columns: Record<string, Float64Array | (string | null)[]> = Object.create(null);
  for (const n of table.names) columns[n] = table.columns[n]!;
  columns[name] = typeof values[0] === "number" ? Float64Array.from(values as number[]) : (values as (string | null)[]);
  return makeTable(columns, { names: [...table.names.filter((n) => n !== name), name], types: { ...table.types } });
}

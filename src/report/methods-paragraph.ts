/**
 * The methods paragraph of a pilot report, written from the registered plan in Spanish or English.
 */
import type { PilotPlan } from "../pilot/plan-schema.js";
import { formatCount, formatLocale, type ReportLang } from "./locale-number.js";

const METHOD_NAMES: Record<string, string> = {
  none: "none", bonferroni: "Bonferroni", holm: "Holm", hochberg: "Hochberg", hommel: "Hommel", BH: "Benjamini–Hochberg",
  BY: "Benjamini–Yekutieli", sharpenedQ: "sharpened q (Anderson 2008)", westfallYoung: "Westfall–Young", romanoWolf: "Romano–Wolf",
};

/** A multiplicity method's display name. */
export function methodName(method: string, lang: ReportLang): string {
  if (method === "none") return lang === "es" ? "ninguno" : "none";
  return METHOD_NAMES[method] ?? method;
}

const code = (s: string) => `«${s}»`;

/**
 * The methods paragraph: design, estimator, SEs, inference, multiplicity, attrition, take-up, subgroups, alpha and the plan hash.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * const pilot = declarePilot(readFileSync("fixtures/pilot/plan.json", "utf8"));
 * methodsParagraph(pilot.plan, pilot.planHash, 464, "CR2", "es"); // "Las 464 unidades de la línea de base se asignaron al azar …"
 * ```
 */
export function methodsParagraph(plan: PilotPlan, planHash: string, units: number, seType: string, lang: ReportLang): string {
  const d = plan.design;
  const conds = d.conditions.map(String);
  const c0 = conds[0]!;
  const multi = conds.length > 2;
  const list = (items: string[], and: string) => (items.length > 1 ? `${items.slice(0, -1).join(", ")} ${and} ${items[items.length - 1]}` : items[0] ?? "");
  const armsEs = list(conds.map(code), "y");
  const armsEn = list(conds.map(code), "and");
  const covs = plan.covariates.map(code).join(", ");
  const fams = plan.families.map((f) => `${f.name} (${methodName(f.multiplicity, lang)})`).join("; ");
  const alpha = formatLocale(plan.alpha, 2, lang);
  const n = formatCount(units, lang);
  const draws = formatCount(plan.randomizationInference.draws, lang);
  if (lang === "es") {
    const est = plan.estimator === "dim"
      ? "la diferencia de medias (differenceInMeans, equivalente a estimatr::difference_in_means)"
      : plan.estimator === "lmRobust"
        ? `una regresión lineal (lmRobust) sobre la asignación${covs ? ` y las covariables ${covs}` : ""}${d.blocks ? ", con efectos fijos de bloque" : ""}`
        : `la regresión de Lin (2013), con las covariables ${covs}${d.blocks ? ` y los bloques` : ""} centradas e interactuadas con la asignación (lmLin)`;
    return [
      `Las ${n} unidades de la línea de base se asignaron al azar a ${armsEs}${d.blocks ? ` dentro de los bloques definidos por ${code(d.blocks)}` : ""}${d.clusters ? `, por conglomerados completos (${code(d.clusters)})` : ""}, con la semilla ${code(String(d.seed))} registrada en el plan.`,
      `El efecto de la asignación (intención de tratar) sobre cada resultado se estima con ${est}, con errores estándar ${seType}${d.clusters ? ` agrupados por ${code(d.clusters)}` : ""}.`,
      multi ? `Cada grupo tratado se compara con ${code(c0)}${plan.estimator === "dim" ? " (la diferencia de medias usa solo las unidades de esos dos grupos)" : " en un mismo modelo, con un indicador por grupo"}; para cada resultado, una prueba F de Wald conjunta (con los mismos errores estándar${plan.estimator === "dim" ? ", sobre lmRobust con los indicadores de grupo" : ""}) contrasta que ningún grupo tenga efecto.` : "",
      plan.randomizationInference.enabled ? `Cada efecto tiene además un valor p por aleatorización, con ${draws} asignaciones del diseño declarado bajo la nula estricta de ningún efecto.` : "",
      `Los valores p se ajustan dentro de cada familia de resultados${multi ? ", sobre todas sus comparaciones (cada resultado por cada grupo tratado)" : ""}: ${fams}.`,
      plan.attrition === "lee" ? "La atrición se analiza por grupo y se acota con las cotas de Lee (2009)." : "",
      plan.takeUp ? `El efecto en quienes participaron (LATE) se estima por variables instrumentales (ivRobust), con la asignación como instrumento de ${code(plan.takeUp)}.` : "",
      plan.subgroups.length ? `Subgrupos registrados: ${plan.subgroups.map(code).join(", ")}; para cada uno, el efecto dentro de cada nivel y la prueba de Wald de las interacciones con la asignación${plan.subgroups.length > 1 ? ", además de la prueba conjunta" : ""}.` : "",
      plan.costs ? `Los costos por unidad (${plan.costs.currency}) dan el costo por unidad de efecto.` : "",
      `Nivel de significación: α = ${alpha}. El plan se registró antes de la línea final con el hash SHA-256 ${planHash.slice(0, 16)}…; todo análisis fuera del plan se marca como exploratorio.`,
    ].filter(Boolean).join(" ");
  }
  const est = plan.estimator === "dim"
    ? "the difference in means (differenceInMeans, as estimatr::difference_in_means)"
    : plan.estimator === "lmRobust"
      ? `a linear regression (lmRobust) on assignment${covs ? ` and the covariates ${covs}` : ""}${d.blocks ? ", with block fixed effects" : ""}`
      : `Lin's (2013) regression, with the covariates ${covs}${d.blocks ? " and the blocks" : ""} centred and interacted with assignment (lmLin)`;
  return [
    `The ${n} baseline units were randomly assigned to ${armsEn}${d.blocks ? ` within the blocks given by ${code(d.blocks)}` : ""}${d.clusters ? `, as whole clusters (${code(d.clusters)})` : ""}, with the seed ${code(String(d.seed))} registered in the plan.`,
    `The effect of assignment (intention to treat) on each outcome is estimated with ${est}, with ${seType} standard errors${d.clusters ? ` clustered by ${code(d.clusters)}` : ""}.`,
    multi ? `Each treated arm is compared with ${code(c0)}${plan.estimator === "dim" ? " (the difference in means uses the units of those two arms only)" : " in one model, with an indicator per arm"}; for each outcome, a joint Wald F test (with the same standard errors${plan.estimator === "dim" ? ", on lmRobust with the arm indicators" : ""}) tests that no arm has an effect.` : "",
    plan.randomizationInference.enabled ? `Each effect also has a randomization p-value, from ${draws} assignments of the declared design under the sharp null of no effect.` : "",
    `p-values are adjusted within each outcome family${multi ? ", over all its comparisons (every outcome for every treated arm)" : ""}: ${fams}.`,
    plan.attrition === "lee" ? "Attrition is compared by arm and bounded with Lee (2009) bounds." : "",
    plan.takeUp ? `The effect on those who took part (LATE) is estimated by instrumental variables (ivRobust), with assignment instrumenting ${code(plan.takeUp)}.` : "",
    plan.subgroups.length ? `Registered subgroups: ${plan.subgroups.map(code).join(", ")}; for each, the effect within every level and the Wald test of its interactions with assignment${plan.subgroups.length > 1 ? ", plus the joint test" : ""}.` : "",
    plan.costs ? `Costs per unit (${plan.costs.currency}) give the cost per unit of effect.` : "",
    `Significance level: α = ${alpha}. The plan was registered before the endline with SHA-256 hash ${planHash.slice(0, 16)}…; any analysis beyond the plan is labelled exploratory.`,
  ].filter(Boolean).join(" ");
}

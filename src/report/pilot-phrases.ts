/**
 * The pilot's deviations, warnings and notes in English and Spanish: `pilot.analyze` writes its English
 * messages from these templates, and the report writes them in its language from the same codes and
 * values, so a Spanish report carries no English sentence. Templates take `{name}` placeholders
 * (filled by `fillPhrase`); values are ids, counts, column names and error codes, never English text.
 */
import type { Label } from "./labels.js";

const L = (en: string, es: string): Label => ({ en, es });

/**
 * One template per deviation kind.
 *
 * @example
 * ```ts
 * DEVIATION_PHRASES.unit_count.es; // "la asignación tiene {assignment} unidades y la línea de base {baseline}"
 * ```
 */
export const DEVIATION_PHRASES = Object.freeze({
  plan_changed: L(
    "the plan analysed (hash {planHash}…) is not the plan registered ({source} {claimed}…): it was edited after registration",
    "el plan analizado (hash {planHash}…) no es el plan registrado ({source} {claimed}…): se editó después del registro"),
  missing_column: L("column '{column}' named by the plan is missing", "falta la columna '{column}' que nombra el plan"),
  unit_count: L("the assignment has {assignment} units and the baseline {baseline}", "la asignación tiene {assignment} unidades y la línea de base {baseline}"),
  unassigned_units: L(
    "{n} baseline units have no arm in the assignment ({ids}); they are left out of every comparison",
    "{n} unidades de la línea de base no tienen grupo en la asignación ({ids}); quedan fuera de toda comparación"),
  unknown_assignment_ids: L("{n} assignment ids are not in the baseline ({ids})", "{n} ids de la asignación no están en la línea de base ({ids})"),
  endline_unknown_ids: L(
    "{n} endline ids match no baseline unit ({ids}); they are counted here and left out",
    "{n} ids de la línea final no coinciden con ninguna unidad de la línea de base ({ids}); se cuentan aquí y quedan fuera del análisis"),
  outcome_missing_in_arm: L(
    "outcome '{outcome}' is missing for every unit of arm '{arm}': no effect can be estimated",
    "el resultado '{outcome}' falta en todas las unidades del grupo '{arm}': no se puede estimar ningún efecto"),
  method_unavailable: L(
    "the method '{method}' could not be applied to family '{family}' ({error}: {detail})",
    "el método '{method}' no pudo aplicarse a la familia '{family}' (error {error})"),
  arm_mismatch: L(
    "the assignment has arms not in the plan ({arms}); their units are left out of every comparison",
    "la asignación tiene grupos que no están en el plan ({arms}); sus unidades quedan fuera de toda comparación"),
  assignment_differs: L(
    "{n} units have a different arm from the one the plan's design and seed draw on this baseline ({ids})",
    "{n} unidades tienen un grupo distinto del que el diseño y la semilla del plan sortean en esta línea de base ({ids})"),
  estimation_failed: L(
    "the registered estimator failed on '{outcome}' ({error}: {detail})",
    "el estimador registrado falló en '{outcome}' (error {error})"),
} satisfies Record<string, Label>);

/** A deviation kind. */
export type DeviationKind = keyof typeof DEVIATION_PHRASES;

/**
 * One template per warning or note code of the pilot's analysis.
 *
 * @example
 * ```ts
 * NOTICE_PHRASES.lee_unavailable.es; // "Cotas de Lee de {subject}: no calculadas (error {error})"
 * ```
 */
export const NOTICE_PHRASES = Object.freeze({
  estimator_warning: L("{subject}: {detail}", "{subject}: el estimador dejó un aviso técnico (en inglés, en `analysis.warnings`)"),
  ri_failed_draws: L(
    "{subject}: the estimator failed on {failed} of {total} redrawn assignments; the randomization p-value uses the others",
    "{subject}: el estimador falló en {failed} de {total} asignaciones redibujadas; el valor p por aleatorización usa las demás"),
  ri_unavailable: L("{subject}: no randomization p-value ({error}: {detail})", "{subject}: sin valor p por aleatorización (error {error})"),
  lee_unavailable: L("Lee bounds {subject}: not computed ({error}: {detail})", "Cotas de Lee de {subject}: no calculadas (error {error})"),
  late_unavailable: L("LATE {subject}: not estimated ({error}: {detail})", "LATE de {subject}: no estimado (error {error})"),
  subgroup_unavailable: L("subgroup {subgroup} = {level}, {subject}: not estimated ({error}: {detail})", "subgrupo {subgroup} = {level}, {subject}: no estimado (error {error})"),
  heterogeneity_unavailable: L("heterogeneity {subgroup}, {subject}: not tested ({error}: {detail})", "heterogeneidad {subgroup}, {subject}: no probada (error {error})"),
  next_cohort_unavailable: L(
    "next cohort: the design parameters of '{subject}' could not be estimated ({error}: {detail})",
    "próxima cohorte: no se pudieron estimar los parámetros de diseño de '{subject}' (error {error})"),
  next_cohort_no_variation: L(
    "next cohort: '{subject}' does not vary in this cohort (standard deviation {sd}), so there is no MDE or power curve to plan the next one with",
    "próxima cohorte: '{subject}' no varía en esta cohorte (desviación estándar {sd}), así que no hay MDE ni curva de potencia para planificar la siguiente"),
  next_cohort_no_icc: L(
    "next cohort: the intraclass correlation of '{subject}' is {icc} (a power calculation needs a number from 0 to below 1: clusters with more than one unit and variation within them), so there is no MDE or power curve to plan the next one with",
    "próxima cohorte: la correlación intraclase de '{subject}' es {icc} (el cálculo de potencia necesita un número de 0 a menos de 1: conglomerados con más de una unidad y variación dentro de ellos), así que no hay MDE ni curva de potencia para planificar la siguiente"),
  late_no_take_up_column: L("LATE: take-up column '{subject}' is not numeric 0/1", "LATE: la columna de participación '{subject}' no es numérica 0/1"),
  resampling_step_down: L(
    "{family}: {method} step-down on the registered estimator's t statistics ({estimator}, {seType} standard errors) over {draws} assignments of the declared design ({how}), every outcome and arm on the same assignments",
    "{family}: step-down de {method} sobre los estadísticos t del estimador registrado ({estimator}, errores estándar {seType}) en {draws} asignaciones del diseño declarado ({how}), todos los resultados y grupos en las mismas asignaciones"),
  family_over_arms: L(
    "{family}: the adjustment runs over its {outcomes} outcomes × {arms} treated arms ({hypotheses} hypotheses)",
    "{family}: el ajuste abarca sus {outcomes} resultados × {arms} grupos tratados ({hypotheses} hipótesis)"),
  exact: L("exact", "enumeración exacta"),
  sampled: L("sampled", "muestreadas"),
} satisfies Record<string, Label>);

/** A warning or note code. */
export type NoticeCode = keyof typeof NOTICE_PHRASES;

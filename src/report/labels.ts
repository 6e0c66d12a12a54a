/**
 * Every label a person reads, in English and Spanish: field names of results (column headers of
 * `formatTable`, lines of `summary`), and the phrases of summaries, reports and the command line.
 * One dictionary, so a new field gets its Spanish label in one place (a test walks every result kind
 * and fails on a field without one).
 */

/** The languages of labels. */
export type Lang = "en" | "es";

/** A label in both languages. */
export interface Label {
  readonly en: string;
  readonly es: string;
}

const L = (en: string, es: string): Label => ({ en, es });

/**
 * Labels of result fields, keyed by field name (`pValue`, `mdeItt`, …).
 *
 * @example
 * ```ts
 * FIELD_LABELS.mdeItt.es; // "EMD (intención de tratar)"
 * ```
 */
export const FIELD_LABELS: Readonly<Record<string, Label>> = Object.freeze({
  // coefficient rows (estimatr's tidy names)
  term: L("Term", "Término"),
  estimate: L("Estimate", "Estimación"),
  stdError: L("Std. error", "Error estándar"),
  standardError: L("Std. error", "Error estándar"),
  statistic: L("Statistic", "Estadístico"),
  df: L("df", "gl"),
  df1: L("df1", "gl1"),
  df2: L("df2", "gl2"),
  dfResidual: L("Residual df", "gl residuales"),
  pValue: L("p-value", "Valor p"),
  confLow: L("CI low", "IC inferior"),
  confHigh: L("CI high", "IC superior"),
  outcome: L("Outcome", "Resultado"),
  value: L("Value", "Valor"),
  // fits
  kind: L("Result", "Resultado de"),
  formula: L("Formula", "Fórmula"),
  coefficients: L("Coefficients", "Coeficientes"),
  seType: L("Standard errors", "Errores estándar"),
  alpha: L("Alpha", "Alfa"),
  nObs: L("N", "N"),
  n: L("N", "N"),
  nDropped: L("Dropped", "Excluidos"),
  dropped: L("Dropped rows", "Filas excluidas"),
  total: L("Total", "Total"),
  nClusters: L("Clusters", "Conglomerados"),
  nBlocks: L("Blocks", "Bloques"),
  nUnits: L("Units", "Unidades"),
  nCovariates: L("Covariates", "Covariables"),
  nControl: L("N (control)", "N (control)"),
  nTreatment: L("N (treatment)", "N (tratamiento)"),
  r2: L("R²", "R²"),
  adjR2: L("Adjusted R²", "R² ajustado"),
  fStatistic: L("F statistic", "Estadístico F"),
  rank: L("Rank", "Rango"),
  vcov: L("Covariance matrix", "Matriz de covarianzas"),
  terms: L("Terms", "Términos"),
  weighted: L("Weighted", "Ponderado"),
  fixedEffects: L("Fixed effects", "Efectos fijos"),
  instruments: L("Instruments", "Instrumentos"),
  design: L("Design", "Diseño"),
  treated: L("Treated arm", "Grupo tratado"),
  test: L("Test", "Prueba"),
  method: L("Method", "Método"),
  warnings: L("Warnings", "Advertencias"),
  call: L("Call", "Llamada"),
  fn: L("Function", "Función"),
  options: L("Options", "Opciones"),
  note: L("Note", "Nota"),
  // balance
  covariate: L("Covariate", "Covariable"),
  covariates: L("Covariates", "Covariables"),
  level: L("Level", "Nivel"),
  arm: L("Arm", "Grupo"),
  arms: L("Arms", "Grupos"),
  control: L("Control", "Control"),
  treatment: L("Treatment", "Tratamiento"),
  missingControl: L("Missing (control)", "Faltantes (control)"),
  missingTreatment: L("Missing (treatment)", "Faltantes (tratamiento)"),
  meanControl: L("Mean (control)", "Media (control)"),
  meanTreatment: L("Mean (treatment)", "Media (tratamiento)"),
  sdControl: L("SD (control)", "DE (control)"),
  sdTreatment: L("SD (treatment)", "DE (tratamiento)"),
  difference: L("Difference", "Diferencia"),
  stdDiff: L("Std. diff.", "Dif. estandarizada"),
  varianceRatio: L("Variance ratio", "Razón de varianzas"),
  flag: L("Flag", "Alerta"),
  rows: L("Rows", "Filas"),
  joint: L("Joint tests", "Pruebas conjuntas"),
  classicalStatistic: L("Classical F", "F clásico"),
  classicalDf1: L("Classical df1", "gl1 clásico"),
  classicalDf2: L("Classical df2", "gl2 clásico"),
  classicalPValue: L("Classical p-value", "Valor p clásico"),
  randomizationPValue: L("Randomization p-value", "Valor p de aleatorización"),
  permutations: L("Permutations", "Permutaciones"),
  threshold: L("Threshold", "Umbral"),
  blocks: L("Blocks", "Bloques"),
  clusters: L("Clusters", "Conglomerados"),
  balanceAcrossBlocks: L("Balance across blocks", "Balance entre bloques"),
  // attrition and Lee bounds
  baseline: L("Baseline", "Línea de base"),
  endline: L("Endline", "Línea final"),
  responded: L("Responded", "Respondieron"),
  responseRate: L("Response rate", "Tasa de respuesta"),
  responseRates: L("Response rates", "Tasas de respuesta"),
  responseDifference: L("Difference in response", "Diferencia en respuesta"),
  attrition: L("Attrition", "Deserción"),
  differentialAttrition: L("Differential attrition", "Deserción diferencial"),
  respondersBalance: L("Balance among responders", "Balance entre quienes respondieron"),
  respondedControl: L("Responded (control)", "Respondieron (control)"),
  respondedTreatment: L("Responded (treatment)", "Respondieron (tratamiento)"),
  responseRateControl: L("Response rate (control)", "Tasa de respuesta (control)"),
  responseRateTreatment: L("Response rate (treatment)", "Tasa de respuesta (tratamiento)"),
  leeBounds: L("Lee bounds", "Cotas de Lee"),
  bound: L("Bound", "Cota"),
  trimmedArm: L("Trimmed arm", "Grupo recortado"),
  trimmingShare: L("Share trimmed", "Proporción recortada"),
  lowerBound: L("Lower bound", "Cota inferior"),
  upperBound: L("Upper bound", "Cota superior"),
  lowerStdError: L("Std. error (lower)", "Error estándar (inferior)"),
  upperStdError: L("Std. error (upper)", "Error estándar (superior)"),
  ciEffect: L("CI for the effect", "IC del efecto"),
  ciSet: L("CI for the bounds", "IC de las cotas"),
  // panels
  table: L("Table", "Tabla"),
  id: L("Id", "Id"),
  keep: L("Rows kept", "Filas conservadas"),
  counts: L("Counts", "Conteos"),
  matched: L("Matched", "Emparejados"),
  onlyBaseline: L("Only in baseline", "Solo en línea de base"),
  onlyEndline: L("Only in endline", "Solo en línea final"),
  unmatchedBaseline: L("Unmatched baseline ids", "Ids de línea de base sin par"),
  unmatchedEndline: L("Unmatched endline ids", "Ids de línea final sin par"),
  suffixed: L("Suffixed columns", "Columnas con sufijo"),
  nearMatches: L("Near matches", "Casi coincidencias"),
  // assignment
  assignment: L("Assignment", "Asignación"),
  condition: L("Condition", "Condición"),
  conditions: L("Conditions", "Condiciones"),
  ids: L("Ids", "Ids"),
  units: L("Units", "Unidades"),
  seed: L("Seed", "Semilla"),
  rng: L("Random number generator", "Generador de números aleatorios"),
  algorithm: L("Algorithm", "Algoritmo"),
  library: L("Library", "Biblioteca"),
  version: L("Version", "Versión"),
  receipt: L("Receipt", "Comprobante"),
  resultSha256: L("Result SHA-256", "SHA-256 del resultado"),
  type: L("Type", "Tipo"),
  simple: L("Simple", "Simple"),
  amounts: L("Amounts", "Cantidades"),
  label: L("Label", "Etiqueta"),
  rerandomization: L("Rerandomization", "Re-aleatorización"),
  rerandomize: L("Rerandomize", "Re-aleatorizar"),
  restricted: L("Restricted", "Restringida"),
  rounded: L("Rounded", "Redondeado"),
  byArm: L("By arm", "Por grupo"),
  byBlock: L("By block", "Por bloque"),
  byColumn: L("By column", "Por columna"),
  columns: L("Columns", "Columnas"),
  ok: L("Reproduced", "Reproducida"),
  differences: L("Differences", "Diferencias"),
  what: L("What differs", "Qué difiere"),
  message: L("Message", "Mensaje"),
  field: L("Field", "Campo"),
  expected: L("Expected", "Esperado"),
  actual: L("Actual", "Obtenido"),
  row: L("Row", "Fila"),
  failed: L("Failed", "Fallidas"),
  // power and planning
  power: L("Power", "Potencia"),
  mde: L("MDE", "Efecto mínimo detectable"),
  mdeItt: L("MDE (intention to treat)", "EMD (intención de tratar)"),
  mdeSd: L("MDE (in SDs)", "EMD (en desvíos estándar)"),
  mdeFloor: L("MDE floor", "EMD mínimo alcanzable"),
  effect: L("Effect", "Efecto"),
  effectSize: L("Effect size", "Tamaño del efecto"),
  d: L("Effect size (d)", "Tamaño del efecto (d)"),
  sd: L("SD", "DE"),
  icc: L("ICC", "Correlación intraclase"),
  clusterSize: L("Cluster size", "Tamaño del conglomerado"),
  clusterSizeCv: L("CV of cluster size", "CV del tamaño del conglomerado"),
  designEffect: L("Design effect", "Efecto de diseño"),
  treatedShare: L("Treated share", "Proporción tratada"),
  controlShare: L("Control share", "Proporción de control"),
  multiplier: L("Multiplier", "Multiplicador"),
  alternative: L("Alternative", "Alternativa"),
  solvedFor: L("Solved for", "Se despejó"),
  takeUp: L("Take-up", "Adopción"),
  r2Unit: L("R² (units)", "R² (unidades)"),
  r2Cluster: L("R² (clusters)", "R² (conglomerados)"),
  alphaPerComparison: L("Alpha per comparison", "Alfa por comparación"),
  vary: L("Varies", "Varía"),
  x: L("x", "x"),
  // design diagnosis
  diagnosand: L("Diagnosand", "Diagnóstico"),
  diagnosands: L("Diagnosands", "Diagnósticos"),
  sims: L("Simulations", "Simulaciones"),
  // randomization inference (riTest) and multiple testing (westfallYoung, romanoWolf, adjustPValues)
  nSims: L("Assignments used", "Asignaciones usadas"),
  numPermutations: L("Possible assignments", "Asignaciones posibles"),
  maxExact: L("Most assignments enumerated", "Máximo de asignaciones enumeradas"),
  plusOne: L("+1 correction", "Corrección +1"),
  sharpNull: L("Sharp null (τ)", "Hipótesis nula exacta (τ)"),
  confidenceMethod: L("How the confidence set was found", "Cómo se halló el conjunto de confianza"),
  pValueTwoSided: L("p-value (two-sided)", "Valor p (bilateral)"),
  pValueGreater: L("p-value (greater)", "Valor p (mayor)"),
  pValueLess: L("p-value (less)", "Valor p (menor)"),
  mcStdError: L("Monte Carlo SE", "EE de Monte Carlo"),
  nExtreme: L("As or more extreme", "Igual o más extremos"),
  nValid: L("Valid assignments", "Asignaciones válidas"),
  nFailed: L("Failed assignments", "Asignaciones fallidas"),
  nullDistribution: L("Null distribution", "Distribución nula"),
  values: L("Values", "Valores"),
  weights: L("Weights", "Ponderaciones"),
  pValueAdjusted: L("Adjusted p-value", "Valor p ajustado"),
  pValueHolm: L("Holm p-value", "Valor p de Holm"),
  rejected: L("Rejected", "Rechazada"),
  step: L("Step", "Paso"),
  adjusted: L("Adjusted", "Ajustados"),
  nMissing: L("Missing", "Faltantes"),
  qGrid: L("q grid", "Grilla de q"),
  // standardized indices (standardizedIndex)
  index: L("Index", "Índice"),
  name: L("Name", "Nombre"),
  components: L("Components", "Componentes"),
  controlMean: L("Control mean", "Media del control"),
  controlSd: L("Control SD", "DE del control"),
  covariance: L("Covariance", "Covarianza"),
  missing: L("Missing", "Faltantes"),
  nIndexMissing: L("Index missing", "Índice faltante"),
  nPartial: L("Partly missing", "Con faltantes parciales"),
  nUsed: L("Units used", "Unidades usadas"),
  sample: L("Sample", "Muestra"),
  restandardized: L("Restandardized", "Reestandarizado"),
  sign: L("Sign", "Signo"),
  weight: L("Weight", "Ponderación"),
  // design parameters (designParameters)
  mean: L("Mean", "Media"),
  msBetween: L("Mean square between clusters", "Cuadrado medio entre conglomerados"),
  msWithin: L("Mean square within clusters", "Cuadrado medio dentro de los conglomerados"),
  n0: L("n₀ (ANOVA cluster size)", "n₀ (tamaño de conglomerado del ANOVA)"),
  nGroups: L("Clusters (ANOVA)", "Conglomerados (ANOVA)"),
  varianceBetween: L("Variance between clusters", "Varianza entre conglomerados"),
  varianceWithin: L("Variance within clusters", "Varianza dentro de los conglomerados"),
  planTrial: L("planTrial options", "Opciones de planTrial"),
});

/**
 * The label of a field in `lang`, or the field name itself when there is none (a data column keeps the
 * name it was read with).
 *
 * @example
 * ```ts
 * fieldLabel("designEffect", "es"); // "Efecto de diseño"
 * fieldLabel("puntaje_final", "es"); // "puntaje_final"
 * ```
 */
export function fieldLabel(field: string, lang: Lang): string {
  return Object.prototype.hasOwnProperty.call(FIELD_LABELS, field) ? FIELD_LABELS[field]![lang] : field;
}

/**
 * Names of result kinds, as a title (`summary`, reports).
 *
 * @example
 * ```ts
 * kindLabel("differenceInMeans", "es"); // "Diferencia de medias"
 * ```
 */
export const KIND_LABELS: Readonly<Record<string, Label>> = Object.freeze({
  lmRobust: L("Linear regression, robust standard errors", "Regresión lineal, errores estándar robustos"),
  lmLin: L("Lin (2013) regression", "Regresión de Lin (2013)"),
  differenceInMeans: L("Difference in means", "Diferencia de medias"),
  horvitzThompson: L("Horvitz-Thompson estimator", "Estimador de Horvitz-Thompson"),
  ivRobust: L("Instrumental variables (2SLS)", "Variables instrumentales (MC2E)"),
  waldTest: L("Wald test", "Prueba de Wald"),
  balanceTable: L("Balance table", "Tabla de balance"),
  attritionReport: L("Attrition report", "Informe de deserción"),
  leeBounds: L("Lee bounds", "Cotas de Lee"),
  mergePanel: L("Merged panel", "Panel combinado"),
  declareRa: L("Random assignment design", "Diseño de asignación aleatoria"),
  assignment: L("Random assignment", "Asignación aleatoria"),
  assignment_receipt: L("Assignment receipt", "Comprobante de asignación"),
  verifyAssignment: L("Assignment verification", "Verificación de la asignación"),
  conditionProbabilities: L("Condition probabilities", "Probabilidades de condición"),
  permutationSet: L("Permutation set", "Conjunto de permutaciones"),
  powerTTest: L("Power of a t test", "Potencia de una prueba t"),
  powerT2n: L("Power of a t test, unequal arms", "Potencia de una prueba t, grupos desiguales"),
  power2p: L("Power of a difference in proportions", "Potencia de una diferencia de proporciones"),
  power2p2n: L("Power of a difference in proportions, unequal arms", "Potencia de una diferencia de proporciones, grupos desiguales"),
  powerF2: L("Power of a regression F test", "Potencia de una prueba F de regresión"),
  planTrial: L("Trial plan", "Plan del ensayo"),
  powerCurve: L("Power curve", "Curva de potencia"),
  diagnoseDesign: L("Design diagnosis", "Diagnóstico del diseño"),
  riTest: L("Randomization inference", "Inferencia por aleatorización"),
  westfallYoung: L("Westfall–Young step-down", "Ajuste escalonado de Westfall–Young"),
  romanoWolf: L("Romano–Wolf step-down", "Ajuste escalonado de Romano–Wolf"),
  adjustPValues: L("Adjusted p-values", "Valores p ajustados"),
  standardizedIndex: L("Standardized index", "Índice estandarizado"),
  designParameters: L("Design parameters", "Parámetros de diseño"),
});

/** The title of a result kind in `lang`, or the kind itself. */
export function kindLabel(kind: string, lang: Lang): string {
  return Object.prototype.hasOwnProperty.call(KIND_LABELS, kind) ? KIND_LABELS[kind]![lang] : kind;
}

/**
 * Sentences of summaries, reports and the command line, with `{name}` placeholders.
 *
 * @example
 * ```ts
 * phrase("droppedRows", "es", { n: 3 }); // "3 fila(s) excluida(s) por valores faltantes"
 * ```
 */
export const PHRASES = Object.freeze({
  aliased: L("(aliased)", "(colineal)"),
  adjusted: L("adjusted", "ajustado"),
  fOn: L("F {value} on {df1} and {df2} df, p {p}", "F {value} con {df1} y {df2} gl, p {p}"),
  droppedRows: L("{n} row(s) dropped for missing values", "{n} fila(s) excluida(s) por valores faltantes"),
  warning: L("warning: {text}", "advertencia: {text}"),
  fixedEffectsList: L("fixed effects: {list}", "efectos fijos: {list}"),
  clustersCount: L("clusters = {n}", "conglomerados = {n}"),
  seFact: L("SE {se}", "EE {se}"),
  ciLow: L("{level} low", "{level} inf."),
  ciHigh: L("{level} high", "{level} sup."),
  tValue: L("t value", "valor t"),
  prT: L("Pr(>|t|)", "Pr(>|t|)"),
});

/** The id of a phrase in {@link PHRASES}. */
export type PhraseId = keyof typeof PHRASES;

/**
 * A sentence of {@link PHRASES} in `lang`, with its `{name}` placeholders filled in.
 *
 * @example
 * ```ts
 * phrase("seFact", "es", { se: "CR2" }); // "EE CR2"
 * ```
 */
export function phrase(id: PhraseId, lang: Lang, vars: Readonly<Record<string, string | number>> = {}): string {
  return fillPhrase(PHRASES[id], lang, vars);
}

/**
 * A label's text in `lang` with its `{name}` placeholders filled in (for phrase dictionaries kept
 * elsewhere, such as the command line's notes).
 *
 * @example
 * ```ts
 * fillPhrase({ en: "n = {n}", es: "n = {n}" }, "es", { n: 3 }); // "n = 3"
 * ```
 */
export function fillPhrase(label: Label, lang: Lang, vars: Readonly<Record<string, string | number>> = {}): string {
  return label[lang].replace(/\{(\w+)\}/g, (m, k: string) => (Object.prototype.hasOwnProperty.call(vars, k) ? String(vars[k]) : m));
}

/**
 * Values that results hold as words (a difference in means' `design`), by field then value.
 *
 * @example
 * ```ts
 * valueLabel("design", "Block-clustered", "es"); // "Por bloques y conglomerados"
 * ```
 */
export const VALUE_LABELS: Readonly<Record<string, Readonly<Record<string, Label>>>> = Object.freeze({
  design: {
    Standard: L("Standard", "Estándar"),
    Blocked: L("Blocked", "Por bloques"),
    Clustered: L("Clustered", "Por conglomerados"),
    "Block-clustered": L("Block-clustered", "Por bloques y conglomerados"),
    "Matched-pair": L("Matched-pair", "Pares emparejados"),
    "Matched-pair clustered": L("Matched-pair clustered", "Pares emparejados por conglomerados"),
    "Small blocks": L("Small blocks", "Bloques pequeños"),
    "Hybrid blocked": L("Hybrid blocked", "Bloques híbridos"),
    individual: L("individual", "individual"),
    cluster: L("cluster", "por conglomerados"),
  },
  bound: { lower: L("lower", "inferior"), upper: L("upper", "superior") },
  alternative: { "two-sided": L("two-sided", "bilateral"), greater: L("greater", "mayor"), less: L("less", "menor") },
  // riTest: how the assignments were obtained, and the statistic's kind
  method: {
    exact: L("exact", "exacta"),
    sampled: L("sampled", "muestreada"),
    "Two-sample t test power calculation": L("Two-sample t test power calculation", "Cálculo de potencia de una prueba t de dos muestras"),
    "One-sample t test power calculation": L("One-sample t test power calculation", "Cálculo de potencia de una prueba t de una muestra"),
    "Paired t test power calculation": L("Paired t test power calculation", "Cálculo de potencia de una prueba t pareada"),
    "t test power calculation": L("t test power calculation", "Cálculo de potencia de una prueba t"),
    "Multiple regression power calculation": L("Multiple regression power calculation", "Cálculo de potencia de una regresión múltiple"),
    "Difference of proportion power calculation for binomial distribution (arcsine transformation)": L(
      "Difference of proportion power calculation for binomial distribution (arcsine transformation)",
      "Cálculo de potencia de una diferencia de proporciones, distribución binomial (transformación arcoseno)",
    ),
    "difference of proportion power calculation for binomial distribution (arcsine transformation)": L(
      "difference of proportion power calculation for binomial distribution (arcsine transformation)",
      "Cálculo de potencia de una diferencia de proporciones, distribución binomial (transformación arcoseno)",
    ),
  },
  // a data report's column types (`ensayo read`), and the types of assignments and t tests
  type: {
    number: L("number", "número"),
    integer: L("integer", "entero"),
    boolean: L("boolean", "lógico"),
    date: L("date", "fecha"),
    text: L("text", "texto"),
    simple: L("simple", "simple"),
    complete: L("complete", "completa"),
    blocked: L("blocked", "por bloques"),
    clustered: L("clustered", "por conglomerados"),
    blocked_and_clustered: L("blocked_and_clustered", "por bloques y conglomerados"),
    "two.sample": L("two.sample", "dos muestras"),
    "one.sample": L("one.sample", "una muestra"),
    paired: L("paired", "pareada"),
  },
  // what a power calculation solved for
  solvedFor: {
    power: L("power", "potencia"),
    mde: L("mde", "efecto mínimo detectable"),
    nUnits: L("nUnits", "unidades"),
    nClusters: L("nClusters", "conglomerados"),
    clusterSize: L("clusterSize", "tamaño del conglomerado"),
    n: L("n", "tamaño de muestra (n)"),
    n1: L("n1", "tamaño de muestra n1"),
    n2: L("n2", "tamaño de muestra n2"),
    d: L("d", "tamaño del efecto (d)"),
    h: L("h", "tamaño del efecto (h)"),
    f2: L("f2", "tamaño del efecto (f2)"),
    u: L("u", "gl del numerador (u)"),
    v: L("v", "gl del denominador (v)"),
    alpha: L("alpha", "alfa"),
  },
  vary: {
    effect: L("effect", "efecto"),
    nUnits: L("nUnits", "unidades"),
    nClusters: L("nClusters", "conglomerados"),
    clusterSize: L("clusterSize", "tamaño del conglomerado"),
  },
  // riTest's confidence set (src/inference/ri-summary.ts writes the English sentence)
  confidenceMethod: {
    "test inversion over constant effects: outward doubling from the estimate, then bisection to 1e-12 relative (docs/inference.md)": L(
      "test inversion over constant effects: outward doubling from the estimate, then bisection to 1e-12 relative (docs/inference.md)",
      "inversión de la prueba con efectos constantes: se duplica el paso desde la estimación y luego se biseca hasta 1e-12 relativo (docs/inference.md)",
    ),
  },
  // the power functions' method and note, in pwr's words
  note: {
    "n is number in *each* group": L("n is number in *each* group", "n es el número en *cada* grupo"),
    "n is number of *pairs*": L("n is number of *pairs*", "n es el número de *pares*"),
    "same sample sizes": L("same sample sizes", "tamaños de muestra iguales"),
    "different sample sizes": L("different sample sizes", "tamaños de muestra distintos"),
  },
  diagnosand: {
    meanEstimand: L("meanEstimand", "media del estimando"),
    meanEstimate: L("meanEstimate", "media de la estimación"),
    bias: L("bias", "sesgo"),
    sdEstimate: L("sdEstimate", "DE de la estimación"),
    rmse: L("rmse", "raíz del error cuadrático medio"),
    power: L("power", "potencia"),
    coverage: L("coverage", "cobertura"),
    meanSe: L("meanSe", "media del error estándar"),
    failureRate: L("failureRate", "tasa de fallas"),
  },
  // standardizedIndex's missing-value rule and covariance sample; mergePanel's rows kept; waldTest's test
  missing: { available: L("available", "disponibles"), complete: L("complete", "completos") },
  sample: { all: L("all", "todas"), control: L("control", "control") },
  keep: { baseline: L("baseline", "línea de base"), inner: L("inner", "solo emparejadas") },
  test: { chisq: L("chisq", "ji cuadrado") },
  statistic: {
    "difference-in-means": L("difference-in-means", "diferencia de medias"),
    coefficient: L("coefficient", "coeficiente"),
    t: L("t", "t"),
    "wald-f": L("wald-f", "F de Wald"),
    custom: L("custom", "función propia"),
  },
});

/** A value word of a field in `lang` (`design: "Clustered"` → "Por conglomerados"), or the value itself. */
export function valueLabel(field: string, value: string, lang: Lang): string {
  const own = Object.prototype.hasOwnProperty;
  const words = own.call(VALUE_LABELS, field) ? VALUE_LABELS[field]! : undefined;
  return words && own.call(words, value) ? words[value]![lang] : value;
}

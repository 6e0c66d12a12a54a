import { invalidOption } from "../errors.js";
import { named } from "../internal/boundary.js";

/**
 * A commented plan template (JSON with `//` comments, which `declarePilot` and `ensayo plan hash` accept).
 */

const FIELDS = {
  es: {
    head: "Plan de análisis del piloto. Regístrelo (ensayo plan hash plan.json) ANTES de recibir la línea final.",
    title: "Título del informe",
    id: "Columna con el id de cada unidad, igual en línea de base, asignación y línea final",
    design: "La asignación (opciones de declareRa): grupos (control primero; con varios grupos tratados, cada uno se compara con el control), bloques, conglomerados y semilla",
    treatment: "Columna del grupo en el archivo de asignación",
    families: "Familias de resultados: cada una con su método de multiplicidad; dirección esperada: increase | decrease | either",
    multiplicity: "none | bonferroni | holm | hochberg | hommel | BH | BY | sharpenedQ | westfallYoung | romanoWolf",
    index: "Índice estandarizado de la familia: none | klk | anderson",
    covariates: "Covariables de línea de base del estimador",
    balance: "Covariables de la tabla de balance (por defecto, las del estimador)",
    estimator: "dim (diferencia de medias) | lmRobust (con covariables) | lmLin (Lin 2013)",
    seType: "Errores estándar: CR2 con conglomerados, HC2 sin ellos (o classical, HC0, HC1, HC3, CR0, stata)",
    ri: "Inferencia por aleatorización: activada y número de asignaciones redibujadas",
    attrition: "lee (cotas de Lee 2009) | none",
    takeUp: "Columna 0/1 de la línea final con quién participó (efecto en participantes, LATE); bórrela si no hay",
    subgroups: "Subgrupos preregistrados (columnas de línea de base)",
    costs: "Costo por unidad en cada grupo (opcional)",
    lang: "Idioma del informe: es | en",
  },
  en: {
    head: "The pilot's analysis plan. Register it (ensayo plan hash plan.json) BEFORE the endline arrives.",
    title: "Report title",
    id: "Unit id column, the same in the baseline, the assignment and the endline",
    design: "The assignment (declareRa's options): arms (control first; with several treated arms, each is compared with control), blocks, clusters and the seed",
    treatment: "Arm column of the assignment file",
    families: "Outcome families, each with its multiplicity method; expected direction: increase | decrease | either",
    multiplicity: "none | bonferroni | holm | hochberg | hommel | BH | BY | sharpenedQ | westfallYoung | romanoWolf",
    index: "The family's standardized index: none | klk | anderson",
    covariates: "Baseline covariates of the estimator",
    balance: "Balance table covariates (default: the estimator's)",
    estimator: "dim (difference in means) | lmRobust (with covariates) | lmLin (Lin 2013)",
    seType: "Standard errors: CR2 with clusters, HC2 without (or classical, HC0, HC1, HC3, CR0, stata)",
    ri: "Randomization inference: on or off, and the number of redrawn assignments",
    attrition: "lee (Lee 2009 bounds) | none",
    takeUp: "0/1 endline column recording who took part (effect on participants, LATE); delete if none",
    subgroups: "Pre-registered subgroups (baseline columns)",
    costs: "Cost per unit in each arm (optional)",
    lang: "Report language: es | en",
  },
};

/**
 * The plan template, commented in Spanish or English; its values are the bundled pilot's.
 *
 * @example
 * ```ts
 * declarePilot(planTemplate("es")).plan.estimator; // "lmRobust"
 * planTemplate("fr" as never); // throws INVALID_OPTION: planTemplate: `lang` must be "es" or "en"; got "fr"
 * ```
 * @throws EnsayoError `INVALID_OPTION` for a language other than "es" or "en".
 */
export function planTemplate(lang: "es" | "en" = "es"): string {
  return named("planTemplate", () => templateIn(lang));
}

function templateIn(lang: "es" | "en"): string {
  if (lang !== "es" && lang !== "en") invalidOption("lang", 'must be "es" or "en"', lang);
  const c = FIELDS[lang];
  return `// ${c.head}
{
  // ${c.title}
  "title": "${lang === "es" ? "Piloto: taller para funcionarios" : "Pilot: training for officials"}",
  // ${c.id}
  "id": "id",
  // ${c.design}
  "design": {
    "conditions": ["control", "taller"],
    // ${c.treatment}
    "treatment": "grupo",
    "blocks": "region",
    "clusters": "oficina",
    "seed": "ensayo-piloto-2026"
  },
  // ${c.families}
  "families": [
    {
      "name": "${lang === "es" ? "primaria" : "primary"}",
      "primary": true,
      "outcomes": [{ "column": "puntaje_final", "direction": "increase" }],
      // ${c.multiplicity}
      "multiplicity": "holm",
      // ${c.index}
      "index": "none"
    },
    {
      "name": "${lang === "es" ? "secundaria" : "secondary"}",
      "outcomes": [{ "column": "tramites_final", "direction": "increase" }],
      "multiplicity": "holm"
    }
  ],
  // ${c.covariates}
  "covariates": ["puntaje_base"],
  // ${c.balance}
  "balanceCovariates": ["sexo", "edad", "antiguedad", "puntaje_base", "tramites_base", "salario"],
  // ${c.estimator}
  "estimator": "lmRobust",
  // ${c.seType}
  "seType": "CR2",
  // ${c.ri}
  "randomizationInference": { "enabled": true, "draws": 1000 },
  "alpha": 0.05,
  // ${c.attrition}
  "attrition": "lee",
  // ${c.takeUp}
  "takeUp": "completo_taller",
  // ${c.subgroups}
  "subgroups": ["sexo"],
  // ${c.costs}
  "costs": { "currency": "PYG", "perUnit": { "control": 0, "taller": 850000 } },
  // ${c.lang}
  "lang": "${lang}"
}
`;
}

/**
 * Every flag of the `ensayo` command line, defined once: a flag means the same thing in every command
 * that takes it (`--clusters` is always a column name; the number of clusters is `--n-clusters`).
 * Commands list the flags they take (src/cli/commands.ts); help, parsing and checks read this table.
 */
import { SE_TYPE_NAMES } from "../kernel/se-types.js";

/** What a flag's value is. */
export type FlagKind = "boolean" | "text" | "list" | "number" | "integer" | "choice";

/** One flag of the command line. */
export interface FlagSpec {
  /** What the value is; `choice` values are matched ignoring case and given back as spelt in `choices`. */
  readonly kind: FlagKind;
  /** One line for `--help`. */
  readonly help: string;
  /** The same line in Spanish (`--help --lang es`). */
  readonly es: string;
  /** Placeholder of the value in help (`COL`, `N`, …). */
  readonly value?: string;
  /** Allowed values of a `choice` flag, as the library spells them. */
  readonly choices?: readonly string[];
  /** Other spellings accepted for a choice (lower case → canonical), e.g. `clusters` → `n-clusters`. */
  readonly aliases?: Readonly<Record<string, string>>;
  /** Bounds of a number: `[low, high]` and whether each end is included. */
  readonly range?: { readonly low?: number; readonly high?: number; readonly lowOpen?: boolean; readonly highOpen?: boolean };
  /** The library option this flag sets (so a library message naming `seType` can name `--se`). */
  readonly option?: string;
  /** One-letter short form. */
  readonly short?: string;
}

const share = { low: 0, high: 1, lowOpen: true, highOpen: true } as const;

/** The flags, by name (without `--`). */
export const FLAGS = {
  // general
  help: { kind: "boolean", short: "h", help: "print this help (with a command: that command's flags and examples)", es: "muestra esta ayuda (con un comando: sus opciones y ejemplos)" },
  version: { kind: "boolean", short: "v", help: "print the version", es: "muestra la versión" },
  format: { kind: "choice", value: "FMT", choices: ["markdown", "csv", "html", "json"], aliases: { md: "markdown" }, help: "output format (default markdown; csv in Spanish: ';', decimal comma, BOM; report: html or markdown)", es: "formato de salida (por defecto markdown; csv en español: ';', coma decimal, BOM; report: html o markdown)" },
  lang: { kind: "choice", value: "LANG", choices: ["en", "es"], help: "language of help, headers, notes and errors (default: $ENSAYO_LANG, else the system's LC_ALL, LC_MESSAGES or LANG when it is Spanish, else en)", es: "idioma de la ayuda, los encabezados, las notas y los errores (por defecto: $ENSAYO_LANG, si no el del sistema, LC_ALL, LC_MESSAGES o LANG, si es español; si no, en)" },
  digits: { kind: "integer", value: "N", range: { low: 0, high: 12 }, help: "decimals of printed numbers (default 3)", es: "decimales de los números impresos (por defecto 3)" },
  // reading a CSV
  locale: { kind: "choice", value: "LOC", choices: ["es-PY"], help: "ministry exports: ';' delimiter, decimal comma, thousands dot", es: "exportaciones de ministerios: separador ';', coma decimal, punto de miles" },
  delimiter: { kind: "choice", value: "C", choices: [",", ";", "\\t", "|"], help: "cell delimiter: , ; | or \\t for tab (default: detected)", es: "separador de celdas: , ; | o \\t para tabulador (por defecto: detectado)" },
  decimal: { kind: "choice", value: "C", choices: [".", ","], help: "decimal mark (default: detected)", es: "separador decimal (por defecto: detectado)" },
  encoding: { kind: "choice", value: "ENC", choices: ["utf-8", "latin1", "windows-1252"], help: "text encoding (default: detected)", es: "codificación del texto (por defecto: detectada)" },
  missing: { kind: "list", value: "A,B", help: "codes that mean missing, e.g. S/D,NA", es: "códigos que significan dato faltante, p. ej. S/D,NA" },
  // columns (always names of columns of the CSV)
  id: { kind: "text", value: "COL", option: "id", help: "column of unit ids", es: "columna de identificadores de las unidades" },
  blocks: { kind: "text", value: "COL", option: "blocks", help: "column of blocks (strata)", es: "columna de bloques (estratos)" },
  clusters: { kind: "text", value: "COL", option: "clusters", help: "column of clusters (e.g. offices)", es: "columna de conglomerados (p. ej. oficinas)" },
  outcome: { kind: "text", value: "COL", option: "outcome", help: "column of the outcome", es: "columna del resultado" },
  treatment: { kind: "text", value: "COL", option: "treatment", help: "column of the treatment (condition) of each unit", es: "columna del tratamiento (condición) de cada unidad" },
  weights: { kind: "text", value: "COL", option: "weights", help: "column of weights", es: "columna de ponderaciones" },
  covariates: { kind: "list", value: "A,B,C", option: "covariates", help: "baseline columns to compare", es: "columnas de línea de base a comparar" },
  "fixed-effects": { kind: "list", value: "A,B", option: "fixedEffects", help: "columns absorbed as fixed effects", es: "columnas absorbidas como efectos fijos" },
  // conditions
  conditions: { kind: "list", value: "A,B", option: "conditions", help: "names of the conditions, control first (default 0,1)", es: "nombres de las condiciones, el control primero (por defecto 0,1)" },
  control: { kind: "text", value: "NAME", option: "control", help: "the control condition (default: the first)", es: "la condición de control (por defecto: la primera)" },
  treated: { kind: "text", value: "NAME", option: "treated", help: "the comparison's treated condition (default: the second)", es: "la condición tratada de la comparación (por defecto: la segunda)" },
  // assignment
  prob: { kind: "number", value: "P", option: "prob", range: share, help: "probability of treatment", es: "probabilidad de tratamiento" },
  m: { kind: "integer", value: "N", option: "m", range: { low: 0 }, help: "number of units (or clusters) to treat", es: "número de unidades (o conglomerados) a tratar" },
  seed: { kind: "text", value: "SEED", option: "seed", help: "random seed (record it: it makes the assignment reproducible)", es: "semilla aleatoria (regístrela: hace reproducible la asignación)" },
  out: { kind: "text", value: "FILE", help: "write the output to this file (assign, merge: a CSV; plan init: the template; report: the report)", es: "escribe la salida en este archivo (assign, merge: un CSV; plan init: la plantilla; report: el informe)" },
  receipt: { kind: "text", value: "FILE", help: "the assignment receipt (assign: where to write it, default next to --out; report: the one to check)", es: "el comprobante de asignación (assign: dónde escribirlo, por defecto junto a --out; report: el que se verifica)" },
  // declared pilot
  plan: { kind: "text", value: "FILE", help: "the pilot's plan (JSON; `ensayo plan init` writes a template)", es: "el plan del piloto (JSON; `ensayo plan init` escribe una plantilla)" },
  baseline: { kind: "text", value: "FILE", help: "the baseline CSV", es: "el CSV de línea de base" },
  assignment: { kind: "text", value: "FILE", help: "the assignment CSV (written by `ensayo assign`)", es: "el CSV de asignación (escrito por `ensayo assign`)" },
  endline: { kind: "text", value: "FILE", help: "the endline CSV", es: "el CSV de línea final" },
  "registered-hash": { kind: "text", value: "HASH", help: "the plan hash registered before the endline (a different plan stops the report)", es: "el hash del plan registrado antes de la línea final (un plan distinto detiene el informe)" },
  // estimation
  formula: { kind: "text", value: "\"Y ~ X\"", option: "formula", help: "regression formula, R style", es: "fórmula de la regresión, al estilo de R" },
  se: { kind: "choice", value: "TYPE", option: "seType", choices: SE_TYPE_NAMES, help: "standard errors (default HC2, or CR2 with --clusters)", es: "errores estándar (por defecto HC2, o CR2 con --clusters)" },
  alpha: { kind: "number", value: "A", option: "alpha", range: share, help: "significance level (default 0.05)", es: "nivel de significación (por defecto 0,05, que se escribe --alpha 0.05)" },
  // power
  design: { kind: "choice", value: "D", option: "design", choices: ["individual", "cluster"], help: "individual or cluster randomization (default individual)", es: "aleatorización individual o por conglomerados (por defecto individual)" },
  "solve-for": {
    kind: "choice", value: "WHAT", option: "solveFor", choices: ["power", "mde", "n-units", "n-clusters", "cluster-size"],
    aliases: { units: "n-units", nunits: "n-units", clusters: "n-clusters", nclusters: "n-clusters", clustersize: "cluster-size" }, help: "what to compute", es: "qué calcular",
  },
  effect: { kind: "number", value: "E", option: "effect", help: "effect to detect, in outcome units (or in SDs without --sd)", es: "efecto a detectar, en unidades del resultado (o en desvíos estándar sin --sd)" },
  sd: { kind: "number", value: "S", option: "sd", range: { low: 0, lowOpen: true }, help: "outcome standard deviation", es: "desvío estándar del resultado" },
  "base-rate": { kind: "number", value: "P", option: "baseRate", range: share, help: "control proportion, for a binary outcome", es: "proporción en el grupo de control, para un resultado binario" },
  power: { kind: "number", value: "P", option: "power", range: share, help: "target power (default 0.8)", es: "potencia buscada (por defecto 0,8, que se escribe --power 0.8)" },
  alternative: { kind: "choice", value: "ALT", option: "alternative", choices: ["two-sided", "greater", "less"], aliases: { "two.sided": "two-sided" }, help: "two-sided test (default), or one-sided in the effect's direction", es: "prueba bilateral (por defecto), o unilateral en la dirección del efecto" },
  arms: { kind: "integer", value: "N", option: "arms", range: { low: 2, high: 100 }, help: "number of arms, control included (default 2)", es: "número de brazos, el control incluido (por defecto 2)" },
  "treated-share": { kind: "number", value: "P", option: "treatedShare", range: share, help: "share of units treated (default 1/arms)", es: "proporción de unidades tratadas (por defecto 1/brazos)" },
  "n-units": { kind: "number", value: "N", option: "nUnits", range: { low: 0, lowOpen: true }, help: "total units (individual design)", es: "total de unidades (diseño individual)" },
  "n-clusters": { kind: "number", value: "N", option: "nClusters", range: { low: 0, lowOpen: true }, help: "number of clusters (cluster design)", es: "número de conglomerados (diseño por conglomerados)" },
  "cluster-size": { kind: "number", value: "N", option: "clusterSize", range: { low: 0, lowOpen: true }, help: "units per cluster (mean)", es: "unidades por conglomerado (media)" },
  "cluster-size-cv": { kind: "number", value: "CV", option: "clusterSizeCv", range: { low: 0 }, help: "coefficient of variation of cluster sizes (default 0)", es: "coeficiente de variación del tamaño de los conglomerados (por defecto 0)" },
  icc: { kind: "number", value: "RHO", option: "icc", range: { low: 0, high: 1, highOpen: true }, help: "intraclass correlation", es: "correlación intraclase" },
  "n-blocks": { kind: "integer", value: "N", option: "nBlocks", range: { low: 1 }, help: "number of blocks (default 1)", es: "número de bloques (por defecto 1)" },
  "r2-unit": { kind: "number", value: "R2", option: "r2Unit", range: { low: 0, high: 1, highOpen: true }, help: "R² of covariates at the unit level", es: "R² de las covariables a nivel de unidad" },
  "r2-cluster": { kind: "number", value: "R2", option: "r2Cluster", range: { low: 0, high: 1, highOpen: true }, help: "R² of covariates at the cluster level", es: "R² de las covariables a nivel de conglomerado" },
  "baseline-correlation": { kind: "number", value: "R", option: "baselineCorrelation", range: { low: -1, high: 1, lowOpen: true, highOpen: true }, help: "correlation of the outcome with its baseline", es: "correlación del resultado con su línea de base" },
  "n-covariates": { kind: "integer", value: "N", option: "nCovariates", range: { low: 0 }, help: "number of covariates (for degrees of freedom)", es: "número de covariables (para los grados de libertad)" },
  "response-rate": { kind: "number", value: "P", option: "responseRate", range: { low: 0, high: 1, lowOpen: true }, help: "expected endline response rate (default 1)", es: "tasa de respuesta esperada en la línea final (por defecto 1)" },
} as const satisfies Record<string, FlagSpec>;

/** A flag's name. */
export type FlagName = keyof typeof FLAGS;

/** Flags every command takes. */
export const GENERAL_FLAGS = ["help", "format", "lang", "digits"] as const satisfies readonly FlagName[];

/** Flags of every command that reads a CSV file. */
export const READING_FLAGS = ["locale", "delimiter", "decimal", "encoding", "missing"] as const satisfies readonly FlagName[];

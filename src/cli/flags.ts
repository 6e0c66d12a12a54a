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
  help: { kind: "boolean", short: "h", help: "print this help (with a command: that command's flags and examples)" },
  version: { kind: "boolean", short: "v", help: "print the version" },
  format: { kind: "choice", value: "FMT", choices: ["markdown", "csv", "html", "json"], aliases: { md: "markdown" }, help: "output format (default markdown; csv in Spanish: ';', decimal comma, BOM; report: html or markdown)" },
  lang: { kind: "choice", value: "LANG", choices: ["en", "es"], help: "language of headers and notes (default en)" },
  digits: { kind: "integer", value: "N", range: { low: 0, high: 12 }, help: "decimals of printed numbers (default 3)" },
  // reading a CSV
  locale: { kind: "choice", value: "LOC", choices: ["es-PY"], help: "ministry exports: ';' delimiter, decimal comma, thousands dot" },
  delimiter: { kind: "choice", value: "C", choices: [",", ";", "\\t", "|"], help: "cell delimiter: , ; | or \\t for tab (default: detected)" },
  decimal: { kind: "choice", value: "C", choices: [".", ","], help: "decimal mark (default: detected)" },
  encoding: { kind: "choice", value: "ENC", choices: ["utf-8", "latin1", "windows-1252"], help: "text encoding (default: detected)" },
  missing: { kind: "list", value: "A,B", help: "codes that mean missing, e.g. S/D,NA" },
  // columns (always names of columns of the CSV)
  id: { kind: "text", value: "COL", option: "ids", help: "column of unit ids" },
  blocks: { kind: "text", value: "COL", option: "blocks", help: "column of blocks (strata)" },
  clusters: { kind: "text", value: "COL", option: "clusters", help: "column of clusters (e.g. offices)" },
  outcome: { kind: "text", value: "COL", option: "outcome", help: "column of the outcome" },
  treatment: { kind: "text", value: "COL", option: "treatment", help: "column of the treatment (condition) of each unit" },
  weights: { kind: "text", value: "COL", option: "weights", help: "column of weights" },
  covariates: { kind: "list", value: "A,B,C", option: "covariates", help: "baseline columns to compare" },
  "fixed-effects": { kind: "list", value: "A,B", option: "fixedEffects", help: "columns absorbed as fixed effects" },
  // conditions
  conditions: { kind: "list", value: "A,B", option: "conditions", help: "names of the conditions, control first (default 0,1)" },
  control: { kind: "text", value: "NAME", option: "control", help: "the control condition (default: the first)" },
  treated: { kind: "text", value: "NAME", option: "treated", help: "the comparison's treated condition (default: the second)" },
  // assignment
  prob: { kind: "number", value: "P", option: "prob", range: share, help: "probability of treatment" },
  m: { kind: "integer", value: "N", option: "m", range: { low: 0 }, help: "number of units (or clusters) to treat" },
  seed: { kind: "text", value: "SEED", option: "seed", help: "random seed (record it: it makes the assignment reproducible)" },
  out: { kind: "text", value: "FILE", help: "write the assignment to this CSV file" },
  receipt: { kind: "text", value: "FILE", help: "the assignment receipt (assign: where to write it, default next to --out; report: the one to check)" },
  // declared pilot
  plan: { kind: "text", value: "FILE", help: "the pilot's plan (JSON; `ensayo plan init` writes a template)" },
  baseline: { kind: "text", value: "FILE", help: "the baseline CSV" },
  assignment: { kind: "text", value: "FILE", help: "the assignment CSV (written by `ensayo assign`)" },
  endline: { kind: "text", value: "FILE", help: "the endline CSV" },
  "registered-hash": { kind: "text", value: "HASH", help: "the plan hash registered before the endline (a different plan stops the report)" },
  // estimation
  formula: { kind: "text", value: "\"Y ~ X\"", option: "formula", help: "regression formula, R style" },
  se: { kind: "choice", value: "TYPE", option: "seType", choices: SE_TYPE_NAMES, help: "standard errors (default HC2, or CR2 with --clusters)" },
  alpha: { kind: "number", value: "A", option: "alpha", range: share, help: "significance level (default 0.05)" },
  // power
  design: { kind: "choice", value: "D", option: "design", choices: ["individual", "cluster"], help: "individual or cluster randomization (default individual)" },
  "solve-for": {
    kind: "choice", value: "WHAT", option: "solveFor", choices: ["power", "mde", "n-units", "n-clusters", "cluster-size"],
    aliases: { units: "n-units", nunits: "n-units", clusters: "n-clusters", nclusters: "n-clusters", clustersize: "cluster-size" }, help: "what to compute",
  },
  effect: { kind: "number", value: "E", option: "effect", help: "effect to detect, in outcome units (or in SDs without --sd)" },
  sd: { kind: "number", value: "S", option: "sd", range: { low: 0, lowOpen: true }, help: "outcome standard deviation" },
  "base-rate": { kind: "number", value: "P", option: "baseRate", range: share, help: "control proportion, for a binary outcome" },
  power: { kind: "number", value: "P", option: "power", range: share, help: "target power (default 0.8)" },
  alternative: { kind: "choice", value: "ALT", option: "alternative", choices: ["two-sided", "greater", "less"], aliases: { "two.sided": "two-sided" }, help: "two-sided test (default), or one-sided in the effect's direction" },
  arms: { kind: "integer", value: "N", option: "arms", range: { low: 2, high: 100 }, help: "number of arms, control included (default 2)" },
  "treated-share": { kind: "number", value: "P", option: "treatedShare", range: share, help: "share of units treated (default 1/arms)" },
  "n-units": { kind: "number", value: "N", option: "nUnits", range: { low: 0, lowOpen: true }, help: "total units (individual design)" },
  "n-clusters": { kind: "number", value: "N", option: "nClusters", range: { low: 0, lowOpen: true }, help: "number of clusters (cluster design)" },
  "cluster-size": { kind: "number", value: "N", option: "clusterSize", range: { low: 0, lowOpen: true }, help: "units per cluster (mean)" },
  "cluster-size-cv": { kind: "number", value: "CV", option: "clusterSizeCv", range: { low: 0 }, help: "coefficient of variation of cluster sizes (default 0)" },
  icc: { kind: "number", value: "RHO", option: "icc", range: { low: 0, high: 1, highOpen: true }, help: "intraclass correlation" },
  "n-blocks": { kind: "integer", value: "N", option: "nBlocks", range: { low: 1 }, help: "number of blocks (default 1)" },
  "r2-unit": { kind: "number", value: "R2", option: "r2Unit", range: { low: 0, high: 1, highOpen: true }, help: "R² of covariates at the unit level" },
  "r2-cluster": { kind: "number", value: "R2", option: "r2Cluster", range: { low: 0, high: 1, highOpen: true }, help: "R² of covariates at the cluster level" },
  "baseline-correlation": { kind: "number", value: "R", option: "baselineCorrelation", range: { low: -1, high: 1, lowOpen: true, highOpen: true }, help: "correlation of the outcome with its baseline" },
  "n-covariates": { kind: "integer", value: "N", option: "nCovariates", range: { low: 0 }, help: "number of covariates (for degrees of freedom)" },
  "response-rate": { kind: "number", value: "P", option: "responseRate", range: { low: 0, high: 1, lowOpen: true }, help: "expected endline response rate (default 1)" },
} as const satisfies Record<string, FlagSpec>;

/** A flag's name. */
export type FlagName = keyof typeof FLAGS;

/** Flags every command takes. */
export const GENERAL_FLAGS = ["help", "format", "lang", "digits"] as const satisfies readonly FlagName[];

/** Flags of every command that reads a CSV file. */
export const READING_FLAGS = ["locale", "delimiter", "decimal", "encoding", "missing"] as const satisfies readonly FlagName[];

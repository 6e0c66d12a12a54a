/**
 * Parsing and checking the command line against the flags a command takes (src/cli/flags.ts): every
 * flag is known, has a value of the right kind and range, and every required flag is there, before
 * any file is read. Mistakes are `UsageError`s (exit code 2) phrased as flags.
 */
import { UsageError } from "./exit-codes.js";
import { FLAGS, type FlagName, type FlagSpec } from "./flags.js";
import type { CliLang, Localized } from "./lang.js";

/** A flag's parsed value: text, a list, a number or true. */
export type FlagValue = string | number | boolean | readonly string[];

/** The parsed command line. */
export interface ParsedArgs {
  /** Non-flag arguments, in order (the command first, then files). */
  readonly positionals: readonly string[];
  /** Values of the flags given, by flag name. */
  readonly values: Partial<Record<FlagName, FlagValue>>;
}

/**
 * Split `argv` into positionals and flags (`--name value`, `--name=value`, `-h`), refusing a flag that
 * is not in `allowed` with the nearest flag it could mean.
 *
 * @example
 * ```ts
 * parseArgv(["dim", "p.csv", "--se", "hc2"], ["se"]).values.se; // "HC2"
 * ```
 */
export function parseArgv(argv: readonly string[], allowed: readonly FlagName[], command?: string): ParsedArgs {
  const positionals: string[] = [];
  const values: Partial<Record<FlagName, FlagValue>> = {};
  const allow = new Set<string>(allowed);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-" || /^-\d/.test(arg)) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    let name = arg.startsWith("--") ? arg.slice(2, eq > 0 ? eq : undefined) : arg.slice(1);
    if (!arg.startsWith("--")) {
      const long = (Object.keys(FLAGS) as FlagName[]).find((k) => (FLAGS[k] as FlagSpec).short === name);
      if (!long) throw new UsageError({ en: `unknown flag '${arg}'`, es: `opción desconocida '${arg}'` }, command);
      name = long;
    }
    if (!allow.has(name)) throw new UsageError(unknownFlag(name, allowed, command), command);
    const flag = name as FlagName;
    const spec: FlagSpec = FLAGS[flag];
    if (spec.kind === "boolean") {
      if (eq > 0) throw new UsageError({ en: `--${flag} takes no value`, es: `--${flag} no lleva valor` }, command);
      values[flag] = true;
      continue;
    }
    let text: string | undefined;
    if (eq > 0) text = arg.slice(eq + 1);
    else {
      text = argv[i + 1];
      if (text === undefined || (text.startsWith("--") && text.length > 2)) throw needsValue(flag, spec, command);
      i++;
    }
    if (values[flag] !== undefined) throw new UsageError({ en: `--${flag} is given twice`, es: `--${flag} aparece dos veces` }, command);
    values[flag] = checkValue(flag, spec, text, command);
  }
  return { positionals, values };
}

/** Check and convert one flag's text: numbers in range, a choice among its values (any letter case). */
export function checkValue(flag: string, spec: FlagSpec, text: string, command?: string): FlagValue {
  switch (spec.kind) {
    case "text":
      if (text === "") throw needsValue(flag, spec, command);
      return text;
    case "list": {
      const items = text.split(",").map((s) => s.trim());
      if (items.some((s) => s === "")) {
        const list = spec.value ?? "A,B";
        throw new UsageError({ en: `--${flag} takes a comma-separated list (${list}); got '${text}'`, es: `--${flag} lleva una lista separada por comas (${list}); se recibió '${text}'` }, command);
      }
      return items;
    }
    case "number":
    case "integer": {
      const x = Number(text);
      if (text.trim() === "" || !Number.isFinite(x)) {
        throw new UsageError({ en: `--${flag} must be a number (use a decimal point: 0.5); got '${text}'`, es: `--${flag} debe ser un número (con punto decimal: 0.5); se recibió '${text}'` }, command);
      }
      if (spec.kind === "integer" && !Number.isInteger(x)) throw new UsageError({ en: `--${flag} must be a whole number; got '${text}'`, es: `--${flag} debe ser un número entero; se recibió '${text}'` }, command);
      const r = spec.range;
      if (r) {
        const lowBad = r.low !== undefined && (r.lowOpen ? x <= r.low : x < r.low);
        const highBad = r.high !== undefined && (r.highOpen ? x >= r.high : x > r.high);
        if (lowBad || highBad) throw new UsageError({ en: `--${flag} must be ${describeRange(r, "en")}; got ${text}`, es: `--${flag} debe ser ${describeRange(r, "es")}; se recibió ${text}` }, command);
      }
      return x;
    }
    case "choice": {
      const choices = spec.choices ?? [];
      const key = text.toLowerCase();
      const hit = choices.find((c) => c.toLowerCase() === key) ?? spec.aliases?.[key.replace(/[-_]/g, "")] ?? spec.aliases?.[key];
      if (hit === undefined) {
        const best = nearestChoice(text, choices);
        throw new UsageError({
          en: `--${flag} must be one of ${choices.join(", ")}; got '${text}'${best ? ` (did you mean ${best}?)` : ""}`,
          es: `--${flag} debe ser uno de ${choices.join(", ")}; se recibió '${text}'${best ? ` (¿quiso decir ${best}?)` : ""}`,
        }, command);
      }
      return hit;
    }
    default:
      return text;
  }
}

function needsValue(flag: string, spec: FlagSpec, command?: string): UsageError {
  const value = spec.value ?? "VALUE";
  return new UsageError({ en: `--${flag} needs a value (${value})`, es: `--${flag} necesita un valor (${value})` }, command);
}

function describeRange(r: NonNullable<FlagSpec["range"]>, lang: CliLang): string {
  const es = lang === "es";
  const parts: string[] = [];
  if (r.low !== undefined) parts.push(`${r.lowOpen ? (es ? "mayor que" : "greater than") : es ? "al menos" : "at least"} ${r.low}`);
  if (r.high !== undefined) parts.push(`${r.highOpen ? (es ? "menor que" : "less than") : es ? "como máximo" : "at most"} ${r.high}`);
  return parts.join(es ? " y " : " and ");
}

/** Flags that changed meaning or name: what to write instead, per command. */
const RENAMED: Readonly<Record<string, Readonly<Record<string, Localized>>>> = {
  dim: {
    condition1: { en: "--control (the control condition, R's condition1)", es: "--control (la condición de control, condition1 en R)" },
    condition2: { en: "--treated (the treated condition, R's condition2)", es: "--treated (la condición tratada, condition2 en R)" },
  },
  power: {
    units: { en: "--n-units (in power, the number of units)", es: "--n-units (en power, el número de unidades)" },
    clusters: {
      en: "--n-clusters (in power, the number of clusters; --clusters names a column in dim, lm, balance and assign)",
      es: "--n-clusters (en power, el número de conglomerados; --clusters nombra una columna en dim, lm, balance y assign)",
    },
    blocks: { en: "--n-blocks (in power, the number of blocks)", es: "--n-blocks (en power, el número de bloques)" },
    covariates: { en: "--n-covariates (in power, the number of covariates)", es: "--n-covariates (en power, el número de covariables)" },
  },
};

function unknownFlag(name: string, allowed: readonly FlagName[], command?: string): Localized {
  const renamed = command ? RENAMED[command]?.[name] : undefined;
  if (renamed) return { en: `unknown flag '--${name}' for ${command} (did you mean ${renamed.en}?)`, es: `opción desconocida '--${name}' para ${command} (¿quiso decir ${renamed.es}?)` };
  const hint = suggest(name, allowed);
  if (name in FLAGS && command) return { en: `'--${name}' is not a flag of ${command}${hint.en}`, es: `'--${name}' no es una opción de ${command}${hint.es}` };
  return { en: `unknown flag '--${name}'${command ? ` for ${command}` : ""}${hint.en}`, es: `opción desconocida '--${name}'${command ? ` para ${command}` : ""}${hint.es}` };
}

/** " (did you mean --clusters?)" and " (¿quiso decir --clusters?)" for the nearest allowed flag, or "". */
export function suggest(name: string, allowed: readonly string[], prefix = "--"): Localized {
  const best = nearest(name, allowed);
  return best ? { en: ` (did you mean ${prefix}${best}?)`, es: ` (¿quiso decir ${prefix}${best}?)` } : { en: "", es: "" };
}

function nearestChoice(text: string, choices: readonly string[]): string | undefined {
  const best = nearest(text.toLowerCase(), choices.map((c) => c.toLowerCase()));
  return best === undefined ? undefined : choices.find((c) => c.toLowerCase() === best);
}

/** The candidate closest to `word` by edit distance, if close enough (≤ 1/3 of its length, at least 1). */
function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = c.startsWith(word) && word.length >= 3 ? 0.5 : editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  return bestD <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

/** Levenshtein distance (insert, delete, substitute; an adjacent swap counts 1). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The help texts: `ensayo --help` (commands, general flags, exit codes) and `ensayo <cmd> --help`
 * (every flag of that command, with its values and examples), in English or Spanish (`--lang es`).
 * Both are built from the flag and command tables, so a flag cannot be taken and undocumented.
 */
import { VERSION } from "../version.js";
import type { Command } from "./command.js";
import { COMMANDS, flagsOf } from "./commands.js";
import { EXIT_CODES_HELP, EXIT_CODES_HELP_ES } from "./exit-codes.js";
import { FLAGS, GENERAL_FLAGS, READING_FLAGS, type FlagName, type FlagSpec } from "./flags.js";
import type { CliLang } from "./lang.js";
import { SE_TYPES, SE_TYPE_NAMES, type SeName } from "../kernel/se-types.js";

/** The standard-error types in Spanish (the English lines are the registry's `describe`). */
const SE_TYPES_ES: Readonly<Record<SeName, string>> = {
  classical: "s²(X'X)⁻¹, homocedástico",
  HC0: "sándwich de White, ω = e²",
  HC1: "HC0 · n/(n − k) (el robust de Stata)",
  HC2: "ω = e²/(1 − h) (por defecto sin conglomerados)",
  HC3: "ω = e²/(1 − h)²",
  CR0: "sándwich por conglomerados, sin corrección",
  CR2: "Bell–McCaffrey con gl de Satterthwaite (por defecto con conglomerados)",
  stata: "CR0 · J(n − 1)/((J − 1)(n − k)) (el vce(cluster) de Stata); HC1 sin conglomerados",
  none: "sin errores estándar",
};

/** The words of the help pages. */
const WORDS = {
  en: {
    tagline: "evaluate randomized pilots",
    usage: "usage",
    usageLine: "ensayo <command> [files] [flags]        ensayo <command> --help   (that command's flags and examples)",
    commands: "commands",
    flags: "flags",
    readingAll: "reading flags (commands that read a CSV)",
    reading: "reading flags",
    general: "general flags",
    examples: "examples",
    required: " (required)",
    seTypes: "standard errors (--se; default HC2, or CR2 with --clusters)",
    rules: `Flag values that are choices ignore letter case (--se hc2 is --se HC2). A flag means the same in
every command: --clusters, --blocks and --covariates name columns; power counts them with
--n-clusters, --n-blocks and --n-covariates.`,
    exitCodes: EXIT_CODES_HELP,
  },
  es: {
    tagline: "evaluar pilotos aleatorizados",
    usage: "uso",
    usageLine: "ensayo <comando> [archivos] [opciones]   ensayo <comando> --help   (opciones y ejemplos de ese comando)",
    commands: "comandos",
    flags: "opciones",
    readingAll: "opciones de lectura (comandos que leen un CSV)",
    reading: "opciones de lectura",
    general: "opciones generales",
    examples: "ejemplos",
    required: " (obligatoria)",
    seTypes: "errores estándar (--se; por defecto HC2, o CR2 con --clusters)",
    rules: `Los valores de opciones con alternativas no distinguen mayúsculas (--se hc2 es --se HC2). Una opción
significa lo mismo en todos los comandos: --clusters, --blocks y --covariates nombran columnas; power
los cuenta con --n-clusters, --n-blocks y --n-covariates. Los números llevan punto decimal (--alpha 0.1).`,
    exitCodes: EXIT_CODES_HELP_ES,
  },
} as const;

/** The standard-error types, from the one registry (src/kernel/se-types.ts), for commands that take --se. */
function seTypesHelp(lang: CliLang): string {
  const line = (name: SeName) => `  ${name.padEnd(10)} ${lang === "es" ? SE_TYPES_ES[name] : SE_TYPES[name].describe}`;
  return `${WORDS[lang].seTypes}\n${SE_TYPE_NAMES.map(line).join("\n")}\n\n`;
}

function flagLine(name: FlagName, required: boolean, lang: CliLang): string {
  const spec: FlagSpec = FLAGS[name];
  const short = spec.short ? `-${spec.short}, ` : "";
  // choices are listed, unless one of them is "|" itself (the delimiter's): then the placeholder
  const listed = spec.kind === "choice" && !spec.choices!.includes("|");
  const value = spec.kind === "boolean" ? "" : listed ? ` ${spec.choices!.join("|")}` : ` ${spec.value ?? "VALUE"}`;
  const head = `  ${short}--${name}${value}`;
  const pad = head.length < 34 ? head.padEnd(34) : `${head}\n${"".padEnd(34)}`;
  return `${pad}${lang === "es" ? spec.es : spec.help}${required ? WORDS[lang].required : ""}`;
}

const flagLines = (names: readonly FlagName[], lang: CliLang) => names.map((f) => flagLine(f, false, lang)).join("\n");

/** `ensayo --help`, in English (default) or Spanish. */
export function generalHelp(lang: CliLang = "en"): string {
  const w = WORDS[lang];
  const width = Math.max(...COMMANDS.map((c) => `${c.name} ${c.args}`.length)) + 2;
  return `ensayo ${VERSION} — ${w.tagline}

${w.usage}: ${w.usageLine}

${w.commands}
${COMMANDS.map((c) => `  ${`${c.name} ${c.args}`.padEnd(width)}${lang === "es" ? c.summaryEs : c.summary}`).join("\n")}

${w.readingAll}
${flagLines(READING_FLAGS, lang)}

${w.general}
${flagLines(GENERAL_FLAGS, lang)}
${flagLine("version", false, lang)}

${w.rules}

${w.exitCodes}`;
}

/** `ensayo <command> --help`, in English (default) or Spanish. */
export function commandHelp(command: Command, lang: CliLang = "en"): string {
  const w = WORDS[lang];
  const own = command.flags.map((f) => flagLine(f, command.required.includes(f), lang));
  return `ensayo ${command.name} — ${lang === "es" ? command.summaryEs : command.summary}

${w.usage}: ensayo ${command.name}${command.args ? ` ${command.args}` : ""} [${lang === "es" ? "opciones" : "flags"}]

${own.length ? `${w.flags}\n${own.join("\n")}\n\n` : ""}${command.flags.includes("se") ? seTypesHelp(lang) : ""}${command.readsCsv ? `${w.reading}\n${flagLines(READING_FLAGS, lang)}\n\n` : ""}${w.general}
${flagLines(GENERAL_FLAGS, lang)}

${w.examples}
${command.examples.map((e) => `  ${e}`).join("\n")}

${w.exitCodes}`;
}

/** Every flag name of every command (for tests: each must appear in its command's help). */
export function everyCommandFlag(): { command: string; flag: FlagName }[] {
  return COMMANDS.flatMap((c) => flagsOf(c).map((flag) => ({ command: c.name, flag })));
}

#!/usr/bin/env node
/**
 * The `ensayo` command line, for scripted analyses by university partners.
 *
 *   ensayo read fixtures/pilot/baseline_ministerio.csv --locale es-PY
 *   ensayo assign baseline.csv --id id --blocks region --clusters oficina --conditions control,taller --seed 2026 --out asignacion.csv
 *   ensayo verify asignacion.receipt.json baseline.csv
 *   ensayo dim fixtures/pilot/panel.csv --outcome puntaje_final --treatment grupo --blocks region --clusters oficina
 *   ensayo lm fixtures/pilot/panel.csv --formula "puntaje_final ~ grupo + puntaje_base" --clusters oficina
 *   ensayo balance fixtures/pilot/panel.csv --treatment grupo --covariates edad,sexo --clusters oficina
 *   ensayo power --design cluster --solve-for mde --n-clusters 48 --cluster-size 10 --icc 0.1
 *
 * The commands live in src/cli/*-commands.ts (one `Command` object each, listed in src/cli/commands.ts);
 * their flags in src/cli/flags.ts. Every flag is checked before any file is read. Every command prints
 * a table (markdown by default; `--format csv|html|json`). Every failure is one line
 * `ensayo: CODE: message` on stderr with an exit code from `EXIT_CODES` (src/cli/exit-codes.ts).
 * Help and the command line's own error lines are English or Spanish (src/cli/lang.ts: `--lang`,
 * then `ENSAYO_LANG`, then the system locale).
 */
import { EnsayoError, VERSION } from "./node.js";
import { parseArgv, suggest } from "./cli/args.js";
import { makeContext, type Command } from "./cli/command.js";
import { COMMANDS, findCommand, flagsOf } from "./cli/commands.js";
import { EXIT_CODES, UsageError, describeFailure } from "./cli/exit-codes.js";
import { FLAGS, GENERAL_FLAGS, type FlagSpec } from "./cli/flags.js";
import { commandHelp, generalHelp } from "./cli/help.js";
import { cliLang, type CliLang } from "./cli/lang.js";

const COMMAND_NAMES = COMMANDS.map((c) => c.name);

function main(argv: readonly string[], lang: CliLang): number {
  const name = commandName(argv);
  const command = name === undefined ? undefined : findCommand(name);
  if (name !== undefined && !command) {
    const hint = suggest(name, COMMAND_NAMES, "");
    const list = ` (${COMMAND_NAMES.join(", ")})`;
    throw new UsageError({ en: `unknown command '${name}'${hint.en || list}`, es: `comando desconocido '${name}'${hint.es || list}` });
  }
  if (!command) {
    const { values } = parseArgv(argv, [...GENERAL_FLAGS, "version"]);
    if (values.version) return print(VERSION);
    if (values.help) return print(generalHelp(lang));
    const list = ` (${COMMAND_NAMES.join(", ")})`;
    throw new UsageError({ en: `no command given${list}`, es: `falta el comando${list}` });
  }
  const parsed = parseArgv(argv, [...flagsOf(command), "version"], command.name);
  if (parsed.values.version) return print(VERSION);
  if (parsed.values.help) return print(commandHelp(command, lang));
  const ctx = makeContext(command, parsed, lang);
  try {
    return command.run(ctx);
  } catch (e) {
    throw e instanceof EnsayoError ? asFlags(e, command) : e;
  }
}

/** The first argument that is not a flag or a flag's value. */
function commandName(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") return argv[i + 1];
    if (!a.startsWith("-") || /^-\d/.test(a)) return a;
    const flag = a.startsWith("--") && !a.includes("=") ? (FLAGS as Record<string, FlagSpec>)[a.slice(2)] : undefined;
    if (flag && flag.kind !== "boolean") i++;
  }
  return undefined;
}

/** A library message names options (`` `seType` ``): name the command's flags instead (`--se`). */
function asFlags(e: EnsayoError, command: Command): EnsayoError {
  let message = e.message;
  for (const flag of flagsOf(command)) {
    const option = (FLAGS[flag] as FlagSpec).option;
    if (!option) continue;
    message = message.split(`\`${option}\``).join(`--${flag}`);
    // a column named by its role (`clusters 'ofi' is not a column`; one of `covariates`: `covariate 'x'`)
    const role = option === "covariates" ? "covariate" : option;
    message = message.replace(new RegExp(`(^|: )${role} '`), `$1--${flag} '`);
  }
  if (message !== e.message) e.message = message;
  return e;
}

function print(text: string): number {
  process.stdout.write(text.endsWith("\n") ? text : text + "\n");
  return EXIT_CODES.ok;
}

const lang = cliLang(process.argv.slice(2), process.env);
try {
  process.exitCode = main(process.argv.slice(2), lang);
} catch (e) {
  const failure = describeFailure(e, lang);
  console.error(failure.line);
  process.exitCode = failure.exitCode;
}

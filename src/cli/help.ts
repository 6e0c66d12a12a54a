/**
 * The help texts: `ensayo --help` (commands, general flags, exit codes) and `ensayo <cmd> --help`
 * (every flag of that command, with its values and examples). Both are built from the flag and
 * command tables, so a flag cannot be taken and undocumented.
 */
import { VERSION } from "../version.js";
import type { Command } from "./command.js";
import { COMMANDS, flagsOf } from "./commands.js";
import { EXIT_CODES_HELP } from "./exit-codes.js";
import { FLAGS, GENERAL_FLAGS, READING_FLAGS, type FlagName, type FlagSpec } from "./flags.js";
import { SE_TYPES, SE_TYPE_NAMES } from "../kernel/se-types.js";

/** The standard-error types, from the one registry (src/kernel/se-types.ts), for commands that take --se. */
function seTypesHelp(): string {
  return `standard errors (--se; default HC2, or CR2 with --clusters)\n${SE_TYPE_NAMES.map((name) => `  ${name.padEnd(10)} ${SE_TYPES[name].describe}`).join("\n")}\n\n`;
}

function flagLine(name: FlagName, required: boolean): string {
  const spec: FlagSpec = FLAGS[name];
  const short = spec.short ? `-${spec.short}, ` : "";
  // choices are listed, unless one of them is "|" itself (the delimiter's): then the placeholder
  const listed = spec.kind === "choice" && !spec.choices!.includes("|");
  const value = spec.kind === "boolean" ? "" : listed ? ` ${spec.choices!.join("|")}` : ` ${spec.value ?? "VALUE"}`;
  const head = `  ${short}--${name}${value}`;
  const pad = head.length < 34 ? head.padEnd(34) : `${head}\n${"".padEnd(34)}`;
  return `${pad}${spec.help}${required ? " (required)" : ""}`;
}

/** `ensayo --help`. */
export function generalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => `${c.name} ${c.args}`.length)) + 2;
  return `ensayo ${VERSION} — evaluate randomized pilots

usage: ensayo <command> [files] [flags]        ensayo <command> --help   (that command's flags and examples)

commands
${COMMANDS.map((c) => `  ${`${c.name} ${c.args}`.padEnd(width)}${c.summary}`).join("\n")}

reading flags (commands that read a CSV)
${READING_FLAGS.map((f) => flagLine(f, false)).join("\n")}

general flags
${GENERAL_FLAGS.map((f) => flagLine(f, false)).join("\n")}
${flagLine("version", false)}

Flag values that are choices ignore letter case (--se hc2 is --se HC2). A flag means the same in
every command: --clusters, --blocks and --covariates name columns; power counts them with
--n-clusters, --n-blocks and --n-covariates.

${EXIT_CODES_HELP}`;
}

/** `ensayo <command> --help`. */
export function commandHelp(command: Command): string {
  const own = command.flags.map((f) => flagLine(f, command.required.includes(f)));
  return `ensayo ${command.name} — ${command.summary}

usage: ensayo ${command.name}${command.args ? ` ${command.args}` : ""} [flags]

${own.length ? `flags\n${own.join("\n")}\n\n` : ""}${command.flags.includes("se") ? seTypesHelp() : ""}${command.readsCsv ? `reading flags\n${READING_FLAGS.map((f) => flagLine(f, false)).join("\n")}\n\n` : ""}general flags
${GENERAL_FLAGS.map((f) => flagLine(f, false)).join("\n")}

examples
${command.examples.map((e) => `  ${e}`).join("\n")}

${EXIT_CODES_HELP}`;
}

/** Every flag name of every command (for tests: each must appear in its command's help). */
export function everyCommandFlag(): { command: string; flag: FlagName }[] {
  return COMMANDS.flatMap((c) => flagsOf(c).map((flag) => ({ command: c.name, flag })));
}

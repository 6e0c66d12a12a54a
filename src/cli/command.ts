/**
 * What a command of the `ensayo` command line is (its flags, help and run function) and what it gets
 * to run with. Each command lives in its own function in src/cli/*-commands.ts and is listed in
 * src/cli/commands.ts; adding a command is adding one `Command` object there.
 */
import { formatTable, readCsvFile, type FormattableInput, type ParseCsvOptions, type Table } from "../node.js";
import type { Lang } from "../report/labels.js";
import { cliNote, type CliNoteId } from "./notes.js";
import { UsageError } from "./exit-codes.js";
import type { FlagValue, ParsedArgs } from "./args.js";
import type { FlagName } from "./flags.js";

/** One command of the command line. */
export interface Command {
  readonly name: string;
  /** Positional arguments, for the usage line: `<file.csv>`. */
  readonly args: string;
  /** One line for the command list of `ensayo --help`. */
  readonly summary: string;
  /** The same line in Spanish (`ensayo --help --lang es`). */
  readonly summaryEs: string;
  /** Whether it reads a CSV file (and so takes --locale, --delimiter, …). */
  readonly readsCsv: boolean;
  /** The command's own flags (the general and reading flags are added). */
  readonly flags: readonly FlagName[];
  /** Flags that must be given. */
  readonly required: readonly FlagName[];
  /** The positional arguments (files) it takes, with what each is; one ending in "?" may be left out. */
  readonly files: readonly string[];
  /** The same, in Spanish (for the error lines of `--lang es`). */
  readonly filesEs: readonly string[];
  /** Example command lines (run on the bundled fixtures where they name a file). */
  readonly examples: readonly string[];
  /** Run with checked flags; returns the exit code. */
  readonly run: (ctx: CommandContext) => number;
}

/** What a command runs with. */
export interface CommandContext {
  /** The files named on the command line, checked to be as many as `Command.files`. */
  readonly files: readonly string[];
  /** The value of a flag, converted and checked (undefined when not given). */
  readonly flag: <T extends FlagValue = string>(name: FlagName) => T | undefined;
  readonly lang: Lang;
  /** Print rows (or a result with rows) as a table on stdout, in the chosen format and language; JSON prints the rows. */
  readonly print: (rows: FormattableInput, labels?: Readonly<Record<string, string>>) => void;
  /** A note on stderr, in the chosen language. */
  readonly note: (id: CliNoteId, vars?: Readonly<Record<string, string | number>>) => void;
  /** Read a CSV file with the reading flags. */
  readonly read: (path: string) => Table;
}

/**
 * Build the context of a command from its parsed arguments; `defaultLang` is the language when
 * `--lang` is not given (from the environment, src/cli/lang.ts).
 */
export function makeContext(command: Command, parsed: ParsedArgs, defaultLang: Lang = "en"): CommandContext {
  const values = parsed.values;
  const flag = <T extends FlagValue = string>(name: FlagName): T | undefined => values[name] as T | undefined;
  const files = parsed.positionals.slice(1);
  const needed = command.files.filter((f) => !f.endsWith("?")).length;
  const name = command.name;
  if (files.length < needed) throw new UsageError({ en: `${name} needs ${command.files[files.length]}`, es: `${name} necesita ${command.filesEs[files.length]}` }, name);
  if (files.length > command.files.length) {
    const extra = files[command.files.length];
    const list = (names: readonly string[], and: string) => names.map((f) => f.replace(/\?$/, "")).join(and);
    throw new UsageError({
      en: `${name} takes ${command.files.length === 0 ? "no file" : list(command.files, " and ")}; got also '${extra}'`,
      es: `${name} lleva ${command.files.length === 0 ? "ningún archivo" : list(command.filesEs, " y ")}; se recibió además '${extra}'`,
    }, name);
  }
  for (const f of command.required) if (values[f] === undefined) throw new UsageError({ en: `${name} needs --${f}`, es: `${name} necesita --${f}` }, name);
  const lang = flag<Lang>("lang") ?? defaultLang;
  const format = flag<"markdown" | "csv" | "html" | "json">("format") ?? "markdown";
  const digits = flag<number>("digits") ?? 3;
  return {
    files,
    flag,
    lang,
    print(rows, labels) {
      if (format === "json") {
        const r = rows as { rows?: unknown; coefficients?: unknown };
        process.stdout.write(JSON.stringify(Array.isArray(rows) ? rows : r.rows ?? r.coefficients, null, 2) + "\n");
      } else process.stdout.write(formatTable(rows, format, { lang, digits, ...(labels ? { labels: { ...labels } } : {}) }) + (format === "csv" ? "" : "\n"));
    },
    note(id, vars) {
      process.stderr.write(cliNote(id, lang, vars) + "\n");
    },
    read(path) {
      const delimiter = flag("delimiter");
      const o = {
        ...(flag("locale") ? { locale: flag("locale") } : {}),
        ...(delimiter ? { delimiter: delimiter === "\\t" ? "\t" : delimiter } : {}),
        ...(flag("decimal") ? { decimal: flag("decimal") } : {}),
        ...(flag("encoding") ? { encoding: flag("encoding") } : {}),
        ...(flag("missing") ? { missing: flag<string[]>("missing") } : {}),
      } as ParseCsvOptions;
      return readCsvFile(path, o);
    },
  };
}

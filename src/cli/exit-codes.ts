/**
 * How the `ensayo` command line fails: one line `ensayo: CODE: message` on stderr and a documented
 * exit code. Kept apart from the commands so the mapping can be tested without spawning a process.
 */
import { dirname } from "node:path";
import { EnsayoError } from "../errors.js";
import type { CliLang, Localized } from "./lang.js";

/**
 * The exit codes of the command line (documented in README and `ensayo --help`).
 *
 * @example
 * ```ts
 * const check = { ok: false }; // what `ensayo verify` found
 * check.ok ? EXIT_CODES.ok : EXIT_CODES.differs; // 3
 * ```
 */
export const EXIT_CODES = {
  /** Success (for `verify`: the receipt is reproduced exactly). */
  ok: 0,
  /** Bad input: the library refused the data or an option (an `EnsayoError`), or a file cannot be read or written. */
  badInput: 1,
  /** Usage: unknown command or flag, a missing argument, a flag value that is not a number. */
  usage: 2,
  /** `ensayo verify`: the receipt and the data do not agree (the differences are printed). */
  differs: 3,
  /** Internal error: a bug in ensayo (sysexits' EX_SOFTWARE). */
  internal: 70,
} as const;

/** The lines `ensayo --help --lang es` prints about exit codes. */
export const EXIT_CODES_HELP_ES = `códigos de salida
  0   éxito (verify: el comprobante se reproduce exactamente)
  1   entrada inválida: datos u opciones rechazados (ensayo: CÓDIGO: mensaje), o un archivo que no se puede leer ni escribir
  2   uso: comando u opción desconocidos, falta un argumento, un valor de opción que no es un número
  3   verify: el comprobante y los datos difieren (se imprimen las diferencias)
  70  error interno de ensayo (por favor, repórtelo con el comando que ejecutó)
`;

/** The lines `ensayo --help` prints about exit codes. */
export const EXIT_CODES_HELP = `exit codes
  0   success (verify: the receipt is reproduced exactly)
  1   bad input: data or options refused (ensayo: CODE: message), or a file that cannot be read or written
  2   usage: unknown command or flag, missing argument, a flag value that is not a number
  3   verify: the receipt and the data differ (the differences are printed)
  70  internal error in ensayo (please report it with the command you ran)
`;

/**
 * A mistake in the command line itself (exit code 2). Its `message` is English; given a
 * {@link Localized} text it also carries the Spanish one, which `--lang es` prints.
 *
 * @example
 * ```ts
 * throw new UsageError({ en: "dim needs --outcome", es: "dim necesita --outcome" }, "dim");
 * // prints "ensayo: USAGE: dim needs --outcome; run 'ensayo dim --help'"
 * // or, with --lang es, "ensayo: USAGE: dim necesita --outcome; ejecute 'ensayo dim --help --lang es'"
 * ```
 */
export class UsageError extends Error {
  /** The command whose help to point to (`ensayo dim --help`), when the mistake is in its flags. */
  readonly command: string | undefined;
  /** The message in Spanish (the English one when none was given). */
  readonly es: string;
  constructor(message: string | Localized, command?: string) {
    super(typeof message === "string" ? message : message.en);
    this.name = "UsageError";
    this.command = command;
    this.es = typeof message === "string" ? message : message.es;
  }
}

/** A Node.js file-system error (`ENOENT`, `EACCES`, …). */
interface SystemError extends Error {
  code: string;
  syscall?: string;
  path?: string;
}

function isSystemError(e: unknown): e is SystemError {
  const code = e instanceof Error ? (e as { code?: unknown }).code : undefined;
  return typeof code === "string" && /^E[A-Z]+$/.test(code) && "syscall" in (e as object);
}

const flat = (s: string): string => s.replace(/\s*\r?\n\s*/g, " ").trim();

/**
 * In Spanish, the library's refusal of a file it cannot open (`readCsvFile: cannot read 'x.csv': no such
 * file`), which the command line meets for every missing CSV; other library messages stay English.
 */
function unreadableFileEs(e: EnsayoError): string | undefined {
  const m = /^(\w+): cannot read '(.*)'(?::|$| \()/.exec(e.message);
  const code = (e.cause as { code?: unknown } | undefined)?.code;
  if (!m || typeof code !== "string") return undefined;
  const why = code === "ENOENT" ? ": no existe el archivo" : code === "EISDIR" ? ": es una carpeta" : ` (${code})`;
  return `${m[1]}: no se puede leer '${m[2]}'${why}. Revise la ruta (las rutas relativas parten de la carpeta donde se ejecuta el programa)`;
}

/**
 * The one stderr line and the exit code for anything the command line throws.
 *
 * @example
 * ```ts
 * describeFailure(new EnsayoError("MISSING_COLUMN", "lm: no column 'x'")); // { line: "ensayo: MISSING_COLUMN: lm: no column 'x'", exitCode: 1 }
 * ```
 */
export function describeFailure(e: unknown, lang: CliLang = "en"): { line: string; exitCode: number } {
  const es = lang === "es";
  if (e instanceof EnsayoError) return { line: `ensayo: ${e.code}: ${flat(es ? unreadableFileEs(e) ?? e.message : e.message)}`, exitCode: EXIT_CODES.badInput };
  if (e instanceof UsageError) {
    const help = `'ensayo ${e.command ? `${e.command} ` : ""}--help${es ? " --lang es" : ""}'`;
    return { line: es ? `ensayo: USAGE: ${flat(e.es)}; ejecute ${help}` : `ensayo: USAGE: ${flat(e.message)}; run ${help}`, exitCode: EXIT_CODES.usage };
  }
  if (e instanceof TypeError && String((e as { code?: unknown }).code ?? "").startsWith("ERR_PARSE_ARGS")) {
    // node:util parseArgs: unknown flag, a flag without its value, …
    return { line: `ensayo: USAGE: ${flat(e.message).replace(/\. To specify a positional argument.*$/, "")}; run 'ensayo --help'`, exitCode: EXIT_CODES.usage };
  }
  if (isSystemError(e)) {
    const folder = e.code === "ENOENT" && e.syscall === "write" && e.path ? dirname(e.path) : undefined;
    const what = folder !== undefined ? (es ? `la carpeta '${folder}' no existe` : `the folder '${folder}' does not exist`)
      : e.code === "ENOENT" ? (es ? "no existe el archivo o la carpeta" : "no such file or folder")
      : e.code === "EACCES" || e.code === "EPERM" ? (es ? "permiso denegado" : "permission denied")
      : e.code === "EISDIR" ? (es ? "es una carpeta" : "it is a folder")
      : e.code === "ENOSPC" ? (es ? "no queda espacio en el dispositivo" : "no space left on the device") : flat(e.message);
    if (es) {
      const verb = e.syscall === "write" || e.syscall === "mkdir" ? "escribir" : e.syscall === "open" || e.syscall === "read" ? "leer" : "usar";
      return { line: `ensayo: ${e.code}: no se puede ${verb} ${e.path ? `'${e.path}'` : "un archivo"}: ${what}`, exitCode: EXIT_CODES.badInput };
    }
    return { line: `ensayo: ${e.code}: cannot ${e.syscall ?? "use"} ${e.path ? `'${e.path}'` : "a file"}: ${what}`, exitCode: EXIT_CODES.badInput };
  }
  const message = e instanceof Error ? e.message : String(e);
  return {
    line: es
      ? `ensayo: INTERNAL: ${flat(message)} (un error de ensayo: por favor, repórtelo con el comando que ejecutó)`
      : `ensayo: INTERNAL: ${flat(message)} (a bug in ensayo: please report it with the command you ran)`,
    exitCode: EXIT_CODES.internal,
  };
}

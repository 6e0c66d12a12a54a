/**
 * How the `ensayo` command line fails: one line `ensayo: CODE: message` on stderr and a documented
 * exit code. Kept apart from the commands so the mapping can be tested without spawning a process.
 */
import { dirname } from "node:path";
import { EnsayoError } from "../errors.js";

/**
 * The exit codes of the command line (documented in README and `ensayo --help`).
 *
 * @example
 * ```ts
 * process.exitCode = check.ok ? EXIT_CODES.ok : EXIT_CODES.differs; // 0 or 3
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

/** The lines `ensayo --help` prints about exit codes. */
export const EXIT_CODES_HELP = `exit codes
  0   success (verify: the receipt is reproduced exactly)
  1   bad input: data or options refused (ensayo: CODE: message), or a file that cannot be read or written
  2   usage: unknown command or flag, missing argument, a flag value that is not a number
  3   verify: the receipt and the data differ (the differences are printed)
  70  internal error in ensayo (please report it with the command you ran)
`;

/**
 * A mistake in the command line itself (exit code 2).
 *
 * @example
 * ```ts
 * throw new UsageError("this command needs --outcome"); // prints "ensayo: USAGE: this command needs --outcome; run 'ensayo --help'"
 * ```
 */
export class UsageError extends Error {
  /** The command whose help to point to (`ensayo dim --help`), when the mistake is in its flags. */
  readonly command: string | undefined;
  constructor(message: string, command?: string) {
    super(message);
    this.name = "UsageError";
    this.command = command;
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
 * The one stderr line and the exit code for anything the command line throws.
 *
 * @example
 * ```ts
 * describeFailure(new EnsayoError("MISSING_COLUMN", "lm: no column 'x'")); // { line: "ensayo: MISSING_COLUMN: lm: no column 'x'", exitCode: 1 }
 * ```
 */
export function describeFailure(e: unknown): { line: string; exitCode: number } {
  if (e instanceof EnsayoError) return { line: `ensayo: ${e.code}: ${flat(e.message)}`, exitCode: EXIT_CODES.badInput };
  if (e instanceof UsageError) {
    return { line: `ensayo: USAGE: ${flat(e.message)}; run 'ensayo ${e.command ? `${e.command} ` : ""}--help'`, exitCode: EXIT_CODES.usage };
  }
  if (e instanceof TypeError && String((e as { code?: unknown }).code ?? "").startsWith("ERR_PARSE_ARGS")) {
    // node:util parseArgs: unknown flag, a flag without its value, …
    return { line: `ensayo: USAGE: ${flat(e.message).replace(/\. To specify a positional argument.*$/, "")}; run 'ensayo --help'`, exitCode: EXIT_CODES.usage };
  }
  if (isSystemError(e)) {
    const what = e.code === "ENOENT" && e.syscall === "write" && e.path ? `the folder '${dirname(e.path)}' does not exist`
      : e.code === "ENOENT" ? "no such file or folder" : e.code === "EACCES" || e.code === "EPERM" ? "permission denied"
      : e.code === "EISDIR" ? "it is a folder" : e.code === "ENOSPC" ? "no space left on the device" : flat(e.message);
    return { line: `ensayo: ${e.code}: cannot ${e.syscall ?? "use"} ${e.path ? `'${e.path}'` : "a file"}: ${what}`, exitCode: EXIT_CODES.badInput };
  }
  const message = e instanceof Error ? e.message : String(e);
  return {
    line: `ensayo: INTERNAL: ${flat(message)} (a bug in ensayo: please report it with the command you ran)`,
    exitCode: EXIT_CODES.internal,
  };
}

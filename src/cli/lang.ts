/**
 * The language of the command line: of its help, its error lines, and (unless a command has its own
 * default, as `report` has the plan's) its tables and notes. The first that is set wins:
 *
 * 1. `--lang en|es` on the command line;
 * 2. the `ENSAYO_LANG` environment variable (`es…` is Spanish, anything else English);
 * 3. the system locale, the first set of `LC_ALL`, `LC_MESSAGES` and `LANG` (POSIX's order):
 *    Spanish when it begins with `es` (`es_PY.UTF-8`), else English.
 *
 * Otherwise English.
 */

/** A language of the command line. */
export type CliLang = "en" | "es";

/** A text in both languages. */
export interface Localized {
  readonly en: string;
  readonly es: string;
}

const spanish = (value: string): CliLang => (/^es/i.test(value) ? "es" : "en");

/**
 * The language `argv` and `env` ask for (see the module's comment for the order). A `--lang` value
 * other than en or es is left for the flag check to refuse; the rest of the order decides meanwhile.
 *
 * @example
 * ```ts
 * cliLang(["power", "--help"], { LANG: "es_PY.UTF-8" });                    // "es"
 * cliLang(["power", "--lang", "en"], { LANG: "es_PY.UTF-8" });              // "en"
 * cliLang(["power"], { ENSAYO_LANG: "en", LC_ALL: "es_ES.UTF-8" });          // "en"
 * ```
 */
export function cliLang(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): CliLang {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") break;
    const value = a === "--lang" ? argv[i + 1] : a.startsWith("--lang=") ? a.slice(7) : undefined;
    if (value !== undefined && /^(en|es)$/i.test(value)) return value.toLowerCase() as CliLang;
  }
  if (env.ENSAYO_LANG) return spanish(env.ENSAYO_LANG);
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG;
  return locale ? spanish(locale) : "en";
}

/**
 * The text of docs/cli.md and of its Spanish twin docs/cli.es.md, built from the same command and flag
 * tables as `--help`, so the pages document every flag the command line takes.
 * `npx tsx scripts/cli-docs.ts` writes them; a test checks the committed pages are current.
 */
import { COMMANDS } from "./commands.js";
import { EXIT_CODES_HELP, EXIT_CODES_HELP_ES } from "./exit-codes.js";
import { commandHelp, generalHelp } from "./help.js";
import type { CliLang } from "./lang.js";
import { VERSION } from "../version.js";

const INTRO = `# Command line

> En español: [cli.es.md](cli.es.md), the same help as \`ensayo <command> --help --lang es\`.

\`ensayo\` runs the library from a shell, for scripted analyses: read a ministry export, randomize, verify a
receipt, estimate, check balance and plan a trial. After \`npm install ensayo\` run it as \`npx ensayo\`; in a
clone, \`npm install\` builds it.

Every command prints a table on stdout (Markdown by default; \`--format csv|html|json\`) and its notes
(design, n, warnings) on stderr. With \`--lang es\` every header and note is Spanish, numbers are written
\`1.234,5\`, and \`--format csv\` writes CSV for Spanish Excel (\`;\`, decimal comma, UTF-8 byte-order mark).
Data columns keep the names they were read with; dates print as \`YYYY-MM-DD\`.

The examples run on the bundled pilot: \`fixtures/pilot/panel.csv\` holds the baseline, the assignment
(\`grupo\`) and the endline of every official, merged by \`id\` (written by \`fixtures/pilot/make.ts\`).

## Language

The first of these that is set chooses the language of the help, the error lines and the tables:

1. \`--lang en\` or \`--lang es\` on the command line;
2. the \`ENSAYO_LANG\` environment variable (\`es\` is Spanish, any other value English);
3. the system locale, the first set of \`LC_ALL\`, \`LC_MESSAGES\` and \`LANG\`: Spanish when it begins with
   \`es\` (\`es_PY.UTF-8\`).

Otherwise English. \`report\` without \`--lang\` uses the plan's language. The library's messages
(\`ensayo: MISSING_COLUMN: …\`) stay English; the command line's own (unknown flags, values out of range,
missing files) are translated: \`--clustrs\` → "¿quiso decir --clusters?".

## Rules every command follows

- **Every flag is checked before any file is read**: an unknown flag, a missing required flag, a number out
  of range or a value outside a flag's choices stops with exit code 2 and one line naming the flag.
- **Choices ignore letter case**: \`--se hc2\` is \`--se HC2\`, \`--design Cluster\` is \`--design cluster\`.
- **An unknown flag gets the nearest one**: \`--clustrs\` → "did you mean --clusters?".
- **One meaning per flag**: \`--clusters\`, \`--blocks\` and \`--covariates\` always name columns of the CSV;
  \`power\` counts them with \`--n-clusters\`, \`--n-blocks\` and \`--n-covariates\`.
- **Messages name flags**, not library options: "--se \\"CR2\\" needs --clusters", never \`seType\`.
- Numbers on the command line use a decimal point (\`--alpha 0.1\`), whatever the language of the output.

## Exit codes

| exit | when | stderr |
|---:|---|---|
| 0 | success (\`verify\`: the data and seed reproduce the receipt exactly) | notes only |
| 1 | bad input: the library refused the data or an option, or a file cannot be read or written | \`ensayo: CODE: message\` with the \`EnsayoError\` code (\`MISSING_COLUMN\`, …) or the system's (\`ENOENT\`) |
| 2 | usage: unknown command or flag, a missing argument or flag, a flag value of the wrong kind or range | \`ensayo: USAGE: message; run 'ensayo <command> --help'\` |
| 3 | \`verify\`: the receipt and the data differ (the differences are printed on stdout) | |
| 70 | an internal error: a bug in ensayo, please report it with the command you ran | \`ensayo: INTERNAL: message\` |
`;

const INTRO_ES = `# Línea de comandos

> English: [cli.md](cli.md). Esta página es la ayuda de \`ensayo <comando> --help --lang es\`.

\`ensayo\` ejecuta la biblioteca desde una terminal, para análisis con guion: leer una exportación de un
ministerio, aleatorizar, verificar un comprobante, estimar, revisar el balance y planificar un ensayo. Tras
\`npm install ensayo\`, ejecútelo como \`npx ensayo\`; en un clon del repositorio, \`npm install\` lo compila.

Cada comando imprime una tabla en stdout (Markdown por defecto; \`--format csv|html|json\`) y sus notas
(diseño, n, advertencias) en stderr. Con \`--lang es\` la ayuda, cada encabezado, cada nota y los errores de la
línea de comandos están en español, los números se escriben \`1.234,5\` y \`--format csv\` escribe CSV para
Excel en español (\`;\`, coma decimal, marca de orden de bytes UTF-8). Las columnas de datos conservan el
nombre con que se leyeron; las fechas se imprimen como \`AAAA-MM-DD\`.

## Idioma

El primero que esté definido decide el idioma de la ayuda, de los errores y de las tablas:

1. \`--lang es\` o \`--lang en\` en la línea de comandos;
2. la variable de entorno \`ENSAYO_LANG\` (\`es\` es español; cualquier otro valor, inglés);
3. el idioma del sistema, la primera definida de \`LC_ALL\`, \`LC_MESSAGES\` y \`LANG\`: español si empieza
   por \`es\` (\`es_PY.UTF-8\`).

Si no, inglés. \`report\` sin \`--lang\` usa el idioma del plan. Los mensajes de la biblioteca
(\`ensayo: MISSING_COLUMN: …\`) siguen en inglés; los de la propia línea de comandos (opciones desconocidas,
valores fuera de rango, archivos que faltan) se traducen: \`--clustrs\` → "¿quiso decir --clusters?".

## Códigos de salida

| salida | cuándo | stderr |
|---:|---|---|
| 0 | éxito (\`verify\`: los datos y la semilla reproducen el comprobante exactamente) | solo notas |
| 1 | entrada inválida: la biblioteca rechazó los datos o una opción, o un archivo no se puede leer ni escribir | \`ensayo: CÓDIGO: mensaje\` con el código de \`EnsayoError\` o del sistema (\`ENOENT\`) |
| 2 | uso: comando u opción desconocidos, falta un argumento u opción, un valor del tipo o rango equivocado | \`ensayo: USAGE: mensaje; ejecute 'ensayo <comando> --help --lang es'\` |
| 3 | \`verify\`: el comprobante y los datos difieren (las diferencias se imprimen en stdout) | |
| 70 | un error interno: un error de ensayo, por favor repórtelo con el comando que ejecutó | \`ensayo: INTERNAL: mensaje\` |
`;

/**
 * The whole docs/cli.md page, or with `lang` "es" the whole docs/cli.es.md page.
 *
 * @example
 * ```ts
 * cliDocsPage().startsWith("# Command line");           // true
 * cliDocsPage("es").startsWith("# Línea de comandos");  // true
 * ```
 */
export function cliDocsPage(lang: CliLang = "en"): string {
  const es = lang === "es";
  const fence = (text: string) => "```text\n" + text.trimEnd() + "\n```\n";
  // the page names no version, so a release does not make it stale
  const parts = [es ? INTRO_ES : INTRO, `## \`ensayo --help${es ? " --lang es" : ""}\`\n`, fence(generalHelp(lang).replace(`ensayo ${VERSION} —`, "ensayo <version> —"))];
  for (const c of COMMANDS) {
    // each command's own help, without the exit-code lines every help repeats (they are above)
    const summary = es ? c.summaryEs : c.summary;
    parts.push(`## \`ensayo ${c.name}\`\n`, summary.charAt(0).toUpperCase() + summary.slice(1) + ".\n", fence(commandHelp(c, lang).replace(es ? EXIT_CODES_HELP_ES : EXIT_CODES_HELP, "")));
  }
  return parts.join("\n");
}

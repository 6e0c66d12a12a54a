/**
 * The text of docs/cli.md, built from the same command and flag tables as `--help`, so the page
 * documents every flag the command line takes. `npx tsx scripts/cli-docs.ts` writes it; a test
 * checks the committed page is current.
 */
import { COMMANDS } from "./commands.js";
import { EXIT_CODES_HELP } from "./exit-codes.js";
import { commandHelp, generalHelp } from "./help.js";
import { VERSION } from "../version.js";

const INTRO = `# Command line

\`ensayo\` runs the library from a shell, for scripted analyses: read a ministry export, randomize, verify a
receipt, estimate, check balance and plan a trial. After \`npm install ensayo\` run it as \`npx ensayo\`; in a
clone, \`npm install\` builds it.

Every command prints a table on stdout (Markdown by default; \`--format csv|html|json\`) and its notes
(design, n, warnings) on stderr. With \`--lang es\` every header and note is Spanish, numbers are written
\`1.234,5\`, and \`--format csv\` writes CSV for Spanish Excel (\`;\`, decimal comma, UTF-8 byte-order mark).
Data columns keep the names they were read with; dates print as \`YYYY-MM-DD\`.

The examples run on the bundled pilot: \`fixtures/pilot/panel.csv\` holds the baseline, the assignment
(\`grupo\`) and the endline of every official, merged by \`id\` (written by \`fixtures/pilot/make.ts\`).

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

/**
 * The whole docs/cli.md page.
 *
 * @example
 * ```ts
 * cliDocsPage().startsWith("# Command line"); // true
 * ```
 */
export function cliDocsPage(): string {
  const fence = (text: string) => "```text\n" + text.trimEnd() + "\n```\n";
  // the page names no version, so a release does not make it stale
  const parts = [INTRO, "## `ensayo --help`\n", fence(generalHelp().replace(`ensayo ${VERSION} —`, "ensayo <version> —"))];
  for (const c of COMMANDS) {
    // each command's own help, without the exit-code lines every help repeats (they are above)
    parts.push(`## \`ensayo ${c.name}\`\n`, c.summary.charAt(0).toUpperCase() + c.summary.slice(1) + ".\n", fence(commandHelp(c).replace(EXIT_CODES_HELP, "")));
  }
  return parts.join("\n");
}

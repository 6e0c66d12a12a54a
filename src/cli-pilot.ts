/**
 * The declared pilot on the command line: `ensayo plan init|hash`, `ensayo assign --plan`, `ensayo merge`,
 * `ensayo report`. Kept apart from cli.ts's other commands; cli.ts calls {@link runPilotCommand}.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { EnsayoError, declarePilot, formatTable, mergePanel, renderReport, type Table } from "./node.js";
import { UsageError } from "./cli/exit-codes.js";
import type { Localized } from "./cli/lang.js";
import { sha256Bytes } from "./internal/sha256.js";
import { planTemplate } from "./pilot/plan-template.js";
import { DEVIATION_PHRASES } from "./report/pilot-phrases.js";
import { fillPhrase } from "./report/labels.js";
import { formatCount, formatLocale } from "./report/locale-number.js";

/** The CLI values the pilot commands read. */
export interface PilotCliValues {
  readonly plan?: string | undefined;
  readonly baseline?: string | undefined;
  readonly assignment?: string | undefined;
  readonly endline?: string | undefined;
  readonly receipt?: string | undefined;
  readonly "registered-hash"?: string | undefined;
  readonly out?: string | undefined;
  readonly lang?: string | undefined;
  readonly format?: string | undefined;
  readonly id?: string | undefined;
}

/** Help lines for the pilot commands (appended to the CLI's help). */
export const PILOT_HELP = `
declared pilot (one plan drives assignment, analysis and report)
  plan init [--lang es|en] [--out plan.json]     write a commented plan template
  plan hash <plan.json>                          print the plan's SHA-256 (register it before the endline)
  assign --plan plan.json <baseline.csv> [--out asignacion.csv] [--receipt r.json]   the registered assignment; the receipt carries planHash
  merge <baseline.csv> <endline.csv> --id id [--assignment asignacion.csv] [--out panel.csv]   join by id, listing every unmatched row
  report --plan plan.json --baseline b.csv --assignment a.csv --endline e.csv [--receipt r.json] [--registered-hash H]
         [--lang es|en] [--format html|md] --out informe.html   the registered analysis as one self-contained report
`;

type Read = (path: string) => Table;

/**
 * Run a pilot command; returns the exit status.
 *
 * @throws UsageError for a missing argument (cli.ts prints it in the CLI's language and exits 2); EnsayoError for bad input (exit 1).
 */
export function runPilotCommand(
  command: string, files: readonly string[], values: PilotCliValues, read: Read, given: { readonly lang: boolean; readonly format: boolean },
): number {
  switch (command) {
    case "plan":
      return planCommand(files, values);
    case "assign":
      return assignCommand(files, values, read);
    case "merge":
      return mergeCommand(files, values, read);
    case "report":
      return reportCommand(values, read, given);
    default:
      throw new UsageError({ en: `unknown pilot command '${command}'`, es: `comando del piloto desconocido '${command}'` });
  }
}

function planCommand(files: readonly string[], values: PilotCliValues): number {
  const [sub, file] = files;
  if (sub === "init") {
    const text = planTemplate(values.lang === "en" ? "en" : "es");
    if (values.out) {
      writeFileSync(values.out, text);
      console.error(`wrote ${values.out}; edit it, then register its hash: ensayo plan hash ${values.out}`);
    } else process.stdout.write(text);
    return 0;
  }
  if (sub === "hash") {
    const pilot = declarePlanFile(need(file, { en: "a plan file (ensayo plan hash plan.json)", es: "un archivo de plan (ensayo plan hash plan.json)" }, "plan"));
    console.log(pilot.planHash);
    return 0;
  }
  throw new UsageError({
    en: `plan takes 'init' or 'hash'; got ${sub === undefined ? "nothing" : `'${sub}'`}`,
    es: `plan lleva 'init' o 'hash'; se recibió ${sub === undefined ? "nada" : `'${sub}'`}`,
  }, "plan");
}

function assignCommand(files: readonly string[], values: PilotCliValues, read: Read): number {
  const pilot = declarePlanFile(values.plan!);
  const a = pilot.assign(read(need(files[0] ?? values.baseline, BASELINE, "assign")));
  const csv = formatTable(a.rows as Record<string, unknown>[], "csv");
  const receiptPath = values.receipt ?? (values.out ? values.out.replace(/(\.csv)?$/, ".receipt.json") : undefined);
  if (values.out) writeFileSync(values.out, csv);
  else process.stdout.write(csv);
  if (receiptPath) writeFileSync(receiptPath, JSON.stringify(a.receipt, null, 2) + "\n");
  console.error(`assigned ${a.rows.length} units: ${Object.entries(a.counts).map(([k, n]) => `${k} ${n}`).join(", ")}; plan ${a.planHash.slice(0, 16)}…${receiptPath ? `; receipt ${receiptPath}` : ""}`);
  return 0;
}

function mergeCommand(files: readonly string[], values: PilotCliValues, read: Read): number {
  const id = need(values.id, { en: "--id (the unit id column)", es: "--id (la columna del id de cada unidad)" }, "merge");
  let baseline = read(need(files[0] ?? values.baseline, BASELINE, "merge"));
  const endline = read(need(files[1] ?? values.endline, { en: "the endline CSV", es: "el CSV de línea final" }, "merge"));
  if (values.assignment) {
    const a = mergePanel(baseline, read(values.assignment), { id, respondedName: "assigned" });
    if (a.unmatchedBaseline.length || a.unmatchedEndline.length) {
      console.error(`assignment: ${a.unmatchedBaseline.length} baseline ids without an arm, ${a.unmatchedEndline.length} assignment ids not in the baseline`);
    }
    baseline = a.table;
  }
  const p = mergePanel(baseline, endline, { id });
  const csv = tableCsv(p.table);
  if (values.out) writeFileSync(values.out, csv);
  else process.stdout.write(csv);
  const c = p.counts;
  console.error(`baseline ${c.baseline}, endline ${c.endline}: matched ${c.matched}, only in the baseline ${c.onlyBaseline}, only in the endline ${c.onlyEndline}` +
    (p.unmatchedEndline.length ? ` (${p.unmatchedEndline.join(", ")})` : ""));
  return 0;
}

function reportCommand(values: PilotCliValues, read: Read, given: { readonly lang: boolean; readonly format: boolean }): number {
  const flag = (value: string | undefined, text: string) => need(value, { en: text, es: text }, "report");
  const planPath = flag(values.plan, "--plan plan.json");
  const pilot = declarePlanFile(planPath);
  const paths = {
    plan: planPath,
    baseline: flag(values.baseline, "--baseline baseline.csv"),
    assignment: flag(values.assignment, "--assignment asignacion.csv"),
    endline: flag(values.endline, "--endline endline.csv"),
    ...(values.receipt ? { receipt: values.receipt } : {}),
  };
  const inputFiles = Object.entries(paths).map(([role, file]) => ({ role, file: basename(file), sha256: sha256Bytes(readFileSync(file)) }));
  const analysis = pilot.analyze({
    baseline: read(paths.baseline),
    assignment: read(paths.assignment),
    endline: read(paths.endline),
    ...(values.receipt ? { receipt: JSON.parse(readFileSync(values.receipt, "utf8")) } : {}),
    ...(values["registered-hash"] ? { registeredHash: values["registered-hash"] } : {}),
    inputFiles,
  });
  const format = given.format && (values.format === "md" || values.format === "markdown") ? "md" : "html";
  const lang = given.lang ? (values.lang === "en" ? "en" : "es") : pilot.plan.lang;
  const text = renderReport(analysis, { lang, format });
  if (values.out) writeFileSync(values.out, text);
  else process.stdout.write(text);
  // the console speaks the report's language: deviations from the same templates, numbers as es-PY writes them
  const num = (v: number, digits: number) => (lang === "es" ? formatLocale(v, digits, "es") : v.toFixed(digits));
  for (const d of analysis.deviations) {
    const params = d.params ? Object.fromEntries(Object.entries(d.params).map(([k, v]) => [k, typeof v === "number" ? formatCount(v, lang) : v])) : null;
    const text = params && d.kind in DEVIATION_PHRASES ? fillPhrase(DEVIATION_PHRASES[d.kind], lang, params) : d.message;
    console.error(`${lang === "es" ? "desvío" : "deviation"}: ${text}`);
  }
  const e = analysis.effects[0];
  const multi = analysis.arms.length > 1;
  const nOutcomes = new Set(analysis.effects.map((x) => x.outcome)).size;
  const [outcomesWord, armsWord, wroteWord] = lang === "es" ? ["resultados", "grupos tratados", "escrito"] : ["outcomes", "treated arms", "wrote"];
  console.error(`plan ${analysis.planHash.slice(0, 16)}…; ${nOutcomes} ${outcomesWord}${multi ? ` × ${analysis.arms.length} ${armsWord}` : ""}${e ? `; ${e.outcome}${multi ? ` (${e.arm})` : ""}: ${num(e.estimate, 3)} (p = ${num(e.pValue, 4)})` : ""}${values.out ? `; ${wroteWord} ${values.out}` : ""}`);
  return 0;
}

/** A table as CSV with its own column names: dates as ISO days, missing values empty, text quoted when needed. */
function tableCsv(t: Table): string {
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const cell = (name: string, i: number): string => {
    const v = (t.columns[name] as ArrayLike<unknown>)[i];
    if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))) return "";
    if (t.types[name] === "date" && typeof v === "number") return new Date(v).toISOString().slice(0, 10);
    return quote(String(v));
  };
  const lines = [t.names.map(quote).join(",")];
  for (let i = 0; i < t.nRows; i++) lines.push(t.names.map((n) => cell(n, i)).join(","));
  return lines.join("\n") + "\n";
}

const BASELINE: Localized = { en: "the baseline CSV", es: "el CSV de línea de base" };

/** `value`, or a usage error (exit 2) saying what `command` needs, in the CLI's language. */
function need<T>(value: T | undefined, what: Localized, command: string): T {
  if (value === undefined || value === "") throw new UsageError({ en: `${command} needs ${what.en}`, es: `${command} necesita ${what.es}` }, command);
  return value;
}

/**
 * The pilot declared by the plan file at `path`. A refusal of the plan names the file, not
 * `declarePilot` (which the person at the command line did not call): `plan.json: the plan is not valid JSON …`.
 */
function declarePlanFile(path: string): ReturnType<typeof declarePilot> {
  const text = readFileSync(path, "utf8");
  try {
    return declarePilot(text);
  } catch (e) {
    if (!(e instanceof EnsayoError) || e.fn !== "declarePilot") throw e;
    const message = e.message.startsWith("declarePilot: ") ? e.message.slice("declarePilot: ".length) : e.message;
    throw new EnsayoError(e.code, `${path}: ${message}`, {
      file: path,
      ...(e.column !== undefined ? { column: e.column } : {}),
      ...(e.value !== undefined ? { value: e.value } : {}),
      ...(e.issues !== undefined ? { issues: e.issues } : {}),
      cause: e,
    });
  }
}

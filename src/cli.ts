#!/usr/bin/env node
/**
 * The `ensayo` command line, for scripted analyses by university partners.
 *
 *   ensayo read baseline.csv --locale es-PY
 *   ensayo assign baseline.csv --id id --blocks region --clusters oficina --conditions control,taller --seed 2026 --out asignacion.csv
 *   ensayo verify receipt.json baseline.csv
 *   ensayo dim panel.csv --outcome puntaje --treatment grupo --blocks region --clusters oficina
 *   ensayo lm panel.csv --formula "puntaje ~ grupo + puntaje_base" --clusters oficina
 *   ensayo balance baseline.csv --treatment grupo --covariates edad,sexo --clusters oficina
 *   ensayo power --design cluster --solve-for mde --clusters 48 --cluster-size 10 --icc 0.1
 *
 * Every command prints a table (markdown by default; `--format csv|html|json`). Every failure is one
 * line `ensayo: CODE: message` on stderr with an exit code from `EXIT_CODES` (src/cli/exit-codes.ts).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import {
  EnsayoError,
  VERSION,
  balanceTable,
  declareRa,
  differenceInMeans,
  formatTable,
  lmRobust,
  planTrial,
  readCsvFile,
  verifyAssignment,
  type AssignmentReceipt,
  type ParseCsvOptions,
  type RaOptions,
  type Table,
} from "./node.js";
import { EXIT_CODES, EXIT_CODES_HELP, UsageError, describeFailure } from "./cli/exit-codes.js";

const HELP = `ensayo ${VERSION} — evaluate randomized pilots

usage: ensayo <command> [file] [options]

commands
  read <file.csv>            read a CSV and print its data report (types, missing values, coercions)
  assign <file.csv>          randomize units; writes the assignment (--out) and its receipt (--receipt)
  verify <receipt.json> <file.csv>   re-run an assignment from its receipt and say what differs
  dim <file.csv>             difference in means (--outcome, --treatment, [--blocks], [--clusters])
  lm <file.csv>              OLS with robust / cluster-robust SEs (--formula, [--clusters], [--se], [--fixed-effects])
  balance <file.csv>         baseline balance table (--treatment, --covariates a,b,c, [--control])
  power                      power / MDE / sample size (--design individual|cluster, --solve-for power|mde|units|clusters|clusterSize)

reading options
  --locale es-PY             ministry exports: ';' delimiter, decimal comma, thousands dot
  --delimiter C  --decimal C  --encoding utf-8|latin1|windows-1252  --missing S/D,NA

output options
  --format markdown|csv|html|json   (default markdown)   --lang en|es   --digits N

${EXIT_CODES_HELP}`;

const options = {
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
  format: { type: "string", default: "markdown" },
  lang: { type: "string", default: "en" },
  digits: { type: "string", default: "3" },
  locale: { type: "string" },
  delimiter: { type: "string" },
  decimal: { type: "string" },
  encoding: { type: "string" },
  missing: { type: "string" },
  id: { type: "string" },
  blocks: { type: "string" },
  clusters: { type: "string" },
  conditions: { type: "string" },
  prob: { type: "string" },
  m: { type: "string" },
  seed: { type: "string" },
  out: { type: "string" },
  receipt: { type: "string" },
  outcome: { type: "string" },
  treatment: { type: "string" },
  condition1: { type: "string" },
  condition2: { type: "string" },
  weights: { type: "string" },
  formula: { type: "string" },
  se: { type: "string" },
  "fixed-effects": { type: "string" },
  covariates: { type: "string" },
  control: { type: "string" },
  design: { type: "string" },
  "solve-for": { type: "string" },
  effect: { type: "string" },
  sd: { type: "string" },
  alpha: { type: "string" },
  power: { type: "string" },
  units: { type: "string" },
  "cluster-size": { type: "string" },
  "cluster-size-cv": { type: "string" },
  icc: { type: "string" },
  "treated-share": { type: "string" },
  "baseline-correlation": { type: "string" },
  "response-rate": { type: "string" },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>["values"];

function main(argv: string[]): number {
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  if (values.version) {
    console.log(VERSION);
    return 0;
  }
  const [command, ...files] = positionals;
  if (values.help) {
    console.log(HELP);
    return EXIT_CODES.ok;
  }
  if (!command) throw new UsageError("no command given (read, assign, verify, dim, lm, balance or power)");
  const format = values.format as "markdown" | "csv" | "html" | "json";
  const print = (rows: readonly object[]) => {
    if (format === "json") console.log(JSON.stringify(rows, null, 2));
    else console.log(formatTable(rows as Record<string, unknown>[], format, { lang: values.lang as "en" | "es", digits: Number(values.digits) }));
  };
  switch (command) {
    case "read": {
      const t = read(need(files[0], "a CSV file"), values);
      const r = t.report;
      console.error(`${r.source}: ${r.rowsRead} rows, encoding ${r.encoding ?? "?"}, delimiter '${r.delimiter ?? "?"}'${r.notes.length ? `; ${r.notes.join("; ")}` : ""}`);
      for (const x of r.renamed) console.error(`renamed header '${x.from}' → '${x.to}'`);
      print(t.names.map((name) => ({ column: name, type: t.types[name], missing: r.missing[name] ?? 0, coerced: r.coerced[name] ?? 0 })));
      return 0;
    }
    case "assign": {
      const t = read(need(files[0], "a CSV file"), values);
      const design = declareRa({
        data: t,
        ...(values.id ? { ids: values.id } : {}),
        ...(values.blocks ? { blocks: values.blocks } : {}),
        ...(values.clusters ? { clusters: values.clusters } : {}),
        ...(values.conditions ? { conditions: values.conditions.split(",") } : {}),
        ...(values.prob ? { prob: num(values.prob, "--prob") } : {}),
        ...(values.m ? { m: num(values.m, "--m") } : {}),
      } as RaOptions);
      const a = design.conduct(need(values.seed, "--seed (record it: it makes the assignment reproducible)"));
      const rows = Array.from(a.arm, (_, i) => ({ ...(a.ids ? { id: a.ids[i] } : { row: i + 1 }), condition: a.condition[i] }));
      const receiptPath = values.receipt ?? (values.out ? values.out.replace(/(\.csv)?$/, ".receipt.json") : undefined);
      // check both folders first, so a failure writes neither file
      for (const p of [values.out, receiptPath]) if (p) folderExists(p);
      if (values.out) writeFileSync(values.out, formatTable(rows, "csv"));
      if (receiptPath) writeFileSync(receiptPath, JSON.stringify(a.receipt, null, 2) + "\n");
      if (!values.out) print(rows);
      for (const w of a.warnings) console.error(`warning: ${w}`);
      console.error(`assigned ${a.arm.length} units: ${a.counts.map((c, k) => `${a.conditions[k]} ${c}`).join(", ")}` + (receiptPath ? `; receipt ${receiptPath}` : ""));
      return 0;
    }
    case "verify": {
      const receipt = readJson(need(files[0], "a receipt JSON file"));
      const t = read(need(files[1], "the CSV file the assignment was drawn from"), values);
      // the receipt's column names say where to read ids, blocks and clusters; verifyAssignment checks its shape
      const check = verifyAssignment(receipt as AssignmentReceipt, { data: t });
      console.log(check.ok ? "ok: the data and seed reproduce the receipt exactly" : "DIFFERS:");
      if (!check.ok) print(check.differences as readonly object[]);
      return check.ok ? EXIT_CODES.ok : EXIT_CODES.differs;
    }
    case "dim": {
      const t = read(need(files[0], "a CSV file"), values);
      const r = differenceInMeans(t, {
        outcome: need(values.outcome, "--outcome"),
        treatment: need(values.treatment, "--treatment"),
        ...(values.blocks ? { blocks: values.blocks } : {}),
        ...(values.clusters ? { clusters: values.clusters } : {}),
        ...(values.weights ? { weights: values.weights } : {}),
        ...(values.condition1 ? { condition1: values.condition1 } : {}),
        ...(values.condition2 ? { condition2: values.condition2 } : {}),
        ...(values.alpha ? { alpha: num(values.alpha, "--alpha") } : {}),
      });
      console.error(`design: ${r.design}; n = ${r.nObs}`);
      print(r.coefficients);
      return 0;
    }
    case "lm": {
      const t = read(need(files[0], "a CSV file"), values);
      const r = lmRobust(t, need(values.formula, '--formula "y ~ x"'), {
        ...(values.clusters ? { clusters: values.clusters } : {}),
        ...(values.weights ? { weights: values.weights } : {}),
        ...(values.se ? { seType: values.se as never } : {}),
        ...(values["fixed-effects"] ? { fixedEffects: values["fixed-effects"].split(",") } : {}),
        ...(values.alpha ? { alpha: num(values.alpha, "--alpha") } : {}),
      });
      console.error(`${r.seType} standard errors; n = ${r.nObs}${r.nClusters ? `, ${r.nClusters} clusters` : ""}; ${r.dropped.total} rows dropped for missing values`);
      for (const w of r.warnings) console.error(`warning: ${w}`);
      print(r.coefficients);
      return 0;
    }
    case "balance": {
      const t = read(need(files[0], "a CSV file"), values);
      const r = balanceTable(t, {
        treatment: need(values.treatment, "--treatment"),
        covariates: need(values.covariates, "--covariates a,b,c").split(","),
        ...(values.blocks ? { blocks: values.blocks } : {}),
        ...(values.clusters ? { clusters: values.clusters } : {}),
        ...(values.control ? { control: values.control } : {}),
      });
      print(r.rows);
      for (const j of r.joint) console.error(`joint test (${j.arm}): F = ${j.statistic.toFixed(3)}, p = ${j.pValue.toFixed(4)}`);
      return 0;
    }
    case "power": {
      const opt = (k: keyof Values) => (values[k] === undefined ? undefined : num(values[k] as string, `--${String(k)}`));
      const r = planTrial({
        solveFor: need(values["solve-for"], "--solve-for power|mde|units|clusters|clusterSize") as never,
        design: (values.design ?? "individual") as "individual" | "cluster",
        ...defined({
          effect: opt("effect"), sd: opt("sd"), alpha: opt("alpha"), power: opt("power"), units: opt("units"),
          clusters: opt("clusters"), clusterSize: opt("cluster-size"), clusterSizeCv: opt("cluster-size-cv"), icc: opt("icc"),
          treatedShare: opt("treated-share"), baselineCorrelation: opt("baseline-correlation"), responseRate: opt("response-rate"),
        }),
      });
      print([Object.fromEntries(Object.entries(r).filter(([, v]) => typeof v === "number" || typeof v === "string"))]);
      return 0;
    }
    default:
      throw new UsageError(`unknown command '${command}' (read, assign, verify, dim, lm, balance or power)`);
  }
}

function read(path: string, values: Values): Table {
  const o: ParseCsvOptions = {
    ...(values.locale ? { locale: values.locale as "es-PY" } : {}),
    ...(values.delimiter ? { delimiter: values.delimiter === "\\t" ? "\t" : values.delimiter } : {}),
    ...(values.decimal ? { decimal: values.decimal as "." | "," } : {}),
    ...(values.encoding ? { encoding: values.encoding as "utf-8" } : {}),
    ...(values.missing ? { missing: values.missing.split(",") } : {}),
  } as ParseCsvOptions;
  return readCsvFile(path, o);
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined || value === "") throw new UsageError(`this command needs ${what}`);
  return value;
}

function num(text: string, flag: string): number {
  const x = Number(text);
  if (text.trim() === "" || !Number.isFinite(x)) throw new UsageError(`\`${flag}\` must be a number; got '${text}'`);
  return x;
}

/** Read a JSON file; text that is not JSON is INVALID_DATA naming the file. */
function readJson(path: string): unknown {
  const text = readFileSync(path, "utf8");
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new EnsayoError("INVALID_DATA", `'${path}' is not JSON (${e instanceof Error ? e.message : String(e)})`, {
      file: path,
      hint: "Give the .receipt.json file that `ensayo assign` wrote, unchanged",
    });
  }
}

/** Refuse (ENOENT) an output path whose folder does not exist, before anything is written. */
function folderExists(path: string): void {
  const folder = dirname(path);
  if (!existsSync(folder)) {
    throw Object.assign(new Error(`no such folder '${folder}'`), { code: "ENOENT", syscall: "write", path });
  }
}

function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  const failure = describeFailure(e);
  console.error(failure.line);
  process.exitCode = failure.exitCode;
}

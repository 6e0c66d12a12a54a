/**
 * Commands about data and assignment: `read`, `assign`, `verify`.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { EnsayoError, declareRa, formatTable, verifyAssignment, type AssignmentReceipt, type RaOptions } from "../node.js";
import { cliNote as phrase } from "./notes.js";
import type { Command } from "./command.js";
import { EXIT_CODES, UsageError } from "./exit-codes.js";
import { runPilot } from "./pilot-commands.js";

/** `ensayo read`: the data report of a CSV file. */
export const readCommand: Command = {
  name: "read",
  args: "<file.csv>",
  summary: "read a CSV and print its data report (types, missing values, coercions)",
  summaryEs: "lee un CSV e imprime su informe de datos (tipos, valores faltantes, conversiones)",
  readsCsv: true,
  flags: [],
  required: [],
  files: ["a CSV file"],
  filesEs: ["un archivo CSV"],
  examples: ["ensayo read fixtures/pilot/baseline_ministerio.csv --locale es-PY", "ensayo read fixtures/pilot/panel.csv --lang es"],
  run(ctx) {
    const t = ctx.read(ctx.files[0]!);
    const r = t.report;
    const notes = r.notes.length ? `; ${r.notes.join("; ")}` : "";
    process.stderr.write(phrase("readNote", ctx.lang, { source: r.source, rows: r.rowsRead, encoding: r.encoding ?? "?", delimiter: r.delimiter ?? "?" }) + notes + "\n");
    for (const x of r.renamed) ctx.note("renamedHeader", { from: x.from, to: x.to });
    ctx.print(
      t.names.map((name) => ({ column: name, type: t.types[name], missing: r.missing[name] ?? 0, coerced: r.coerced[name] ?? 0 })),
      { column: phrase("column", ctx.lang), type: phrase("columnType", ctx.lang), missing: phrase("missing", ctx.lang), coerced: phrase("coerced", ctx.lang) },
    );
    return EXIT_CODES.ok;
  },
};

/** `ensayo assign`: randomize units, write the assignment and its receipt. */
export const assignCommand: Command = {
  name: "assign",
  args: "<file.csv>",
  summary: "randomize units; writes the assignment (--out) and its receipt (--receipt)",
  summaryEs: "aleatoriza unidades; escribe la asignación (--out) y su comprobante (--receipt)",
  readsCsv: true,
  flags: ["id", "blocks", "clusters", "conditions", "prob", "m", "seed", "out", "receipt", "plan"],
  required: [],
  files: ["a CSV file of the units"],
  filesEs: ["un archivo CSV de las unidades"],
  examples: [
    "ensayo assign fixtures/pilot/baseline.csv --plan fixtures/pilot/plan.json --out asignacion.csv",
    "ensayo assign fixtures/pilot/baseline.csv --id id --blocks region --clusters oficina --conditions control,taller --seed 2026 --out asignacion.csv",
    "ensayo assign fixtures/pilot/baseline.csv --id id --prob 0.3 --seed 7",
  ],
  run(ctx) {
    // A declared pilot's assignment: the design, ids and seed come from the plan (src/cli-pilot.ts).
    if (ctx.flag("plan") !== undefined) return runPilot("assign", ctx);
    if (ctx.flag("seed") === undefined) throw new UsageError({ en: "assign needs --seed (or --plan)", es: "assign necesita --seed (o --plan)" }, "assign");
    const t = ctx.read(ctx.files[0]!);
    const design = declareRa({
      data: t,
      ...(ctx.flag("id") ? { id: ctx.flag("id") } : {}),
      ...(ctx.flag("blocks") ? { blocks: ctx.flag("blocks") } : {}),
      ...(ctx.flag("clusters") ? { clusters: ctx.flag("clusters") } : {}),
      ...(ctx.flag("conditions") ? { conditions: ctx.flag<string[]>("conditions") } : {}),
      ...(ctx.flag("prob") !== undefined ? { prob: ctx.flag<number>("prob") } : {}),
      ...(ctx.flag("m") !== undefined ? { m: ctx.flag<number>("m") } : {}),
    } as RaOptions);
    const a = design.conduct(ctx.flag("seed")!);
    const rows = Array.from(a.arm, (_, i) => ({ ...(a.ids ? { id: a.ids[i] } : { row: i + 1 }), condition: a.condition[i] }));
    const out = ctx.flag("out");
    const receiptPath = ctx.flag("receipt") ?? (out ? out.replace(/(\.csv)?$/, ".receipt.json") : undefined);
    // check both folders first, so a failure writes neither file
    for (const p of [out, receiptPath]) if (p) folderExists(p);
    // a data file: its headers are column names (read back by people's scripts), never translated labels
    if (out) writeFileSync(out, formatTable(rows, "csv", { labels: { id: "id", row: "row", condition: "condition" } }));
    if (receiptPath) writeFileSync(receiptPath, JSON.stringify(a.receipt, null, 2) + "\n");
    if (!out) ctx.print(rows);
    for (const w of a.warnings) ctx.note("warning", { text: w });
    const counts = a.counts.map((c, k) => `${a.conditions[k]} ${c}`).join(", ");
    process.stderr.write(phrase("assigned", ctx.lang, { n: a.arm.length, counts }) + (receiptPath ? `; ${phrase("receiptAt", ctx.lang, { path: receiptPath })}` : "") + "\n");
    return EXIT_CODES.ok;
  },
};

/** `ensayo verify`: re-run an assignment from its receipt. */
export const verifyCommand: Command = {
  name: "verify",
  args: "<receipt.json> <file.csv>",
  summary: "re-run an assignment from its receipt and say what differs (exit 3 when it differs)",
  summaryEs: "vuelve a ejecutar una asignación desde su comprobante y dice qué difiere (sale con 3 si difiere)",
  readsCsv: true,
  flags: [],
  required: [],
  files: ["a receipt JSON file", "the CSV file the assignment was drawn from"],
  filesEs: ["un archivo JSON de comprobante", "el archivo CSV del que se sorteó la asignación"],
  examples: ["ensayo verify asignacion.receipt.json fixtures/pilot/baseline.csv"],
  run(ctx) {
    const receipt = readJson(ctx.files[0]!);
    const t = ctx.read(ctx.files[1]!);
    // the receipt's column names say where to read ids, blocks and clusters; verifyAssignment checks its shape
    const check = verifyAssignment(receipt as AssignmentReceipt, { data: t });
    process.stdout.write(phrase(check.ok ? "verifyOk" : "verifyDiffers", ctx.lang) + "\n");
    if (!check.ok) ctx.print(check.differences as readonly object[]);
    return check.ok ? EXIT_CODES.ok : EXIT_CODES.differs;
  },
};

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

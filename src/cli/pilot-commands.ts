/**
 * Commands of the declared pilot: `plan`, `merge`, `report` (and `assign --plan`, which `assign` hands
 * over here). Their work is in src/cli-pilot.ts; these objects give them flags, help and checks like
 * every other command.
 */
import type { Command, CommandContext } from "./command.js";
import { runPilotCommand, type PilotCliValues } from "../cli-pilot.js";

/** The pilot flags of a command context, as src/cli-pilot.ts reads them. */
function pilotValues(ctx: CommandContext): PilotCliValues {
  const v: Record<string, string | undefined> = {};
  for (const name of ["plan", "baseline", "assignment", "endline", "receipt", "registered-hash", "out", "lang", "id"] as const) v[name] = ctx.flag(name);
  const format = ctx.flag("format");
  v.format = format === "markdown" ? "md" : format;
  return v as PilotCliValues;
}

/** Run a pilot command with the context's flags. */
export function runPilot(name: string, ctx: CommandContext): number {
  return runPilotCommand(name, ctx.files, pilotValues(ctx), ctx.read, { lang: ctx.flag("lang") !== undefined, format: ctx.flag("format") !== undefined });
}

/** `ensayo plan init|hash`: write a plan template, or print a plan's hash. */
export const planCommand: Command = {
  name: "plan",
  args: "init|hash [plan.json]",
  summary: "write a commented plan template (init), or print a plan's SHA-256 to register before the endline (hash)",
  summaryEs: "escribe una plantilla comentada del plan (init), o imprime el SHA-256 de un plan para registrarlo antes de la línea final (hash)",
  readsCsv: false,
  flags: ["out"],
  required: [],
  files: ["'init' or 'hash'", "the plan file (for hash)?"],
  filesEs: ["'init' o 'hash'", "el archivo del plan (para hash)?"],
  examples: ["ensayo plan init --lang es --out plan.json", "ensayo plan hash fixtures/pilot/plan.json"],
  run: (ctx) => runPilot("plan", ctx),
};

/** `ensayo merge`: join baseline and endline by id, counting every unmatched row. */
export const mergeCommand: Command = {
  name: "merge",
  args: "<baseline.csv> <endline.csv>",
  summary: "join a baseline and an endline by id (and the assignment), listing every unmatched row",
  summaryEs: "une una línea de base y una línea final por id (y la asignación), listando cada fila sin pareja",
  readsCsv: true,
  flags: ["id", "assignment", "out"],
  required: ["id"],
  files: ["the baseline CSV", "the endline CSV"],
  filesEs: ["el CSV de línea de base", "el CSV de línea final"],
  examples: ["ensayo merge fixtures/pilot/baseline.csv fixtures/pilot/endline.csv --id id --assignment fixtures/pilot/asignacion.csv --out panel.csv"],
  run: (ctx) => runPilot("merge", ctx),
};

/** `ensayo report`: the registered analysis of a declared pilot as one self-contained report. */
export const reportCommand: Command = {
  name: "report",
  args: "",
  summary: "run the registered analysis of a plan and write its report (self-contained HTML, or markdown)",
  summaryEs: "ejecuta el análisis registrado de un plan y escribe su informe (HTML autocontenido, o markdown)",
  readsCsv: true,
  flags: ["plan", "baseline", "assignment", "endline", "receipt", "registered-hash", "out"],
  required: ["plan", "baseline", "assignment", "endline"],
  files: [],
  filesEs: [],
  examples: [
    "ensayo report --plan fixtures/pilot/plan.json --baseline fixtures/pilot/baseline.csv --assignment fixtures/pilot/asignacion.csv --endline fixtures/pilot/endline.csv --lang es --out informe.html",
  ],
  run: (ctx) => runPilot("report", ctx),
};

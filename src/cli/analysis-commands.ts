/**
 * Commands that analyse a trial: `dim`, `lm`, `balance`.
 */
import { balanceTable, differenceInMeans, lmRobust, type SeType } from "../node.js";
import { valueLabel } from "../report/labels.js";
import { cliNote as phrase } from "./notes.js";
import { formatNumber } from "../report/format-table.js";
import type { Command } from "./command.js";
import { EXIT_CODES } from "./exit-codes.js";

/** `ensayo dim`: difference in means. */
export const dimCommand: Command = {
  name: "dim",
  args: "<file.csv>",
  summary: "difference in means (estimatr's difference_in_means)",
  summaryEs: "diferencia de medias (difference_in_means de estimatr)",
  readsCsv: true,
  flags: ["outcome", "treatment", "blocks", "clusters", "weights", "control", "treated", "alpha"],
  required: ["outcome", "treatment"],
  files: ["a CSV file"],
  filesEs: ["un archivo CSV"],
  examples: [
    "ensayo dim fixtures/pilot/panel.csv --outcome puntaje_final --treatment grupo --blocks region --clusters oficina",
    "ensayo dim fixtures/pilot/panel.csv --outcome puntaje_final --treatment grupo --control control --treated taller --lang es",
  ],
  run(ctx) {
    const t = ctx.read(ctx.files[0]!);
    const r = differenceInMeans(t, {
      outcome: ctx.flag("outcome")!,
      treatment: ctx.flag("treatment")!,
      ...(ctx.flag("blocks") ? { blocks: ctx.flag("blocks") } : {}),
      ...(ctx.flag("clusters") ? { clusters: ctx.flag("clusters") } : {}),
      ...(ctx.flag("weights") ? { weights: ctx.flag("weights") } : {}),
      ...(ctx.flag("control") ? { control: ctx.flag("control") } : {}),
      ...(ctx.flag("treated") ? { treated: ctx.flag("treated") } : {}),
      ...(ctx.flag("alpha") !== undefined ? { alpha: ctx.flag<number>("alpha") } : {}),
    });
    ctx.note("dimNote", { design: valueLabel("design", r.design, ctx.lang), n: r.nObs });
    for (const w of r.warnings) ctx.note("warning", { text: w });
    ctx.print(r.coefficients);
    return EXIT_CODES.ok;
  },
};

/** `ensayo lm`: OLS with robust or cluster-robust standard errors. */
export const lmCommand: Command = {
  name: "lm",
  args: "<file.csv>",
  summary: "OLS with robust / cluster-robust standard errors (estimatr's lm_robust)",
  summaryEs: "MCO con errores estándar robustos o robustos por conglomerado (lm_robust de estimatr)",
  readsCsv: true,
  flags: ["formula", "clusters", "weights", "se", "fixed-effects", "alpha"],
  required: ["formula"],
  files: ["a CSV file"],
  filesEs: ["un archivo CSV"],
  examples: [
    'ensayo lm fixtures/pilot/panel.csv --formula "puntaje_final ~ grupo + puntaje_base" --clusters oficina',
    'ensayo lm fixtures/pilot/panel.csv --formula "puntaje_final ~ grupo" --fixed-effects region --se hc2',
  ],
  run(ctx) {
    const t = ctx.read(ctx.files[0]!);
    const r = lmRobust(t, ctx.flag("formula")!, {
      ...(ctx.flag("clusters") ? { clusters: ctx.flag("clusters") } : {}),
      ...(ctx.flag("weights") ? { weights: ctx.flag("weights") } : {}),
      ...(ctx.flag("se") ? { seType: ctx.flag<SeType>("se") } : {}),
      ...(ctx.flag("fixed-effects") ? { fixedEffects: ctx.flag<string[]>("fixed-effects") } : {}),
      ...(ctx.flag("alpha") !== undefined ? { alpha: ctx.flag<number>("alpha") } : {}),
    });
    const clusters = r.nClusters ? phrase("lmClusters", ctx.lang, { n: r.nClusters }) : "";
    ctx.note("lmNote", { se: r.seType, n: r.nObs, clusters, dropped: r.dropped.total });
    for (const w of r.warnings) ctx.note("warning", { text: w });
    ctx.print(r.coefficients);
    return EXIT_CODES.ok;
  },
};

/** `ensayo balance`: baseline balance table. */
export const balanceCommand: Command = {
  name: "balance",
  args: "<file.csv>",
  summary: "baseline balance table with joint tests (iebaltab)",
  summaryEs: "tabla de balance de línea de base con pruebas conjuntas (iebaltab)",
  readsCsv: true,
  flags: ["treatment", "covariates", "blocks", "clusters", "control", "se"],
  required: ["treatment", "covariates"],
  files: ["a CSV file"],
  filesEs: ["un archivo CSV"],
  examples: [
    "ensayo balance fixtures/pilot/panel.csv --treatment grupo --covariates edad,sexo,puntaje_base --clusters oficina",
    "ensayo balance fixtures/pilot/panel.csv --treatment grupo --covariates edad,antiguedad --blocks region --control control --lang es",
  ],
  run(ctx) {
    const t = ctx.read(ctx.files[0]!);
    const r = balanceTable(t, {
      treatment: ctx.flag("treatment")!,
      covariates: ctx.flag<string[]>("covariates")!,
      ...(ctx.flag("blocks") ? { blocks: ctx.flag("blocks") } : {}),
      ...(ctx.flag("clusters") ? { clusters: ctx.flag("clusters") } : {}),
      ...(ctx.flag("control") ? { control: ctx.flag("control") } : {}),
      ...(ctx.flag("se") ? { seType: ctx.flag("se") } : {}),
    } as Parameters<typeof balanceTable>[1]);
    ctx.print(r); // the compact balance columns; --format json gives every field of every row
    for (const w of r.warnings) ctx.note("warning", { text: w });
    for (const j of r.joint) {
      ctx.note("jointTest", { arm: j.arm, F: formatNumber(j.statistic, 3, ctx.lang), p: formatNumber(j.pValue, 4, ctx.lang, true) });
    }
    return EXIT_CODES.ok;
  },
};

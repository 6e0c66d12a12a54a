/**
 * `ensayo power`: power, minimum detectable effect or sample size of a trial (planTrial).
 */
import { planTrial, type PlanTrialOptions } from "../node.js";
import type { Command, CommandContext } from "./command.js";
import { EXIT_CODES } from "./exit-codes.js";
import type { FlagName } from "./flags.js";

/** Numeric flags of `power` and the planTrial option each sets. */
const NUMBER_OPTIONS: readonly (readonly [FlagName, keyof PlanTrialOptions])[] = [
  ["effect", "effect"], ["sd", "sd"], ["base-rate", "baseRate"], ["alpha", "alpha"], ["power", "power"], ["arms", "arms"],
  ["treated-share", "treatedShare"], ["n-units", "nUnits"], ["n-clusters", "nClusters"], ["cluster-size", "clusterSize"],
  ["cluster-size-cv", "clusterSizeCv"], ["icc", "icc"], ["n-blocks", "nBlocks"], ["r2-unit", "r2Unit"], ["r2-cluster", "r2Cluster"],
  ["baseline-correlation", "baselineCorrelation"], ["n-covariates", "nCovariates"], ["response-rate", "responseRate"],
];

/** `--solve-for` values (command-line spelling) → planTrial's `solveFor`. */
const SOLVE_FOR = { power: "power", mde: "mde", "n-units": "nUnits", "n-clusters": "nClusters", "cluster-size": "clusterSize" } as const;

/** `ensayo power`. */
export const powerCommand: Command = {
  name: "power",
  args: "",
  summary: "power, MDE or sample size of an individual or cluster trial (pwr, DeclareDesign)",
  summaryEs: "potencia, efecto mínimo detectable o tamaño de muestra de un ensayo individual o por conglomerados (pwr, DeclareDesign)",
  readsCsv: false,
  flags: ["design", "solve-for", "alternative", ...NUMBER_OPTIONS.map(([flag]) => flag)],
  required: ["solve-for"],
  files: [],
  filesEs: [],
  examples: [
    "ensayo power --design cluster --solve-for mde --n-clusters 48 --cluster-size 10 --icc 0.1",
    "ensayo power --solve-for n-units --effect 0.25 --power 0.8",
    "ensayo power --design cluster --solve-for n-clusters --effect 0.3 --cluster-size 10 --icc 0.05 --lang es",
  ],
  run(ctx: CommandContext) {
    const options: Record<string, unknown> = {
      solveFor: SOLVE_FOR[ctx.flag<keyof typeof SOLVE_FOR>("solve-for")!],
      design: ctx.flag("design") ?? "individual",
    };
    if (ctx.flag("alternative")) options.alternative = ctx.flag("alternative");
    for (const [flag, option] of NUMBER_OPTIONS) {
      const v = ctx.flag<number>(flag);
      if (v !== undefined) options[option] = v;
    }
    const r = planTrial(options as unknown as PlanTrialOptions);
    for (const w of r.warnings) ctx.note("warning", { text: w });
    ctx.print([Object.fromEntries(Object.entries(r).filter(([k, v]) => k !== "kind" && (typeof v === "number" || typeof v === "string")))]);
    return EXIT_CODES.ok;
  },
};

/**
 * The declared pilot on the bundled pilot (fixtures/pilot, 464 officials in 48 offices, 6 regions):
 * `pilot.analyze` (the whole registered analysis) and `pilot.diagnose` with its default simulations, with
 * R timed in the same run on the parts R can do:
 * - the analysis's estimates: estimatr's `lm_robust` (CR2, region fixed effects) for both outcomes, ri2's
 *   `conduct_ri` with the same fit as its test statistic (1,000 draws of the block-and-cluster design, timed on
 *   `R_RI_SIMS` and scaled) and `p.adjust("holm")`;
 * - the diagnosis: a loop of randomizr's `block_and_cluster_ra`, the simulated outcomes and `lm_robust` for both
 *   outcomes with `p.adjust`, as a DeclareDesign user would write it (only the run with the effects: the
 *   zero-effect run ensayo adds is not timed in R, so R's figure is a lower bound for the same job).
 * Machine conditions (load average) are printed with the rows.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readCsvFile } from "../src/node.js";
import { declarePilot } from "../src/pilot/declare-pilot.js";
import { measure, printRows, type BenchRow } from "./util.js";

const here = dirname(fileURLToPath(import.meta.url));
const dir = join(here, "../fixtures/pilot/");
const planText = readFileSync(dir + "plan.json", "utf8");
const plan = JSON.parse(planText);
const baseline = readCsvFile(dir + "baseline.csv");
const assignment = readCsvFile(dir + "asignacion.csv");
const endline = readCsvFile(dir + "endline.csv");
const pilot = declarePilot(plan);
const diagnoseOptions = { baseline, effect: 3, sd: 13.9, icc: 0.02, r2: 0.5 };
const R_RI_SIMS = Number(process.env.R_RI_SIMS ?? 100);
const R_DIAGNOSE_SIMS = Number(process.env.R_DIAGNOSE_SIMS ?? 100);

/** CPU milliseconds (user + system) of one call. */
function cpuMs(fn: () => unknown): number {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

/** Run an R script; its last output line is whitespace-separated numbers (null when R or a package is missing). */
function rNumbers(script: string): number[] | null {
  try {
    const out = execFileSync("Rscript", ["-e", script], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim().split("\n");
    return out[out.length - 1]!.trim().split(/\s+/).map(Number);
  } catch {
    return null;
  }
}

const rSetup =
  `.libPaths(c("/tmp/rlib", .libPaths())); suppressPackageStartupMessages({library(estimatr); library(randomizr); library(ri2)}); ` +
  `d <- read.csv("${dir}panel.csv"); d$Z <- as.integer(d$grupo == "taller"); `;
const fit = (y: string) => `lm_robust(${y} ~ Z + puntaje_base, data = dat, clusters = oficina, fixed_effects = ~region, se_type = "CR2")`;

/** R: both outcomes' estimates, their randomization p-values (R_RI_SIMS draws) and Holm; seconds and the estimates. */
function rAnalysis(): { seconds: number; perRiDraw: number; values: number[] } | null {
  const script =
    rSetup +
    `decl <- declare_ra(blocks = d$region, clusters = d$oficina); ` +
    `stat <- function(y) function(data) { dat <- data; coef(lm_robust(as.formula(paste(y, "~ Z + puntaje_base")), data = dat, clusters = oficina, fixed_effects = ~region, se_type = "none"))[["Z"]] }; ` +
    `t0 <- proc.time()[["elapsed"]]; dat <- d; f1 <- ${fit("puntaje_final")}; f2 <- ${fit("tramites_final")}; ` +
    `p <- p.adjust(c(f1$p.value[["Z"]], f2$p.value[["Z"]]), "holm"); t1 <- proc.time()[["elapsed"]]; ` +
    `for (y in c("puntaje_final", "tramites_final")) conduct_ri(test_function = stat(y), declaration = decl, assignment = "Z", sharp_hypothesis = 0, data = d, sims = ${R_RI_SIMS}); ` +
    `t2 <- proc.time()[["elapsed"]]; ` +
    `cat(format(c(t1 - t0, (t2 - t1) / ${R_RI_SIMS}, f1$coefficients[["Z"]], f2$coefficients[["Z"]], p), digits = 17), "\\n")`;
  const v = rNumbers(script);
  return v ? { seconds: v[0]!, perRiDraw: v[1]!, values: v.slice(2) } : null;
}

/** R: seconds per simulation of the diagnosis loop (R_DIAGNOSE_SIMS simulations). */
function rDiagnose(): number | null {
  const script =
    rSetup +
    `set.seed(1); x <- as.numeric(scale(d$puntaje_base)); cl <- as.integer(factor(d$oficina)); J <- max(cl); n <- nrow(d); ` +
    `s <- 13.9; icc <- 0.02; r2 <- 0.5; sc <- sqrt(icc * (1 - r2)) * s; su <- sqrt((1 - icc) * (1 - r2)) * s; ` +
    `t0 <- proc.time()[["elapsed"]]; rej <- 0; ` +
    `for (i in 1:${R_DIAGNOSE_SIMS}) { dat <- d; dat$Z <- block_and_cluster_ra(blocks = d$region, clusters = d$oficina); ` +
    `dat$puntaje_final <- sqrt(r2) * s * x + rnorm(J, 0, sc)[cl] + rnorm(n, 0, su) + 3 * dat$Z; ` +
    `dat$tramites_final <- sqrt(r2) * s * x + rnorm(J, 0, sc)[cl] + rnorm(n, 0, su) + 3 * dat$Z; ` +
    `p <- p.adjust(c(${fit("puntaje_final")}$p.value[["Z"]], ${fit("tramites_final")}$p.value[["Z"]]), "holm"); rej <- rej + (p[1] <= 0.05) }; ` +
    `cat((proc.time()[["elapsed"]] - t0) / ${R_DIAGNOSE_SIMS}, rej / ${R_DIAGNOSE_SIMS}, "\\n")`;
  const v = rNumbers(script);
  return v ? v[0]! : null;
}

const rows: BenchRow[] = [];
const load = () => `load ${loadavg().map((x) => x.toFixed(1)).join(" / ")}`;

const analysis = pilot.analyze({ baseline, assignment, endline });
const cpuAnalyze = cpuMs(() => pilot.analyze({ baseline, assignment, endline }));
const rA = rAnalysis();
const ensayoEstimates = analysis.effects.map((e) => e.estimate);
const rANote = rA
  ? `R (estimatr + ri2 + p.adjust, estimates and 1,000-draw randomization p-values only): ${(rA.seconds + rA.perRiDraw * 1000).toFixed(1)} s (ri2 timed on ${R_RI_SIMS} draws, scaled); estimates R ${rA.values.slice(0, 2).map((v) => v.toFixed(7)).join(", ")} vs ensayo ${ensayoEstimates.map((v) => v.toFixed(7)).join(", ")} (largest relative difference ${Math.max(...ensayoEstimates.map((v, k) => Math.abs(v - rA.values[k]!) / Math.abs(rA.values[k]!))).toExponential(1)})`
  : "R not available";
rows.push(await measure("pilot.analyze, bundled pilot (lmRobust CR2 + region FE, 2 outcomes, 1,000 RI draws, balance, Lee bounds, LATE, subgroup)", () => pilot.analyze({ baseline, assignment, endline }), {
  reps: 3, note: `CPU ${cpuAnalyze.toFixed(0)} ms; ${rANote}; ${load()}`,
}));

const d = pilot.diagnose(diagnoseOptions);
const cpuDiagnose = cpuMs(() => pilot.diagnose(diagnoseOptions));
const rD = rDiagnose();
rows.push(await measure(`pilot.diagnose, default ${d.sims} simulations (2 outcomes × registered lmRobust CR2, Holm, with and under zero effects), one thread`, () => pilot.diagnose(diagnoseOptions), {
  reps: 3, target: "< 2 s", note: `CPU ${cpuDiagnose.toFixed(0)} ms; power ${d.power.toFixed(3)} (analytic ${d.analyticPower.toFixed(3)}); ${rD === null ? "R not available" : `R loop (block_and_cluster_ra + 2 lm_robust + p.adjust, effects only) ${(rD * d.sims).toFixed(1)} s for ${d.sims} (timed on ${R_DIAGNOSE_SIMS})`}; ${load()}`,
}));

const wyPilot = declarePilot({ ...plan, families: [{ name: "p", primary: true, outcomes: [{ column: "puntaje_final" }, { column: "tramites_final" }], multiplicity: "westfallYoung" }] });
rows.push(await measure("pilot.diagnose, one family of 2 outcomes with westfallYoung (200 inner draws per simulation), 500 simulations", () => wyPilot.diagnose(diagnoseOptions), {
  reps: 1, warmup: 0, note: load(),
}));

printRows("declared pilot (pilot.analyze, pilot.diagnose)", rows);

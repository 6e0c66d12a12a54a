import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { makeTable, mergePanel, planTrial, readCsvFile, type Table } from "../../src/node.js";
import { designParameters } from "../../src/pilot/design-parameters.js";
import { withColumn } from "../../src/pilot/table-ops.js";
import { errorCode } from "../helpers/errors.js";

const ref = JSON.parse(readFileSync(new URL("../../fixtures/reference/design-parameters.json", import.meta.url), "utf8"));
const dir = new URL("../../fixtures/pilot/", import.meta.url).pathname;
const baseline = readCsvFile(dir + "baseline.csv");

function panel(): Table {
  const asig = readCsvFile(dir + "asignacion.csv");
  const arm = new Map((asig.columns.id as string[]).map((id, i) => [id, (asig.columns.grupo as string[])[i]!]));
  const withArm = withColumn(baseline, "grupo", (baseline.columns.id as string[]).map((id) => arm.get(id) ?? null));
  return mergePanel(withArm, readCsvFile(dir + "endline.csv"), { id: "id" }).table;
}

/** The first 4 officials (file order) with a baseline score in each office, as the R script takes them. */
function balanced4(): Table {
  const ids = baseline.columns.id as string[];
  const office = baseline.columns.oficina as string[];
  const score = baseline.columns.puntaje_base as Float64Array;
  const seen = new Map<string, number>();
  const keep = ids.map((_, i) => {
    if (Number.isNaN(score[i]!)) return false;
    const k = seen.get(office[i]!) ?? 0;
    seen.set(office[i]!, k + 1);
    return k < 4;
  });
  const cols: Record<string, Float64Array | (string | null)[]> = {};
  for (const n of baseline.names) {
    const c = baseline.columns[n]!;
    cols[n] = c instanceof Float64Array ? Float64Array.from(c.filter((_, i) => keep[i])) : c.filter((_, i) => keep[i]);
  }
  return makeTable(cols);
}

const files: Record<string, () => Table> = { baseline: () => baseline, panel, balanced4 };

function close(actual: number, expected: number, rtol: number) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rtol * Math.max(Math.abs(expected), 1e-300));
}

describe("designParameters matches base R (fixtures/reference/design-parameters.R)", () => {
  for (const c of ref.cases) {
    it(`${c.id}: SD, ANOVA ICC with Searle's interval, R² at both levels, cluster sizes, take-up and attrition`, () => {
      const i = c.input;
      const r = designParameters(files[i.file]!(), {
        outcome: i.outcome, covariates: i.covariates, alpha: i.alpha,
        ...(i.clusters ? { clusters: i.clusters } : {}), ...(i.treatment ? { treatment: i.treatment, control: i.control } : {}),
        ...(i.takeUp ? { takeUp: i.takeUp } : {}), ...(i.responded ? { responded: i.responded } : {}),
      });
      const e = c.expected;
      expect(r.nObs).toBe(e.nObs);
      close(r.mean, e.mean, c.rtol);
      close(r.sd, e.sd, c.rtol);
      for (const [arm, v] of Object.entries(e.attrition)) close(r.attrition[arm]!, v as number, c.rtol);
      if (e.takeUp) for (const [arm, v] of Object.entries(e.takeUp)) close(r.takeUp![arm]!, v as number, c.rtol);
      if (e.icc) {
        for (const k of ["msBetween", "msWithin", "n0", "varianceBetween", "varianceWithin", "icc", "confLow", "confHigh"] as const) close(r.icc![k], e.icc[k], c.rtol);
        expect(r.icc!.nGroups).toBe(e.icc.nGroups);
        expect(r.nClusters).toBe(e.nClusters);
        close(r.clusterSize!, e.clusterSize, c.rtol);
        close(r.clusterSizeCv!, e.clusterSizeCv, c.rtol);
      } else expect(r.icc).toBeNull();
      if (e.r2Unit !== undefined) close(r.r2Unit!, e.r2Unit, c.rtol);
      if (e.r2Cluster !== undefined) close(r.r2Cluster!, e.r2Cluster, c.rtol);
      if (e.reml) {
        // lme4's REML is found by an optimizer: compared at its own tolerance (see the R script)
        close(r.icc!.icc, e.reml.icc, c.rtolReml);
        close(r.icc!.varianceBetween, e.reml.varianceBetween, c.rtolReml);
        close(r.icc!.varianceWithin, e.reml.varianceWithin, c.rtolReml);
      }
    });
  }
});

describe("designParameters", () => {
  it("feeds planTrial directly", () => {
    const p = designParameters(panel(), { outcome: "puntaje_final", clusters: "oficina", blocks: "region", covariates: ["puntaje_base"], treatment: "grupo", control: "control", takeUp: "completo_taller", responded: "responded" });
    const plan = planTrial({ solveFor: "mde", design: "cluster", nClusters: 60, ...p.planTrial } as never);
    expect(plan.mde).toBeGreaterThan(0);
    expect(p.planTrial).toMatchObject({ nBlocks: 6, clusterSize: p.clusterSize });
  });
  it("warns when the ANOVA ICC is negative and passes 0 to planTrial", () => {
    const p = designParameters(baseline, { outcome: "puntaje_base", clusters: "oficina" });
    expect(p.icc!.icc).toBeLessThan(0);
    expect(p.warnings.join(" ")).toContain("negative");
    expect(p.planTrial.icc).toBe(0);
  });
  it("refuses a missing column, unknown options and a single cluster", () => {
    expect(errorCode(() => designParameters(baseline, { outcome: "nada" }))).toBe("MISSING_COLUMN");
    expect(errorCode(() => designParameters(baseline, { outcome: "edad", nope: 1 } as never))).toBe("INVALID_OPTION");
    const one = makeTable({ y: Float64Array.of(1, 2, 3), g: ["a", "a", "a"] });
    expect(errorCode(() => designParameters(one, { outcome: "y", clusters: "g" }))).toBe("TOO_FEW_CLUSTERS");
  });
});

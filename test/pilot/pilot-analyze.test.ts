import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  attritionReport, balanceTable, ivRobust, leeBounds, lmRobust, makeTable, mergePanel, readCsvFile, waldTest, type Table,
} from "../../src/node.js";
import { declarePilot, planHash } from "../../src/pilot/declare-pilot.js";
import { withColumn } from "../../src/pilot/table-ops.js";
import { thrownEnsayo } from "../helpers/errors.js";

const dir = new URL("../../fixtures/pilot/", import.meta.url).pathname;
const plan = JSON.parse(readFileSync(dir + "plan.json", "utf8"));
const baseline = readCsvFile(dir + "baseline.csv");
const assignment = readCsvFile(dir + "asignacion.csv");
const endline = readCsvFile(dir + "endline.csv");
const quick = { ...plan, randomizationInference: { enabled: true, draws: 100, seed: "t" } };

function close(a: number, b: number, rtol = 1e-12) {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rtol * Math.max(Math.abs(b), 1e-300));
}

/** The bundled pilot wired by hand, as examples/demo.ts did before the plan existed. */
function byHand(): { panel: Table; withArm: Table } {
  const arm = new Map((assignment.columns.id as string[]).map((id, i) => [id, (assignment.columns.grupo as string[])[i]!]));
  const withArm = withColumn(baseline, "grupo", (baseline.columns.id as string[]).map((id) => arm.get(id) ?? null));
  const p = mergePanel(withArm, endline, { id: "id" }).table;
  const panel = withColumn(p, "taller", Float64Array.from(p.columns.grupo as string[], (g) => (g === "taller" ? 1 : 0)));
  return { panel, withArm };
}

describe("pilot.analyze on the bundled pilot", () => {
  const pilot = declarePilot(quick);
  const a = pilot.analyze({ baseline, assignment, endline });
  const { panel, withArm } = byHand();

  it("equals the separate functions to 1e-12: effects, LATE, balance, attrition, Lee bounds, heterogeneity", () => {
    for (const e of a.effects) {
      const fit = lmRobust(panel, `${e.outcome} ~ taller + puntaje_base`, { clusters: "oficina", fixedEffects: "region", seType: "CR2" });
      const row = fit.coefficients.find((c) => c.term === "taller")!;
      for (const k of ["estimate", "stdError", "statistic", "df", "pValue", "confLow", "confHigh"] as const) close(e[k], row[k]);
      expect(e.nObs).toBe(fit.nObs);
      close(e.effectInSd, e.estimate / e.controlSd);
    }
    for (const l of a.late) {
      const iv = ivRobust(panel, `${l.outcome} ~ completo_taller + puntaje_base + region | taller + puntaje_base + region`, { clusters: "oficina", seType: "CR2" });
      const row = iv.coefficients.find((c) => c.term === "completo_taller")!;
      close(l.estimate, row.estimate);
      close(l.stdError, row.stdError);
    }
    const bal = balanceTable(withArm, { treatment: "grupo", control: "control", covariates: plan.balanceCovariates, blocks: "region", clusters: "oficina" });
    a.balance!.rows.forEach((r, i) => close(r.pValue, bal.rows[i]!.pValue));
    close(a.balance!.joint[0]!.statistic, bal.joint[0]!.statistic);
    const att = attritionReport(withArm, endline, { id: "id", treatment: "grupo", control: "control", blocks: "region", clusters: "oficina", covariates: plan.balanceCovariates });
    close(a.attrition.responseDifference[0]!.estimate, att.responseDifference[0]!.estimate);
    const lee = leeBounds(panel, { outcome: "puntaje_final", treatment: "grupo", control: "control" });
    close(a.leeBounds[0]!.lowerBound, lee.lowerBound);
    close(a.leeBounds[0]!.upperBound, lee.upperBound);
    const het = lmRobust(panel, "puntaje_final ~ taller + taller:sexo + sexo + puntaje_base", { clusters: "oficina", fixedEffects: "region", seType: "CR2" });
    const w = waldTest(het, het.coefficients.filter((c) => c.term.startsWith("taller:")).map((c) => c.term));
    const h = a.heterogeneity.find((r) => r.outcome === "puntaje_final" && r.subgroup === "sexo")!;
    close(h.statistic, w.statistic);
    close(h.pValue, w.pValue);
  });
  it("accounts for every row: CONSORT counts and the two endline typos listed as a deviation", () => {
    expect(a.flow).toMatchObject({ baseline: 464, assigned: 464, endline: 429, endlineUnknown: 2 });
    expect(a.flow.respondedByArm.control! + a.flow.lostByArm.control!).toBe(a.flow.assignedByArm.control);
    const dev = a.deviations.find((d) => d.kind === "endline_unknown_ids")!;
    expect(dev.count).toBe(2);
    expect([...dev.ids].sort()).toEqual(["P0O17", "PO233"]);
  });
  it("gives every outcome its randomization p-value, adjusted p-value, N per arm, control mean and SD", () => {
    for (const e of a.effects) {
      expect(e.riPValue).toBeGreaterThanOrEqual(0);
      expect(e.adjustMethod).toBe("holm");
      expect(e.adjustedPValue).toBe(e.pValue); // one outcome per family: Holm leaves it as is
      expect(e.nControl + e.nTreatment).toBeGreaterThan(400);
    }
    expect(a.randomization.distributions[0]!.values.length).toBe(100);
    expect(a.costs[0]!.costPerUnitOfEffect).toBeCloseTo(850000 / a.effects[0]!.estimate, 6);
  });
  it("is a plain JSON-safe object", () => {
    expect(structuredClone(a).effects).toEqual(a.effects);
    expect(JSON.parse(JSON.stringify(a)).planHash).toBe(pilot.planHash);
  });
});

describe("pilot.analyze lists deviations from the plan", () => {
  it("flags a plan changed after its hash was registered", () => {
    const registered = planHash(quick);
    const edited = declarePilot({ ...quick, covariates: [] });
    const a = edited.analyze({ baseline, assignment, endline, registeredHash: registered });
    expect(a.deviations.map((d) => d.kind)).toContain("plan_changed");
  });
  it("flags an outcome missing in a whole arm and still reports the others", () => {
    const ids = endline.columns.id as string[];
    const arm = new Map((assignment.columns.id as string[]).map((id, i) => [id, (assignment.columns.grupo as string[])[i]!]));
    const y = Float64Array.from(endline.columns.tramites_final as Float64Array, (v, i) => (arm.get(ids[i]!) === "control" ? NaN : v));
    const e2 = withColumn(endline, "tramites_final", y);
    const a = declarePilot({ ...quick, subgroups: [], takeUp: undefined }).analyze({ baseline, assignment, endline: e2 });
    const dev = a.deviations.find((d) => d.kind === "outcome_missing_in_arm")!;
    expect(dev.field).toBe("families.1.outcomes.0.column");
    expect(a.effects.find((e) => e.outcome === "tramites_final")!.estimate).toBeNaN();
    expect(a.effects.find((e) => e.outcome === "puntaje_final")!.estimate).toBeGreaterThan(0);
  });
  it("lists every missing plan column at once", () => {
    const e = thrownEnsayo(() => declarePilot({ ...quick, takeUp: "asistio" }).analyze({ baseline, assignment, endline: makeTable({ id: endline.columns.id as string[] }) }));
    expect(e.code).toBe("MISSING_COLUMN");
    for (const c of ["puntaje_final", "tramites_final", "asistio"]) expect(e.message).toContain(`'${c}'`);
  });
  it("labels analyses beyond the plan as exploratory", () => {
    const a = declarePilot({ ...quick, subgroups: [] }).analyze({ baseline, assignment, endline, exploratory: { outcomes: ["completo_taller"], subgroups: ["region"] } });
    const x = a.effects.find((e) => e.outcome === "completo_taller")!;
    expect(x.registered).toBe(false);
    expect(x.family).toBe("exploratory");
    expect(a.subgroupEffects.every((s) => !s.registered)).toBe(true);
  });
});

describe("pilot.analyze's randomization inference", () => {
  it("is riTest on the declared design: with the difference in means it equals riTest's built-in statistic (same draws, same seed)", async () => {
    const { riTest, declareRa } = await import("../../src/index.js");
    const ids = baseline.columns.id as string[];
    const y = baseline.columns.tramites_base as Float64Array;
    const endlineY = makeTable({ id: ids, y: Float64Array.from(y) });
    const dimPlan = {
      ...quick, estimator: "dim", covariates: [], subgroups: [], takeUp: undefined, costs: undefined, balanceCovariates: ["edad"],
      families: [{ name: "f", outcomes: [{ column: "y", direction: "either" }], multiplicity: "none" }],
    };
    const a = declarePilot(dimPlan).analyze({ baseline, assignment, endline: endlineY });
    const arm = new Map((assignment.columns.id as string[]).map((id, i) => [id, (assignment.columns.grupo as string[])[i]!]));
    const data = withColumn(withColumn(baseline, "grupo", ids.map((id) => arm.get(id)!)), "y", Float64Array.from(y));
    const design = declareRa({ data: baseline, id: "id", blocks: "region", clusters: "oficina", conditions: ["control", "taller"] });
    const direct = riTest(data, { outcome: "y", treatment: "grupo", design, sims: 100, maxExact: 100, seed: "t", confidence: false,
      statistic: { estimator: "differenceInMeans", blocks: "region", clusters: "oficina" } });
    close(a.effects[0]!.riPValue, direct.rows[0]!.pValue);
    close(a.randomization.distributions[0]!.observed, direct.rows[0]!.estimate);
    expect(a.randomization.draws).toBe(direct.nSims);
  });
});

describe("pilot.analyze refuses bad input", () => {
  it("names a missing input and unknown keys", () => {
    const pilot = declarePilot(quick);
    expect(thrownEnsayo(() => pilot.analyze({ baseline, assignment } as never)).message).toContain("`endline` is required");
    expect(thrownEnsayo(() => pilot.analyze({ baseline, assignment, endline, extra: 1 } as never)).message).toContain("unknown keys extra");
  });
});

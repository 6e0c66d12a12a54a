import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  adjustPValues, attritionReport, balanceTable, declareRa, differenceInMeans, ivRobust, leeBounds, lmLin, lmRobust, mergePanel,
  readCsvFile, riTest, romanoWolf, waldTest, westfallYoung, type Table,
} from "../../src/node.js";
import { declarePilot } from "../../src/pilot/declare-pilot.js";
import { selectRows, withColumn } from "../../src/pilot/table-ops.js";

const dir = new URL("../../fixtures/pilot-multiarm/", import.meta.url).pathname;
const plan = JSON.parse(readFileSync(dir + "plan.json", "utf8"));
const baseline = readCsvFile(dir + "baseline.csv");
const assignment = readCsvFile(dir + "asignacion.csv");
const endline = readCsvFile(dir + "endline.csv");
const reference = JSON.parse(readFileSync(new URL("../../fixtures/reference/pilot-multiarm.json", import.meta.url), "utf8"));
const ARMS = ["taller", "mentoria"] as const;
const CONDITIONS = ["control", ...ARMS];
const noRi = { ...plan, randomizationInference: { enabled: false, draws: 100 }, families: plan.families.map((f: { multiplicity: string }) => ({ ...f, multiplicity: "holm" })) };

function close(a: number, b: number, rtol: number) {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rtol * Math.max(Math.abs(b), 1e-300));
}

/** The multi-arm pilot wired by hand: arm labels, one 0/1 indicator per treated arm, the 0/1/2 code; baseline order. */
function byHand(): { panel: Table; withArm: Table } {
  const arm = new Map((assignment.columns.id as string[]).map((id, i) => [id, (assignment.columns.grupo as string[])[i]!]));
  const withArm = withColumn(baseline, "grupo", (baseline.columns.id as string[]).map((id) => arm.get(id) ?? null));
  let panel = mergePanel(withArm, endline, { id: "id" }).table;
  const g = panel.columns.grupo as string[];
  for (const a of ARMS) panel = withColumn(panel, a, Float64Array.from(g, (x) => (x === a ? 1 : 0)));
  panel = withColumn(panel, "arm", Float64Array.from(g, (x) => CONDITIONS.indexOf(x)));
  return { panel, withArm };
}
const { panel, withArm } = byHand();
const pairOf = (a: string) => selectRows(panel, (panel.columns.grupo as string[]).map((x) => x === "control" || x === a));
/** The data under assignment `arm` (design condition indices): the arm labels and indicators rewritten. */
function under(view: Table, arm: Int32Array): Table {
  let t = view;
  for (const [k, a] of ARMS.entries()) t = withColumn(t, a, Float64Array.from(arm, (x) => (x === k + 1 ? 1 : 0)));
  return t;
}
const lmFit = (t: Table, y: string) => lmRobust(t, `${y} ~ taller + mentoria + puntaje_base`, { seType: "HC2", fixedEffects: "region" });

describe("pilot.analyze with a control and two treated arms matches R (fixtures/reference/pilot-multiarm.R)", () => {
  for (const estimator of ["lmRobust", "lmLin", "dim"] as const) {
    it(`${estimator}: every outcome's row per arm and the arms' joint Wald F equal estimatr (+ the linearHypothesis F) to 1e-8`, () => {
      const a = declarePilot({ ...noRi, estimator }).analyze({ baseline, assignment, endline });
      for (const c of reference.cases.filter((x: { input: { estimator: string } }) => x.input.estimator === estimator)) {
        const rows = a.effects.filter((e) => e.outcome === c.input.outcome);
        expect(rows.map((r) => r.arm)).toEqual([...ARMS]);
        rows.forEach((r, k) => {
          const want = c.expected.rows[k];
          for (const key of ["estimate", "stdError", "df", "pValue"] as const) close(r[key], want[key], c.rtol);
          expect(r.nObs).toBe(want.nObs ?? c.expected.nObs);
        });
        const j = a.jointTests.find((x) => x.outcome === c.input.outcome)!;
        close(j.statistic, c.expected.joint.statistic, c.rtol);
        close(j.df2, c.expected.joint.df2, c.rtol);
        close(j.pValue, c.expected.joint.pValue, c.rtol);
        expect(j.df1).toBe(2);
      }
    });
  }
});

describe("pilot.analyze on the multi-arm pilot equals the separate functions to 1e-12", () => {
  const pilot = declarePilot(plan);
  const a = pilot.analyze({ baseline, assignment, endline });
  const design = declareRa({ data: baseline, id: "id", blocks: "region", conditions: CONDITIONS });
  const ri = { design, sims: 200, maxExact: 200, seed: plan.randomizationInference.seed, confidence: false } as const;
  const zeros = withColumn(panel, "cero", new Float64Array(panel.nRows));

  it("gives one row per outcome and arm, the family adjusted over outcomes × arms, and lists the unknown endline id", () => {
    expect(a.arms).toEqual([...ARMS]);
    expect(a.effects.map((e) => `${e.outcome}/${e.arm}`)).toEqual(["puntaje_final", "tramites_final", "satisfaccion"].flatMap((y) => ARMS.map((x) => `${y}/${x}`)));
    expect(a.deviations.map((d) => d.kind)).toEqual(["endline_unknown_ids"]);
    expect(a.flow.assignedByArm).toEqual({ control: 80, taller: 80, mentoria: 80 });
    const sec = a.effects.filter((e) => e.family === "secundaria");
    const holm = adjustPValues(sec.map((e) => e.pValue), { method: "holm" }).adjusted;
    sec.forEach((e, k) => close(e.adjustedPValue, holm[k]!, 1e-12));
    expect(a.messages.notes.map((n) => n.code)).toEqual(["family_over_arms", "resampling_step_down", "family_over_arms"]);
  });

  it("effects: lmRobust's arm rows, N per arm, control mean and SD; the joint F is waldTest on the same fit", () => {
    for (const e of a.effects) {
      const fit = lmFit(panel, e.outcome);
      const row = fit.coefficients.find((c) => c.term === e.arm)!;
      for (const k of ["estimate", "stdError", "statistic", "df", "pValue", "confLow", "confHigh"] as const) close(e[k], row[k], 1e-12);
      const y = panel.columns[e.outcome] as Float64Array;
      const g = panel.columns.grupo as string[];
      const ctl = Array.from(y).filter((v, i) => g[i] === "control" && !Number.isNaN(v));
      expect(e.nControl).toBe(ctl.length);
      expect(e.nTreatment).toBe(Array.from(y).filter((v, i) => g[i] === e.arm && !Number.isNaN(v)).length);
      const mean = ctl.reduce((s, v) => s + v, 0) / ctl.length;
      close(e.controlMean, mean, 1e-12);
      close(e.effectInSd, e.estimate / e.controlSd, 1e-12);
    }
    for (const j of a.jointTests) {
      const w = waldTest(lmFit(panel, j.outcome), ["taller", "mentoria"]);
      close(j.statistic, w.statistic, 1e-12);
      close(j.pValue, w.pValue, 1e-12);
    }
  });

  it("randomization p-values are riTest's with the registered estimate (per arm) and the registered joint F as statistics", () => {
    for (const y of ["puntaje_final", "satisfaccion"]) {
      ARMS.forEach((arm) => {
        const r = riTest(zeros, { ...ri, outcome: "cero", treatment: "grupo", statistic: (view, z) => lmFit(under(view, z), y).coefficients.find((c) => c.term === arm)!.estimate });
        close(a.effects.find((e) => e.outcome === y && e.arm === arm)!.riPValue, r.rows[0]!.pValue, 1e-12);
      });
      const f = riTest(zeros, { ...ri, outcome: "cero", treatment: "grupo", statistic: (view, z) => waldTest(lmFit(under(view, z), y), ["taller", "mentoria"]).statistic });
      close(a.jointTests.find((j) => j.outcome === y)!.riPValue, f.rows[0]!.pValue, 1e-12);
    }
  });

  it("the Westfall–Young family steps down on lmRobust's t statistics over outcomes × arms, on riTest's assignments", () => {
    const hyps = ["puntaje_final", "tramites_final"].flatMap((y) => ARMS.map((arm) => ({ y, arm })));
    let data = panel;
    hyps.forEach((_, j) => (data = withColumn(data, `h${j}`, new Float64Array(panel.nRows))));
    const options = {
      outcomes: hyps.map((_, j) => `h${j}`), treatment: "grupo", design, control: "control", sims: 200, maxExact: 200, seed: plan.randomizationInference.seed,
      statistic: (view: Table, z: Int32Array, h: string) => {
        const { y, arm } = hyps[Number(h.slice(1))]!;
        return lmFit(under(view, z), y).coefficients.find((c) => c.term === arm)!.statistic;
      },
    };
    const wy = westfallYoung(data, options);
    const rows = a.effects.filter((e) => e.family === "primaria");
    rows.forEach((e, k) => close(e.adjustedPValue, wy.rows[k]!.pValueAdjusted, 1e-12));
    // the statistic is the registered t, not the difference in means' (the built-in default gives other adjusted p-values)
    wy.rows.forEach((r, k) => close(r.statistic, rows[k]!.statistic, 1e-12));
    const rw = declarePilot({ ...plan, families: [{ ...plan.families[0], multiplicity: "romanoWolf" }] }).analyze({ baseline, assignment, endline });
    const rwHand = romanoWolf(data, options);
    rw.effects.forEach((e, k) => close(e.adjustedPValue, rwHand.rows[k]!.pValueAdjusted, 1e-12));
  });

  it("Lee bounds, LATE, subgroups and costs per arm; balance and attrition over every arm", () => {
    for (const arm of ARMS) {
      const pair = pairOf(arm);
      const lee = leeBounds(pair, { outcome: "puntaje_final", treatment: "grupo", control: "control" });
      const mine = a.leeBounds.find((l) => l.outcome === "puntaje_final" && l.arm === arm)!;
      close(mine.lowerBound, lee.lowerBound, 1e-12);
      close(mine.upperBound, lee.upperBound, 1e-12);
      const iv = ivRobust(pair, `tramites_final ~ participo + puntaje_base + region | ${arm} + puntaje_base + region`, { seType: "HC2" });
      const late = a.late.find((l) => l.outcome === "tramites_final" && l.arm === arm)!;
      close(late.estimate, iv.coefficients.find((c) => c.term === "participo")!.estimate, 1e-12);
      close(late.stdError, iv.coefficients.find((c) => c.term === "participo")!.stdError, 1e-12);
      const cost = a.costs.find((c) => c.outcome === "puntaje_final" && c.arm === arm)!;
      close(cost.costPerUnitOfEffect, (plan.costs.perUnit[arm] - 0) / a.effects.find((e) => e.outcome === "puntaje_final" && e.arm === arm)!.estimate, 1e-12);
    }
    const women = selectRows(panel, (panel.columns.sexo as string[]).map((s) => s === "F"));
    const fw = lmRobust(women, "puntaje_final ~ taller + mentoria + puntaje_base", { seType: "HC2", fixedEffects: "region" });
    for (const arm of ARMS) {
      close(a.subgroupEffects.find((s) => s.level === "F" && s.arm === arm && s.outcome === "puntaje_final")!.estimate, fw.coefficients.find((c) => c.term === arm)!.estimate, 1e-12);
    }
    const het = lmRobust(panel, "puntaje_final ~ taller + mentoria + taller:sexo + mentoria:sexo + sexo + puntaje_base", { seType: "HC2", fixedEffects: "region" });
    close(a.heterogeneity.find((h) => h.outcome === "puntaje_final" && h.arm === "all")!.statistic, waldTest(het, ["taller:sexoM", "mentoria:sexoM"]).statistic, 1e-12);
    close(a.heterogeneity.find((h) => h.outcome === "puntaje_final" && h.arm === "mentoria")!.statistic, waldTest(het, ["mentoria:sexoM"]).statistic, 1e-12);
    const bal = balanceTable(withArm, { treatment: "grupo", control: "control", covariates: plan.balanceCovariates, blocks: "region" });
    expect(a.balance!.joint.map((j) => j.arm).sort()).toEqual([...ARMS].sort());
    a.balance!.rows.forEach((r, i) => close(r.pValue, bal.rows[i]!.pValue, 1e-12));
    const att = attritionReport(withArm, endline, { id: "id", treatment: "grupo", control: "control", blocks: "region", covariates: plan.balanceCovariates });
    att.responseDifference.forEach((r, i) => close(a.attrition.responseDifference[i]!.estimate, r.estimate, 1e-12));
  });

  it("with the difference in means, each arm is compared with control on the units of those two arms", () => {
    const d = declarePilot({ ...noRi, estimator: "dim" }).analyze({ baseline, assignment, endline });
    for (const arm of ARMS) {
      const r = differenceInMeans(pairOf(arm), { outcome: "tramites_final", treatment: arm, control: 0, treated: 1, blocks: "region" });
      close(d.effects.find((e) => e.outcome === "tramites_final" && e.arm === arm)!.stdError, r.coefficients[0]!.stdError, 1e-12);
    }
    const lin = declarePilot({ ...noRi, estimator: "lmLin" }).analyze({ baseline, assignment, endline });
    const fit = lmLin(panel, { outcome: "tramites_final", treatment: "arm", covariates: ["puntaje_base", "region"], seType: "HC2" });
    close(lin.effects.find((e) => e.outcome === "tramites_final" && e.arm === "mentoria")!.estimate, fit.coefficients.find((c) => c.term === "arm2")!.estimate, 1e-12);
  });

  it("is a plain JSON-safe object", () => {
    expect(JSON.parse(JSON.stringify(a)).kind).toBe("pilotAnalysis");
    expect(structuredClone(a).effects.length).toBe(6);
  });
});

describe("multi-arm plans", () => {
  it("take probEach / mEach with one entry per arm, and refuse two-arm amounts", () => {
    expect(declarePilot({ ...plan, design: { ...plan.design, blocks: undefined, mEach: [80, 80, 80] } }).plan.design.mEach).toEqual([80, 80, 80]);
    expect(() => declarePilot({ ...plan, design: { ...plan.design, prob: 0.5 } })).toThrow(/design.probEach/);
    expect(() => declarePilot({ ...plan, design: { ...plan.design, probEach: [0.5, 0.5] } })).toThrow(/one entry per arm/);
    expect(() => declarePilot({ ...plan, design: { ...plan.design, conditions: ["control", "taller", "control"] } })).toThrow(/same arm twice/);
  });
});

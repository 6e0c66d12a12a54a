import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readCsvFile } from "../../src/node.js";
import { declarePilot } from "../../src/pilot/declare-pilot.js";
import type { PilotPlanInput } from "../../src/pilot/plan-schema.js";
import { errorCode, thrownEnsayo } from "../helpers/errors.js";

const dir = new URL("../../fixtures/pilot-multiarm/", import.meta.url).pathname;
const plan = JSON.parse(readFileSync(dir + "plan.json", "utf8")) as PilotPlanInput;
const baseline = readCsvFile(dir + "baseline.csv");
const sd = { puntaje_final: 12, tramites_final: 6, satisfaccion: 0.6 };
const outcomes = [{ column: "puntaje_final" }, { column: "tramites_final" }, { column: "satisfaccion" }];
/** The multi-arm plan with its three outcomes in one primary family adjusted by Holm: 3 outcomes × 2 arms = 6 hypotheses. */
const holmPlan: PilotPlanInput = { ...plan, randomizationInference: { enabled: false, draws: 100 }, families: [{ name: "p", primary: true, outcomes, multiplicity: "holm" } as never] };

describe("pilot.diagnose with a control and several treated arms", () => {
  const pilot = declarePilot(plan);
  const run = () => pilot.diagnose({ baseline, effect: { taller: 3, mentoria: { puntaje_final: 6, tramites_final: 2, satisfaccion: 0.3 } }, sd, r2: 0.3, sims: 40, seed: "multi" });
  const d = run();

  it("reports every outcome against every treated arm, arms within outcome, and is reproducible from its seed", () => {
    expect(d.arms).toEqual(["taller", "mentoria"]);
    expect(d.outcomes.map((r) => `${r.outcome}/${r.arm}`)).toEqual([
      "puntaje_final/taller", "puntaje_final/mentoria", "tramites_final/taller", "tramites_final/mentoria", "satisfaccion/taller", "satisfaccion/mentoria",
    ]);
    expect(d.outcomes.map((r) => r.effect)).toEqual([3, 6, 3, 2, 3, 0.3]);
    expect(d.families.map((f) => [f.nOutcomes, f.nHypotheses])).toEqual([[2, 4], [1, 2]]);
    expect(d.failed).toBe(0);
    expect(run()).toEqual(d);
    expect(JSON.parse(JSON.stringify(structuredClone(d)))).toEqual(JSON.parse(JSON.stringify(d)));
  });

  it("keeps the family-wise error rate of a Holm family over outcomes × arms within α + 3 Monte Carlo SE under zero effects", () => {
    const r = declarePilot(holmPlan).diagnose({ baseline, effect: 1, sd, correlation: 0.5, sims: 400, seed: "fwer" });
    const f = r.families[0]!;
    expect(f.nHypotheses).toBe(6);
    expect(f.familywiseErrorRate).toBeLessThanOrEqual(r.alpha + 3 * Math.sqrt((r.alpha * (1 - r.alpha)) / (r.sims - r.failed)));
    // the unadjusted rates are each near α: the family's adjustment is what holds the FWER down
    for (const row of r.outcomes) expect(row.falsePositiveRateUnadjusted).toBeLessThanOrEqual(r.alpha + 3 * Math.sqrt((r.alpha * (1 - r.alpha)) / r.sims));
  });

  it("gains power with the effect, arm by arm", () => {
    const at = (taller: number, mentoria: number) => declarePilot(holmPlan).diagnose({ baseline, effect: { taller, mentoria }, sd: { puntaje_final: 12, tramites_final: 12, satisfaccion: 12 }, sims: 150, seed: "power" });
    const small = at(2, 2);
    const large = at(6, 2);
    for (let i = 0; i < small.outcomes.length; i++) {
      const s = small.outcomes[i]!, l = large.outcomes[i]!;
      if (s.arm === "taller") expect(l.power).toBeGreaterThan(s.power);
    }
    expect(large.families[0]!.powerAny).toBeGreaterThan(small.families[0]!.powerAny);
    // mentoria's effect is the same in both runs, but the family is adjusted over every arm: its power does not fall
    const mentoria = (d2: typeof small) => d2.outcomes.filter((r) => r.arm === "mentoria").reduce((a, r) => a + r.power, 0);
    expect(mentoria(large)).toBeGreaterThanOrEqual(mentoria(small));
  });

  it("refuses an effect naming an arm the plan does not have, naming it, and one leaving an arm out", () => {
    const e = thrownEnsayo(() => pilot.diagnose({ baseline, effect: { taller: 3, mentoria: 2, coaching: 1 }, sd }));
    expect(e.code).toBe("INVALID_OPTION");
    expect(e.message).toContain("coaching");
    expect(thrownEnsayo(() => pilot.diagnose({ baseline, effect: { taller: 3 }, sd })).message).toContain("mentoria");
    expect(errorCode(() => pilot.diagnose({ baseline, effect: { taller: 3, mentoria: { puntaje_final: 1 } }, sd }))).toBe("INVALID_OPTION");
    expect(errorCode(() => pilot.diagnose({ baseline, effect: { taller: 0, mentoria: 0 }, sd }))).toBe("INVALID_OPTION");
    expect(errorCode(() => pilot.diagnose({ baseline, effect: { taller: 3, mentoria: "2" } as never, sd }))).toBe("INVALID_OPTION");
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readCsvFile } from "../../src/node.js";
import { declarePilot } from "../../src/pilot/declare-pilot.js";
import { zeroEffectRow } from "../../src/pilot/diagnose-simulation.js";
import { fitRegistered } from "../../src/pilot/registered-estimator.js";
import { withColumn } from "../../src/pilot/table-ops.js";

const ref = JSON.parse(readFileSync(new URL("../../fixtures/reference/pilot-diagnose.json", import.meta.url), "utf8"));
const dir = new URL("../../fixtures/pilot/", import.meta.url).pathname;
const plan = JSON.parse(readFileSync(dir + "plan.json", "utf8"));
const raw = readCsvFile(dir + "panel.csv");
const panel = withColumn(raw, "Z", Float64Array.from(raw.columns.grupo as (string | null)[], (g) => (g === "taller" ? 1 : 0)));

interface Case { id: string; input: { estimator: "dim" | "lmRobust" | "lmLin"; outcome: string; tau: number; observed: Record<string, number> }; expected: Record<string, number>; rtol: number }
const close = (got: number, want: number, rtol: number) => expect(Math.abs(got - want)).toBeLessThanOrEqual(rtol * Math.abs(want));

describe("pilot.diagnose's zero-effect run equals estimatr refitting the data without the effect (fixtures/reference/pilot-diagnose.R)", () => {
  for (const c of ref.cases as Case[]) {
    it(c.id, () => {
      const p = declarePilot({ ...plan, estimator: c.input.estimator }).plan;
      const row = fitRegistered(p, panel, c.input.outcome, "Z").row;
      close(row.estimate, c.input.observed.estimate!, c.rtol);
      const z = zeroEffectRow(row, c.input.tau, p.alpha);
      close(z.estimate, c.expected.estimate!, c.rtol);
      close(z.stdError, c.expected.stdError!, c.rtol);
      close(z.df, c.expected.df!, c.rtol);
      close(z.pValue, c.expected.pValue!, c.rtol);
    });
  }
});

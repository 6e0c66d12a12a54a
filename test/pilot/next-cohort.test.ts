// The report's next-cohort section when the cohort gives nothing to plan with: a plain warning that says why
// (no variation, no usable intraclass correlation), not planTrial's refusal of `sd` or `icc` passed on.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { asTable } from "../../src/data/table.js";
import { parsePlan } from "../../src/pilot/parse-plan.js";
import { nextCohort } from "../../src/pilot/next-cohort.js";
import { newNotices } from "../../src/pilot/pilot-notices.js";

const registered = parsePlan(JSON.parse(readFileSync(new URL("../../fixtures/pilot/plan.json", import.meta.url), "utf8")));
const n = 24;
const table = asTable({
  constante: Array.from({ length: n }, () => 5),
  porOficina: Array.from({ length: n }, (_, i) => Math.floor(i / 4)),
  grupo: Array.from({ length: n }, (_, i) => (Math.floor(i / 4) % 2 ? "taller" : "control")),
  oficina: Array.from({ length: n }, (_, i) => `o${Math.floor(i / 4)}`),
  region: Array.from({ length: n }, (_, i) => (i < n / 2 ? "Central" : "Itapúa")),
  responded: Array.from({ length: n }, () => 1),
});

describe("nextCohort when the cohort gives nothing to plan with", () => {
  it("says the outcome does not vary (standard deviation 0) instead of planTrial's `sd` refusal", () => {
    const plan = { ...registered, covariates: [], takeUp: undefined, design: { ...registered.design, clusters: undefined } } as never;
    const notices = newNotices();
    expect(nextCohort(plan, table, "constante", n, notices)).toBeNull();
    expect(notices.notices).toEqual([{ code: "next_cohort_no_variation", params: { subject: "constante", sd: 0 } }]);
    expect(notices.warnings[0]).toBe("next cohort: 'constante' does not vary in this cohort (standard deviation 0), so there is no MDE or power curve to plan the next one with");
    expect(notices.warnings[0]).not.toMatch(/INVALID_OPTION|planTrial|`sd`/);
  });
  it("says the intraclass correlation is not usable (1: no variation within offices) instead of planTrial's `icc` refusal", () => {
    const plan = { ...registered, covariates: [], takeUp: undefined } as never;
    const notices = newNotices();
    expect(nextCohort(plan, table, "porOficina", n, notices)).toBeNull();
    expect(notices.notices).toEqual([{ code: "next_cohort_no_icc", params: { subject: "porOficina", icc: 1 } }]);
    expect(notices.warnings[0]).not.toMatch(/INVALID_OPTION|planTrial|`icc`/);
  });
});

// planTemplate: the commented plan in Spanish or English; any other language is refused (not a TypeError).
import { describe, expect, it } from "vitest";
import { declarePilot } from "../../src/pilot/declare-pilot.js";
import { planTemplate } from "../../src/pilot/plan-template.js";
import { thrownEnsayo } from "../helpers/errors.js";

describe("planTemplate", () => {
  it("gives a plan declarePilot accepts, in Spanish by default and in English", () => {
    expect(planTemplate()).toBe(planTemplate("es"));
    expect(declarePilot(planTemplate("en")).plan.estimator).toBe("lmRobust");
  });
  it("refuses a language other than \"es\" or \"en\" with INVALID_OPTION naming `lang`", () => {
    for (const lang of ["xx", "ES", null]) {
      const e = thrownEnsayo(() => planTemplate(lang as never));
      expect(e.code).toBe("INVALID_OPTION");
      expect(e.message).toMatch(/^planTemplate: `lang` must be "es" or "en"; got /);
    }
  });
});

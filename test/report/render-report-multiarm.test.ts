// The report of a pilot with a control and two treated arms, in both languages and both formats.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readCsvFile } from "../../src/node.js";
import { declarePilot } from "../../src/pilot/declare-pilot.js";
import { renderReport, REPORT_SECTIONS } from "../../src/report/render-report.js";

const dir = new URL("../../fixtures/pilot-multiarm/", import.meta.url).pathname;
const plan = JSON.parse(readFileSync(dir + "plan.json", "utf8"));
const quick = { ...plan, randomizationInference: { enabled: true, draws: 100, seed: "t" } };
const a = declarePilot(quick).analyze({ baseline: readCsvFile(dir + "baseline.csv"), assignment: readCsvFile(dir + "asignacion.csv"), endline: readCsvFile(dir + "endline.csv") });

describe("renderReport with several treated arms", () => {
  for (const lang of ["es", "en"] as const) {
    it(`${lang}: every section, the arms' joint F table, a coefficient plot grouped by arm, every arm in the flow`, () => {
      const html = renderReport(a, { lang });
      for (const id of REPORT_SECTIONS) expect(html).toContain(`<section id="${id}"`);
      expect(html).toContain('id="t-joint-arms"');
      expect(html).toContain('data-group="taller"');
      expect(html).toContain('data-group="mentoria"');
      expect(html.indexOf('data-group="taller"')).toBeLessThan(html.indexOf('data-group="mentoria"'));
      expect(html).toMatch(/<th class="n">control<\/th><th class="n">taller<\/th><th class="n">mentoria<\/th>/);
      expect(html).not.toMatch(/undefined|NaN|\[object/);
      const md = renderReport(a, { lang, format: "md" });
      expect(md).toContain(lang === "es" ? "Prueba conjunta de que ningún grupo tratado tiene efecto" : "Joint test that no treated arm has an effect");
      const f = a.jointTests[0]!.statistic.toFixed(3);
      expect(md).toContain(lang === "es" ? f.replace(".", ",") : f);
      expect(md).toContain(lang === "es" ? "se asignaron al azar a «control», «taller» y «mentoria»" : "were randomly assigned to «control», «taller» and «mentoria»");
    });
  }
});

// The caller's name is added at the public boundary (issue #11 item 5), upper layers: every public function of
// estimators/, balance/, inference/, power/, pilot/ and report/ names itself. One bad call each throws an
// EnsayoError whose `fn` is the function's name and whose message starts with "<name>: " (once).
// Same shape as error-names.test.ts (lower layers); the two tables are kept apart so the branches merge cleanly.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as api from "../../src/node.js";
import { expectNamedError, publicFunctionsOf, type BadCall } from "../helpers/error-names.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

const d = { id: ["a", "b", "c", "d", "e", "f"], y: [1, 2, 3, 4, 5, 6], z: [0, 1, 0, 1, 0, 1], x: [1, 3, 2, 5, 4, 6] };
const fit = api.lmRobust(d, "y ~ z");
const pilot = api.declarePilot(readFileSync(join(root, "fixtures/pilot/plan.json"), "utf8"));

/** One bad call per public function (and per method of a declared pilot), with the code it must throw. */
const calls: Record<string, BadCall> = {
  // estimators
  lmRobust: { call: () => api.lmRobust(d, "y ~ nope"), code: "MISSING_COLUMN" },
  lmLin: { call: () => api.lmLin(d, { outcome: "y", treatment: "z", covariates: "~ nope" }), code: "MISSING_COLUMN" },
  ivRobust: { call: () => api.ivRobust(d, "y ~ z"), code: "FORMULA_PARSE" },
  waldTest: { call: () => api.waldTest(fit, ["nope"]), code: "INVALID_OPTION" },
  summary: { call: () => api.summary(fit, { lang: "xx" as never }), code: "INVALID_OPTION" },
  parseFormula: { call: () => api.parseFormula("y ~"), code: "FORMULA_PARSE" },
  differenceInMeans: { call: () => api.differenceInMeans(d, { outcome: "y", treatment: "nope" }), code: "MISSING_COLUMN" },
  horvitzThompson: { call: () => api.horvitzThompson(d, { outcome: "y", treatment: "z", treatedProbabilities: "nope" }), code: "MISSING_COLUMN" },
  // balance and attrition
  balanceTable: { call: () => api.balanceTable(d, { treatment: "z", covariates: ["nope"] }), code: "MISSING_COLUMN" },
  attritionReport: { call: () => api.attritionReport(d, d, { id: "codigo", treatment: "z" }), code: "MISSING_COLUMN" },
  leeBounds: { call: () => api.leeBounds(d, { outcome: "y", treatment: "nope" }), code: "MISSING_COLUMN" },
  // randomization inference, multiple testing, indices
  riTest: { call: () => api.riTest(d, { outcome: "nope", treatment: "z", design: api.declareRa({ n: 6, m: 3 }) }), code: "MISSING_COLUMN" },
  adjustPValues: { call: () => api.adjustPValues([0.1], { method: "nope" as never }), code: "INVALID_OPTION" },
  westfallYoung: { call: () => api.westfallYoung(d, { outcomes: ["nope"], treatment: "z", design: api.declareRa({ n: 6, m: 3 }) }), code: "MISSING_COLUMN" },
  romanoWolf: { call: () => api.romanoWolf(d, { outcomes: ["nope"], treatment: "z", design: api.declareRa({ n: 6, m: 3 }) }), code: "MISSING_COLUMN" },
  standardizedIndex: { call: () => api.standardizedIndex(d, { outcomes: ["y", "nope"], treatment: "z", method: "klk" }), code: "MISSING_COLUMN" },
  // power
  powerTTest: { call: () => api.powerTTest({ n: 10 } as never), code: "INVALID_OPTION" },
  powerT2n: { call: () => api.powerT2n({ n1: 10 } as never), code: "INVALID_OPTION" },
  power2p: { call: () => api.power2p({ h: 0.2 } as never), code: "INVALID_OPTION" },
  power2p2n: { call: () => api.power2p2n({ h: 0.2 } as never), code: "INVALID_OPTION" },
  powerF2: { call: () => api.powerF2({ u: 1 } as never), code: "INVALID_OPTION" },
  cohenH: { call: () => api.cohenH(2, 0.5), code: "INVALID_OPTION" },
  planTrial: { call: () => api.planTrial({ solveFor: "mde", design: "individual", nUnits: 100, sd: 1, baseRate: 0.5 }), code: "INVALID_OPTION" },
  powerCurve: { call: () => api.powerCurve({ base: { solveFor: "power", nUnits: 100, sd: 1, effect: 0.3 }, vary: "nUnits", from: 10, to: 5 } as never), code: "INVALID_OPTION" },
  powerCurveSvg: { call: () => api.powerCurveSvg([]), code: "INVALID_OPTION" },
  diagnoseDesign: { call: () => api.diagnoseDesign({} as never), code: "INVALID_OPTION" },
  // declared pilot
  declarePilot: { call: () => api.declarePilot("{"), code: "INVALID_PLAN" },
  planHash: { call: () => api.planHash(42), code: "INVALID_PLAN" },
  parsePlan: { call: () => api.parsePlan("[]"), code: "INVALID_PLAN" },
  canonicalJson: { call: () => api.canonicalJson({ a: NaN }), code: "INVALID_PLAN" },
  canonicalHash: { call: () => api.canonicalHash({ a: Infinity }), code: "INVALID_PLAN" },
  designParameters: { call: () => api.designParameters(d, { outcome: "nope" }), code: "MISSING_COLUMN" },
  "pilot.assign": { call: () => pilot.assign({ id: ["a"] }), code: "MISSING_COLUMN" },
  "pilot.diagnose": { call: () => pilot.diagnose({} as never), code: "INVALID_OPTION" },
  "pilot.analyze": { call: () => pilot.analyze({} as never), code: "INVALID_OPTION" },
  // reports and formatting
  formatTable: { call: () => api.formatTable([{ a: 1 }], "xml" as never), code: "INVALID_OPTION" },
  lovePlotSvg: { call: () => api.lovePlotSvg({} as never), code: "INVALID_DATA" },
  nullDistributionSvg: { call: () => api.nullDistributionSvg({} as never), code: "INVALID_DATA" },
  renderReport: { call: () => api.renderReport({} as never), code: "INVALID_DATA" },
  reportDocument: { call: () => api.reportDocument({} as never, "es"), code: "INVALID_DATA" },
  toHTML: { call: () => api.toHTML(null as never), code: "INVALID_DATA" },
  "fit.toHTML": { call: () => (fit as unknown as api.Displayable).toHTML({ lang: "fr" as never }), code: "INVALID_OPTION", name: "toHTML" },
  planTemplate: { call: () => api.planTemplate("xx" as never), code: "INVALID_OPTION" },
};

/** Public functions of these folders that cannot throw an EnsayoError, with the reason. */
const NEVER_THROWS: Record<string, string> = {
  formatNumber: "formats any number (NaN and ±Infinity as text)",
  formatLocale: "formats any number in the report's locale",
  showNumber: "formats any number for display",
  fieldLabel: "a label lookup: an unknown field is shown as its own name",
  kindLabel: "a label lookup: an unknown kind is shown as its own name",
  valueLabel: "a label lookup: an unknown value is shown as itself",
  coefficientPlotSvg: "draws the report's rows (made by reportDocument, which checks its input)",
  randomizationPlotSvg: "draws the report's values (made by reportDocument, which checks its input)",
  stripJsonComments: "removes comments from any text",
};

describe("every public function of the upper layers names itself in its errors (error.fn, and the message's first word)", () => {
  it.each(Object.entries(calls))("%s", (key, row) => expectNamedError(key, row));

  it("has a bad call for every public function of estimators, balance, inference, power, pilot and report", () => {
    const missing = publicFunctionsOf(/^\.\/(estimators|balance|inference|power|pilot|report)\//).filter((name) => !(name in calls) && !(name in NEVER_THROWS));
    expect(missing).toEqual([]);
  });

  it("lists as never throwing only functions that exist", () => {
    expect(Object.keys(NEVER_THROWS).filter((name) => typeof (api as Record<string, unknown>)[name] !== "function")).toEqual([]);
  });
});

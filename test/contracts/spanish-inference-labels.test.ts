// Issue #14 item 6 ("with lang: "es", every label in formatTable, summary and the reports") for the results
// issue #12 added: test/report/result-kinds.ts walks the estimators', balance's, power's and assignment's
// results but not these, and their summaries printed nSims, mcStdError, pValueGreater… in Spanish.
import { describe, expect, it } from "vitest";
import { adjustPValues, designParameters, riTest, romanoWolf, standardizedIndex, summary, westfallYoung } from "../../src/index.js";
import { data, design } from "../report/inference-data.js";
import { FIELD_LABELS, KIND_LABELS } from "../../src/report/labels.js";
import { resultFields } from "../report/result-fields.js";

const results: Record<string, object> = {
  riTest: riTest(data, { outcome: "y", treatment: "z", design, sims: 200, seed: 2026 }),
  adjustPValues: adjustPValues([0.01, 0.04, null, 0.2], { method: "holm" }),
  westfallYoung: westfallYoung(data, { outcomes: ["y", "x"], treatment: "z", design, sims: 200, seed: 1 }),
  romanoWolf: romanoWolf(data, { outcomes: ["y", "x"], treatment: "z", design, sims: 200, seed: 1 }),
  standardizedIndex: standardizedIndex(data, { outcomes: ["y", "x"], treatment: "z", method: "anderson" }),
  designParameters: designParameters(data, { outcome: "y", clusters: "cl" }),
};
/** Keys that are the data's own names (outcomes, arms; designParameters' `attrition.all` without arms). */
const DATA_KEYS = new Set(["y", "x", "z", "0", "1", "all"]);

describe("Spanish labels of the inference, multiple-testing, index and design-parameter results", () => {
  it.each(Object.entries(results))("every field of a %s result has a label, and its kind a title", (_name, r) => {
    const missing = resultFields(r).filter((f) => !DATA_KEYS.has(f) && !Object.prototype.hasOwnProperty.call(FIELD_LABELS, f));
    expect(missing).toEqual([]);
    expect(Object.prototype.hasOwnProperty.call(KIND_LABELS, (r as { kind: string }).kind)).toBe(true);
  });

  it("riTest's summary in Spanish: labels, value words, es-PY numbers, and the seed as written", () => {
    const es = summary(results.riTest!, { lang: "es" });
    expect(es.split("\n")[0]).toBe("Inferencia por aleatorización: y");
    for (const english of ["nSims", "mcStdError", "pValueGreater", "numPermutations", "sharpNull", "two-sided", "difference-in-means"]) {
      expect(es, english).not.toContain(english);
    }
    expect(es).toMatch(/Alternativa +bilateral/);
    expect(es).toMatch(/Semilla +2026\n/); // not 2.026
    expect(es).toMatch(/Alfa +0,050/);
    expect(summary(results.riTest!)).toMatch(/Alternative +two-sided/); // English keeps the library's words
  });
});

// Issue #14 item 6 ("es-PY numbers: 1.234,5"): with lang "es" every result kind's summary, String and toHTML
// write numbers with a decimal comma. A dot between digits is only allowed as a thousands group (1.234.567).
import { describe, expect, it } from "vitest";
import * as E from "../../src/index.js";
import { escapeHtml } from "../../src/report/format-table.js";
import { resultsOfEveryKind } from "./result-kinds.js";

const n = 20;
const data = {
  y: Array.from({ length: n }, (_, i) => ((i * 7) % 11) + (i % 2) * 2),
  x: Array.from({ length: n }, (_, i) => (i * 5) % 7),
  z: Array.from({ length: n }, (_, i) => i % 2),
  cl: Array.from({ length: n }, (_, i) => `c${Math.floor(i / 2)}`),
};
const design = E.declareRa({ n, m: n / 2 });
const results = Object.entries({
  ...resultsOfEveryKind(),
  riTest: E.riTest(data, { outcome: "y", treatment: "z", design, sims: 200, seed: 2026 }),
  adjustPValues: E.adjustPValues([0.01, 0.04, null, 0.2], { method: "holm" }),
  westfallYoung: E.westfallYoung(data, { outcomes: ["y", "x"], treatment: "z", design, sims: 200, seed: 1 }),
  romanoWolf: E.romanoWolf(data, { outcomes: ["y", "x"], treatment: "z", design, sims: 200, seed: 1 }),
  standardizedIndex: E.standardizedIndex(data, { outcomes: ["y", "x"], treatment: "z", method: "anderson" }),
  designParameters: E.designParameters(data, { outcome: "y", clusters: "cl" }),
  power2p: E.power2p({ h: 0.3, n: 100 }),
  powerT2n: E.powerT2n({ n1: 40, n2: 60, d: 0.5 }),
  powerF2: E.powerF2({ u: 2, v: 80, f2: 0.1 }),
}).filter(([, r]) => !ArrayBuffer.isView(r)); // conditionProbabilities is a Float64Array, not a result

/** Lines with a dot between digits that is not a thousands group (`1.234`, `12.345.678`; never `0.586`). */
function dotDecimals(text: string): string[] {
  return text.split("\n").filter((line) => /\d\.\d/.test(line.replace(/(?<![\d.,])[1-9]\d{0,2}(\.\d{3})+(,\d+)?(?![\d.,])/g, "#")));
}

/** The text without what is not a number of the result: warnings (the library's English sentences) and version strings. */
function withoutWordsOfTheLibrary(text: string, result: object): string {
  let out = text;
  const r = result as { warnings?: unknown; version?: unknown; receipt?: { version?: unknown } };
  const verbatim = [...(Array.isArray(r.warnings) ? r.warnings.map(String) : []), r.version, r.receipt?.version];
  for (const w of verbatim) if (typeof w === "string" && w !== "") out = out.split(w).join("").split(escapeHtml(w)).join("");
  return out;
}

describe("Spanish numbers of every result kind", () => {
  it.each(results)("%s: summary, String and toHTML in Spanish have no dot decimals", (_kind, r) => {
    for (const text of [E.summary(r, { lang: "es" }), (r as unknown as E.Displayable).toString("es"), E.toHTML(r, { lang: "es" })]) {
      expect(dotDecimals(withoutWordsOfTheLibrary(text, r))).toEqual([]);
    }
  });

  it("the scan tells a dot decimal from a thousands group", () => {
    expect(dotDecimals("R² 0.586")).toEqual(["R² 0.586"]);
    expect(dotDecimals("4.1704  1.2181")).toHaveLength(1);
    expect(dotDecimals("n = 1.234  12.345.678  4,1704  1.234,5")).toEqual([]);
  });

  it("lmRobust's Spanish summary writes R's digits with a decimal comma", () => {
    const fit = results.find(([k]) => k === "lmRobust")![1];
    const es = E.summary(fit, { lang: "es" });
    const en = E.summary(fit);
    expect(en).toMatch(/R² 0\.\d+/);
    expect(es).toContain(`R² ${en.match(/R² (0\.\d+)/)![1]!.replace(".", ",")}`);
  });
});

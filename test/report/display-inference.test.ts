// Issue #14 item 3 for the results added with issue #12 and #13: riTest, the multiple-testing functions,
// standardizedIndex and designParameters print themselves, and stay plain data (structuredClone, JSON).
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { adjustPValues, designParameters, riTest, romanoWolf, standardizedIndex, westfallYoung } from "../../src/index.js";
import { data, design } from "./inference-data.js";

const results: Record<string, object> = {
  riTest: riTest(data, { outcome: "y", treatment: "z", design, sims: 200, seed: 1, confidence: false }),
  adjustPValues: adjustPValues([0.01, 0.04, 0.2], { method: "holm" }),
  westfallYoung: westfallYoung(data, { outcomes: ["y", "x"], treatment: "z", design, sims: 200, seed: 1 }),
  romanoWolf: romanoWolf(data, { outcomes: ["y", "x"], treatment: "z", design, sims: 200, seed: 1 }),
  standardizedIndex: standardizedIndex(data, { outcomes: ["y", "x"], treatment: "z", method: "klk" }),
  designParameters: designParameters(data, { outcome: "y", clusters: "cl" }),
};

describe("inference and planning results display themselves", () => {
  for (const [name, r] of Object.entries(results)) {
    it(`${name}: toString, util.inspect and toHTML are readable, and the result survives structuredClone and JSON`, () => {
      const text = String(r);
      expect(text).not.toContain("[object Object]");
      expect(text.length).toBeGreaterThan(10);
      expect(inspect(r)).toBe(text);
      const html = (r as { toHTML(): string }).toHTML();
      expect(html.startsWith('<div class="ensayo-result">')).toBe(true);
      expect(() => structuredClone(r)).not.toThrow();
      expect(JSON.parse(JSON.stringify(r)).kind).toBe((r as { kind: string }).kind);
    });
  }
});

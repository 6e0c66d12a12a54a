import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readCsvFile } from "../../src/node.js";
import { declarePilot } from "../../src/pilot/declare-pilot.js";
import { renderReport } from "../../src/report/render-report.js";

const dir = new URL("../../fixtures/pilot/", import.meta.url).pathname;
const plan = JSON.parse(readFileSync(dir + "plan.json", "utf8"));
const pilot = declarePilot({ ...plan, randomizationInference: { enabled: true, draws: 200, seed: "svg-lang-test" } });
const analysis = pilot.analyze({
  baseline: readCsvFile(dir + "baseline.csv"), assignment: readCsvFile(dir + "asignacion.csv"), endline: readCsvFile(dir + "endline.csv"),
});

/** Every text a reader sees in the report's SVGs: text and title elements, and aria-labels. */
function svgTexts(html: string): string[] {
  const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
  expect(svgs.length).toBeGreaterThanOrEqual(4);
  return svgs.flatMap((svg) => [
    ...[...svg.matchAll(/<(text|title)\b[^>]*>([^<]*)</g)].map((m) => m[2]!),
    ...[...svg.matchAll(/aria-label="([^"]*)"/g)].map((m) => m[1]!),
  ]).filter((t) => t.trim() !== "");
}

const ENGLISH = /\b(Power|power|Effect|Units|Clusters|Cluster size|curve|n\/a|Standardized|difference|treatment|Estimate|Assignments|by)\b/;
/** A decimal point followed by other than a thousands group (English `0.8`, `4.31`). */
const DECIMAL_POINT = /\d\.(\d{1,2}|\d{4,})(?!\d)/;

describe("the report's SVG plots follow the report's language", () => {
  it("writes no English word and no decimal point in the Spanish report's plots", () => {
    const texts = svgTexts(renderReport(analysis, { lang: "es" }));
    expect(texts.filter((t) => ENGLISH.test(t))).toEqual([]);
    expect(texts.filter((t) => DECIMAL_POINT.test(t))).toEqual([]);
    expect(texts).toContain("potencia 0,8");
    expect(texts).toContain("Potencia");
    expect(texts.some((t) => /^\d+,\d+$/.test(t))).toBe(true);
  });
  it("writes English texts and decimal points in the English report's plots", () => {
    const texts = svgTexts(renderReport(analysis, { lang: "en" }));
    expect(texts).toContain("power 0.8");
    expect(texts).toContain("Power");
    expect(texts.filter((t) => /\d,\d{1,2}(?!\d)/.test(t))).toEqual([]);
  });
});

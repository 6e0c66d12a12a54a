import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readCsvFile } from "../../src/node.js";
import { declarePilot } from "../../src/pilot/declare-pilot.js";
import { formatLocale, formatP } from "../../src/report/locale-number.js";
import { REPORT_SECTIONS, renderReport, reportDocument } from "../../src/report/render-report.js";
import { errorCode } from "../helpers/errors.js";

const dir = new URL("../../fixtures/pilot/", import.meta.url).pathname;
const plan = JSON.parse(readFileSync(dir + "plan.json", "utf8"));
const pilot = declarePilot({ ...plan, randomizationInference: { enabled: true, draws: 200, seed: "report-test" } });
const analysis = pilot.analyze({
  baseline: readCsvFile(dir + "baseline.csv"), assignment: readCsvFile(dir + "asignacion.csv"), endline: readCsvFile(dir + "endline.csv"),
  inputFiles: [{ role: "baseline", file: "baseline.csv", sha256: "a".repeat(64) }],
});

/** The report's structure without its numbers: sections, block kinds, headings and table heads with row counts. */
function structure(lang: "es" | "en") {
  return reportDocument(analysis, lang).sections.map((s) => ({
    section: `${s.number}. ${s.title} (#${s.id})`,
    blocks: s.blocks.map((b) => (b.type === "table" ? `table ${b.id ?? ""}: ${b.head.join(" | ")} × ${b.rows.length}` : b.type === "h" ? `h: ${b.text}` : b.type)),
  }));
}

describe("formatLocale", () => {
  it("writes es-PY numbers with a decimal comma and thousands dots, en with the reverse", () => {
    expect(formatLocale(4.3111, 2, "es")).toBe("4,31");
    expect(formatLocale(1234, 0, "es")).toBe("1.234");
    expect(formatLocale(850000.5, 1, "es")).toBe("850.000,5");
    expect(formatLocale(-1234.5, 1, "en")).toBe("−1,234.5");
    expect(formatLocale(-0.0001, 2, "es")).toBe("0,00");
    expect(formatP(0.0004, "es")).toBe("<0,001");
    expect(formatLocale(NaN, 2, "es")).toBe("—");
  });
});

describe("renderReport", () => {
  it("has the same numbered sections in Spanish and English (structure snapshot)", () => {
    expect(structure("es")).toMatchSnapshot();
    expect(structure("en")).toMatchSnapshot();
    expect(structure("es").map((s) => s.blocks.length)).toEqual(structure("en").map((s) => s.blocks.length));
  });
  it("writes one self-contained HTML file: every section, inline SVG, print CSS, no script, no external resource", () => {
    const html = renderReport(analysis, { lang: "es" });
    for (const id of REPORT_SECTIONS) expect(html).toContain(`<section id="${id}"`);
    expect(html).toContain('<html lang="es">');
    expect(html).toContain("@media print");
    expect((html.match(/<svg /g) ?? []).length).toBe(3 + analysis.randomization.distributions.length);
    expect(html).not.toMatch(/<script|<link |<img |@import|url\(|https?:\/\/(?!www\.w3\.org\/2000\/svg)/i);
  });
  it("formats the key numbers for the language: 4,17 and [1,79; 6,55] in Spanish, 4.17 in English", () => {
    const es = renderReport(analysis, { lang: "es" });
    const e = analysis.effects[0]!;
    expect(es).toContain(formatLocale(e.estimate, 2, "es"));
    expect(es).toContain("4,17");
    expect(es).toContain("[1,79; 6,55]");
    expect(es).toContain("850.000");
    const en = renderReport(analysis, { lang: "en", format: "md" });
    expect(en).toContain("| Puntaje en la prueba | primaria | 4.17 |");
    expect(en).toContain("## 10. Reproducibility");
  });
  it("writes the methods paragraph from the plan and the appendix with hashes and seeds", () => {
    const es = renderReport(analysis, { lang: "es", format: "md" });
    expect(es).toContain("Las 464 unidades de la línea de base se asignaron al azar a «control» y «taller» dentro de los bloques definidos por «region»");
    expect(es).toContain(analysis.planHash);
    expect(es).toContain("ensayo-piloto-2026");
    expect(es).toContain("a".repeat(64));
  });
  it("refuses what is not an analysis, and unknown options", () => {
    expect(errorCode(() => renderReport({} as never))).toBe("INVALID_DATA");
    expect(errorCode(() => renderReport(analysis, { lang: "pt" } as never))).toBe("INVALID_OPTION");
  });
});

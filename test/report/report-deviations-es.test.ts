// A Spanish report of an analysis that deviates from its plan in every way the pilot can list has no English sentence.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { makeTable, readCsvFile, type Table } from "../../src/node.js";
import { declarePilot } from "../../src/pilot/declare-pilot.js";
import { renderReport } from "../../src/report/render-report.js";
import { DEVIATION_PHRASES, NOTICE_PHRASES } from "../../src/report/pilot-phrases.js";

const dir = new URL("../../fixtures/pilot-multiarm/", import.meta.url).pathname;
const plan = JSON.parse(readFileSync(dir + "plan.json", "utf8"));
const baseline = readCsvFile(dir + "baseline.csv");
const assignment = readCsvFile(dir + "asignacion.csv");
const endline = readCsvFile(dir + "endline.csv");

/** The fixed words of a template (its text between placeholders), the pieces of three words or more. */
function fixedPieces(template: string): string[] {
  return template.split(/\{\w+\}/).map((s) => s.trim()).filter((s) => s.split(/\s+/).length >= 3);
}

/** The assignment edited: units without an arm, ids the baseline lacks, an arm the plan lacks, two arms swapped. */
function deviatingAssignment(): Table {
  const ids = [...(assignment.columns.id as string[])];
  const arms = [...(assignment.columns.grupo as string[])];
  const keep = ids.map((_, i) => i >= 3); // M001–M003 lose their arm
  const outIds = ids.filter((_, i) => keep[i]);
  const outArms = arms.filter((_, i) => keep[i]);
  outArms[0] = outArms[0] === "control" ? "taller" : "control"; // M004's arm differs from the plan's draw
  outArms[1] = "placebo"; // an arm the plan does not have
  outIds.push("X001", "X002");
  outArms.push("control", "taller");
  return makeTable({ id: outIds, grupo: outArms });
}

/** The endline edited: satisfaction missing for every mentored official. */
function deviatingEndline(): Table {
  const ids = new Map((assignment.columns.id as string[]).map((id, i) => [id, (assignment.columns.grupo as string[])[i]!]));
  const sat = Float64Array.from(endline.columns.satisfaccion as Float64Array);
  (endline.columns.id as string[]).forEach((id, i) => { if (ids.get(id) === "mentoria") sat[i] = NaN; });
  const columns: Record<string, unknown> = {};
  for (const n of endline.names) columns[n] = endline.columns[n];
  columns.satisfaccion = sat;
  return makeTable(columns as never);
}

describe("the Spanish report of a deviating analysis", () => {
  const quick = { ...plan, randomizationInference: { enabled: true, draws: 100, seed: "t" } };
  const pilot = declarePilot(quick);
  const a = pilot.analyze({
    baseline, assignment: deviatingAssignment(), endline: deviatingEndline(),
    registeredHash: "0".repeat(64), receipt: { planHash: "f".repeat(64) },
  });
  const es = renderReport(a, { lang: "es", format: "md" });
  const esHtml = renderReport(a, { lang: "es" });
  const en = renderReport(a, { lang: "en", format: "md" });

  it("lists the deviations this analysis was built to have", () => {
    const kinds = new Set(a.deviations.map((d) => d.kind));
    for (const k of ["plan_changed", "unassigned_units", "unknown_assignment_ids", "endline_unknown_ids", "arm_mismatch", "assignment_differs", "outcome_missing_in_arm", "method_unavailable"]) {
      expect(kinds.has(k as never), k).toBe(true);
    }
    expect(a.warnings.length).toBeGreaterThan(0);
    expect(a.messages.warnings).toHaveLength(a.warnings.length);
  });

  it("writes every deviation, warning and note in Spanish: no fixed English piece of any template appears", () => {
    const english = [...Object.values(DEVIATION_PHRASES), ...Object.values(NOTICE_PHRASES)].flatMap((l) => fixedPieces(l.en));
    expect(english.length).toBeGreaterThan(20);
    for (const doc of [es, esHtml]) for (const piece of english) expect(doc.includes(piece), piece).toBe(false);
    for (const d of a.deviations) expect(es.includes(d.message), d.message).toBe(false);
    for (const w of a.warnings) expect(es.includes(w), w).toBe(false);
    for (const n of a.notes) expect(es.includes(n), n).toBe(false);
  });

  it("writes them in English in the English report, from the same codes", () => {
    for (const d of a.deviations) for (const piece of fixedPieces(DEVIATION_PHRASES[d.kind].en)) expect(en).toContain(piece);
    for (const piece of fixedPieces(DEVIATION_PHRASES.arm_mismatch.es)) expect(en.includes(piece)).toBe(false);
  });

  it("has a Spanish template for every deviation kind and warning code (and the same placeholders in both languages)", () => {
    for (const l of [...Object.values(DEVIATION_PHRASES), ...Object.values(NOTICE_PHRASES)]) {
      expect(l.es.length).toBeGreaterThan(0);
      const names = (s: string) => new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
      const es = names(l.es);
      for (const n of es) expect(names(l.en).has(n), `${l.en}: {${n}}`).toBe(true);
    }
  });
});

import { describe, expect, it } from "vitest";
import { FIELD_LABELS, KIND_LABELS, PHRASES, VALUE_LABELS, fieldLabel, phrase, valueLabel } from "../../src/report/labels.js";
import { CLI_NOTES } from "../../src/cli/notes.js";
import { differenceInMeans } from "../../src/estimators/difference-in-means.js";
import { resultsOfEveryKind } from "./result-kinds.js";
import { resultFields } from "./result-fields.js";

describe("labels", () => {
  const results = resultsOfEveryKind();

  it.each(Object.entries(results))("every field of a %s result has an English and a Spanish label", (_kind, result) => {
    const missing = resultFields(result).filter((f) => !Object.prototype.hasOwnProperty.call(FIELD_LABELS, f));
    expect(missing).toEqual([]);
  });

  it("every result kind has a title in both languages", () => {
    const kinds = Object.values(results).map((r) => (r as { kind?: string }).kind ?? "").filter((k) => k !== "");
    expect(kinds.filter((k) => !Object.prototype.hasOwnProperty.call(KIND_LABELS, k))).toEqual([]);
  });

  it("no label or phrase is empty, and the Spanish differs from the English where a word is translated", () => {
    for (const l of [...Object.values(FIELD_LABELS), ...Object.values(KIND_LABELS), ...Object.values(PHRASES)]) {
      expect(l.en.trim()).not.toBe("");
      expect(l.es.trim()).not.toBe("");
    }
    expect(fieldLabel("mdeItt", "es")).not.toBe(fieldLabel("mdeItt", "en"));
    expect(fieldLabel("designEffect", "es")).toBe("Efecto de diseño");
  });

  it("a Spanish phrase (and command-line note) keeps the placeholders of its English one", () => {
    for (const [id, l] of [...Object.entries(PHRASES), ...Object.entries(CLI_NOTES)]) {
      const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect(holes(l.es), id).toEqual(holes(l.en));
    }
  });

  it("a field without a label keeps its name (columns keep the header they were read with)", () => {
    expect(fieldLabel("puntaje_final", "es")).toBe("puntaje_final");
    expect(fieldLabel("constructor", "es")).toBe("constructor");
    expect(phrase("droppedRows", "es", { n: 3 })).toBe("3 fila(s) excluida(s) por valores faltantes");
  });

  it("translates every design a difference in means can report", () => {
    const d = results.differenceInMeans as { design: string };
    expect(valueLabel("design", d.design, "es")).not.toBe(d.design);
    const designs = ["Standard", "Blocked", "Clustered", "Block-clustered", "Matched-pair", "Matched-pair clustered", "Small blocks", "Hybrid blocked"];
    for (const design of designs) expect(Object.prototype.hasOwnProperty.call(VALUE_LABELS.design, design), design).toBe(true);
    const plain = differenceInMeans({ y: [1, 2, 3, 4], z: [0, 1, 0, 1] }, { outcome: "y", treatment: "z" });
    expect(valueLabel("design", plain.design, "es")).toBe("Estándar");
    expect(valueLabel("design", "Unheard-of", "es")).toBe("Unheard-of");
  });
});

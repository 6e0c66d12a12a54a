import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { differenceInMeans } from "../../src/estimators/difference-in-means.js";
import { lmRobust } from "../../src/estimators/lm-robust.js";
import { summary } from "../../src/estimators/summary.js";
import { readCsvFile } from "../../src/node.js";
import { errorCode } from "../helpers/errors.js";

const panel = readCsvFile(fileURLToPath(new URL("../../fixtures/pilot/panel.csv", import.meta.url)));

describe("summary in Spanish", () => {
  it("labels the title, the header, the fit line and the notes in Spanish, with the same numbers", () => {
    const fit = lmRobust(panel, "puntaje_final ~ grupo + puntaje_base", { clusters: "oficina" });
    const es = summary(fit, { lang: "es" });
    const en = summary(fit);
    expect(es.split("\n")[0]).toMatch(/^Regresión lineal, errores estándar robustos: puntaje_final ~ grupo \+ puntaje_base {3}\(EE CR2, n = \d+, conglomerados = 48\)$/);
    expect(es).toContain("Término");
    expect(es).toContain("Error estándar");
    expect(es).toContain("95% inf.");
    // es-PY numbers: a decimal comma, never R's dot, under a Spanish title
    expect(es).toMatch(/R² 0,\d+, ajustado 0,\d+/);
    expect(es).toMatch(/F \d+(,\d+)? con 2 y \d+(,\d+)? gl/);
    expect(es).toMatch(/^grupotaller +4,\d+ +1,\d+ /m);
    expect(es).not.toMatch(/\d\.\d/);
    expect(es).toMatch(/fila\(s\) excluida\(s\) por valores faltantes/);
    for (const english of ["adjusted", " on ", "dropped", "clusters", "term "]) expect(es).not.toContain(english);
    // the numbers are the same in both languages, only written differently
    const numbers = (s: string) => s.split("\n").slice(3).join(" ").match(/-?\d+[.,]\d+(e-?\d+)?/g);
    expect(numbers(es)!.map((x) => x.replace(",", "."))).toEqual(numbers(en));
    expect(numbers(en)!.length).toBeGreaterThan(20);
  });

  it("titles a difference in means in Spanish and keeps English as the default", () => {
    const r = differenceInMeans(panel, { outcome: "puntaje_final", treatment: "grupo", clusters: "oficina" });
    expect(summary(r, { lang: "es" }).startsWith("Diferencia de medias: ")).toBe(true);
    expect(summary(r).startsWith("differenceInMeans")).toBe(true);
  });

  it("refuses an unknown language or option", () => {
    const r = differenceInMeans(panel, { outcome: "puntaje_final", treatment: "grupo" });
    expect(errorCode(() => summary(r, { lang: "fr" as never }))).toBe("INVALID_OPTION");
    expect(errorCode(() => summary(r, { idioma: "es" } as never))).toBe("INVALID_OPTION");
  });
});

// Issue #14 item 6: under lang "es" the words results hold as values (column types, what a power calculation
// solved for, how riTest found its confidence set, pwr's method and note, diagnosands) are Spanish too;
// English keeps the library's words, and a data table's own cells stay as they were read.
import { describe, expect, it } from "vitest";
import * as E from "../../src/index.js";

const n = 20;
const data = {
  y: Array.from({ length: n }, (_, i) => ((i * 7) % 11) + (i % 2) * 2),
  z: Array.from({ length: n }, (_, i) => i % 2),
};

describe("Spanish value words", () => {
  it("planTrial solved for the MDE says so in Spanish", () => {
    const plan = E.planTrial({ solveFor: "mde", design: "cluster", nClusters: 48, clusterSize: 10, icc: 0.1 });
    expect(E.summary(plan, { lang: "es" })).toMatch(/Se despejó +efecto mínimo detectable\n/);
    expect(E.summary(plan)).toMatch(/Solved for +mde\n/);
  });

  it("powerTTest's type, method and note are Spanish", () => {
    const es = E.summary(E.powerTTest({ d: 0.3, power: 0.8 }), { lang: "es" });
    expect(es).toMatch(/Tipo +dos muestras\n/);
    expect(es).toMatch(/Se despejó +tamaño de muestra \(n\)\n/);
    expect(es).toContain("Cálculo de potencia de una prueba t de dos muestras");
    expect(es).toContain("n es el número en *cada* grupo");
    for (const english of ["two.sample", "power calculation", "each"]) expect(es).not.toContain(english);
    expect(E.summary(E.powerF2({ u: 2, v: 80, f2: 0.1 }), { lang: "es" }).split("\n")[0]).toBe("Potencia de una prueba F de regresión");
  });

  it("riTest's confidence-set method is a Spanish sentence", () => {
    const design = E.declareRa({ n, m: n / 2 });
    const ri = E.riTest(data, { outcome: "y", treatment: "z", design, sims: 100, seed: 1 });
    expect(ri.confidenceMethod).toMatch(/^test inversion/);
    const es = E.summary(ri, { lang: "es" });
    expect(es).toMatch(/Cómo se halló el conjunto de confianza +inversión de la prueba con efectos constantes/);
    expect(es).not.toContain("test inversion");
  });

  it("diagnoseDesign's diagnosands are named in Spanish in Spanish tables", () => {
    const table = E.formatTable([{ diagnosand: "bias", estimate: 0.1 }, { diagnosand: "coverage", estimate: 0.9 }], "markdown", { lang: "es" });
    expect(table).toContain("| sesgo | 0,100 |");
    expect(table).toContain("| cobertura | 0,900 |");
  });

  it("a data table's own cells are not translated, even in a column named like a result field", () => {
    const t = E.parseCsv("type,n\ndate,1\ntext,2\n");
    const md = E.formatTable(t, "markdown", { lang: "es" });
    expect(md).toContain("| date | 1 |");
    expect(md).toContain("| text | 2 |");
    expect(E.formatTable(t, "csv", { lang: "es" })).toContain("\r\ndate;1\r\n");
    // while a report's rows (ensayo read) get Spanish type words
    expect(E.formatTable([{ column: "fecha", type: "date" }], "markdown", { lang: "es" })).toContain("| fecha | fecha |");
  });
});

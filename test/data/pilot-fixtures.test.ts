// The bundled pilot: the clean files and the ministry exports (Windows-1252 / BOM, `;`,
// decimal comma, thousands dots, S/D, dd/mm/yyyy, CRLF) must read to identical tables.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCsv } from "../../src/data/parse-csv.js";
import type { Table } from "../../src/data/table.js";
import { readCsvFile } from "../../src/node/read-csv-file.js";

const dir = new URL("../../fixtures/pilot/", import.meta.url).pathname;

function expectSameTable(a: Table, b: Table): void {
  expect(b.names).toEqual(a.names);
  expect(b.nRows).toBe(a.nRows);
  for (const name of a.names) {
    expect(b.types[name], name).toBe(a.types[name]);
    const x = a.columns[name]!;
    const y = b.columns[name]!;
    if (x instanceof Float64Array) {
      expect(y, name).toBeInstanceOf(Float64Array);
      // Object.is: equal numbers, NaN in the same places.
      for (let i = 0; i < x.length; i++) if (!Object.is(x[i], (y as Float64Array)[i])) expect([name, i, (y as Float64Array)[i]]).toEqual([name, i, x[i]]);
    } else expect(y, name).toEqual(x);
    expect(b.report.missing[name], name).toBe(a.report.missing[name]);
  }
}

describe("the pilot fixtures", () => {
  const base = readCsvFile(`${dir}baseline.csv`);
  const baseMin = readCsvFile(`${dir}baseline_ministerio.csv`);
  const end = readCsvFile(`${dir}endline.csv`);
  const endMin = readCsvFile(`${dir}endline_ministerio.csv`);

  it("read the clean baseline with the expected columns and types", () => {
    expect(base.names).toEqual(["id", "region", "oficina", "sexo", "edad", "antiguedad", "puntaje_base", "tramites_base", "salario", "fecha_ingreso"]);
    expect(base.nRows).toBe(464);
    expect({ ...base.types }).toEqual({
      id: "text", region: "text", oficina: "text", sexo: "text", edad: "integer", antiguedad: "number",
      puntaje_base: "number", tramites_base: "integer", salario: "integer", fecha_ingreso: "date",
    });
    expect(base.report.missing.puntaje_base).toBe(7);
    expect(base.report.missing.antiguedad).toBe(10);
    expect(new Set(base.columns.region as string[])).toEqual(new Set(["Central", "Itapúa", "Concepción", "Ñeembucú", "Alto Paraná", "Caaguazú"]));
  });

  it("read the Windows-1252 ministry baseline to the same numbers, dates and accented text", () => {
    expect(baseMin.report.encoding).toBe("windows-1252");
    expect(baseMin.report.delimiter).toBe(";");
    expect(baseMin.report.renamed).toEqual([
      { from: " puntaje_base ", to: "puntaje_base" },
      { from: "salario  ", to: "salario" },
    ]);
    expect(baseMin.report.coerced.salario).toBe(464);
    expectSameTable(base, baseMin);
    expect((baseMin.columns.region as string[]).filter((r) => r === "Ñeembucú").length).toBeGreaterThan(0);
  });

  it("read the UTF-8-with-BOM, CRLF ministry endline with s/d and N/A to the same values", () => {
    expect(endMin.report.encoding).toBe("utf-8");
    expect(endMin.report.notes.join(" ")).toMatch(/BOM/);
    expect(endMin.names[0]).toBe("id");
    expect(end.report.missing.tramites_final).toBe(7);
    expectSameTable(end, endMin);
  });

  it("read the same from bytes with parseCsv as from the file", () => {
    const bytes = readFileSync(`${dir}baseline_ministerio.csv`);
    expectSameTable(baseMin, parseCsv(new Uint8Array(bytes), { locale: "es-PY" }));
    expectSameTable(base, parseCsv(readFileSync(`${dir}baseline.csv`, "utf8")));
  });

  it("match values written independently in the files (spot checks)", () => {
    // First data line of baseline.csv: P0001,Central,OF-001,M,48,12.0,60.8,39,4747000,2014-03-02
    const i = (base.columns.id as string[]).indexOf("P0001");
    expect(base.columns.puntaje_base[i]).toBe(60.8);
    expect(baseMin.columns.salario[i]).toBe(4747000);
    expect(baseMin.columns.fecha_ingreso[i]).toBe(Date.UTC(2014, 2, 2));
    expect(baseMin.columns.antiguedad[i]).toBe(12);
  });
});

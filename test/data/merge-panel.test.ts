import { describe, expect, it } from "vitest";
import { mergePanel, mergePanelCore } from "../../src/data/merge-panel.js";
import { named } from "../../src/internal/boundary.js";
import { parseCsv } from "../../src/data/parse-csv.js";
import { readCsvFile } from "../../src/node/read-csv-file.js";
import { thrownEnsayo as thrown } from "../helpers/errors.js";

const dir = new URL("../../fixtures/pilot/", import.meta.url).pathname;


describe("mergePanel", () => {
  const base = [
    { id: "a", x: 1, y: 10 },
    { id: "b", x: 2, y: 20 },
    { id: "c", x: 3, y: 30 },
  ];
  const end = [
    { id: "c", y: 33, z: "s" },
    { id: "a", y: 11, z: "t" },
    { id: "q", y: 99, z: "u" },
  ];

  it("keeps every baseline unit in baseline order with a responded flag, and suffixes shared columns", () => {
    const p = mergePanel(base, end, { id: "id" });
    expect(p.kind).toBe("mergePanel");
    expect(p.table.names).toEqual(["id", "x", "y_base", "y_final", "z", "responded"]);
    expect(p.table.columns.id).toEqual(["a", "b", "c"]);
    expect(Array.from(p.table.columns.y_final as Float64Array)).toEqual([11, NaN, 33]);
    expect(p.table.columns.y_base).toEqual(new Float64Array([10, 20, 30]));
    expect(p.table.columns.z).toEqual(["t", null, "s"]);
    expect(p.table.columns.responded).toEqual(new Float64Array([1, 0, 1]));
    expect(p.unmatchedBaseline).toEqual(["b"]);
    expect(p.unmatchedEndline).toEqual(["q"]);
    expect(p.counts).toEqual({ baseline: 3, endline: 3, matched: 2, onlyBaseline: 1, onlyEndline: 1 });
    expect(p.suffixed).toEqual(["y"]);
  });

  it('keeps only matched units with keep: "inner"', () => {
    const p = mergePanel(base, end, { id: "id", keep: "inner", suffixes: [".0", ".1"] });
    expect(p.table.names).toEqual(["id", "x", "y.0", "y.1", "z"]);
    expect(p.table.columns.id).toEqual(["a", "c"]);
    expect(p.table.columns["y.1"]).toEqual(new Float64Array([11, 33]));
    expect(p.unmatchedBaseline).toEqual(["b"]);
  });

  it("matches numeric ids with text ids and accepts different id names on each side", () => {
    const p = mergePanel({ id: [1, 2] }, { codigo: ["2", "1"], w: [5, 6] }, { id: { baseline: "id", endline: "codigo" } });
    expect(p.table.columns.w).toEqual(new Float64Array([6, 5]));
    expect(p.counts.matched).toBe(2);
  });

  it("throws DUPLICATE_ID listing every repeated id with its count and the file name", () => {
    const b = parseCsv("id,y\na,1\nb,2\na,3\nc,4\nc,5\nc,6\n", { file: "baseline.csv" });
    const e = thrown(() => mergePanel(b, end, { id: "id" }));
    expect(e.code).toBe("DUPLICATE_ID");
    expect(e.issues).toEqual([
      { id: "a", count: 2, side: "baseline", file: "baseline.csv" },
      { id: "c", count: 3, side: "baseline", file: "baseline.csv" },
    ]);
    expect(e.message).toContain("baseline (baseline.csv)");
    const f = thrown(() => mergePanel(base, [...end, { id: "q", y: 1, z: "v" }], { id: "id" }));
    expect(f.code).toBe("DUPLICATE_ID");
    expect(f.issues).toEqual([{ id: "q", count: 2, side: "endline" }]);
  });

  it("mergePanelCore's errors are named by the public function that called it (mergePanel names itself)", () => {
    const b = [...base, base[0]!];
    expect(thrown(() => mergePanel(b, end, { id: "id" })).message).toMatch(/^mergePanel: 1 id appears more than once in the baseline/);
    expect(thrown(() => mergePanelCore(b, end, { id: "id" })).message).toMatch(/^1 id appears more than once in the baseline/);
    const e = thrown(() => named("attritionReport", () => mergePanelCore(b, end, { id: "id" })));
    expect(e.code).toBe("DUPLICATE_ID");
    expect(e.fn).toBe("attritionReport");
    expect(e.message).toMatch(/^attritionReport: 1 id appears more than once in the baseline/);
  });

  it("names the id column `id`, as every function does; the old `by` is refused with a hint to `id`", () => {
    const e = thrown(() => mergePanel(base, end, { by: "id" } as never));
    expect(e.code).toBe("INVALID_OPTION");
    expect(e.message).toMatch(/`id`/);
    expect(mergePanel(base, end, { id: "id" }).id).toEqual({ baseline: "id", endline: "id" });
  });

  it("throws MISSING_COLUMN for an absent id column and MISSING_VALUE for a missing id", () => {
    expect(thrown(() => mergePanel(base, end, { id: "codigo" })).code).toBe("MISSING_COLUMN");
    expect(thrown(() => mergePanel([{ id: null, y: 1 }], end, { id: "id" })).code).toBe("MISSING_VALUE");
  });

  it("refuses suffixes that would collide, and bad options", () => {
    expect(thrown(() => mergePanel([{ id: "a", y: 1, y_base: 2 }], [{ id: "a", y: 3 }], { id: "id" })).code).toBe("INVALID_OPTION");
    expect(thrown(() => mergePanel(base, end, { id: "id", keep: "outer" as never })).code).toBe("INVALID_OPTION");
    expect(thrown(() => mergePanel([{ id: "a", responded: 1 }], [{ id: "a", y: 3 }], { id: "id" })).code).toBe("INVALID_OPTION");
  });

  it("never modifies its inputs", () => {
    const b = structuredClone(base);
    const e = structuredClone(end);
    const t = parseCsv("id,y\na,1\nb,2\n");
    const before = Array.from(t.columns.y as Float64Array);
    mergePanel(b, e, { id: "id" });
    mergePanel(t, e, { id: "id" });
    expect(b).toEqual(base);
    expect(e).toEqual(end);
    expect(Array.from(t.columns.y as Float64Array)).toEqual(before);
  });

  it("accounts for every official of the bundled pilot", () => {
    const p = mergePanel(readCsvFile(`${dir}baseline_ministerio.csv`), readCsvFile(`${dir}endline_ministerio.csv`), { id: "id" });
    // From fixtures/pilot/README.md (written by the generator): 464 officials, 37 attrited, 2 endline typos.
    expect(p.counts).toEqual({ baseline: 464, endline: 429, matched: 427, onlyBaseline: 37, onlyEndline: 2 });
    expect([...p.unmatchedEndline].sort()).toEqual(["P0O17", "PO233"]);
    expect(p.table.nRows).toBe(464);
    expect(p.table.types.fecha_ingreso).toBe("date");
    let responded = 0;
    for (const v of p.table.columns.responded as Float64Array) responded += v;
    expect(responded).toBe(427);
  });
});

describe("mergePanel keeps the count of ±Infinity read as missing", () => {
  it("under each column's joined name (suffixes included), and attritionReport warns about it", () => {
    const baseline = { id: ["a", "b", "c", "d"], x: [1, Infinity, 3, 4], y: [1, 2, -Infinity, 4] };
    const endline = { id: ["a", "b", "c"], y: [Infinity, 5, 6] };
    const joined = mergePanel(baseline, endline, { id: "id" }).table;
    expect({ ...joined.report.nonFinite }).toEqual({ x: 1, y_base: 1, y_final: 1 });
    expect(mergePanel({ id: ["a"], x: [1] }, { id: ["a"], z: [2] }, { id: "id" }).table.report.nonFinite).toBeUndefined();
  });
});

describe("mergePanel compares ids after Unicode NFC normalization and flags ids that only look alike", () => {
  const nfc = "Jos\u00e9";
  const nfd = "Jose\u0301";

  it("matches an NFC id with its NFD spelling, keeping each side's spelling in the table", () => {
    const p = mergePanel({ id: [nfc, "b"], x: [1, 2] }, { id: [nfd, "b"], y: [3, 4] }, { id: "id" });
    expect(p.counts.matched).toBe(2);
    expect(p.unmatchedBaseline).toEqual([]);
    expect(p.table.columns.id).toEqual([nfc, "b"]);
    expect(p.table.columns.y).toEqual(new Float64Array([3, 4]));
  });

  it("throws DUPLICATE_ID for two spellings of one id on one side, showing both distinguishably", () => {
    const e = thrown(() => mergePanel({ id: [nfc, nfd, "c"] }, { id: ["c"] }, { id: "id" }));
    expect(e.code).toBe("DUPLICATE_ID");
    expect(e.message).toContain('"Jose\\u0301"');
    expect(e.message).toContain("NFC");
    expect(e.issues).toEqual([{ id: nfc, count: 2, side: "baseline", spellings: [nfc, nfd] }]);
  });

  it("keeps ids that differ by leading zeros, surrounding whitespace or letter case apart, and reports them as near matches", () => {
    const p = mergePanel({ id: ["00123", "ab ", "XY", "k"] }, { id: ["123", "ab", "xy", "k"] }, { id: "id" });
    expect(p.counts.matched).toBe(1);
    expect(p.unmatchedBaseline).toEqual(["00123", "ab ", "XY"]);
    expect(p.nearMatches).toEqual([
      { baseline: "00123", endline: "123", reason: "leading zeros" },
      { baseline: "ab ", endline: "ab", reason: "whitespace" },
      { baseline: "XY", endline: "xy", reason: "letter case" },
    ]);
    expect(p.warnings).toHaveLength(1);
    expect(p.warnings[0]).toContain('3 baseline id(s) without endline look like 3 endline id(s) without baseline: "00123" ~ "123" (leading zeros), "ab " ~ "ab" (whitespace), "XY" ~ "xy" (letter case)');
  });

  it("prints unmatched ids that look identical as distinguishable strings", () => {
    const p = mergePanel({ id: [nfc, "a\u200b"] }, { id: ["Jose", "a"] }, { id: "id" });
    expect(p.nearMatches.map((m) => m.reason)).toEqual(["invisible characters"]);
    expect(p.warnings.join(" ")).toContain('"a\\u200B" ~ "a"');
  });

  it("warns when one file holds two spellings that differ only by case, whitespace or leading zeros", () => {
    const p = mergePanel({ id: ["007", "7", "Ana", "ana "] }, { id: ["7"] }, { id: "id" });
    expect(p.warnings).toContainEqual(expect.stringContaining('the baseline has ids that differ only by leading zeros, whitespace, letter case or invisible characters, which are different units: "007" ~ "7", "Ana" ~ "ana "'));
    const q = mergePanel({ id: ["7"] }, { id: ["7", "07"] }, { id: "id" });
    expect(q.warnings).toContainEqual(expect.stringContaining('the endline has ids that differ only by'));
    expect(mergePanel({ id: ["a", "b"] }, { id: ["b", "c"] }, { id: "id" }).warnings).toEqual([]);
  });
});

import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import * as E from "../../src/index.js";
import { showNumber, withDisplay } from "../../src/report/display.js";
import { resultsOfEveryKind } from "./result-kinds.js";
import { thrownEnsayo } from "../helpers/errors.js";

const all = resultsOfEveryKind();
// declareRa's result is a design (it draws assignments: it has methods by nature); a receipt is a field of an assignment
// conditionProbabilities returns a Float64Array (one probability per unit), not a result object
const results = Object.entries(all).filter(([k, v]) => k !== "declareRa" && k !== "assignment_receipt" && !ArrayBuffer.isView(v));
const extra: [string, object][] = [
  ["power2p", E.power2p({ h: 0.3, n: 100 })],
  ["power2p2n", E.power2p2n({ h: 0.3, n1: 80, n2: 120 })],
  ["powerT2n", E.powerT2n({ n1: 40, n2: 60, d: 0.5 })],
  ["powerF2", E.powerF2({ u: 2, v: 80, f2: 0.1 })],
];

describe("display of results", () => {
  it.each([...results, ...extra])("%s: String() is a readable summary, not [object Object]", (_kind, r) => {
    const text = String(r);
    expect(text).not.toContain("[object Object]");
    expect(text.split("\n").length).toBeGreaterThan(1);
    expect(text).toBe(E.summary(r));
  });
  it.each([...results, ...extra])("%s: console.log and util.inspect show the same summary", (_k, r) => {
    expect(inspect(r)).toBe(String(r));
  });
  it.each([...results, ...extra])("%s: toHTML is one escaped fragment with a table; Jupyter.display gives html and text", (_k, r) => {
    const html = (r as E.Displayable).toHTML();
    expect(html.startsWith('<div class="ensayo-result">')).toBe(true);
    expect(html).toContain("<table>");
    expect(html).toBe(E.toHTML(r));
    const bundle = (r as unknown as Record<symbol, () => Record<string, string>>)[Symbol.for("Jupyter.display")]!();
    expect(bundle).toEqual({ "text/html": html, "text/plain": String(r) });
  });
  it.each([...results, ...extra])("%s: stays plain data (no own functions; JSON and structuredClone see the same fields)", (_k, r) => {
    for (const v of Object.values(r)) expect(typeof v).not.toBe("function");
    expect(JSON.stringify(r)).toBe(JSON.stringify({ ...r }));
    const clone = structuredClone({ ...r });
    expect(Object.keys(clone)).toEqual(Object.keys(r));
  });
  it("a result survives structuredClone itself, and the clone is a plain object equal field by field", () => {
    const r = E.powerTTest({ n: 50, d: 0.5 });
    const clone = structuredClone(r);
    expect(clone).toEqual({ ...r });
    expect(r).toEqual(clone);
  });
  it("summary covers power, plan and assignment results (no TypeError)", () => {
    expect(E.summary(all.powerTTest!)).toMatch(/power/i);
    expect(E.summary(all.planTrial!)).toContain("\n");
    expect(E.summary(all.assignment!)).toContain("\n");
  });
  it("Spanish labels with lang es", () => {
    const r = all.powerTTest!;
    expect((r as E.Displayable).toString("es")).not.toBe(String(r));
    expect(E.summary(all.lmRobust!, { lang: "es" })).toMatch(/Estimación/);
    expect(E.toHTML(all.balanceTable!, { lang: "es" })).toMatch(/Diferencia|Covariable/);
  });
  it("rounds numbers for reading: 3 decimals, p-values below 0.001 as <0.001, NA for missing", () => {
    expect(showNumber(0.80145967)).toBe("0.801");
    expect(showNumber(0.00002, "pValue")).toBe("<0.001");
    expect(showNumber(0.0432, "pValue")).toBe("0.043");
    expect(showNumber(NaN)).toBe("NA");
    expect(showNumber(12, "n")).toBe("12");
  });
  it("escapes text in HTML", () => {
    const html = E.toHTML(withDisplay({ kind: "x", outcome: "<b>y</b>", warnings: ["a & b"] }));
    expect(html).toContain("&lt;b&gt;y&lt;/b&gt;");
    expect(html).toContain("a &amp; b");
  });
  it("withDisplay keeps identity and fields; a frozen result gets a frozen copy", () => {
    const o = { kind: "k", a: 1 };
    expect(withDisplay(o)).toBe(o);
    const f = Object.freeze({ kind: "k", a: 1 });
    const w = withDisplay(f);
    expect(Object.isFrozen(w)).toBe(true);
    expect({ ...w }).toEqual({ kind: "k", a: 1 });
  });
  it("tables show at most maxRows rows and say how many more", () => {
    const r = withDisplay({ kind: "k", rows: Array.from({ length: 30 }, (_, i) => ({ i })) });
    expect(String(r)).toContain("… 10 more rows");
    expect(E.toHTML(r, { maxRows: 5 })).toContain("… 25 more rows");
  });
  it("refuses what it cannot show with an EnsayoError saying what to pass, from toHTML and from a result's method", () => {
    const fit = E.lmRobust({ y: [1, 2, 3, 4], z: [0, 1, 0, 1] }, "y ~ z");
    for (const call of [() => E.toHTML(fit, { lang: "fr" as never }), () => (fit as unknown as E.Displayable).toHTML({ lang: "fr" as never })]) {
      const e = thrownEnsayo(call);
      expect(e.code).toBe("INVALID_OPTION");
      expect(e.message).toMatch(/^toHTML: `lang`: .*"en"\|"es"/);
    }
    expect(thrownEnsayo(() => E.toHTML(fit, { maxRows: -1 })).code).toBe("INVALID_OPTION");
    for (const bad of [null, undefined, 42, "fit"]) {
      const e = thrownEnsayo(() => E.toHTML(bad as never));
      expect(e.code).toBe("INVALID_DATA");
      expect(e.message).toMatch(/^toHTML: `result` must be a result object of ensayo/);
    }
  });
});

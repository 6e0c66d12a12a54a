import { parseCsv } from "../../src/data/parse-csv.js";
import { describe, expect, it } from "vitest";
import { formatNumber, formatTable } from "../../src/report/format-table.js";

const rows = [
  { term: "edad", estimate: 0.12345, stdError: 1.5, pValue: 0.0004, df: 58, flag: false },
  { term: "region: Itapúa", estimate: -2.5, stdError: NaN, pValue: 0.25, df: 57.5, flag: true },
];

describe("formatTable", () => {
  it("renders Markdown with English labels, right-aligned numbers, rounding and <0.001", () => {
    const md = formatTable(rows, "markdown");
    const lines = md.trimEnd().split("\n");
    expect(lines[0]).toBe("| Term | Estimate | Std. error | p-value | df | Flag |");
    expect(lines[1]).toBe("| --- | ---: | ---: | ---: | ---: | --- |");
    expect(lines[2]).toBe("| edad | 0.123 | 1.500 | <0.001 | 58.000 | no |");
    expect(lines[3]).toBe("| region: Itapúa | -2.500 |  | 0.250 | 57.500 | yes |");
  });

  it("uses Spanish labels and decimal commas with lang 'es', and honours digits", () => {
    const md = formatTable(rows, "markdown", { lang: "es", digits: 2 });
    expect(md).toContain("| Término | Estimación | Error estándar | Valor p | gl | Alerta |");
    expect(md).toContain("| edad | 0,12 | 1,50 | <0,01 | 58,00 | no |");
    expect(md).toContain("| sí |");
  });

  it("escapes pipes in Markdown cells and every HTML cell and label", () => {
    expect(formatTable([{ term: "a|b" }], "markdown")).toContain("| a\\|b |");
    const html = formatTable([{ term: `<script>alert("x")</script> & 'q'`, estimate: 1.25 }], "html", { labels: { term: "<b>T</b>" } });
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;");
    expect(html).toContain("<th>&lt;b&gt;T&lt;/b&gt;</th>");
    expect(html).toContain('<td class="num">1.250</td>');
  });

  it("writes CSV that is safe in Excel: formula-like text neutralized, numbers (negative too) as numbers", () => {
    const csv = formatTable(
      [
        { term: "=HYPERLINK(\"http://x\")", estimate: -2.5, memo: "+1", at: "@SUM(A1)", tab: "\tx", cr: "\rx", dash: "-5" },
        { term: "ok, fine", estimate: 1e-7, memo: 'say "hi"', at: null, tab: "", cr: "x", dash: "a-b" },
      ],
      "csv",
    );
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("Term,Estimate,memo,at,tab,cr,dash");
    expect(lines[1]).toBe(`"'=HYPERLINK(""http://x"")",-2.5,'+1,'@SUM(A1),'\tx,"'\rx",'-5`);
    expect(lines[2]).toBe(`"ok, fine",1e-7,"say ""hi""",,,x,a-b`);
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(formatTable([{ a: 1 }], "csv", { bom: true }).startsWith("\uFEFF")).toBe(true);
  });

  it("writes full-precision numbers and empty cells for NaN in CSV, in both languages", () => {
    const csv = formatTable([{ x: 0.1234567890123, y: NaN, b: true }], "csv", { lang: "es" });
    expect(csv.split("\r\n")[1]).toBe("0,1234567890123;;sí");
    expect(formatTable([{ x: 0.1234567890123, y: NaN, b: true }], "csv").split("\r\n")[1]).toBe("0.1234567890123,,yes");
  });

  it("accepts a result object with `rows` and picks compact columns for a balance table", () => {
    const result = {
      kind: "balanceTable",
      rows: [{ covariate: "edad", level: null, term: "edad", arm: "1", control: "0", meanControl: 40, meanTreatment: 41, difference: 1, stdError: 2, pValue: 0.6, stdDiff: 0.05, varianceRatio: 1.1, flag: false, nControl: 30 }],
    };
    const md = formatTable(result, "markdown");
    expect(md.split("\n")[0]).toBe("| Term | Arm | Mean (control) | Mean (treatment) | Difference | Std. error | p-value | Std. diff. | Variance ratio | Flag |");
    expect(formatTable(result, "markdown", { columns: ["term", "nControl"] }).split("\n")[2]).toBe("| edad | 30 |");
  });

  it("accepts coefficient rows and power-curve rows", () => {
    const coef = { coefficients: [{ term: "(Intercept)", estimate: 1, stdError: 0.5, statistic: 2, df: 8, pValue: 0.08, confLow: -0.15, confHigh: 2.15, outcome: "y" }, { term: "z", estimate: 0.25, stdError: 0.1, statistic: 2.5, df: 8, pValue: 0.037, confLow: 0.02, confHigh: 0.48, outcome: "y" }] };
    expect(formatTable(coef, "markdown")).toContain("| (Intercept) | 1.000 | 0.500 | 2.000 | 8 | 0.080 | -0.150 | 2.150 | y |");
    const curve = [{ n: 100, power: 0.5123 }, { n: 200, power: 0.8012 }];
    expect(formatTable(curve, "markdown", { lang: "es" })).toContain("| N | Potencia |\n| ---: | ---: |\n| 100 | 0,512 |");
  });

  it("formats tiny numbers with two significant digits and never prints -0.000", () => {
    expect(formatNumber(0.00001234, 3)).toBe("0.000012");
    expect(formatNumber(-0.0000001, 3)).toBe("-1.0e-7");
    expect(formatNumber(-0.0004, 3, "en")).toBe("-0.00040");
    expect(formatNumber(-0.00049999, 2)).toBe("-0.00050");
    expect(formatNumber(-1e-20 * 0, 3)).toBe("0");
    expect(formatNumber(Infinity, 3)).toBe("∞");
  });

  it("throws INVALID_OPTION for an unknown format or bad options, INVALID_DATA without rows", () => {
    expect(errorCode(() => formatTable(rows, "xlsx" as never))).toBe("INVALID_OPTION");
    expect(errorCode(() => formatTable(rows, "csv", { lang: "fr" as never }))).toBe("INVALID_OPTION");
    expect(errorCode(() => formatTable(rows, "csv", { digits: -1 }))).toBe("INVALID_OPTION");
    expect(errorCode(() => formatTable({} as never, "csv"))).toBe("INVALID_DATA");
  });
});

import { lmRobust } from "../../src/estimators/lm-robust.js";
import { powerCurve } from "../../src/power/power-curve.js";
import { errorCode } from "../helpers/errors.js";

describe("formatTable on real results of other areas", () => {
  it("renders an lmRobust result's coefficient rows", () => {
    const fit = lmRobust({ y: [3.1, 2.4, 5.0, 4.2, 6.3, 5.9, 7.7, 6.1, 4.4, 8.0], z: [0, 0, 0, 0, 0, 0, 0, 1, 1, 1] }, "y ~ z");
    const md = formatTable(fit, "markdown");
    expect(md.split("\n")[0]).toContain("| Term | Estimate | Std. error |");
    // estimatr: estimate 1.223810, HC2 SE 1.255311 (ANCHORS appendix A)
    expect(md).toMatch(/\| z \| 1\.224 \| 1\.255 \|/);
    const csv = formatTable(fit, "csv");
    expect(csv.split("\r\n")[2]!.startsWith("z,1.2238095238095")).toBe(true);
  });

  it("renders a powerCurve result with its x labelled by what varies", () => {
    const curve = powerCurve({ plan: { design: "cluster", nClusters: 48, clusterSize: 10, icc: 0.1 }, vary: "effect", from: 0.1, to: 0.5, points: 3 });
    const md = formatTable(curve, "markdown", { lang: "es" });
    expect(md.split("\n")[0]).toBe("| Tamaño del efecto | Potencia |");
    expect(md.split("\n")).toHaveLength(6); // header, rule, 3 rows, trailing empty
  });
});

describe("formatTable on a blocked balance table", () => {
  it("shows the block-adjusted difference beside the raw one, labelled in both languages", () => {
    const result = {
      kind: "balanceTable",
      blocks: "region",
      rows: [{ term: "edad", arm: "1", meanControl: 40, meanTreatment: 41, difference: 1, estimate: 0.8, stdError: 0.5, pValue: 0.11, stdDiff: 0.1, varianceRatio: 1, flag: false }],
    };
    expect(formatTable(result, "markdown").split("\n")[0]).toBe(
      "| Term | Arm | Mean (control) | Mean (treatment) | Difference | Adj. difference | Std. error | p-value | Std. diff. | Variance ratio | Flag |",
    );
    expect(formatTable(result, "markdown", { lang: "es" }).split("\n")[0]).toContain("| Diferencia | Dif. ajustada | Error estándar |");
  });
});

describe("formatNumber rounding of large magnitudes", () => {
  it("keeps about digits + 2 significant figures from 100 up, and full decimals for p-values", () => {
    expect(formatNumber(42.123456, 3)).toBe("42.123");
    expect(formatNumber(123.456789, 3)).toBe("123.46");
    expect(formatNumber(1234.56, 3)).toBe("1234.6");
    expect(formatNumber(4461686.192, 3)).toBe("4461686");
    expect(formatNumber(-113429.363, 3, "es")).toBe("-113.429");
    expect(formatNumber(0.123456, 3, "en", true)).toBe("0.123");
  });

  it("treats columns named constructor, toString, hasOwnProperty and __proto__ as plain columns", () => {
    const row = JSON.parse('{"__proto__": 2, "constructor": 1, "toString": 3, "hasOwnProperty": 4}') as object;
    expect(formatTable([row], "markdown")).toBe(
      "| __proto__ | constructor | toString | hasOwnProperty |\n| ---: | ---: | ---: | ---: |\n| 2 | 1 | 3 | 4 |\n",
    );
    // a requested column a row lacks is an empty cell, not Object.prototype's method
    expect(formatTable([{ a: 1 }], "csv", { columns: ["a", "toString", "constructor"] })).toBe("a,toString,constructor\r\n1,,\r\n");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("applies a label given for a column named __proto__", () => {
    const row = JSON.parse('{"__proto__": 1, "a": 2}') as object;
    expect(formatTable([row], "csv", { labels: JSON.parse('{"__proto__": "X", "a": "A"}') as Record<string, string> })).toBe("X,A\r\n1,2\r\n");
  });
});

describe("formatTable on results with nested rows", () => {
  const lee = {
    kind: "leeBounds", outcome: "y", treatment: "g", control: "c", arm: "t", nControl: 10, nTreatment: 12, nDropped: 0,
    respondedControl: 8, respondedTreatment: 11, responseRateControl: 0.8, responseRateTreatment: 11 / 12, trimmedArm: "t",
    trimmingShare: 0.127, lowerBound: 1.25, upperBound: 3.5, lowerStdError: 0.5, upperStdError: 0.6, ciEffect: [0.4, 4.5], ciSet: [0.1, 4.9],
    alpha: 0.05, rows: [{ bound: "lower", estimate: 1.25, stdError: 0.5 }, { bound: "upper", estimate: 3.5, stdError: 0.6 }], warnings: [],
  };
  it("shows a list of Lee bounds results one line per arm, with labels in Spanish, and never prints [object Object]", () => {
    const md = formatTable([lee], "markdown", { lang: "es" });
    expect(md.split("\n")[0]).toBe("| Grupo | Control | Grupo recortado | Proporción recortada | Cota inferior | Error estándar (inferior) | Cota superior | Error estándar (superior) | IC del efecto |");
    expect(md).toContain("| t | c | t | 0,127 | 1,250 | 0,500 | 3,500 | 0,600 | [0,400; 4,500] |");
    const all = formatTable([{ ...lee, kind: "other" }], "markdown");
    expect(all).not.toContain("[object Object]");
    expect(all.split("\n")[0]).not.toContain("| rows |");
    expect(formatTable([{ a: 1, nested: [{ b: 2 }] }], "csv")).toBe("a\r\n1\r\n");
  });
  it("translates the bound words of a Lee bounds result's own rows", () => {
    const md = formatTable(lee, "markdown", { lang: "es" });
    expect(md).toContain("| Cota | Estimación | Error estándar |");
    expect(md).toContain("| inferior | 1,250 | 0,500 |");
    expect(formatTable(lee, "csv", { lang: "es" })).toContain("superior;3,5;0,6");
    expect(formatTable(lee, "markdown")).toContain("| lower | 1.250 | 0.500 |");
  });
});

describe("formatTable in Spanish (es-PY)", () => {
  it("writes numbers as 1.234,5: decimal comma and thousands dots, in Markdown and HTML", () => {
    expect(formatNumber(1234.5, 3, "es")).toBe("1.234,5");
    expect(formatNumber(-4461686.192, 3, "es")).toBe("-4.461.686");
    expect(formatNumber(1500, 3, "es", false, true)).toBe("1.500");
    expect(formatNumber(999.5, 3, "es")).toBe("999,50");
    expect(formatNumber(1234.5, 3, "en")).toBe("1234.5");
    expect(formatTable([{ estimate: 1234.5 }], "html", { lang: "es" })).toContain('<td class="num">1.234,5</td>');
  });

  it("writes CSV for Spanish Excel: ';' between cells, decimal comma, a UTF-8 byte-order mark", () => {
    const csv = formatTable([{ term: "edad; años", estimate: -1234.5, pValue: 0.04 }], "csv", { lang: "es" });
    expect(csv).toBe('\uFEFFTérmino;Estimación;Valor p\r\n"edad; años";-1234,5;0,04\r\n');
    expect(formatTable([{ estimate: 1.5 }], "csv", { lang: "es", bom: false }).startsWith("\uFEFF")).toBe(false);
    expect(formatTable([{ estimate: 1.5 }], "csv").startsWith("\uFEFF")).toBe(false);
  });

  it("labels every column of a trial plan in Spanish (no mdeItt or designEffect left in English)", () => {
    const plan = { solvedFor: "mde", mde: 0.3, mdeItt: 0.3, mdeSd: 0.3, designEffect: 1.9, clusterSize: 10, icc: 0.1, power: 0.8, alpha: 0.05 };
    const header = formatTable([plan], "markdown", { lang: "es" }).split("\n")[0]!;
    for (const english of ["mdeItt", "designEffect", "mdeSd", "solvedFor", "clusterSize", "icc"]) expect(header).not.toContain(english);
    expect(header).toContain("Efecto de diseño");
  });

  it("writes dates as ISO YYYY-MM-DD, never as epoch milliseconds, and keeps a table's headers as read", () => {
    const t = parseCsv("id,fecha_ingreso,n\nP1,2014-03-02,1500\nP2,,7\n");
    const md = formatTable(t, "markdown", { lang: "es" });
    expect(md.split("\n")[0]).toBe("| id | fecha_ingreso | n |");
    expect(md).toContain("| P1 | 2014-03-02 | 1.500 |");
    expect(md).not.toMatch(/1393718400000/);
    expect(formatTable(t, "csv", { lang: "es" })).toBe("\uFEFFid;fecha_ingreso;n\r\nP1;2014-03-02;1500\r\nP2;;7\r\n");
    expect(formatTable([{ when: new Date(Date.UTC(2026, 2, 2)) }], "csv")).toBe("when\r\n2026-03-02\r\n");
  });
});

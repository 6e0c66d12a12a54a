// Every public function refuses an option it does not know (issue #10 item 13): a misspelt or R-style key
// (`sigLevel`, `"sig.level"`, `se_type`) must be an INVALID_OPTION naming the key, never silently ignored.
// The list below walks EVERY function exported by src/index.ts and src/node.ts: a new export fails this test
// until it is either given a call here (with each of its nested options objects) or listed as taking none.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as api from "../../src/node.js";
import { EnsayoError } from "../../src/errors.js";

const n = 24;
const data = {
  id: Array.from({ length: n }, (_, i) => `u${i + 1}`),
  y: Array.from({ length: n }, (_, i) => ((i * 7) % 11) + (i % 2) * 1.5),
  z: Array.from({ length: n }, (_, i) => i % 2),
  x: Array.from({ length: n }, (_, i) => ((i * 5) % 7) - 3),
  zi: Array.from({ length: n }, (_, i) => (i % 4 < 2 ? 1 : 0)),
  cl: Array.from({ length: n }, (_, i) => `c${Math.floor(i / 2)}`),
  blk: Array.from({ length: n }, (_, i) => (i < n / 2 ? "A" : "B")),
  w: Array.from({ length: n }, (_, i) => 1 + (i % 3)),
  p: Array.from({ length: n }, () => 0.5),
};
const endline = { id: data.id.slice(0, 20), y: data.y.slice(0, 20) };
const fit = api.lmRobust(data, "y ~ z + x");
const design = api.declareRa({ n: 6, m: 3 });
const assignment = design.conduct(1);
const curve = api.powerCurve({ plan: { design: "individual", nUnits: 100 }, vary: "effect", from: 0.1, to: 0.5, points: 3 });
const balance = api.balanceTable(data, { treatment: "z", covariates: ["x"] });
const specDir = mkdtempSync(join(tmpdir(), "ensayo-options-"));
const csvPath = join(specDir, "d.csv");
writeFileSync(csvPath, "a,b\n1,2\n");
const riDesign = api.declareRa({ n, m: n / 2 });
const ri = api.riTest(data, { outcome: "y", treatment: "z", design: riDesign, sims: 100, seed: 1, confidence: false });
const pilotPlan = JSON.parse(readFileSync(new URL("../../fixtures/pilot/plan.json", import.meta.url), "utf8")) as Record<string, unknown>;
const simSpec = () => ({
  units: { id: data.id.slice(0, 8) },
  design: api.declareRa({ n: 8, m: 4 }),
  potentialOutcomes: (_u: unknown, c: unknown) => Number(c),
});

type Options = Record<string, unknown>;
interface Case {
  /** Valid options (this call must succeed). */
  readonly options: Options;
  /** Calls the function with `o` as its options object. */
  readonly run: (o: Options) => unknown;
  /** Paths of nested options objects inside `options` (each must refuse unknown keys too). */
  readonly nested?: readonly string[];
  /** Skip the successful call (it would start worker threads); the refusal is still checked. */
  readonly noValidRun?: boolean;
  /** The function name the message gives, when the export is a thin wrapper of another. */
  readonly reportsAs?: string;
}

const cases: Record<string, Case> = {
  parseCsv: { options: { delimiter: "," }, run: (o) => api.parseCsv("a,b\n1,2\n", o) },
  readCsvFile: { options: { delimiter: "," }, run: (o) => api.readCsvFile(csvPath, o) },
  makeTable: { options: { names: ["a"] }, run: (o) => api.makeTable({ a: new Float64Array([1, 2]) }, o) },
  mergePanel: { options: { id: { baseline: "id", endline: "id" } }, run: (o) => api.mergePanel(data, endline, o as never), nested: ["id"] },
  declareRa: {
    options: { n: 6, m: 3, rerandomize: { covariates: { v: [1, 2, 3, 4, 5, 6] }, criterion: "maxAbsStdDiff", threshold: 2 } },
    run: (o) => api.declareRa(o as never),
    nested: ["rerandomize"],
  },
  simpleRa: { options: { n: 6, seed: 1 }, run: (o) => api.simpleRa(o as never) },
  completeRa: { options: { n: 6, m: 3, seed: 1 }, run: (o) => api.completeRa(o as never) },
  blockRa: { options: { blocks: ["a", "a", "b", "b"], seed: 1 }, run: (o) => api.blockRa(o as never) },
  clusterRa: { options: { clusters: ["a", "a", "b", "b"], seed: 1 }, run: (o) => api.clusterRa(o as never) },
  blockAndClusterRa: {
    options: { blocks: ["a", "a", "a", "a", "b", "b", "b", "b"], clusters: ["1", "1", "2", "2", "3", "3", "4", "4"], seed: 1 },
    run: (o) => api.blockAndClusterRa(o as never),
  },
  verifyAssignment: { options: { n: 6 }, run: (o) => api.verifyAssignment(assignment.receipt, o as never) },
  assertAssignment: { options: { n: 6 }, run: (o) => api.assertAssignment(assignment.receipt, o as never), reportsAs: "verifyAssignment" },
  powerTTest: { options: { n: 50, d: 0.5 }, run: (o) => api.powerTTest(o as never) },
  powerT2n: { options: { n1: 50, n2: 40, d: 0.5 }, run: (o) => api.powerT2n(o as never) },
  power2p: { options: { h: 0.3, n: 80 }, run: (o) => api.power2p(o as never) },
  power2p2n: { options: { h: 0.3, n1: 80, n2: 60 }, run: (o) => api.power2p2n(o as never) },
  powerF2: { options: { u: 2, v: 60, f2: 0.15 }, run: (o) => api.powerF2(o as never) },
  planTrial: {
    options: { solveFor: "power", design: "individual", nUnits: 200, effect: 0.3, takeUp: { treatment: 0.8, control: 0 }, responseRate: { treatment: 0.9, control: 0.9 } },
    run: (o) => api.planTrial(o as never),
    nested: ["takeUp", "responseRate"],
  },
  powerCurve: {
    options: { plan: { design: "individual", nUnits: 100 }, vary: "effect", from: 0.1, to: 0.5, points: 3 },
    run: (o) => api.powerCurve(o as never),
    nested: ["plan"],
  },
  powerCurveSvg: { options: { width: 400 }, run: (o) => api.powerCurveSvg(curve, o) },
  diagnoseDesign: { options: { ...simSpec(), sims: 4, seed: 1 }, run: (o) => api.diagnoseDesign(o as never) },
  diagnoseDesignParallel: {
    options: { spec: { module: join(specDir, "none.js") }, sims: 4, seed: 1 },
    run: (o) => api.diagnoseDesignParallel(o as never),
    nested: ["spec"],
    noValidRun: true,
  },
  lmRobust: { options: { seType: "HC2" }, run: (o) => api.lmRobust(data, "y ~ z + x", o) },
  lmLin: { options: { outcome: "y", treatment: "z", covariates: ["x"] }, run: (o) => api.lmLin(data, o as never) },
  waldTest: { options: { test: "F" }, run: (o) => api.waldTest(fit, ["z", "x"], o as never) },
  differenceInMeans: { options: { outcome: "y", treatment: "z" }, run: (o) => api.differenceInMeans(data, o as never) },
  horvitzThompson: { options: { outcome: "y", treatment: "z", treatedProbabilities: "p" }, run: (o) => api.horvitzThompson(data, o as never) },
  ivRobust: { options: { seType: "HC2" }, run: (o) => api.ivRobust(data, "y ~ z + x | zi + x", o as never) },
  balanceTable: {
    options: { treatment: "z", covariates: ["x"], threshold: { stdDiff: 0.2 } },
    run: (o) => api.balanceTable(data, o as never),
    nested: ["threshold"],
  },
  attritionReport: {
    options: { id: { baseline: "id", endline: "id" }, treatment: "z", covariates: ["x"] },
    run: (o) => api.attritionReport(data, endline, o as never),
    nested: ["id"],
  },
  leeBounds: { options: { outcome: "y", treatment: "z" }, run: (o) => api.leeBounds(data, o as never) },
  formatTable: { options: { digits: 3 }, run: (o) => api.formatTable(fit, "markdown", o as never) },
  lovePlotSvg: { options: { width: 500 }, run: (o) => api.lovePlotSvg(balance, o as never) },
  riTest: { options: { outcome: "y", treatment: "z", design: riDesign, sims: 100, seed: 1, confidence: false }, run: (o) => api.riTest(data, o as never) },
  riTestParallel: { options: { spec: { module: join(specDir, "none.js") } }, run: (o) => api.riTestParallel(o as never), nested: ["spec"], noValidRun: true },
  nullDistributionSvg: { options: { width: 400 }, run: (o) => api.nullDistributionSvg(ri, o as never) },
  adjustPValues: { options: { method: "BH" }, run: (o) => api.adjustPValues([0.01, 0.2, 0.04], o as never) },
  westfallYoung: { options: { outcomes: ["y", "x"], treatment: "z", design: riDesign, sims: 100, seed: 1 }, run: (o) => api.westfallYoung(data, o as never) },
  romanoWolf: { options: { outcomes: ["y", "x"], treatment: "z", design: riDesign, sims: 100, seed: 1 }, run: (o) => api.romanoWolf(data, o as never) },
  standardizedIndex: { options: { outcomes: ["y", "x"], treatment: "z", method: "klk" }, run: (o) => api.standardizedIndex(data, o as never) },
  declarePilot: { options: {}, run: (o) => api.declarePilot(pilotPlan as never, o as never) },
  designParameters: { options: { outcome: "y", clusters: "cl", treatment: "z" }, run: (o) => api.designParameters(data, o as never) },
  renderReport: { options: { format: "md" }, run: (o) => api.renderReport({ kind: "pilotAnalysis" } as never, o as never), noValidRun: true },
  coefficientPlotSvg: { options: { lang: "es", title: "t", xLabel: "x" }, run: (o) => api.coefficientPlotSvg([{ label: "y", estimate: 0.3, confLow: 0.1, confHigh: 0.5 }] as never, o as never) },
  toHTML: { options: { lang: "es", maxRows: 5 }, run: (o) => api.toHTML(fit, o as never) },
  randomizationPlotSvg: { options: { lang: "es", title: "t", xLabel: "x", yLabel: "n" }, run: (o) => api.randomizationPlotSvg([0.1, 0.2, -0.1], 0.15, o as never) },
};

/** Functions whose arguments are values, results or names, with no options object. */
const noOptions: Record<string, string> = {
  EnsayoError: "the error class",
  asTable: "(data, fn): the second argument is a function name for messages",
  isTable: "(value)",
  getColumn: "(table, name, fn, role)",
  numericColumn: "(table, name, fn, role)",
  labelColumn: "(table, name, fn, role)",
  createRng: "(seed)",
  conditionProbabilities: "(design, assignment)",
  assignmentRows: "(design, assignment)",
  assignmentSummary: "(design, assignment)",
  cohenH: "(p1, p2)",
  parseFormula: "(formula)",
  summary: "(result)",
  resolveSeType: "(seType, clustered): a rule of the SE registry; it takes no options object",
  planHash: "(plan): the plan is data, validated by its schema (which refuses unknown fields)",
  parsePlan: "(plan, fn): the plan is data, validated by its schema",
  canonicalJson: "(value): any JSON value",
  canonicalHash: "(value): any JSON value",
  reportDocument: "(analysis, lang, title)",
  formatLocale: "(x, digits, lang)",
  planTemplate: "(lang)",
  stripJsonComments: "(text)",
  toRows: "(data)",
  formatNumber: "(x, digits, lang, pValue, whole)",
  showNumber: "(x, key, lang)",
  fieldLabel: "(field, lang)",
  kindLabel: "(kind, lang)",
  valueLabel: "(field, value, lang)",
  ...Object.fromEntries(
    ["pnorm", "qnorm", "pt", "qt", "ptNoncentral", "qtNoncentral", "pf", "qf", "pfNoncentral", "pchisq", "qchisq", "pchisqNoncentral", "pbeta", "qbeta", "pbetaNoncentral", "pgamma", "qgamma", "lgamma", "lbeta", "gammaFn"].map(
      (f) => [f, "distribution function of numbers"],
    ),
  ),
};

function setPath(o: Options, path: string, extra: Options): Options {
  const [head, ...rest] = path.split(".");
  const inner = o[head!] as Options;
  return { ...o, [head!]: rest.length ? setPath(inner, rest.join("."), extra) : { ...inner, ...extra } };
}

async function refusal(c: Case, o: Options): Promise<EnsayoError> {
  try {
    await c.run(o);
  } catch (e) {
    if (e instanceof EnsayoError) return e;
    throw e;
  }
  throw new Error("the unknown option was accepted");
}

describe("every public function refuses unknown option keys", () => {
  it("covers every function export of src/index.ts and src/node.ts", () => {
    const functions = Object.keys(api).filter((k) => typeof (api as Record<string, unknown>)[k] === "function");
    const uncovered = functions.filter((k) => !(k in cases) && !(k in noOptions));
    expect(uncovered).toEqual([]);
    expect(Object.keys(cases).filter((k) => !functions.includes(k))).toEqual([]);
  });
  for (const [name, c] of Object.entries(cases)) {
    if (!c.noValidRun)
      it(`${name}: the valid call used below succeeds`, async () => {
        await c.run(c.options);
      });
    for (const path of ["", ...(c.nested ?? [])]) {
      const where = path ? `\`${path}\`` : "its options";
      it(`${name}: an unknown key in ${where} is INVALID_OPTION naming the key`, async () => {
        const key = "zzNotAnOption";
        const e = await refusal(c, path ? setPath(c.options, path, { [key]: 1 }) : { ...c.options, [key]: 1 });
        expect(e.code).toBe("INVALID_OPTION");
        expect(e.message).toContain(key);
        expect(e.message).toContain(c.reportsAs ?? name);
      });
    }
  }
});

describe("the refusal suggests the option that was meant", () => {
  it("powerTTest({ n: 50, d: 0.5, sigLevel: 0.01 }) and R's `sig.level` are refused, pointing to `alpha`", () => {
    for (const key of ["sigLevel", "sig.level"]) {
      let e: unknown;
      try {
        api.powerTTest({ n: 50, d: 0.5, [key]: 0.01 } as never);
      } catch (err) {
        e = err;
      }
      expect(e).toBeInstanceOf(EnsayoError);
      expect((e as EnsayoError).code).toBe("INVALID_OPTION");
      expect((e as EnsayoError).message).toContain(`\`${key}\``);
      expect((e as EnsayoError).hint).toMatch(/did you mean `alpha`/i);
    }
  });
  it("a misspelt or snake_case key suggests its camelCase spelling (se_type → seType, fixed_effects → fixedEffects, cluster → clusters, takeUp.treated → treatment)", () => {
    const hint = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as EnsayoError).hint ?? "";
      }
      return "";
    };
    expect(hint(() => api.lmRobust(data, "y ~ z", { se_type: "HC1" } as never))).toMatch(/did you mean `seType`/i);
    expect(hint(() => api.lmRobust(data, "y ~ z", { fixed_effects: "blk" } as never))).toMatch(/did you mean `fixedEffects`/i);
    expect(hint(() => api.differenceInMeans(data, { outcome: "y", treatment: "z", cluster: "cl" } as never))).toMatch(/did you mean `clusters`/i);
    expect(hint(() => api.planTrial({ solveFor: "power", design: "individual", nUnits: 200, effect: 0.3, takeUp: { treated: 0.8 } } as never))).toMatch(
      /did you mean `treatment`/i,
    );
  });
});

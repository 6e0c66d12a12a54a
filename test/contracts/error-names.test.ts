// The caller's name is added at the public boundary (issue #11 item 5). (a) Every public function names
// itself: one bad call each throws an EnsayoError whose `fn` is the function's name and whose message starts
// with "<name>: ". (b) No internal function takes the caller's name: a scan of src/ refuses a parameter (or
// field) called `fn` outside the boundary modules.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as api from "../../src/node.js";
import { EnsayoError } from "../../src/errors.js";
import { expectNamedError, publicFunctionsOf, type BadCall } from "../helpers/error-names.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

const rows = [{ id: "a", region: "Central", y: 1 }, { id: "b", region: "Itapúa", y: 2 }];
const units = { id: ["a", "b", "c", "d", "e", "f"], region: ["N", "N", "N", "S", "S", "S"] };
const design = api.declareRa({ n: 6, m: 3 });
const other = api.declareRa({ n: 4, m: 2 }).conduct(1);
const blocked = api.blockRa({ data: units, id: "id", blocks: "region", seed: 3 });
const restricted = api.declareRa({ n: 6, m: 3, rerandomize: { covariates: { x: [1, 2, 3, 4, 5, 6] }, criterion: "maxAbsStdDiff", threshold: 1e-9 } });

/**
 * One bad call per public function (and per method of a declared design, each a public entry point), with
 * the code it must throw. The function's name is the key; `fn` must equal it unless `name` says otherwise.
 */
const calls: Record<string, BadCall> = {
  // ── f1: data, random numbers, assignment, SE types ──
  asTable: { call: () => api.asTable(42 as never), code: "INVALID_DATA" },
  makeTable: { call: () => api.makeTable({ y: new Float64Array(2), z: ["a"] }), code: "LENGTH_MISMATCH" },
  toRows: { call: () => api.toRows([1, 2] as never), code: "INVALID_DATA" },
  getColumn: { call: () => api.getColumn(rows, "regoin"), code: "MISSING_COLUMN" },
  numericColumn: { call: () => api.numericColumn(rows, "region"), code: "NOT_NUMERIC" },
  labelColumn: { call: () => api.labelColumn(rows, "zz"), code: "MISSING_COLUMN" },
  parseCsv: { call: () => api.parseCsv("id,y\n1,2,3\n"), code: "RAGGED_ROW" },
  mergePanel: { call: () => api.mergePanel(rows, rows, { id: "codigo" }), code: "MISSING_COLUMN" },
  createRng: { call: () => api.createRng(NaN), code: "INVALID_OPTION" },
  resolveSeType: { call: () => api.resolveSeType("CR2", false), code: "INVALID_OPTION" },
  declareRa: { call: () => api.declareRa({ n: 4, m: 9 }), code: "INFEASIBLE_DESIGN" },
  simpleRa: { call: () => api.simpleRa({ n: 4, prob: 2, seed: 1 }), code: "INVALID_OPTION" },
  completeRa: { call: () => api.completeRa({ n: 4, m: 9, seed: 1 }), code: "INFEASIBLE_DESIGN" },
  blockRa: { call: () => api.blockRa({ n: 4, seed: 1 }), code: "INVALID_OPTION" },
  clusterRa: { call: () => api.clusterRa({ n: 4, seed: 1 }), code: "INVALID_OPTION" },
  blockAndClusterRa: { call: () => api.blockAndClusterRa({ blocks: ["A", "A", "B", "B"], clusters: ["c", "d", "d", "e"], seed: 1 }), code: "NONNESTED_CLUSTERS" },
  conditionProbabilities: { call: () => api.conditionProbabilities(design, new Int32Array(3)), code: "LENGTH_MISMATCH" },
  verifyAssignment: { call: () => api.verifyAssignment({ kind: "assignment_receipt" } as never, { data: units }), code: "INVALID_OPTION" },
  assertAssignment: { call: () => api.assertAssignment(blocked.receipt, { data: { ...units, region: ["N", "S", "S", "S", "S", "S"] } }), code: "VERIFY_MISMATCH" },
  assignmentRows: { call: () => api.assignmentRows(design, other), code: "LENGTH_MISMATCH" },
  assignmentSummary: { call: () => api.assignmentSummary(design, other), code: "LENGTH_MISMATCH" },
  "design.conduct": { call: () => restricted.conduct(1), code: "INFEASIBLE_DESIGN", name: "conduct" },
  "design.conductArms": { call: () => restricted.conductArms(1), code: "INFEASIBLE_DESIGN", name: "conductArms" },
  "design.simulate": { call: () => design.simulate(-1, 1, () => {}), code: "INVALID_OPTION", name: "simulate" },
  "design.permutations": { call: () => design.permutations(0, 1), code: "INVALID_OPTION", name: "permutations" },
  "design.permutationSet": { call: () => design.permutationSet(-1, 1), code: "INVALID_OPTION", name: "permutationSet" },
  "design.simulatePermutations": { call: () => restricted.simulatePermutations(1, 1, () => {}), code: "INFEASIBLE_DESIGN", name: "simulatePermutations" },
  "design.probabilities": { call: () => restricted.probabilities(), code: "INFEASIBLE_DESIGN", name: "probabilities" },
  "design.numPermutations": { call: () => restricted.numPermutations(), code: "INFEASIBLE_DESIGN", name: "numPermutations" },
  "design.forEachPermutation": { call: () => api.declareRa({ n: 200, m: 100 }).forEachPermutation(() => {}), code: "INVALID_OPTION", name: "forEachPermutation" },

  // ── f2: estimators, balance, inference, power, pilot, report (rows added when their branch lands) ──
};

/** Public functions of f1's folders that cannot throw an EnsayoError (predicates, pure numerics), with the reason. */
const NEVER_THROWS: Record<string, string> = {
  isTable: "a predicate: true or false for any value",
  pnorm: "math/distributions.ts: pure numerics, NaN for arguments out of range (as R)",
};
const MATH = /^(p|q|l)(norm|t|tNoncentral|f|fNoncentral|chisq|chisqNoncentral|beta|betaNoncentral|gamma)$|^(lgamma|lbeta|gammaFn)$/;

describe("every public function names itself in its errors (error.fn, and the message's first word)", () => {
  it.each(Object.entries(calls))("%s", (key, row) => expectNamedError(key, row));

  it("has a bad call for every public function of the data, assignment, kernel and internal modules", () => {
    const missing = publicFunctionsOf(/^\.\/(data|assign|design|internal|kernel|math)\//).filter((name) => !(name in calls) && !(name in NEVER_THROWS) && !MATH.test(name));
    expect(missing).toEqual([]);
  });

  it("leaves the errors of the caller's own callback to the caller's boundary", () => {
    const inner = new EnsayoError("NOT_ESTIMABLE", "no variation");
    let error: unknown;
    try {
      design.simulatePermutations(2, 1, () => {
        throw inner;
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBe(inner);
    expect(inner.fn).toBeUndefined();
    expect(inner.message).toBe("no variation");
  });
});

// ── (b) no internal function takes the caller's name ──

/** A parameter or field called `fn` holding a name, or a parameter `fn` with a default name (not a local `const fn = "…"`). */
const FN_PARAMETER = /\bfn\??:\s*string|[(,]\s*fn\s*=\s*"/;

/** Files allowed to hold one, with the reason. */
const ALLOWED: Record<string, string> = {
  "src/internal/options.ts": "the boundary: parseOptions and checkKnownKeys run on a public function's first line; their messages list what the function takes",
  "src/internal/boundary.ts": "the boundary itself: named, namedAsync, namedVisiting and nameError take the public function's name",
  "src/errors.ts": "EnsayoError.fn, the field the boundary fills (not a parameter)",
  "src/inference/ri-prepare.ts": "prepareRiTest(data, options, fn) parses riTest's options for riTest, riTestParallel and its workers: fn goes to parseOptions only",
  "src/node/shared-run.ts": "a worker's error reply carries the name a public function gave the error in the worker (error.fn), kept on the error re-created here",
  "src/power/plan-trial.ts": "parsePlan(options, fn) parses planTrial-shaped options for planTrial and powerCurve: fn goes to parseOptions only",
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [relative(root, path).split("\\").join("/")] : [];
  });
}

describe("no internal function takes the caller's name", () => {
  const files = sourceFiles(join(root, "src"));

  it("no signature outside the boundary has a parameter (or field) `fn` holding a function name", () => {
    const offending: string[] = [];
    for (const file of files) {
      if (file in ALLOWED) continue;
      readFileSync(join(root, file), "utf8").split("\n").forEach((line, i) => {
        if (!/^\s*(\*|\/\/)/.test(line) && FN_PARAMETER.test(line)) offending.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offending).toEqual([]);
  });

  it("every allowed file still needs its place on the list (it still has one)", () => {
    const stale = Object.keys(ALLOWED).filter((file) => !files.includes(file) || !FN_PARAMETER.test(readFileSync(join(root, file), "utf8")));
    expect(stale).toEqual([]);
  });
});

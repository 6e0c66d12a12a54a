// When one public function runs another's work, the error the user sees is named by the function the user called
// (issue #11 item 5, review of the boundary): ensayo's own functions call the internal twins (declareRaCore,
// balanceTableCore, verifyCore, fitLm, a declared design's unnamed methods through rawDesign), never the public ones.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as api from "../../src/node.js";
import { EnsayoError } from "../../src/errors.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** The error `call` throws (or rejects with). */
async function errorOf(call: () => unknown): Promise<EnsayoError> {
  try {
    await call();
  } catch (e) {
    return e as EnsayoError;
  }
  throw new Error("did not throw");
}

// 40 units, 20 treated: too many assignments to enumerate, so every consumer draws through the design's
// re-randomized draw, which finds no balanced assignment in 50 draws (√i cannot split into equal halves).
const x = Array.from({ length: 40 }, (_, i) => Math.sqrt(i));
const unbalanceable = api.declareRa({ n: 40, m: 20, rerandomize: { covariates: { x }, criterion: "maxAbsStdDiff", threshold: 1e-9, maxDraws: 50 } });
const d40 = { y: Array.from({ length: 40 }, (_, i) => i % 7), z: Array.from({ length: 40 }, (_, i) => i % 2) };
const noDraw = (fn: string, best: string): string => `${fn}: no draw in \`rerandomize.maxDraws\` = 50 met maxAbsStdDiff ≤ 1e-9; the best was ${best}. Raise \`threshold\` or \`maxDraws\``;
// 6 units, 3 treated: enumerated, and no assignment balances x.
const small = api.declareRa({ n: 6, m: 3, rerandomize: { covariates: { x: [1, 2, 3, 4, 5, 6] }, criterion: "maxAbsStdDiff", threshold: 1e-9 } });
const noneMeets = (fn: string): string => `${fn}: no possible assignment meets maxAbsStdDiff ≤ 1e-9. Raise \`rerandomize.threshold\``;
const d6 = { id: ["a", "b", "c", "d", "e", "f"], y: [1, 2, 3, 4, 5, 6], z: [0, 1, 0, 1, 0, 1], g: ["a", "a", "b", "b", "c", "c"] };
const damaged = `the receipt is incomplete or damaged: \`receipt.library\` is missing; \`receipt.version\` is missing; \`receipt.design\` is missing; \`receipt.rng\` is missing; \`receipt.units\` is missing. Use the receipt file exactly as ensayo wrote it`;

const pilot = api.declarePilot(readFileSync(join(root, "fixtures/pilot/plan.json"), "utf8"));
// office o2 in two regions: the plan's design (blocks region, clusters oficina) cannot be declared on it
const split = { id: ["a", "b", "c", "d"], region: ["N", "N", "S", "S"], oficina: ["o1", "o2", "o2", "o3"], puntaje_base: [1, 2, 3, 4], sexo: ["M", "F", "M", "F"], edad: [1, 2, 3, 4], antiguedad: [1, 2, 3, 4], tramites_base: [1, 2, 3, 4], salario: [1, 2, 3, 4] };
const nonNested = (fn: string): string => `${fn}: cluster 'o2' spans two blocks ('N' and 'S'); every unit of a cluster must be in the same block. Fix the block of the cluster's units, or block on a variable that is constant within clusters`;

type Case = { call: () => unknown; fn: string; code: string; message: string };
const cases: Record<string, Case> = {
  "riTest drawing from a declared design (its simulate)": {
    call: () => api.riTest(d40, { outcome: "y", treatment: "z", design: unbalanceable, sims: 100 }),
    fn: "riTest", code: "INFEASIBLE_DESIGN", message: noDraw("riTest", "0.0004130"),
  },
  "riTest enumerating a declared design (its numPermutations)": {
    call: () => api.riTest(d6, { outcome: "y", treatment: "z", design: small }),
    fn: "riTest", code: "INFEASIBLE_DESIGN", message: noneMeets("riTest"),
  },
  "westfallYoung drawing from a declared design": {
    call: () => api.westfallYoung(d40, { outcomes: ["y"], treatment: "z", design: unbalanceable, sims: 100 }),
    fn: "westfallYoung", code: "INFEASIBLE_DESIGN", message: noDraw("westfallYoung", "0.0004130"),
  },
  "balanceTable's randomization p-value drawing from a declared design": {
    call: () => api.balanceTable(d40, { treatment: "z", covariates: ["y"], design: unbalanceable, permutations: 100 }),
    fn: "balanceTable", code: "INFEASIBLE_DESIGN", message: noDraw("balanceTable", "0.006312"),
  },
  "diagnoseDesign drawing from a declared design": {
    call: () => api.diagnoseDesign({ units: d40, design: unbalanceable, potentialOutcomes: (u, z) => Number(u.y) + Number(z), sims: 20, seed: 1 }),
    fn: "diagnoseDesign", code: "INFEASIBLE_DESIGN", message: noDraw("diagnoseDesign", "0.002929"),
  },
  "horvitzThompson reading a declared design's probabilities": {
    call: () => api.horvitzThompson(d6, { outcome: "y", treatment: "z", design: small }),
    fn: "horvitzThompson", code: "INFEASIBLE_DESIGN", message: noneMeets("horvitzThompson"),
  },
  "conditionProbabilities reading a declared design's probabilities": {
    call: () => api.conditionProbabilities(small, new Int32Array(6)),
    fn: "conditionProbabilities", code: "INFEASIBLE_DESIGN", message: noneMeets("conditionProbabilities"),
  },
  "riTest's lmRobust t statistic (CR2 refits): the observed fit's MISSING_COLUMN passes through": {
    call: () => api.riTest(d6, { outcome: "y", treatment: "z", design: api.declareRa({ n: 6, m: 3 }), statistic: { estimator: "lmRobust", formula: "y ~ z + nope", value: "t", seType: "CR2", clusters: "g" } }),
    fn: "riTest", code: "MISSING_COLUMN", message: "riTest: variable 'nope' is not a column of the data. The columns are: id, y, z, g",
  },
  "riTest's lmLin t statistic (CR2 refits)": {
    call: () => api.riTest(d6, { outcome: "y", treatment: "z", design: api.declareRa({ n: 6, m: 3 }), statistic: { estimator: "lmLin", covariates: "nope", value: "t", seType: "CR2", clusters: "g" } }),
    fn: "riTest", code: "MISSING_COLUMN", message: "riTest: variable 'nope' is not a column of the data. The columns are: id, y, z, g",
  },
  "riTest re-declaring a receipt's design (designFromReceipt's verify)": {
    call: () => api.riTest(d6, { outcome: "y", treatment: "z", receipt: { kind: "assignment_receipt" } as never }),
    fn: "riTest", code: "INVALID_OPTION", message: `riTest: ${damaged}`,
  },
  "assertAssignment verifying": {
    call: () => api.assertAssignment({ kind: "assignment_receipt" } as never, { data: d6 }),
    fn: "assertAssignment", code: "INVALID_OPTION", message: `assertAssignment: ${damaged}`,
  },
  "pilot.assign declaring the plan's design": {
    call: () => pilot.assign(split), fn: "pilot.assign", code: "NONNESTED_CLUSTERS", message: nonNested("pilot.assign"),
  },
  "pilot.diagnose declaring the plan's design": {
    call: () => pilot.diagnose({ baseline: split, effect: 1, sd: 1, sims: 20 }), fn: "pilot.diagnose", code: "NONNESTED_CLUSTERS", message: nonNested("pilot.diagnose"),
  },
};

describe("an error raised in work one public function runs for another is named by the function the user called", () => {
  it.each(Object.entries(cases))("%s", async (_title, { call, fn, code, message }) => {
    const e = await errorOf(call);
    expect(e).toBeInstanceOf(EnsayoError);
    expect({ fn: e.fn, code: e.code, message: e.message }).toEqual({ fn, code, message });
  });
});

describe("a declared design's own methods name themselves", () => {
  const design = api.declareRa({ n: 6, m: 3 });
  it("permutationSet says permutationSet (not permutations)", () => {
    expect(() => design.permutationSet(-1, 1)).toThrow(expect.objectContaining({ fn: "permutationSet", message: "permutationSet: `k` must be a whole number of at least 1; got -1" }));
  });
  it("its unnamed methods stay out of sight: not enumerable, not in JSON", () => {
    expect(Object.keys(design)).not.toContain("raw");
    expect(Object.getOwnPropertySymbols(design).every((s) => !Object.getOwnPropertyDescriptor(design, s)!.enumerable)).toBe(true);
    expect(JSON.parse(JSON.stringify(design))).toEqual(JSON.parse(JSON.stringify({ ...design })));
  });
});

describe("riTestParallel's worker threads (the built worker, dist/)", () => {
  const module = join(root, "test/node/fixtures/worker-failures.mjs");

  it("a worker thread that exits before finishing rejects with WORKER_FAILED, named riTestParallel", async () => {
    const e = await errorOf(() => api.riTestParallel({ spec: { module, export: "exitingSpec" }, workers: 2 }));
    expect({ fn: e.fn, code: e.code, message: e.message }).toEqual({
      fn: "riTestParallel", code: "WORKER_FAILED",
      message: "riTestParallel: worker thread 1 (of 1 extra) exited with code 3 before finishing. A spec module may have called process.exit, or the thread ran out of memory; if dist/ is older than the sources, run `npm run build`",
    });
  }, 60_000);

  it("an EnsayoError of another copy of ensayo in a worker keeps its code and the name it was given there", async () => {
    const e = await errorOf(() => api.riTestParallel({ spec: { module, export: "otherCopySpec" }, workers: 2 }));
    expect(e).toBeInstanceOf(EnsayoError);
    expect({ fn: e.fn, code: e.code, message: e.message }).toEqual({
      fn: "lmRobust", code: "MISSING_COLUMN", message: "lmRobust: variable 'nope' is not a column of the data. The columns are: y, z",
    });
  }, 60_000);
});

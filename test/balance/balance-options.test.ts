import { permutationSource } from "../../src/inference/permutation-source.js";
import { describe, expect, it } from "vitest";
import { balanceTable } from "../../src/balance/balance-table.js";
import { attritionReport } from "../../src/balance/attrition-report.js";
import { declareRa } from "../../src/assign/declare-ra.js";
import { EnsayoError } from "../../src/errors.js";
import { createRng } from "../../src/internal/rng.js";

function makeData(n: number, seed: string) {
  const rng = createRng(seed);
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    rows.push({
      z: i % 2,
      bloque: `B${i % 4}`,
      oficina: `O${Math.floor(i / 4)}`,
      edad: Math.round(30 + 10 * rng.normal()),
      ingreso: 100 + 20 * rng.normal(),
      sexo: rng.next() < 0.5 ? "F" : "M",
    });
  }
  return rows;
}


/** The assignments balanceTable's randomization p-value uses: riTest's source with `permutations` as sims and maxExact. */
function drawsOf(design: Parameters<typeof permutationSource>[0], n: number, k: number, seed: number | string): Int32Array[] {
  const out: Int32Array[] = [];
  permutationSource(design, { n, seed, sims: k, maxExact: k }).forEach((a) => out.push(a.slice()));
  return out;
}

describe("balanceTable options and edge cases", () => {
  const data = makeData(60, "opts");

  it("defaults to HC2, CR2 with clusters, the first sorted arm as control, and echoes them", () => {
    const a = balanceTable(data, { treatment: "z", covariates: ["edad"] });
    expect(a.seType).toBe("HC2");
    expect(a.control).toBe("0");
    expect(a.arms).toEqual(["0", "1"]);
    expect(a.threshold).toEqual({ stdDiff: 0.1, pValue: 0.05 });
    const b = balanceTable(data, { treatment: "z", covariates: ["edad"], clusters: "oficina" });
    expect(b.seType).toBe("CR2");
    expect(b.joint[0]!.nClusters).toBe(15);
    const c = balanceTable(data, { treatment: "z", covariates: ["edad"], control: 1 });
    expect(c.control).toBe("1");
    expect(c.rows[0]!.difference).toBeCloseTo(-a.rows[0]!.difference, 12);
  });

  it("expands text covariates into one row per level and numeric ones named in `categorical`", () => {
    const r = balanceTable(data, { treatment: "z", covariates: ["sexo", "bloque"], categorical: ["bloque"] });
    expect(r.rows.map((x) => x.term)).toEqual(["sexo: F", "sexo: M", "bloque: B0", "bloque: B1", "bloque: B2", "bloque: B3"]);
    // the level means are shares that add up to 1 within each arm
    expect(r.rows[0]!.meanControl + r.rows[1]!.meanControl).toBeCloseTo(1, 14);
    // the joint test uses k − 1 dummies per categorical covariate: 1 + 3 terms
    expect(r.joint[0]!.df1).toBe(4);
  });

  it("flags by the configured thresholds", () => {
    const strict = balanceTable(data, { treatment: "z", covariates: ["edad", "ingreso"], threshold: { stdDiff: 1e-6, pValue: 0 } });
    expect(strict.rows.every((x) => x.flag)).toBe(true);
    const loose = balanceTable(data, { treatment: "z", covariates: ["edad", "ingreso"], threshold: { stdDiff: 100, pValue: 0 } });
    expect(loose.rows.every((x) => !x.flag)).toBe(true);
  });

  it("drops rows with a missing treatment or cluster with a warning, and counts missing covariates per arm", () => {
    const d = data.map((r, i) => ({ ...r, z: i === 0 ? null : r.z, edad: i === 3 || i === 5 ? null : r.edad }));
    const r = balanceTable(d, { treatment: "z", covariates: ["edad", "ingreso"] });
    expect(r.nDropped).toBe(1);
    expect(r.nObs).toBe(59);
    expect(r.warnings.join(" ")).toMatch(/1 unit\(s\) left out/);
    expect(r.rows[0]!.missingTreatment).toBe(2); // rows 3 and 5 are odd: z = 1
    expect(r.rows[0]!.missingControl).toBe(0);
    expect(r.rows[0]!.nTreatment).toBe(28);
    expect(r.joint[0]!.nObs).toBe(57);
    expect(r.joint[0]!.nDropped).toBe(2);
  });

  it("returns NaN and a warning for a constant covariate's standardized difference and variance ratio", () => {
    const d = data.map((r) => ({ ...r, const1: 1 }));
    const r = balanceTable(d, { treatment: "z", covariates: ["const1"], jointTest: false });
    expect(r.rows[0]!.stdDiff).toBeNaN();
    expect(r.rows[0]!.varianceRatio).toBeNaN();
    expect(r.warnings.join(" ")).toMatch(/not computable/);
    expect(r.joint).toEqual([]);
  });

  it("compares every arm with control when there are several arms", () => {
    const d = data.map((r, i) => ({ ...r, grupo: ["control", "taller", "mentoria"][i % 3] }));
    const r = balanceTable(d, { treatment: "grupo", covariates: ["edad"], control: "control" });
    expect(r.arms).toEqual(["control", "mentoria", "taller"]);
    expect(r.rows.map((x) => x.arm)).toEqual(["mentoria", "taller"]);
    expect(r.joint.map((x) => x.arm)).toEqual(["mentoria", "taller"]);
    expect(r.rows[0]!.nControl + r.rows[0]!.nTreatment).toBe(40);
  });

  it("computes the randomization p-value as (1 + #{F* ≥ F}) / (1 + k) under the design", () => {
    const d0 = makeData(40, "ri");
    const design = declareRa({ n: 40, blocks: d0.map((r) => r.bloque as string), conditions: [0, 1] });
    const observed = design.permutations(1, "observed")[0]!;
    const d = d0.map((r, i) => ({ ...r, z: observed[i] }));
    const k = 30;
    const res = balanceTable(d, { treatment: "z", covariates: ["edad", "ingreso", "sexo"], blocks: "bloque", design, permutations: k, seed: 7 });
    const jt = res.joint[0]!;
    expect(jt.permutations).toBe(k);
    // recompute each permuted statistic through the public function on the permuted data
    const perms = drawsOf(design, 40, k, 7);
    let count = 0;
    for (const p of perms) {
      const dp = d.map((r, i) => ({ ...r, z: p[i] }));
      const f = balanceTable(dp, { treatment: "z", covariates: ["edad", "ingreso", "sexo"], blocks: "bloque" }).joint[0]!.statistic;
      if (f >= jt.statistic - 1e-7 * (1 + jt.statistic)) count++;
    }
    expect(jt.randomizationPValue).toBeCloseTo((1 + count) / (1 + k), 14);
    expect(jt.randomizationPValue).toBeGreaterThanOrEqual(1 / (1 + k));
  });

  it("weights an exhaustive permutation set by each assignment's exact probability", () => {
    // 7 units with prob 0.4: n·prob = 2.8, so 2 or 3 treated with probabilities 0.2 and 0.8 — the
    // 21 + 35 assignments are not equally likely (0.2/21 vs 0.8/35 each).
    const d0 = makeData(7, "exact");
    const design = declareRa({ n: 7, prob: 0.4, conditions: [0, 1] });
    const set = design.permutationSet(1000, 1);
    expect(set.exhaustive).toBe(true);
    const observed = set.arms.find((a) => a.reduce((s, v) => s + v, 0) === 3)!;
    const d = d0.map((r, i) => ({ ...r, z: observed[i] }));
    const res = balanceTable(d, { treatment: "z", covariates: ["edad"], design, permutations: 1000, seed: 1 });
    const jt = res.joint[0]!;
    let expected = 0;
    set.arms.forEach((a, j) => {
      const dp = d.map((r, i) => ({ ...r, z: a[i] }));
      let f = NaN;
      try { f = balanceTable(dp, { treatment: "z", covariates: ["edad"] }).joint[0]!.statistic; } catch { /* an arm too small to fit counts as not extreme */ }
      if (f >= jt.statistic - 1e-7 * (1 + jt.statistic)) expected += set.probabilities![j]!;
    });
    expect(jt.randomizationPValue).toBeCloseTo(expected, 12);
    // the assignments really are unequally likely, so equal weights would be wrong here
    expect(new Set(Array.from(set.probabilities!, (p) => p.toPrecision(12))).size).toBeGreaterThan(1);
  });

  it("throws INVALID_OPTION for bad options, CR2 without clusters, HC2 with clusters and a design of the wrong size", () => {
    expect(errorCode(() => balanceTable(data, { treatment: "z", covariates: [] }))).toBe("INVALID_OPTION");
    expect(errorCode(() => balanceTable(data, { treatment: "z", covariates: ["edad"], seType: "CR2" }))).toBe("INVALID_OPTION");
    expect(errorCode(() => balanceTable(data, { treatment: "z", covariates: ["edad"], clusters: "oficina", seType: "HC2" }))).toBe("INVALID_OPTION");
    expect(errorCode(() => balanceTable(data, { treatment: "z", covariates: ["edad"], categorical: ["sexo"] }))).toBe("INVALID_OPTION");
    expect(errorCode(() => balanceTable(data, { treatment: "z", covariates: ["edad"], design: {} as never }))).toBe("INVALID_OPTION");
    const small = declareRa({ n: 10, conditions: [0, 1] });
    expect(errorCode(() => balanceTable(data, { treatment: "z", covariates: ["edad"], design: small, permutations: 5 }))).toBe("INVALID_OPTION");
    const labels = declareRa({ n: 60, conditions: ["a", "b"] });
    expect(errorCode(() => balanceTable(data, { treatment: "z", covariates: ["edad"], design: labels, permutations: 5 }))).toBe("INVALID_OPTION");
  });

  it("throws MISSING_COLUMN, NOT_NUMERIC, ONE_ARM, CONDITION_NOT_FOUND and NOT_ESTIMABLE", () => {
    expect(errorCode(() => balanceTable(data, { treatment: "z", covariates: ["edda"] }))).toBe("MISSING_COLUMN");
    expect(errorCode(() => balanceTable(data, { treatment: "zz", covariates: ["edad"] }))).toBe("MISSING_COLUMN");
    const one = data.map((r) => ({ ...r, z: 1 }));
    expect(errorCode(() => balanceTable(one, { treatment: "z", covariates: ["edad"] }))).toBe("ONE_ARM");
    expect(errorCode(() => balanceTable(data, { treatment: "z", covariates: ["edad"], control: "2" }))).toBe("CONDITION_NOT_FOUND");
    const lonely = data.map((r, i) => ({ ...r, z: i === 0 ? 1 : 0 }));
    expect(errorCode(() => balanceTable(lonely, { treatment: "z", covariates: ["edad"] }))).toBe("NOT_ESTIMABLE");
  });
});

describe("balanceTable joint test that cannot be fitted", () => {
  it("reports NaN with a warning instead of refusing the whole table", () => {
    // every unit of a block has the same covariate value: x is collinear with the block fixed effects
    const rows = Array.from({ length: 24 }, (_, i) => ({ z: (i >> 1) % 2, b: `B${i % 3}`, x: i % 3 }));
    const r = balanceTable(rows, { treatment: "z", covariates: ["x"], blocks: "b" });
    expect(r.rows).toHaveLength(1);
    expect(r.joint[0]!.statistic).toBeNaN();
    expect(r.joint[0]!.pValue).toBeNaN();
    expect(r.warnings.join(" ")).toMatch(/joint test \(1\)/);
  });
});

describe("balanceTable with an arm constant within blocks", () => {
  it("throws NOT_ESTIMABLE naming balanceTable and the blocks", () => {
    const rows = Array.from({ length: 20 }, (_, i) => ({ z: i % 2, b: `B${i % 2}`, x: (i * 7) % 5 }));
    let err: unknown;
    try {
      balanceTable(rows, { treatment: "z", covariates: ["x"], blocks: "b" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EnsayoError);
    expect((err as EnsayoError).code).toBe("NOT_ESTIMABLE");
    expect((err as EnsayoError).message).toMatch(/^balanceTable: .*block/);
  });
});

import { lmRobust } from "../../src/estimators/lm-robust.js";
import { errorCode } from "../helpers/errors.js";

describe("balanceTable with clusters that cross blocks", () => {
  it("falls back to lmRobust and reports its numbers", () => {
    const rng = createRng("cross");
    const rows = Array.from({ length: 80 }, (_, i) => ({
      z: Math.floor(i / 4) % 2,
      cl: `C${Math.floor(i / 4)}`,
      b: `B${i % 3}`, // blocks cut across clusters
      x: rng.normal() + (i % 3),
    }));
    const r = balanceTable(rows, { treatment: "z", covariates: ["x"], blocks: "b", clusters: "cl" });
    const direct = lmRobust(rows, "x ~ z", { fixedEffects: "b", clusters: "cl" }).coefficients.find((c) => c.term === "z")!;
    expect(r.rows[0]!.estimate).toBeCloseTo(direct.estimate, 12);
    expect(r.rows[0]!.stdError).toBeCloseTo(direct.stdError, 12);
    expect(r.rows[0]!.df).toBeCloseTo(direct.df, 10);
  });
});

describe("balanceTable and attritionReport refuse data they cannot use", () => {
  it("balanceTable throws NOT_ESTIMABLE for empty data, naming the calling function", () => {
    expect(() => balanceTable({ z: [], x: [] }, { treatment: "z", covariates: ["x"] })).toThrow(
      expect.objectContaining({ code: "NOT_ESTIMABLE", message: expect.stringMatching(/^balanceTable: no unit has any data \(0 rows\)/) }),
    );
    expect(() => balanceTable({ z: [null, null], x: [1, 2] }, { treatment: "z", covariates: ["x"] })).toThrow(
      expect.objectContaining({ code: "NOT_ESTIMABLE", message: expect.stringContaining("2 rows, all missing") }),
    );
    expect(() => attritionReport({ id: [], z: [] }, { id: [] }, { id: "id", treatment: "z" })).toThrow(
      expect.objectContaining({ code: "NOT_ESTIMABLE", message: expect.stringMatching(/^attritionReport: /) }),
    );
  });

  it("balanceTable throws TOO_FEW_CLUSTERS with a single cluster instead of a zero standard error", () => {
    expect(() => balanceTable({ z: [0, 1, 0, 1], x: [1, 2, 3, 4], c: [1, 1, 1, 1] }, { treatment: "z", covariates: ["x"], clusters: "c" })).toThrow(
      expect.objectContaining({ code: "TOO_FEW_CLUSTERS", column: "c" }),
    );
  });

  it("balanceTable warns when a row's p-value is NaN because the covariate is constant", () => {
    const r = balanceTable({ z: [0, 1, 0, 1], x: [1, 1, 1, 1] }, { treatment: "z", covariates: ["x"] });
    expect(r.rows[0]!.pValue).toBeNaN();
    expect(r.warnings.some((w) => w.startsWith("x (1): the test statistic and p-value are not computable"))).toBe(true);
  });
});

describe("balanceTable explains what it cannot compute", () => {
  it("a joint test with as many coefficients as units is NaN with a warning that says why", () => {
    const r = balanceTable({ z: [0, 0, 1, 1], a: [1, 2, 3, 5], b: [3, 1, 4, 1], c: [2, 7, 1, 8] }, { treatment: "z", covariates: ["a", "b", "c"] });
    expect(r.joint[0]!.statistic).toBeNaN();
    expect(r.warnings).toContain("joint test (1): not computable: 4 units and 4 parameters leave no residual degrees of freedom; use fewer covariates");
  });
  it("an infinite covariate value counts as missing, with a warning naming the column", () => {
    const r = balanceTable({ z: [0, 0, 0, 1, 1, 1], x: [1, 2, Infinity, 4, 5, 6] }, { treatment: "z", covariates: ["x"] });
    expect(r.rows[0]!.missingControl).toBe(1);
    expect(r.warnings).toContain("'x': 1 infinite value(s) (±Infinity) are counted as missing");
  });
});

describe("balanceTable randomization p-value from one factorization of the covariates", () => {
  /** 24 offices of 3–8 officials in 3 regions, offices assigned within regions. */
  function offices(seed: string, conditions: (string | number)[]) {
    const rng = createRng(seed);
    const rows: Record<string, unknown>[] = [];
    for (let o = 0; o < 24; o++) {
      const size = 3 + rng.int(6);
      for (let k = 0; k < size; k++) rows.push({ oficina: `O${o}`, region: `R${o % 3}`, edad: 25 + rng.int(30), ingreso: rng.normal() * 100, sexo: rng.next() < 0.5 ? "F" : "M" });
    }
    const design = declareRa({ data: rows, clusters: "oficina", blocks: "region", conditions });
    const observed = design.permutations(1, "observed")[0]!;
    return { design, data: rows.map((r, i) => ({ ...r, z: conditions[observed[i]!] })) };
  }
  const brute = (d: Record<string, unknown>[], perms: Int32Array[], conditions: (string | number)[], opts: Record<string, unknown>, observed: number, arm = 0) => {
    let count = 0;
    for (const p of perms) {
      const dp = d.map((r, i) => ({ ...r, z: conditions[p[i]!] }));
      let f = NaN;
      try { f = balanceTable(dp, { treatment: "z", covariates: ["edad", "ingreso", "sexo"], ...opts } as never).joint[arm]!.statistic; } catch { /* not extreme */ }
      if (f >= observed - 1e-7 * (1 + observed)) count++;
    }
    return (1 + count) / (1 + perms.length);
  };
  for (const test of ["F", "HTZ"] as const) {
    it(`equals refitting every permuted assignment, offices within regions, CR2, ${test}`, () => {
      const { design, data } = offices(`ri-cr2-${test}`, [0, 1]);
      const opts = { clusters: "oficina", blocks: "region", jointTestType: test };
      const res = balanceTable(data, { treatment: "z", covariates: ["edad", "ingreso", "sexo"], ...opts, design, permutations: 25, seed: 3 });
      const jt = res.joint[0]!;
      expect(jt.test).toBe(test);
      expect(jt.randomizationPValue).toBeCloseTo(brute(data, drawsOf(design, data.length, 25, 3), [0, 1], opts, jt.statistic), 14);
    });
  }
  it("with three arms (other rows in each comparison under a permutation) it refits and still equals refitting", () => {
    const conditions = ["control", "a", "b"];
    const { design, data } = offices("ri-3arm", conditions);
    const opts = { clusters: "oficina", blocks: "region", control: "control" };
    const res = balanceTable(data, { treatment: "z", covariates: ["edad", "ingreso", "sexo"], ...opts, design, permutations: 15, seed: 5 });
    res.joint.forEach((jt, arm) => {
      expect(jt.randomizationPValue).toBeCloseTo(brute(data, drawsOf(design, data.length, 15, 5), conditions, opts, jt.statistic, arm), 14);
    });
  });
});

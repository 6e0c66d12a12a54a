import { describe, expect, it } from "vitest";
import { fitTwoGroup } from "../../src/kernel/two-group-fit.js";
import { expandCovariates } from "../../src/balance/covariates.js";
import { labelColumn } from "../../src/data/columns.js";
import { factorize } from "../../src/internal/factor.js";
import type { SeType } from "../../src/estimators/types.js";
import { close, loadReference, num, readReferenceCsv } from "../balance/reference.js";

const ref = loadReference();

describe("fitTwoGroup (closed-form x ~ t) against estimatr lm_robust", () => {
  const noFe = ref.cases.filter((c) => c.input.blocks === null);
  it("covers HC2, HC1, CR2 and stata reference cases", () => {
    expect(noFe.map((c) => c.id)).toEqual(expect.arrayContaining(["simple-hc2", "simple-hc1", "clusters-cr2", "clusters-stata"]));
  });
  for (const c of noFe) {
    it(`matches lm_robust estimate, SE and df to 1e-8 in case ${c.id}`, () => {
      const table = readReferenceCsv(c.input.file);
      const arms = factorize(labelColumn(table, c.input.treatment));
      const clusters = c.input.clusters ? factorize(labelColumn(table, c.input.clusters)) : null;
      const seType = (c.input.seType ?? (clusters ? "CR2" : "HC2")) as SeType;
      const blocks = expandCovariates(table, c.input.covariates, new Set());
      const columns = blocks.flatMap((b) => b.columns);
      let checked = 0;
      for (const r of c.expected.rows) {
        const armCode = arms.levels.indexOf(r.arm);
        const ctlCode = arms.levels.indexOf(c.input.control);
        const col = columns.find((k) => k.covariate === r.covariate && k.level === r.level)!;
        const n = table.nRows;
        const arm = new Int8Array(n);
        for (let i = 0; i < n; i++) {
          const a = arms.codes[i]!;
          arm[i] = a === armCode ? 1 : a === ctlCode ? 0 : -1;
        }
        const fit = fitTwoGroup(col.values, arm, seType, clusters?.codes ?? null, clusters?.levels.length ?? 0);
        expect(fit.missing0 + fit.missing1).toBe((r.missingControl as number) + (r.missingTreatment as number));
        expect(close(fit.mean1, num(r.meanTreatment))).toBe(true);
        expect(close(Math.sqrt(fit.ss0 / (fit.n0 - 1)), num(r.sdControl))).toBe(true);
        expect(close(fit.estimate, num(r.estimate)), `${r.covariate} estimate`).toBe(true);
        expect(close(fit.stdError, num(r.stdError)), `${r.covariate} ${r.level} SE ${fit.stdError} vs ${r.stdError}`).toBe(true);
        expect(close(fit.df, num(r.df)), `${r.covariate} df ${fit.df} vs ${r.df}`).toBe(true);
        checked++;
      }
      expect(checked).toBe(c.expected.rows.length);
    });
  }
});

import { lmRobust } from "../../src/estimators/lm-robust.js";
import { createRng } from "../../src/internal/rng.js";

describe("fitTwoGroup equals lmRobust(x ~ t) to 1e-10", () => {
  type Case = { name: string; n: number; nClusters: number; clusterLevel: boolean; missing: number; seTypes: SeType[] };
  const cases: Case[] = [
    { name: "unclustered, balanced", n: 40, nClusters: 0, clusterLevel: false, missing: 0, seTypes: ["HC2", "HC0", "HC1", "HC3", "classical", "stata"] },
    { name: "unclustered, unbalanced with missing", n: 73, nClusters: 0, clusterLevel: false, missing: 9, seTypes: ["HC2", "HC3", "classical"] },
    { name: "clusters assigned as a whole, unequal sizes", n: 150, nClusters: 18, clusterLevel: true, missing: 7, seTypes: ["CR2", "CR0", "stata"] },
    { name: "clusters with treatment varying inside", n: 120, nClusters: 11, clusterLevel: false, missing: 5, seTypes: ["CR2", "CR0", "stata"] },
    { name: "few large clusters", n: 200, nClusters: 5, clusterLevel: false, missing: 0, seTypes: ["CR2"] },
  ];
  for (const c of cases) {
    it(`${c.name}: estimate, SE and df`, () => {
      const rng = createRng(`two-group-${c.name}`);
      const x = new Float64Array(c.n);
      const t = new Uint8Array(c.n);
      const cl = new Int32Array(c.n);
      const clTreated = Array.from({ length: Math.max(c.nClusters, 1) }, (_, g) => g % 2);
      for (let i = 0; i < c.n; i++) {
        cl[i] = c.nClusters ? (i < c.nClusters ? i : rng.int(c.nClusters)) : 0;
        t[i] = c.clusterLevel ? clTreated[cl[i]!]! : i % 3 === 0 ? 1 : rng.int(2);
        x[i] = 3 + 0.5 * t[i]! + rng.normal() * (1 + t[i]!) + (c.nClusters ? 0.3 * cl[i]! : 0);
      }
      for (let k = 0; k < c.missing; k++) x[rng.int(c.n)] = NaN;
      const arm = Int8Array.from(t);
      const data = { x: Array.from(x, (v) => (Number.isNaN(v) ? null : v)), t: Array.from(t), cl: Array.from(cl, (g) => `g${g}`) };
      for (const seType of c.seTypes) {
        const fast = fitTwoGroup(x, arm, seType, c.nClusters ? cl : null, c.nClusters);
        const full = lmRobust(data, "x ~ t", { seType, ...(c.nClusters ? { clusters: "cl" } : {}) });
        const row = full.coefficients.find((r) => r.term === "t")!;
        expect(Number.isFinite(row.stdError) && Number.isFinite(row.df) && row.stdError > 0).toBe(true);
        expect(close(fast.estimate, row.estimate, 1e-10), `${seType} estimate`).toBe(true);
        expect(close(fast.stdError, row.stdError, 1e-10), `${seType} SE ${fast.stdError} vs ${row.stdError}`).toBe(true);
        expect(close(fast.df, row.df, 1e-10), `${seType} df ${fast.df} vs ${row.df}`).toBe(true);
        expect(fast.nObs).toBe(full.nObs);
      }
    });
  }
});

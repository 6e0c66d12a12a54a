import { afterAll, describe, expect, it } from "vitest";
import { lmRobust } from "../../src/estimators/lm-robust.js";
import { dec, maxRelativeError, near, readRefCsv, reference } from "./lm-reference.js";

const lmCases = reference.cases.filter((c) => c.call.startsWith("lm_robust("));

describe("lmRobust equals estimatr 1.0.0 on the committed reference cases", () => {
  it("has at least 30 reference cases", () => {
    expect(lmCases.length).toBeGreaterThanOrEqual(30);
    expect(reference.packages.estimatr).toBe("1.0.0");
  });
  for (const c of lmCases) {
    it(`${c.id}: ${c.call}`, () => {
      const data = readRefCsv(c.input.data);
      const fit = lmRobust(data, c.input.formula, c.input.options as never);
      const ex = c.expected as Record<string, unknown[]> & Record<string, unknown>;
      const terms = ex.term as string[];
      expect(fit.terms).toEqual(terms);
      const fields = ["estimate", "stdError", "statistic", "df", "pValue", "confLow", "confHigh"] as const;
      fit.coefficients.forEach((row, j) => {
        for (const f of fields) near(row[f], (ex[f] as unknown[])[j], c.rtol, `${c.id} ${row.term} ${f}`);
        expect(row.aliased === true, `${row.term} aliased`).toBe(Number.isNaN(dec((ex.estimate as unknown[])[j])));
      });
      const vt = ex.vcovTerms as string[];
      const V = ex.vcov as unknown[][];
      vt.forEach((a, i) =>
        vt.forEach((b, k) => {
          near(fit.vcov[fit.terms.indexOf(a)]![fit.terms.indexOf(b)]!, V[i]![k], c.rtol, `${c.id} vcov[${a},${b}]`);
        }),
      );
      near(fit.r2, ex.r2, c.rtol, `${c.id} r2`);
      near(fit.adjR2, ex.adjR2, c.rtol, `${c.id} adjR2`);
      if (ex.fStatistic == null) expect(fit.fStatistic).toBeUndefined();
      else {
        const fs = ex.fStatistic as unknown as unknown[];
        near(fit.fStatistic!.value, fs[0], c.rtol, `${c.id} F`);
        expect(fit.fStatistic!.df1).toBe(fs[1]);
        expect(fit.fStatistic!.df2).toBe(fs[2]);
      }
      expect(fit.nObs).toBe(ex.nObs);
      expect(fit.dfResidual).toBe(ex.dfResidual);
      expect(fit.rank).toBe(ex.rank);
      // estimatr reports "stata" without clusters as "HC1"; so does ensayo.
      expect(fit.seType).toBe(ex.seType as unknown as string);
      if (ex.nClusters != null) expect(fit.nClusters).toBe(ex.nClusters);
    });
  }
  for (const c of lmCases.filter((k) => (k as unknown as { truth?: unknown }).truth)) {
    it(`${c.id}: ill-conditioned design equals the exact values (well-conditioned refit mapped back) to 1e-9`, () => {
      const t = (c as unknown as { truth: { estimate: number[]; stdError: number[]; rtol: number } }).truth;
      const fit = lmRobust(readRefCsv(c.input.data), c.input.formula, c.input.options as never);
      fit.coefficients.forEach((row, j) => {
        near(row.estimate, t.estimate[j], t.rtol, `${c.id} ${row.term} estimate (truth)`);
        near(row.stdError, t.stdError[j], t.rtol, `${c.id} ${row.term} stdError (truth)`);
      });
    });
  }
  afterAll(() => {
    // Printed so the report can quote it; the assertions above are what fail.
    process.stdout.write(`lmRobust reference: max relative error ${maxRelativeError().toExponential(2)}\n`);
  });
});

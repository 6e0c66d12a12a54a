import { describe, expect, it } from "vitest";
import { fitTwoGroup } from "../../src/balance/two-group-fit.js";
import { expandCovariates } from "../../src/balance/covariates.js";
import { labelColumn } from "../../src/data/columns.js";
import { factorize } from "../../src/internal/factor.js";
import type { SeType } from "../../src/estimators/types.js";
import { close, loadReference, num, readReferenceCsv } from "./reference.js";

const ref = loadReference();

describe("fitTwoGroup (closed-form x ~ t) against estimatr lm_robust", () => {
  const noFe = ref.cases.filter((c) => c.input.blocks === null);
  it("covers HC2, HC1, CR2 and stata reference cases", () => {
    expect(noFe.map((c) => c.id)).toEqual(expect.arrayContaining(["simple-hc2", "simple-hc1", "clusters-cr2", "clusters-stata"]));
  });
  for (const c of noFe) {
    it(`matches lm_robust estimate, SE and df to 1e-8 in case ${c.id}`, () => {
      const table = readReferenceCsv(c.input.file);
      const arms = factorize(labelColumn(table, c.input.treatment, "test"));
      const clusters = c.input.clusters ? factorize(labelColumn(table, c.input.clusters, "test")) : null;
      const seType = (c.input.seType ?? (clusters ? "CR2" : "HC2")) as SeType;
      const blocks = expandCovariates(table, c.input.covariates, new Set(), "test");
      const columns = blocks.flatMap((b) => b.columns);
      let checked = 0;
      for (const r of c.expected.rows) {
        const armCode = arms.levels.indexOf(r.arm);
        const ctlCode = arms.levels.indexOf(c.input.control);
        const col = columns.find((k) => k.covariate === r.covariate && k.level === r.level)!;
        const n = table.nRows;
        const t = new Uint8Array(n);
        const use = new Uint8Array(n);
        for (let i = 0; i < n; i++) {
          const a = arms.codes[i]!;
          t[i] = a === armCode ? 1 : 0;
          use[i] = (a === armCode || a === ctlCode) && !Number.isNaN(col.values[i]!) ? 1 : 0;
        }
        const fit = fitTwoGroup(col.values, t, use, seType, clusters?.codes ?? null, clusters?.levels.length ?? 0);
        expect(close(fit.estimate, num(r.estimate)), `${r.covariate} estimate`).toBe(true);
        expect(close(fit.stdError, num(r.stdError)), `${r.covariate} ${r.level} SE ${fit.stdError} vs ${r.stdError}`).toBe(true);
        expect(close(fit.df, num(r.df)), `${r.covariate} df ${fit.df} vs ${r.df}`).toBe(true);
        checked++;
      }
      expect(checked).toBe(c.expected.rows.length);
    });
  }
});

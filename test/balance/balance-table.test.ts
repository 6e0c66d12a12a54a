import { describe, expect, it } from "vitest";
import { balanceTable, type BalanceTableOptions } from "../../src/balance/balance-table.js";
import { EnsayoError } from "../../src/errors.js";
import { close, loadReference, num, readReferenceCsv, relErr } from "./reference.js";

const ref = loadReference();
const ROW_FIELDS = [
  "nControl", "nTreatment", "missingControl", "missingTreatment", "meanControl", "meanTreatment", "sdControl", "sdTreatment",
  "difference", "stdDiff", "varianceRatio", "estimate", "stdError", "statistic", "df", "pValue", "confLow", "confHigh",
] as const;
const JOINT_FIELDS = ["nObs", "nDropped", "nClusters", "statistic", "df1", "df2", "pValue", "classicalStatistic", "classicalDf1", "classicalDf2", "classicalPValue"] as const;

function optionsFor(c: (typeof ref.cases)[number]): BalanceTableOptions {
  return {
    treatment: c.input.treatment,
    covariates: c.input.covariates,
    control: c.input.control,
    ...(c.input.blocks ? { blocks: c.input.blocks } : {}),
    ...(c.input.clusters ? { clusters: c.input.clusters } : {}),
    ...(c.input.seType ? { seType: c.input.seType as BalanceTableOptions["seType"] } : {}),
  };
}

describe("balanceTable against estimatr lm_robust and base R (fixtures/reference/balance.json)", () => {
  it("has at least 3 datasets with clusters, blocks, a categorical covariate and missing values", () => {
    const files = new Set(ref.cases.map((c) => c.input.file));
    expect(files.size).toBeGreaterThanOrEqual(3);
    expect(ref.cases.some((c) => c.input.clusters)).toBe(true);
    expect(ref.cases.some((c) => c.input.blocks)).toBe(true);
    expect(ref.cases.some((c) => c.expected.rows.some((r) => r.level !== null))).toBe(true);
    expect(ref.cases.some((c) => c.expected.rows.some((r) => (r.missingControl as number) > 0))).toBe(true);
  });

  let maxErr = 0;
  for (const c of ref.cases) {
    it(`matches case ${c.id} to ${c.rtol}: ${c.call}`, () => {
      const res = balanceTable(readReferenceCsv(c.input.file), optionsFor(c));
      expect(res.kind).toBe("balanceTable");
      expect(res.rows).toHaveLength(c.expected.rows.length);
      for (const e of c.expected.rows) {
        const got = res.rows.find((r) => r.covariate === e.covariate && r.level === e.level && r.arm === e.arm);
        expect(got, `${e.covariate}/${e.level}/${e.arm}`).toBeDefined();
        for (const f of ROW_FIELDS) {
          const want = num(e[f]);
          const have = got![f];
          if (Math.abs(want) > 1e-10) maxErr = Math.max(maxErr, relErr(have, want));
          expect(close(have, want, c.rtol), `${c.id} ${e.covariate}/${e.level} ${f}: ${have} vs ${want}`).toBe(true);
        }
        expect(got!.flag).toBe(Math.abs(got!.stdDiff) > 0.1 || got!.pValue < 0.05);
      }
      expect(res.joint).toHaveLength(c.expected.joint.length);
      for (const e of c.expected.joint) {
        const got = res.joint.find((j) => j.arm === e.arm)!;
        for (const f of JOINT_FIELDS) {
          const want = num(e[f]);
          const have = got[f];
          if (Math.abs(want) > 1e-10) maxErr = Math.max(maxErr, relErr(have, want));
          expect(close(have, want, c.rtol), `${c.id} joint ${f}: ${have} vs ${want}`).toBe(true);
        }
        expect(got.randomizationPValue).toBeNaN();
      }
    });
  }
  it("reports the largest relative error over all reference numbers away from 0 (below 1e-8)", () => {
    // values within 1e-10 of 0 are checked with the absolute floor 1e-12 above
    console.info(`balance reference: max relative error ${maxErr.toExponential(2)}`);
    expect(maxErr).toBeLessThan(1e-8);
  });
});

describe("balanceTable jointTestType 'HTZ' against clubSandwich Wald_test(test = 'HTZ')", () => {
  const htz = (loadReference() as unknown as { htz: { id: string; call: string; input: { file: string; covariates: string[]; blocks: string | null }; expected: Record<string, number>; rtol: number }[] }).htz;
  it("has reference cases with and without blocks", () => {
    expect(htz.map((c) => c.id)).toEqual(["htz-cr2", "htz-cr2-blocks"]);
  });
  for (const c of htz) {
    it(`matches case ${c.id}: ${c.call}`, () => {
      const data = readReferenceCsv(c.input.file);
      const base = { treatment: "z", covariates: c.input.covariates, clusters: "oficina", ...(c.input.blocks ? { blocks: c.input.blocks } : {}) };
      const res = balanceTable(data, { ...base, jointTestType: "HTZ" });
      const j = res.joint[0]!;
      expect(j.test).toBe("HTZ");
      expect(j.nObs).toBe(c.expected.nObs);
      for (const f of ["statistic", "df1", "df2", "pValue"] as const) {
        expect(close(j[f], c.expected[f]!, c.rtol), `${f}: ${j[f]} vs ${c.expected[f]}`).toBe(true);
      }
      // the default robust F is clubSandwich's "Naive-F"
      const naive = balanceTable(data, base).joint[0]!;
      expect(naive.test).toBe("F");
      expect(close(naive.statistic, c.expected.naiveStatistic!, c.rtol)).toBe(true);
      expect(close(naive.pValue, c.expected.naivePValue!, c.rtol)).toBe(true);
    });
  }
  it("throws INVALID_OPTION for HTZ without CR2", () => {
    const data = readReferenceCsv("data/balance-clusters.csv");
    expect(() => balanceTable(data, { treatment: "z", covariates: ["antiguedad"], jointTestType: "HTZ" })).toThrow(/HTZ/);
    expect(() => balanceTable(data, { treatment: "z", covariates: ["antiguedad"], clusters: "oficina", seType: "CR0", jointTestType: "HTZ" })).toThrow(EnsayoError);
  });
});

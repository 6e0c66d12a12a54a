import { describe, expect, it } from "vitest";
import { attritionReport } from "../../src/balance/attrition-report.js";
import { leeBounds } from "../../src/balance/lee-bounds.js";
import { close, loadReference, num, readReferenceCsv } from "./reference.js";
import { errorCode } from "../helpers/errors.js";

interface AttritionCase {
  id: string;
  call: string;
  input: { baseline: string; endline: string; id: string; treatment: string; covariates: string[]; clusters: string; blocks: string | null; control: string };
  expected: {
    counts: Record<string, number>;
    responseRates: { arm: string; nUnits: number; responded: number; responseRate: number }[];
    responseDifference: Record<string, number>;
    differentialAttrition: Record<string, number>;
    respondersBalance: { rows: Record<string, unknown>[]; joint: Record<string, unknown>[] };
  };
  rtol: number;
}
const ref = loadReference() as unknown as { attrition: AttritionCase[] };

describe("attritionReport against estimatr lm_robust (fixtures/reference/balance.json)", () => {
  for (const c of ref.attrition) {
    it(`matches case ${c.id}: ${c.call}`, () => {
      const baseline = readReferenceCsv(c.input.baseline);
      const endline = readReferenceCsv(c.input.endline);
      const rep = attritionReport(baseline, endline, {
        id: c.input.id,
        treatment: c.input.treatment,
        covariates: c.input.covariates,
        clusters: c.input.clusters,
        ...(c.input.blocks ? { blocks: c.input.blocks } : {}),
        control: c.input.control,
        outcome: "puntaje_final",
      });
      expect(rep.kind).toBe("attritionReport");
      expect(rep.counts.baseline).toBe(c.expected.counts.baseline);
      expect(rep.counts.endline).toBe(c.expected.counts.endline);
      expect(rep.counts.matched).toBe(c.expected.counts.matched);
      expect(rep.counts.onlyEndline).toBe(c.expected.counts.onlyEndline);
      expect(rep.unmatchedEndline).toEqual(["9999"]);
      expect(rep.warnings.join(" ")).toMatch(/not in the baseline/);
      for (const e of c.expected.responseRates) {
        const got = rep.responseRates.find((r) => r.arm === e.arm)!;
        expect(got.nUnits).toBe(e.nUnits);
        expect(got.responded).toBe(e.responded);
        expect(close(got.responseRate, e.responseRate, c.rtol)).toBe(true);
        expect(got.attrition).toBeCloseTo(1 - e.responseRate, 12);
      }
      const d = rep.responseDifference[0]!;
      for (const f of ["estimate", "stdError", "df", "pValue"] as const) {
        expect(close(d[f], c.expected.responseDifference[f]!, c.rtol), `responseDifference ${f}: ${d[f]} vs ${c.expected.responseDifference[f]}`).toBe(true);
      }
      const da = rep.differentialAttrition[0]!;
      for (const f of ["nObs", "statistic", "df1", "df2", "pValue", "classicalStatistic", "classicalPValue"] as const) {
        expect(close(da[f], c.expected.differentialAttrition[f]!, c.rtol), `differentialAttrition ${f}: ${da[f]} vs ${c.expected.differentialAttrition[f]}`).toBe(true);
      }
      const bal = rep.respondersBalance!;
      expect(bal.rows).toHaveLength(c.expected.respondersBalance.rows.length);
      for (const e of c.expected.respondersBalance.rows) {
        const got = bal.rows.find((r) => r.covariate === e.covariate && r.level === e.level)!;
        for (const f of ["nControl", "nTreatment", "meanControl", "meanTreatment", "sdControl", "sdTreatment", "stdDiff", "estimate", "stdError", "df", "pValue"] as const) {
          expect(close(got[f], num(e[f]), c.rtol), `responders ${e.covariate} ${f}`).toBe(true);
        }
      }
      const ej = c.expected.respondersBalance.joint[0]!;
      expect(close(bal.joint[0]!.statistic, num(ej.statistic), c.rtol)).toBe(true);
      expect(close(bal.joint[0]!.classicalStatistic, num(ej.classicalStatistic), c.rtol)).toBe(true);
      // Lee bounds: the same numbers as leeBounds on the merged panel
      expect(rep.leeBounds).toHaveLength(1);
      const lb = rep.leeBounds[0]!;
      const ids = new Map<number, number | null>();
      const eid = endline.columns.id as Float64Array;
      const ey = endline.columns.puntaje_final as Float64Array;
      for (let i = 0; i < endline.nRows; i++) ids.set(eid[i]!, Number.isNaN(ey[i]!) ? null : ey[i]!);
      const bid = baseline.columns.id as Float64Array;
      const y = Array.from(bid, (v) => ids.get(v) ?? null);
      const direct = leeBounds({ y, z: Array.from(baseline.columns.z as Float64Array) }, { outcome: "y", treatment: "z" });
      expect(lb.lowerBound).toBeCloseTo(direct.lowerBound, 12);
      expect(lb.upperBound).toBeCloseTo(direct.upperBound, 12);
      expect(lb.trimmedArm).toBe("1"); // the treated arm responds more
      expect(rep.warnings.join(" ")).toMatch(/Lee bounds standard errors treat units as independent/);
    });
  }

  it("works without covariates or outcome (response rates and their difference only)", () => {
    const rep = attritionReport(
      [{ id: 1, z: 0 }, { id: 2, z: 0 }, { id: 3, z: 0 }, { id: 4, z: 1 }, { id: 5, z: 1 }, { id: 6, z: 1 }],
      [{ id: 1, y: 3 }, { id: 2, y: 4 }, { id: 4, y: 5 }, { id: 5, y: 6 }, { id: 6, y: 7 }],
      { id: "id", treatment: "z" },
    );
    expect(rep.responseRates.map((r) => r.responseRate)).toEqual([2 / 3, 1]);
    expect(rep.responseDifference[0]!.estimate).toBeCloseTo(1 / 3, 14);
    expect(rep.respondersBalance).toBeNull();
    expect(rep.differentialAttrition).toEqual([]);
    expect(rep.leeBounds).toEqual([]);
  });

  it("throws MISSING_COLUMN, DUPLICATE_ID, CONDITION_NOT_FOUND, INVALID_OPTION, MISSING_VALUE and ONE_ARM", () => {
    const b = [{ id: 1, z: 0 }, { id: 2, z: 0 }, { id: 3, z: 1 }, { id: 4, z: 1 }];
    const e = [{ id: 1, y: 1 }, { id: 2, y: 2 }, { id: 3, y: 3 }, { id: 4, y: 4 }];
    expect(errorCode(() => attritionReport(b, e, { id: "id", treatment: "z", outcome: "nope" }))).toBe("MISSING_COLUMN");
    expect(errorCode(() => attritionReport(b, [...e, { id: 1, y: 9 }], { id: "id", treatment: "z" }))).toBe("DUPLICATE_ID");
    expect(errorCode(() => attritionReport(b, e, { id: "id", treatment: "z", control: "7" }))).toBe("CONDITION_NOT_FOUND");
    expect(errorCode(() => attritionReport(b, e, { id: "id", treatment: "z", extra: 1 } as never))).toBe("INVALID_OPTION");
    expect(errorCode(() => attritionReport([...b, { id: null, z: 1 }], e, { id: "id", treatment: "z" }))).toBe("MISSING_VALUE");
    expect(errorCode(() => attritionReport(b.map((r) => ({ ...r, z: 1 })), e, { id: "id", treatment: "z" }))).toBe("ONE_ARM");
  });
});

describe("attritionReport with several arms", () => {
  it("compares every arm with control and matches leeBounds on each pair", () => {
    const baseline: Record<string, unknown>[] = [];
    const endline: Record<string, unknown>[] = [];
    const arms = ["control", "mentoria", "taller"];
    for (let i = 0; i < 90; i++) {
      const arm = arms[i % 3]!;
      const x = (i * 37) % 11;
      baseline.push({ id: `U${i}`, grupo: arm, x, sexo: i % 4 < 2 ? "F" : "M" });
      const drop = arm === "control" ? i % 5 === 0 : arm === "taller" ? i % 9 === 0 : i % 7 === 0;
      if (!drop) endline.push({ id: `U${i}`, y: x + (arm === "taller" ? 2 : arm === "mentoria" ? 1 : 0) + ((i * 13) % 5) });
    }
    const rep = attritionReport(baseline, endline, { id: "id", treatment: "grupo", control: "control", covariates: ["x", "sexo"], outcome: "y" });
    expect(rep.arms).toEqual(["control", "mentoria", "taller"]);
    expect(rep.responseRates.map((r) => r.nUnits)).toEqual([30, 30, 30]);
    expect(rep.responseDifference.map((r) => r.arm)).toEqual(["mentoria", "taller"]);
    for (const row of rep.responseDifference) {
      const rate = (a: string) => rep.responseRates.find((r) => r.arm === a)!.responseRate;
      expect(row.estimate).toBeCloseTo(rate(row.arm) - rate("control"), 12);
    }
    expect(rep.differentialAttrition.map((r) => r.arm)).toEqual(["mentoria", "taller"]);
    expect(rep.leeBounds.map((l) => l.arm)).toEqual(["mentoria", "taller"]);
    const y = new Map(endline.map((e) => [e.id, e.y as number]));
    for (const lb of rep.leeBounds) {
      const pair = baseline.filter((b) => b.grupo === "control" || b.grupo === lb.arm);
      const direct = leeBounds({ y: pair.map((b) => y.get(b.id) ?? null), g: pair.map((b) => b.grupo as string) }, { outcome: "y", treatment: "g", control: "control" });
      expect(lb.lowerBound).toBeCloseTo(direct.lowerBound, 12);
      expect(lb.upperStdError).toBeCloseTo(direct.upperStdError, 12);
    }
    expect(rep.respondersBalance!.joint).toHaveLength(2);
  });
});

describe("attritionReport counts every unit the differential-attrition test leaves out", () => {
  it("nDropped = units of the two arms − nObs, with a warning; Lee bounds with blocks say they pool them", () => {
    const baseline = Array.from({ length: 60 }, (_, i) => ({ id: `U${i}`, g: i % 2 ? "t" : "c", x: i % 10 === 0 ? null : i % 7, b: `B${i % 3}` }));
    const endline = baseline.filter((_, i) => i % 4 !== 0).map((u, i) => ({ id: u.id, y: i % 5 }));
    const rep = attritionReport(baseline, endline, { id: "id", treatment: "g", control: "c", covariates: ["x"], blocks: "b", outcome: "y" });
    const d = rep.differentialAttrition[0]!;
    expect(d.nObs).toBe(54);
    expect(d.nDropped).toBe(6);
    expect(d.nObs + d.nDropped).toBe(60);
    expect(rep.warnings).toContain("differential attrition (t): 6 of 60 units left out because a covariate, block or cluster is missing");
    expect(rep.warnings).toContain("Lee bounds pool the blocks: the trimming is done across the whole arm, not within blocks");
    expect(Number.isFinite(d.classicalDf1) && Number.isFinite(d.classicalDf2)).toBe(true);
  });
});

describe("attritionReport and ±Infinity", () => {
  it("warns about a covariate with infinite values counted as missing", () => {
    const baseline = Array.from({ length: 40 }, (_, i) => ({ id: `u${i}`, grupo: i % 2 ? "t" : "control", edad: i === 3 ? Infinity : 20 + ((i * 7) % 13) }));
    const endline = baseline.filter((_, i) => i % 5 !== 0).map((u, i) => ({ id: u.id, y: i }));
    const rep = attritionReport(baseline, endline, { id: "id", treatment: "grupo", control: "control", covariates: ["edad"], outcome: "y" });
    expect(rep.warnings).toContain("'edad': 1 infinite value(s) (±Infinity) are counted as missing");
  });
});

describe("attritionReport when an arm lost every unit", () => {
  const baseline = Array.from({ length: 40 }, (_, i) => ({ id: `u${i}`, g: i % 2 ? "t" : "c", x: (i * 7) % 11, b: i % 4 < 2 ? "B1" : "B2" }));
  const onlyControl = baseline.filter((u) => u.g === "c" && u.id !== "u0").map((u, i) => ({ id: u.id, y: i % 5 }));

  it("returns the response rates and their difference with a warning, not ONE_ARM (covariates, outcome and blocks given)", () => {
    const rep = attritionReport(baseline, onlyControl, { id: "id", treatment: "g", control: "c", covariates: ["x"], outcome: "y", blocks: "b" });
    expect(rep.responseRates).toEqual([
      { arm: "c", nUnits: 20, responded: 19, responseRate: 0.95, attrition: 1 - 0.95 },
      { arm: "t", nUnits: 20, responded: 0, responseRate: 0, attrition: 1 },
    ]);
    expect(rep.responseDifference[0]!.estimate).toBeCloseTo(-0.95, 12);
    expect(rep.respondersBalance).toBeNull();
    expect(rep.leeBounds).toEqual([]);
    expect(rep.warnings).toContain("arm 't' lost every unit (0 of 20 responded): no balance among responders, and no Lee bounds for 't'");
    expect(rep.warnings.join(" ")).not.toMatch(/Lee bounds pool the blocks/); // no bounds were computed
  });

  it("also when the control arm lost every unit, and without covariates", () => {
    const onlyTreated = baseline.filter((u) => u.g === "t").map((u, i) => ({ id: u.id, y: i % 3 }));
    const rep = attritionReport(baseline, onlyTreated, { id: "id", treatment: "g", control: "c", covariates: ["x"], outcome: "y" });
    expect(rep.responseRates.map((r) => r.responded)).toEqual([0, 20]);
    expect(rep.respondersBalance).toBeNull();
    expect(rep.leeBounds).toEqual([]);
    expect(rep.warnings.some((w) => w.startsWith("arm 'c' lost every unit"))).toBe(true);
    expect(attritionReport(baseline, onlyTreated, { id: "id", treatment: "g" }).responseRates.map((r) => r.responseRate)).toEqual([0, 1]);
  });

  it("keeps the balance among responders of the other arms when one of three arms lost every unit", () => {
    const three = baseline.map((u, i) => ({ ...u, g: ["c", "m", "t"][i % 3]! }));
    const end = three.filter((u) => u.g !== "m").map((u, i) => ({ id: u.id, y: i % 4 }));
    const rep = attritionReport(three, end, { id: "id", treatment: "g", control: "c", covariates: ["x"], outcome: "y" });
    expect(rep.responseRates.map((r) => r.responded)).toEqual([14, 0, 13]);
    expect(rep.respondersBalance!.arms).toEqual(["c", "t"]);
    expect(rep.leeBounds.map((l) => l.arm)).toEqual(["t"]);
    expect(rep.warnings).toContain("arm 'm' lost every unit (0 of 13 responded): no balance among responders, and no Lee bounds for 'm'");
  });
});

describe("attritionReport and ids that look alike", () => {
  it("matches NFC and NFD spellings, and warns about near matches with distinguishable ids", () => {
    const baseline = Array.from({ length: 12 }, (_, i) => ({ id: i === 0 ? "Jos\u00e9" : i === 1 ? "00123" : `u${i}`, g: i % 2 ? "t" : "c" }));
    const endline = baseline.map((u, i) => ({ id: i === 0 ? "Jose\u0301" : i === 1 ? "123" : u.id, y: i }));
    const rep = attritionReport(baseline, endline, { id: "id", treatment: "g" });
    expect(rep.counts.matched).toBe(11);
    expect(rep.unmatchedEndline).toEqual(["123"]);
    expect(rep.warnings[0]).toBe('1 endline id(s) are not in the baseline and were not used: "123"');
    expect(rep.warnings).toContainEqual(expect.stringContaining('"00123" ~ "123" (leading zeros)'));
  });
});

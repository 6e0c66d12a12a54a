import { describe, expect, it } from "vitest";
import { standardizedIndex } from "../../src/inference/standardized-index.js";
import { differenceInMeans } from "../../src/estimators/difference-in-means.js";
import { asTable } from "../../src/data/table.js";
import { errorCode } from "../helpers/errors.js";

const data = {
  z: [0, 0, 0, 0, 1, 1, 1, 1],
  a: [1, 2, 3, 4, 3, 4, 5, 6],
  b: [10, 12, 11, 15, 14, null, 16, 13],
  c: [5, 4, 6, 5, 3, 2, 4, null],
};

function controlMeanSd(x: Float64Array, n: number): [number, number] {
  const v = Array.from(x.slice(0, n));
  const m = v.reduce((s, t) => s + t, 0) / n;
  return [m, Math.sqrt(v.reduce((s, t) => s + (t - m) ** 2, 0) / (n - 1))];
}

describe("standardizedIndex", () => {
  it("KLK: with no control value missing, the index has control mean 0, and signs flip an outcome", () => {
    const r = standardizedIndex(data, { outcomes: ["a", "b", "c"], treatment: "z", method: "klk", signs: [1, 1, -1] });
    expect(controlMeanSd(r.index, 4)[0]).toBeCloseTo(0, 14);
    const flipped = standardizedIndex(data, { outcomes: ["a"], treatment: "z", method: "klk", signs: { a: -1 } });
    const plain = standardizedIndex(data, { outcomes: ["a"], treatment: "z", method: "klk" });
    flipped.index.forEach((v, i) => expect(v).toBeCloseTo(-plain.index[i]!, 14));
    expect(r.components.map((c) => c.weight)).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });

  it("averages the outcomes a row has (missing: available), or none unless all (missing: complete)", () => {
    const avail = standardizedIndex(data, { outcomes: ["a", "b"], treatment: "z", method: "klk" });
    const complete = standardizedIndex(data, { outcomes: ["a", "b"], treatment: "z", method: "klk", missing: "complete" });
    expect(avail.nPartial).toBe(1);
    expect(Number.isNaN(avail.index[5]!)).toBe(false);
    expect(Number.isNaN(complete.index[5]!)).toBe(true);
    expect(complete.nIndexMissing).toBe(1);
    expect(complete.warnings.join(" ")).toMatch(/1 of 8 rows have a missing index/);
  });

  it("restandardize: the index has control mean 0 and SD 1", () => {
    const r = standardizedIndex(data, { outcomes: ["a", "b", "c"], treatment: "z", method: "anderson", restandardize: true });
    const [m, sd] = controlMeanSd(r.index, 4);
    expect(m).toBeCloseTo(0, 12);
    expect(sd).toBeCloseTo(1, 12);
  });

  it("adds the index as a column that estimators accept, leaving the caller's data alone", () => {
    const table = asTable(data);
    const r = standardizedIndex(table, { outcomes: ["a", "b"], treatment: "z", method: "klk", name: "indice" });
    expect(r.table.names).toEqual(["z", "a", "b", "c", "indice"]);
    expect(table.names).toEqual(["z", "a", "b", "c"]);
    expect(Array.from(r.table.columns.indice as Float64Array)).toEqual(Array.from(r.index));
    const dim = differenceInMeans(r.table, { outcome: "indice", treatment: "z" });
    expect(dim.coefficients[0]!.estimate).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify({ ...r, table: null })).kind).toBe("standardizedIndex");
    expect(structuredClone(r).index).toEqual(r.index);
  });

  it("Anderson: two outcomes weigh (s22 − s12, s11 − s12)/(s11 + s22 − 2 s12), rowSums of the inverse covariance", () => {
    const d = { z: data.z, y1: [0.3, -1.2, 0.8, 1.9, -0.4, 0.1, 2.2, -0.7], y2: [1.1, 0.4, -0.9, 0.2, 1.5, -1.3, 0.6, 0.9] };
    const zOf = (o: string) => standardizedIndex(d, { outcomes: [o], treatment: "z", method: "klk" }).index;
    const [z1, z2] = [zOf("y1"), zOf("y2")];
    const mean = (v: Float64Array) => v.reduce((s, t) => s + t, 0) / v.length;
    const cov = (u: Float64Array, v: Float64Array) => u.reduce((s, t, i) => s + (t - mean(u)) * (v[i]! - mean(v)), 0) / (u.length - 1);
    const [s11, s22, s12] = [cov(z1!, z1!), cov(z2!, z2!), cov(z1!, z2!)];
    const r = standardizedIndex(d, { outcomes: ["y1", "y2"], treatment: "z", method: "anderson" });
    expect(r.components[0]!.weight).toBeCloseTo((s22 - s12) / (s11 + s22 - 2 * s12), 12);
    expect(r.covariance).toEqual({ sample: "all", nUsed: 8 });
    const one = standardizedIndex(d, { outcomes: ["y1"], treatment: "z", method: "anderson" });
    one.index.forEach((v, i) => expect(v).toBeCloseTo(z1![i]!, 14));
  });

  it("refuses bad input with a coded error", () => {
    const base = { outcomes: ["a", "b"], treatment: "z", method: "klk" } as const;
    expect(errorCode(() => standardizedIndex(data, { ...base, name: "a" }))).toBe("INVALID_OPTION");
    expect(errorCode(() => standardizedIndex(data, { ...base, signs: [1] }))).toBe("INVALID_OPTION");
    expect(errorCode(() => standardizedIndex(data, { ...base, signs: [1, 2] }))).toBe("INVALID_OPTION");
    expect(errorCode(() => standardizedIndex(data, { ...base, signs: { q: 1 } }))).toBe("INVALID_OPTION");
    expect(errorCode(() => standardizedIndex(data, { ...base, control: 3 }))).toBe("CONDITION_NOT_FOUND");
    expect(errorCode(() => standardizedIndex({ ...data, z: [0, 1, 2, 0, 1, 2, 0, 1] }, base))).toBe("INVALID_OPTION");
    expect(errorCode(() => standardizedIndex({ ...data, a: [2, 2, 2, 2, 1, 1, 1, 1] }, base))).toBe("NOT_ESTIMABLE");
    expect(errorCode(() => standardizedIndex({ ...data, d: data.a.map((v) => 2 * v) }, { ...base, outcomes: ["a", "d"], method: "anderson" }))).toBe("NOT_ESTIMABLE");
    expect(errorCode(() => standardizedIndex(data, { ...base, outcomes: ["nope"] }))).toBe("MISSING_COLUMN");
    expect(errorCode(() => standardizedIndex(data, { ...base, weights: "w" } as never))).toBe("INVALID_OPTION");
  });
});

import { describe, expect, it } from "vitest";
import { differenceInMeans } from "../../src/estimators/difference-in-means.js";
import { errorCode as code } from "../helpers/errors.js";

const anchor = { y: [3.1, 2.4, 5.0, 4.2, 6.3, 5.9, 7.7, 6.1, 4.4, 8.0], z: [0, 0, 0, 0, 0, 0, 0, 1, 1, 1] };


describe("differenceInMeans: standard design", () => {
  it("warns, naming the term, when a constant outcome makes the standard error 0 (no variation within arms)", () => {
    const y = [3, 3, 3, 3, 3, 3, 3, 3];
    const z = [1, 0, 1, 0, 1, 0, 1, 0];
    const b = [1, 1, 1, 1, 2, 2, 2, 2];
    for (const r of [differenceInMeans({ y, z }, { outcome: "y", treatment: "z" }), differenceInMeans({ y, z, b }, { outcome: "y", treatment: "z", blocks: "b" })]) {
      expect(r.coefficients[0]!.stdError).toBe(0);
      expect(r.coefficients[0]!.statistic).toBeNaN();
      expect(r.warnings.some((w) => /standard error of 'z' is 0/.test(w) && /does not vary within the treatment arms/.test(w))).toBe(true);
    }
  });
  it("matches ANCHORS Appendix A (estimate 1.223810, Neyman SE 1.255311, Welch df 3.971866)", () => {
    const r = differenceInMeans(anchor, { outcome: "y", treatment: "z" });
    const row = r.coefficients[0]!;
    expect(row.term).toBe("z");
    expect(row.estimate).toBeCloseTo(1.22381, 5);
    expect(row.stdError).toBeCloseTo(1.255311, 6);
    expect(row.df).toBeCloseTo(3.971866, 6);
    expect(r.design).toBe("Standard");
    expect(r.nObs).toBe(10);
    expect(r.control).toBe("0");
    expect(r.treated).toBe("1");
  });

  it("accepts rows as records and text arms, labelling the term with treated as estimatr", () => {
    const rows = anchor.y.map((y, i) => ({ y, arm: anchor.z[i] ? "T" : "C" }));
    const r = differenceInMeans(rows, { outcome: "y", treatment: "arm" });
    expect(r.coefficients[0]!.term).toBe("armT");
    expect(r.coefficients[0]!.estimate).toBeCloseTo(1.22381, 5);
  });

  it("reverses the sign when control and treated are swapped", () => {
    const r = differenceInMeans(anchor, { outcome: "y", treatment: "z", control: 1, treated: 0 });
    expect(r.coefficients[0]!.estimate).toBeCloseTo(-1.22381, 5);
    expect(r.coefficients[0]!.term).toBe("z0");
  });

  it("compares the two named arms of a three-arm trial: mean(treated) − mean(control)", () => {
    const d = { y: [1, 2, 3, 10, 11, 12, 20, 22, 24], arm: ["a", "a", "a", "b", "b", "b", "c", "c", "c"] };
    const r = differenceInMeans(d, { outcome: "y", treatment: "arm", control: "a", treated: "c" });
    const row = r.coefficients[0]!;
    expect(row.estimate).toBe(20);
    // Neyman: var(a) = 1, var(c) = 4, n = 3 each: SE = sqrt(1/3 + 4/3)
    expect(row.stdError).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(r.nObs).toBe(6);
  });

  it("drops incomplete rows listwise and counts them by column", () => {
    const d = { y: [...anchor.y, NaN, 4], z: [...anchor.z, 1, null] };
    const r = differenceInMeans(d, { outcome: "y", treatment: "z" });
    expect(r.nObs).toBe(10);
    expect(r.dropped.total).toBe(2);
    expect(r.dropped.byColumn).toEqual({ y: 1, z: 1 });
    expect(r.coefficients[0]!.estimate).toBeCloseTo(1.22381, 5);
  });

  it('refuses missing values with na: "error" (MISSING_VALUE)', () => {
    const d = { y: [...anchor.y, NaN], z: [...anchor.z, 1] };
    expect(code(() => differenceInMeans(d, { outcome: "y", treatment: "z", na: "error" }))).toBe("MISSING_VALUE");
  });

  it("gives a NaN SE with a warning when an arm has a single unit", () => {
    const r = differenceInMeans({ y: [1, 2, 3, 9], z: [0, 0, 0, 1] }, { outcome: "y", treatment: "z" });
    expect(r.coefficients[0]!.estimate).toBe(7);
    expect(r.coefficients[0]!.stdError).toBeNaN();
    expect(r.warnings.join(" ")).toMatch(/single unit/);
  });

  it("gives a NaN SE with a warning when a weighted arm has a single unit (leverage 1)", () => {
    const r = differenceInMeans({ y: [1, 2, 3, 9], z: [0, 0, 0, 1], w: [1, 2, 1, 3] }, { outcome: "y", treatment: "z", weights: "w" });
    expect(r.coefficients[0]!.estimate).toBeCloseTo(9 - 2, 12);
    expect(r.coefficients[0]!.stdError).toBeNaN();
    expect(r.warnings.join(" ")).toMatch(/single unit/);
  });

  it("keeps the estimate when one arm is constant (SE from the other arm only)", () => {
    const r = differenceInMeans({ y: [5, 5, 5, 1, 3], z: [0, 0, 0, 1, 1] }, { outcome: "y", treatment: "z" });
    expect(r.coefficients[0]!.estimate).toBe(-3);
    expect(r.coefficients[0]!.stdError).toBeCloseTo(1, 12); // var(1,3) = 2, /2 = 1
    expect(r.coefficients[0]!.df).toBeCloseTo(1, 12);
  });
});

describe("differenceInMeans: blocked designs", () => {
  it("uses the matched-pair variance when every block holds 2 units (GG 3.16, df B − 1)", () => {
    // pair differences 1, 3, 2 → estimate 2, SE = sqrt(((−1)² + 1² + 0²) / (3·2))
    const d = { y: [0, 1, 0, 3, 5, 7], z: [0, 1, 0, 1, 0, 1], p: ["a", "a", "b", "b", "c", "c"] };
    const r = differenceInMeans(d, { outcome: "y", treatment: "z", blocks: "p" });
    expect(r.design).toBe("Matched-pair");
    expect(r.coefficients[0]!.estimate).toBeCloseTo(2, 12);
    expect(r.coefficients[0]!.stdError).toBeCloseTo(Math.sqrt(2 / 6), 12);
    expect(r.coefficients[0]!.df).toBe(2);
    expect(r.nBlocks).toBe(3);
  });

  it("uses the Pashley–Miratrix eq. 5 variance for equal-sized small blocks (design 'Small blocks', df K − 1)", () => {
    // three blocks of 3, one treated each: τ = 2 − 0.5, 4 − 1, 3 − 0 = 1.5, 3, 3
    const d = {
      y: [2, 0, 1, 4, 1, 1, 3, 0, 0],
      z: [1, 0, 0, 1, 0, 0, 1, 0, 0],
      b: ["a", "a", "a", "b", "b", "b", "c", "c", "c"],
    };
    const r = differenceInMeans(d, { outcome: "y", treatment: "z", blocks: "b" });
    expect(r.design).toBe("Small blocks");
    expect(r.coefficients[0]!.estimate).toBeCloseTo(2.5, 12);
    // Σ (τ − 2.5)² = 1 + 0.25 + 0.25 = 1.5; / (3·2) = 0.25 → SE 0.5
    expect(r.coefficients[0]!.stdError).toBeCloseTo(0.5, 12);
    expect(r.coefficients[0]!.df).toBe(2);
  });

  it("combines big and small blocks by squared sample share with a Welch df ('Hybrid blocked')", () => {
    // small: two pairs (τ = 1 and 3); big: block of 4 with 2 + 2, τ = 2, Neyman var = 0.5/2 + 0.5/2 = 0.5
    const d = {
      y: [0, 1, 0, 3, 0, 1, 2, 3],
      z: [0, 1, 0, 1, 0, 0, 1, 1],
      b: ["p", "p", "q", "q", "B", "B", "B", "B"],
    };
    const r = differenceInMeans(d, { outcome: "y", treatment: "z", blocks: "b" });
    expect(r.design).toBe("Hybrid blocked");
    expect(r.coefficients[0]!.estimate).toBeCloseTo((2 * 1 + 2 * 3 + 4 * 2) / 8, 12);
    // V_small: τ_S = 2, Σ(τ − 2)² / (2·1) = 1, × (4/8)² = 0.25; V_big = 0.5 × (4/8)² = 0.125
    const v = 0.25 + 0.125;
    expect(r.coefficients[0]!.stdError).toBeCloseTo(Math.sqrt(v), 12);
    // df = v² / (0.125²/(4 − 2) + 0.25²/(2 − 1))
    expect(r.coefficients[0]!.df).toBeCloseTo((v * v) / (0.125 ** 2 / 2 + 0.25 ** 2 / 1), 12);
  });

  it("gives the same answer for numeric block ids (whole, fractional, negative) as for text ids", () => {
    const y = [1, 3, 2, 5, 4, 4, 6, 9, 2, 2, 3, 7];
    const z = [0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1];
    const text = ["a", "a", "a", "a", "b", "b", "b", "b", "c", "c", "c", "c"];
    const ref = differenceInMeans({ y, z, b: text }, { outcome: "y", treatment: "z", blocks: "b" });
    for (const ids of [[10, 2, 7], [1.5, -3, 2.25]]) {
      const b = text.map((t) => ids["abc".indexOf(t)]!);
      const r = differenceInMeans({ y, z, b }, { outcome: "y", treatment: "z", blocks: "b" });
      expect(r.coefficients[0]).toEqual(ref.coefficients[0]);
      expect(r.design).toBe("Blocked");
    }
  });

  it("refuses a design with exactly one block that has a single unit in an arm (SINGLETON_BLOCK)", () => {
    const d = { y: [1, 2, 3, 1, 2, 3, 4], z: [1, 0, 0, 1, 1, 0, 0], b: ["s", "s", "s", "B", "B", "B", "B"] };
    expect(code(() => differenceInMeans(d, { outcome: "y", treatment: "z", blocks: "b" }))).toBe("SINGLETON_BLOCK");
  });

  it("refuses unequal small blocks when one holds half or more of their units (SINGLETON_BLOCK)", () => {
    // small blocks of 2 and 6 units: 6 ≥ 8/2
    const d = {
      y: [1, 2, 1, 2, 3, 4, 5, 6],
      z: [1, 0, 1, 0, 0, 0, 0, 0],
      b: ["p", "p", "s", "s", "s", "s", "s", "s"],
    };
    expect(code(() => differenceInMeans(d, { outcome: "y", treatment: "z", blocks: "b" }))).toBe("SINGLETON_BLOCK");
  });

  it("refuses a block without one of the conditions (SINGLETON_BLOCK)", () => {
    const d = { y: [1, 2, 3, 4, 5], z: [0, 1, 0, 1, 1], b: ["a", "a", "b", "b", "c"] };
    expect(code(() => differenceInMeans(d, { outcome: "y", treatment: "z", blocks: "b" }))).toBe("SINGLETON_BLOCK");
  });

  it("refuses weights with matched pairs, as estimatr (SINGLETON_BLOCK)", () => {
    const d = { y: [0, 1, 0, 3], z: [0, 1, 0, 1], p: ["a", "a", "b", "b"], w: [1, 2, 1, 2] };
    expect(code(() => differenceInMeans(d, { outcome: "y", treatment: "z", blocks: "p", weights: "w" }))).toBe("SINGLETON_BLOCK");
  });

  it("gives block-clustered designs with one cluster in an arm of a block an error, not a small SE (SINGLETON_BLOCK)", () => {
    // block A: one treated cluster (k1) and two control clusters; block B: two of each
    const d = {
      y: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14],
      z: [1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0],
      cl: ["k1", "k1", "k2", "k2", "k3", "k3", "k4", "k4", "k5", "k5", "k6", "k6", "k7", "k7"],
      b: ["A", "A", "A", "A", "A", "A", "B", "B", "B", "B", "B", "B", "B", "B"],
    };
    expect(code(() => differenceInMeans(d, { outcome: "y", treatment: "z", blocks: "b", clusters: "cl" }))).toBe("SINGLETON_BLOCK");
    expect(() => differenceInMeans(d, { outcome: "y", treatment: "z", blocks: "b", clusters: "cl" })).toThrow(/block 'A' has 2 cluster\(s\) in '0' and 1 in '1'/);
  });
});

describe("differenceInMeans: clusters and weights", () => {
  it("throws TREATMENT_VARIES_IN_CLUSTER when a cluster holds both arms", () => {
    const d = { y: [1, 2, 3, 4], z: [0, 1, 0, 1], cl: ["a", "a", "b", "b"] };
    expect(code(() => differenceInMeans(d, { outcome: "y", treatment: "z", clusters: "cl" }))).toBe("TREATMENT_VARIES_IN_CLUSTER");
  });

  it("throws NONNESTED_CLUSTERS when a cluster spans two blocks", () => {
    const d = { y: [1, 2, 3, 4, 5, 6], z: [0, 0, 1, 1, 0, 1], cl: ["a", "a", "b", "b", "c", "d"], b: ["A", "B", "A", "A", "B", "B"] };
    expect(code(() => differenceInMeans(d, { outcome: "y", treatment: "z", clusters: "cl", blocks: "b" }))).toBe("NONNESTED_CLUSTERS");
  });

  it("matches the CR2 SE of the textbook formula for equal clusters (= Neyman on cluster means)", () => {
    // equal-size clusters: CR2 for [1, t] equals the Neyman SE on cluster means
    const d = {
      y: [1, 2, 2, 4, 3, 5, 6, 7, 8, 8, 5, 9],
      z: [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1],
      cl: ["a", "a", "b", "b", "c", "c", "d", "d", "e", "e", "f", "f"],
    };
    const r = differenceInMeans(d, { outcome: "y", treatment: "z", clusters: "cl" });
    const m0 = [1.5, 3, 4];
    const m1 = [6.5, 8, 7];
    const v = (a: number[]) => {
      const mu = a.reduce((s, x) => s + x, 0) / a.length;
      return a.reduce((s, x) => s + (x - mu) ** 2, 0) / (a.length - 1);
    };
    expect(r.design).toBe("Clustered");
    expect(r.nClusters).toBe(6);
    expect(r.coefficients[0]!.stdError).toBeCloseTo(Math.sqrt(v(m0) / 3 + v(m1) / 3), 12);
  });

  it("warns that the CR2 SE is too small when an arm has a single cluster", () => {
    const d = { y: [1, 2, 3, 4, 5, 6, 7, 8], z: [1, 1, 0, 0, 0, 0, 0, 0], cl: ["a", "a", "b", "b", "c", "c", "d", "d"] };
    const r = differenceInMeans(d, { outcome: "y", treatment: "z", clusters: "cl" });
    expect(r.warnings.join(" ")).toMatch(/Condition '1' has a single cluster/);
    expect(Number.isFinite(r.coefficients[0]!.stdError)).toBe(true);
  });

  it("throws ONE_ARM when every cluster is in the same arm", () => {
    const d = { y: [1, 2, 3], z: [1, 1, 1], cl: ["a", "a", "a"] };
    expect(code(() => differenceInMeans(d, { outcome: "y", treatment: "z", clusters: "cl" }))).toBe("ONE_ARM");
  });

  it("treats zero-weight rows as absent (same result as dropping them)", () => {
    const w = [1, 2, 1, 0, 1, 2, 1, 1, 2, 1];
    const a = differenceInMeans({ ...anchor, w }, { outcome: "y", treatment: "z", weights: "w" });
    const keep = w.map((v, i) => (v > 0 ? i : -1)).filter((i) => i >= 0);
    const b = differenceInMeans(
      { y: keep.map((i) => anchor.y[i]!), z: keep.map((i) => anchor.z[i]!), w: keep.map((i) => w[i]!) },
      { outcome: "y", treatment: "z", weights: "w" },
    );
    expect(a.coefficients[0]).toEqual(b.coefficients[0]);
    expect(a.nObs).toBe(9);
    expect(a.weighted).toBe(true);
    expect(a.warnings.join(" ")).toMatch(/zero weight/);
  });

  it("with equal weights gives the unweighted estimate and the HC2 SE (= Neyman), df n − 2", () => {
    const r = differenceInMeans({ ...anchor, w: anchor.y.map(() => 3) }, { outcome: "y", treatment: "z", weights: "w" });
    expect(r.coefficients[0]!.estimate).toBeCloseTo(1.22381, 5);
    expect(r.coefficients[0]!.stdError).toBeCloseTo(1.255311, 6);
    expect(r.coefficients[0]!.df).toBe(8);
  });

  it("throws BAD_WEIGHTS for negative weights", () => {
    const w = anchor.y.map((_, i) => (i === 2 ? -1 : 1));
    expect(code(() => differenceInMeans({ ...anchor, w }, { outcome: "y", treatment: "z", weights: "w" }))).toBe("BAD_WEIGHTS");
  });
});

describe("differenceInMeans: refusals", () => {
  it("throws ONE_ARM when the treatment takes one value", () => {
    expect(code(() => differenceInMeans({ y: [1, 2, 3], z: [1, 1, 1] }, { outcome: "y", treatment: "z" }))).toBe("ONE_ARM");
  });
  it("throws CONDITION_NOT_FOUND for a condition not in the data, naming the values present", () => {
    expect(code(() => differenceInMeans(anchor, { outcome: "y", treatment: "z", treated: 2 }))).toBe("CONDITION_NOT_FOUND");
    expect(() => differenceInMeans(anchor, { outcome: "y", treatment: "z", treated: 2 })).toThrow(/'0', '1'/);
  });
  it("asks for control and treated with more than two arms (INVALID_OPTION)", () => {
    const d = { y: [1, 2, 3, 4, 5, 6], arm: ["a", "a", "b", "b", "c", "c"] };
    expect(code(() => differenceInMeans(d, { outcome: "y", treatment: "arm" }))).toBe("INVALID_OPTION");
  });
  it("validates options (INVALID_OPTION) and columns (MISSING_COLUMN with a near match)", () => {
    expect(code(() => differenceInMeans(anchor, { outcome: "y", treatment: "z", alpha: 1.5 }))).toBe("INVALID_OPTION");
    expect(code(() => differenceInMeans(anchor, { outcome: "y", treatment: "z", bogus: 1 } as never))).toBe("INVALID_OPTION");
    expect(() => differenceInMeans(anchor, { outcome: "yy", treatment: "z" })).toThrow(/did you mean 'y'/);
  });
  it("refuses R's condition1 and condition2 as unknown options, with a hint naming control and treated", () => {
    const hint = (options: object) => {
      try {
        differenceInMeans(anchor, { outcome: "y", treatment: "z", ...options } as never);
      } catch (e) {
        return [(e as { code: string }).code, (e as { hint?: string }).hint ?? ""];
      }
      return ["none", ""];
    };
    expect(hint({ condition1: 0 })).toEqual(["INVALID_OPTION", expect.stringMatching(/^Did you mean `control`\?/)]);
    expect(hint({ condition2: 1 })).toEqual(["INVALID_OPTION", expect.stringMatching(/^Did you mean `treated`\?/)]);
  });
});

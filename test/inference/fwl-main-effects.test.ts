import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createRng, declareRa, lmRobust, riTest, type Table } from "../../src/index.js";
import { armSums } from "../../src/inference/fwl-arm-sums.js";
import { mainEffectCoefficients } from "../../src/inference/fwl-main-effects.js";
import { fwlStatistics } from "../../src/inference/fwl-statistic.js";

type SeType = "classical" | "HC0" | "HC1" | "HC2" | "HC3" | "CR0" | "stata";

/** A small pilot: three covariates, two blocks of offices, 3 arms (a control and two treatments). */
function pilot(n: number, seed: number) {
  const rng = createRng(seed);
  const x1 = Array.from({ length: n }, () => rng.normal());
  const x2 = Array.from({ length: n }, () => rng.next() * 3);
  const blk = Array.from({ length: n }, (_, i) => ["norte", "centro", "sur"][i % 3]!);
  const office = Array.from({ length: n }, (_, i) => `of${Math.floor(i / 3)}`);
  const z = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : 0));
  const arm3 = Array.from({ length: n }, (_, i) => ["control", "sms", "visita"][(i + Math.floor(i / 3)) % 3]!);
  const y = x1.map((v, i) => 0.3 * z[i]! + v - 0.5 * x2[i]! + (blk[i] === "sur" ? 1 : 0) + rng.normal());
  return { y, z, x1, x2, blk, office, arm3 };
}

/** Relative difference of two null distributions, elementwise (NaN must match NaN). */
function maxRelDiff(a: readonly number[], b: readonly number[]): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]!) || Number.isNaN(b[i]!)) {
      expect(Number.isNaN(a[i]!)).toBe(Number.isNaN(b[i]!));
      continue;
    }
    worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
  }
  return worst;
}

/** The same riTest with the statistic refitted by lmRobust on every permuted dataset (the general path). */
function refitStatistic(formula: string, terms: string[], value: "estimate" | "t" | "F", opts: { seType?: SeType; clusters?: string }) {
  return (table: Table): number => {
    const fit = lmRobust(table, formula, { seType: opts.seType ?? "HC2", ...(opts.clusters ? { clusters: opts.clusters } : {}) });
    const idx = terms.map((t) => fit.terms.indexOf(t));
    if (value === "estimate") return fit.coefficients[idx[0]!]!.estimate;
    if (value === "t") return fit.coefficients[idx[0]!]!.statistic;
    // Wald F of the terms: b' V⁻¹ b / q for q = 2
    const b = idx.map((i) => fit.coefficients[i]!.estimate);
    const [v00, v01, v11] = [fit.vcov[idx[0]!]![idx[0]!]!, fit.vcov[idx[0]!]![idx[1]!]!, fit.vcov[idx[1]!]![idx[1]!]!];
    const det = v00 * v11 - v01 * v01;
    return (b[0]! * b[0]! * v11 - 2 * b[0]! * b[1]! * v01 + b[1]! * b[1]! * v00) / det / 2;
  };
}

describe("riTest's factored lmRobust statistics (per-arm sums)", () => {
  const n = 36;
  const d = pilot(n, 11);
  const base = { outcome: "y", sims: 100, seed: 5, maxExact: 0, confidence: false } as const;

  const twoArm: [string, { treatment: string; design: ReturnType<typeof declareRa> }][] = [
    ["complete assignment, half treated", { treatment: "z", design: declareRa({ n, m: 18 }) }],
    ["complete assignment, more treated than control (the control arm is summed)", { treatment: "z", design: declareRa({ n, m: 25 }) }],
    ["blocked assignment", { treatment: "z", design: declareRa({ blocks: d.blk, m: 5 }) }],
    ["cluster assignment", { treatment: "z", design: declareRa({ clusters: d.office, m: 6 }) }],
  ];
  for (const [label, design] of twoArm) {
    for (const formula of ["y ~ z + x1 + x2", "y ~ z + x1 + blk"]) {
      for (const tau of [0, 0.75]) {
        it(`equals lmRobust refitted per assignment for the coefficient: ${label}, ${formula}, sharp null ${tau}`, () => {
          const opts = { ...base, ...design, sharpNull: tau };
          const fast = riTest(d, { ...opts, statistic: { estimator: "lmRobust", formula } });
          const slow = riTest(d, { ...opts, statistic: refitStatistic(formula, ["z"], "estimate", {}) });
          expect(fast.rows[0]!.estimate).toBeCloseTo(slow.rows[0]!.estimate, 12);
          expect(maxRelDiff(fast.nullDistribution[0]!.values, slow.nullDistribution[0]!.values)).toBeLessThan(1e-12);
          expect(fast.rows[0]!.pValue).toBe(slow.rows[0]!.pValue);
        });
      }
    }
  }

  for (const seType of ["classical", "HC0", "HC1", "HC2", "HC3"] as const) {
    it(`equals lmRobust refitted per assignment for the ${seType} t statistic, under a sharp null of 0.5`, () => {
      const opts = { ...base, treatment: "z", design: declareRa({ blocks: d.blk, m: 7 }), sharpNull: 0.5 };
      const formula = "y ~ z + x1 + x2 + blk";
      const fast = riTest(d, { ...opts, statistic: { estimator: "lmRobust", formula, value: "t", seType } });
      const slow = riTest(d, { ...opts, statistic: refitStatistic(formula, ["z"], "t", { seType }) });
      expect(fast.rows[0]!.estimate).toBeCloseTo(slow.rows[0]!.estimate, 11);
      expect(maxRelDiff(fast.nullDistribution[0]!.values, slow.nullDistribution[0]!.values)).toBeLessThan(1e-12);
    });
  }

  for (const seType of ["CR0", "stata"] as const) {
    it(`equals lmRobust refitted per assignment for the clustered ${seType} t statistic`, () => {
      const opts = { ...base, treatment: "z", design: declareRa({ clusters: d.office, m: 6 }), sharpNull: -0.3 };
      const fast = riTest(d, { ...opts, statistic: { estimator: "lmRobust", formula: "y ~ z + x1", value: "t", seType, clusters: "office" } });
      const slow = riTest(d, { ...opts, statistic: refitStatistic("y ~ z + x1", ["z"], "t", { seType, clusters: "office" }) });
      expect(maxRelDiff(fast.nullDistribution[0]!.values, slow.nullDistribution[0]!.values)).toBeLessThan(1e-12);
    });
  }

  describe("with three arms", () => {
    const design = declareRa({ n, conditions: ["control", "sms", "visita"], mEach: [8, 10, 18] });
    // the observed assignment is one of the design's (the largest arm is a treatment)
    const labels = ["control", "sms", "visita"];
    const d3 = { ...d, arm3: Array.from(design.conduct(2).arm, (a) => labels[a]!) };
    const opts = { ...base, treatment: "arm3", design, sharpNull: [0.2, -0.4] };
    it("equals lmRobust refitted per assignment for each arm's coefficient (the largest arm is not control)", () => {
      const fast = riTest(d3, { ...opts, statistic: { estimator: "lmRobust", formula: "y ~ arm3 + x1 + x2" } });
      for (const [a, term] of ["arm3sms", "arm3visita"].entries()) {
        const slow = riTest(d3, { ...opts, statistic: refitStatistic("y ~ arm3 + x1 + x2", [term], "estimate", {}) });
        expect(maxRelDiff(fast.nullDistribution[a]!.values, slow.nullDistribution[0]!.values)).toBeLessThan(1e-12);
      }
    });
    it("equals lmRobust refitted per assignment for each arm's HC2 t statistic", () => {
      const fast = riTest(d3, { ...opts, sharpNull: 0.3, statistic: { estimator: "lmRobust", formula: "y ~ arm3 + x1", value: "t" } });
      for (const [a, term] of ["arm3sms", "arm3visita"].entries()) {
        const slow = riTest(d3, { ...opts, sharpNull: 0.3, statistic: refitStatistic("y ~ arm3 + x1", [term], "t", { seType: "HC2" }) });
        expect(maxRelDiff(fast.nullDistribution[a]!.values, slow.nullDistribution[0]!.values)).toBeLessThan(1e-12);
      }
    });
    for (const seType of ["classical", "HC1"] as const) {
      it(`equals the Wald F of lmRobust's ${seType} variance refitted per assignment`, () => {
        const fast = riTest(d3, { ...opts, statistic: { estimator: "waldF", formula: "y ~ arm3 + x1 + blk", seType } });
        const slow = riTest(d3, { ...opts, statistic: refitStatistic("y ~ arm3 + x1 + blk", ["arm3sms", "arm3visita"], "F", { seType }) });
        expect(maxRelDiff(fast.nullDistribution[0]!.values, slow.nullDistribution[0]!.values)).toBeLessThan(1e-11);
      });
    }
  });

  it("gives the coefficients of the unit-by-unit factored path (the one lmLin keeps) on random designs", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 4 }), fc.integer({ min: 12, max: 60 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 1e6 }),
        (k, n2, p, seed) => {
          const rng = createRng(seed);
          const ones = new Float64Array(n2).fill(1);
          const xs = Array.from({ length: p }, () => Float64Array.from({ length: n2 }, () => rng.normal()));
          const ys = [Float64Array.from({ length: n2 }, () => rng.normal() * 3 + 1), Float64Array.from({ length: n2 }, () => rng.next())];
          const control = rng.int(k);
          const arms = Array.from({ length: k }, (_, j) => j).filter((j) => j !== control);
          const setup = { covariates: [ones, ...xs], k, control, arms, outcomes: ys };
          const fast = mainEffectCoefficients(setup);
          const unitPass = fwlStatistics({ ...setup, interactions: [], value: "estimate", seType: "HC2", clusters: null, nClusters: 0 });
          const a = new Float64Array(fast.k);
          const b = new Float64Array(fast.k);
          for (let rep = 0; rep < 5; rep++) {
            const arm = Int32Array.from({ length: n2 }, (_, i) => (i < k ? i : rng.int(k))); // every arm has a unit
            a.fill(NaN);
            b.fill(NaN);
            fast.evaluate(arm, a);
            unitPass.evaluate(arm, b);
            expect(maxRelDiff(Array.from(a), Array.from(b))).toBeLessThan(1e-12);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("sums columns over each arm's units as a direct sum does, whichever arm is the largest", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 1, max: 80 }), fc.integer({ min: 0, max: 19 }), fc.integer({ min: 1, max: 1e6 }), (k, n2, width, seed) => {
        const rng = createRng(seed);
        const cols = Array.from({ length: width }, () => Float64Array.from({ length: n2 }, () => rng.normal() * 10));
        const s = armSums(cols, k, n2);
        for (let rep = 0; rep < 3; rep++) {
          const arm = Int32Array.from({ length: n2 }, () => rng.int(k));
          s.run(arm);
          for (let a = 0; a < k; a++) {
            expect(s.counts[a]).toBe(arm.filter((v) => v === a).length);
            for (let c = 0; c < width; c++) {
              let direct = 0;
              let scale = 0;
              for (let i = 0; i < n2; i++) if (arm[i] === a) direct += cols[c]![i]!;
              for (let i = 0; i < n2; i++) scale += Math.abs(cols[c]![i]!);
              expect(Math.abs(s.sums[a * width + c]! - direct)).toBeLessThanOrEqual(1e-13 * (scale + 1));
            }
          }
        }
      }),
      { numRuns: 80 },
    );
  });

  it("leaves the statistic NaN, not infinite, when an assignment leaves an arm empty", () => {
    const ones = new Float64Array(6).fill(1);
    const s = mainEffectCoefficients({ covariates: [ones], k: 2, control: 0, arms: [1], outcomes: [Float64Array.of(1, 2, 3, 4, 5, 6)] });
    const out = new Float64Array(1).fill(NaN);
    s.evaluate(new Int32Array(6), out);
    expect(out[0]).toBeNaN();
  });
});

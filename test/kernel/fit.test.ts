import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { fitLeastSquares } from "../../src/kernel/fit.js";
import { named as atBoundary } from "../../src/internal/boundary.js";
import { firstStage, secondStageInput } from "../../src/kernel/two-stage.js";
import { SE_TYPE_NAMES } from "../../src/kernel/se-types.js";
import { lmRobust } from "../../src/estimators/lm-robust.js";
import { ivRobust } from "../../src/estimators/iv-robust.js";
import { EnsayoError } from "../../src/errors.js";
import { createRng } from "../../src/internal/rng.js";

const kernelDir = fileURLToPath(new URL("../../src/kernel/", import.meta.url));

function data(n: number) {
  const rng = createRng(11);
  const x = new Float64Array(n), z = new Float64Array(n), d = new Float64Array(n), y = new Float64Array(n), g = new Int32Array(n), w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = rng.normal();
    z[i] = i % 2;
    d[i] = z[i]! * (rng.next() < 0.8 ? 1 : 0);
    g[i] = i % 12;
    w[i] = 0.5 + rng.next();
    y[i] = 1 + 0.5 * d[i]! + 0.3 * x[i]! + rng.normal() + 0.2 * g[i]!;
  }
  return { x, z, d, y, g, w, ones: new Float64Array(n).fill(1) };
}

describe("the least-squares kernel works on arrays only", () => {
  it("imports nothing but the math, the error class, the public boundary (for resolveSeType) and its own modules (no Table, formula or estimator)", () => {
    for (const file of readdirSync(kernelDir).filter((f) => f.endsWith(".ts"))) {
      const source = readFileSync(join(kernelDir, file), "utf8");
      for (const m of source.matchAll(/from "([^"]+)"/g)) expect(`${file}: ${m[1]}`).toMatch(/: (\.\/[\w-]+|\.\.\/math\/[\w-]+|\.\.\/errors|\.\.\/internal\/boundary)\.js$/);
    }
  });

  const n = 120;
  const v = data(n);
  const table = { y: v.y, x: v.x, z: v.z, d: v.d, g: Array.from(v.g), w: v.w };
  for (const seType of SE_TYPE_NAMES) {
    const clustered = seType === "CR0" || seType === "CR2" || seType === "stata";
    it(`gives lmRobust's numbers bit for bit from the same arrays (${seType}${clustered ? ", clustered" : ""}, weighted)`, () => {
      const fit = fitLeastSquares({
        y: v.y,
        n,
        cols: [v.ones, v.z, v.x],
        intercept: true,
        weights: v.w,
        ...(clustered ? { clusters: v.g, nClusters: 12 } : {}),
        seType: seType === "stata" && !clustered ? "HC1" : seType,
      });
      const ref = lmRobust(table, "y ~ z + x", { seType, weights: "w", ...(clustered ? { clusters: "g" } : {}) });
      expect(Array.from(fit.estimate)).toEqual(ref.coefficients.map((c) => c.estimate));
      expect(fit.vcov).toEqual(ref.vcov);
      expect(fit.r2).toBe(ref.r2);
    });
  }

  it("is two-stage least squares when given the projected regressors and the structural ones (ivRobust's numbers)", () => {
    const Z = new Float64Array(n * 3);
    Z.set(v.ones, 0);
    Z.set(v.z, n);
    Z.set(v.x, 2 * n);
    const X = new Float64Array(n * 3);
    X.set(v.ones, 0);
    X.set(v.d, n);
    X.set(v.x, 2 * n);
    const stage1 = firstStage(Z, n, 3, X, 3, undefined);
    expect(stage1.rank).toBe(3);
    const fit = fitLeastSquares(secondStageInput({ y: v.y, n, intercept: true, clusters: v.g, nClusters: 12, seType: "CR2" }, X, stage1.fitted, 3));
    const ref = ivRobust(table, "y ~ d + x | z + x", { clusters: "g" });
    expect(Array.from(fit.estimate)).toEqual(ref.coefficients.map((c) => c.estimate));
    expect(fit.vcov).toEqual(ref.vcov);
    expect(Array.from(fit.df)).toEqual(ref.coefficients.map((c) => c.df));
  });

  it("raises errors without a function name, and the public boundary adds it", () => {
    const zero = new Float64Array(4);
    const bare = () => fitLeastSquares({ y: Float64Array.of(1, 2, 3, 4), n: 4, cols: [zero], intercept: false, seType: "HC2" });
    expect(bare).toThrow(/^every regressor is zero or collinear/);
    let named: unknown;
    try {
      atBoundary("lmRobust", bare);
    } catch (e) {
      named = e;
    }
    expect(named).toBeInstanceOf(EnsayoError);
    expect((named as EnsayoError).code).toBe("NOT_ESTIMABLE");
    expect((named as EnsayoError).message).toBe("lmRobust: every regressor is zero or collinear. Check the design columns");
    expect((named as EnsayoError).fn).toBe("lmRobust");
  });
});

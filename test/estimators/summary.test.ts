import { describe, expect, it } from "vitest";
import { lmRobust } from "../../src/estimators/lm-robust.js";
import { summary } from "../../src/estimators/summary.js";
import { readRefCsv } from "./ref-csv.js";

const main = readRefCsv("lm-main.csv");

describe("summary", () => {
  it("prints the call, SE type, n, every term with its numbers, and R²/F", () => {
    const fit = lmRobust(main, "y ~ z + x1", { clusters: "cl" });
    const text = summary(fit);
    expect(text).toMatch(/^lmRobust: y ~ z \+ x1 {3}\(SE CR2, n = 80, clusters = 20\)/);
    expect(text).toMatch(/95% low/);
    const zRow = text.split("\n").find((l) => l.startsWith("z "))!;
    expect(zRow).toContain(String(Number(fit.coefficients[1]!.estimate.toPrecision(5))));
    expect(text).toMatch(/R² 0\.\d+, adjusted/);
    expect(text).toMatch(/F [\d.]+ on 2 and 19 df/);
  });
  it("marks aliased terms and prints warnings", () => {
    const text = summary(lmRobust(main, "y ~ z + x1 + x1dup"));
    expect(text).toMatch(/x1dup\s+\(aliased\)/);
    expect(text).toMatch(/warning: .*x1dup/);
  });
  it("aligns columns: every table line has the same length", () => {
    const lines = summary(lmRobust(main, "y ~ z + region")).split("\n").slice(2, 7);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });
});

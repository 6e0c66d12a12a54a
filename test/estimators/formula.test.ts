import { describe, expect, it } from "vitest";
import { parseFormula } from "../../src/estimators/formula.js";
import { EnsayoError } from "../../src/errors.js";

const rhs = (f: string) => parseFormula(f).parts[0]!;

describe("parseFormula reads R formulas", () => {
  it("main effects, outcome and intercept", () => {
    const f = parseFormula("y ~ x1 + x2");
    expect(f.outcome).toBe("y");
    expect(f.parts[0]).toEqual({ terms: [["x1"], ["x2"]], intercept: true });
    expect(f.variables).toEqual(["x1", "x2"]);
  });
  it("* expands to main effects and the interaction; terms ordered by degree", () => {
    expect(rhs("y ~ a * b + c").terms).toEqual([["a"], ["b"], ["c"], ["a", "b"]]);
    expect(rhs("y ~ a * b * c").terms).toEqual([["a"], ["b"], ["c"], ["a", "b"], ["a", "c"], ["b", "c"], ["a", "b", "c"]]);
  });
  it(": gives the interaction only, with variables in formula order and duplicates merged", () => {
    expect(rhs("y ~ x + z:x").terms).toEqual([["x"], ["x", "z"]]); // R: "x" "x:z"
    expect(rhs("y ~ z:x + x:z").terms).toEqual([["z", "x"]]);
    expect(rhs("y ~ (a + b):c").terms).toEqual([["a", "c"], ["b", "c"]]);
  });
  it("- 1, + 0 and 0 + remove the intercept; - term removes a term", () => {
    expect(rhs("y ~ x - 1").intercept).toBe(false);
    expect(rhs("y ~ x + 0").intercept).toBe(false);
    expect(rhs("y ~ 0 + x").intercept).toBe(false);
    expect(rhs("y ~ -1 + x").intercept).toBe(false);
    expect(rhs("y ~ a * b - a:b").terms).toEqual([["a"], ["b"]]);
    expect(rhs("y ~ x + 1").intercept).toBe(true);
  });
  it("accepts accented names, dots, underscores and backticks", () => {
    expect(rhs("puntaje ~ año + región_2 + x.1").terms).toEqual([["año"], ["región_2"], ["x.1"]]);
    expect(rhs("y ~ `nota final` + z").terms).toEqual([["nota final"], ["z"]]);
  });
  it("splits regressors and instruments at |", () => {
    const f = parseFormula("y ~ d + x | z + x");
    expect(f.parts.map((p) => p.terms)).toEqual([[["d"], ["x"]], [["z"], ["x"]]]);
  });
  it("one-sided formulas have no outcome", () => {
    expect(parseFormula("~ x1 + x2").outcome).toBeNull();
  });
});

describe("parseFormula points at the broken character (FORMULA_PARSE)", () => {
  const position = (f: string) => {
    try {
      parseFormula(f);
    } catch (e) {
      expect(e).toBeInstanceOf(EnsayoError);
      expect((e as EnsayoError).code).toBe("FORMULA_PARSE");
      return Number((e as EnsayoError).column);
    }
    throw new Error("no error");
  };
  it("a trailing operator", () => expect(position("y ~ x +")).toBe(8));
  it("a doubled operator", () => expect(position("y ~ x + + z")).toBe(9));
  it("no tilde", () => expect(position("y x")).toBe(4));
  it("a bad character", () => expect(position("y ~ x $ z")).toBe(7));
  it("an unclosed parenthesis", () => expect(position("y ~ (a + b")).toBe(11));
  it("a number other than 0 or 1", () => expect(position("y ~ x + 2")).toBe(9));
  it("the message shows the formula with a caret", () => {
    expect(() => parseFormula("y ~ x +")).toThrow(/y ~ x \+\n {7}\^/);
  });
});

import { describe, expect, it } from "vitest";
import { checkValue, parseArgv } from "../../src/cli/args.js";
import { UsageError } from "../../src/cli/exit-codes.js";
import { FLAGS } from "../../src/cli/flags.js";

function usage(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof UsageError) return e.message;
    throw e;
  }
  throw new Error("expected a UsageError");
}

describe("command-line flags", () => {
  it("matches choice values ignoring letter case and gives them back as the library spells them", () => {
    expect(checkValue("se", FLAGS.se, "hc2")).toBe("HC2");
    expect(checkValue("se", FLAGS.se, "Cr2")).toBe("CR2");
    expect(checkValue("design", FLAGS.design, "CLUSTER")).toBe("cluster");
    expect(checkValue("locale", FLAGS.locale, "es-py")).toBe("es-PY");
    expect(checkValue("solve-for", FLAGS["solve-for"], "clusterSize")).toBe("cluster-size");
    expect(checkValue("solve-for", FLAGS["solve-for"], "N-Clusters")).toBe("n-clusters");
  });

  it("refuses a choice outside its values, naming them and the nearest one", () => {
    expect(usage(() => checkValue("se", FLAGS.se, "HC4"))).toBe("--se must be one of classical, HC0, HC1, HC2, HC3, CR0, CR2, stata, none; got 'HC4' (did you mean HC0?)");
  });

  it("checks numbers: finite, whole where counts are, within their range", () => {
    expect(checkValue("alpha", FLAGS.alpha, "0.1")).toBe(0.1);
    expect(usage(() => checkValue("alpha", FLAGS.alpha, "0,1"))).toMatch(/^--alpha must be a number \(use a decimal point: 0\.5\); got '0,1'$/);
    expect(usage(() => checkValue("alpha", FLAGS.alpha, "1"))).toBe("--alpha must be greater than 0 and less than 1; got 1");
    expect(usage(() => checkValue("m", FLAGS.m, "2.5"))).toBe("--m must be a whole number; got '2.5'");
    expect(usage(() => checkValue("icc", FLAGS.icc, "-0.1"))).toBe("--icc must be at least 0 and less than 1; got -0.1");
  });

  it("splits lists on commas and refuses empty items", () => {
    expect(checkValue("covariates", FLAGS.covariates, "edad, sexo")).toEqual(["edad", "sexo"]);
    expect(usage(() => checkValue("covariates", FLAGS.covariates, "edad,,sexo"))).toMatch(/comma-separated list/);
  });

  it("suggests the nearest flag of the command for an unknown one", () => {
    expect(usage(() => parseArgv(["dim", "f.csv", "--clustrs", "x"], ["clusters", "outcome"], "dim"))).toBe("unknown flag '--clustrs' for dim (did you mean --clusters?)");
    expect(usage(() => parseArgv(["dim", "f.csv", "--cluster", "x"], ["clusters", "outcome"], "dim"))).toBe("unknown flag '--cluster' for dim (did you mean --clusters?)");
    expect(usage(() => parseArgv(["dim", "--zzz"], ["clusters"], "dim"))).toBe("unknown flag '--zzz' for dim");
  });

  it("says that power counts clusters with --n-clusters (one meaning per flag)", () => {
    expect(usage(() => parseArgv(["power", "--clusters", "48"], ["n-clusters"], "power"))).toMatch(/did you mean --n-clusters/);
    expect(usage(() => parseArgv(["power", "--blocks", "4"], ["n-blocks"], "power"))).toMatch(/did you mean --n-blocks/);
  });

  it("names a known flag that the command does not take", () => {
    expect(usage(() => parseArgv(["power", "--se", "HC2"], ["alpha"], "power"))).toBe("'--se' is not a flag of power");
  });

  it("reads --flag=value, short flags, negative numbers and '--', and refuses a flag given twice or without a value", () => {
    const p = parseArgv(["power", "--effect=-0.2", "-h", "--alpha", "0.1"], ["effect", "alpha", "help"]);
    expect(p.values).toEqual({ effect: -0.2, help: true, alpha: 0.1 });
    expect(parseArgv(["read", "--", "--odd.csv"], []).positionals).toEqual(["read", "--odd.csv"]);
    expect(usage(() => parseArgv(["x", "--alpha", "0.1", "--alpha", "0.2"], ["alpha"]))).toBe("--alpha is given twice");
    expect(usage(() => parseArgv(["x", "--alpha"], ["alpha"]))).toBe("--alpha needs a value (A)");
    expect(usage(() => parseArgv(["x", "--outcome", "--alpha", "1"], ["outcome", "alpha"]))).toBe("--outcome needs a value (COL)");
  });
});

import { describe, expect, it } from "vitest";
import { EnsayoError } from "../../src/errors.js";
import { named, namedAsync, nameError, namedVisiting } from "../../src/internal/boundary.js";

const thrown = (f: () => unknown): EnsayoError => {
  try {
    f();
  } catch (e) {
    return e as EnsayoError;
  }
  throw new Error("did not throw");
};

describe("named: the public function's name is added at the boundary", () => {
  it("prefixes an unnamed EnsayoError's message and records the name in `fn`, keeping the same object", () => {
    const inner = new EnsayoError("ONE_ARM", "treatment 'z' takes a single value", { column: "z", hint: "Check the column" });
    const e = thrown(() => named("differenceInMeans", () => { throw inner; }));
    expect(e).toBe(inner);
    expect(e.fn).toBe("differenceInMeans");
    expect(e.message).toBe("differenceInMeans: treatment 'z' takes a single value. Check the column");
    expect(e.code).toBe("ONE_ARM");
    expect(e.column).toBe("z");
  });

  it("keeps the innermost name when one public function calls another", () => {
    const e = thrown(() => named("pilotAnalyze", () => named("lmRobust", () => { throw new EnsayoError("NOT_ESTIMABLE", "no terms"); })));
    expect(e.fn).toBe("lmRobust");
    expect(e.message).toBe("lmRobust: no terms");
  });

  it("does not prefix a message that already starts with the name", () => {
    const e = thrown(() => named("lmRobust", () => { throw new EnsayoError("INVALID_OPTION", "lmRobust: `alpha` must be in (0, 1)"); }));
    expect(e.message).toBe("lmRobust: `alpha` must be in (0, 1)");
    expect(e.fn).toBe("lmRobust");
  });

  it("passes other errors through unchanged", () => {
    const other = new TypeError("not ours");
    expect(thrown(() => named("lmRobust", () => { throw other; }))).toBe(other);
    expect(nameError("text", "lmRobust")).toBe("text");
  });

  it("names an EnsayoError of another copy of ensayo (an Error named EnsayoError with a code), not an Error merely named so", () => {
    const foreign = Object.assign(new Error("the file is empty"), { name: "EnsayoError", code: "EMPTY_FILE" });
    expect(thrown(() => named("parseCsv", () => { throw foreign; })).message).toBe("parseCsv: the file is empty");
    const codeless = Object.assign(new Error("x"), { name: "EnsayoError" });
    expect(thrown(() => named("parseCsv", () => { throw codeless; })).message).toBe("x");
  });

  it("keeps a stack that was never read in step with the message", () => {
    const e = thrown(() => named("parseCsv", () => { throw new EnsayoError("EMPTY_FILE", "the file is empty"); }));
    expect(e.stack!.split("\n")[0]).toBe("EnsayoError: parseCsv: the file is empty");
  });

  it("returns the body's value when nothing is thrown", () => {
    expect(named("f", () => 42)).toBe(42);
  });

  it("names the rejection of an asynchronous body", async () => {
    await expect(namedAsync("readCsvFile", async () => { throw new EnsayoError("EMPTY_FILE", "the file is empty"); })).rejects.toMatchObject({
      fn: "readCsvFile",
      message: "readCsvFile: the file is empty",
    });
    await expect(namedAsync("readCsvFile", async () => 1)).resolves.toBe(1);
  });

  it("namedVisiting names the method's own errors but passes the caller's callback errors through unnamed", () => {
    const own = thrown(() => namedVisiting("simulate", () => 0, () => { throw new EnsayoError("INVALID_OPTION", "`k` must be a whole number"); }));
    expect(own.fn).toBe("simulate");
    expect(own.message).toBe("simulate: `k` must be a whole number");
    const inner = new EnsayoError("NOT_ESTIMABLE", "no variation");
    const fromVisit = thrown(() => named("riTest", () => namedVisiting("simulate", () => { throw inner; }, (visit) => visit())));
    expect(fromVisit).toBe(inner);
    expect(fromVisit.fn).toBe("riTest");
    expect(fromVisit.message).toBe("riTest: no variation");
    expect(namedVisiting("forEachPermutation", (x: number) => x * 2, (visit) => visit(21))).toBe(42);
  });
});

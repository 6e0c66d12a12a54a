import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as zm from "zod/mini";
import { parseOptions } from "../../src/internal/options.js";
import { ownRecord } from "../../src/internal/records.js";
import { EnsayoError } from "../../src/errors.js";

const Schema = z.object({ alpha: z.number().gt(0).lt(1).default(0.05), seType: z.enum(["HC2", "CR2"]).optional() }).strict();

describe("parseOptions", () => {
  it("fills defaults and returns the parsed options", () => {
    expect(parseOptions(Schema, {}, "fn")).toEqual({ alpha: 0.05 });
    expect(parseOptions(Schema, undefined, "fn")).toEqual({ alpha: 0.05 });
  });
  it("throws INVALID_OPTION naming the function, the option and the value received", () => {
    try {
      parseOptions(Schema, { alpha: 5 }, "lmRobust");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(EnsayoError);
      const err = e as EnsayoError;
      expect(err.code).toBe("INVALID_OPTION");
      expect(err.message).toMatch(/^lmRobust: `alpha`.*\(got 5\)/);
      expect(err.column).toBe("alpha");
      expect(err.value).toBe(5);
    }
  });
  it("says a required option left out is required (not an invalid value of it)", () => {
    const Required = zm.strictObject({ design: zm.enum(["individual", "cluster"]), n: zm.number() });
    expect(() => parseOptions(Required, {}, "planTrial")).toThrowError(
      /^planTrial: `design` is required \(Invalid option: expected one of "individual"\|"cluster"\); `n` is required \(Invalid input: expected number, received undefined\)\./,
    );
    expect(() => parseOptions(Required, { design: "x", n: 1 }, "planTrial")).toThrowError(/^planTrial: `design`: Invalid option: expected one of "individual"\|"cluster" \(got 'x'\)/);
  });
  it("refuses unknown option names instead of ignoring them", () => {
    expect(() => parseOptions(Schema, { alpah: 0.1 }, "fn")).toThrowError(/alpah/);
  });
});

describe("the hint of a refused option value", () => {
  it("reads the same from parseOptions and from a record option checked key by key (ownRecord)", () => {
    let fromSchema: EnsayoError | undefined;
    let fromRecord: EnsayoError | undefined;
    try {
      parseOptions(Schema, { alpha: 5 }, "lmRobust");
    } catch (e) {
      fromSchema = e as EnsayoError;
    }
    try {
      ownRecord({}, JSON.parse('{"__proto__": 5}'), zm.array(zm.string()), "levels");
    } catch (e) {
      fromRecord = e as EnsayoError;
    }
    expect(fromRecord?.code).toBe("INVALID_OPTION");
    expect(fromSchema?.hint).toBe("See the function's documentation for its options");
    expect(fromRecord?.hint).toBe(fromSchema?.hint);
  });
});

import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseOptions } from "../../src/internal/options.js";
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
  it("refuses unknown option names instead of ignoring them", () => {
    expect(() => parseOptions(Schema, { alpah: 0.1 }, "fn")).toThrowError(/alpah/);
  });
});

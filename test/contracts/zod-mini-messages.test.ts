// zod/mini loads no locale, so without care every message would read "Invalid input". This file never
// imports the classic "zod" (which would load English for the whole process), so it sees what a
// browser app using zod/mini sees.
import * as z from "zod/mini";
import { describe, expect, it } from "vitest";
import { parseCsv, powerTTest } from "../../src/index.js";

const message = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected a throw");
};

describe("zod's messages without the classic zod loaded", () => {
  it("are English in option errors", () => {
    expect(z.config().localeError).toBeUndefined(); // nothing loaded a locale in this file
    expect(message(() => powerTTest({ d: 0.5, power: 1.5 }))).toMatch(/^powerTTest: `power`: Too big: expected number to be <1 \(got 1\.5\)/);
  });
  it("are English for cells that fail a zod/mini schema given to parseCsv", () => {
    const schema = z.object({ a: z.number(), b: z.number().check(z.gte(10)) });
    expect(message(() => parseCsv("a,b\n1,2\n", { schema }))).toMatch(/line 2, column 'b': '2' — Too small: expected number to be >=10/);
  });
  it("follow the program's own zod locale when it set one", () => {
    const before = z.config().localeError;
    z.config(z.locales.es());
    try {
      expect(message(() => powerTTest({ d: 0.5, power: 1.5 }))).toMatch(/^powerTTest: `power`: Demasiado grande/);
    } finally {
      z.config({ localeError: before });
    }
  });
});

// ensayo's options speak zod's English without loading zod's `en` locale (issue #14's 15 kB budget for
// powerTTest alone): every issue ensayo's own option schemas can raise must read exactly as zod's
// `en` locale writes it. The issues come from real zod/mini parses, not from hand-made objects.
import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";
import { describe, expect, it } from "vitest";
import { englishMessage, optionMessages } from "../../src/internal/option-messages.js";

const zodEnglish = en().localeError;

/** Every issue zod raises for `input` against `schema`, without messages filled in by any map. */
function issuesOf(schema: z.core.$ZodType, input: unknown): z.core.$ZodRawIssue[] {
  const raw: z.core.$ZodRawIssue[] = [];
  z.safeParse(schema, input, { error: (issue) => (raw.push(issue), undefined) }).error?.issues; // zod finalizes issues when they are read
  return raw;
}

class Point {}

const cases: [string, z.core.$ZodType, unknown][] = [
  ["number given a string", z.number(), "a"],
  ["number given NaN", z.number(), NaN],
  ["number given Infinity", z.number(), Infinity],
  ["number given null", z.number(), null],
  ["number given an array", z.number(), [1]],
  ["number given a class instance", z.number(), new Point()],
  ["number given a Date", z.number(), new Date(0)],
  ["number given a boolean", z.number(), true],
  ["integer given a fraction", z.int(), 1.5],
  ["boolean given a number", z.boolean(), 1],
  ["nan given a number", z.nan(), 1],
  ["enum of several", z.enum(["HC0", "HC2", "stata"]), "hc9"],
  ["enum of one", z.enum(["only"]), "x"],
  ["literal number", z.literal(3), 4],
  ["greater than", z.number().check(z.gt(0)), 0],
  ["at least", z.number().check(z.gte(10)), 2],
  ["less than", z.number().check(z.lt(1)), 5],
  ["at most", z.number().check(z.lte(1)), 5],
  ["positive", z.number().check(z.positive()), -1],
  ["non-negative", z.number().check(z.nonnegative()), -1],
  ["string min length", z.string().check(z.minLength(1)), ""],
  ["string max length", z.string().check(z.maxLength(2)), "abc"],
  ["array min length", z.array(z.string()).check(z.minLength(2)), ["a"]],
  ["array element", z.array(z.number()), [1, "b"]],
  ["multiple of", z.number().check(z.multipleOf(2)), 3],
  ["strict object, one unknown key", z.strictObject({ a: z.number() }), { a: 1, b: 2 }],
  ["strict object, two unknown keys", z.strictObject({ a: z.number() }), { a: 1, b: 2, c: 3 }],
  ["union", z.union([z.string(), z.number()]), true],
  ["record key", z.record(z.enum(["a"]), z.number()), { b: 1 }],
  ["map value", z.map(z.string(), z.number()), new Map([["a", "b"]])],
  ["tuple", z.tuple([z.number()]), ["a"]],
  ["instanceof", z.instanceof(Point), {}],
  ["regex", z.string().check(z.regex(/^a+$/)), "b"],
];

describe("englishMessage (zod's English for ensayo's own option schemas)", () => {
  for (const [name, schema, input] of cases)
    it(`words the issues of ${name} as zod's en locale does`, () => {
      const issues = issuesOf(schema, input);
      expect(issues.length).toBeGreaterThan(0);
      for (const issue of issues) expect(englishMessage(issue)).toBe(zodEnglish(issue));
    });
  it("defers to the program's own zod locale when one is configured", () => {
    const before = z.config().localeError;
    z.config(z.locales.es());
    try {
      expect(z.safeParse(z.number(), "a", { error: optionMessages }).error?.issues[0]?.message).toMatch(/^Entrada inválida/);
    } finally {
      z.config({ localeError: before });
    }
  });
});

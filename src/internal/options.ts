/**
 * Options are validated once, at the public boundary, with a zod schema; a
 * failure becomes an `INVALID_OPTION` EnsayoError naming the function and option.
 */
import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";
import { EnsayoError, showValue } from "../errors.js";

let english: z.core.$ZodErrorMap | undefined;

/**
 * zod's messages in English unless the program configured its own (`z.config(...)`): `zod/mini`
 * loads no locale, so without this every message would read "Invalid input".
 *
 * @example
 * ```ts
 * z.safeParse(z.number(), "a", { error: zodMessages }).error?.issues[0]?.message; // "Invalid input: expected number, received string"
 * ```
 */
export const zodMessages: z.core.$ZodErrorMap = (issue) => {
  const global = z.config();
  return global.customError?.(issue) ?? global.localeError?.(issue) ?? (english ??= en().localeError)(issue);
};

/**
 * Parse `options` with `schema`, or throw `INVALID_OPTION` naming each bad option.
 *
 * @example
 * ```ts
 * const opts = parseOptions(MySchema, options, "completeRa");
 * ```
 */
export function parseOptions<S extends z.core.$ZodType>(schema: S, options: unknown, fn: string): z.output<S> {
  const result = z.safeParse(schema, options ?? {}, { error: zodMessages });
  if (result.success) return result.data;
  const issues = result.error.issues;
  const parts = issues.slice(0, 5).map((issue) => {
    const path = issue.path.map(String).join(".");
    const value = getPath(options, issue.path as PropertyKey[]);
    return `${path ? `\`${path}\`` : "options"}: ${issue.message}` + (value !== undefined ? ` (got ${showValue(value)})` : "");
  });
  const first = issues[0];
  const firstValue = first ? getPath(options, first.path as PropertyKey[]) : undefined;
  throw new EnsayoError("INVALID_OPTION", `${fn}: ${parts.join("; ")}`, {
    ...(first && first.path.length ? { column: first.path.map(String).join(".") } : {}),
    ...(firstValue !== undefined ? { value: firstValue } : {}),
    issues,
    hint: "Check the option names and values in the documentation of " + fn,
  });
}

function getPath(obj: unknown, path: PropertyKey[]): unknown {
  let cur: unknown = obj;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    if (!Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

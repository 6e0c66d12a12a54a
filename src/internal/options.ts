/**
 * Options are validated once, at the public boundary, with a zod schema; a
 * failure becomes an `INVALID_OPTION` EnsayoError naming the function and option.
 */
import type { $ZodType, output } from "zod/v4/core";
import { EnsayoError, showValue } from "../errors.js";

/**
 * Parse `options` with `schema`, or throw `INVALID_OPTION` naming each bad option.
 *
 * @example
 * ```ts
 * const opts = parseOptions(MySchema, options, "completeRa");
 * ```
 */
// Typed on zod's core so that classic `zod` and `zod/mini` schemas are both accepted (both have `safeParse`).
export function parseOptions<S extends $ZodType & { safeParse(value: unknown): ParseResult<output<S>> }>(schema: S, options: unknown, fn: string): output<S> {
  const result = schema.safeParse(options ?? {});
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

type ParseResult<T> =
  | { success: true; data: T; error?: undefined }
  | { success: false; data?: undefined; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };

function getPath(obj: unknown, path: PropertyKey[]): unknown {
  let cur: unknown = obj;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    if (!Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/**
 * Record options keyed by user labels (column names, levels), read with every own key kept.
 */
import * as z from "zod/mini";
import { EnsayoError, showValue } from "../errors.js";
import { OPTION_HINT, optionMessages } from "./option-messages.js";

/**
 * A record option with every key the caller gave, as a null-prototype object.
 *
 * zod's `z.record` output silently leaves out a key named `__proto__` (and does not check its
 * value), yet a column may be called that. This returns the parsed entries plus every own
 * enumerable key of the caller's object that the parsed record lacks, each value checked with
 * `valueSchema` (so `__proto__` is validated like any other key). Keys are never looked up on a
 * prototype. Returns `undefined` when the option was not given.
 *
 * @param parsed - the option as `parseOptions` returned it.
 * @param given - the option as the caller passed it (`options?.levels`).
 * @param valueSchema - the record's value schema.
 * @param option - the option's name, for messages.
 * @throws EnsayoError `INVALID_OPTION` when a value zod skipped is invalid.
 * @example
 * ```ts
 * const given = JSON.parse('{"__proto__": ["b", "a"]}');
 * ownRecord({}, given, z.array(z.string()), "levels"); // { __proto__: ["b", "a"] } (null prototype)
 * ```
 */
export function ownRecord<T>(
  parsed: Readonly<Record<string, T>> | undefined,
  given: unknown,
  valueSchema: z.core.$ZodType<T>,
  option: string,
): Record<string, T> | undefined {
  if (parsed === undefined) return undefined;
  const out = Object.create(null) as Record<string, T>;
  for (const key of Object.keys(parsed)) out[key] = parsed[key]!;
  if (given === null || typeof given !== "object") return out;
  for (const key of Object.keys(given)) {
    if (Object.prototype.hasOwnProperty.call(out, key)) continue;
    const value = (given as Record<string, unknown>)[key];
    const r = z.safeParse(valueSchema, value, { error: optionMessages });
    if (!r.success) {
      const issue = r.error.issues[0];
      throw new EnsayoError("INVALID_OPTION", `\`${option}.${key}\`: ${issue ? issue.message : "invalid value"} (got ${showValue(value)})`, {
        column: `${option}.${key}`,
        value,
        issues: r.error.issues,
        hint: OPTION_HINT,
      });
    }
    out[key] = r.data;
  }
  return out;
}

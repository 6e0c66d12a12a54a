/**
 * zod's English issue messages for ensayo's own option schemas, without zod's English locale.
 *
 * `zod/mini` loads no locale, and zod's `en` locale is 2.7 kB minified (≈ 1 kB gzip), most of it names
 * of string formats (email, UUID, IPv6 …) that no options schema uses. This map writes the same
 * sentences as zod's `en` for every issue an options schema can raise (a test checks them against
 * zod's), so a browser bundle of one function does not carry the locale. Cells checked against a
 * caller's own zod schema (`parseCsv({ schema })`) still get zod's full locale (`zodMessages`).
 */
import * as z from "zod/mini";

type Issue = z.core.$ZodRawIssue;

/**
 * The hint of every refused option value (`parseOptions`, record options): the message already starts
 * with the public function's name, which the boundary adds, so the hint need not repeat it.
 *
 * @example
 * ```ts
 * OPTION_HINT; // "See the function's documentation for its options"
 * ```
 */
export const OPTION_HINT = "See the function's documentation for its options";

const UNITS: Readonly<Record<string, string>> = { string: "characters", file: "bytes", array: "items", set: "items", map: "entries" };

/** What zod calls the type of `data` (its `util.parsedType`, which cannot be imported alone). */
function parsedType(data: unknown): string {
  if (typeof data === "number") return Number.isNaN(data) ? "nan" : "number";
  if (typeof data !== "object") return typeof data;
  if (data === null) return "null";
  if (Array.isArray(data)) return "array";
  return Object.getPrototypeOf(data) !== Object.prototype && "constructor" in data && data.constructor ? (data.constructor as { name: string }).name : "object";
}

/** zod's type names, with the NaN and infinities spelled as values (as zod's `en`). */
const typeName = (type: string, input?: unknown) =>
  typeof input === "number" && !Number.isFinite(input) && type === "number" ? String(input) : type === "nan" ? "NaN" : type;

const joinValues = (values: readonly unknown[], sep: string) =>
  values.map((v) => (typeof v === "bigint" ? `${v}n` : typeof v === "string" ? `"${v}"` : String(v))).join(sep);

/**
 * The English message of one zod issue, worded as zod's `en` locale words it.
 *
 * @example
 * ```ts
 * englishMessage({ code: "too_big", origin: "number", maximum: 1, inclusive: false, input: 5, path: [] });
 * // "Too big: expected number to be <1"
 * ```
 */
export function englishMessage(issue: Issue): string {
  const i = issue as Issue & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const code = i.code;
  const big = code === "too_big";
  const unit = UNITS[i.origin];
  return code === "invalid_type"
    ? `Invalid input: expected ${typeName(i.expected)}, received ${typeName(parsedType(i.input), i.input)}`
    : code === "invalid_value"
      ? i.values.length === 1 ? `Invalid input: expected ${joinValues(i.values, "")}` : `Invalid option: expected one of ${joinValues(i.values, "|")}`
      : big || code === "too_small"
        ? `Too ${big ? "big" : "small"}: expected ${big ? (i.origin ?? "value") : i.origin} to ${unit ? "have" : "be"} ${i.exact ? "exactly " : (big ? "<" : ">") + (i.inclusive ? "=" : "")}${big ? i.maximum : i.minimum}${unit ? ` ${unit}` : ""}`
        : code === "invalid_format"
          ? i.format === "regex" ? `Invalid string: must match pattern ${i.pattern}` : `Invalid ${i.format}`
          : code === "not_multiple_of"
            ? `Invalid number: must be a multiple of ${i.divisor}`
            : code === "unrecognized_keys"
              ? `Unrecognized key${i.keys.length > 1 ? "s" : ""}: ${joinValues(i.keys, ", ")}`
              : code === "invalid_key" || code === "invalid_element"
                ? `Invalid ${code === "invalid_key" ? "key" : "value"} in ${i.origin}`
                : code === "invalid_union" && i.options?.length
                  ? `Invalid discriminator value. Expected ${i.options.map((o: unknown) => `'${o}'`).join(" | ")}`
                  : code === "invalid_union" && i.inclusive === false ? "Invalid input: more than one option matched" : "Invalid input";
}

/**
 * The error map for ensayo's own options: the program's own zod configuration first
 * (`z.config(...)`: a custom error map or a locale), else {@link englishMessage}.
 *
 * @example
 * ```ts
 * z.safeParse(z.number(), "a", { error: optionMessages }).error?.issues[0]?.message; // "Invalid input: expected number, received string"
 * ```
 */
export const optionMessages: z.core.$ZodErrorMap = (issue) => {
  const global = z.config();
  return global.customError?.(issue) ?? global.localeError?.(issue) ?? englishMessage(issue);
};

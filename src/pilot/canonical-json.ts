/**
 * Canonical JSON (RFC 8785, the JSON Canonicalization Scheme, for the values a plan holds):
 * object keys sorted by UTF-16 code units, no whitespace, numbers in ECMAScript's shortest
 * round-trip form (`1`, `0.05`, `1e+21`), `-0` written `0`. Two plans that differ only in key
 * order or whitespace have the same canonical text, hence the same SHA-256.
 */
import { EnsayoError } from "../errors.js";
import { sha256 } from "../internal/sha256.js";
import { named } from "../internal/boundary.js";

/**
 * The canonical JSON text of a JSON value.
 *
 * @throws EnsayoError `INVALID_PLAN` for values JSON cannot hold (NaN, Infinity, functions, undefined in arrays).
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [0.5, "x"] }); // '{"a":[0.5,"x"],"b":1}'
 * ```
 */
export function canonicalJson(value: unknown, path = "plan"): string {
  return named("canonicalJson", () => canonicalJsonCore(value, path));
}

/** {@link canonicalJson} without the function name on its errors. */
function canonicalJsonCore(value: unknown, path = "plan"): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "string":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) throw new EnsayoError("INVALID_PLAN", `\`${path}\` is ${value}, which JSON cannot hold`, { column: path, value });
      return Object.is(value, -0) ? "0" : JSON.stringify(value);
    case "object": {
      if (Array.isArray(value)) return `[${value.map((v, i) => canonicalJsonCore(v, `${path}.${i}`)).join(",")}]`;
      const keys = Object.keys(value as object).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort(compareCodeUnits);
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJsonCore((value as Record<string, unknown>)[k], `${path}.${k}`)}`).join(",")}}`;
    }
    default:
      throw new EnsayoError("INVALID_PLAN", `\`${path}\` is a ${typeof value}, which JSON cannot hold`, { column: path });
  }
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * SHA-256 (hex) of the canonical JSON of a value, as UTF-8.
 *
 * @example
 * ```ts
 * canonicalHash({ a: 1 }) === canonicalHash(JSON.parse('{ "a" : 1 }')); // true
 * ```
 */
export function canonicalHash(value: unknown): string {
  return named("canonicalHash", () => sha256(canonicalJsonCore(value)));
}

/**
 * The alternative hypothesis, one spelling for every function: `"two-sided"`, `"greater"` or `"less"`,
 * with R's `"two.sided"` accepted as input and echoed as `"two-sided"` (issue #11's vocabulary).
 */
import * as z from "zod/mini";

/** Direction of the alternative hypothesis. */
export type Alternative = "two-sided" | "greater" | "less";

/** What an `alternative` option accepts: the three spellings plus R's `"two.sided"`. */
export type AlternativeInput = Alternative | "two.sided";

/** `alternative`: "two-sided" (default; R's "two.sided" accepted), "greater" or "less". */
export const alternativeSchema = z._default(z.enum(["two-sided", "greater", "less", "two.sided"]), "two-sided");

/**
 * The canonical spelling of an accepted `alternative`.
 *
 * @example
 * ```ts
 * canonicalAlternative("two.sided"); // "two-sided"
 * canonicalAlternative("less");      // "less"
 * ```
 */
export function canonicalAlternative(a: AlternativeInput): Alternative {
  return a === "two.sided" ? "two-sided" : a;
}

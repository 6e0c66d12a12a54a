/**
 * Internal: ensayo's one rule for comparing ids (docs/data.md, "Ids").
 *
 * - Two ids are the same id when their Unicode NFC normalizations are equal: an NFC "José" and an
 *   NFD "José" (e + combining acute) are one id.
 * - Ids that differ only by leading zeros, whitespace (surrounding, or runs inside), letter case or
 *   invisible characters (zero-width space, joiners, soft hyphen, BOM) are different ids; they are
 *   reported as near matches so a person can decide.
 * - Ids are printed with `showId`, which makes invisible differences visible.
 */

/** True when `s` is certainly NFC: nothing below U+0300 (the first combining mark) changes under NFC. */
function surelyNfc(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x300) return false;
  return true;
}

/**
 * The key ids are compared by: the NFC normalization of `id` (the same string when it is already NFC).
 *
 * @example
 * ```ts
 * idKey("Jose\u0301") === idKey("Jos\u00e9"); // true
 * ```
 */
export function idKey(id: string): string {
  return surelyNfc(id) ? id : id.normalize("NFC");
}

const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/gu;
const ZEROS = /^0+(?=.)/u;

type Step = "invisible characters" | "whitespace" | "letter case" | "leading zeros";
const STEPS: readonly [Step, (s: string) => string][] = [
  ["invisible characters", (s) => s.replace(INVISIBLE, "")],
  ["whitespace", (s) => s.trim().replace(/\s+/gu, " ")],
  ["letter case", (s) => s.toLowerCase()],
  ["leading zeros", (s) => s.replace(ZEROS, "")],
];

/**
 * The key near matches are found by: NFC, without invisible characters, trimmed with inner runs of
 * whitespace as one space, lower case, without leading zeros.
 */
export function looseIdKey(id: string): string {
  let s = idKey(id);
  for (const [, f] of STEPS) s = f(s);
  return s;
}

/**
 * Why two different ids with the same `looseIdKey` look alike: the steps without which they would
 * differ, e.g. `"leading zeros"` or `"whitespace, letter case"`.
 */
export function nearMatchReason(a: string, b: string): string {
  const reasons: Step[] = [];
  for (const [name] of STEPS) {
    let x = idKey(a);
    let y = idKey(b);
    for (const [other, f] of STEPS) {
      if (other === name) continue;
      x = f(x);
      y = f(y);
    }
    if (x !== y) reasons.push(name);
  }
  return reasons.length > 0 ? reasons.join(", ") : "spelling";
}

/**
 * An id as a quoted string in which invisible differences show: JSON escapes, with combining marks,
 * format and control characters and every space other than U+0020 written as `\uXXXX`.
 *
 * @example
 * ```ts
 * showId("Jose\u0301"); // "\"Jose\\u0301\""   (prints "Jose\u0301")
 * showId("ab ");        // "\"ab \""
 * ```
 */
export function showId(id: string): string {
  return JSON.stringify(id).replace(/[\p{M}\p{Cf}\p{Cc}\p{Z}]/gu, (c) => {
    if (c === " ") return c;
    const cp = c.codePointAt(0)!;
    return cp > 0xffff ? `\\u{${cp.toString(16).toUpperCase()}}` : `\\u${cp.toString(16).toUpperCase().padStart(4, "0")}`;
  });
}

/**
 * Groups of distinct ids (distinct after NFC) that share a `looseIdKey`, each in first-seen order;
 * groups in the order of their first id.
 */
export function nearMatchGroups(ids: Iterable<string>): string[][] {
  const byLoose = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const id of ids) {
    const key = idKey(id);
    if (seen.has(key)) continue;
    seen.add(key);
    const loose = looseIdKey(key);
    const group = byLoose.get(loose);
    if (group) group.push(id);
    else byLoose.set(loose, [id]);
  }
  return [...byLoose.values()].filter((g) => g.length > 1);
}

/** `"a" ~ "b", …` for the first `max` groups. */
export function showNearMatchGroups(groups: readonly (readonly string[])[], max = 5): string {
  return groups.slice(0, max).map((g) => g.map(showId).join(" ~ ")).join(", ") + (groups.length > max ? `, … (${groups.length} in all)` : "");
}

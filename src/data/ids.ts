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
 * whitespace as one space, lower case, without leading zeros. One character scan decides whether the
 * id needs more than lower-casing (most ids do not).
 *
 * @example
 * ```ts
 * looseIdKey(" 00AB-7 "); // "ab-7"
 * ```
 */
export function looseIdKey(id: string): string {
  const s = idKey(id);
  let slow = s.charCodeAt(0) === 48; // a leading "0"
  let upper = false;
  for (let i = 0; !slow && i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 32 || c >= 127) slow = true; // whitespace, control or non-ASCII (maybe invisible, maybe a space)
    else if (c >= 65 && c <= 90) upper = true;
  }
  if (!slow) return upper ? s.toLowerCase() : s;
  let x = s;
  for (const [, f] of STEPS) x = f(x);
  return x;
}

/**
 * Why two different ids with the same `looseIdKey` look alike: the steps without which they would
 * differ, e.g. `"leading zeros"` or `"whitespace, letter case"`.
 *
 * @example
 * ```ts
 * nearMatchReason("AB ", "ab"); // "whitespace, letter case"
 * ```
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

/** A 32-bit FNV-1a hash of `looseIdKey(id)`, without building the key for plain ASCII ids. */
function looseHash(id: string): number {
  let plain = id.length > 0 && id.charCodeAt(0) !== 48;
  for (let i = 0; plain && i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c <= 32 || c >= 127) plain = false;
  }
  const s = plain ? id : looseIdKey(id);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h | 0;
}

/**
 * Groups of ids that share a `looseIdKey`, each in input order, groups in the order they are found.
 * The ids must be distinct after NFC (callers check duplicates first). Ids are first compared by a
 * hash of their loose key in a sorted typed array, so a million ids cost no million-entry Map; only
 * ids whose hash repeats are compared by the key itself.
 *
 * @example
 * ```ts
 * nearMatchGroups(["7", "a", "007", "A", "b"]); // [["7", "007"], ["a", "A"]]
 * ```
 */
export function nearMatchGroups(ids: readonly string[]): string[][] {
  const n = ids.length;
  if (n < 2) return [];
  const hashes = new Int32Array(n);
  for (let i = 0; i < n; i++) hashes[i] = looseHash(ids[i]!);
  const sorted = hashes.slice().sort();
  let repeated: Set<number> | null = null;
  for (let i = 1; i < n; i++) if (sorted[i] === sorted[i - 1]) (repeated ??= new Set()).add(sorted[i]!);
  if (!repeated) return [];
  const firstByLoose = new Map<string, string>();
  const groups = new Map<string, string[]>();
  for (let i = 0; i < n; i++) {
    if (!repeated.has(hashes[i]!)) continue;
    const id = ids[i]!;
    const loose = looseIdKey(id);
    const first = firstByLoose.get(loose);
    if (first === undefined) {
      firstByLoose.set(loose, id);
      continue;
    }
    const group = groups.get(loose);
    if (group) group.push(id);
    else groups.set(loose, [first, id]);
  }
  return [...groups.values()];
}

/**
 * The first `max` groups as `"a" ~ "b", …`, for messages.
 *
 * @example
 * ```ts
 * showNearMatchGroups([["7", "007"]]); // "\"7\" ~ \"007\""
 * ```
 */
export function showNearMatchGroups(groups: readonly (readonly string[])[], max = 5): string {
  return groups.slice(0, max).map((g) => g.map(showId).join(" ~ ")).join(", ") + (groups.length > max ? `, … (${groups.length} in all)` : "");
}

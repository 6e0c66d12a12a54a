/**
 * Factor coding: labels to integer codes with levels in R's sorted order
 * (numeric order when every label is a number, else code-point order).
 */
import { nfcKey } from "./nfc.js";

/** Integer codes (0-based, `-1` for missing) and the sorted levels they index. */
export interface Factor {
  readonly codes: Int32Array;
  readonly levels: readonly string[];
  /** Number of units per level. */
  readonly counts: Int32Array;
}

/** Sort labels as R sorts a factor's levels: numerically when all are numbers. */
export function sortLevels(levels: readonly string[]): string[] {
  const allNumeric = levels.every((l) => l.trim() !== "" && Number.isFinite(Number(l)));
  const out = [...levels];
  if (allNumeric) out.sort((a, b) => Number(a) - Number(b));
  else out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return out;
}

/**
 * Sort text labels as R's `factor()` sorts a character vector: as text, even when they look like
 * numbers (`"10"` before `"9"`, in the C locale and in every other). Numeric columns sort by value
 * before they become labels; use {@link sortLevels} for labels that stand for numbers.
 *
 * @example
 * ```ts
 * sortText(["9", "10", "b", "B"]); // ["10", "9", "B", "b"]
 * ```
 */
export function sortText(levels: readonly string[]): string[] {
  return [...levels].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The distinct spellings of `labels` (missing values skipped), each mapped to -1 until coded. Labels
 * are normalized (NFC) and looked up per distinct spelling, not per row: a column of 200,000 labels
 * with 2,000 offices costs one map lookup per row, as it did before labels were normalized.
 */
function spellingsOf(labels: ArrayLike<string | null>): Map<string, number> {
  const spellings = new Map<string, number>();
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (v !== null && v !== undefined && !spellings.has(v)) spellings.set(v, -1);
  }
  return spellings;
}

/** The distinct NFC labels of `spellings`, in first-seen order. */
function nfcLabels(spellings: Map<string, number>): string[] {
  const seen = new Set<string>();
  for (const s of spellings.keys()) seen.add(nfcKey(s));
  return [...seen];
}

/** Code every row through `spellings`, each spelling coded by its NFC form's position in `levels`. */
function codeBy(labels: ArrayLike<string | null>, spellings: Map<string, number>, levels: readonly string[]): Factor {
  const index = new Map<string, number>();
  levels.forEach((l, i) => index.set(nfcKey(l), i));
  for (const s of spellings.keys()) spellings.set(s, index.get(nfcKey(s)) ?? -1);
  const n = labels.length;
  const codes = new Int32Array(n);
  const counts = new Int32Array(levels.length);
  for (let i = 0; i < n; i++) {
    const v = labels[i];
    const c = v === null || v === undefined ? -1 : spellings.get(v)!;
    codes[i] = c;
    if (c >= 0) counts[c]++;
  }
  return { codes, levels, counts };
}

/** {@link factorize} with the levels of a text column: the distinct labels sorted by {@link sortText}. */
export function factorizeText(labels: ArrayLike<string | null>): Factor {
  const spellings = spellingsOf(labels);
  return codeBy(labels, spellings, sortText(nfcLabels(spellings)));
}

/**
 * Code `labels` as a factor. `null` becomes code -1. Labels are compared after Unicode NFC
 * normalization (an NFC and an NFD "José" are one level, named in NFC), as ids are (docs/data.md).
 *
 * @param levels - fixed level order; labels not in it get code -1. Default: sorted unique labels.
 */
export function factorize(labels: ArrayLike<string | null>, levels?: readonly string[]): Factor {
  const spellings = spellingsOf(labels);
  return codeBy(labels, spellings, levels ?? sortLevels(nfcLabels(spellings)));
}

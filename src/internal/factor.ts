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

/** {@link factorize} with the levels of a text column: the distinct labels sorted by {@link sortText}. */
export function factorizeText(labels: ArrayLike<string | null>): Factor {
  const seen = new Set<string>();
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (v !== null && v !== undefined) seen.add(nfcKey(v));
  }
  return factorize(labels, sortText([...seen]));
}

/**
 * Code `labels` as a factor. `null` becomes code -1. Labels are compared after Unicode NFC
 * normalization (an NFC and an NFD "José" are one level, named in NFC), as ids are (docs/data.md).
 *
 * @param levels - fixed level order; labels not in it get code -1. Default: sorted unique labels.
 */
export function factorize(labels: ArrayLike<string | null>, levels?: readonly string[]): Factor {
  const n = labels.length;
  let lv: readonly string[];
  if (levels) lv = levels;
  else {
    const seen = new Set<string>();
    for (let i = 0; i < n; i++) {
      const v = labels[i];
      if (v !== null && v !== undefined) seen.add(nfcKey(v));
    }
    lv = sortLevels([...seen]);
  }
  const index = new Map<string, number>();
  lv.forEach((l, i) => index.set(nfcKey(l), i));
  const codes = new Int32Array(n);
  const counts = new Int32Array(lv.length);
  for (let i = 0; i < n; i++) {
    const v = labels[i];
    const c = v === null || v === undefined ? -1 : (index.get(nfcKey(v)) ?? -1);
    codes[i] = c;
    if (c >= 0) counts[c]++;
  }
  return { codes, levels: lv, counts };
}

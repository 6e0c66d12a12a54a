/**
 * The key labels are compared by (docs/data.md, "Ids"): Unicode NFC, so an NFC "José" and an NFD
 * "José" (e + combining acute) are one id, one cluster, one block, one level. Internal.
 */

/** True when `s` is certainly NFC: nothing below U+0300 (the first combining mark) changes under NFC. */
function surelyNfc(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x300) return false;
  return true;
}

/**
 * The NFC normalization of `label` (the same string, without a copy, when it is already NFC).
 *
 * @example
 * ```ts
 * nfcKey("Jose\u0301") === nfcKey("Jos\u00e9"); // true
 * ```
 */
export function nfcKey(label: string): string {
  return surelyNfc(label) ? label : label.normalize("NFC");
}

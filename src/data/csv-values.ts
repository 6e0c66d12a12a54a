/**
 * Reading single CSV cells as numbers, dates and booleans, straight from a range of
 * the source text (no substring for the common case). Internal to the data layer.
 */

/** How numbers are written: the decimal mark and the thousands separator (or none). */
export interface NumberFormat {
  /** Char code of the decimal mark: 46 (`.`) or 44 (`,`). */
  readonly decimal: number;
  /** Char code of the thousands separator, or -1 for none. */
  readonly thousands: number;
  /** Accept integer parts with leading zeros such as `007` (otherwise they are text, to keep codes). */
  readonly leadingZeros: boolean;
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * Set by `parseNumber`: true when the text had to be changed to read the number
 * (decimal comma, thousands separators, a leading `+`).
 */
export let numberWasCoerced = false;

/** `numberShape` bit: the number had a decimal mark (`2,5`, or `1.234,5` with a decimal comma). */
export const SHAPE_DECIMAL = 1;
/** `numberShape` bit: the number had an exponent (`1.5e-3`). */
export const SHAPE_EXPONENT = 2;
/** `numberShape` bit: exactly one thousands separator (`1.250`). */
export const SHAPE_ONE_GROUP = 4;
/** `numberShape` bit: two or more thousands separators (`1.234.567`). */
export const SHAPE_GROUPS = 8;

/**
 * Set by `parseNumber`: how the number was written, as `SHAPE_*` bits (one variable, so the hot
 * loop stores once per cell). 0 means a plain integer (no decimal mark, exponent or groups),
 * the form of ids and counts.
 */
export let numberShape = 0;

/**
 * The number written in `s[start, end)`, or `NaN` when the text is not a number in `fmt`.
 *
 * Accepted: an optional sign; digits, optionally grouped in threes by the thousands
 * separator; an optional decimal part; an optional exponent (`1.5e-3`). At least one
 * digit. The result is correctly rounded (equal to `Number()` of the dot-decimal text):
 * with at most 15 significant digits and at most 22 decimals, `m / 10^k` is a single
 * correctly rounded IEEE division (Clinger's fast path); longer numbers go through `Number`.
 */
export function parseNumber(s: string, start: number, end: number, fmt: NumberFormat): number {
  numberWasCoerced = false;
  numberShape = 0;
  let i = start;
  if (i >= end) return NaN;
  let neg = false;
  let c = s.charCodeAt(i);
  if (c === 45 /* - */) {
    neg = true;
    i++;
  } else if (c === 43 /* + */) {
    numberWasCoerced = true;
    i++;
  }
  const intStart = i;
  let mant = 0;
  let nDigits = 0; // significant digits accumulated into mant (leading zeros skipped)
  let nInt = 0;
  let grouped = false;
  let nGroups = 0;
  let groupLen = 0; // digits since the last thousands separator
  let firstGroup = 0;
  for (; i < end; i++) {
    c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (mant !== 0 || c !== 48) {
        mant = mant * 10 + (c - 48);
        nDigits++;
      }
      nInt++;
      groupLen++;
    } else if (c === fmt.thousands) {
      if (nInt === 0) return NaN;
      if (!grouped) {
        if (groupLen > 3) return NaN;
        firstGroup = groupLen;
      } else if (groupLen !== 3) return NaN;
      grouped = true;
      nGroups++;
      groupLen = 0;
    } else break;
  }
  if (grouped) {
    if (groupLen !== 3) return NaN;
    numberWasCoerced = true;
    if (firstGroup === 0 || s.charCodeAt(intStart) === 48) return NaN;
    numberShape = nGroups >= 2 ? SHAPE_GROUPS : SHAPE_ONE_GROUP;
  }
  if (!fmt.leadingZeros && nInt > 1 && s.charCodeAt(intStart) === 48 && !grouped) return NaN;
  let nFrac = 0;
  const hasDecimal = i < end && c === fmt.decimal;
  if (hasDecimal) {
    numberShape |= SHAPE_DECIMAL;
    if (fmt.decimal !== 46) numberWasCoerced = true;
    i++;
    for (; i < end; i++) {
      c = s.charCodeAt(i);
      if (c >= 48 && c <= 57) {
        if (mant !== 0 || c !== 48) {
          mant = mant * 10 + (c - 48);
          nDigits++;
        }
        nFrac++;
      } else break;
    }
  }
  if (nInt + nFrac === 0) return NaN;
  if (i < end) {
    // An exponent, or trailing garbage.
    if (c !== 101 && c !== 69) return NaN;
    let j = i + 1;
    if (j < end && (s.charCodeAt(j) === 45 || s.charCodeAt(j) === 43)) j++;
    if (j >= end) return NaN;
    for (; j < end; j++) {
      const d = s.charCodeAt(j);
      if (d < 48 || d > 57) return NaN;
    }
    numberShape |= SHAPE_EXPONENT;
    return slowNumber(s, start, end, fmt);
  }
  if (nDigits > 15 || nFrac > 22) return slowNumber(s, start, end, fmt);
  const v = nFrac === 0 ? mant : mant / POW10[nFrac]!;
  return neg ? -v : v;
}

function slowNumber(s: string, start: number, end: number, fmt: NumberFormat): number {
  let t = s.slice(start, end);
  if (fmt.thousands >= 0) t = t.split(String.fromCharCode(fmt.thousands)).join("");
  if (fmt.decimal !== 46) t = t.replace(String.fromCharCode(fmt.decimal), ".");
  const v = Number(t);
  return Number.isFinite(v) ? v : NaN;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digitsAt(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(i + k);
    if (c < 48 || c > 57) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

function validDate(y: number, m: number, d: number): boolean {
  if (y < 0 || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!);
}

/**
 * The date written in `s[start, end)` as milliseconds since 1970-01-01 UTC, or `NaN`.
 *
 * Accepted: ISO `yyyy-mm-dd`, and `dd/mm/yyyy` or `d/m/yyyy` (day first, as written in
 * Paraguay and most of Latin America). Impossible dates (`31/02/2024`) are not dates.
 */
export function parseDate(s: string, start: number, end: number): number {
  const len = end - start;
  if (len === 10 && s.charCodeAt(start + 4) === 45 && s.charCodeAt(start + 7) === 45) {
    const y = digitsAt(s, start, 4);
    const m = digitsAt(s, start + 5, 2);
    const d = digitsAt(s, start + 8, 2);
    if (y < 0 || m < 0 || d < 0 || !validDate(y, m, d)) return NaN;
    return Date.UTC(y, m - 1, d);
  }
  if (len < 8 || len > 10) return NaN;
  const s1 = s.indexOf("/", start);
  if (s1 < 0 || s1 >= end) return NaN;
  const s2 = s.indexOf("/", s1 + 1);
  if (s2 < 0 || s2 >= end) return NaN;
  const dl = s1 - start;
  const ml = s2 - s1 - 1;
  if (dl < 1 || dl > 2 || ml < 1 || ml > 2 || end - s2 - 1 !== 4) return NaN;
  const d = digitsAt(s, start, dl);
  const m = digitsAt(s, s1 + 1, ml);
  const y = digitsAt(s, s2 + 1, 4);
  if (y < 0 || m < 0 || d < 0 || !validDate(y, m, d)) return NaN;
  return Date.UTC(y, m - 1, d);
}

const TRUE_WORDS = new Set(["true", "verdadero", "sí", "si", "yes"]);
const FALSE_WORDS = new Set(["false", "falso", "no"]);

/**
 * `1` for a word meaning true, `0` for false, `NaN` otherwise. Case is ignored.
 * Words: `true`/`false`, `verdadero`/`falso`, `sí`/`si`/`no`, `yes`. Digits `1`/`0` are
 * numbers, not booleans.
 */
export function parseBoolean(s: string, start: number, end: number): number {
  const len = end - start;
  if (len < 2 || len > 9) return NaN;
  const w = s.slice(start, end).toLowerCase();
  if (TRUE_WORDS.has(w)) return 1;
  if (FALSE_WORDS.has(w)) return 0;
  return NaN;
}

/** Format a stored date (ms since epoch, UTC) as `yyyy-mm-dd`. */
export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Type inference of the CSV reader: one `ColumnBuilder` per column receives every cell as a
 * range of the source text and stores it in place.
 *
 * A column starts as the type of its first non-missing value and stays a `Float64Array`; if a
 * later value does not fit, the column is "demoted" and later refilled with the original
 * strings by a second pass over the text. A number column whose thousands dots were only
 * assumed (a `;` file without `locale` or `thousands`) and never proven by the column itself
 * (`3.500.000`, `1.234,5`, `2,5`) is demoted at the end, because `1.250` could then be 1.25 or
 * 1250. Integers beyond 2^53 (which a double cannot hold exactly) are demoted too, so 17-digit
 * ids never collapse into one another. Internal to the data layer.
 */
import { numberShape, numberWasCoerced, parseBoolean, parseDate, parseNumber, SHAPE_DECIMAL, SHAPE_EXPONENT, SHAPE_GROUPS, SHAPE_ONE_GROUP, type NumberFormat } from "./csv-values.js";
import type { Column, ColumnType } from "./table.js";

const enum Mode {
  Empty,
  Number,
  Date,
  Boolean,
  Text,
  Demoted,
}

const SPACE = (c: number): boolean => c === 32 || c === 9 || c === 160;
/** Beyond this magnitude not every integer is a double (2^53). */
const EXACT_INTEGER_LIMIT = 9007199254740992;

/** Everything shared by the column builders of one read. */
export interface ReadContext {
  readonly fmt: NumberFormat;
  readonly fmtForced: NumberFormat;
  /** True when the thousands dot was assumed (decimal comma, no `thousands`, no `locale`): each column must prove it. */
  readonly thousandsAssumed: boolean;
  readonly missing: ReadonlySet<string>;
  /** First char codes of the missing codes (a cell starting otherwise is never missing). */
  readonly missingFirst: ReadonlySet<number>;
  readonly missingMaxLen: number;
  /** True when some missing code would also read as a number (then check codes first). */
  readonly missingFirstCheck: boolean;
  readonly trim: boolean;
  readonly maxIssues: number;
}

/** Build the context of one read from its number format and missing codes. */
export function makeReadContext(fmt: NumberFormat, thousandsAssumed: boolean, missing: readonly string[], trim: boolean, maxIssues: number): ReadContext {
  const fmtForced: NumberFormat = { ...fmt, leadingZeros: true };
  const missingSet = new Set(missing);
  const missingFirst = new Set<number>();
  let missingMaxLen = 0;
  let missingFirstCheck = false;
  for (const m of missingSet) {
    if (m.length === 0) continue;
    missingFirst.add(m.charCodeAt(0));
    missingMaxLen = Math.max(missingMaxLen, m.length);
    if (parseNumber(m, 0, m.length, fmtForced) === parseNumber(m, 0, m.length, fmtForced)) missingFirstCheck = true;
  }
  return { fmt, fmtForced, thousandsAssumed, missing: missingSet, missingFirst, missingMaxLen, missingFirstCheck, trim, maxIssues };
}

/**
 * Repeated text values (regions, offices, arms) stored once, looked up straight from the
 * source range so that a repeated value allocates nothing. Its table starts small and doubles
 * (memory follows the data: a file of 100,000 columns and one row must not reserve 100,000
 * tables); it gives up (returns plain substrings) past 4096 distinct values, where values are
 * mostly unique (ids, names).
 */
class Interner {
  private slots: (string | undefined)[] = new Array(16);
  private mask = 15;
  private size = 0;
  full = false;

  get(s: string, a: number, b: number): string {
    if (this.full) return a === 0 && b === s.length ? s : s.slice(a, b);
    let h = 2166136261;
    for (let i = a; i < b; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
    const len = b - a;
    for (let k = h & this.mask; ; k = (k + 1) & this.mask) {
      const t = this.slots[k];
      if (t === undefined) {
        const v = a === 0 && b === s.length ? s : s.slice(a, b);
        if (this.size >= 4096) {
          this.full = true;
          return v;
        }
        this.slots[k] = v;
        this.size++;
        if (this.size * 2 > this.mask) this.grow();
        return v;
      }
      if (t.length === len) {
        let same = true;
        for (let i = 0; i < len; i++) {
          if (t.charCodeAt(i) !== s.charCodeAt(a + i)) {
            same = false;
            break;
          }
        }
        if (same) return t;
      }
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Array(old.length * 2);
    this.mask = this.slots.length - 1;
    for (const t of old) {
      if (t === undefined) continue;
      let h = 2166136261;
      for (let i = 0; i < t.length; i++) h = Math.imul(h ^ t.charCodeAt(i), 16777619);
      let k = h & this.mask;
      while (this.slots[k] !== undefined) k = (k + 1) & this.mask;
      this.slots[k] = t;
    }
  }
}

const NO_VALUES = new Float64Array(0);
const NO_CELLS: BadCell[] = [];

/** Why a column became text after it had started as numbers, dates or booleans. */
export type DemotionReason = "misfit" | "beyond-2^53" | "ambiguous-thousands";

/** A cell that does not fit a forced type, and why when the reason is not the type itself. */
export interface BadCell {
  readonly row: number;
  readonly value: string;
  readonly why?: string;
}

/**
 * One column of a read: cells arrive as ranges of the source text and are stored in the
 * column's provisional type (see the module comment); `finish` gives the typed column.
 */
export class ColumnBuilder {
  private mode: Mode = Mode.Empty;
  private values: Float64Array;
  private texts: (string | null)[] | null = null;
  /** Rows to allocate for (grown with `grow`). */
  private capacity = 0;
  missing = 0;
  coerced = 0;
  private allInt = true;
  /** First value that did not fit the inferred type, and the type the column had. */
  demotedAt: { row: number; value: string; was: string; reason: DemotionReason } | null = null;
  /** Cells that do not fit a forced type (allocated on the first: a wide file has many columns). */
  bad: BadCell[] = NO_CELLS;
  nBad = 0;
  private intern: Interner | null = null;
  /** The first value whose thousands dot is ambiguous (`1.250`), while the column has not proven the dot. */
  private ambiguousAt: { row: number; value: string } | null = null;
  private ambiguous: BadCell[] = NO_CELLS;
  private thousandsProven = false;
  /** For a column that was text from its first value: that value, and how many values read as numbers / dates. */
  private textFrom: { row: number; value: string } | null = null;
  private numericTexts = 0;
  private dateTexts = 0;

  constructor(
    readonly name: string,
    readonly index: number,
    readonly forced: ColumnType | undefined,
    capacity: number,
    private readonly ctx: ReadContext,
  ) {
    this.values = NO_VALUES;
    this.capacity = capacity;
    if (forced === "text") {
      this.mode = Mode.Text;
      this.texts = new Array<string | null>(capacity);
    } else if (forced !== undefined) {
      this.mode = forced === "date" ? Mode.Date : forced === "boolean" ? Mode.Boolean : Mode.Number;
      this.values = new Float64Array(capacity);
    }
  }

  grow(capacity: number): void {
    this.capacity = capacity;
    if (this.values.length === 0 || this.values.length >= capacity) return;
    const next = new Float64Array(capacity);
    next.set(this.values);
    this.values = next;
  }

  private isMissing(s: string, a: number, b: number): boolean {
    if (a === b) return true;
    if (b - a > this.ctx.missingMaxLen || !this.ctx.missingFirst.has(s.charCodeAt(a))) return false;
    return this.ctx.missing.has(s.slice(a, b));
  }

  private text(s: string, a: number, b: number): string {
    const m = (this.intern ??= new Interner());
    return m.get(s, a, b);
  }

  add(row: number, s: string, a: number, b: number): void {
    const mode = this.mode;
    if (mode === Mode.Demoted) return;
    let trimmed = false;
    if (this.ctx.trim && a < b && (SPACE(s.charCodeAt(a)) || SPACE(s.charCodeAt(b - 1)))) {
      while (a < b && SPACE(s.charCodeAt(a))) a++;
      while (b > a && SPACE(s.charCodeAt(b - 1))) b--;
      trimmed = true;
    }
    if (mode === Mode.Number) {
      if (this.ctx.missingFirstCheck && this.isMissing(s, a, b)) {
        this.values[row] = NaN;
        this.missing++;
        return;
      }
      const v = parseNumber(s, a, b, this.forced ? this.ctx.fmtForced : this.ctx.fmt);
      if (v === v) {
        if ((v > EXACT_INTEGER_LIMIT || v < -EXACT_INTEGER_LIMIT) && (numberShape & (SHAPE_DECIMAL | SHAPE_EXPONENT)) === 0) {
          this.misfit(row, s.slice(a, b), "beyond-2^53");
          return;
        }
        if (numberShape !== 0 && this.ctx.thousandsAssumed && !this.thousandsProven) this.checkThousands(row, s, a, b);
        this.values[row] = v;
        if (numberWasCoerced || trimmed) this.coerced++;
        if (this.allInt && !Number.isInteger(v)) {
          this.allInt = false;
          if (this.forced === "integer") this.badCell(row, s.slice(a, b));
        }
        return;
      }
      if (this.isMissing(s, a, b)) {
        this.values[row] = NaN;
        this.missing++;
        return;
      }
      this.misfit(row, s.slice(a, b), "misfit");
      return;
    }
    if (this.isMissing(s, a, b)) {
      this.missing++;
      if (mode === Mode.Text) this.texts![row] = null;
      else if (mode !== Mode.Empty) this.values[row] = NaN;
      return;
    }
    if (mode === Mode.Text) {
      this.texts![row] = this.text(s, a, b);
      if (trimmed) this.coerced++;
      if (this.textFrom !== null) {
        const c = s.charCodeAt(a); // only a digit, a sign or a decimal mark can start a number or a date
        if (c >= 43 && c <= 57) this.countTyped(s, a, b);
      }
      return;
    }
    if (mode === Mode.Date) {
      const v = parseDate(s, a, b);
      if (v === v) {
        this.values[row] = v;
        if (trimmed) this.coerced++;
      } else this.misfit(row, s.slice(a, b), "misfit");
      return;
    }
    if (mode === Mode.Boolean) {
      let v = parseBoolean(s, a, b);
      if (v !== v && this.forced === "boolean" && b - a === 1) {
        const c = s.charCodeAt(a);
        v = c === 49 ? 1 : c === 48 ? 0 : NaN;
      }
      if (v === v) {
        this.values[row] = v;
        if (trimmed) this.coerced++;
      } else this.misfit(row, s.slice(a, b), "misfit");
      return;
    }
    this.start(row, s, a, b);
    if (trimmed) this.coerced++;
  }

  /** Mode.Empty: the first value decides the provisional type, and is stored in it. */
  private start(row: number, s: string, a: number, b: number): void {
    if (parseNumber(s, a, b, this.ctx.fmt) === parseNumber(s, a, b, this.ctx.fmt)) this.mode = Mode.Number;
    else if (parseDate(s, a, b) === parseDate(s, a, b)) this.mode = Mode.Date;
    else if (parseBoolean(s, a, b) === parseBoolean(s, a, b)) this.mode = Mode.Boolean;
    else this.mode = Mode.Text;
    const cap = Math.max(this.capacity, row + 1);
    if (this.mode === Mode.Text) {
      this.texts = new Array<string | null>(cap).fill(null, 0, row);
      this.textFrom = { row, value: s.slice(a, b) };
      this.numericTexts = 0;
      this.dateTexts = 0;
      this.add(row, s, a, b);
      this.numericTexts = 0; // the first value is the one that is not a number
      this.dateTexts = 0;
      return;
    }
    this.values = new Float64Array(cap);
    this.values.fill(NaN, 0, row);
    this.add(row, s, a, b);
  }

  /** A text value of a column that was text from its first value: does it read as a number or a date? */
  private countTyped(s: string, a: number, b: number): void {
    if (parseNumber(s, a, b, this.ctx.fmt) === parseNumber(s, a, b, this.ctx.fmt)) this.numericTexts++;
    else if (parseDate(s, a, b) === parseDate(s, a, b)) this.dateTexts++;
  }

  /** With an assumed thousands dot: a value proves the dot (`3.500.000`, `1.234,5`, `2,5`) or is ambiguous (`1.250`). */
  private checkThousands(row: number, s: string, a: number, b: number): void {
    if ((numberShape & (SHAPE_GROUPS | SHAPE_DECIMAL)) !== 0) {
      this.thousandsProven = true;
      this.ambiguousAt = null;
      this.ambiguous = NO_CELLS;
    } else if ((numberShape & SHAPE_ONE_GROUP) !== 0) {
      if (this.ambiguousAt === null) this.ambiguousAt = { row, value: s.slice(a, b) };
      if (this.forced !== undefined && this.ambiguous.length < this.ctx.maxIssues) {
        if (this.ambiguous === NO_CELLS) this.ambiguous = [];
        this.ambiguous.push({ row, value: s.slice(a, b) });
      }
    }
  }

  /**
   * After the first pass: a number column whose thousands dot stayed ambiguous becomes text
   * (a forced one lists its ambiguous cells as bad). Returns true when the column was demoted.
   */
  settleThousands(): boolean {
    if (this.mode !== Mode.Number || this.ambiguousAt === null) return false;
    if (this.forced !== undefined) {
      for (const c of this.ambiguous) this.badCell(c.row, c.value, ambiguityText(c.value));
      return false;
    }
    this.demotedAt = { row: this.ambiguousAt.row, value: this.ambiguousAt.value, was: "a number", reason: "ambiguous-thousands" };
    this.mode = Mode.Demoted;
    this.values = NO_VALUES;
    return true;
  }

  private badCell(row: number, value: string, why?: string): void {
    this.nBad++;
    if (this.bad === NO_CELLS) this.bad = [];
    if (this.bad.length < this.ctx.maxIssues) this.bad.push(why === undefined ? { row, value } : { row, value, why });
  }

  private misfit(row: number, value: string, reason: DemotionReason): void {
    if (this.forced !== undefined) {
      this.values[row] = NaN;
      this.badCell(row, value, reason === "beyond-2^53" ? "is an integer beyond 2^53, which a number (a double) cannot hold exactly; read it as text" : undefined);
      return;
    }
    this.demotedAt = { row, value, was: MODE_NAME[this.mode]!, reason };
    this.mode = Mode.Demoted;
    this.values = NO_VALUES;
    this.texts = null;
  }

  get demoted(): boolean {
    return this.mode === Mode.Demoted;
  }

  get empty(): boolean {
    return this.mode === Mode.Empty;
  }

  /** Second pass for a demoted column: collect every value as text. */
  startTextPass(): void {
    this.mode = Mode.Text;
    this.texts = new Array<string | null>(this.capacity);
    this.missing = 0;
    this.coerced = 0;
    this.intern = null;
    this.textFrom = null;
  }

  /** Why a column that began as text is text, when some of its values read as numbers or dates; else null. */
  textReason(nRows: number): { row: number; value: string; typed: number; of: number; what: string } | null {
    if (this.mode !== Mode.Text || this.textFrom === null || this.forced !== undefined) return null;
    const typed = Math.max(this.numericTexts, this.dateTexts);
    if (typed === 0) return null;
    return { ...this.textFrom, typed, of: nRows - this.missing, what: this.numericTexts >= this.dateTexts ? "numbers" : "dates" };
  }

  finish(nRows: number): { column: Column; type: ColumnType } {
    switch (this.mode) {
      case Mode.Empty:
        return { column: new Array<string | null>(nRows).fill(null), type: this.forced ?? "text" };
      case Mode.Text: {
        const texts = this.texts!;
        if (texts.length !== nRows) texts.length = nRows;
        return { column: texts, type: "text" };
      }
      case Mode.Number:
        return {
          column: fit(this.values, nRows),
          type: this.forced === "number" || this.forced === "integer" ? this.forced : this.allInt ? "integer" : "number",
        };
      case Mode.Date:
        return { column: fit(this.values, nRows), type: "date" };
      case Mode.Boolean:
        return { column: fit(this.values, nRows), type: "boolean" };
      default:
        throw new Error("internal: a demoted column was not re-read");
    }
  }
}

/** What an ambiguous thousands dot could mean, for notes and errors: `could be 1.25 (decimal point) or 1250 (thousands dot)`. */
export function ambiguityText(value: string): string {
  return `could be ${Number(value)} (decimal point) or ${Number(value.replace(".", ""))} (thousands dot)`;
}

/** The first `n` values: a view when the unused tail is small (no copy at peak memory), else a copy. */
function fit(values: Float64Array, n: number): Float64Array {
  if (values.length === n) return values;
  return values.length - n <= 64 + (n >> 8) ? values.subarray(0, n) : values.slice(0, n);
}

const MODE_NAME: Record<number, string> = { [Mode.Number]: "a number", [Mode.Date]: "a date", [Mode.Boolean]: "true/false" };

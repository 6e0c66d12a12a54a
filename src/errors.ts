/**
 * The one error class of ensayo, keyed by a stable `code`.
 *
 * Every refusal in the library is an `EnsayoError`: programs branch on `code`,
 * people read `message` (which says what was wrong, where, and what to do).
 * Where the problem has a place, `file`, `line`, `column` and `value` say it.
 */

/** Stable error codes. New codes are appended; existing ones never change meaning. */
export type EnsayoErrorCode =
  // data layer
  | "CSV_PARSE" // the text is not valid CSV (unclosed quote, …)
  | "EMPTY_FILE" // no bytes, or only blank lines
  | "HEADER_ONLY" // a header and no data rows
  | "RAGGED_ROW" // a row has more or fewer fields than the header
  | "ENCODING" // bytes that are not valid in the stated or detected encoding
  | "MISSING_COLUMN" // a named column is not in the data
  | "NOT_NUMERIC" // a column or cell that must be numeric is not
  | "DUPLICATE_ID" // ids repeat where they must be unique
  | "SCHEMA" // cells fail a zod schema
  | "LENGTH_MISMATCH" // columns or arrays of different lengths
  | "INVALID_DATA" // data in a shape ensayo cannot read
  | "MISSING_VALUE" // a missing value where `na: "error"` refuses it
  // options and designs
  | "INVALID_OPTION" // an option is out of range, of the wrong type, or conflicts with another
  | "INFEASIBLE_DESIGN" // a design that cannot be carried out (e.g. more treated than units)
  | "NONNESTED_CLUSTERS" // a cluster spans two blocks
  | "VERIFY_MISMATCH" // an assignment receipt does not match the data
  // estimation
  | "FORMULA_PARSE" // a model formula that cannot be parsed
  | "ONE_ARM" // the treatment takes a single value
  | "CONDITION_NOT_FOUND" // a named condition is not in the treatment column
  | "BAD_WEIGHTS" // negative, zero-sum or non-finite weights
  | "TOO_FEW_CLUSTERS" // fewer than two clusters
  | "SINGLETON_BLOCK" // a block that cannot support the estimator
  | "TREATMENT_VARIES_IN_CLUSTER" // clusters must be assigned as a whole
  | "NOT_ESTIMABLE" // the model cannot be estimated (no rows, all aliased, …)
  // power
  | "UNSOLVABLE" // a power goal that cannot be met, with the reason in numbers
  // randomization inference
  | "SINGLE_ASSIGNMENT" // the design allows one assignment only: there is no randomization distribution
  | "DESIGN_MISMATCH" // a design, receipt or permutation matrix that does not fit the data (n, ids, shape)
  // declared pilot
  | "INVALID_PLAN" // a pilot plan fails its schema (the message names the plan field)
  | "PLAN_CHANGED" // a plan whose hash differs from the one registered
  // long runs
  | "ABORTED" // the caller's AbortSignal stopped a long run (diagnoseDesign, balanceTable's p-value, declareRa's draws)
  | "WORKER_FAILED"; // a worker thread of riTestParallel / diagnoseDesignParallel exited before finishing (crashed, killed, out of memory)

/** Where an error happened and what was found there. */
export interface EnsayoErrorDetails {
  /** File name, when the data came from a file. */
  file?: string;
  /** 1-based line in the file (the header is line 1). */
  line?: number;
  /** Column name. */
  column?: string;
  /** The offending value, as read. */
  value?: unknown;
  /** What the user can do about it. */
  hint?: string;
  /** Extra structured facts (e.g. the list of duplicate ids, every failing cell). */
  issues?: readonly unknown[];
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * Error thrown by every ensayo function for unusable input or options.
 *
 * @example
 * ```ts
 * try { parseCsv("") } catch (e) {
 *   if (e instanceof EnsayoError && e.code === "EMPTY_FILE") console.log(e.message);
 * }
 * ```
 */
export class EnsayoError extends Error {
  readonly code: EnsayoErrorCode;
  /**
   * The public function that refused (`"lmRobust"`): added where the call entered ensayo, so it is
   * also the first word of `message`. Undefined only for errors raised outside any public function.
   */
  readonly fn?: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: string;
  readonly value?: unknown;
  readonly hint?: string;
  readonly issues?: readonly unknown[];

  constructor(code: EnsayoErrorCode, message: string, details: EnsayoErrorDetails = {}) {
    const full = details.hint ? `${message}${/[.?!]$/.test(message) ? "" : "."} ${details.hint}` : message;
    super(full, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "EnsayoError";
    this.code = code;
    if (details.file !== undefined) this.file = details.file;
    if (details.line !== undefined) this.line = details.line;
    if (details.column !== undefined) this.column = details.column;
    if (details.value !== undefined) this.value = details.value;
    if (details.hint !== undefined) this.hint = details.hint;
    if (details.issues !== undefined) this.issues = details.issues;
  }
}

/**
 * True for an `EnsayoError` of this copy of ensayo or of another one (a second install, the CommonJS
 * build, a bundle): `instanceof` fails across copies, so the name and a string `code` are checked instead.
 * Internal (not exported from the index).
 *
 * @example
 * ```ts
 * isEnsayoError(new EnsayoError("EMPTY_FILE", "the file is empty")); // true
 * isEnsayoError(Object.assign(new Error("x"), { name: "EnsayoError", code: "ABORTED" })); // true
 * isEnsayoError(new Error("x")); // false
 * ```
 */
export function isEnsayoError(error: unknown): error is EnsayoError {
  return error instanceof Error && error.name === "EnsayoError" && typeof (error as { code?: unknown }).code === "string";
}

/** Format a value for an error message: strings quoted, long values cut. */
export function showValue(value: unknown): string {
  let s: string;
  if (typeof value === "string") s = `'${value}'`;
  else if (typeof value === "number" && Number.isNaN(value)) s = "NaN";
  else if (value === null) s = "null";
  else if (value === undefined) s = "undefined";
  else if (Array.isArray(value)) s = `[${value.slice(0, 5).map(showValue).join(", ")}${value.length > 5 ? ", …" : ""}]`;
  else s = String(value);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

/**
 * Throw an `INVALID_OPTION` error naming the option (the public function's name is added at its
 * boundary, internal/boundary.ts).
 *
 * @example
 * ```ts
 * invalidOption("effect", "must be a finite number", NaN); // throws INVALID_OPTION: "`effect` must be a finite number; got NaN"
 * ```
 */
export function invalidOption(option: string, requirement: string, value?: unknown): never {
  const got = arguments.length >= 3 ? `; got ${showValue(value)}` : "";
  throw new EnsayoError("INVALID_OPTION", `\`${option}\` ${requirement}${got}`, {
    column: undefined,
    value,
  });
}

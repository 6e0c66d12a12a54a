/**
 * The caller's name is added at the public boundary (issue #11, item 5).
 *
 * Internal code throws `EnsayoError`s that say what is wrong and where, but not which public function
 * was called: it does not know. Every public function runs its body through {@link named} (or
 * {@link namedAsync}), which puts its name in front of the message of an error that has none yet and
 * records it in `error.fn`. An error that already has a name keeps it: when one public function calls
 * another, the innermost one that refused names itself.
 */
import { isEnsayoError, type EnsayoError } from "../errors.js";

/**
 * Run the body of public function `fn`; an `EnsayoError` raised inside without a function name is
 * re-thrown with `fn` in `error.fn` and in front of its message (other errors pass unchanged).
 *
 * @example
 * ```ts
 * const message = (() => {
 *   try {
 *     return named("lmRobust", () => { throw new EnsayoError("NOT_ESTIMABLE", "the model has no terms to estimate"); });
 *   } catch (error) {
 *     return (error as Error).message;
 *   }
 * })();
 * message; // "lmRobust: the model has no terms to estimate"
 * ```
 */
export function named<T>(fn: string, body: () => T): T {
  try {
    return body();
  } catch (error) {
    throw nameError(error, fn);
  }
}

/**
 * {@link named} for an asynchronous public function: names the error its promise rejects with.
 *
 * @example
 * ```ts
 * const failed = namedAsync("readCsvFile", async () => { throw new EnsayoError("EMPTY_FILE", "the file is empty"); });
 * await failed.catch((e: EnsayoError) => e.fn); // "readCsvFile"
 * ```
 */
export async function namedAsync<T>(fn: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    throw nameError(error, fn);
  }
}

/** Thrown through a boundary in place of an error of the caller's callback, which is not the boundary's to name. */
class FromCallback {
  constructor(readonly error: unknown) {}
}

/**
 * {@link named} for a public function that calls back into its caller (a design's `simulate`,
 * `forEachPermutation`): `body` gets `visit` shielded, so an error the caller's `visit` throws reaches
 * the caller as it was, for the caller's own boundary to name; every other error is named `fn`.
 *
 * @example
 * ```ts
 * const visitError = new EnsayoError("NOT_ESTIMABLE", "no variation");
 * const seen = (() => {
 *   try {
 *     return namedVisiting("simulate", () => { throw visitError; }, (visit) => visit());
 *   } catch (error) {
 *     return (error as EnsayoError).message;
 *   }
 * })();
 * seen; // "no variation" (the callback's error is its caller's to name)
 * namedVisiting("forEachPermutation", (x: number) => x * 2, (visit) => visit(21)); // 42
 * ```
 */
export function namedVisiting<V extends (...args: never[]) => unknown, T>(fn: string, visit: V, body: (visit: V) => T): T {
  const shielded = ((...args: Parameters<V>) => {
    try {
      return visit(...args);
    } catch (error) {
      throw new FromCallback(error);
    }
  }) as V;
  try {
    return named(fn, () => body(shielded));
  } catch (error) {
    throw error instanceof FromCallback ? error.error : error;
  }
}

/**
 * Give `error` the function name `fn` if it is an `EnsayoError` without one (the same object is
 * returned, so its stack and cause are kept). A message that already starts with `fn: ` is not
 * prefixed twice.
 *
 * @example
 * ```ts
 * nameError(new EnsayoError("ONE_ARM", "treatment 'z' takes a single value"), "differenceInMeans").message;
 * // "differenceInMeans: treatment 'z' takes a single value"
 * ```
 */
export function nameError(error: unknown, fn: string): unknown {
  if (!isEnsayoError(error) || error.fn !== undefined) return error;
  const e = error as { -readonly [K in keyof EnsayoError]: EnsayoError[K] };
  e.fn = fn;
  // V8 writes the stack's first line from the message when `stack` is first read, which nothing in
  // ensayo does before the boundary: the stack then shows the named message (other engines' stacks hold
  // frames only).
  if (!error.message.startsWith(`${fn}: `)) e.message = `${fn}: ${error.message}`;
  return error;
}

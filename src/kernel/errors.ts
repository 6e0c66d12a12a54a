/**
 * Errors of the kernel carry a code and data but no function name: the kernel does not know who
 * called it. The public function adds its name at the boundary by running the kernel inside
 * {@link withFunctionName}, which re-throws a kernel error with the message prefixed by the name
 * (`"lmRobust: every regressor is zero or collinear. Check the design columns"`).
 */
import { EnsayoError, type EnsayoErrorCode, type EnsayoErrorDetails } from "../errors.js";

type Details = EnsayoErrorDetails;

const UNNAMED = Symbol("ensayo.kernelError");

interface Unnamed {
  readonly message: string;
  readonly details: Details;
}

/**
 * An EnsayoError raised inside the kernel: its message has no function name until
 * {@link withFunctionName} adds one (outside a boundary it reads as it is).
 *
 * @example
 * ```ts
 * kernelError("NOT_ESTIMABLE", "every regressor is zero or collinear").message; // "every regressor is zero or collinear"
 * ```
 */
export function kernelError(code: EnsayoErrorCode, message: string, details: Details = {}): EnsayoError {
  const error = new EnsayoError(code, message, details);
  Object.defineProperty(error, UNNAMED, { value: { message, details } satisfies Unnamed, enumerable: false });
  return error;
}

/**
 * Run `body`, re-throwing a kernel error with the public function's name in front of its message
 * and `details` (e.g. the formula as `value`) under its own (other errors pass through unchanged).
 *
 * @example
 * ```ts
 * const message = (() => {
  try {
    return withFunctionName("lmRobust", () => { throw kernelError("NOT_ESTIMABLE", "the model has no terms to estimate"); });
  } catch (error) {
    return (error as Error).message;
  }
})();
message; // "lmRobust: the model has no terms to estimate"
 * ```
 */
export function withFunctionName<T>(fn: string, body: () => T, details: Details = {}): T {
  try {
    return body();
  } catch (error) {
    const unnamed = error instanceof EnsayoError ? ((error as unknown as Record<symbol, Unnamed | undefined>)[UNNAMED] ?? null) : null;
    if (!unnamed) throw error;
    throw new EnsayoError((error as EnsayoError).code, `${fn}: ${unnamed.message}`, { ...details, ...unnamed.details });
  }
}

/**
 * Stopping long runs: an optional `signal` (a standard `AbortSignal`) that the loops of
 * diagnoseDesign, balanceTable's randomization p-value and declareRa's draws check between steps;
 * once it is aborted they throw `ABORTED` and return nothing partial.
 */
import * as z from "zod/mini";
import { EnsayoError } from "../errors.js";

/** The schema of a `signal` option: an `AbortSignal` (anything with a boolean `aborted`). */
export const AbortSignalSchema = z.custom<AbortSignal>(
  (v) => typeof v === "object" && v !== null && typeof (v as { aborted?: unknown }).aborted === "boolean",
  { message: "must be an AbortSignal (e.g. new AbortController().signal)" },
);

/**
 * Throw `ABORTED` when `signal` has been aborted, saying how far the run got.
 *
 * @example
 * ```ts
 * const c = new AbortController();
 * c.abort();
 * throwIfAborted(c.signal, "after 120 of 500 simulations");
 * // EnsayoError ABORTED
 * ```
 */
export function throwIfAborted(signal: AbortSignal | undefined, progress?: string): void {
  if (!signal?.aborted) return;
  const reason = (signal as { reason?: unknown }).reason;
  throw new EnsayoError("ABORTED", `stopped by its AbortSignal${progress ? ` ${progress}` : ""}`, {
    ...(reason !== undefined ? { cause: reason } : {}),
    hint: "Nothing was returned; run it again without aborting to get the result",
  });
}

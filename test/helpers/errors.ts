// Shared test helpers for asserting on EnsayoError (one place instead of a copy per test file).
import { expect } from "vitest";
import { EnsayoError } from "../../src/errors.js";

/** The `code` of the EnsayoError `f` throws; `"other: …"` for any other throw, `"none"` when it returns. */
export function errorCode(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return e instanceof EnsayoError ? e.code : `other: ${String(e)}`;
  }
  return "none";
}

/** The EnsayoError `f` throws (the test fails when it throws anything else, or returns). */
export function thrownEnsayo(f: () => unknown): EnsayoError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(EnsayoError);
    return e as EnsayoError;
  }
  throw new Error("expected an EnsayoError");
}

/**
 * Shared helpers for the estimatr reference tests: read the committed CSVs (written by
 * fixtures/reference/lm-robust.R) and compare numbers with R's NA/NaN encoding.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
export { readRefCsv } from "./ref-csv.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** Reference JSON of fixtures/reference/lm-robust.json. */
export const reference = JSON.parse(readFileSync(root + "fixtures/reference/lm-robust.json", "utf8")) as {
  generator: string;
  packages: Record<string, string>;
  cases: RefCase[];
};

export interface RefCase {
  id: string;
  call: string;
  input: { data: string; formula: string; options: Record<string, unknown> };
  expected: Record<string, unknown>;
  rtol: number;
  note?: string;
}

/** Decode R's encoded number ("NA", "NaN", "Inf") to a JS number. */
export function dec(v: unknown): number {
  if (v === "NA" || v === "NaN" || v === null) return NaN;
  if (v === "Inf") return Infinity;
  if (v === "-Inf") return -Infinity;
  return v as number;
}

let maxRelSeen = 0;
/** Largest relative error seen by {@link near} (for the report). */
export function maxRelativeError(): number {
  return maxRelSeen;
}

/** Expect `actual` to equal R's `expected` to relative `rtol` (absolute floor 1e-12); NA ↔ NaN. */
export function near(actual: number, expected: unknown, rtol: number, what: string): void {
  const e = dec(expected);
  if (Number.isNaN(e)) {
    expect(Number.isNaN(actual), `${what}: expected NA, got ${actual}`).toBe(true);
    return;
  }
  if (!Number.isFinite(e)) {
    expect(actual, what).toBe(e);
    return;
  }
  const err = Math.abs(actual - e);
  if (Math.abs(e) > 1e-6 && rtol <= 1e-8) maxRelSeen = Math.max(maxRelSeen, err / Math.abs(e));
  expect(err <= rtol * Math.abs(e) + 1e-12, `${what}: got ${actual}, R gives ${e} (rel err ${err / Math.abs(e)})`).toBe(true);
}

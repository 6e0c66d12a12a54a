/**
 * Shared pieces of the pwr-style solvers (internal to `src/power`): the
 * exactly-one-unknown check, the option schemas, and the root search with an
 * `UNSOLVABLE` error that states the numbers.
 */
import * as z from "zod/mini";
import { EnsayoError, showValue } from "../errors.js";
import { solveUnknown, UnreachablePowerError, type PowerModel } from "./solve.js";

import type { Alternative } from "../internal/alternative.js";
export { alternativeSchema, canonicalAlternative, type AlternativeInput } from "../internal/alternative.js";

/** Direction of the alternative hypothesis: "two-sided", "less" or "greater" (pwr's values; R's "two.sided" is accepted as input). */
export type PwrAlternative = Alternative;
/** A number that may be left out (`undefined` / `null`) to be solved for. */
export const unknownNumber = z.optional(z.nullable(z.number()));
/** `alpha`: default 0.05; `null` means "solve for alpha" (pwr's `sig.level = NULL`). */
export const alphaSchema = z.optional(z.nullable(z.number().check(z.gt(0), z.lt(1))));
/** `power`: strictly between 0 and 1; `null` or left out means "solve for power". */
export const powerSchema = z.optional(z.nullable(z.number().check(z.gt(0), z.lt(1))));

/**
 * Makes a type where exactly one key of `T` is left out (absent, `undefined` or `null`)
 * and every other key is a number. Used for the solvers' option unions.
 */
export type ExactlyOneUnknown<T extends Record<string, number>> = {
  [K in keyof T]: { [P in K]?: null | undefined } & { [P in Exclude<keyof T, K>]: T[P] };
}[keyof T];

/** Options where the unknown is one of the parameters and `alpha` is given (or defaults to 0.05), or `alpha: null` is the unknown. */
export type SolveFor<T extends Record<string, number>> =
  | (ExactlyOneUnknown<T> & { alpha?: number })
  | ({ [P in keyof T]: T[P] } & { alpha: null });

/**
 * Return the name of the one unknown parameter, or throw `INVALID_OPTION`.
 * `alpha` counts as unknown only when it is `null` (absent means the default 0.05).
 */
export function findUnknown(options: Record<string, unknown>, names: readonly string[]): string {
  const missing = names.filter((k) => (k === "alpha" ? options[k] === null : options[k] === undefined || options[k] === null));
  if (missing.length !== 1) {
    const list = names.map((k) => `\`${k}\``).join(", ");
    throw new EnsayoError(
      "INVALID_OPTION",
      `exactly one of ${list} must be left out (it is the one solved for); ` +
        (missing.length === 0 ? "none was" : `${missing.length} were: ${missing.map((k) => `\`${k}\``).join(", ")}`),
      { hint: "Give every parameter but the one you want computed (set `alpha: null` to solve for alpha)", value: missing },
    );
  }
  return missing[0]!;
}

/** Compact number for messages. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) >= 1e6 || Math.abs(x) < 1e-4)) return x.toExponential(3);
  return String(Number(x.toPrecision(4)));
}

/**
 * Solve `powerAt(x) = target` for x in [lo, hi] to full precision, or throw `UNSOLVABLE`
 * giving the power reached at both ends of the search range.
 */
export function solvePower(
  name: string,
  powerAt: (x: number) => number,
  target: number,
  lo: number,
  hi: number,
  given: string,
): number {
  const model: PowerModel<"x" | "power"> = { power: (v) => powerAt(v.x), ranges: { x: [lo, hi] } };
  return solveWith(model, { x: NaN, power: target }, "x", given, name).x;
}

/**
 * {@link solveUnknown} for a public function: the one unknown of `values` filled in, or
 * `UNSOLVABLE` naming the parameter, the search range, the power at its ends and what was given.
 */
export function solveWith<P extends string>(
  model: PowerModel<P | "power">,
  values: Readonly<Record<P | "power", number>>,
  unknown: P | "power",
  given: string,
  label: string = unknown,
): Record<P | "power", number> {
  try {
    return solveUnknown(model, values, unknown);
  } catch (e) {
    if (e instanceof UnreachablePowerError) {
      const target = values.power;
      throw new EnsayoError(
        "UNSOLVABLE",
        `no \`${label}\` in [${fmt(e.lo)}, ${fmt(e.hi)}] gives power ${showValue(target)} with ${given}: ` +
          `power is ${fmt(e.powerLo)} at ${label} = ${fmt(e.lo)} and ${fmt(e.powerHi)} at ${label} = ${fmt(e.hi)}`,
        { value: target, hint: `Change the other parameters so that the target power ${fmt(target)} lies between those values` },
      );
    }
    throw e;
  }
}

/** "name = value" list of the given parameters, for messages. */
export function givenText(values: Record<string, number | null | undefined>, except: string): string {
  return Object.entries(values)
    .filter(([k, v]) => k !== except && v !== null && v !== undefined)
    .map(([k, v]) => `${k} = ${fmt(v as number)}`)
    .join(", ");
}

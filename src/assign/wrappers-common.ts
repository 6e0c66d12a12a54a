/** Internal: shared steps of the one-call assignment functions (`completeRa`, `blockRa`, …). */
import { EnsayoError } from "../errors.js";
import { named } from "../internal/boundary.js";
import { parseOptions } from "../internal/options.js";
import type { Seed } from "../internal/rng.js";
import { declareRaCore, RaOptionsSchema, type Assignment, type RaOptions } from "./declare-ra.js";

/** Which unit fields a one-call function requires (`true`), refuses (`false`) or leaves open; `simple` draws units independently. */
type RaNeed = { blocks?: boolean; clusters?: boolean; simple?: boolean };

/**
 * The body of every one-call assignment function, run under its name: check the seed and the unit
 * fields (`raCall`), parse the options, declare the design and conduct it with the seed.
 *
 * @example
 * ```ts
 * runRa("completeRa", { n: 4, m: 2, seed: 1 }, { blocks: false, clusters: false }).counts; // [2, 2]
 * ```
 */
export function runRa(name: string, options: RaOptions & { readonly seed: Seed }, need: RaNeed): Assignment {
  return named(name, () => {
    const { seed, rest } = raCall(options, need);
    return declareRaCore(parseOptions(RaOptionsSchema, rest, name), rest).conduct(seed);
  });
}

/**
 * Check the seed and the unit fields a one-call function requires or refuses; the seed, and the
 * options without it (to be declared). Errors carry no function name: the caller's boundary adds it.
 *
 * @example
 * ```ts
 * raCall({ n: 4, m: 2, seed: 1 }, { blocks: false, clusters: false }); // { seed: 1, rest: { n: 4, m: 2 } }
 * ```
 */
export function raCall(
  options: RaOptions & { readonly seed: Seed },
  need: RaNeed,
): { seed: Seed; rest: RaOptions } {
  if (options === null || typeof options !== "object") {
    throw new EnsayoError("INVALID_OPTION", "options must be an object with units and a `seed`");
  }
  const { seed, ...rest } = options;
  if (!(typeof seed === "string" || (typeof seed === "number" && Number.isFinite(seed)))) {
    throw new EnsayoError("INVALID_OPTION", `\`seed\` must be a number or a string; got ${String(seed)}`, {
      value: seed, hint: "Choose a seed and record it, e.g. { seed: 20261129 }",
    });
  }
  const hasBlocks = rest.blocks !== undefined;
  const hasClusters = rest.clusters !== undefined;
  if (need.blocks === true && !hasBlocks) throw new EnsayoError("INVALID_OPTION", "`blocks` is required", { hint: "Give one block per unit, or a column name with `data`" });
  if (need.blocks === false && hasBlocks) throw new EnsayoError("INVALID_OPTION", "does not take `blocks`", { hint: "Use blockRa or blockAndClusterRa for blocked designs" });
  if (need.clusters === true && !hasClusters) throw new EnsayoError("INVALID_OPTION", "`clusters` is required", { hint: "Give one cluster per unit, or a column name with `data`" });
  if (need.clusters === false && hasClusters) throw new EnsayoError("INVALID_OPTION", "does not take `clusters`", { hint: "Use clusterRa or blockAndClusterRa for clustered designs" });
  return { seed, rest: (need.simple ? { ...rest, simple: true } : rest) as RaOptions };
}

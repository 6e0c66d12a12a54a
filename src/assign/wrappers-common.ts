/** Internal: shared body of the one-call assignment functions (`completeRa`, `blockRa`, …). */
import { EnsayoError } from "../errors.js";
import type { Seed } from "../internal/rng.js";
import { declareRaAs, type Assignment, type RaOptions } from "./declare-ra.js";

/** Check the seed, the required unit fields, then declare and conduct. */
export function runRa(
  fn: string,
  options: RaOptions & { readonly seed: Seed },
  need: { blocks?: boolean; clusters?: boolean; simple?: boolean },
): Assignment {
  if (options === null || typeof options !== "object") {
    throw new EnsayoError("INVALID_OPTION", `${fn}: options must be an object with units and a \`seed\``);
  }
  const { seed, ...rest } = options;
  if (!(typeof seed === "string" || (typeof seed === "number" && Number.isFinite(seed)))) {
    throw new EnsayoError("INVALID_OPTION", `${fn}: \`seed\` must be a number or a string; got ${String(seed)}`, {
      value: seed, hint: "Choose a seed and record it, e.g. { seed: 20261129 }",
    });
  }
  const hasBlocks = rest.blocks !== undefined;
  const hasClusters = rest.clusters !== undefined;
  if (need.blocks === true && !hasBlocks) throw new EnsayoError("INVALID_OPTION", `${fn}: \`blocks\` is required`, { hint: "Give one block per unit, or a column name with `data`" });
  if (need.blocks === false && hasBlocks) throw new EnsayoError("INVALID_OPTION", `${fn}: does not take \`blocks\``, { hint: "Use blockRa or blockAndClusterRa for blocked designs" });
  if (need.clusters === true && !hasClusters) throw new EnsayoError("INVALID_OPTION", `${fn}: \`clusters\` is required`, { hint: "Give one cluster per unit, or a column name with `data`" });
  if (need.clusters === false && hasClusters) throw new EnsayoError("INVALID_OPTION", `${fn}: does not take \`clusters\``, { hint: "Use clusterRa or blockAndClusterRa for clustered designs" });
  const opts = (need.simple ? { ...rest, simple: true } : rest) as RaOptions;
  return declareRaAs(opts, fn).conduct(seed);
}

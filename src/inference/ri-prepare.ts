/**
 * riTest in three steps, so worker threads can share the work: `prepareRiTest` (options, data,
 * design, statistic, observed value: everything but the assignments), `evaluatePermutations` on a
 * range of the source, and `summarizeRiTest` (p-values, Monte Carlo SE, confidence set).
 */
import type * as z from "zod/mini";
import type { z as zc } from "zod";
import { EnsayoError, isEnsayoError } from "../errors.js";
import { toTable, type DataInput, type Table } from "../data/table.js";
import { parseOptions } from "../internal/options.js";
import type { DesignCondition } from "../design/protocol.js";
import type { PermutationSource } from "./permutation-source.js";
import type { Alternative } from "./p-value.js";
import { resolveAssignment, resolveOutcome, sharpNull } from "./ri-inputs.js";
import { RiTestSchema } from "./ri-schema.js";
import { buildStatistic, type BuiltStatistic } from "./ri-statistic.js";

/** Options of riTest. */
export type RiTestOptions = z.input<typeof RiTestSchema>;
type Parsed = z.output<typeof RiTestSchema>;

/** Everything but the assignments. */
export interface PreparedRiTest {
  readonly options: Parsed;
  readonly alternative: Alternative;
  readonly table: Table;
  readonly conditions: readonly DesignCondition[];
  readonly control: number;
  readonly observedArms: Int32Array;
  readonly source: PermutationSource;
  readonly statistic: BuiltStatistic;
  /** τ per arm (index into conditions; 0 for control). */
  readonly tauByArm: Float64Array;
  /** The K observed values (linear: [A; B] as for each assignment). */
  readonly observed: Float64Array;
}

/**
 * Parse, normalize and build (see the module comment). `fn` is the public function whose options
 * these are (riTest, riTestParallel and its workers): only parseOptions uses it, as on a public
 * function's first line; every other error is named at that function's boundary.
 *
 * @throws EnsayoError as riTest.
 */
export function prepareRiTest(data: DataInput, options: RiTestOptions, fn = "riTest"): PreparedRiTest {
  // zod/mini schemas have the safeParse that parseOptions calls
  const o = parseOptions(RiTestSchema as unknown as zc.ZodType<Parsed>, options, fn);
  const alternative: Alternative = o.alternative === "two.sided" ? "two-sided" : o.alternative;
  const table = toTable(data);
  const y = resolveOutcome(table, o.outcome);
  const { conditions, observed: observedArms, source } = resolveAssignment(table, o.treatment, {
    design: o.design, receipt: o.receipt, permutations: o.permutations, maxExact: o.maxExact, sims: o.sims, seed: o.seed, id: o.id,
  });
  const control = o.control === undefined ? 0 : conditions.findIndex((c) => String(c) === String(o.control));
  if (control < 0) {
    throw new EnsayoError("CONDITION_NOT_FOUND", `\`control\` ${JSON.stringify(o.control)} is not a condition (${conditions.map(String).join(", ")})`, { value: o.control });
  }
  const k = conditions.length;
  if (k < 2) throw new EnsayoError("ONE_ARM", `the design has one condition; a randomization test compares at least two`);
  const nArms = k - 1;
  const taus = o.sharpNull === undefined ? [0] : typeof o.sharpNull === "number" ? [o.sharpNull] : o.sharpNull;
  if (taus.length !== 1 && taus.length !== nArms) {
    throw new EnsayoError("INVALID_OPTION", `\`sharpNull\` needs one effect, or one per arm other than control (${nArms}); got ${taus.length}`, { value: o.sharpNull });
  }
  const tauByArm = new Float64Array(k);
  let a = 0;
  for (let j = 0; j < k; j++) if (j !== control) tauByArm[j] = taus.length === 1 ? taus[0]! : taus[a++]!;
  const y0 = sharpNull(y, observedArms, tauByArm);
  const statistic = buildStatistic(o.statistic ?? "differenceInMeans", {
    table, outcome: o.outcome, treatment: o.treatment, y, conditions, control, observed: observedArms, tauByArm, y0,
    linearParts: o.confidence || taus.some((t) => t !== 0),
  });
  const observed = new Float64Array(statistic.stats.k).fill(NaN);
  try {
    statistic.observe(observed);
  } catch (e) {
    // ensayo's own refusal (a missing column, a bad formula) keeps its code; riTest's boundary names it
    if (isEnsayoError(e)) throw e;
    throw new EnsayoError("NOT_ESTIMABLE", `the statistic cannot be computed on the observed assignment: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const nT = statistic.terms.length;
  for (let t = 0; t < nT; t++) {
    const v = observed[t]!;
    if (!Number.isFinite(v)) {
      // a custom statistic has one unnamed value (its term is "statistic"): name the function, not the term
      const custom = statistic.kind === "custom";
      const value = Number.isNaN(v) ? "NaN" : v > 0 ? "+Infinity" : "-Infinity";
      const what = custom ? "the `statistic` function returns" : `the statistic of '${statistic.terms[t]}' is`;
      throw new EnsayoError("NOT_ESTIMABLE", `${what} ${value} on the observed assignment, so there is no observed value to compare the permuted ones with`, {
        value: v,
        hint: custom
          ? "Make the function return a finite number on the data as assigned (e.g. no mean of an empty arm, no division by zero)"
          : "Check the data: e.g. a block without one of the arms, or a covariate collinear with the treatment",
      });
    }
  }
  return { options: o, alternative, table, conditions, control, observedArms, source, statistic, tauByArm, observed };
}

/**
 * Internal: the assignments a declared design can produce — counted, listed with their exact
 * probabilities, or streamed — restricted by re-randomization when asked (the assignments that
 * pass the criterion, probabilities renormalized).
 */
import { EnsayoError } from "../errors.js";
import type { AssignmentVisitor } from "../design/protocol.js";
import { rngFrom, type Seed } from "../internal/rng.js";
import { expandArms, type Plan } from "./engine.js";
import type { Restriction, RestrictedDraw } from "./restricted-draws.js";
import { countSupport, enumerateSupport, forEachSupport } from "./support.js";

/** Exhaustive enumeration is attempted up to this many assignments (re-randomized designs). */
const ENUMERATION_LIMIT = 100_000;

/** Every assignment (unit level) with its probability. */
export interface Enumerated {
  readonly arms: Int32Array[];
  readonly probs: Float64Array;
}

/** A set of assignments: every one with its probability (`exhaustive`), or draws. */
export interface AssignmentList {
  readonly arms: Int32Array[];
  readonly exhaustive: boolean;
  readonly probabilities: Float64Array | null;
}

/** The support of one design, counted and enumerated at most once. */
export class AssignmentSpace {
  private supportCache: bigint | null | undefined;
  private enumeratedCache: Enumerated | null = null;

  constructor(
    private readonly plan: Plan,
    private readonly restriction: Restriction | null,
  ) {}

  /** Number of assignments before the restriction; null when not countable (`balanceAcrossBlocks`). */
  support(): bigint | null {
    if (this.supportCache === undefined) this.supportCache = this.plan.balance ? null : countSupport(this.plan);
    return this.supportCache;
  }

  /** True when the support is small enough to list. */
  smallEnough(): boolean {
    const s = this.support();
    return s !== null && s <= BigInt(ENUMERATION_LIMIT);
  }

  /** The restricted design's list, made once (only when `smallEnough`). */
  enumerated(): Enumerated {
    return (this.enumeratedCache ??= this.enumerateAll());
  }

  /** Number of distinct assignments with positive probability; `Infinity` above 2^53 − 1; `NaN` when unknown. */
  count(): number {
    if (this.plan.balance) return NaN;
    const s = this.support();
    if (!this.restriction) return s === null ? Infinity : Number(s);
    if (!this.smallEnough()) return NaN;
    return this.enumerated().arms.length;
  }

  /** All assignments when there are at most `kMax`, else `kMax` draws from the same procedure. */
  list(kMax: number, seed: Seed, draw: RestrictedDraw): AssignmentList {
    if (!Number.isInteger(kMax) || kMax < 1) {
      throw new EnsayoError("INVALID_OPTION", `\`k\` must be a whole number of at least 1; got ${kMax}`, { value: kMax });
    }
    const n = this.plan.units.n;
    if (!this.plan.balance && this.smallEnough()) {
      const all = this.enumeratedCache ?? (this.restriction ? this.enumerated() : null);
      const count = all ? all.arms.length : Number(this.support());
      if (count <= kMax) {
        const e = all ?? this.enumerateAll();
        return { arms: e.arms, exhaustive: true, probabilities: e.probs };
      }
    }
    const rng = rngFrom(seed);
    const arms: Int32Array[] = [];
    for (let d = 0; d < kMax; d++) {
      const a = new Int32Array(n);
      draw(rng, a);
      arms.push(a);
    }
    return { arms, exhaustive: false, probabilities: null };
  }

  /**
   * Stream every assignment (reused buffer) with its exact probability; `visit` may return `false` to stop.
   *
   * @throws EnsayoError `INVALID_OPTION` when the assignments cannot be listed.
   */
  forEach(visit: AssignmentVisitor): number {
    const { plan, restriction } = this;
    const count = this.count();
    if (!Number.isFinite(count)) {
      throw new EnsayoError("INVALID_OPTION", `this design's assignments cannot be listed (${plan.balance ? "`balanceAcrossBlocks` couples the blocks" : Number.isNaN(count) ? "too many to count under re-randomization" : "more than 2^53"})`, {
        hint: "Draw assignments with `simulate` instead",
      });
    }
    const arm = new Int32Array(plan.units.n);
    let total = 1;
    if (restriction) {
      total = 0;
      forEachSupport(plan, (drawArm, p) => {
        if (restriction.criterion.evaluate(expandArms(plan, drawArm, arm)) <= restriction.threshold) total += p;
      });
    }
    let index = 0;
    forEachSupport(plan, (drawArm, p) => {
      expandArms(plan, drawArm, arm);
      if (restriction && !(restriction.criterion.evaluate(arm) <= restriction.threshold)) return true;
      return visit(arm, p / total, index++);
    });
    return index;
  }

  /** Exhaustive list (unit level) with probabilities, restricted by the criterion when re-randomized. */
  private enumerateAll(): Enumerated {
    const { plan, restriction } = this;
    const { arms: drawSets, probs } = enumerateSupport(plan);
    const arms: Int32Array[] = [];
    const ps: number[] = [];
    let total = 0;
    for (let s = 0; s < drawSets.length; s++) {
      const a = expandArms(plan, drawSets[s]!, new Int32Array(plan.units.n));
      if (restriction && !(restriction.criterion.evaluate(a) <= restriction.threshold)) continue;
      arms.push(a);
      ps.push(probs[s]!);
      total += probs[s]!;
    }
    if (arms.length === 0) {
      throw new EnsayoError("INFEASIBLE_DESIGN", `no possible assignment meets ${restriction!.name} ≤ ${restriction!.threshold}`, {
        hint: "Raise `rerandomize.threshold`",
      });
    }
    return { arms, probs: Float64Array.from(ps, (p) => p / total) };
  }
}

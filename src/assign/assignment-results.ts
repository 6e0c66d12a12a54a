/**
 * Internal: what a declared design gives back — one drawn assignment with its lazily built labels
 * and audit receipt, and each unit's probability of each arm (exact, or simulated for
 * re-randomized designs too large to list).
 */
import { rngFrom, deriveSeed, type Seed } from "../internal/rng.js";
import { VERSION } from "../version.js";
import { withDisplay } from "../report/result-proto.js";
import type { AmountKey, Condition, ResolvedAmounts } from "./amounts.js";
import type { AssignmentSpace } from "./assignment-space.js";
import { countTables, hashCovariates, hashLabels, hashResult, type AssignmentReceipt, type RaType } from "./receipt.js";
import type { BalanceCriterion } from "./rerandomize.js";
import type { Restriction, RestrictedDraw } from "./restricted-draws.js";
import type { ResolvedUnits } from "./units.js";

/** What a design's results are built from. */
export interface DesignFacts {
  readonly type: RaType;
  readonly units: ResolvedUnits;
  readonly amounts: ResolvedAmounts;
  readonly simple: boolean;
  readonly balance: boolean;
  readonly restriction: Restriction | null;
  /** The amount options as given (a JSON copy), for the receipt. */
  readonly amountsGiven: Partial<Record<AmountKey, unknown>>;
}

/** The accepted draw of a re-randomized design. */
export type Rerandomization = null | { readonly criterion: BalanceCriterion; readonly value: number; readonly draws: number; readonly threshold: number };

/**
 * The audit receipt of an assignment; the hashes that depend only on the units are computed once,
 * on first need.
 */
export function receiptMaker(facts: DesignFacts): (arm: Int32Array, seed: Seed, rr: Rerandomization) => AssignmentReceipt {
  const { type, units, amounts, simple, balance, restriction } = facts;
  const { conditions } = amounts;
  let unitHashes: { ids: string | null; blocks: string | null; clusters: string | null; covariates: string | null } | null = null;
  const getUnitHashes = () =>
    (unitHashes ??= {
      ids: hashLabels(units.ids, units),
      blocks: hashLabels(units.blocks, units),
      clusters: hashLabels(units.clusters, units),
      covariates: restriction ? hashCovariates(restriction.criterion.names, restriction.criterion.columns, units) : null,
    });
  return (arm, seed, rr) => {
    const h = getUnitHashes();
    return {
      kind: "assignment_receipt",
      library: "ensayo",
      version: VERSION,
      design: {
        type,
        conditions: [...conditions],
        amounts: facts.amountsGiven,
        simple,
        balanceAcrossBlocks: balance,
        columns: { ...units.columns },
        rerandomize: restriction
          ? { covariates: [...restriction.criterion.names], criterion: restriction.name, threshold: restriction.threshold, maxDraws: restriction.maxDraws, covariatesSha256: h.covariates! }
          : null,
      },
      rng: { algorithm: "seedrandom-arc4", seed },
      units: {
        n: units.n,
        nBlocks: units.blocks ? units.blockLevels.length : null,
        nClusters: units.clusterLevels ? units.clusterLevels.length : null,
        order: units.ids ? "id" : "input",
        idsSha256: h.ids,
        blocksSha256: h.blocks,
        clustersSha256: h.clusters,
      },
      counts: countTables(arm, conditions, units),
      rerandomization: rr ? { criterion: rr.criterion, value: rr.value, draws: rr.draws } : null,
      resultSha256: hashResult(arm, conditions, units),
    };
  };
}

/** One drawn assignment: counts now; the labels and the receipt are built on first access. */
export function assignmentResult(facts: DesignFacts, arm: Int32Array, drawn: { value: number; draws: number }, seed: Seed, makeReceipt: ReturnType<typeof receiptMaker>) {
  const { conditions, k } = facts.amounts;
  const { restriction, units } = facts;
  const counts = new Array<number>(k).fill(0);
  for (let i = 0; i < arm.length; i++) counts[arm[i]!]++;
  const rerandomization: Rerandomization = restriction ? { criterion: restriction.name, value: drawn.value, draws: drawn.draws, threshold: restriction.threshold } : null;
  let condition: Condition[] | undefined;
  let receipt: AssignmentReceipt | undefined;
  const result = {
    kind: "assignment" as const,
    type: facts.type,
    conditions,
    arm,
    ids: units.idsAsGiven,
    counts,
    rerandomization,
    warnings: units.warnings,
  };
  Object.defineProperty(result, "condition", {
    enumerable: true,
    get: () => (condition ??= Array.from(arm, (a) => conditions[a]!)),
  });
  Object.defineProperty(result, "receipt", {
    enumerable: true,
    get: () => (receipt ??= makeReceipt(arm, seed, rerandomization)),
  });
  return result;
}

/**
 * Each unit's probability of each arm: from the amounts (unrestricted), summed over the listed
 * assignments (restricted, small), or simulated from `draws` restricted draws.
 */
export function probabilityMatrix(facts: DesignFacts, space: AssignmentSpace, draw: RestrictedDraw, popts?: { draws?: number; seed?: Seed }) {
  const { units, amounts, restriction } = facts;
  const { conditions, k } = amounts;
  const n = units.n;
  const matrix = conditions.map(() => new Float64Array(n));
  if (!restriction) {
    const drawOf = units.drawOfUnit;
    for (let i = 0; i < n; i++) {
      const b = units.blockOfDraw[drawOf ? drawOf[i]! : i]!;
      for (let j = 0; j < k; j++) matrix[j]![i] = amounts.prob[b * k + j]!;
    }
    return withDisplay({ kind: "conditionProbabilities" as const, conditions, matrix, method: "exact" as const, draws: null, maxStdError: null });
  }
  if (space.smallEnough()) {
    const { arms, probs } = space.enumerated();
    for (let s = 0; s < arms.length; s++) {
      const a = arms[s]!;
      const p = probs[s]!;
      for (let i = 0; i < n; i++) matrix[a[i]!]![i] += p;
    }
    return withDisplay({ kind: "conditionProbabilities" as const, conditions, matrix, method: "exact" as const, draws: null, maxStdError: null });
  }
  const draws = popts?.draws ?? 2000;
  const rng = rngFrom(popts?.seed ?? deriveSeed("ensayo", "probabilities"));
  const arm = new Int32Array(n);
  for (let d = 0; d < draws; d++) {
    draw(rng, arm);
    for (let i = 0; i < n; i++) matrix[arm[i]!]![i]++;
  }
  let maxVar = 0;
  for (const col of matrix) {
    for (let i = 0; i < n; i++) {
      col[i] /= draws;
      maxVar = Math.max(maxVar, col[i]! * (1 - col[i]!));
    }
  }
  return withDisplay({ kind: "conditionProbabilities" as const, conditions, matrix, method: "simulated" as const, draws, maxStdError: Math.sqrt(maxVar / draws) });
}

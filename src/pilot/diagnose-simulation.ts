/**
 * The simulation loop behind `pilot.diagnose`: draw the declared design's assignment, draw every outcome,
 * fit the registered estimator, adjust each family with its registered method, once with the effects and
 * once under zero effects (internal).
 */
import type { RaDesign } from "../assign/declare-ra.js";
import { makeTable, type Column, type ColumnType, type Table } from "../data/table.js";
import { coefficientRow } from "../estimators/dim-inference.js";
import type { CoefficientRow } from "../estimators/types.js";
import { createRng, deriveSeed, type Seed } from "../internal/rng.js";
import { familyAdjusted, randomizationP } from "./diagnose-steps.js";
import type { PilotPlan } from "./plan-schema.js";
import { fitRegistered } from "./registered-estimator.js";

/** What one simulated outcome is made of (outcome units). */
export interface SimulatedOutcome {
  readonly column: string;
  readonly effect: number;
  /** Slope on the standardized first covariate: √R²·σ. */
  readonly slope: number;
  readonly sdCluster: number;
  readonly sdUnit: number;
}

/** Inputs of {@link simulateRegistered}. */
export interface RegisteredSimulation {
  readonly plan: PilotPlan;
  readonly design: RaDesign;
  /** Baseline columns the estimator reads (blocks, clusters, covariates), one row per design unit. */
  readonly units: Table;
  /** Cluster index of each unit (−1 without clusters) and the number of clusters. */
  readonly clusterIndex: Int32Array;
  readonly nClusters: number;
  /** The standardized first covariate (NaN read as 0). */
  readonly x: Float64Array;
  readonly outcomes: readonly SimulatedOutcome[];
  /** Correlation of any two outcomes' noise, at the cluster and the unit level alike. */
  readonly correlation: number;
  readonly sims: number;
  readonly seed: Seed;
  /** Inner assignments per simulation for resampling adjustments and randomization inference. */
  readonly innerDraws: number;
  /** Also run the randomization test of every outcome inside each simulation. */
  readonly randomization: boolean;
}

/** Per simulation and outcome (index `s * K + k`): estimates, and rejections with and without the effects. */
export interface RegisteredSimRaw {
  readonly estimate: Float64Array;
  readonly stdError: Float64Array;
  readonly covered: Uint8Array;
  /** Raw p ≤ α: with the effects, then under zero effects. */
  readonly rejectRaw: Uint8Array;
  readonly nullRejectRaw: Uint8Array;
  /**
   * Adjusted p ≤ α within the family, per family entry (index `s * E + e`, entries numbered family by family in
   * plan order, as the result's outcome rows): with the effects, then under zero effects.
   */
  readonly rejectAdjusted: Uint8Array;
  readonly nullRejectAdjusted: Uint8Array;
  /** Randomization p ≤ α (only with `randomization`). */
  readonly rejectRi: Uint8Array;
  readonly nullRejectRi: Uint8Array;
  /** Whether `rejectRi` / `nullRejectRi` were filled. */
  readonly randomization: boolean;
  readonly failed: Uint8Array;
  readonly messages: string[];
}

/**
 * The registered estimator's row for the same data without the effect, y − τ·Z, from its row for y: every
 * registered estimator has the arm indicator Z as a regressor (or is a difference in means), so the estimate
 * is the one for y minus τ while the residuals, the SE and the df are unchanged; the p-value and interval follow
 * from them as the estimator computes them. fixtures/reference/pilot-diagnose.R refits y − τ·Z in estimatr to check it.
 */
export function zeroEffectRow(row: CoefficientRow, effect: number, alpha: number): CoefficientRow {
  return coefficientRow(row.term, row.estimate - effect, row.stdError, row.df, alpha, row.outcome);
}

/** The arm indicator's column in the simulation table. */
const TREATED = "__ensayo_treated";

/**
 * Run the simulations. Simulation i draws `design.conductArms(deriveSeed(seed, i))` and the outcomes from
 * `createRng(deriveSeed(seed, "outcomes/" + i))`: per cluster and per unit a common normal and one per
 * outcome, mixed as √ρ·common + √(1 − ρ)·own. The zero-effect run uses the same draws with the effect taken
 * out: for estimators with the arm indicator as a regressor (all three registered ones) its estimate is the
 * effect run's minus the effect and its SE is unchanged, so only the resampling steps are rerun.
 */
export function simulateRegistered(sim: RegisteredSimulation): RegisteredSimRaw {
  const { plan, design, units, outcomes, sims } = sim;
  const n = units.nRows;
  const K = outcomes.length;
  const E = plan.families.reduce((a, f) => a + f.outcomes.length, 0);
  const alpha = plan.alpha;
  const treatedArm = design.conditions.findIndex((c) => String(c) === String(plan.design.conditions[1]));
  const labels = design.conditions.map(String);
  const cols: Record<string, Column> = Object.create(null);
  const types: Record<string, ColumnType> = Object.create(null);
  for (const name of units.names) {
    cols[name] = units.columns[name]!;
    types[name] = units.types[name]!;
  }
  cols[TREATED] = new Float64Array(n);
  types[TREATED] = "number";
  cols[plan.design.treatment] = new Array<string | null>(n).fill(labels[0]!);
  types[plan.design.treatment] = "text";
  for (const o of outcomes) {
    cols[o.column] = new Float64Array(n);
    types[o.column] = "number";
  }
  // one table for the run (makeTable copies its input, so the columns are taken from it): its arm and
  // outcome columns are overwritten in place each simulation, and the estimators keep nothing
  const table = makeTable(cols, { types });
  const t = table.columns[TREATED] as Float64Array;
  const armLabel = table.columns[plan.design.treatment] as (string | null)[];
  const ys = outcomes.map((o) => table.columns[o.column] as Float64Array);
  const raw: RegisteredSimRaw = {
    estimate: new Float64Array(sims * K), stdError: new Float64Array(sims * K), covered: new Uint8Array(sims * K),
    rejectRaw: new Uint8Array(sims * K), rejectAdjusted: new Uint8Array(sims * E),
    nullRejectRaw: new Uint8Array(sims * K), nullRejectAdjusted: new Uint8Array(sims * E),
    rejectRi: new Uint8Array(sims * K), nullRejectRi: new Uint8Array(sims * K),
    randomization: sim.randomization, failed: new Uint8Array(sims), messages: [],
  };
  let entry = 0;
  const families = plan.families.map((f) => ({
    family: f,
    method: f.multiplicity,
    members: f.outcomes.map((o) => outcomes.findIndex((s) => s.column === o.column)),
    entries: f.outcomes.map(() => entry++),
  }));
  const commonCluster = new Float64Array(sim.nClusters);
  const ownCluster = new Float64Array(sim.nClusters * K);
  const a = Math.sqrt(sim.correlation);
  const b = Math.sqrt(1 - sim.correlation);
  let arm: Int32Array = new Int32Array(n);
  const p = new Float64Array(K);
  const pNull = new Float64Array(K);
  for (let s = 0; s < sims; s++) {
    arm = design.conductArms(deriveSeed(sim.seed, s), arm);
    for (let i = 0; i < n; i++) {
      t[i] = arm[i] === treatedArm ? 1 : 0;
      armLabel[i] = labels[arm[i]!]!;
    }
    const rng = createRng(deriveSeed(sim.seed, `outcomes/${s}`));
    for (let c = 0; c < sim.nClusters; c++) {
      commonCluster[c] = rng.normal();
      for (let k = 0; k < K; k++) ownCluster[c * K + k] = rng.normal();
    }
    for (let i = 0; i < n; i++) {
      const common = rng.normal();
      const c = sim.clusterIndex[i]!;
      for (let k = 0; k < K; k++) {
        const o = outcomes[k]!;
        const u = c < 0 ? 0 : o.sdCluster * (a * commonCluster[c]! + b * ownCluster[c * K + k]!);
        ys[k]![i] = o.slope * sim.x[i]! + u + o.sdUnit * (a * common + b * rng.normal()) + o.effect * t[i]!;
      }
    }
    const at = s * K;
    try {
      for (let k = 0; k < K; k++) {
        const o = outcomes[k]!;
        const r = fitRegistered(plan, table, o.column, TREATED).row;
        if (!Number.isFinite(r.estimate) || !Number.isFinite(r.stdError) || !Number.isFinite(r.pValue)) {
          throw new Error(`the estimator returned estimate ${r.estimate}, stdError ${r.stdError}, pValue ${r.pValue} for ${o.column}`);
        }
        // zero effects: the same fit with the effect taken out of the estimate (residuals, SE and df unchanged)
        const nullRow = zeroEffectRow(r, o.effect, alpha);
        raw.estimate[at + k] = r.estimate;
        raw.stdError[at + k] = r.stdError;
        raw.covered[at + k] = r.confLow <= o.effect && o.effect <= r.confHigh ? 1 : 0;
        p[k] = r.pValue;
        pNull[k] = nullRow.pValue;
        raw.rejectRaw[at + k] = r.pValue <= alpha ? 1 : 0;
        raw.nullRejectRaw[at + k] = nullRow.pValue <= alpha ? 1 : 0;
      }
      const inner = deriveSeed(sim.seed, `inner/${s}`);
      const analysis = { plan, table, design, treated: TREATED, draws: sim.innerDraws, seed: inner };
      const adjustAll = (pv: Float64Array, out: Uint8Array): void => {
        for (const f of families) {
          const adjusted = familyAdjusted(analysis, f.family, f.members.map((k) => pv[k]!));
          f.entries.forEach((e, j) => (out[s * E + e] = adjusted[j]! <= alpha ? 1 : 0));
        }
      };
      const riAll = (out: Uint8Array): void => {
        if (!sim.randomization) return;
        for (let k = 0; k < K; k++) {
          out[at + k] = randomizationP(analysis, outcomes[k]!.column) <= alpha ? 1 : 0;
        }
      };
      adjustAll(p, raw.rejectAdjusted);
      riAll(raw.rejectRi);
      // the resampling steps see the outcomes themselves: rerun them on the outcomes without the effects
      if (sim.randomization || families.some((f) => f.method === "westfallYoung" || f.method === "romanoWolf")) {
        for (let k = 0; k < K; k++) for (let i = 0; i < n; i++) ys[k]![i] -= outcomes[k]!.effect * t[i]!;
      }
      adjustAll(pNull, raw.nullRejectAdjusted);
      riAll(raw.nullRejectRi);
    } catch (err) {
      raw.failed[s] = 1;
      const msg = err instanceof Error ? err.message : String(err);
      if (raw.messages.length < 5 && !raw.messages.includes(msg)) raw.messages.push(msg);
    }
  }
  return raw;
}

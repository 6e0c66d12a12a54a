/**
 * The simulation loop behind `pilot.diagnose`: draw the declared design's assignment, draw every outcome,
 * fit the registered estimator, adjust each family with its registered method, once with the effects and
 * once under zero effects (internal).
 */
import type { RaDesign } from "../assign/declare-ra.js";
import { buildTable, type Column, type ColumnType, type Table } from "../data/table.js";
import { coefficientRow } from "../estimators/dim-inference.js";
import type { CoefficientRow } from "../estimators/types.js";
import { rngFrom, deriveSeed, type Seed } from "../internal/rng.js";
import { familyAdjusted, randomizationP } from "./diagnose-steps.js";
import type { ArmColumns } from "./merge-inputs.js";
import type { PilotPlan } from "./plan-schema.js";
import { fitRegistered } from "./registered-estimator.js";

/** What one simulated outcome is made of (outcome units). */
export interface SimulatedOutcome {
  readonly column: string;
  /** The effect of the first treated arm. */
  readonly effect: number;
  /** The effect of every treated arm, in plan order (`[effect]` with two arms). */
  readonly effects: readonly number[];
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

/**
 * Per simulation and hypothesis (outcome k, treated arm j: index `(s * K + k) * T + j`, T treated arms; `s * K + k`
 * with two arms): estimates, and rejections with and without the effects.
 */
export interface RegisteredSimRaw {
  readonly estimate: Float64Array;
  readonly stdError: Float64Array;
  readonly covered: Uint8Array;
  /** Raw p ≤ α: with the effects, then under zero effects. */
  readonly rejectRaw: Uint8Array;
  readonly nullRejectRaw: Uint8Array;
  /**
   * Adjusted p ≤ α within the family, per family entry (index `s * E + e`, entries numbered family by family in
   * plan order, arms within outcome, as the result's outcome rows): with the effects, then under zero effects.
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

/** The arm indicator's column in the simulation table (the first treated arm's; `__ensayo_treated<j>` for arm j > 0). */
const TREATED = "__ensayo_treated";
/** The numeric arm code (0 control, j for the j-th treated arm) with several treated arms (lmLin's treatment). */
const ARM_CODE = "__ensayo_arm";

/** The simulation table's arm columns, as the analysis steps name them. */
export function simulatedArms(plan: PilotPlan): ArmColumns {
  const labels = plan.design.conditions.map(String);
  const treated = labels.slice(1).map((label, j) => ({ label, column: j === 0 ? TREATED : `${TREATED}${j}` }));
  return { control: labels[0]!, treated, code: treated.length > 1 ? ARM_CODE : "" };
}

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
  const arms = simulatedArms(plan);
  const T = arms.treated.length;
  const KT = K * T;
  const E = plan.families.reduce((a, f) => a + f.outcomes.length, 0) * T;
  const alpha = plan.alpha;
  // the plan position (0 control, j + 1 the j-th treated arm) of each of the design's conditions
  const position = Int32Array.from(design.conditions, (c) => plan.design.conditions.findIndex((p) => String(p) === String(c)));
  const labels = design.conditions.map(String);
  const cols: Record<string, Column> = Object.create(null);
  const types: Record<string, ColumnType> = Object.create(null);
  for (const name of units.names) {
    cols[name] = units.columns[name]!;
    types[name] = units.types[name]!;
  }
  for (const a of arms.treated) {
    cols[a.column] = new Float64Array(n);
    types[a.column] = "number";
  }
  if (arms.code) {
    cols[arms.code] = new Float64Array(n);
    types[arms.code] = "number";
  }
  cols[plan.design.treatment] = new Array<string | null>(n).fill(labels[0]!);
  types[plan.design.treatment] = "text";
  for (const o of outcomes) {
    cols[o.column] = new Float64Array(n);
    types[o.column] = "number";
  }
  // one table for the run (makeTable copies its input, so the columns are taken from it): its arm and
  // outcome columns are overwritten in place each simulation, and the estimators keep nothing
  const table = buildTable(cols, { types });
  const ts = arms.treated.map((a) => table.columns[a.column] as Float64Array);
  const t = ts[0]!;
  const code = arms.code ? (table.columns[arms.code] as Float64Array) : null;
  const armLabel = table.columns[plan.design.treatment] as (string | null)[];
  const ys = outcomes.map((o) => table.columns[o.column] as Float64Array);
  const raw: RegisteredSimRaw = {
    estimate: new Float64Array(sims * KT), stdError: new Float64Array(sims * KT), covered: new Uint8Array(sims * KT),
    rejectRaw: new Uint8Array(sims * KT), rejectAdjusted: new Uint8Array(sims * E),
    nullRejectRaw: new Uint8Array(sims * KT), nullRejectAdjusted: new Uint8Array(sims * E),
    rejectRi: new Uint8Array(sims * KT), nullRejectRi: new Uint8Array(sims * KT),
    randomization: sim.randomization, failed: new Uint8Array(sims), messages: [],
  };
  let entry = 0;
  const families = plan.families.map((f) => ({
    family: f,
    method: f.multiplicity,
    // hypotheses outcome × arm, arms within outcome (as pilot.analyze orders a family's rows)
    hypotheses: f.outcomes.flatMap((o) => arms.treated.map((_, j) => ({ outcome: o.column, arm: j }))),
    members: f.outcomes.flatMap((o) => {
      const k = outcomes.findIndex((s) => s.column === o.column);
      return arms.treated.map((_, j) => k * T + j);
    }),
    entries: f.outcomes.flatMap(() => arms.treated.map(() => entry++)),
  }));
  const commonCluster = new Float64Array(sim.nClusters);
  const ownCluster = new Float64Array(sim.nClusters * K);
  const a = Math.sqrt(sim.correlation);
  const b = Math.sqrt(1 - sim.correlation);
  let arm: Int32Array = new Int32Array(n);
  const p = new Float64Array(KT);
  const pNull = new Float64Array(KT);
  for (let s = 0; s < sims; s++) {
    arm = design.conductArms(deriveSeed(sim.seed, s), arm);
    for (let i = 0; i < n; i++) {
      const pos = position[arm[i]!]!;
      for (let j = 0; j < T; j++) ts[j]![i] = pos === j + 1 ? 1 : 0;
      if (code) code[i] = pos;
      armLabel[i] = labels[arm[i]!]!;
    }
    const rng = rngFrom(deriveSeed(sim.seed, `outcomes/${s}`));
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
        let y = o.slope * sim.x[i]! + u + o.sdUnit * (a * common + b * rng.normal()) + o.effect * t[i]!;
        for (let j = 1; j < T; j++) y += o.effects[j]! * ts[j]![i]!;
        ys[k]![i] = y;
      }
    }
    const at = s * KT;
    try {
      for (let k = 0; k < K; k++) {
        const o = outcomes[k]!;
        // the registered fit, as pilot.analyze runs it: every treated arm's row from one call
        const rows = fitRegistered(plan, table, o.column, arms).rows;
        for (let j = 0; j < T; j++) {
          const r = rows[j]!;
          const tau = o.effects[j]!;
          if (!Number.isFinite(r.estimate) || !Number.isFinite(r.stdError) || !Number.isFinite(r.pValue)) {
            throw new Error(`the estimator returned estimate ${r.estimate}, stdError ${r.stdError}, pValue ${r.pValue} for ${o.column}${T > 1 ? ` (${arms.treated[j]!.label})` : ""}`);
          }
          // zero effects: the same fit with the effect taken out of the estimate (residuals, SE and df unchanged)
          const nullRow = zeroEffectRow(r, tau, alpha);
          const h = k * T + j;
          raw.estimate[at + h] = r.estimate;
          raw.stdError[at + h] = r.stdError;
          raw.covered[at + h] = r.confLow <= tau && tau <= r.confHigh ? 1 : 0;
          p[h] = r.pValue;
          pNull[h] = nullRow.pValue;
          raw.rejectRaw[at + h] = r.pValue <= alpha ? 1 : 0;
          raw.nullRejectRaw[at + h] = nullRow.pValue <= alpha ? 1 : 0;
        }
      }
      const inner = deriveSeed(sim.seed, `inner/${s}`);
      const analysis = { plan, table, design, arms, draws: sim.innerDraws, seed: inner };
      const adjustAll = (pv: Float64Array, out: Uint8Array): void => {
        for (const f of families) {
          const adjusted = familyAdjusted(analysis, f.family.name, f.family.multiplicity, f.hypotheses, f.members.map((h) => pv[h]!));
          f.entries.forEach((e, j) => (out[s * E + e] = adjusted[j]! <= alpha ? 1 : 0));
        }
      };
      const riAll = (out: Uint8Array): void => {
        if (!sim.randomization) return;
        for (let k = 0; k < K; k++) {
          for (let j = 0; j < T; j++) out[at + k * T + j] = randomizationP(analysis, outcomes[k]!.column, j) <= alpha ? 1 : 0;
        }
      };
      adjustAll(p, raw.rejectAdjusted);
      riAll(raw.rejectRi);
      // the resampling steps see the outcomes themselves: rerun them on the outcomes without the effects
      if (sim.randomization || families.some((f) => f.method === "westfallYoung" || f.method === "romanoWolf")) {
        for (let k = 0; k < K; k++) {
          for (let j = 0; j < T; j++) {
            const tau = outcomes[k]!.effects[j]!, tj = ts[j]!, y = ys[k]!;
            for (let i = 0; i < n; i++) y[i] -= tau * tj[i]!;
          }
        }
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

/**
 * The joint orthogonality test of one arm against the control (as iebaltab's `ftest`): the arm
 * indicator regressed on every covariate, listwise, and its robust Wald F; with a design, the
 * randomization p-value of that F over the design's assignments (riTest's machinery).
 * Internal to the balance layer.
 */
import { EnsayoError } from "../errors.js";
import type { PermutableDesign } from "../design/protocol.js";
import type { SeType } from "../estimators/types.js";
import { evaluatePermutations, type PermutationStatistics } from "../inference/evaluate-permutations.js";
import { randomizationPValue as rPValue } from "../inference/p-value.js";
import type { PermutationSource } from "../inference/permutation-source.js";
import { countPresent, type ArmComparison, type BalanceSample } from "./balance-sample.js";
import { jointDesign, type CovariateBlock } from "./covariates.js";
import { jointOrthogonality, jointStatisticForAssignments, type JointFit, type JointRegression } from "./regressions.js";

const NAN_JOINT: JointFit = {
  statistic: NaN,
  df1: NaN,
  df2: NaN,
  pValue: NaN,
  classicalStatistic: NaN,
  classicalDf1: NaN,
  classicalDf2: NaN,
  classicalPValue: NaN,
  warnings: [],
};

/** What the joint test of one comparison is computed with. */
export interface JointSettings {
  readonly seType: SeType;
  readonly testType: "F" | "HTZ";
  /** Any covariate missing, per row. */
  readonly missingAny: Uint8Array;
  /** The design's assignments, when a randomization p-value is asked for. */
  readonly source: PermutationSource | null;
  readonly design: PermutableDesign | undefined;
  readonly signal: AbortSignal | undefined;
}

/**
 * The joint test row of one arm against the control. A joint test that cannot be fitted (e.g.
 * every covariate collinear with the blocks) is NaN with a warning, not a refusal.
 *
 * @throws EnsayoError `INVALID_OPTION` when the design's conditions lack the arm or the control.
 */
export function jointTestRow(blocks: readonly CovariateBlock[], sample: BalanceSample, cmp: ArmComparison, settings: JointSettings, warnings: string[]) {
  const { arm, pair, t } = cmp;
  const { control, blockCodes, clusterFactor } = sample;
  const { missingAny, testType, source } = settings;
  const n = pair.length;
  // listwise on every covariate
  const use = new Uint8Array(n);
  let nUsed = 0;
  for (let i = 0; i < n; i++) {
    const ok = pair[i]! & (missingAny[i]! ^ 1);
    use[i] = ok;
    nUsed += ok;
  }
  const regression: JointRegression = { design: jointDesign(blocks, use), use, blocks: blockCodes?.codes ?? null, clusters: clusterFactor?.codes ?? null, seType: settings.seType };
  let jt: JointFit;
  try {
    jt = jointOrthogonality(t, regression, false, testType);
  } catch (e) {
    if (!(e instanceof EnsayoError)) throw e;
    jt = { ...NAN_JOINT, warnings: [`not computable: ${e.message}`] };
  }
  warnings.push(...jt.warnings.map((w) => `joint test (${arm}): ${w}`));
  const randomization = source && Number.isFinite(jt.statistic) ? randomizationTest(blocks, sample, cmp, regression, jt.statistic, settings, warnings) : null;
  return {
    arm,
    control,
    test: testType,
    nObs: nUsed,
    nDropped: cmp.nArm + cmp.nControl - nUsed,
    nClusters: clusterFactor ? countPresent(clusterFactor.codes, use, clusterFactor.levels.length) : NaN,
    statistic: jt.statistic,
    df1: jt.df1,
    df2: jt.df2,
    pValue: jt.pValue,
    classicalStatistic: jt.classicalStatistic,
    classicalDf1: jt.classicalDf1,
    classicalDf2: jt.classicalDf2,
    classicalPValue: jt.classicalPValue,
    randomizationPValue: randomization?.pValue ?? NaN,
    permutations: source ? (randomization?.nPermutations || source.size) : 0,
  };
}

/**
 * The randomization p-value of the joint F: every assignment of the source refits the test on the
 * units it puts in this comparison.
 */
function randomizationTest(
  blocks: readonly CovariateBlock[],
  sample: BalanceSample,
  cmp: ArmComparison,
  regression: JointRegression,
  observed: number,
  settings: JointSettings,
  warnings: string[],
): { pValue: number; nPermutations: number } {
  const { arm, t } = cmp;
  const { base, control } = sample;
  const { missingAny, testType } = settings;
  const source = settings.source!;
  const n = base.length;
  const condLabels = settings.design!.conditions.map(String);
  const ctlIdx = condLabels.indexOf(control);
  const armIdx = condLabels.indexOf(arm);
  if (ctlIdx < 0 || armIdx < 0) {
    throw new EnsayoError("INVALID_OPTION", `the \`design\` conditions (${condLabels.join(", ")}) do not include '${ctlIdx < 0 ? control : arm}'`, {
      hint: "Declare the design with the same condition labels as the treatment column",
    });
  }
  // The covariates do not change between assignments: factor their design once, and refit in full only
  // for an assignment that puts other rows in this comparison (several arms).
  const fastF = jointStatisticForAssignments(t, regression, observed);
  const use = regression.use;
  const useP = new Uint8Array(n);
  const tP = new Uint8Array(n);
  const stats: PermutationStatistics = {
    k: 1,
    evaluate(perm, out) {
      for (let i = 0; i < n; i++) {
        useP[i] = 0;
        tP[i] = 0;
        if (!base[i]) continue;
        const a = perm[i]!;
        if (a !== ctlIdx && a !== armIdx) continue;
        if (missingAny[i]) continue;
        useP[i] = 1;
        tP[i] = a === armIdx ? 1 : 0;
      }
      try {
        out[0] = fastF && sameRows(useP, use) ? fastF(tP)
          : jointOrthogonality(tP, { ...regression, design: jointDesign(blocks, useP), use: useP.slice() }, true, testType).statistic;
      } catch (e) {
        if (!(e instanceof EnsayoError)) throw e;
        out[0] = NaN;
      }
    },
  };
  const values = evaluatePermutations(source, stats, { ...(settings.signal ? { signal: settings.signal } : {}) });
  const failed = values.failed[0]!;
  if (failed > 0) warnings.push(`joint test (${arm}): ${failed} of ${values.size} permuted fits could not be computed and count as not extreme`);
  // Every possible assignment, each with its exact probability: the exact p-value is the probability
  // of a statistic at least as large (the observed assignment is among them). Random draws: the
  // usual (1 + count) / (1 + k), which is valid for equally likely independent draws.
  const exact = source.method === "exact";
  const pValue = Math.min(1, rPValue(values.values, 1, 0, observed, 0, "greater", exact ? values.weights : null, !exact, "notExtreme").pValue);
  return { pValue, nPermutations: values.size };
}

function sameRows(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

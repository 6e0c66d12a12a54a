/**
 * ensayo — evaluate randomized pilots: data, assignment, power, estimators, balance.
 *
 * The browser-safe core: nothing here imports `fs` or any `node:` module.
 * File helpers live in `ensayo/node`. Every export is listed by name, by area.
 *
 * @packageDocumentation
 */

// ── errors ────────────────────────────────────────────────────────────────
export { EnsayoError } from "./errors.js";
export type { EnsayoErrorCode, EnsayoErrorDetails } from "./errors.js";
export { VERSION } from "./version.js";

// ── data ──────────────────────────────────────────────────────────────────
export { asTable, makeTable, isTable, toRows } from "./data/table.js";
export type { Table, Column, ColumnType, DataInput, DataReport, ArrowTableLike, ArqueroTableLike, MakeTableOptions } from "./data/table.js";
export { getColumn, numericColumn, labelColumn } from "./data/column-access.js";
export { parseCsv, DEFAULT_MISSING } from "./data/parse-csv.js";
export type { ParseCsvOptions } from "./data/parse-csv.js";
export type { CellIssue } from "./data/csv-read.js";
export { mergePanel } from "./data/merge-panel.js";
export type { MergePanelOptions, MergePanelResult } from "./data/merge-panel.js";

// ── random numbers ───────────────────────────────────────────────────────
export { createRng } from "./internal/rng.js";
export type { Rng, Seed } from "./internal/rng.js";

// ── math (distributions) ─────────────────────────────────────────────────
export {
  pnorm, qnorm, pt, qt, ptNoncentral, qtNoncentral, pf, qf, pfNoncentral,
  pchisq, qchisq, pchisqNoncentral, pbeta, qbeta, pbetaNoncentral, pgamma, qgamma,
  lgamma, lbeta, gammaFn,
} from "./math/distributions.js";

// ── assignment ───────────────────────────────────────────────────────────
export { declareRa } from "./assign/declare-ra.js";
export { conditionProbabilities } from "./assign/condition-probabilities.js";
export type {
  RaOptions, RaBaseOptions, RaAmounts, RaDesign, RaType, Assignment, AssignmentReceipt, ConditionProbabilities,
  PermutationSet, RerandomizeOptions, Condition, PerBlock, UnitField, UnitLabels,
} from "./assign/declare-ra.js";
export { simpleRa } from "./assign/simple-ra.js";
export type { SimpleRaOptions } from "./assign/simple-ra.js";
export { completeRa } from "./assign/complete-ra.js";
export type { CompleteRaOptions } from "./assign/complete-ra.js";
export { blockRa } from "./assign/block-ra.js";
export type { BlockRaOptions } from "./assign/block-ra.js";
export { clusterRa } from "./assign/cluster-ra.js";
export type { ClusterRaOptions } from "./assign/cluster-ra.js";
export { blockAndClusterRa } from "./assign/block-and-cluster-ra.js";
export type { BlockAndClusterRaOptions } from "./assign/block-and-cluster-ra.js";
export { verifyAssignment, assertAssignment } from "./assign/verify-assignment.js";
export type { VerifyAssignmentInput, VerifyDifference, AssignmentVerification } from "./assign/verify-assignment.js";
export { assignmentRows } from "./assign/assignment-rows.js";
export type { AssignmentRow } from "./assign/assignment-rows.js";
export { assignmentSummary } from "./assign/assignment-summary.js";
export type { AssignmentSummaryRow } from "./assign/assignment-summary.js";

// ── power ────────────────────────────────────────────────────────────────
export { powerTTest } from "./power/power-t-test.js";
export type { PowerTTestOptions, PowerTTestResult, TTestType } from "./power/power-t-test.js";
export { powerT2n } from "./power/power-t2n.js";
export type { PowerT2nOptions, PowerT2nResult } from "./power/power-t2n.js";
export { power2p } from "./power/power-2p.js";
export type { Power2pOptions, Power2pResult } from "./power/power-2p.js";
export { power2p2n } from "./power/power-2p2n.js";
export type { Power2p2nOptions, Power2p2nResult } from "./power/power-2p2n.js";
export { powerF2 } from "./power/power-f2.js";
export type { PowerF2Options, PowerF2Result } from "./power/power-f2.js";
export { cohenH } from "./power/cohen-h.js";
export type { PwrAlternative } from "./power/pwr-common.js";
export { planTrial } from "./power/plan-trial.js";
export type { PlanTrialOptions, PlanTrialResult, TrialSolveFor } from "./power/plan-trial.js";
export { powerCurve } from "./power/power-curve.js";
export type { PowerCurveOptions, PowerCurveResult, PowerCurveRow, PowerCurveVary } from "./power/power-curve.js";
export { powerCurveSvg } from "./power/power-curve-svg.js";
export type { PowerCurveSvgOptions } from "./power/power-curve-svg.js";
export { diagnoseDesign } from "./power/diagnose-design.js";
export type {
  DiagnoseDesignOptions,
  DiagnoseDesignResult,
  DiagnosandRow,
  DesignSpec,
  SimulableDesign,
  SimUnit,
  SimCondition,
  PotentialOutcomes,
  SimulationData,
  SimEstimate,
  SimEstimator,
} from "./power/diagnose-design.js";

// ── estimators ───────────────────────────────────────────────────────────
export { lmRobust } from "./estimators/lm-robust.js";
export type { LmRobustOptions, LmRobustResult, LinearFitResult, FStatistic, LinearModelCall } from "./estimators/lm-robust.js";
export { SE_TYPES, SE_TYPE_NAMES, resolveSeType } from "./kernel/se-types.js";
export type { SeName, SeTypeSpec, SeMeat, SeDf } from "./kernel/se-types.js";
export type { CoefficientRow, SeType, DroppedRows } from "./estimators/types.js";
export { parseFormula } from "./estimators/formula.js";
export type { FormulaSpec, RhsSpec } from "./estimators/formula.js";
export { lmLin } from "./estimators/lm-lin.js";
export type { LmLinOptions } from "./estimators/lm-lin.js";
export { waldTest } from "./estimators/wald-test.js";
export type { WaldTestOptions, WaldTestResult, WaldTestable } from "./estimators/wald-test.js";
export { summary } from "./estimators/summary.js";
export type { SummarizableResult, SummaryOptions } from "./estimators/summary.js";
export { differenceInMeans } from "./estimators/difference-in-means.js";
export type { DifferenceInMeansOptions, DifferenceInMeansResult, DimDesign } from "./estimators/difference-in-means.js";
export { horvitzThompson } from "./estimators/horvitz-thompson.js";
export type { HorvitzThompsonOptions, HorvitzThompsonResult, HtDesignLike, HtDesignType } from "./estimators/horvitz-thompson.js";
export { ivRobust } from "./estimators/iv-robust.js";
export type { IvRobustOptions, IvRobustResult, FirstStageTest, IvDiagnosticTest } from "./estimators/iv-robust.js";

// ── balance and attrition ────────────────────────────────────────────────
export { balanceTable } from "./balance/balance-table.js";
export type { BalanceTableOptions, BalanceTableResult, BalanceRow, JointTestRow, PermutableDesign } from "./balance/balance-table.js";
export { attritionReport } from "./balance/attrition-report.js";
export type { AttritionReportOptions, AttritionReportResult, ResponseRateRow, DifferentialAttritionRow } from "./balance/attrition-report.js";
export { leeBounds } from "./balance/lee-bounds.js";
export type { LeeBoundsOptions, LeeBoundsResult, LeeBoundRow } from "./balance/lee-bounds.js";

// ── randomization inference ──────────────────────────────────────────────
export { riTest } from "./inference/ri-test.js";
export type { RiTestOptions, RiTestResult, RiTestRow, RiStatisticFunction, RiStatisticKind, RiStatisticOption } from "./inference/ri-test.js";
export { nullDistributionSvg } from "./report/null-distribution-svg.js";
export type { NullDistributionSvgOptions } from "./report/null-distribution-svg.js";
export { DESIGN_TYPES } from "./design/protocol.js";
export type { Design, DesignType, DesignCondition, DesignProbabilities, DesignPermutationSet, AssignmentVisitor, ProbabilityDesign } from "./design/protocol.js";

// ── inference: multiple testing and indices ─────────────────────────────
export { adjustPValues, P_ADJUST_METHODS } from "./inference/adjust-p-values.js";
export type { AdjustPValuesOptions, AdjustPValuesResult, PAdjustMethod } from "./inference/adjust-p-values.js";
export { westfallYoung } from "./inference/westfall-young.js";
export type { WestfallYoungOptions, WestfallYoungResult } from "./inference/westfall-young.js";
export { romanoWolf } from "./inference/romano-wolf.js";
export type { RomanoWolfOptions, RomanoWolfResult } from "./inference/romano-wolf.js";
export type { FamilyRow, FamilyPermutations } from "./inference/family-result.js";
export { standardizedIndex } from "./inference/standardized-index.js";
export type { StandardizedIndexOptions, StandardizedIndexResult, IndexComponent } from "./inference/standardized-index.js";

// ── reports and formatting ───────────────────────────────────────────────
export { formatTable, formatNumber } from "./report/format-table.js";
export { FIELD_LABELS, KIND_LABELS, VALUE_LABELS, fieldLabel, kindLabel, valueLabel } from "./report/labels.js";
export type { Lang, Label } from "./report/labels.js";
export type { FormatTableOptions, FormattableInput, TableFormat } from "./report/format-table.js";
export { lovePlotSvg } from "./report/love-plot.js";
export { toHTML, showNumber } from "./report/display.js";
export type { Displayable, DisplayOptions } from "./report/display.js";
export type { LovePlotOptions, LovePlotInput } from "./report/love-plot.js";

// ── declared pilot ───────────────────────────────────────────────────────
export { declarePilot, planHash } from "./pilot/declare-pilot.js";
export type { Pilot, DeclarePilotOptions } from "./pilot/declare-pilot.js";
export { parsePlan } from "./pilot/parse-plan.js";
export { canonicalJson, canonicalHash } from "./pilot/canonical-json.js";
export { PilotPlanSchema, MULTIPLICITY_METHODS, PLAN_ESTIMATORS } from "./pilot/plan-schema.js";
export type { PilotPlan, PilotPlanInput, PlanFamily, MultiplicityMethod } from "./pilot/plan-schema.js";
export type { PilotAssignment, PilotReceipt } from "./pilot/pilot-assign.js";
export type { PilotAnalysis, PilotAnalyzeInput, RandomizationSummary } from "./pilot/pilot-analyze.js";
export type { Deviation, PilotFlow } from "./pilot/merge-inputs.js";
export type { EffectRow, JointEffectRow, WaldRow } from "./pilot/outcome-effects.js";
export type { DistributionSummary } from "./pilot/family-index.js";
export type { PilotNotice, MessageParams } from "./pilot/pilot-notices.js";
export { DEVIATION_PHRASES, NOTICE_PHRASES } from "./report/pilot-phrases.js";
export type { DeviationKind, NoticeCode } from "./report/pilot-phrases.js";
export type { LateRow, SubgroupEffectRow, HeterogeneityRow, CostRow } from "./pilot/secondary-effects.js";
export type { PilotDiagnoseOptions, PilotDiagnosis } from "./pilot/pilot-diagnose.js";
export type { DiagnosedOutcome, DiagnosedFamily } from "./pilot/diagnose-summary.js";
export { designParameters } from "./pilot/design-parameters.js";
export type { DesignParametersOptions, DesignParametersResult } from "./pilot/design-parameters.js";
export type { AnovaIcc } from "./pilot/icc-anova.js";
export { renderReport, reportDocument, REPORT_SECTIONS } from "./report/render-report.js";
export type { RenderReportOptions } from "./report/render-report.js";
export type { ReportDocument, ReportSection, ReportBlock } from "./report/report-model.js";
export { formatLocale } from "./report/locale-number.js";
export { coefficientPlotSvg } from "./report/coefficient-plot.js";
export type { CoefficientPlotRow } from "./report/coefficient-plot.js";
export { randomizationPlotSvg } from "./report/randomization-plot.js";
export type { NextCohort } from "./pilot/next-cohort.js";
export { planTemplate } from "./pilot/plan-template.js";
export { stripJsonComments } from "./pilot/parse-plan.js";

// ── types the options and results above refer to (so the API reference documents them) ──
export type { OneOf } from "./assign/declare-ra.js";
export type { AmountKey } from "./assign/amounts.js";
export type { BalanceCriterion } from "./assign/rerandomize.js";
export type { SolveFor, ExactlyOneUnknown } from "./power/pwr-common.js";
export type { PermutationMethod, SourceDesign } from "./inference/permutation-source.js";
export type { Alternative, AlternativeInput } from "./internal/alternative.js";
export type { FamilyStatisticKind } from "./inference/family-statistics.js";
export type { FwlSeType } from "./inference/fwl-statistic.js";
export type { ReportLang } from "./report/locale-number.js";
export type { NullDistributionInput } from "./report/null-distribution-svg.js";

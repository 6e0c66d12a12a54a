/**
 * The schema of a pilot plan: everything the analysis will do, fixed before the endline.
 *
 * Written with `zod/mini` (browser size budget). Messages are built from zod's issue codes by
 * `parsePlan`, so every refusal names the plan field (`families.0.multiplicity`).
 */
import * as z from "zod/mini";
import { ESTIMATED_SE_TYPE_NAMES } from "../kernel/se-types.js";

/** Multiplicity adjustments a family may register (R's `p.adjust` names, plus the resampling ones). */
export const MULTIPLICITY_METHODS = [
  "none", "bonferroni", "holm", "hochberg", "hommel", "BH", "BY", "sharpenedQ", "westfallYoung", "romanoWolf",
] as const;

/** Estimators a plan may register: difference in means, `lmRobust` with the covariates, or Lin's `lmLin`. */
export const PLAN_ESTIMATORS = ["dim", "lmRobust", "lmLin"] as const;

/** Variance estimators (estimatr's `se_type`). */
export const PLAN_SE_TYPES = ESTIMATED_SE_TYPE_NAMES;

const name = z.string().check(z.minLength(1));
const condition = z.union([z.string().check(z.minLength(1)), z.number()]);

const OutcomeSchema = z.strictObject({
  /** Endline column of the outcome. */
  column: name,
  /** The direction the plan expects: `"increase"`, `"decrease"`, or `"either"` (no prediction). */
  direction: z._default(z.enum(["increase", "decrease", "either"]), "either"),
  /** A readable label for the report (default the column name). */
  label: z.optional(z.string()),
});

const FamilySchema = z.strictObject({
  /** Family name, e.g. `"primary"`, `"secondary"`. */
  name,
  /** True for the family the pilot is judged on (default: the first family). */
  primary: z.optional(z.boolean()),
  /** The outcomes of the family (at least one). */
  outcomes: z.array(OutcomeSchema).check(z.minLength(1)),
  /** How p-values are adjusted within the family. Default `"holm"`. */
  multiplicity: z._default(z.enum(MULTIPLICITY_METHODS), "holm"),
  /** A standardized index of the family's outcomes: `"none"` (default), `"klk"` or `"anderson"`. */
  index: z._default(z.enum(["none", "klk", "anderson"]), "none"),
});

const DesignSchema = z.strictObject({
  /** Arm labels, control first; two arms, or a control and several treated arms. */
  conditions: z.array(condition).check(z.minLength(2), z.maxLength(26)),
  /** Column the assignment file uses for the arm (default `"grupo"`). */
  treatment: z._default(name, "grupo"),
  /** Block column of the baseline (randomization within blocks). */
  blocks: z.optional(name),
  /** Cluster column of the baseline (clusters assigned as wholes). */
  clusters: z.optional(name),
  /** Two arms: probability of treatment (default: half, as randomizr). */
  prob: z.optional(z.number().check(z.gt(0), z.lt(1))),
  /** Two arms: exactly `m` treated units (or clusters), per block with blocks. */
  m: z.optional(z.number().check(z.int(), z.gt(0))),
  /** Several arms: probability of each arm, in the order of `conditions` (declareRa's `probEach`). */
  probEach: z.optional(z.array(z.number().check(z.gt(0), z.lt(1)))),
  /** Several arms: units (or clusters) per arm, in the order of `conditions` (declareRa's `mEach`; designs without blocks). */
  mEach: z.optional(z.array(z.number().check(z.int(), z.gte(0)))),
  /** Allocate block remainders jointly (declareRa's `balanceAcrossBlocks`). */
  balanceAcrossBlocks: z.optional(z.boolean()),
  /** The seed of the assignment, registered with the plan. */
  seed: z.union([z.string().check(z.minLength(1)), z.number()]),
});

const RandomizationInferenceSchema = z.strictObject({
  /** Run randomization inference on every outcome. */
  enabled: z.boolean(),
  /** Assignments redrawn from the declared design (all of them when the design has fewer). */
  draws: z._default(z.number().check(z.int(), z.gte(100), z.lte(1_000_000)), 1000),
  /** Seed of the redraws (default `"<design seed>/ri"`). */
  seed: z.optional(z.union([z.string().check(z.minLength(1)), z.number()])),
});

const CostsSchema = z.strictObject({
  /** Currency of the costs, e.g. `"PYG"`. */
  currency: name,
  /** Cost per unit in each arm, keyed by condition label. */
  perUnit: z.record(z.string(), z.number().check(z.gte(0))),
});

/** The plan schema. Field documentation is in docs/pilot.md. */
export const PilotPlanSchema = z.strictObject({
  /** Plan format version. */
  version: z._default(z.literal(1), 1),
  /** Title of the pilot, for the report. */
  title: z._default(z.string(), ""),
  /** Unit id column, the same in the baseline, the assignment and the endline. */
  id: name,
  /** The assignment: `declareRa`'s options with its seed. */
  design: DesignSchema,
  /** Outcome families. */
  families: z.array(FamilySchema).check(z.minLength(1)),
  /** Baseline covariates (used by `lmRobust` / `lmLin`, and in the balance table). */
  covariates: z._default(z.array(name), []),
  /** Balance table covariates (default: `covariates`). */
  balanceCovariates: z.optional(z.array(name)),
  /** The registered estimator. */
  estimator: z.enum(PLAN_ESTIMATORS),
  /** Variance estimator; default `"CR2"` with clusters, else `"HC2"`. */
  seType: z.optional(z.enum(PLAN_SE_TYPES)),
  /** Randomization inference. */
  randomizationInference: z._default(RandomizationInferenceSchema, { enabled: true, draws: 1000 }),
  /** Size of every test. */
  alpha: z._default(z.number().check(z.gt(0), z.lt(1)), 0.05),
  /** Attrition handling: `"lee"` (Lee 2009 bounds for every outcome) or `"none"`. */
  attrition: z._default(z.enum(["lee", "none"]), "lee"),
  /** Endline column recording who actually took part (0/1): adds the LATE by `ivRobust`. */
  takeUp: z.optional(name),
  /** Pre-registered subgroups: baseline columns whose levels split the sample. */
  subgroups: z._default(z.array(name), []),
  /** Costs per unit and arm, for the cost per unit of effect. */
  costs: z.optional(CostsSchema),
  /** Language of the report. */
  lang: z._default(z.enum(["es", "en"]), "es"),
});

/** A plan as written (defaults may be left out). */
export type PilotPlanInput = z.input<typeof PilotPlanSchema>;
/** A validated plan with every default filled in. */
export type PilotPlan = z.output<typeof PilotPlanSchema>;
/** One outcome family of a plan. */
export type PlanFamily = PilotPlan["families"][number];
/** A multiplicity method name. */
export type MultiplicityMethod = (typeof MULTIPLICITY_METHODS)[number];

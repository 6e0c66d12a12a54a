/**
 * `declarePilot`: one plan, registered before the endline, drives assignment, power, analysis and report.
 */
import { checkKnownKeys } from "../internal/options.js";
import { EnsayoError } from "../errors.js";
import type { DataInput } from "../data/table.js";
import { canonicalHash, canonicalJson } from "./canonical-json.js";
import { parsePlanCore } from "./parse-plan.js";
import { named } from "../internal/boundary.js";
import { assignPilot, type PilotAssignment } from "./pilot-assign.js";
import { analyzePilot, type PilotAnalysis, type PilotAnalyzeInput } from "./pilot-analyze.js";
import { diagnosePilot, type PilotDiagnoseOptions, type PilotDiagnosis } from "./pilot-diagnose.js";
import type { PilotPlan, PilotPlanInput } from "./plan-schema.js";

/** A declared pilot: the validated plan, its hash, and the verbs that carry it out. */
export interface Pilot {
  readonly kind: "declarePilot";
  /** The plan with every default filled in (this is what is hashed). */
  readonly plan: PilotPlan;
  /** Canonical JSON of `plan` (sorted keys, no whitespace). */
  readonly canonical: string;
  /** SHA-256 of `canonical`: register it before the endline. */
  readonly planHash: string;
  /** Draw the registered assignment on the baseline; the receipt carries `planHash`. */
  assign(baseline: DataInput): PilotAssignment;
  /** Power of the registered analysis by simulation, with `planTrial`'s analytic MDE beside it. */
  diagnose(options: PilotDiagnoseOptions): PilotDiagnosis;
  /** Run exactly the registered analysis. */
  analyze(input: PilotAnalyzeInput): PilotAnalysis;
}

/** Options of {@link declarePilot}. */
export interface DeclarePilotOptions {
  /** The hash registered earlier: a different hash throws `PLAN_CHANGED`. */
  readonly registeredHash?: string;
}

/**
 * The hash of a plan: SHA-256 of the canonical JSON of the validated plan with its defaults filled in,
 * so it does not depend on key order, whitespace, or whether a default was written out.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * const plan = JSON.parse(readFileSync("fixtures/pilot/plan.json", "utf8"));
 * planHash(plan); // "339227e94095cb14749feed61dbc59e1a8c4e8f2dfd39a2f60d3ab213907633f"
 * planHash(plan) === planHash(JSON.parse(JSON.stringify(plan, null, 4))); // true
 * ```
 */
export function planHash(plan: unknown): string {
  return named("planHash", () => canonicalHash(parsePlanCore(plan)));
}

/**
 * Declare a pilot from its plan (an object or JSON text).
 *
 * @throws EnsayoError `INVALID_PLAN` naming each failing plan field (an unknown estimator or multiplicity
 *   method among them); `PLAN_CHANGED` when `registeredHash` is given and differs.
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * const pilot = declarePilot(readFileSync("fixtures/pilot/plan.json", "utf8"));
 * pilot.planHash; // "339227e9…"
 * const { receipt } = pilot.assign(readCsvFile("fixtures/pilot/baseline.csv"));
 * receipt.planHash === pilot.planHash; // true
 * ```
 */
export function declarePilot(plan: PilotPlanInput | string, options: DeclarePilotOptions = {}): Pilot {
  return named("declarePilot", () => declarePilotCore(plan, options));
}

/** {@link declarePilot} without the function name on its errors. */
function declarePilotCore(plan: PilotPlanInput | string, options: DeclarePilotOptions): Pilot {
  const FN = "declarePilot";
  checkKnownKeys(options, ["registeredHash"], FN);
  const parsed = parsePlanCore(plan);
  const canonical = canonicalJson(parsed);
  const hash = canonicalHash(parsed);
  if (options.registeredHash !== undefined && options.registeredHash.toLowerCase() !== hash) {
    throw new EnsayoError("PLAN_CHANGED", `the plan's hash ${hash.slice(0, 12)}… differs from the registered ${options.registeredHash.slice(0, 12)}…: the plan was edited after it was registered`, {
      value: options.registeredHash,
      hint: "Analyze with the registered plan; label any change as a deviation in the report",
    });
  }
  return {
    kind: "declarePilot",
    plan: parsed,
    canonical,
    planHash: hash,
    assign: (baseline) => named("pilot.assign", () => assignPilot(parsed, hash, baseline)),
    diagnose: (o) => named("pilot.diagnose", () => diagnosePilot(parsed, o)),
    analyze: (input) => named("pilot.analyze", () => analyzePilot(parsed, hash, input)),
  };
}

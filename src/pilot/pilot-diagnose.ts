/** placeholder, replaced in step 3 */
import type { PilotPlan } from "./plan-schema.js";
export type PilotDiagnoseOptions = Record<string, never>;
export type PilotDiagnosis = { kind: "pilot_diagnosis" };
export function diagnosePilot(_plan: PilotPlan, _o: PilotDiagnoseOptions, _fn: string): PilotDiagnosis {
  return { kind: "pilot_diagnosis" };
}

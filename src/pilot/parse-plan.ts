/**
 * Validate a plan against {@link PilotPlanSchema}, naming every failing field.
 */
import { EnsayoError, showValue } from "../errors.js";
import { named } from "../internal/boundary.js";
import { PilotPlanSchema, type PilotPlan } from "./plan-schema.js";

interface PlanIssue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly values?: readonly unknown[];
  readonly keys?: readonly string[];
  readonly expected?: string;
  readonly minimum?: unknown;
  readonly maximum?: unknown;
  readonly inclusive?: boolean;
  readonly origin?: string;
}

/**
 * Parse a plan (an object, or JSON text) and fill in its defaults.
 *
 * @throws EnsayoError `INVALID_PLAN` naming each failing field (`families.0.multiplicity`) with the value
 *   found and, for a choice, the accepted values.
 * @example
 * ```ts
 * parsePlan({ id: "id", design: { conditions: ["control", "taller"], seed: 1 }, families: [{ name: "p", outcomes: [{ column: "y" }] }], estimator: "dim" }).alpha; // 0.05
 * ```
 */
export function parsePlan(plan: unknown): PilotPlan {
  return named("parsePlan", () => parsePlanCore(plan));
}

/** {@link parsePlan} without the function name on its errors (declarePilot and planHash name their own). */
export function parsePlanCore(plan: unknown): PilotPlan {
  let value = plan;
  if (typeof plan === "string") {
    try {
      value = JSON.parse(stripJsonComments(plan));
    } catch (e) {
      throw new EnsayoError("INVALID_PLAN", `the plan is not valid JSON (${(e as Error).message})`, { cause: e, hint: "Write the plan as JSON: `ensayo plan init` prints a template" });
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new EnsayoError("INVALID_PLAN", `the plan must be an object; got ${showValue(value)}`);
  }
  const result = PilotPlanSchema.safeParse(value);
  if (result.success) return checkCoherence(result.data);
  const issues = result.error.issues as unknown as PlanIssue[];
  const parts = issues.map((issue) => describe(issue, value));
  const first = issues[0]!;
  const firstPath = first.path.map(String).join(".");
  throw new EnsayoError("INVALID_PLAN", `the plan has ${issues.length === 1 ? "an error" : `${issues.length} errors`}: ${parts.join("; ")}`, {
    ...(firstPath ? { column: firstPath } : {}),
    issues: issues.map((i, k) => ({ field: i.path.map(String).join("."), message: parts[k] })),
    hint: "See docs/pilot.md for every plan field, or run `ensayo plan init` for a template",
  });
}

/**
 * Remove `//` line comments and `/* … *\/` block comments outside JSON strings (the plan template is commented).
 *
 * @example
 * ```ts
 * JSON.parse(stripJsonComments('{ "a": 1 // one\n}')); // { a: 1 }
 * ```
 */
export function stripJsonComments(text: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      out += ch;
      if (ch === "\\") out += text[++i] ?? "";
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
      out += ch;
    } else if (ch === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      out += "\n";
    } else if (ch === "/" && text[i + 1] === "*") {
      i += 2;
      while (i < text.length && !(text[i] === "*" && text[i + 1] === "/")) i++;
      i++;
      out += " ";
    } else out += ch;
  }
  return out;
}

function describe(issue: PlanIssue, root: unknown): string {
  const field = issue.path.map(String).join(".") || "plan";
  const got = lookup(root, issue.path);
  const shown = got === undefined ? "" : ` (got ${showValue(got)})`;
  switch (issue.code) {
    case "invalid_value":
      return `\`${field}\` must be one of ${(issue.values ?? []).map((v) => showValue(v)).join(", ")}${shown}`;
    case "unrecognized_keys":
      return `${field === "plan" ? "the plan" : `\`${field}\``} has unknown field${(issue.keys ?? []).length > 1 ? "s" : ""} ${(issue.keys ?? []).map((k) => `\`${k}\``).join(", ")}`;
    case "invalid_type":
      return got === undefined ? `\`${field}\` is required` : `\`${field}\` must be ${issue.expected ?? "of another type"}${shown}`;
    case "too_small":
      return issue.origin === "array" || issue.origin === "string"
        ? `\`${field}\` needs at least ${String(issue.minimum)} ${issue.origin === "array" ? "entries" : "characters"}${shown}`
        : `\`${field}\` must be ${issue.inclusive ? "at least" : "greater than"} ${String(issue.minimum)}${shown}`;
    case "too_big":
      return issue.origin === "array"
        ? `\`${field}\` takes at most ${String(issue.maximum)} entries ${shown}`
        : `\`${field}\` must be ${issue.inclusive ? "at most" : "less than"} ${String(issue.maximum)}${shown}`;
    case "invalid_union":
      return got === undefined ? `\`${field}\` is required` : `\`${field}\` has the wrong type${shown}`;
    default:
      return `\`${field}\` is not valid (${issue.code})${shown}`;
  }
}

function lookup(obj: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = obj;
  for (const key of path) {
    if (cur === null || typeof cur !== "object" || !Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/** Checks between fields that a schema cannot say. */
function checkCoherence(plan: PilotPlan): PilotPlan {
  const problems: string[] = [];
  const conds = plan.design.conditions.map(String);
  const twice = conds.find((c, i) => conds.indexOf(c) !== i);
  if (twice !== undefined) problems.push(`\`design.conditions\` names the same arm twice (${showValue(twice)})`);
  const amounts = (["prob", "m", "probEach", "mEach"] as const).filter((k) => plan.design[k] !== undefined);
  if (amounts.length > 1) problems.push(`\`design.${amounts.join("`, `design.")}\` are alternatives: give at most one`);
  if (conds.length > 2) {
    for (const k of ["prob", "m"] as const) if (plan.design[k] !== undefined) problems.push(`\`design.${k}\` is for two arms; with ${conds.length} arms give \`design.${k}Each\` (one entry per arm)`);
  }
  for (const k of ["probEach", "mEach"] as const) {
    const v = plan.design[k];
    if (v !== undefined && v.length !== conds.length) problems.push(`\`design.${k}\` needs one entry per arm of \`design.conditions\` (${conds.length}); got ${v.length}`);
  }
  const seen = new Map<string, string>();
  plan.families.forEach((f, i) => {
    f.outcomes.forEach((o, j) => {
      const where = `families.${i}.outcomes.${j}.column`;
      if (seen.has(o.column)) problems.push(`\`${where}\` repeats outcome '${o.column}' (already in \`${seen.get(o.column)}\`)`);
      else seen.set(o.column, where);
    });
    if (f.index !== "none" && f.outcomes.length < 2) problems.push(`\`families.${i}.index\` needs at least two outcomes in the family`);
  });
  const names = plan.families.map((f) => f.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) problems.push(`\`families\` repeats the family name '${dup}'`);
  if (plan.families.filter((f) => f.primary).length > 1) problems.push("`families`: at most one family can be `primary`");
  if (plan.estimator === "lmLin" && plan.covariates.length === 0) problems.push("`estimator` 'lmLin' needs at least one entry in `covariates`");
  if (plan.costs) {
    for (const c of plan.design.conditions) {
      if (!(String(c) in plan.costs.perUnit)) problems.push(`\`costs.perUnit\` has no cost for arm '${String(c)}'`);
    }
    for (const k of Object.keys(plan.costs.perUnit)) {
      if (!plan.design.conditions.some((c) => String(c) === k)) problems.push(`\`costs.perUnit.${k}\` names an arm that is not in \`design.conditions\``);
    }
  }
  if (!problems.length) return plan;
  throw new EnsayoError("INVALID_PLAN", `${problems.join("; ")}`, {
    issues: problems,
    hint: "See docs/pilot.md for every plan field",
  });
}

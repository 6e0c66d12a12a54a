/**
 * Internal: the shape a receipt must have before `verifyAssignment` can re-run it, and the
 * field-by-field comparison of a stated receipt with the one the re-run writes.
 */
import * as z from "zod/mini";
import { EnsayoError, showValue } from "../errors.js";
import type { AssignmentReceipt } from "./receipt.js";

const label = z.union([z.string(), z.number()]);
const sha = z.nullable(z.string());

/** The receipt's structure (types only; whether the values are true is what the re-run checks). */
const ReceiptShape = z.object({
  kind: z.literal("assignment_receipt"),
  library: z.string(),
  version: z.string(),
  design: z.object({
    type: z.string(),
    conditions: z.array(label),
    amounts: z.record(z.string(), z.unknown()),
    simple: z.boolean(),
    balanceAcrossBlocks: z.boolean(),
    columns: z.record(z.string(), z.string()),
    rerandomize: z.nullable(z.object({
      covariates: z.array(z.string()),
      criterion: z.string(),
      threshold: z.number(),
      maxDraws: z.number(),
      covariatesSha256: z.string(),
    })),
  }),
  rng: z.object({ algorithm: z.string(), seed: label }),
  units: z.object({
    n: z.number(),
    nBlocks: z.nullable(z.number()),
    nClusters: z.nullable(z.number()),
    order: z.string(),
    idsSha256: sha,
    blocksSha256: sha,
    clustersSha256: sha,
  }),
  counts: z.object({
    byArm: z.record(z.string(), z.number()),
    byBlock: z.nullable(z.record(z.string(), z.record(z.string(), z.number()))),
  }),
  rerandomization: z.nullable(z.object({ criterion: z.string(), value: z.number(), draws: z.number() })),
  resultSha256: z.string(),
  planHash: z.optional(z.string()),
});

/**
 * Throw `INVALID_OPTION` unless `receipt` has every field of an assignment receipt with the right
 * type (a receipt read from a damaged or hand-made JSON file must not crash the re-run).
 *
 * @example
 * ```ts
 * checkReceiptShape({ kind: "assignment_receipt" }); // throws INVALID_OPTION: `receipt.library` is missing; …
 * ```
 */
export function checkReceiptShape(receipt: unknown): asserts receipt is AssignmentReceipt {
  if (receipt === null || typeof receipt !== "object" || Array.isArray(receipt) || (receipt as { kind?: unknown }).kind !== "assignment_receipt") {
    throw new EnsayoError("INVALID_OPTION", `\`receipt\` must be an assignment receipt (\`assignment.receipt\`, or its JSON parsed); got ${showValue(Array.isArray(receipt) ? "an array" : receipt)}`, {
      hint: "Pass the object written as the assignment's receipt, with `kind: \"assignment_receipt\"`",
    });
  }
  const parsed = z.safeParse(ReceiptShape, receipt);
  if (parsed.success) return;
  const parts = parsed.error.issues.slice(0, 5).map((issue) => {
    const path = ["receipt", ...issue.path.map(String)].join(".");
    const value = valueAt(receipt, issue.path as PropertyKey[]);
    if (value === undefined) return `\`${path}\` is missing`;
    const expected = "expected" in issue && issue.expected ? String(issue.expected) : "another value";
    return `\`${path}\` must be ${expected}; got ${showValue(value)}`;
  });
  throw new EnsayoError("INVALID_OPTION", `the receipt is incomplete or damaged: ${parts.join("; ")}`, {
    issues: parsed.error.issues,
    hint: "Use the receipt file exactly as ensayo wrote it",
  });
}

function valueAt(obj: unknown, path: readonly PropertyKey[]): unknown {
  let cur = obj;
  for (const key of path) {
    if (cur === null || typeof cur !== "object" || !Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/** A difference found by the field-by-field comparison. */
export interface FieldDifference {
  readonly what: "library" | "design" | "rng" | "units" | "rerandomization" | "receipt";
  readonly field: string;
  readonly expected: unknown;
  readonly actual: unknown;
  readonly message: string;
}

/**
 * Fields compared elsewhere (with their own `what`) or not certified: `version` (reported, not
 * failing), `design.columns` (where to read the units, not what they are: the unit hashes certify
 * that), `rng.seed` (the re-run uses it; `resultSha256` certifies it), and `planHash` (written by
 * `declarePilot(...).assign`; the plan, not the units, certifies it: `pilot.analyze` compares it with
 * the plan's hash).
 */
const SKIP = new Set([
  "kind", "version", "design.columns", "rng.seed", "units.n", "units.idsSha256", "units.blocksSha256", "units.clustersSha256",
  "design.rerandomize.covariatesSha256", "counts", "resultSha256", "planHash",
]);

const WHAT: Record<string, FieldDifference["what"]> = {
  library: "library", design: "design", rng: "rng", units: "units", rerandomization: "rerandomization",
};

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/**
 * Compare every field of the stated receipt with the receipt the re-run writes, except those in
 * `SKIP`. A field the re-run does not write (one ensayo never writes) is a difference too: it would
 * otherwise look certified.
 *
 * @example
 * ```ts
 * const units = { id: ["a", "b", "c", "d", "e", "f"], region: ["N", "N", "N", "S", "S", "S"] };
 * const r = blockRa({ data: units, id: "id", blocks: "region", seed: 1 }).receipt;
 * const diff = compareReceiptFields({ ...r, units: { ...r.units, nBlocks: 3 } }, r);
 * diff.map((d) => d.field); // ["units.nBlocks"]
 * diff[0]!.message; // "the receipt states `units.nBlocks` = 3, but re-running it gives 2"
 * ```
 */
export function compareReceiptFields(stated: AssignmentReceipt, rerun: AssignmentReceipt): FieldDifference[] {
  const out: FieldDifference[] = [];
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (SKIP.has(path)) return;
    if (isRecord(a) && isRecord(b)) {
      for (const k of Object.keys(a)) {
        const p = path ? `${path}.${k}` : k;
        if (SKIP.has(p)) continue;
        if (!own(b, k)) {
          out.push({ what: "receipt", field: p, expected: a[k], actual: undefined, message: `the receipt states \`${p}\`, a field ensayo does not write; it is not certified by anything, so the receipt is not accepted as written` });
        } else walk(a[k], b[k], p);
      }
      for (const k of Object.keys(b)) {
        const p = path ? `${path}.${k}` : k;
        if (!own(a, k) && !SKIP.has(p)) walk(undefined, b[k], p);
      }
      return;
    }
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    const what = WHAT[path.split(".")[0]!] ?? "receipt";
    out.push({ what, field: path, expected: a, actual: b, message: `the receipt states \`${path}\` = ${JSON.stringify(a) ?? "(nothing)"}, but re-running it gives ${JSON.stringify(b) ?? "(nothing)"}` });
  };
  walk(stated, rerun, "");
  return out;
}

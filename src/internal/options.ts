/**
 * Options are validated once, at the public boundary, with a zod schema; a
 * failure becomes an `INVALID_OPTION` EnsayoError naming the function and option.
 */
import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";
import { EnsayoError, showValue } from "../errors.js";
import { OPTION_HINT, optionMessages } from "./option-messages.js";

let english: z.core.$ZodErrorMap | undefined;

/**
 * zod's messages in English unless the program configured its own (`z.config(...)`): `zod/mini`
 * loads no locale, so without this every message would read "Invalid input". For schemas a caller
 * wrote (any string format); ensayo's own options use the smaller `optionMessages`.
 *
 * @example
 * ```ts
 * z.safeParse(z.number(), "a", { error: zodMessages }).error?.issues[0]?.message; // "Invalid input: expected number, received string"
 * ```
 */
export const zodMessages: z.core.$ZodErrorMap = (issue) => {
  const global = z.config();
  return global.customError?.(issue) ?? global.localeError?.(issue) ?? (english ??= en().localeError)(issue);
};

/**
 * Parse `options` with `schema`, or throw `INVALID_OPTION` naming each bad option.
 *
 * @example
 * ```ts
 * const Schema = z.strictObject({ prob: z._default(z.number().check(z.gt(0), z.lt(1)), 0.5) });
 * parseOptions(Schema, {}, "completeRa").prob;            // 0.5
 * parseOptions(Schema, { prob: 2 }, "completeRa");        // throws INVALID_OPTION: completeRa: `prob`: Too big: expected number to be <1 (got 2)
 * parseOptions(Schema, { porb: 0.3 }, "completeRa");      // throws INVALID_OPTION: … Did you mean `prob`?
 * ```
 */
export function parseOptions<S extends z.core.$ZodType>(schema: S, options: unknown, fn: string): z.output<S> {
  const result = z.safeParse(schema, options ?? {}, { error: optionMessages });
  if (result.success) return result.data;
  const issues = result.error.issues;
  const unknown = issues.find((issue) => issue.code === "unrecognized_keys");
  if (unknown) {
    const keys = (unknown as { keys: string[] }).keys;
    refuseUnknownKeys(fn, keys, knownKeys(schema, unknown.path as PropertyKey[]), unknown.path.map(String), getPath(options, unknown.path as PropertyKey[]), issues);
  }
  const parts = issues.slice(0, 5).map((issue) => {
    const path = issue.path.map(String).join(".");
    const value = getPath(options, issue.path as PropertyKey[]);
    // A required option left out: say so (zod's words alone, "Invalid option: expected one of …", read as a wrong value).
    if (value === undefined && path && issue.code.startsWith("invalid_")) return `\`${path}\` is required (${issue.message})`;
    return `${path ? `\`${path}\`` : "options"}: ${issue.message}` + (value !== undefined ? ` (got ${showValue(value)})` : "");
  });
  const first = issues[0];
  const firstValue = first ? getPath(options, first.path as PropertyKey[]) : undefined;
  throw new EnsayoError("INVALID_OPTION", `${fn}: ${parts.join("; ")}`, {
    ...(first && first.path.length ? { column: first.path.map(String).join(".") } : {}),
    ...(firstValue !== undefined ? { value: firstValue } : {}),
    issues,
    hint: OPTION_HINT,
  });
}

/**
 * Throw `INVALID_OPTION` for the keys of `options` that are not in `known` (for options objects
 * checked without a schema); does nothing when every key is known.
 *
 * @example
 * ```ts
 * checkKnownKeys({ names: ["a"], nmes: 1 }, ["names", "types", "report"], "makeTable");
 * // EnsayoError INVALID_OPTION
 * ```
 */
export function checkKnownKeys(options: unknown, known: readonly string[], fn: string, path: readonly string[] = []): void {
  if (options === null || typeof options !== "object") return;
  const keys = Object.keys(options).filter((k) => !known.includes(k));
  if (keys.length) refuseUnknownKeys(fn, keys, known, path, options, []);
}

function refuseUnknownKeys(fn: string, keys: readonly string[], known: readonly string[], path: readonly string[], at: unknown, issues: unknown[]): never {
  const full = (k: string) => [...path, k].join(".");
  const guess = suggestKey(keys[0]!, known);
  const listed = known.length ? ` ${path.length ? `\`${path.join(".")}\` takes` : `${fn} takes`}: ${known.join(", ")}.` : "";
  const first = keys[0]!;
  const value = at !== null && typeof at === "object" && Object.prototype.hasOwnProperty.call(at, first) ? (at as Record<string, unknown>)[first] : undefined;
  throw new EnsayoError("INVALID_OPTION", `${fn}: unknown option${keys.length > 1 ? "s" : ""} ${keys.map((k) => `\`${full(k)}\``).join(", ")}`, {
    column: full(first),
    ...(value !== undefined ? { value } : {}),
    issues,
    hint: `${guess ? `Did you mean \`${guess}\`?` : "Remove it or check its spelling."}${listed}`,
  });
}

/**
 * R's spellings of options that ensayo names differently, and ensayo's own former names (renamed in
 * issue #11's vocabulary), normalized: lower case, letters and digits only. A name is suggested only
 * to a function that takes it (`clusters` → `nClusters` in planTrial, where `clusters` is no option).
 */
const R_NAMES: Readonly<Record<string, string>> = {
  siglevel: "alpha",
  conflevel: "alpha",
  conditionprs: "treatedProbabilities",
  conditionpr: "treatedProbabilities",
  condition2probabilities: "treatedProbabilities",
  condition1: "control",
  by: "id",
  ids: "id",
  condition2: "treated",
  nsims: "sims",
  sides: "alternative",
  units: "nUnits",
  clusters: "nClusters",
  blocks: "nBlocks",
  covariates: "nCovariates",
};

/**
 * The known option `key` most likely stands for: the same letters in another case or separator
 * (`se_type` → `seType`), R's name for it (`sig.level` → `alpha`), or a close spelling (edit distance
 * at most a third of its length, or a shared start of five letters). Undefined when none is close.
 *
 * @example
 * ```ts
 * suggestKey("sig.level", ["n", "d", "alpha", "power"]); // "alpha"
 * suggestKey("se_type", ["seType", "clusters"]);          // "seType"
 * suggestKey("zz", ["seType", "clusters"]);               // undefined
 * ```
 */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
  const k = norm(key);
  const same = known.find((c) => norm(c) === k);
  if (same) return same;
  const r = R_NAMES[k];
  if (r && known.includes(r)) return r;
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of known) {
    const d = editDistance(k, norm(c));
    if (d < bestD) [best, bestD] = [c, d];
  }
  if (best !== undefined && bestD <= Math.max(1, Math.floor(Math.max(k.length, norm(best).length) / 3))) return best;
  const prefix = known.filter((c) => { const m = norm(c); let i = 0; while (i < k.length && i < m.length && k[i] === m[i]) i++; return i >= 5; });
  return prefix.length === 1 ? prefix[0] : undefined;
}

/** Optimal-string-alignment distance (Levenshtein with adjacent transpositions). */
function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  const d = Array.from({ length: m + 1 }, (_, i) => Array.from({ length: n + 1 }, (_, j) => (i ? (j ? 0 : i) : j)));
  for (let i = 1; i <= m; i++)
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  return d[m]![n]!;
}

/** The option names an object schema takes at `path` (through optional, default, pipe and union wrappers). */
function knownKeys(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  let level: z.core.$ZodType[] = [schema];
  for (const key of [...path, null]) {
    const objects = level.flatMap(objectsIn);
    if (key === null) return [...new Set(objects.flatMap((o) => Object.keys(o)))];
    level = objects.filter((o) => Object.prototype.hasOwnProperty.call(o, key)).map((o) => o[key as string]!);
  }
  return [];
}

/** The shapes of the object schemas `s` is, or wraps (through optional, nullable, default, readonly, catch, pipe, union and intersection). */
function objectsIn(s: z.core.$ZodType): Record<string, z.core.$ZodType>[] {
  const def = s._zod.def as unknown as Record<string, z.core.$ZodType & z.core.$ZodType[]>;
  if (def.type === ("object" as never)) return [def.shape as unknown as Record<string, z.core.$ZodType>];
  if (def.type === ("union" as never)) return def.options!.flatMap(objectsIn);
  const inner = [def.innerType ?? def.in, def.left, def.right].filter((x) => x !== undefined);
  return inner.flatMap(objectsIn);
}

function getPath(obj: unknown, path: PropertyKey[]): unknown {
  let cur: unknown = obj;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    if (!Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

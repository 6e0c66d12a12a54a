/**
 * Deviations, warnings and notes of `pilot.analyze` as codes with values: the English message is
 * written from the bilingual templates of src/report/pilot-phrases.ts, and the report writes the same
 * code in its own language.
 */
import { fillPhrase } from "../report/labels.js";
import { DEVIATION_PHRASES, NOTICE_PHRASES, type DeviationKind, type NoticeCode } from "../report/pilot-phrases.js";
import type { Deviation } from "./merge-inputs.js";

/** Values of a message: ids, counts, names, error codes (the English detail under `detail`). */
export type MessageParams = Readonly<Record<string, string | number>>;

/** A warning or a note as a code with its values. */
export interface PilotNotice {
  readonly code: NoticeCode;
  readonly params: MessageParams;
}

/** Where warnings go: the English sentences (`warnings`) and their codes (`notices`), in the same order. */
export interface Notices {
  readonly warnings: string[];
  readonly notices: PilotNotice[];
}

/** A new, empty list of warnings. */
export function newNotices(): Notices {
  return { warnings: [], notices: [] };
}

/** Add a warning: its code and values, and its English sentence. */
export function notice(to: Notices, code: NoticeCode, params: MessageParams): void {
  to.notices.push({ code, params });
  to.warnings.push(fillPhrase(NOTICE_PHRASES[code], "en", params));
}

/**
 * A deviation of `kind`, its English message written from the template.
 *
 * @example
 * ```ts
 * deviation("unit_count", "id", 2, [], { assignment: 242, baseline: 240 }).message; // "the assignment has 242 units and the baseline 240"
 * ```
 */
export function deviation(kind: DeviationKind, field: string | null, count: number | null, ids: readonly string[], params: MessageParams): Deviation {
  return { kind, field, count, ids: [...ids], params, message: fillPhrase(DEVIATION_PHRASES[kind], "en", params) };
}

/**
 * The error's stable code and English message, as message values.
 *
 * @example
 * ```ts
 * errorParams(new Error("no rows")); // {"error":"Error","detail":"no rows"}
 * ```
 */
export function errorParams(e: unknown): { error: string; detail: string } {
  const code = typeof (e as { code?: unknown })?.code === "string" ? (e as { code: string }).code : e instanceof Error ? e.name : "Error";
  return { error: code, detail: e instanceof Error ? e.message : String(e) };
}

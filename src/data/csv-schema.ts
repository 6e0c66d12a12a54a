/**
 * The schema side of the CSV reader: what a zod schema or `types` ask of the header and of
 * each cell, and the `MISSING_COLUMN`, `NOT_NUMERIC` and `SCHEMA` errors that list what does
 * not fit. Internal to the data layer.
 */
import type { z } from "zod";
import { EnsayoError, showValue } from "../errors.js";
import { nearMatches } from "./columns.js";
import { zodMessages } from "../internal/options.js";
import { describeWhere, type CellIssue, type ResolvedCsvOptions } from "./csv-options.js";
import { formatDate } from "./csv-values.js";
import { nullRecord, type Column, type ColumnType } from "./table.js";

/** What a zod field asks for: a storage type (or none), whether a missing value is allowed, and whether any value of the type passes. */
export interface SchemaField {
  readonly type: ColumnType | undefined;
  readonly optional: boolean;
  readonly plain: boolean;
}

/** Every field of a zod object schema, by column name (null prototype). */
export function schemaFields(schema: ResolvedCsvOptions["schema"]): { shape: Record<string, z.ZodType>; fields: Record<string, SchemaField> } | undefined {
  if (!schema) return undefined;
  // A zod or zod/mini object: both carry `shape`, and their fields `safeParse` and `_zod.def`.
  const shape = schema.shape as Record<string, z.ZodType>;
  const fields = nullRecord<SchemaField>();
  for (const key of Object.keys(shape)) fields[key] = schemaField(shape[key]!);
  return { shape, fields };
}

function schemaField(field: z.ZodType): SchemaField {
  let cur = field as unknown as { _zod: { def: Record<string, unknown> } };
  for (let k = 0; k < 10; k++) {
    const def = cur._zod.def;
    const t = def.type as string;
    if (["optional", "nullable", "default", "prefault", "readonly", "nonoptional", "catch"].includes(t)) {
      cur = def.innerType as typeof cur;
      continue;
    }
    if (t === "pipe") {
      cur = def.in as typeof cur;
      continue;
    }
    break;
  }
  const def = cur._zod.def;
  const t = def.type as string;
  const checks = (def.checks as unknown[] | undefined)?.length ?? 0;
  let type: ColumnType | undefined;
  if (t === "number") type = "number";
  else if (t === "string" || t === "enum") type = "text";
  else if (t === "boolean") type = "boolean";
  else if (t === "date") type = "date";
  else if (t === "literal") {
    const values = def.values as unknown[];
    type = values.every((v) => typeof v === "number") ? "number" : values.every((v) => typeof v === "string") ? "text" : undefined;
  }
  const optional = field.safeParse(undefined).success || field.safeParse(null).success;
  const outer = (field as unknown as { _zod: { def: { type: string; checks?: unknown[] } } })._zod.def;
  const plain = checks === 0 && (t === "number" || t === "string" || t === "boolean" || t === "date") && (outer.checks?.length ?? 0) === 0 && outer.type !== "pipe";
  return { type, optional, plain };
}

/** Where messages say the data came from. */
export interface Origin {
  readonly file: string | undefined;
  /** `file` or "the CSV text". */
  readonly where: string;
}

/** Refuse a header that lacks a column the schema requires, or that `types` names. */
export function checkHeader(
  names: readonly string[],
  schema: ReturnType<typeof schemaFields>,
  types: Readonly<Record<string, ColumnType>> | undefined,
  line: number,
  { file, where }: Origin,
): void {
  const missing = (keys: string[], what: string): EnsayoError => {
    const near = nearMatches(keys[0]!, names);
    return new EnsayoError("MISSING_COLUMN", what + (near.length ? `; did you mean ${near.map((n) => `'${n}'`).join(" or ")}?` : ""), {
      ...(file ? { file } : {}),
      column: keys[0]!,
      ...(schema ? { line, issues: keys } : {}),
      hint: `The columns are: ${names.join(", ")}` + (schema ? ". Rename the column in the file or in the schema, or mark it `.optional()`" : ""),
    });
  };
  if (schema) {
    const absent = Object.keys(schema.shape).filter((k) => !names.includes(k) && !schema.fields[k]!.optional);
    if (absent.length) throw missing(absent, `the schema requires ${absent.length === 1 ? "column" : "columns"} ${absent.map((a) => `'${a}'`).join(", ")}, not found in ${where}`);
  }
  if (types) {
    const unknown = Object.keys(types).filter((k) => !names.includes(k));
    if (unknown.length) {
      const e = missing(unknown, `\`types\` names ${unknown.map((u) => `'${u}'`).join(", ")}, not a column of ${where}`);
      throw new EnsayoError("MISSING_COLUMN", e.message, { ...(file ? { file } : {}), column: unknown[0]!, hint: `The columns are: ${names.join(", ")}` });
    }
  }
}

/** `NOT_NUMERIC`: the first offending cell in the message, every one (up to `maxIssues`) in `issues`. */
export function notNumericError(cells: CellIssue[], total: number, decimal: string, maxIssues: number, { file }: Origin): EnsayoError {
  cells.sort((x, y) => x.line - y.line);
  const first = cells[0]!;
  const more = total - 1;
  return new EnsayoError(
    "NOT_NUMERIC",
    `${describeWhere(file, first.line, first.column)}: ${first.message}` + (more > 0 ? ` (and ${more} more ${more === 1 ? "cell" : "cells"}; see \`issues\`)` : ""),
    {
      ...(file ? { file } : {}),
      line: first.line,
      column: first.column,
      value: first.value,
      issues: cells.slice(0, maxIssues),
      hint: `Correct the ${total === 1 ? "cell" : "cells"} in the file, add the code to \`missing\`, or check \`decimal\` (now '${decimal}') and \`thousands\``,
    },
  );
}

/** The typed columns of a read, for schema validation. */
export interface ReadColumns {
  readonly columns: Record<string, Column>;
  readonly types: Record<string, ColumnType>;
  readonly nRows: number;
  readonly rowLines: Int32Array;
}

/**
 * Validate every cell against the schema (distinct text values are checked once), after the cells
 * that did not fit a forced date or boolean type (`typeIssues`). Throws `SCHEMA` listing them.
 */
export function validateCells(read: ReadColumns, schema: ReturnType<typeof schemaFields>, typeIssues: CellIssue[], nTypeIssues: number, maxIssues: number, origin: Origin): void {
  const issues: CellIssue[] = typeIssues.slice(0, maxIssues);
  let nIssues = nTypeIssues;
  if (nTypeIssues === 0 && schema) {
    for (const key of Object.keys(schema.shape)) {
      if (!(key in read.columns)) continue;
      const field = schema.shape[key]!;
      const info = schema.fields[key]!;
      const col = read.columns[key]!;
      const type = read.types[key]!;
      const cache = new Map<unknown, string | null>();
      for (let r = 0; r < read.nRows; r++) {
        const value = cellValue(col, type, r);
        let problem: string | null;
        if (value === undefined) {
          if (info.optional) continue;
          problem = "is missing";
        } else if (info.plain) continue;
        else {
          const cacheKey = value instanceof Date ? value.getTime() : value;
          const known = cache.get(cacheKey);
          if (known !== undefined) problem = known;
          else {
            const res = field.safeParse(value, { error: zodMessages }); // English messages for zod/mini schemas too
            problem = res.success ? null : (res.error.issues[0]?.message ?? "is not valid");
            if (cache.size < 10000) cache.set(cacheKey, problem);
          }
        }
        if (problem === null) continue;
        nIssues++;
        if (issues.length < maxIssues) issues.push({ line: read.rowLines[r]!, column: key, value: cellText(col, type, r), message: problem });
      }
    }
  }
  if (nIssues === 0) return;
  issues.sort((x, y) => x.line - y.line);
  const shown = issues.slice(0, 5).map((i) => `line ${i.line}, column '${i.column}': ${i.value === null ? "missing value" : showValue(i.value)} — ${i.message}`);
  throw new EnsayoError(
    "SCHEMA",
    `${nIssues} ${nIssues === 1 ? "cell does" : "cells do"} not fit ${schema ? "the schema" : "the column `types`"} in ${origin.where}: ${shown.join("; ")}` + (nIssues > 5 ? "; …" : ""),
    {
      ...(origin.file ? { file: origin.file } : {}),
      line: issues[0]!.line,
      column: issues[0]!.column,
      value: issues[0]!.value,
      issues,
      hint: `Every offending cell (up to ${maxIssues}) is listed in \`issues\`; correct the file or relax the schema`,
    },
  );
}

function cellValue(col: Column, type: ColumnType, row: number): unknown {
  if (col instanceof Float64Array) {
    const v = col[row]!;
    if (Number.isNaN(v)) return undefined;
    if (type === "boolean") return v === 1;
    if (type === "date") return new Date(v);
    return v;
  }
  const v = col[row];
  return v === null ? undefined : v;
}

function cellText(col: Column, type: ColumnType, row: number): string | null {
  if (col instanceof Float64Array) {
    const v = col[row]!;
    if (Number.isNaN(v)) return null;
    if (type === "date") return formatDate(v);
    if (type === "boolean") return v === 1 ? "true" : "false";
    return String(v);
  }
  return col[row] ?? null;
}

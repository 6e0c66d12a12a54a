/**
 * Test helpers: read the committed balance reference JSON and its CSV inputs.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { makeTable, type Column, type Table } from "../../src/data/table.js";

const ROOT = fileURLToPath(new URL("../../fixtures/reference/", import.meta.url));

export interface RefRow {
  covariate: string;
  level: string | null;
  arm: string;
  [key: string]: unknown;
}
export interface RefCase {
  id: string;
  call: string;
  input: {
    file: string;
    treatment: string;
    covariates: string[];
    control: string;
    blocks: string | null;
    clusters: string | null;
    seType: string | null;
  };
  expected: { rows: RefRow[]; joint: Record<string, unknown>[] };
  rtol: number;
}

export function loadReference(): { cases: RefCase[]; packages: Record<string, string> } {
  return JSON.parse(readFileSync(join(ROOT, "balance.json"), "utf8"));
}

/** Decode the R script's encoding of non-finite numbers. */
export function num(v: unknown): number {
  if (v === null || v === "NaN" || v === "NA") return NaN;
  if (v === "Inf") return Infinity;
  if (v === "-Inf") return -Infinity;
  return v as number;
}

/** Minimal RFC-4180 reader for the committed reference CSVs (quoted text, empty = missing). */
export function readReferenceCsv(file: string): Table {
  const text = readFileSync(join(ROOT, file), "utf8").replace(/^\uFEFF/, "");
  const records: { value: string; quoted: boolean }[][] = [];
  let row: { value: string; quoted: boolean }[] = [];
  let cur = "";
  let quoted = false;
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"' && text[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') inQuotes = false;
      else cur += ch;
    } else if (ch === '"') {
      inQuotes = true;
      quoted = true;
    } else if (ch === ",") {
      row.push({ value: cur, quoted });
      cur = "";
      quoted = false;
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push({ value: cur, quoted });
      records.push(row);
      row = [];
      cur = "";
      quoted = false;
    } else cur += ch;
  }
  if (cur !== "" || row.length) {
    row.push({ value: cur, quoted });
    records.push(row);
  }
  const header = records[0]!.map((c) => c.value);
  const body = records.slice(1).filter((r) => r.length === header.length);
  const cols: Record<string, Column> = {};
  header.forEach((name, j) => {
    const cells = body.map((r) => r[j]!);
    const text = cells.some((c) => c.quoted);
    if (text) cols[name] = cells.map((c) => (c.value === "" && !c.quoted ? null : c.value));
    else cols[name] = Float64Array.from(cells, (c) => (c.value === "" ? NaN : Number(c.value)));
  });
  return makeTable(cols, { names: header });
}

/** |a − b| ≤ rtol·|b| + atol, with NaN matching NaN. */
export function close(a: number, b: number, rtol = 1e-8, atol = 1e-12): boolean {
  if (Number.isNaN(b)) return Number.isNaN(a);
  if (!Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= rtol * Math.abs(b) + atol;
}

export function relErr(a: number, b: number): number {
  if (Number.isNaN(a) && Number.isNaN(b)) return 0;
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
}

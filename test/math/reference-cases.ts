/** Loads fixtures/reference/distributions.json and maps each case to ensayo's function. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as d from "../../src/math/distributions.js";

type Encoded = number | string;
export interface ReferenceCase {
  id: string;
  call: string;
  input: { fn: string; args: Encoded[]; lowerTail: boolean };
  expected: Encoded;
  rtol: number;
  rtolReason?: string;
}
export interface ReferenceFile {
  generator: string;
  rVersion: string;
  packages: Record<string, string>;
  cases: ReferenceCase[];
}

export function decode(v: Encoded): number {
  if (typeof v === "number") return v;
  if (v === "NaN" || v === "NA") return NaN;
  if (v === "Inf") return Infinity;
  if (v === "-Inf") return -Infinity;
  const n = Number(v);
  if (Number.isNaN(n)) throw new Error(`unexpected encoded value ${v}`);
  return n;
}

export function loadReference(): ReferenceFile {
  const path = fileURLToPath(new URL("../../fixtures/reference/distributions.json", import.meta.url));
  return JSON.parse(readFileSync(path, "utf8")) as ReferenceFile;
}

/** Evaluates a case with ensayo's implementation. */
export function evaluate(c: ReferenceCase): number {
  const a = c.input.args.map(decode);
  const lt = c.input.lowerTail;
  switch (c.input.fn) {
    case "pnorm": return d.pnorm(a[0], a[1], a[2], lt);
    case "qnorm": return d.qnorm(a[0], a[1], a[2], lt);
    case "pt": return d.pt(a[0], a[1], lt);
    case "qt": return d.qt(a[0], a[1], lt);
    case "ptNoncentral": return d.ptNoncentral(a[0], a[1], a[2], lt);
    case "qtNoncentral": return d.qtNoncentral(a[0], a[1], a[2], lt);
    case "pchisq": return d.pchisq(a[0], a[1], lt);
    case "qchisq": return d.qchisq(a[0], a[1], lt);
    case "pchisqNoncentral": return d.pchisqNoncentral(a[0], a[1], a[2], lt);
    case "pgamma": return d.pgamma(a[0], a[1], a[2], lt);
    case "qgamma": return d.qgamma(a[0], a[1], a[2], lt);
    case "pf": return d.pf(a[0], a[1], a[2], lt);
    case "qf": return d.qf(a[0], a[1], a[2], lt);
    case "pfNoncentral": return d.pfNoncentral(a[0], a[1], a[2], a[3], lt);
    case "pbeta": return d.pbeta(a[0], a[1], a[2], lt);
    case "qbeta": return d.qbeta(a[0], a[1], a[2], lt);
    case "lgamma": return d.lgamma(a[0]);
    default: throw new Error(`unknown function ${c.input.fn}`);
  }
}

/** Relative error of got against expected; 0 when both are the same non-finite value or both are 0. */
export function relError(got: number, expected: number): number {
  if (Number.isNaN(expected)) return Number.isNaN(got) ? 0 : Infinity;
  if (!Number.isFinite(expected)) return got === expected ? 0 : Infinity;
  if (expected === 0) return got === 0 ? 0 : Infinity;
  return Math.abs(got - expected) / Math.abs(expected);
}

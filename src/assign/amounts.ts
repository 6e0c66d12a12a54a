/**
 * Internal: resolve the conditions and the amount options (`m`, `prob`, `mEach`,
 * `probEach`, `blockM`, `blockProb`, `blockMEach`, `blockProbEach`) into, for
 * every block, the guaranteed count per arm (`base`), the fractional remainders
 * (`frac`) and each unit's exact probability per arm (`prob`).
 */
import { idKey, showId } from "../data/ids.js";
import { EnsayoError, showValue } from "../errors.js";
import type { ResolvedUnits } from "./units.js";

/** A value per block: an array in sorted block order (as randomizr) or a record keyed by block label. */
export type PerBlock<T> = readonly T[] | Readonly<Record<string, T>>;

/** A condition label. */
export type Condition = string | number;

export interface AmountOptions {
  conditions?: readonly Condition[];
  numArms?: number;
  m?: number;
  prob?: number;
  mEach?: readonly number[];
  probEach?: readonly number[];
  blockM?: PerBlock<number>;
  blockProb?: PerBlock<number>;
  blockMEach?: PerBlock<readonly number[]>;
  blockProbEach?: PerBlock<readonly number[]>;
  simple?: boolean;
}

/** The option names that fix how many units each arm gets (at most one may be given). */
export const AMOUNT_KEYS = ["m", "prob", "mEach", "probEach", "blockM", "blockProb", "blockMEach", "blockProbEach"] as const;
export type AmountKey = (typeof AMOUNT_KEYS)[number];

export interface ResolvedAmounts {
  readonly conditions: readonly Condition[];
  readonly k: number;
  /** Which amount option was used (or "default"). */
  readonly amount: AmountKey | "default";
  /** Per block × arm (row-major, `b * k + j`): guaranteed count. */
  readonly base: Int32Array;
  /** Per block × arm: fractional expected count beyond `base`, in [0, 1). */
  readonly frac: Float64Array;
  /** Per block: number of remainder units, `N_b − Σ_j base`. */
  readonly rem: Int32Array;
  /** Per block × arm: each unit's exact probability of the arm. */
  readonly prob: Float64Array;
}

const SUM_TOL = 1.5e-8; // R's all.equal tolerance, as randomizr's check

function fail(code: "INVALID_OPTION" | "INFEASIBLE_DESIGN", message: string, value?: unknown, hint?: string): never {
  throw new EnsayoError(code, message, { ...(value !== undefined ? { value } : {}), ...(hint ? { hint } : {}) });
}

function isPerBlockArray<T>(x: PerBlock<T>): x is readonly T[] {
  return Array.isArray(x);
}

function checkProb(name: string, p: unknown): number {
  if (typeof p !== "number" || !Number.isFinite(p) || p < 0 || p > 1) {
    fail("INVALID_OPTION", `\`${name}\` must be a probability between 0 and 1; got ${showValue(p)}`, p);
  }
  return p;
}

function checkCount(name: string, m: unknown): number {
  if (typeof m !== "number" || !Number.isInteger(m) || m < 0) {
    fail("INVALID_OPTION", `\`${name}\` must be a whole number of at least 0; got ${showValue(m)}`, m);
  }
  return m;
}

function checkProbEach(name: string, v: unknown, k: number): number[] {
  if (!Array.isArray(v) || v.length !== k) {
    fail("INVALID_OPTION", `\`${name}\` must hold one probability per arm (${k}); got ${showValue(v)}`, v);
  }
  const out = v.map((p, j) => checkProb(`${name}[${j}]`, p));
  const s = out.reduce((a, b) => a + b, 0);
  if (Math.abs(s - 1) > SUM_TOL) {
    fail("INVALID_OPTION", `\`${name}\` must sum to 1; got ${showValue(v)}, which sums to ${s}`, v, "Give one probability per arm, adding up to 1");
  }
  return out;
}

function checkMEach(name: string, v: unknown, k: number): number[] {
  if (!Array.isArray(v) || v.length !== k) {
    fail("INVALID_OPTION", `\`${name}\` must hold one count per arm (${k}); got ${showValue(v)}`, v);
  }
  return v.map((m, j) => checkCount(`${name}[${j}]`, m));
}

/** Resolve the number of arms and their labels (randomizr's defaults: 0/1 for two arms, T1..Tk beyond). */
export function resolveConditions(o: AmountOptions): Condition[] {
  let kAmounts: number | null = null;
  let kFrom = "";
  if (o.mEach) { kAmounts = o.mEach.length; kFrom = "`mEach`"; }
  else if (o.probEach) { kAmounts = o.probEach.length; kFrom = "`probEach`"; }
  else if (o.blockMEach || o.blockProbEach) {
    const pb = (o.blockMEach ?? o.blockProbEach)!;
    const rows = isPerBlockArray(pb) ? pb : Object.values(pb);
    const first = rows[0];
    if (Array.isArray(first)) { kAmounts = first.length; kFrom = o.blockMEach ? "`blockMEach`" : "`blockProbEach`"; }
  }
  if (o.numArms !== undefined && (!Number.isInteger(o.numArms) || o.numArms < 2)) {
    fail("INVALID_OPTION", `\`numArms\` must be a whole number of at least 2; got ${showValue(o.numArms)}`, o.numArms);
  }
  let conditions: Condition[];
  if (o.conditions !== undefined) {
    conditions = [...o.conditions];
    if (conditions.length < 2) fail("INVALID_OPTION", `\`conditions\` must name at least 2 arms; got ${showValue(o.conditions)}`, o.conditions);
    const seen = new Set<string>();
    for (const c of conditions) {
      if ((typeof c !== "string" && typeof c !== "number") || (typeof c === "number" && !Number.isFinite(c))) {
        fail("INVALID_OPTION", `\`conditions\` must be strings or finite numbers; got ${showValue(c)}`, c);
      }
      const key = String(c);
      if (seen.has(key)) fail("INVALID_OPTION", `\`conditions\` must be unique, but ${showValue(c)} appears twice`, o.conditions);
      seen.add(key);
    }
    if (o.numArms !== undefined && o.numArms !== conditions.length) {
      fail("INVALID_OPTION", `\`numArms\` is ${o.numArms} but \`conditions\` names ${conditions.length} arms`, o.numArms, "Give one of them, or make them agree");
    }
  } else {
    const k = o.numArms ?? kAmounts ?? 2;
    conditions = k === 2 ? [0, 1] : Array.from({ length: k }, (_, j) => `T${j + 1}`);
  }
  if (kAmounts !== null && kAmounts !== conditions.length) {
    fail("INVALID_OPTION", `${kFrom} has ${kAmounts} entries per block or design but there are ${conditions.length} arms`, undefined,
      "Give one amount per arm, in the order of `conditions`");
  }
  return conditions;
}

/** Resolve the amounts into per-block counts, remainders and exact probabilities. */
export function resolveAmounts(o: AmountOptions, units: ResolvedUnits): ResolvedAmounts {
  const amount = pickAmount(o);
  const conditions = resolveConditions(o);
  const k = conditions.length;
  const blocked = units.blocks !== null;
  const what = units.clusters !== null ? "cluster" : "unit";
  checkAmountFitsDesign(o, amount, k, blocked, what);
  const B = units.blockLevels.length;
  const t: BlockTables = {
    k, what, blocked, blockLevels: units.blockLevels,
    base: new Int32Array(B * k), frac: new Float64Array(B * k), rem: new Int32Array(B), prob: new Float64Array(B * k),
  };
  const given = readAmount(o, amount, units, k);
  for (let b = 0; b < B; b++) {
    const nb = units.blockStart[b + 1]! - units.blockStart[b]!;
    if (given.scalarProbs) setProbs(t, b, nb, given.scalarProbs);
    else if (amount === "m" || amount === "blockM") {
      const m = amount === "m" ? given.mScalar : given.bM![b]!;
      if (m > nb) {
        fail("INFEASIBLE_DESIGN", `${blockName(t, b)} has ${plural(t, nb)} but \`${amount}\` asks for ${m}`, m,
          blocked ? "Lower `m`, give `blockM` per block, or merge small blocks" : `\`m\` can be at most the number of ${what}s`);
      }
      setCounts(t, b, nb, [nb - m, m], amount);
    } else if (given.mEach) setCounts(t, b, nb, given.mEach, "mEach");
    else if (given.bME) setCounts(t, b, nb, given.bME[b]!, "blockMEach");
    else if (given.bP) setProbs(t, b, nb, [1 - given.bP[b]!, given.bP[b]!]);
    else if (given.bPE) setProbs(t, b, nb, given.bPE[b]!);
  }
  return { conditions, k, amount, base: t.base, frac: t.frac, rem: t.rem, prob: t.prob };
}

/** The one amount option given (two or more is refused), or "default". */
function pickAmount(o: AmountOptions): AmountKey | "default" {
  const given = AMOUNT_KEYS.filter((key) => o[key] !== undefined && o[key] !== null);
  if (given.length > 1) {
    fail("INVALID_OPTION", `give only one of \`m\`, \`prob\`, \`mEach\`, \`probEach\`, \`blockM\`, \`blockProb\`, \`blockMEach\`, \`blockProbEach\`; got ${given.map((g) => `\`${g}\``).join(" and ")}`,
      undefined, "They are alternative ways to say how many units go to each arm");
  }
  return (given.length > 0 ? given[0] : "default") as AmountKey | "default";
}

/** Refuse an amount option that does not fit the design (simple draws, two arms, blocks). */
function checkAmountFitsDesign(o: AmountOptions, amount: AmountKey | "default", k: number, blocked: boolean, what: string): void {
  if (o.simple) {
    if (blocked) fail("INVALID_OPTION", "`simple: true` cannot be combined with `blocks`", true, "Drop `simple` to assign completely within blocks");
    if (amount !== "default" && amount !== "prob" && amount !== "probEach") {
      fail("INVALID_OPTION", `\`simple: true\` draws every ${what} independently and takes only \`prob\` or \`probEach\`; got \`${amount}\``, undefined,
        "Drop `simple` to assign an exact number, or give `prob`");
    }
  }
  if ((amount === "m" || amount === "prob" || amount === "blockM" || amount === "blockProb") && k !== 2) {
    fail("INVALID_OPTION", `\`${amount}\` is for two arms, but there are ${k}`, undefined,
      `Use \`${amount.startsWith("block") ? "blockMEach` or `blockProbEach" : "mEach` or `probEach"}\` to give one amount per arm`);
  }
  if (amount.startsWith("block") && !blocked) {
    fail("INVALID_OPTION", `\`${amount}\` gives an amount per block, but no \`blocks\` were given`, undefined, "Give `blocks`, or use `m`, `prob`, `mEach` or `probEach`");
  }
  if (amount === "mEach" && blocked) {
    fail("INVALID_OPTION", "`mEach` is one set of counts for the whole design; with `blocks` use `blockMEach`", undefined,
      "Give `blockMEach` with one row of counts per block, or `probEach`");
  }
}

/** The amount option, validated once: probabilities for every block, or counts (scalar, per arm, per block). */
interface ReadAmount {
  scalarProbs: number[] | null;
  mScalar: number;
  mEach: number[] | null;
  bM: number[] | null;
  bP: number[] | null;
  bME: number[][] | null;
  bPE: number[][] | null;
}

function readAmount(o: AmountOptions, amount: AmountKey | "default", units: ResolvedUnits, k: number): ReadAmount {
  const levels = units.blockLevels;
  let scalarProbs: number[] | null = null;
  if (amount === "default") scalarProbs = new Array<number>(k).fill(1 / k);
  else if (amount === "prob") { const p = checkProb("prob", o.prob); scalarProbs = [1 - p, p]; }
  else if (amount === "probEach") scalarProbs = checkProbEach("probEach", o.probEach, k);
  const mScalar = amount === "m" ? checkCount("m", o.m) : 0;
  const mEach = amount === "mEach" ? checkMEach("mEach", o.mEach, k) : null;
  const bM = amount === "blockM" ? perBlock("blockM", o.blockM!, levels).map((m, b) => checkCount(`blockM (block '${levels[b]}')`, m)) : null;
  const bP = amount === "blockProb" ? perBlock("blockProb", o.blockProb!, levels).map((p, b) => checkProb(`blockProb (block '${levels[b]}')`, p)) : null;
  const bME = amount === "blockMEach" ? perBlock("blockMEach", o.blockMEach!, levels).map((v, b) => checkMEach(`blockMEach (block '${levels[b]}')`, v, k)) : null;
  const bPE = amount === "blockProbEach" ? perBlock("blockProbEach", o.blockProbEach!, levels).map((v, b) => checkProbEach(`blockProbEach (block '${levels[b]}')`, v, k)) : null;
  return { scalarProbs, mScalar, mEach, bM, bP, bME, bPE };
}

/** A per-block value in sorted block order (from an array in that order, or a record keyed by block label). */
function perBlock<T>(name: string, pb: PerBlock<T>, blockLevels: readonly string[]): T[] {
  const B = blockLevels.length;
  if (isPerBlockArray(pb)) {
    if (pb.length !== B) {
      fail("INVALID_OPTION", `\`${name}\` must have one entry per block (${B}, in sorted order: ${blockLevels.slice(0, 5).map((l) => `'${l}'`).join(", ")}${B > 5 ? ", …" : ""}); got ${pb.length}`,
        undefined, "Or pass a record keyed by block label");
    }
    return [...pb];
  }
  if (typeof pb !== "object" || pb === null) fail("INVALID_OPTION", `\`${name}\` must be an array or a record keyed by block; got ${showValue(pb)}`, pb);
  // block labels are compared after Unicode NFC normalization, as the blocks themselves
  const byLabel = new Map<string, T>();
  for (const key of Object.keys(pb)) {
    const label = idKey(key);
    if (byLabel.has(label)) fail("INVALID_OPTION", `\`${name}\` names block ${showId(key)} twice (spellings equal after Unicode NFC normalization)`, key);
    byLabel.set(label, (pb as Readonly<Record<string, T>>)[key]!);
  }
  const out: T[] = [];
  for (const level of blockLevels) {
    if (!byLabel.has(level)) {
      fail("INVALID_OPTION", `\`${name}\` has no entry for block '${level}'`, undefined, "Give a value for every block");
    }
    out.push(byLabel.get(level)!);
  }
  const known = new Set(blockLevels);
  for (const key of Object.keys(pb)) {
    if (!known.has(idKey(key))) fail("INVALID_OPTION", `\`${name}\` names block '${key}', which is not among the blocks`, key);
  }
  return out;
}

/** The per block × arm tables being filled, with what error messages need. */
interface BlockTables {
  readonly k: number;
  readonly what: string;
  readonly blocked: boolean;
  readonly blockLevels: readonly string[];
  readonly base: Int32Array;
  readonly frac: Float64Array;
  readonly rem: Int32Array;
  readonly prob: Float64Array;
}

const blockName = (t: BlockTables, b: number): string => (t.blocked ? `block '${t.blockLevels[b]}'` : "the design");
const plural = (t: BlockTables, x: number): string => `${x} ${t.what}${x === 1 ? "" : "s"}`;

/** Block b gets exact counts per arm, which must add up to its size. */
function setCounts(t: BlockTables, b: number, nb: number, counts: readonly number[], name: string): void {
  const k = t.k;
  let s = 0;
  for (const c of counts) s += c;
  if (s !== nb) {
    fail("INFEASIBLE_DESIGN", `${blockName(t, b)} has ${plural(t, nb)} but \`${name}\` asks for ${counts.join(" + ")} = ${s}`, counts,
      `The counts of every arm must add up to the number of ${t.what}s`);
  }
  for (let j = 0; j < k; j++) {
    t.base[b * k + j] = counts[j]!;
    t.prob[b * k + j] = counts[j]! / nb;
  }
}

/** Block b gets probabilities per arm: floors of the expected counts, their fractions and the remainder. */
function setProbs(t: BlockTables, b: number, nb: number, p: readonly number[]): void {
  const k = t.k;
  let floors = 0;
  for (let j = 0; j < k; j++) {
    let e = nb * p[j]!;
    const r = Math.round(e);
    if (Math.abs(e - r) <= 1e-9 * Math.max(1, e)) e = r; // 10 * 0.7 = 7.000000000000001
    const f = Math.floor(e);
    t.base[b * k + j] = f;
    t.frac[b * k + j] = e - f;
    t.prob[b * k + j] = p[j]!;
    floors += f;
  }
  t.rem[b] = nb - floors;
}

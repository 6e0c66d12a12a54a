/**
 * Internal: the support of a declared assignment — every assignment with positive probability,
 * counted (`countSupport`), listed (`enumerateSupport`) or streamed one at a time
 * (`forEachSupport`), each with its exact probability. Split from engine.ts.
 */
import type { ResolvedAmounts } from "./amounts.js";
import type { Plan } from "./engine.js";
import { cumulative, systematicExtras } from "./remainders.js";

/** The count vectors a block can receive under the systematic remainder rule, with their probabilities. */
export function blockSupport(amounts: ResolvedAmounts, b: number): { counts: Int32Array; p: number }[] {
  const { k, base, frac, rem } = amounts;
  const R = rem[b]!;
  const baseCounts = base.slice(b * k, b * k + k);
  if (R === 0) return [{ counts: baseCounts, p: 1 }];
  const cuts = [0, 1];
  let last = k - 1;
  while (last > 0 && frac[b * k + last] === 0) last--;
  let cum = 0;
  for (let j = 0; j < last; j++) {
    cum = cumulative(cum, frac[b * k + j]!, false, R);
    const m = cum - Math.floor(cum);
    if (m > 0 && m < 1) cuts.push(m);
  }
  cuts.sort((a, c) => a - c);
  const byKey = new Map<string, { counts: Int32Array; p: number }>();
  for (let i = 0; i + 1 < cuts.length; i++) {
    const len = cuts[i + 1]! - cuts[i]!;
    if (len <= 0) continue;
    const c = baseCounts.slice();
    systematicExtras(frac, b * k, k, R, (cuts[i]! + cuts[i + 1]!) / 2, c);
    const key = c.join(",");
    const hit = byKey.get(key);
    if (hit) hit.p += len;
    else byKey.set(key, { counts: c, p: len });
  }
  return [...byKey.values()];
}

const LN2 = Math.LN2;

/** log(n!) — exact sums for small n, Stirling's series beyond (relative error < 1e-15). */
export function logFactorial(n: number): number {
  if (n < 2) return 0;
  if (n < 256) {
    let s = 0;
    for (let i = 2; i <= n; i++) s += Math.log(i);
    return s;
  }
  return (n + 0.5) * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * n) - 1 / (360 * n ** 3);
}

function bigFactorialRatio(n: number, counts: ArrayLike<number>): bigint {
  // n! / Π c_j! as a product of binomials C(n, c_1) · C(n − c_1, c_2) · …
  let total = 1n;
  let left = n;
  for (let j = 0; j < counts.length; j++) {
    const c = counts[j]!;
    let binom = 1n;
    const kk = Math.min(c, left - c);
    for (let i = 1; i <= kk; i++) binom = (binom * BigInt(left - kk + i)) / BigInt(i);
    total *= binom;
    left -= c;
  }
  return total;
}

const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * The number of distinct assignments with positive probability, as a BigInt, or
 * `null` when it exceeds 2^53 − 1.
 */
export function countSupport(plan: Plan): bigint | null {
  const { units, amounts, simple } = plan;
  const { k, prob } = amounts;
  const B = units.blockLevels.length;
  let total = 1n;
  for (let b = 0; b < B; b++) {
    const nb = units.blockStart[b + 1]! - units.blockStart[b]!;
    let blockTotal = 0n;
    if (simple) {
      let pos = 0;
      for (let j = 0; j < k; j++) if (prob[b * k + j]! > 0) pos++;
      if (nb * Math.log2(pos) > 60) return null;
      blockTotal = BigInt(pos) ** BigInt(nb);
    } else {
      for (const { counts } of blockSupport(amounts, b)) {
        let lg = logFactorial(nb);
        for (let j = 0; j < k; j++) lg -= logFactorial(counts[j]!);
        if (lg / LN2 > 60) return null;
        blockTotal += bigFactorialRatio(nb, counts);
      }
    }
    total *= blockTotal;
    if (total > MAX_EXACT) return null;
  }
  return total;
}

/** Every assignment (draw-unit arms) with its probability; only call when `countSupport` is small. */
export function enumerateSupport(plan: Plan): { arms: Int32Array[]; probs: number[] } {
  const { units, amounts, simple } = plan;
  const { k, prob } = amounts;
  const B = units.blockLevels.length;
  // Per block: the list of (arrangement of the block's draw units, probability).
  const perBlock: { arr: Int32Array[]; p: number[] }[] = [];
  for (let b = 0; b < B; b++) {
    const start = units.blockStart[b]!;
    const nb = units.blockStart[b + 1]! - start;
    const arr: Int32Array[] = [];
    const ps: number[] = [];
    if (simple) {
      const posArms: number[] = [];
      for (let j = 0; j < k; j++) if (prob[b * k + j]! > 0) posArms.push(j);
      const idx = new Int32Array(nb);
      for (;;) {
        const a = new Int32Array(nb);
        let p = 1;
        for (let i = 0; i < nb; i++) { a[i] = posArms[idx[i]!]!; p *= prob[b * k + a[i]!]!; }
        arr.push(a);
        ps.push(p);
        let i = nb - 1;
        while (i >= 0 && idx[i] === posArms.length - 1) { idx[i] = 0; i--; }
        if (i < 0) break;
        idx[i]!++;
      }
    } else {
      for (const { counts, p } of blockSupport(amounts, b)) {
        const a = new Int32Array(nb);
        let pos = 0;
        for (let j = 0; j < k; j++) for (let c = 0; c < counts[j]!; c++) a[pos++] = j;
        const n = Number(bigFactorialRatio(nb, counts));
        for (;;) {
          arr.push(a.slice());
          ps.push(p / n);
          if (!nextPermutation(a)) break;
        }
      }
    }
    perBlock.push({ arr, p: ps });
  }
  const arms: Int32Array[] = [];
  const probs: number[] = [];
  const idx = new Int32Array(B);
  for (;;) {
    const out = new Int32Array(units.nDraw);
    let p = 1;
    for (let b = 0; b < B; b++) {
      const start = units.blockStart[b]!;
      const a = perBlock[b]!.arr[idx[b]!]!;
      p *= perBlock[b]!.p[idx[b]!]!;
      for (let i = 0; i < a.length; i++) out[units.order[start + i]!] = a[i]!;
    }
    arms.push(out);
    probs.push(p);
    let b = B - 1;
    while (b >= 0 && idx[b] === perBlock[b]!.arr.length - 1) { idx[b] = 0; b--; }
    if (b < 0) break;
    idx[b]!++;
  }
  return { arms, probs };
}

/** One block's place in the streamed enumeration: an odometer digit. */
interface BlockCursor {
  readonly start: number;
  readonly nb: number;
  /** Complete: the count vectors with their probabilities; simple: the arms with positive probability. */
  readonly entries: readonly { counts: Int32Array; p: number; each: number }[];
  readonly posArms: Int32Array;
  entry: number;
  /** Current arrangement of the block's draw units, and (simple designs) the digit of each unit. */
  readonly arr: Int32Array;
  readonly digit: Int32Array;
  /** Probability of the current arrangement. */
  p: number;
}

/**
 * Stream every assignment of the support (draw-unit level) with its exact probability, in the order
 * of {@link enumerateSupport}, holding only one arrangement per block (memory O(n)). `visit` gets a
 * reused buffer and may return `false` to stop; returns the number visited.
 */
export function forEachSupport(plan: Plan, visit: (drawArm: Int32Array, p: number) => boolean | void): number {
  const { units, amounts, simple } = plan;
  const { k, prob } = amounts;
  const B = units.blockLevels.length;
  const cursors: BlockCursor[] = [];
  for (let b = 0; b < B; b++) {
    const start = units.blockStart[b]!;
    const nb = units.blockStart[b + 1]! - start;
    const pos: number[] = [];
    for (let j = 0; j < k; j++) if (prob[b * k + j]! > 0) pos.push(j);
    const entries = simple ? [] : blockSupport(amounts, b).map(({ counts, p }) => ({ counts, p, each: p / Number(bigFactorialRatio(nb, counts)) }));
    const c: BlockCursor = { start, nb, entries, posArms: Int32Array.from(pos), entry: 0, arr: new Int32Array(nb), digit: new Int32Array(nb), p: 1 };
    resetCursor(c, prob, b * k);
    cursors.push(c);
  }
  const out = new Int32Array(units.nDraw);
  const write = (c: BlockCursor): void => {
    for (let i = 0; i < c.nb; i++) out[units.order[c.start + i]!] = c.arr[i]!;
  };
  for (const c of cursors) write(c);
  let visited = 0;
  for (;;) {
    let p = 1;
    for (let b = 0; b < B; b++) p *= cursors[b]!.p;
    visited++;
    if (visit(out, p) === false) return visited;
    let b = B - 1;
    while (b >= 0 && !advanceCursor(cursors[b]!, prob, b * k)) {
      write(cursors[b]!);
      b--;
    }
    if (b < 0) return visited;
    write(cursors[b]!);
  }
}

function resetCursor(c: BlockCursor, prob: Float64Array, off: number): void {
  if (c.entries.length === 0) {
    c.digit.fill(0);
    const a = c.posArms[0]!;
    c.arr.fill(a);
    let p = 1;
    for (let t = 0; t < c.nb; t++) p *= prob[off + a]!;
    c.p = p;
    return;
  }
  c.entry = 0;
  fillEntry(c);
}

function fillEntry(c: BlockCursor): void {
  const e = c.entries[c.entry]!;
  let pos = 0;
  for (let j = 0; j < e.counts.length; j++) for (let t = 0; t < e.counts[j]!; t++) c.arr[pos++] = j;
  c.p = e.each;
}

/** Move a block to its next arrangement; false (and back to the first) after the last. */
function advanceCursor(c: BlockCursor, prob: Float64Array, off: number): boolean {
  if (c.entries.length === 0) {
    const m = c.posArms.length;
    let i = c.nb - 1;
    while (i >= 0 && c.digit[i] === m - 1) { c.digit[i] = 0; i--; }
    if (i < 0) {
      resetCursor(c, prob, off);
      return false;
    }
    c.digit[i]!++;
    let p = 1;
    for (let t = 0; t < c.nb; t++) {
      const a = c.posArms[c.digit[t]!]!;
      c.arr[t] = a;
      p *= prob[off + a]!;
    }
    c.p = p;
    return true;
  }
  if (nextPermutation(c.arr)) return true;
  if (c.entry + 1 < c.entries.length) {
    c.entry++;
    fillEntry(c);
    return true;
  }
  resetCursor(c, prob, off);
  return false;
}

/** Lexicographic next permutation of a multiset in place; false when `a` was the last. */
function nextPermutation(a: Int32Array): boolean {
  let i = a.length - 2;
  while (i >= 0 && a[i]! >= a[i + 1]!) i--;
  if (i < 0) return false;
  let j = a.length - 1;
  while (a[j]! <= a[i]!) j--;
  const t = a[i]!; a[i] = a[j]!; a[j] = t;
  for (let l = i + 1, r = a.length - 1; l < r; l++, r--) { const u = a[l]!; a[l] = a[r]!; a[r] = u; }
  return true;
}

/**
 * Internal: the drawing procedures behind `declareRa` — systematic allocation of
 * remainders within a block, dependent rounding of remainders across blocks,
 * the within-block shuffle, and exact enumeration of the support.
 *
 * The procedures (and so the order in which they use the random stream) are
 * part of ensayo's reproducibility promise: golden assignments in
 * `test/assign/golden.test.ts` pin them.
 */
import type { Rng } from "../internal/rng.js";
import type { ResolvedAmounts } from "./amounts.js";
import type { ResolvedUnits } from "./units.js";

/** Everything `conduct` needs, computed once at declare time. */
export interface Plan {
  readonly units: ResolvedUnits;
  readonly amounts: ResolvedAmounts;
  readonly simple: boolean;
  readonly balance: boolean;
}

const EPS = 1e-12;
const TWO52 = 4503599627370496;

/**
 * Systematic selection of the arms that receive one remainder unit: points
 * `u, u+1, …, u+R−1` on the cumulative fractional parts `C_j = f_0 + … + f_j`
 * (the last forced to `R`); arm j gets an extra iff a point falls in `[C_{j−1}, C_j)`.
 * Because every `f_j < 1`, P(arm j gets an extra) = `f_j` exactly.
 */
export function systematicExtras(frac: Float64Array, offset: number, k: number, R: number, u: number, counts: Int32Array): void {
  let last = k - 1;
  while (last > 0 && frac[offset + last] === 0) last--;
  let t = u;
  let cum = 0;
  let taken = 0;
  for (let j = 0; j <= last; j++) {
    cum = cumulative(cum, frac[offset + j]!, j === last, R);
    if (taken < R && t < cum) {
      counts[j]++;
      t += 1;
      taken++;
    }
  }
}

/** Next cumulative sum of fractional parts: snapped to a whole number within 1e-9, and forced to R at the last positive arm. */
function cumulative(cum: number, f: number, isLast: boolean, R: number): number {
  if (isLast) return R;
  const c = cum + f;
  const r = Math.round(c);
  return Math.abs(c - r) < 1e-9 ? r : c;
}

/**
 * Dependent rounding (Gandhi, Khuller, Parthasarathy & Srinivasan 2006) of the
 * blocks × arms matrix of fractional remainders: returns a 0/1 matrix with
 * P(x_bj = 1) = f_bj exactly, every block's row sum equal to its remainder R_b,
 * and every arm's column sum equal to the floor or ceiling of Σ_b f_bj.
 */
export function roundAcrossBlocks(frac: Float64Array, B: number, k: number, rng: Rng, ws: RoundingWorkspace = makeRoundingWorkspace(B, k)): Uint8Array {
  const { x, out, armBlocks, armCount, posIn, armSeen, blockSeen } = ws;
  x.set(frac);
  armCount.fill(0);
  posIn.fill(-1);
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < k; j++) {
      const v = x[b * k + j]!;
      if (v > EPS && v < 1 - EPS) {
        posIn[b * k + j] = armCount[j]!;
        armBlocks[j]![armCount[j]!++] = b;
      } else {
        x[b * k + j] = v >= 1 - EPS ? 1 : 0;
      }
    }
  }
  const settle = (b: number, j: number): void => {
    const e = b * k + j;
    const p = posIn[e]!;
    if (p < 0) return;
    const list = armBlocks[j]!;
    const last = --armCount[j]!;
    const moved = list[last]!;
    list[p] = moved;
    posIn[moved * k + j] = p;
    posIn[e] = -1;
  };
  armSeen.fill(-1);
  blockSeen.fill(-1);
  const int = makeIntPool(rng);
  const pathV = ws.pathV; // vertices: arms 0..k-1, blocks k + b
  const pathE = ws.pathE; // edge ids b * k + j
  for (;;) {
    // Start at a random leaf arm (one fractional edge) if there is one, else at a random arm
    // with fractional edges; every choice along the walk is random too, so that the rounding can
    // reach every balanced allocation (choices do not affect the marginals, which stay exact).
    let leaves = 0;
    let active = 0;
    for (let j = 0; j < k; j++) {
      if (armCount[j] === 1) leaves++;
      if (armCount[j]! > 0) active++;
    }
    if (active === 0) break;
    let pick = int(leaves > 0 ? leaves : active);
    let start = -1;
    for (let j = 0; j < k; j++) {
      if (leaves > 0 ? armCount[j] === 1 : armCount[j]! > 0) {
        if (pick === 0) { start = j; break; }
        pick--;
      }
    }
    pathV.length = 0;
    pathE.length = 0;
    pathV.push(start);
    armSeen[start] = 0;
    let cycleFrom = -1;
    let prevEdge = -1;
    for (;;) {
      const v = pathV[pathV.length - 1]!;
      let e = -1;
      let w = -1;
      if (v < k) {
        const list = armBlocks[v]!;
        const count = armCount[v]!;
        const skip = prevEdge >= 0 ? posIn[prevEdge]! : -1;
        const choices = skip >= 0 ? count - 1 : count;
        if (choices > 0) {
          let idx = int(choices);
          if (skip >= 0 && idx >= skip) idx++;
          const b = list[idx]!;
          e = b * k + v;
          w = k + b;
        }
      } else {
        const b = v - k;
        let choices = 0;
        for (let j = 0; j < k; j++) {
          const id = b * k + j;
          if (id !== prevEdge && posIn[id]! >= 0) choices++;
        }
        if (choices > 0) {
          let idx = int(choices);
          for (let j = 0; j < k; j++) {
            const id = b * k + j;
            if (id !== prevEdge && posIn[id]! >= 0) {
              if (idx === 0) { e = id; w = j; break; }
              idx--;
            }
          }
        }
      }
      if (e === -1) break; // a leaf: the path ends here
      pathE.push(e);
      prevEdge = e;
      const seenAt = w < k ? armSeen[w]! : blockSeen[w - k]!;
      if (seenAt >= 0) { cycleFrom = seenAt; break; }
      if (w < k) armSeen[w] = pathV.length; else blockSeen[w - k] = pathV.length;
      pathV.push(w);
    }
    for (const v of pathV) { if (v < k) armSeen[v] = -1; else blockSeen[v - k] = -1; }
    const first = cycleFrom >= 0 ? cycleFrom : 0;
    const len = pathE.length - first;
    if (len === 0) {
      // Only possible through rounding error: settle the lone edge at its nearer integer.
      const j = start;
      const b = armBlocks[j]![0]!;
      x[b * k + j] = rng.next() < x[b * k + j]! ? 1 : 0;
      settle(b, j);
      continue;
    }
    let alpha = Infinity;
    let beta = Infinity;
    for (let i = 0; i < len; i++) {
      const v = x[pathE[first + i]!]!;
      if (i % 2 === 0) { alpha = Math.min(alpha, 1 - v); beta = Math.min(beta, v); }
      else { alpha = Math.min(alpha, v); beta = Math.min(beta, 1 - v); }
    }
    const up = rng.next() < beta / (alpha + beta);
    for (let i = 0; i < len; i++) {
      const id = pathE[first + i]!;
      const sign = (i % 2 === 0) === up ? 1 : -1;
      let v = x[id]! + sign * (up ? alpha : beta);
      if (v <= EPS) v = 0;
      else if (v >= 1 - EPS) v = 1;
      x[id] = v;
      if (v === 0 || v === 1) settle(Math.floor(id / k), id % k);
    }
  }
  for (let i = 0; i < B * k; i++) out[i] = x[i]! >= 0.5 ? 1 : 0;
  return out;
}

/**
 * Exact uniform integers from a pool of random bits: one uniform gives X uniform on [0, 2^52);
 * an integer on [0, m) is X mod m when X < ⌊R/m⌋·m (R the pool's range), after which X ← ⌊X/m⌋
 * and R ← ⌊R/m⌋ (still uniform and independent of the integer); otherwise, or when R < 1024·m,
 * the pool is refilled. About one uniform per six integers below 100.
 */
export function makeIntPool(rng: Rng): (m: number) => number {
  let px = 0;
  let pr = 0;
  return (m: number): number => {
    for (;;) {
      if (pr < m * 1024) {
        px = Math.floor(rng.next() * TWO52);
        pr = TWO52;
      }
      const q = Math.floor(pr / m);
      if (px < q * m) {
        const r = px % m;
        px = Math.floor(px / m);
        pr = q;
        return r;
      }
      pr = 0;
    }
  };
}

/** Buffers reused across calls of `roundAcrossBlocks`. */
export interface RoundingWorkspace {
  readonly x: Float64Array;
  readonly out: Uint8Array;
  readonly armBlocks: Int32Array[];
  readonly armCount: Int32Array;
  readonly posIn: Int32Array;
  readonly armSeen: Int32Array;
  readonly blockSeen: Int32Array;
  readonly pathV: number[];
  readonly pathE: number[];
}

/** Buffers for rounding B blocks × k arms jointly (`balanceAcrossBlocks`), allocated once per design. */
export function makeRoundingWorkspace(B: number, k: number): RoundingWorkspace {
  return {
    x: new Float64Array(B * k),
    out: new Uint8Array(B * k),
    armBlocks: Array.from({ length: k }, () => new Int32Array(B)),
    armCount: new Int32Array(k),
    posIn: new Int32Array(B * k),
    armSeen: new Int32Array(k),
    blockSeen: new Int32Array(B),
    pathV: [],
    pathE: [],
  };
}

/** Reusable scratch buffers for one design. */
export interface Scratch {
  readonly drawArm: Int32Array;
  readonly tmp: Int32Array;
  readonly counts: Int32Array;
  readonly rounding: RoundingWorkspace | null;
}

/** Allocate the scratch buffers one design reuses across draws (no per-draw allocation). */
export function makeScratch(plan: Plan): Scratch {
  return {
    drawArm: new Int32Array(plan.units.nDraw),
    tmp: new Int32Array(plan.units.nDraw),
    counts: new Int32Array(plan.amounts.k),
    rounding: plan.balance ? makeRoundingWorkspace(plan.units.blockLevels.length, plan.amounts.k) : null,
  };
}

/**
 * Draw the arm (index into conditions) of every drawing unit into `s.drawArm`.
 *
 * Stream use, in order: simple designs take one uniform per drawing unit in
 * canonical order (inverse CDF over the arms). Complete designs take, for each
 * block in sorted order, one uniform for the systematic remainder (only when the
 * block has a remainder) and then a Fisher–Yates shuffle of the block's arms
 * (for i = N_b − 1 … 1, an index uniform on [0, i]). The shuffle indices come from a
 * pool: one uniform gives an integer X uniform on [0, 2^52); an index on [0, m) is
 * X mod m when X < ⌊R/m⌋·m (R the pool's range), after which X ← ⌊X/m⌋ and R ← ⌊R/m⌋
 * (still uniform, independent of the index); otherwise, or when R < 1024·m, the pool is
 * refilled. This is exact and needs about one uniform per six indices for blocks of 100.
 * With `balance`, the dependent rounding across blocks runs first and the blocks draw
 * no remainder uniform.
 */
export function drawArms(plan: Plan, rng: Rng, s: Scratch): Int32Array {
  const { units, amounts, simple, balance } = plan;
  const { k, base, frac, rem, prob } = amounts;
  const { order, blockStart } = units;
  const { drawArm, tmp, counts } = s;
  const B = units.blockLevels.length;
  if (simple) {
    for (let b = 0; b < B; b++) {
      for (let pos = blockStart[b]!; pos < blockStart[b + 1]!; pos++) {
        const u = rng.next();
        let cum = 0;
        let arm = k - 1;
        for (let j = 0; j < k - 1; j++) {
          cum += prob[b * k + j]!;
          if (u < cum) { arm = j; break; }
        }
        // arms with probability 0 are never drawn, even at the last position
        while (prob[b * k + arm] === 0 && arm > 0) arm--;
        drawArm[order[pos]!] = arm;
      }
    }
    return drawArm;
  }
  let px = 0; // integer pool, uniform on [0, pr)
  let pr = 0;
  const extras = balance ? roundAcrossBlocks(frac, B, k, rng, s.rounding ?? undefined) : null;
  for (let b = 0; b < B; b++) {
    const start = blockStart[b]!;
    const nb = blockStart[b + 1]! - start;
    for (let j = 0; j < k; j++) counts[j] = base[b * k + j]!;
    if (extras) {
      for (let j = 0; j < k; j++) counts[j] += extras[b * k + j]!;
    } else if (rem[b]! > 0) {
      systematicExtras(frac, b * k, k, rem[b]!, rng.next(), counts);
    }
    let pos = start;
    for (let j = 0; j < k; j++) for (let c = counts[j]!; c > 0; c--) tmp[pos++] = j;
    for (let i = nb - 1; i > 0; i--) {
      // r uniform on [0, i]: taken from the pool (px uniform on [0, pr)) by mixed-radix extraction
      // with rejection of the top band, refilled with 52 fresh bits when the range runs low.
      const m = i + 1;
      let r: number;
      for (;;) {
        if (pr < m * 1024) {
          px = Math.floor(rng.next() * TWO52);
          pr = TWO52;
        }
        const q = Math.floor(pr / m);
        if (px < q * m) {
          r = px % m;
          px = Math.floor(px / m);
          pr = q;
          break;
        }
        pr = 0;
      }
      const t = tmp[start + i]!;
      tmp[start + i] = tmp[start + r]!;
      tmp[start + r] = t;
    }
    for (let i = start; i < start + nb; i++) drawArm[order[i]!] = tmp[i]!;
  }
  return drawArm;
}

/** Expand the draw-unit arms to units. */
export function expandArms(plan: Plan, drawArm: Int32Array, out: Int32Array): Int32Array {
  const map = plan.units.drawOfUnit;
  if (!map) out.set(drawArm);
  else for (let i = 0; i < out.length; i++) out[i] = drawArm[map[i]!]!;
  return out;
}

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

/**
 * Internal: the remainder rules of complete assignment — systematic allocation of a block's
 * remainder units (`systematicExtras`), dependent rounding of remainders across blocks
 * (`roundAcrossBlocks`, for `balanceAcrossBlocks`) — and the pool of uniform integers the
 * within-block shuffle draws from. Split from engine.ts; the order in which they use the random
 * stream is pinned by `test/assign/golden.test.ts`.
 */
import type { Rng } from "../internal/rng.js";

const EPS = 1e-12;
/** 2^52: the range of the integers one uniform gives the pool. */
export const TWO52 = 4503599627370496;

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
export function cumulative(cum: number, f: number, isLast: boolean, R: number): number {
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
 *
 * Kept as one function of about 130 lines on purpose: it is one algorithm (find a cycle or a maximal
 * path of fractional entries, move along it, repeat) whose steps share the workspace and the order of
 * random draws; split apart, the draws a golden test pins would be spread over helpers that mean
 * nothing alone.
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


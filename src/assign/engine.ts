/**
 * Internal: the drawing procedure behind `declareRa` — the plan of a design and one draw of
 * it (the within-block shuffle, after the remainder rules of remainders.ts); the support of a
 * design (its exact enumeration) is in support.ts.
 *
 * The procedures (and so the order in which they use the random stream) are
 * part of ensayo's reproducibility promise: golden assignments in
 * `test/assign/golden.test.ts` pin them.
 */
import type { Rng } from "../internal/rng.js";
import type { ResolvedAmounts } from "./amounts.js";
import { makeRoundingWorkspace, roundAcrossBlocks, systematicExtras, TWO52, type RoundingWorkspace } from "./remainders.js";
import type { ResolvedUnits } from "./units.js";

/** Everything `conduct` needs, computed once at declare time. */
export interface Plan {
  readonly units: ResolvedUnits;
  readonly amounts: ResolvedAmounts;
  readonly simple: boolean;
  readonly balance: boolean;
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


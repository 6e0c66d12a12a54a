/**
 * Fast redraws for randomization inference: when every block's arm counts are fixed (complete or
 * blocked assignment, of units or clusters, with whole expected counts; not simple, not
 * re-randomized, not `balanceAcrossBlocks`), an assignment of the design is a uniformly random
 * arrangement of those counts within each block, independently across blocks. One draw picks, block
 * by block, the draw units of every arm but the largest by partial Fisher–Yates steps on a reused
 * index array (Σ of the other arms' counts steps, with xoshiro128** integers), so the draw has exactly the
 * design's distribution at a fraction of the cost of `simulate` (whose ARC4 stream is pinned by golden tests).
 */
import { createFastRng, type Seed } from "../internal/rng.js";
import type { Plan } from "./engine.js";

/** Draws `k` assignments (unit level, reused buffer) from `seed`. */
export type FixedCountSampler = (k: number, seed: Seed, visit: (arm: Int32Array, draw: number) => void) => void;

/** The fast sampler of `plan`, or null when its counts are not fixed (see the module comment). */
export function fixedCountSampler(plan: Plan, n: number): FixedCountSampler | null {
  const { units, amounts, simple, balance } = plan;
  if (simple || balance) return null;
  const B = units.blockLevels.length;
  const { k, base, rem } = amounts;
  for (let b = 0; b < B; b++) if (rem[b] !== 0) return null;
  // per block: the arms in order, the largest one filled by default
  const fill = new Int32Array(B);
  for (let b = 0; b < B; b++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (base[b * k + j]! > base[b * k + best]!) best = j;
    fill[b] = best;
  }
  const drawOf = units.drawOfUnit;
  return (draws, seed, visit) => {
    const rng = createFastRng(seed);
    const idx = Int32Array.from(units.order);
    const arm = new Int32Array(n);
    const drawArm = drawOf ? new Int32Array(units.nDraw) : arm;
    let maxPicks = 0;
    for (let b = 0; b < B; b++) maxPicks = Math.max(maxPicks, units.blockStart[b + 1]! - units.blockStart[b]!);
    const picks = new Int32Array(maxPicks);
    for (let d = 0; d < draws; d++) {
      for (let b = 0; b < B; b++) {
        const start = units.blockStart[b]!;
        let end = units.blockStart[b + 1]!; // the unpicked draw units are idx[start .. end)
        const big = fill[b]!;
        let nPick = 0;
        for (let j = 0; j < k; j++) if (j !== big) nPick += base[b * k + j]!;
        // Every unit starts in the largest arm: on the first draw set them all; afterwards only the units the
        // previous draw picked differ from it, and its swaps left them at the block's end, idx[end − nPick .. end).
        for (let i = d === 0 ? start : end - nPick; i < end; i++) drawArm[idx[i]!] = big;
        rng.fillDescending(picks, nPick, end - start);
        let p = 0;
        for (let j = 0; j < k; j++) {
          if (j === big) continue;
          for (let c = base[b * k + j]!; c > 0; c--) {
            const r = start + picks[p++]!;
            end--;
            const u = idx[r]!;
            idx[r] = idx[end]!;
            idx[end] = u;
            drawArm[u] = j;
          }
        }
      }
      if (drawOf) for (let i = 0; i < n; i++) arm[i] = drawArm[drawOf[i]!]!;
      visit(arm, d);
    }
  };
}

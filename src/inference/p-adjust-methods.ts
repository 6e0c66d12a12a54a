/**
 * The adjustments of R's `stats::p.adjust`, on p-values with no missing values. Each takes the
 * observed p-values and the family size `n ≥ p.length` and returns adjusted values in input order.
 * Sorting is stable (ties keep input order), as R's `order` is, so tied inputs give R's outputs.
 */
import { ascendingOrder } from "./sharpened-q.js";

/** Bonferroni: min(1, n·p). */
export function bonferroni(p: Float64Array, n: number): Float64Array {
  return p.map((v) => Math.min(1, n * v));
}

/** Holm: cummax over ascending p of (n − i + 1)·p₍ᵢ₎, capped at 1. */
export function holm(p: Float64Array, n: number): Float64Array {
  const order = ascendingOrder(p);
  const out = new Float64Array(p.length);
  let running = -Infinity;
  for (let i = 1; i <= p.length; i++) {
    const j = order[i - 1]!;
    running = Math.max(running, (n + 1 - i) * p[j]!);
    out[j] = Math.min(1, running);
  }
  return out;
}

/**
 * Step-up adjustments walked from the largest p down: cummin of factor(i)·p₍ᵢ₎, capped at 1,
 * where i is the ascending rank (Hochberg: n − i + 1; BH: n/i; BY: (Σₖ≤ₙ 1/k)·n/i).
 */
function stepUp(p: Float64Array, factor: (i: number) => number): Float64Array {
  const order = descendingOrder(p);
  const out = new Float64Array(p.length);
  let running = Infinity;
  for (let r = 0; r < p.length; r++) {
    const i = p.length - r; // ascending rank of the r-th largest
    const j = order[r]!;
    running = Math.min(running, factor(i) * p[j]!);
    out[j] = Math.min(1, running);
  }
  return out;
}

/** Hochberg: cummin over descending p of (n − i + 1)·p₍ᵢ₎. */
export function hochberg(p: Float64Array, n: number): Float64Array {
  return stepUp(p, (i) => n + 1 - i);
}

/** Benjamini–Hochberg: cummin over descending p of (n/i)·p₍ᵢ₎. */
export function benjaminiHochberg(p: Float64Array, n: number): Float64Array {
  return stepUp(p, (i) => n / i);
}

/** Benjamini–Yekutieli: the BH factor times Σ_{k=1..n} 1/k. */
export function benjaminiYekutieli(p: Float64Array, n: number): Float64Array {
  let harmonic = 0;
  for (let k = 1; k <= n; k++) harmonic += 1 / k;
  return stepUp(p, (i) => (harmonic * n) / i);
}

/**
 * Hommel (1988), as `p.adjust` computes it: the family is padded with p = 1 up to n; then, for
 * j = n − 1 down to 2, with c = min_{k=2..j} j·p₍ₙ₋ⱼ₊ₖ₎/k, q₍ᵢ₎ = min(j·p₍ᵢ₎, c) for i ≤ n − j + 1 and
 * q₍ᵢ₎ = q₍ₙ₋ⱼ₊₁₎ above; the adjusted value is the running max over j of q (started at min_i n·p₍ᵢ₎/i),
 * and at least p itself. With n = 2 it equals Hochberg (the caller switches, as R does).
 */
export function hommel(p: Float64Array, n: number): Float64Array {
  const lp = p.length;
  const padded = new Float64Array(n).fill(1);
  padded.set(p);
  const order = ascendingOrder(padded);
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) s[i] = padded[order[i]!]!;
  let start = Infinity;
  for (let i = 0; i < n; i++) start = Math.min(start, (n * s[i]!) / (i + 1));
  const q = new Float64Array(n).fill(start);
  const pa = new Float64Array(n).fill(start);
  for (let j = n - 1; j >= 2; j--) {
    const head = n - j + 1; // ranks 1..head get min(j·p, c); the rest copy rank `head`
    let c = Infinity;
    for (let k = 2; k <= j; k++) c = Math.min(c, (j * s[n - j + k - 1]!) / k);
    for (let i = 0; i < head; i++) q[i] = Math.min(j * s[i]!, c);
    for (let i = head; i < n; i++) q[i] = q[head - 1]!;
    for (let i = 0; i < n; i++) pa[i] = Math.max(pa[i]!, q[i]!);
  }
  const out = new Float64Array(lp);
  // positions 0..lp-1 of `padded` are the observed p-values
  for (let r = 0; r < n; r++) {
    const j = order[r]!;
    if (j < lp) out[j] = Math.max(pa[r]!, s[r]!);
  }
  return out;
}

/** Indexes that sort `p` descending, ties in input order (R's `order(decreasing = TRUE)`). */
function descendingOrder(p: Float64Array): Int32Array {
  const idx = Array.from({ length: p.length }, (_, i) => i);
  idx.sort((a, b) => p[b]! - p[a]! || a - b);
  return Int32Array.from(idx);
}

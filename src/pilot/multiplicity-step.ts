/**
 * Multiplicity adjustment within a family: the step helper h5's `adjustPValues` (and Westfall–Young /
 * Romano–Wolf) replace when they land. Until then the p.adjust methods with closed forms are computed
 * here, and the others are reported as unavailable (a listed deviation, NaN adjusted p-values).
 */
import type { MultiplicityMethod } from "./plan-schema.js";

/** Adjusted p-values (R's `p.adjust` with n = number of non-missing p-values), or null when the method is unavailable. */
export function adjustFamily(p: readonly number[], method: MultiplicityMethod): number[] | null {
  const idx = p.map((_, i) => i).filter((i) => Number.isFinite(p[i]!));
  const m = idx.length;
  const out = p.map(() => NaN);
  if (m === 0) return out;
  const ord = [...idx].sort((a, b) => p[a]! - p[b]!);
  const clamp = (x: number) => Math.min(1, x);
  switch (method) {
    case "none":
      for (const i of idx) out[i] = p[i]!;
      return out;
    case "bonferroni":
      for (const i of idx) out[i] = clamp(m * p[i]!);
      return out;
    case "holm": {
      let run = 0;
      ord.forEach((i, k) => {
        run = Math.max(run, clamp((m - k) * p[i]!));
        out[i] = run;
      });
      return out;
    }
    case "hochberg":
    case "BH":
    case "BY": {
      const q = method === "BY" ? harmonic(m) : 1;
      let run = 1;
      for (let k = m - 1; k >= 0; k--) {
        const i = ord[k]!;
        const raw = method === "hochberg" ? (m - k) * p[i]! : (q * m * p[i]!) / (k + 1);
        run = Math.min(run, raw);
        out[i] = clamp(run);
      }
      return out;
    }
    default:
      return null;
  }
}

function harmonic(m: number): number {
  let s = 0;
  for (let k = 1; k <= m; k++) s += 1 / k;
  return s;
}

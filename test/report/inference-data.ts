// Shared fixture of the tests of the inference, multiple-testing, index and design-parameter results
// (display-inference.test.ts, contracts/spanish-inference-labels.test.ts): 20 units, two outcomes, pairs as clusters.
import { declareRa } from "../../src/index.js";

/** Number of units of the fixture. */
export const n = 20;

/** Outcomes `y` and `x`, treatment `z` (alternating 0/1) and clusters `cl` (consecutive pairs). */
export const data = {
  y: Array.from({ length: n }, (_, i) => ((i * 7) % 11) + (i % 2) * 2),
  x: Array.from({ length: n }, (_, i) => (i * 5) % 7),
  z: Array.from({ length: n }, (_, i) => i % 2),
  cl: Array.from({ length: n }, (_, i) => `c${Math.floor(i / 2)}`),
};

/** Complete assignment of half the units, the design the permutation tests re-randomize. */
export const design = declareRa({ n, m: n / 2 });

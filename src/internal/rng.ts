/**
 * The one seeded random-number generator of ensayo.
 *
 * Built on `seedrandom`'s ARC4 generator, whose stream is defined by its
 * algorithm alone (no platform maths), so a seed gives the same numbers on every
 * machine, browser and version. Golden values in `test/internal/rng.test.ts` pin it.
 * Library code never calls `Math.random`.
 */
import seedrandom from "seedrandom";

/** A seed: any number or string. Numbers are used through their decimal form. */
export type Seed = number | string;

/** A seeded stream of random numbers. */
export interface Rng {
  /** The RNG algorithm, for receipts. */
  readonly algorithm: "seedrandom-arc4";
  /** The seed the stream started from. */
  readonly seed: string;
  /** A uniform double in [0, 1) with 52 random bits. */
  next(): number;
  /** A uniform integer in [0, n), for 1 ≤ n ≤ 2^52, without modulo bias. */
  int(n: number): number;
  /** A standard normal draw (Box–Muller, one value per call). */
  normal(): number;
}

/** Seed text used for a given seed value. */
export function seedText(seed: Seed): string {
  if (typeof seed === "number") {
    if (!Number.isFinite(seed)) throw new RangeError(`seed must be finite; got ${seed}`);
    return String(seed);
  }
  return seed;
}

/**
 * Create a generator from a seed.
 *
 * @example
 * ```ts
 * const rng = createRng(20261129);
 * rng.int(6); // the same die roll on every machine
 * ```
 */
export function createRng(seed: Seed): Rng {
  const text = seedText(seed);
  const prng = seedrandom(text);
  let spare = NaN;
  const next = (): number => prng.double();
  return {
    algorithm: "seedrandom-arc4",
    seed: text,
    next,
    int(n: number): number {
      // prng.double() has 52 random bits: floor(u * n) is exactly uniform only
      // when n divides 2^52, so reject the top partial band (rarely needed).
      const limit = Math.floor(4503599627370496 / n) * n; // 2^52
      for (;;) {
        const r = Math.floor(next() * 4503599627370496);
        if (r < limit) return r % n;
      }
    },
    normal(): number {
      if (!Number.isNaN(spare)) {
        const s = spare;
        spare = NaN;
        return s;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
  };
}

/** A child stream derived from a parent seed and a label, independent of draws on the parent. */
export function deriveSeed(seed: Seed, label: string | number): string {
  return `${seedText(seed)}/${label}`;
}

/** Fisher–Yates shuffle in place; returns the array. */
export function shuffleInPlace<T>(values: T[] | Int32Array | Float64Array, rng: Rng): typeof values {
  for (let i = values.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = values[i]!;
    values[i] = values[j]!;
    values[j] = t as never;
  }
  return values;
}

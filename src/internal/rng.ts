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

/** A fast stream of 32-bit integers for bulk permutation draws (see {@link createFastRng}). */
export interface FastRng {
  /** A uniform integer in [0, n), for 1 ≤ n ≤ 2^21, without bias (Lemire's multiply-and-reject). */
  int(n: number): number;
  /** Fill `out[0..count)` with uniform integers, out[t] in [0, n − t) (the steps of a partial Fisher–Yates shuffle). */
  fillDescending(out: Int32Array, count: number, n: number): void;
}

/**
 * xoshiro128** (Blackman & Vigna 2018), its 128-bit state taken from the ARC4 stream of `seed`, so it is
 * as reproducible as {@link createRng} and as portable (32-bit integer arithmetic only). About 30 times
 * faster per integer than ARC4's doubles: used where one draw needs thousands of integers (shuffling
 * every unit of a design in randomization inference), never for assignments people publish.
 *
 * @example
 * ```ts
 * const r = createFastRng("ri/0");
 * r.int(10); // the same digit on every machine
 * ```
 */
export function createFastRng(seed: Seed): FastRng {
  const init = createRng(`fast/${seedText(seed)}`);
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  while ((s0 | s1 | s2 | s3) === 0) {
    s0 = init.int(4294967296) | 0;
    s1 = init.int(4294967296) | 0;
    s2 = init.int(4294967296) | 0;
    s3 = init.int(4294967296) | 0;
  }
  const next = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  return {
    int(n: number): number {
      // x·n < 2^53 for n ≤ 2^21, so the product is exact in a double, and scaling by 2^−32 is exact:
      // high = ⌊x·n / 2^32⌋, low = x·n − high·2^32 (Lemire's method, without division in the common case).
      let m = next() * n;
      let high = Math.floor(m * 2.3283064365386963e-10);
      let low = m - high * 4294967296;
      if (low < n) {
        const threshold = (4294967296 - n) % n;
        while (low < threshold) {
          m = next() * n;
          high = Math.floor(m * 2.3283064365386963e-10);
          low = m - high * 4294967296;
        }
      }
      return high;
    },
    fillDescending(out: Int32Array, count: number, n: number): void {
      for (let t = 0; t < count; t++) {
        const bound = n - t;
        let m = next() * bound;
        let high = Math.floor(m * 2.3283064365386963e-10);
        let low = m - high * 4294967296;
        if (low < bound) {
          const threshold = (4294967296 - bound) % bound;
          while (low < threshold) {
            m = next() * bound;
            high = Math.floor(m * 2.3283064365386963e-10);
            low = m - high * 4294967296;
          }
        }
        out[t] = high;
      }
    },
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

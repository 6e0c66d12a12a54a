/**
 * The one seeded random-number generator of ensayo.
 *
 * ARC4 (RC4) keyed from the seed text, with the first 256 bytes of its stream dropped, and
 * doubles formed from its bytes with 52 significant bits: the generator and seed mixing of
 * `seedrandom` (David Bau), written here as an ES module so the core loads in a browser with no
 * bundler. The stream is defined by integer byte arithmetic alone (no platform maths), so a
 * seed gives the same numbers on every machine, browser and version, and the same numbers as
 * `seedrandom(seed)` always did. Golden values in `test/internal/rng.test.ts` pin it.
 * Library code never calls `Math.random`.
 */
import { EnsayoError, showValue } from "../errors.js";
import { named } from "./boundary.js";

/**
 * ARC4 keystream: a permutation `s` of 0..255 and two indices. Keyed by the RC4 key schedule,
 * then 256 bytes are drawn and discarded (RC4-drop[256]).
 */
class Arc4 {
  private readonly s = new Uint8Array(256);
  private i = 0;
  private j = 0;

  constructor(key: ArrayLike<number>) {
    const s = this.s;
    const keyLength = key.length || 1; // an empty key is the one-byte key [0]
    for (let k = 0; k < 256; k++) s[k] = k;
    let j = 0;
    for (let k = 0; k < 256; k++) {
      const t = s[k]!;
      j = (j + (key.length ? key[k % keyLength]! : 0) + t) & 255;
      s[k] = s[j]!;
      s[j] = t;
    }
    this.bytes(256);
  }

  /** The next `count` bytes of the stream read as one big-endian integer (count ≤ 6 keeps it exact). */
  bytes(count: number): number {
    const s = this.s;
    let { i, j } = this;
    let out = 0;
    for (let k = 0; k < count; k++) {
      i = (i + 1) & 255;
      const t = s[i]!;
      j = (j + t) & 255;
      s[i] = s[j]!;
      s[j] = t;
      out = out * 256 + s[(s[i]! + t) & 255]!;
    }
    this.i = i;
    this.j = j;
    return out;
  }
}

/**
 * The ARC4 key of a seed text: its UTF-16 code units folded into at most 256 bytes. Byte `k mod 256`
 * becomes `(smear + code) mod 256`, where `smear` is xored with 19 × the byte already there once
 * the text is longer than 256 units (seedrandom's `mixkey`).
 */
function seedKey(text: string): number[] {
  const key: number[] = [];
  let smear = 0;
  for (let k = 0; k < text.length; k++) {
    const slot = k & 255;
    if (k >= 256) smear ^= key[slot]! * 19;
    key[slot] = (smear + text.charCodeAt(k)) & 255;
  }
  return key;
}

const TWO_48 = 281474976710656;
const TWO_52 = 4503599627370496;
const TWO_53 = 9007199254740992;

/**
 * A double in [0, 1) from the stream: 6 bytes over 2^48, extended byte by byte until the numerator
 * has 52 significant bits, then shifted right so it stays below 2^53 before the last byte is added.
 */
function arc4Double(arc4: Arc4): number {
  let numerator = arc4.bytes(6);
  let denominator = TWO_48;
  let extra = 0;
  while (numerator < TWO_52) {
    numerator = (numerator + extra) * 256;
    denominator *= 256;
    extra = arc4.bytes(1);
  }
  while (numerator >= TWO_53) {
    numerator /= 2;
    denominator /= 2;
    extra >>>= 1;
  }
  return (numerator + extra) / denominator;
}

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
    if (!Number.isFinite(seed)) {
      throw new EnsayoError("INVALID_OPTION", `\`seed\` must be a finite number or a string; got ${showValue(seed)}`, {
        value: seed, hint: "Choose a seed and record it, e.g. 20261129",
      });
    }
    return String(seed);
  }
  return seed;
}

/**
 * Create a generator from a seed.
 *
 * @throws EnsayoError `INVALID_OPTION` for a seed that is a number but not finite.
 * @example
 * ```ts
 * const rng = createRng(20261129);
 * rng.int(6); // the same die roll on every machine
 * createRng(NaN); // throws INVALID_OPTION: "createRng: `seed` must be a finite number or a string; got NaN. …"
 * ```
 */
export function createRng(seed: Seed): Rng {
  return named("createRng", () => rngFrom(seed));
}

/**
 * {@link createRng} for the library's own modules (errors named by the public function that called it).
 *
 * @example
 * ```ts
 * rngFrom("ensayo").seed; // "ensayo"
 * ```
 */
export function rngFrom(seed: Seed): Rng {
  const text = seedText(seed);
  const arc4 = new Arc4(seedKey(text));
  let spare = NaN;
  const next = (): number => arc4Double(arc4);
  return {
    algorithm: "seedrandom-arc4",
    seed: text,
    next,
    int(n: number): number {
      // next() has 52 random bits: floor(u * n) is exactly uniform only
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
  const init = rngFrom(`fast/${seedText(seed)}`);
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  while ((s0 | s1 | s2 | s3) === 0) {
    s0 = init.int(4294967296) | 0;
    s1 = init.int(4294967296) | 0;
    s2 = init.int(4294967296) | 0;
    s3 = init.int(4294967296) | 0;
  }
  return new Xoshiro128(s0, s1, s2, s3);
}

/**
 * xoshiro128** with its state in an Int32Array. A class, not closures: every generator shares the same
 * methods, so optimized code that inlined them for one generator (one chunk of draws) stays valid for the
 * next instead of being thrown away and recompiled ("wrong call target"), in every thread.
 */
class Xoshiro128 implements FastRng {
  private readonly s = new Int32Array(4);

  constructor(s0: number, s1: number, s2: number, s3: number) {
    this.s[0] = s0;
    this.s[1] = s1;
    this.s[2] = s2;
    this.s[3] = s3;
  }

  /** The next 32-bit output (unsigned). */
  private next(): number {
    const s = this.s;
    const s0 = s[0]!, s1 = s[1]!;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    const s2 = s[2]! ^ s0;
    const s3 = s[3]! ^ s1;
    s[1] = s1 ^ s2;
    s[0] = s0 ^ s3;
    s[2] = s2 ^ t;
    s[3] = rotl(s3, 11);
    return result;
  }

  int(n: number): number {
    // x·n < 2^53 for n ≤ 2^21, so the product is exact in a double, and scaling by 2^−32 is exact:
    // high = ⌊x·n / 2^32⌋, low = x·n − high·2^32 (Lemire's method, without division in the common case).
    let m = this.next() * n;
    let high = Math.floor(m * 2.3283064365386963e-10);
    let low = m - high * 4294967296;
    if (low < n) {
      const threshold = (4294967296 - n) % n;
      while (low < threshold) {
        m = this.next() * n;
        high = Math.floor(m * 2.3283064365386963e-10);
        low = m - high * 4294967296;
      }
    }
    return high;
  }

  fillDescending(out: Int32Array, count: number, n: number): void {
    for (let t = 0; t < count; t++) out[t] = this.int(n - t);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

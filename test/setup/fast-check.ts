/**
 * Vitest setup (see vitest.config.ts): one fast-check seed for the whole suite, so `npm test` is deterministic.
 *
 * A property test that draws a new seed on every run can reject a good change at random (issue #10 item 14:
 * one property failed in 4 of 19 runs). `npm run test:fuzz` (test/fuzz/run.ts) sets `ENSAYO_FUZZ_SEED` to a
 * fresh seed per round and multiplies the runs; whatever it finds becomes a fixed regression test.
 */
import fc from "fast-check";

/** The suite's seed; change it only on purpose (a failure under a new seed is a finding, not noise). */
export const SUITE_SEED = 20_260_110;

const fuzzSeed = process.env.ENSAYO_FUZZ_SEED;
fc.configureGlobal({ seed: fuzzSeed ? Number(fuzzSeed) : SUITE_SEED });

// What a browser page pays for ensayo: an esbuild bundle+minify of a one-line entry importing the
// built ES modules (dist/, built by `npm test` before vitest runs), gzipped at level 9 — the way a
// web app bundles the package. The module tree and "sideEffects": false let the bundler drop every
// module an app does not use; zod/mini instead of zod keeps the options schemas small.
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url).pathname;

async function bundledSize(entry: string): Promise<{ minified: number; gzip: number; inputs: string[] }> {
  const out = await build({
    stdin: { contents: entry, resolveDir: root, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const code = out.outputFiles[0]!.contents;
  const kept = Object.entries(Object.values(out.metafile.outputs)[0]!.inputs).filter(([, v]) => v.bytesInOutput > 0);
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length, inputs: kept.map(([file]) => file) };
}

describe("browser bundle size (minified + gzip)", () => {
  it("keeps powerTTest alone within 15 kB (issue #14)", async () => {
    const size = await bundledSize(`export { powerTTest } from "./dist/index.js";`);
    // 13.9 kB gzip (36 kB minified) when measured; 112 kB gzip with the bundled dist and classic zod.
    // 15.56 kB after the unknown-option suggestions (internal/options.ts), the generic power solver
    // (power/solve.ts) and the display prototype joined it. 14.97 kB (38.0 kB minified) once ensayo's
    // options worded zod's English themselves (internal/option-messages.ts, 1.7 kB minified) instead of
    // loading zod's `en` locale (2.7 kB, mostly names of string formats no option uses) and the
    // suggestion code shrank; 14.77 kB once powerTTest's `n > 1` became a zod check with its own message
    // instead of a refinement (which pulled zod's custom-check machinery in); 14.85 kB after s6's
    // alternative spellings (internal/alternative.ts); 15.06 kB (38.1 kB minified) once every public function
    // names its errors at one boundary (internal/boundary.ts, 0.54 kB minified; issue #11 item 5);
    // 14.99 kB (14,990 B; 37.9 kB minified, 2026-12-06) once the boundary lost what powerTTest never uses: the
    // `details` fill (ivRobust fills its formula itself), the `instanceof` half of the cross-copy test (the
    // name-and-code test covers both) and the stack's property-descriptor dance (0.35 kB minified left);
    // 15.00 kB (15,000 B; 37.96 kB minified, 2026-12-06 06:50 UTC) with parseOptions saying a left-out option
    // "is required" (+32 B), paid for by the boundary no longer rewriting a stack read before it (nothing in
    // ensayo reads one; V8 formats the first line from the named message on first read). No headroom left:
    // the next bytes on this path must be won back. Left: zod/mini's core ~17.6 kB minified, R's t and normal distributions
    // (math/) ~10.3 kB, the solver and messages ~4 kB, the display prototype 1 kB.
    expect(size.gzip).toBeLessThanOrEqual(15_000);
    expect(size.inputs.some((f) => f.includes("csv-parse"))).toBe(false);
    // No zod locale at all: a caller's own zod schema (parseCsv's `schema`) still gets zod's `en`.
    expect(size.inputs.filter((f) => f.includes("zod/v4/locales/"))).toEqual([]);
  }, 60_000);
  it("keeps the whole core within its measured ceiling (the 80 kB target of issue #14 is not met yet)", async () => {
    const size = await bundledSize(`export * from "./dist/index.js";`);
    // 113.8 kB gzip (330 kB minified) when measured: ensayo's own modules are 91.6 kB of it (their
    // messages and hints alone ~15 kB), csv-parse's browser build 13.4 kB, zod/mini ~9.5 kB.
    // Reaching 80 kB needs a smaller CSV reader and leaner code, not packaging.
    // 123.2 kB after issue #11 item 8 (h8): the factor-block fit, the batched CR2 df, the SE registry and
    // the generic power solver add ~5 kB gzip (~16 kB minified) to what lmRobust and the power functions
    // pull in; the ceiling moved from 120 kB to 126 kB for that (flagged for the integrator, issue #14).
    // 176.1 kB with randomization inference, multiple testing, the declared pilot, its report and the
    // display of every result (all in the core, all browser-safe); csv-parse's browser build is 49.6 kB of
    // the 507 kB minified. A regression guard at the measured size, not the target: issue #14's 80 kB stays open.
    // 181.1 kB after issue #13's multi-arm pilots (s3): the bilingual templates of every pilot deviation,
    // warning and note (4.7 kB minified), the multi-arm estimator, report tables and methods paragraph
    // (~8 kB minified): +4.9 kB gzip over 176.2 kB; the ceiling moved from 180 kB to 182 kB (flagged for the integrator).
    // 162.6 kB gzip (457 kB minified) once the hand-written quoted reader read malformed quoting itself
    // and csv-parse left the library (s7, 2026-12-06): the ceiling moved from 180 kB to 166 kB.
    // 164.1 kB gzip (462 kB minified) after merging the vocabulary renames (s6) on top.
    // 176.8 kB (509 kB minified) after s6's vocabulary and s8's Spanish-free size work, by folder (minified):
    // estimators 103 kB, report 61, csv-parse 50, data 48, inference 43, assign 42, pilot 37, zod 33, power 28,
    // math 26, balance 23, internal 10. No waste big enough to matter was found (no duplicated tables, no
    // repeated long messages; the core uses every module it bundles); 80 kB needs csv-parse out (s7, ≈ −13 kB)
    // and about half of ensayo's own code gone or moved out of the core entry.
    // 174.1 kB gzip (490 kB minified) with all of session 4 merged: csv-parse out (−13 kB), then the multi-arm
    // pilot with bilingual deviation templates, the diagnose simulation and the array-only kernel's modules.
    // By folder (minified): report 69 kB, estimators 60, pilot 51, inference 49, data 49, kernel 43, assign 43,
    // zod 33, power 29, math 26, balance 24, internal 10. A guard at the measured size; issue #14's 80 kB is
    // not met: it needs about half of the core's own code gone or moved out of the core entry.
    // 174.7 kB gzip (174,708 B; 495 kB minified) on 2026-12-06 after the boundary (issue #11 item 5), the
    // workers' merge and the per-spelling NFC factor coding; the guard stays 176 kB (+0.74 %).
    // 177.4 kB gzip (177,394 B; 503 kB minified) on 2026-12-06 06:50 UTC with Spanish value labels (column
    // types, solvedFor, methods: g1), option errors that name their path and say "is required" (g6), and
    // every design's unnamed-method hook (g5): the guard moved to 179 kB (+0.9 %). Issue #14's 80 kB is not met.
    expect(size.gzip).toBeLessThanOrEqual(179_000);
    expect(size.inputs.some((f) => f.includes("csv-parse"))).toBe(false);
  }, 60_000);
});

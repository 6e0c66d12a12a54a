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
  it("keeps powerTTest alone within 15 kB", async () => {
    const size = await bundledSize(`export { powerTTest } from "./dist/index.js";`);
    // 13.9 kB gzip (36 kB minified) when measured; 112 kB gzip with the bundled dist and classic zod
    expect(size.gzip).toBeLessThanOrEqual(15_000);
    expect(size.inputs.some((f) => f.includes("csv-parse"))).toBe(false);
    expect(size.inputs.filter((f) => f.includes("zod/v4/locales/")).map((f) => f.replace(/.*locales\//, ""))).toEqual(["en.js"]);
  }, 60_000);
  it("keeps the whole core within its measured ceiling (the 80 kB target of issue #14 is not met yet)", async () => {
    const size = await bundledSize(`export * from "./dist/index.js";`);
    // 113.8 kB gzip (330 kB minified) when measured: ensayo's own modules are 91.6 kB of it (their
    // messages and hints alone ~15 kB), csv-parse's browser build 13.4 kB, zod/mini ~9.5 kB.
    // Reaching 80 kB needs a smaller CSV reader and leaner code, not packaging.
    // Since then: the id rule and receipt checks (h2, +3.8 kB: 117.6 kB) and the English/Spanish label
    // dictionary of every result field (src/report/labels.ts, issue #14 item 6, +3.5 kB: 121.1 kB), and
    // the display of results (src/report/display.ts, result-proto.ts: toString/toHTML of every kind,
    // Arrow/arquero input, toRows; issue #14 item 3, +1.7 kB: 123.7 kB).
    expect(size.gzip).toBeLessThanOrEqual(124_500);
  }, 60_000);
});

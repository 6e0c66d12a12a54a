import { defineConfig, type Options } from "tsup";
import type { Plugin } from "esbuild";

// Two entry points: the browser-safe core (no `fs`, no `node:` imports) and `ensayo/node`
// with file-system helpers, each as ESM and CommonJS with declarations. The CLI is ESM only.
const common: Options = {
  entry: { index: "src/index.ts", node: "src/node.ts" },
  dts: true,
  sourcemap: true,
  treeshake: true,
  target: "node20",
  splitting: false,
};

// The core imports csv-parse's browser ESM build so it runs in browsers. CommonJS consumers
// are Node (or bundlers), where require() of an ES module needs Node ≥ 20.19: the CJS build
// requires csv-parse's own CommonJS entry instead, which works on every Node 20.
const csvParseCommonJs: Plugin = {
  name: "csv-parse-commonjs",
  setup(build) {
    build.onResolve({ filter: /^csv-parse\/browser\/esm\/sync$/ }, () => ({ path: "csv-parse/sync", external: true }));
  },
};

export default defineConfig([
  { ...common, format: ["esm"], clean: true },
  { ...common, format: ["cjs"], clean: false, noExternal: [/^csv-parse\/browser/], esbuildPlugins: [csvParseCommonJs] },
  {
    entry: { cli: "src/cli.ts" },
    format: ["esm"],
    dts: false,
    sourcemap: false,
    clean: false,
    target: "node20",
    banner: { js: "#!/usr/bin/env node" },
  },
]);

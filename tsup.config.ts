import { defineConfig } from "tsup";
import type { Plugin } from "esbuild";

// Two builds, one copy of the library in each format (`npm run build` then emits the declarations
// with `tsc -p tsconfig.build.json` and copies them for CommonJS with scripts/cjs-types.mjs):
// - ES modules: one file per source module, not bundled, so `ensayo/node` and the CLI import the
//   very modules `ensayo` does, a browser loads them through an import map, and bundlers drop the
//   modules a program does not use (package.json has "sideEffects": false);
// - the worker threads' code (src/node/worker-entry.ts: the jobs of worker-main.ts and the whole
//   public API): ONE self-contained ES module, dist/ensayo-worker.js, with zod and everything it uses
//   inlined (it imports only node: builtins), so a worker starts in tens of milliseconds instead of
//   loading the module graph above. Workers start with the "ensayo-worker" export condition, under
//   which package.json maps `ensayo` and `ensayo/node` to this file, so a spec module's
//   `import "ensayo"` in a worker is the file already loaded. It is a separate copy of the library,
//   which is safe: nothing but plain data and `{ code, message }` errors cross between threads (see
//   src/node/worker-pool.ts);
// - CommonJS: both entries share one chunk (`splitting`; `treeshake` makes rollup, not sucrase,
//   write the CommonJS), so `require("ensayo/node")` and `require("ensayo")` load the same classes
//   and `instanceof EnsayoError` holds across them.
//
// The core imports one ES-module-only path so it runs in browsers: zod's English messages. CommonJS consumers are Node (or bundlers), where require() of an ES
// module needs Node ≥ 20.19: the CJS build requires their CommonJS files instead, which work on
// every Node 20.
const commonJsPaths: Record<string, string> = {
  "zod/v4/locales/en.js": "zod/v4/locales/en.cjs",
};
const requireCommonJs: Plugin = {
  name: "require-commonjs",
  setup(build) {
    build.onResolve({ filter: /^zod\/v4\/locales\/en\.js$/ }, (args) => ({
      path: commonJsPaths[args.path]!,
      external: true,
    }));
  },
};

export default defineConfig([
  {
    entry: ["src/**/*.ts", "!src/node/worker-main.ts", "!src/node/worker-entry.ts"],
    format: ["esm"],
    bundle: false,
    dts: false,
    sourcemap: false,
    clean: true,
    target: "node20",
  },
  {
    entry: { "ensayo-worker": "src/node/worker-entry.ts" },
    format: ["esm"],
    bundle: true,
    splitting: false,
    noExternal: [/.*/],
    platform: "node",
    removeNodeProtocol: false,
    minify: true, // the npm tarball has a size budget (test/contracts/package-consumers.test.ts)
    dts: false,
    sourcemap: false,
    clean: false,
    target: "node20",
  },
  {
  entry: { index: "src/index.ts", node: "src/node.ts" },
  format: ["cjs"],
  dts: false, // declarations: tsc, then scripts/cjs-types.mjs
  sourcemap: false,
  treeshake: true,
  splitting: true,
  clean: false,
  target: "node20",
  noExternal: [/^zod\/v4\/locales\//],
  esbuildPlugins: [requireCommonJs],
  },
]);

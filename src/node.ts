/**
 * `ensayo/node`: helpers that need the file system. Everything in the core is re-exported,
 * so `import { readCsvFile, lmRobust } from "ensayo/node"` works in scripts.
 *
 * @packageDocumentation
 */
export * from "./index.js";

// ── data (file system) ───────────────────────────────────────────────────
export { readCsvFile } from "./node/read-csv-file.js";

// ── power (worker threads) ───────────────────────────────────────────────
export { diagnoseDesignParallel } from "./node/diagnose-parallel.js";
export type { DiagnoseDesignParallelOptions, DesignSpecModule } from "./node/diagnose-parallel.js";

// ── randomization inference (worker threads) ─────────────────────────────
export { riTestParallel } from "./node/ri-test-parallel.js";
export type { RiTestParallelOptions, RiTestSpec } from "./node/ri-test-parallel.js";

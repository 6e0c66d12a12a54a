/**
 * `ensayo/node`: helpers that need the file system. Everything in the core is re-exported,
 * so `import { readCsvFile, lmRobust } from "ensayo/node"` works in scripts.
 *
 * @packageDocumentation
 */
export * from "./index.js";

/**
 * The entry of `dist/ensayo-worker.js`, the one file every ensayo worker thread runs: it serves the
 * jobs of `worker-main.ts` and exports the whole public API (`ensayo/node`, which re-exports `ensayo`).
 *
 * Workers start with the `ensayo-worker` export condition (`worker-pool.ts`), under which
 * package.json maps `ensayo` and `ensayo/node` to this very file: a spec module's
 * `import { declareRa } from "ensayo"` inside a worker is then this module, already loaded, instead of the
 * package's ES build module by module (about 150 ms in a fresh thread). The spec's designs and the
 * worker's code are also one copy of the library.
 */
import { serveJobs } from "./worker-main.js";

serveJobs();

export * from "../node.js";

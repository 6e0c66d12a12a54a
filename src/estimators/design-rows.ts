/**
 * The rows of a design (now in the kernel, `src/kernel/design-rows.ts`), re-exported here for
 * src/inference/fwl-statistic.ts, which imports them from this path; new code imports the kernel's.
 */
export { addGramUpper, denseRows, materialize, mirrorUpper, qRows, ROW_BLOCK, type DesignRows } from "../kernel/design-rows.js";

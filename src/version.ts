/**
 * The library version, written into assignment receipts and reports. Kept equal to package.json by a test.
 *
 * @example
 * ```ts
 * import { VERSION } from "ensayo";
 * VERSION; // "0.1.0"
 * ```
 */
export const VERSION = "0.1.0";

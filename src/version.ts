/** The library version, written into assignment receipts and reports. Kept equal to package.json by a test. */
export const VERSION = "0.1.0";

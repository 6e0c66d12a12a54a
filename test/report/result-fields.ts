/**
 * The field names a person sees in a result: its own keys, the keys of the rows in its arrays, and the
 * keys of its small nested records — but not keys that are data (block labels, column names, ids).
 */

/** Nested objects whose keys are data values (block labels, column names, arms), not field names. */
const KEYED_BY_DATA = new Set(["byBlock", "byColumn", "byArm", "amounts", "table", "data", "columns", "ids", "units", "probabilities", "receipt"]);

/** Every field name of `result` a label is needed for (sorted, unique). */
export function resultFields(result: object): string[] {
  const out = new Set<string>();
  const visit = (o: object, depth: number): void => {
    for (const [k, v] of Object.entries(o)) {
      // functions are methods; integer keys belong to array-likes (a matrix row), not to fields
      if (typeof v === "function" || /^\d+$/.test(k)) continue;
      out.add(k);
      if (depth >= 2 || KEYED_BY_DATA.has(k) || v === null || typeof v !== "object" || ArrayBuffer.isView(v)) continue;
      if (Array.isArray(v)) {
        for (const x of v) if (x !== null && typeof x === "object" && !Array.isArray(x)) visit(x, depth + 1);
      } else visit(v, depth + 1);
    }
  };
  visit(result, 0);
  return [...out].sort();
}

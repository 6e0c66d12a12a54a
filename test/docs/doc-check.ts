/**
 * The checks a docs block's output comments turn into (scripts/docs-blocks.mjs writes the calls):
 * `expr; // 0.8014596` checks `expr` to the digits written; `// "text"`, `// true`, `// [1, 2]` exactly
 * (numbers in arrays to their digits); `// { key: value, … }` checks each scalar field it shows (numbers to
 * their digits, strings, booleans, null, flat arrays; a `(note)` after a value is a note; nested objects and
 * `…` are not checked); `// EnsayoError CODE` under a statement checks it throws that code.
 * A failed check prints `file:line` of the Markdown and sets a non-zero exit code.
 */
function fail(file: string, line: number, why: string): void {
  console.error(`${file}:${line}: ${why}`);
  process.exitCode = 1;
}

function closeTo(actual: unknown, shown: string): boolean {
  const n = typeof actual === "number" ? actual : NaN;
  const want = Number(shown);
  const sci = /^-?\d+(?:\.(\d+))?e([-+]?\d+)$/i.exec(shown);
  // 2.14e-7 is shown to its mantissa's digits: within half a unit of the last one (0.005e-7)
  if (sci) return Math.abs(n - want) <= 0.5 * 10 ** (Number(sci[2]) - (sci[1] ?? "").length) * (1 + 1e-9);
  const decimals = (shown.split(".")[1] ?? "").length;
  return Math.abs(n - want) <= 0.5 * 10 ** -decimals + 1e-12;
}

/** `actual` shows as `shown` (a number to the digits written, or a JSON value). */
export function check(actual: unknown, shown: string, line: number, file: string): void {
  if (shown.startsWith("{")) {
    for (const [key, value] of shownFields(shown)) {
      const got = actual !== null && typeof actual === "object" ? (actual as Record<string, unknown>)[key] : undefined;
      if (got === undefined) fail(file, line, `shows ${key}: ${value} but the value has no field ${key}`);
      else check(got, value, line, `${file} (${key})`);
    }
    return;
  }
  if (/^-?\d+(\.\d+)?(e-?\d+)?$/i.test(shown)) {
    if (!closeTo(actual, shown)) fail(file, line, `shows ${shown} but the code gives ${String(actual)}`);
    return;
  }
  if (shown.startsWith("[")) {
    const want = JSON.parse(shown) as unknown[];
    const got = Array.from(actual as ArrayLike<unknown>);
    const same = want.length === got.length && want.every((w, i) => (typeof w === "number" ? closeTo(got[i], String(w)) : w === got[i]));
    if (!same) fail(file, line, `shows ${shown} but the code gives ${JSON.stringify(got)}`);
    return;
  }
  if (/^".*…"$/.test(shown)) {
    // a shortened string: the value starts with the part shown
    if (typeof actual !== "string" || !actual.startsWith(shown.slice(1, -2))) fail(file, line, `shows ${shown} but the code gives ${JSON.stringify(actual)}`);
    return;
  }
  if (JSON.stringify(actual) !== shown) fail(file, line, `shows ${shown} but the code gives ${JSON.stringify(actual)}`);
}

/** `run` throws an error whose `code` is `code` (any error when `code` is ""). */
export function throws(run: () => unknown, code: string, line: number, file: string): void {
  try {
    run();
  } catch (e) {
    if (e instanceof ReferenceError) throw e; // the example uses a placeholder it never defines
    const got = (e as { code?: string }).code;
    if (code !== "" && got !== code) fail(file, line, `throws ${String(got)} instead of ${code}: ${String(e)}`);
    return;
  }
  fail(file, line, `shows EnsayoError ${code} but nothing was thrown`);
}

/** The checkable `key: value` fields of a shown object `{ a: 1, b: "x" (note), c: { … }, … }`. */
function shownFields(shown: string): [string, string][] {
  const parts: string[] = [];
  let depth = 0;
  let quote = "";
  let start = 1;
  for (let i = 1; i < shown.length - 1; i++) {
    const c = shown[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = "";
    } else if (c === '"') quote = c;
    else if ("{[(".includes(c)) depth++;
    else if ("}])".includes(c)) depth--;
    else if (c === "," && depth === 0) {
      parts.push(shown.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(shown.slice(start, -1));
  const fields: [string, string][] = [];
  for (const part of parts) {
    const m = /^\s*"?([A-Za-z_$][\w$]*)"?\s*:\s*(.+?)\s*$/s.exec(part);
    if (!m) continue;
    // a note after the value, `38.5 (CR2)`; a typographic minus, `−0.046`
    const value = m[2]!.replace(/\s+\([^)]*\)$/, "").replace(/^\u2212/, "-");
    if (/^(-?\d+(\.\d+)?(e-?\d+)?|"[^"]*"|true|false|null|\[[^\]…{]*\])$/i.test(value)) fields.push([m[1]!, value]);
  }
  return fields;
}

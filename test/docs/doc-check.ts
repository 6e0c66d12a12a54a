/**
 * The checks a docs block's output comments turn into (scripts/docs-blocks.mjs writes the calls):
 * `expr; // 0.8014596` checks `expr` to the digits written; `// "text"`, `// true`, `// [1, 2]` exactly
 * (numbers in arrays to their digits); `// EnsayoError CODE` under a statement checks it throws that code.
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

// Shared harness of the error-name contracts (test/contracts/error-names*.test.ts): one bad call per public
// function must throw an EnsayoError named for that function, and every public function of the folders checked
// must have such a call (or a reason it never throws).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import * as api from "../../src/node.js";
import { EnsayoError } from "../../src/errors.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** One bad call, the code it must throw, and the name it must carry when not the table's key (a method's). */
export type BadCall = { call: () => unknown; code: string; name?: string };

/** Assert that `row.call` throws an EnsayoError with `row.code`, named `row.name ?? key` once (in `fn` and in front of its message). */
export function expectNamedError(key: string, row: BadCall): void {
  const fn = row.name ?? key;
  let error: unknown;
  try {
    row.call();
  } catch (e) {
    error = e;
  }
  expect(error, `${key} did not throw`).toBeInstanceOf(EnsayoError);
  const e = error as EnsayoError;
  expect(e.code, e.message).toBe(row.code);
  expect(e.fn).toBe(fn);
  expect(e.message.startsWith(`${fn}: `), e.message).toBe(true);
  expect(e.message.startsWith(`${fn}: ${fn}: `), e.message).toBe(false);
}

/** Function exports of src/index.ts and src/node.ts whose module path (`./<folder>/…`) matches `folders`. */
export function publicFunctionsOf(folders: RegExp): string[] {
  const names: string[] = [];
  for (const file of ["src/index.ts", "src/node.ts"]) {
    const source = readFileSync(join(root, file), "utf8");
    for (const m of source.matchAll(/^export \{([^}]*)\} from "([^"]+)";/gm)) {
      if (!folders.test(m[2]!)) continue;
      for (const name of m[1]!.split(",").map((s) => s.trim()).filter(Boolean)) {
        if (typeof (api as Record<string, unknown>)[name] === "function") names.push(name);
      }
    }
  }
  return names;
}

// Every TSDoc `@example` in src/ runs (all in one program, each in its own block with the public API and
// its own module's exports in scope) and every output it shows in a comment is checked. Examples that
// use data they do not define (`data`, `fit`: placeholders for the reader's own) are counted, not run
// to the end; their number may only go down.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- a plain .mjs script (also run from the command line), without type declarations
import { tsdocSuite } from "../../scripts/docs-blocks.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
/** Examples that use undefined placeholder data (see the report in the test output): none may. */
// 19 when the test was written; 31 after the receipt, inference and pilot modules of the same release
// joined with examples written for readers (`units`, `receipt`, `data`); 4 once the others defined their
// data (the bundled pilot's CSVs, small inline tables) and the suite loaded their sibling and node:
// imports; 0 once the last four used the session's new vocabulary. It stays 0: every example defines its data.
const MAX_PLACEHOLDERS = 0;

describe("TSDoc examples", () => {
  it("every example runs, shows what its code gives, and at most a few use placeholder data", async () => {
    if (!existsSync(join(root, "dist", "node.js"))) throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
    const api = Object.keys(await import(join(root, "dist", "node.js")));
    const names = new Map<string, string[]>();
    const program = tsdocSuite(api, (file: string) => names.get(file) ?? []);
    for (const file of new Set([...program.matchAll(/from "([^"]+\/src\/[^"]+\.ts)"/g)].map((m) => m[1]!))) {
      names.set(file.slice(root.length), Object.keys(await import(file)));
    }
    const script = join(root, ".tmp", "tsdoc-examples", "all.ts");
    mkdirSync(join(root, ".tmp", "tsdoc-examples"), { recursive: true });
    writeFileSync(script, tsdocSuite(api, (file: string) => names.get(file) ?? []));
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", script], { cwd: root, encoding: "utf8", timeout: 300_000 });
    const result = JSON.parse(stdout.trim().split("\n").at(-1)!) as { ran: string[]; placeholders: string[]; failures: string[] };
    expect(result.failures, stderr).toEqual([]);
    expect(result.ran.length).toBeGreaterThanOrEqual(50);
    expect(result.placeholders.length, result.placeholders.join("\n")).toBeLessThanOrEqual(MAX_PLACEHOLDERS);
  }, 320_000);
});

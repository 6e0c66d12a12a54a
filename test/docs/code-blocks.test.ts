// Every ```ts block in docs/*.md runs as written (a page's blocks run in order as one program, importing
// from the built package "ensayo"), and every output it shows in a comment (`expr; // 0.8014596`) is checked.
// Blocks fenced as ```ts signature are option sketches, not programs.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- a plain .mjs script (also run from the command line), without type declarations
import { docBlocks, pagePrograms } from "../../scripts/docs-blocks.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const pages = pagePrograms() as { file: string; program: string }[];
const dir = join(root, ".tmp", "docs-blocks-test");
// performance.md reports measurements; cli.md's and cli.es.md's examples are shell commands (kept current by test/cli/)
// architecture.md is about the code's layers: its examples are paths and rules, not calls
const PAGES_WITHOUT_TS = new Set(["performance.md", "cli.md", "cli.es.md", "architecture.md"]);

describe("docs code blocks", () => {
  it("every docs page has runnable examples", () => {
    const withCode = new Set(pages.map((p) => p.file));
    const all = readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md") && !PAGES_WITHOUT_TS.has(f)).map((f) => `docs/${f}`);
    expect(all.filter((f) => !withCode.has(f))).toEqual([]);
    expect((docBlocks() as unknown[]).length).toBeGreaterThanOrEqual(22);
  });
  it.each(pages.map((p) => [p.file, p] as const))("%s runs and shows what its code gives", async (file, page) => {
    if (!existsSync(join(root, "dist", "index.js"))) throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
    mkdirSync(dir, { recursive: true });
    const script = join(dir, `${file.replace(/[/.]/g, "_")}.ts`);
    writeFileSync(script, page.program);
    const checks = (page.program.match(/__check\(|__throws\(/g) ?? []).length - 2;
    const run = promisify(execFile)(process.execPath, ["--import", "tsx", script], { cwd: root, encoding: "utf8", timeout: 180_000 });
    const { stderr } = await run.catch((e: { stderr: string; message: string }) => ({ stderr: `${e.stderr}\n${e.message}` }));
    expect(stderr.trim(), `${file}: ${checks} output checks`).toBe("");
    expect(readFileSync(script, "utf8")).toBe(page.program);
  }, 200_000);
  it("every docs page type-checks against the package's types (as tslab and an editor check it)", async () => {
    const typed = join(root, ".tmp", "docs-blocks-typecheck");
    mkdirSync(typed, { recursive: true });
    for (const p of pages) writeFileSync(join(typed, `${p.file.replace(/[/.]/g, "_")}.ts`), p.program);
    writeFileSync(join(typed, "tsconfig.json"), JSON.stringify({
      extends: "../../tsconfig.json",
      compilerOptions: { noEmit: true, rootDir: "../..", allowImportingTsExtensions: true },
      include: ["*.ts"],
    }));
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    const run = promisify(execFile)(process.execPath, [tsc, "-p", join(typed, "tsconfig.json")], { cwd: root, encoding: "utf8", timeout: 180_000 });
    const { stdout } = await run.catch((e: { stdout: string }) => ({ stdout: e.stdout }));
    expect(stdout.trim()).toBe("");
  }, 200_000);
});

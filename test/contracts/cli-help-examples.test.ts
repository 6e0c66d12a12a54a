// What a newcomer copies from `ensayo <command> --help`: every example of every command runs as written,
// in the order the help lists them (assign writes the receipt verify then reads), in a scratch folder
// holding a copy of fixtures/, and each flag's help line says what it does for that command.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/commands.js";

const root = new URL("../..", import.meta.url).pathname;
const cli = join(root, "dist/cli.js");
const env = { ...process.env, ENSAYO_LANG: "", LC_ALL: "", LC_MESSAGES: "", LANG: "C.UTF-8" };
let scratch = "";

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "ensayo-cli-examples-"));
  cpSync(join(root, "fixtures/pilot"), join(scratch, "fixtures/pilot"), { recursive: true });
});
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const run = (cwd: string, args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd, encoding: "utf8", env });
/** A help example as the shell splits it (double quotes group words). */
const argv = (example: string) => example.match(/"[^"]*"|\S+/g)!.slice(1).map((a) => a.replace(/^"|"$/g, ""));

describe("every example of every command's --help", () => {
  const examples = COMMANDS.flatMap((c) => c.examples.map((e) => [e] as const));
  it("covers every command", () => {
    expect(new Set(examples.map(([e]) => e.split(" ")[1]))).toEqual(new Set(COMMANDS.map((c) => c.name)));
  });
  // in order: `assign … --out asignacion.csv` writes asignacion.receipt.json, which `verify` reads next
  it.each(examples)("runs as written: %s", (example) => {
    if (!existsSync(cli)) throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
    const r = run(scratch, argv(example));
    expect(r.status, `${example}\n${r.stderr}`).toBe(0);
    expect(r.stderr).not.toMatch(/^ensayo: [A-Z_]+: /m); // notes and summaries go to stderr; failures start so
    expect((r.stdout + r.stderr).trim().length).toBeGreaterThan(0); // a result, or with --out what was written
    const out = /--out (\S+)/.exec(example)?.[1];
    if (out) expect(existsSync(join(scratch, out)), out).toBe(true);
  });
});

describe("flag help lines", () => {
  it("describe --out for every command that takes it, not only assign's CSV", () => {
    for (const name of ["plan", "merge", "report", "assign"]) {
      const line = run(root, [name, "--help"]).stdout.split("\n").find((l) => l.trimStart().startsWith("--out "))!;
      expect(line, name).toMatch(new RegExp(`\\b${name}\\b`));
    }
  });
});

describe("a column the data does not have", () => {
  it.each([
    ["--clusters 'ofi'", "lm", "fixtures/pilot/panel.csv", "--formula", "puntaje_final ~ grupo", "--clusters", "ofi"],
    ["--outcome 'nope'", "dim", "fixtures/pilot/panel.csv", "--outcome", "nope", "--treatment", "grupo"],
    ["--blocks 'reg'", "dim", "fixtures/pilot/panel.csv", "--outcome", "puntaje_final", "--treatment", "grupo", "--blocks", "reg"],
    ["--covariates 'nope'", "balance", "fixtures/pilot/panel.csv", "--treatment", "grupo", "--covariates", "edad,nope"],
    ["--id 'nope'", "assign", "fixtures/pilot/baseline.csv", "--id", "nope", "--seed", "1"],
  ])("is named by the flag that gave it: %s", (named, ...args) => {
    const r = run(root, args);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("MISSING_COLUMN: ");
    expect(r.stderr).toContain(`${named} is not a column`);
  });
});

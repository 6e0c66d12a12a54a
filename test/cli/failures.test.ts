// Every failure of the built CLI is one line `ensayo: CODE: message` on stderr with a documented exit code
// (README "Command line: exit codes"): 1 bad input or file, 2 usage, 3 receipt differs, 70 internal error.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT_CODES, describeFailure, UsageError } from "../../src/cli/exit-codes.js";
import { EnsayoError } from "../../src/errors.js";

const root = new URL("../..", import.meta.url).pathname;
const cli = join(root, "dist/cli.js");
// the language comes from --lang, ENSAYO_LANG or the locale (src/cli/lang.ts): these tests speak English whatever the machine's
const env = { ...process.env, ENSAYO_LANG: "", LC_ALL: "", LC_MESSAGES: "", LANG: "C.UTF-8" };
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: "utf8", env });
const dir = mkdtempSync(join(tmpdir(), "ensayo-cli-fail-"));

/** stderr is exactly one line `ensayo: CODE: …` and has no stack trace. */
function oneLine(stderr: string, code: string | RegExp): void {
  const lines = stderr.replace(/\n$/, "").split("\n");
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(typeof code === "string" ? new RegExp(`^ensayo: ${code}: \\S`) : code);
  expect(stderr).not.toMatch(/^\s+at /m);
}

describe("ensayo CLI failures", () => {
  const receiptPath = join(dir, "a.receipt.json");
  const assigned = run("assign", "fixtures/pilot/baseline.csv", "--id", "id", "--blocks", "region", "--conditions", "control,taller", "--seed", "9", "--out", join(dir, "a.csv"));

  it("assigns the fixture (the receipt the other cases edit)", () => {
    expect(assigned.status).toBe(0);
  });

  it("a receipt that is not JSON: exit 1, INVALID_DATA naming the file", () => {
    const bad = join(dir, "not-json.json");
    writeFileSync(bad, "{ this is not json");
    const r = run("verify", bad, "fixtures/pilot/baseline.csv");
    expect(r.status).toBe(1);
    oneLine(r.stderr, "INVALID_DATA");
    expect(r.stderr).toContain("not-json.json");
  });

  it("a receipt without `design`: exit 1, INVALID_OPTION", () => {
    const receipt = JSON.parse(readFileSync(receiptPath, "utf8")) as Record<string, unknown>;
    delete receipt.design;
    const p = join(dir, "no-design.json");
    writeFileSync(p, JSON.stringify(receipt));
    const r = run("verify", p, "fixtures/pilot/baseline.csv");
    expect(r.status).toBe(1);
    oneLine(r.stderr, "INVALID_OPTION");
  });

  it("an edited receipt: exit 3 and the differing fields", () => {
    const receipt = JSON.parse(readFileSync(receiptPath, "utf8")) as { design: { type: string } };
    receipt.design.type = "complete";
    const p = join(dir, "edited.json");
    writeFileSync(p, JSON.stringify(receipt));
    const r = run("verify", p, "fixtures/pilot/baseline.csv", "--format", "json");
    expect(r.status).toBe(EXIT_CODES.differs);
    expect(r.stdout).toContain("design.type");
  });

  it("a receipt file that does not exist: exit 1, ENOENT", () => {
    const r = run("verify", join(dir, "nope.json"), "fixtures/pilot/baseline.csv");
    expect(r.status).toBe(1);
    oneLine(r.stderr, "ENOENT");
  });

  it("--out into a missing folder: exit 1, ENOENT naming the folder", () => {
    const r = run("assign", "fixtures/pilot/baseline.csv", "--id", "id", "--seed", "1", "--out", join(dir, "missing", "x.csv"));
    expect(r.status).toBe(1);
    oneLine(r.stderr, "ENOENT");
    expect(r.stderr).toContain(join(dir, "missing"));
  });

  it("a CSV that does not exist: exit 1", () => {
    const r = run("read", "fixtures/pilot/nope.csv");
    expect(r.status).toBe(1);
    oneLine(r.stderr, "INVALID_DATA");
  });

  it("usage errors: exit 2 with USAGE (unknown command, unknown flag, missing argument, no command, a flag that is not a number)", () => {
    for (const args of [["frobnicate"], ["read", "--nope"], ["dim", "fixtures/pilot/baseline.csv"], [], ["assign", "fixtures/pilot/baseline.csv", "--seed", "1", "--prob", "half"], ["read"]]) {
      const r = run(...args);
      expect(r.status, args.join(" ")).toBe(2);
      oneLine(r.stderr, "USAGE");
    }
  });

  it("bad input the library refuses: exit 1 with its code", () => {
    const r = run("assign", "fixtures/pilot/baseline.csv", "--id", "region", "--seed", "1");
    expect(r.status).toBe(1);
    oneLine(r.stderr, "DUPLICATE_ID");
  });

  it("--help documents the exit codes", () => {
    const r = run("--help");
    expect(r.status).toBe(0);
    for (const code of Object.values(EXIT_CODES)) expect(r.stdout).toMatch(new RegExp(`^\\s+${code}\\s`, "m"));
  });
});

describe("describeFailure maps every error to one line and an exit code", () => {
  it("EnsayoError → 1, usage → 2, a file-system error → 1 with its code, anything else → 70", () => {
    expect(describeFailure(new EnsayoError("MISSING_COLUMN", "lm: no column 'x'.\nDid you mean 'y'?"))).toEqual({ line: "ensayo: MISSING_COLUMN: lm: no column 'x'. Did you mean 'y'?", exitCode: 1 });
    expect(describeFailure(new UsageError("dim needs --outcome")).exitCode).toBe(2);
    const fsError = Object.assign(new Error("EACCES: permission denied, open '/root/x'"), { code: "EACCES", syscall: "open", path: "/root/x" });
    expect(describeFailure(fsError)).toMatchObject({ exitCode: 1, line: expect.stringMatching(/^ensayo: EACCES: .*'\/root\/x'/) });
    const internal = describeFailure(new TypeError("Cannot read properties of undefined (reading 'x')"));
    expect(internal.exitCode).toBe(70);
    expect(internal.line).toMatch(/^ensayo: INTERNAL: Cannot read properties of undefined/);
    expect(describeFailure("a thrown string").exitCode).toBe(70);
    for (const d of [internal, describeFailure(fsError)]) expect(d.line).not.toContain("\n");
  });
});

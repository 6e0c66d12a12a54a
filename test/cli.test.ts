// The command line as university partners use it: the built `dist/cli.js` (npm test builds first).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = new URL("..", import.meta.url).pathname;
const cli = join(root, "dist/cli.js");
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: "utf8" });

describe("ensayo CLI", () => {
  it("prints the data report of a ministry export", () => {
    const r = run("read", "fixtures/pilot/baseline_ministerio.csv", "--locale", "es-PY", "--format", "json");
    expect(r.status).toBe(0);
    const rows = JSON.parse(r.stdout) as { column: string; type: string }[];
    expect(rows.find((x) => x.column === "puntaje_base")?.type).toBe("number");
    expect(r.stderr).toMatch(/windows-1252/);
  });
  it("assigns, writes a receipt, and verifies it against the same file", () => {
    const dir = mkdtempSync(join(tmpdir(), "ensayo-cli-"));
    const out = join(dir, "asignacion.csv");
    const a = run("assign", "fixtures/pilot/baseline.csv", "--id", "id", "--blocks", "region", "--clusters", "oficina", "--conditions", "control,taller", "--seed", "2026", "--out", out);
    expect(a.status).toBe(0);
    expect(readFileSync(out, "utf8").split(/\r?\n/)[0]).toBe("id,condition");
    const v = run("verify", join(dir, "asignacion.receipt.json"), "fixtures/pilot/baseline.csv");
    expect(v.status).toBe(0);
    expect(v.stdout).toMatch(/^ok/);
    const w = run("verify", join(dir, "asignacion.receipt.json"), "fixtures/pilot/endline.csv");
    expect(w.status).not.toBe(0);
  });
  it("exits 1 with the error code and a near match for a misspelt column", () => {
    const r = run("lm", "fixtures/pilot/baseline.csv", "--formula", "puntaje_bse ~ edad");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/MISSING_COLUMN.*did you mean 'puntaje_base'/);
  });
  it("names the unit-id column by its flag --id (the library's option `id`) when assign refuses it", () => {
    const missing = run("assign", "fixtures/pilot/baseline.csv", "--id", "nope", "--seed", "1");
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^ensayo: MISSING_COLUMN: declareRa: --id 'nope' is not a column of the data/);
    const repeated = run("assign", "fixtures/pilot/baseline.csv", "--id", "region", "--seed", "1");
    expect(repeated.stderr).toMatch(/^ensayo: DUPLICATE_ID: declareRa: --id must be unique/);
    expect(missing.stderr + repeated.stderr).not.toMatch(/\bids\b/);
  });
  it("reads --se from the SE registry: lists the types in --help, refuses an unknown one, passes one to balance", () => {
    expect(run("lm", "--help").stdout).toMatch(/CR2\s+Bell–McCaffrey/);
    // an unknown type is a usage error, found before any file is read
    const bad = run("lm", "fixtures/pilot/baseline.csv", "--formula", "puntaje_base ~ edad", "--se", "HC9");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/USAGE.*--se.*classical, HC0, HC1, HC2, HC3, CR0, CR2, stata, none/);
    const none = run("balance", "fixtures/pilot/baseline.csv", "--treatment", "taller", "--covariates", "edad", "--se", "none");
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/INVALID_OPTION: balanceTable: --se: .*"classical"\|"HC0"\|"HC1"\|"HC2"\|"HC3"\|"CR0"\|"CR2"\|"stata" \(got 'none'\)/);
  });
  it("solves a cluster-trial MDE", () => {
    const r = run("power", "--design", "cluster", "--solve-for", "mde", "--n-clusters", "48", "--cluster-size", "10", "--icc", "0.1", "--format", "json");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)[0].mde).toBeGreaterThan(0);
  });
  it("prints its version", () => {
    const v = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;
    expect(execFileSync(process.execPath, [cli, "--version"], { encoding: "utf8" }).trim()).toBe(v);
  });
});

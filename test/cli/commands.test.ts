// The built CLI (dist/cli.js) as a user meets it: per-command help, the bundled panel, flags checked
// first and named in every message, and Spanish headers and notes.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS, flagsOf } from "../../src/cli/commands.js";
import { CLI_NOTES } from "../../src/cli/notes.js";
import { FIELD_LABELS, PHRASES } from "../../src/report/labels.js";

const root = new URL("../..", import.meta.url).pathname;
const cli = join(root, "dist/cli.js");
// the language comes from --lang, ENSAYO_LANG or the locale (src/cli/lang.ts): these tests speak English whatever the machine's
const env = { ...process.env, ENSAYO_LANG: "", LC_ALL: "", LC_MESSAGES: "", LANG: "C.UTF-8" };
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: "utf8", env });
const PANEL = "fixtures/pilot/panel.csv";

/** The header cells of the first Markdown table in `text`. */
const header = (text: string) => text.split("\n").find((l) => l.startsWith("| "))!.slice(2, -2).split(" | ");

describe("ensayo <command> --help", () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))("%s --help lists every flag it takes and an example of it", (name, command) => {
    const r = run(name, "--help");
    expect(r.status).toBe(0);
    for (const flag of flagsOf(command)) expect(r.stdout, `--${flag}`).toMatch(new RegExp(`--${flag}\\b`));
    expect(r.stdout).toMatch(new RegExp(`^examples\\n  ensayo ${name}`, "m"));
    expect(r.stdout).not.toBe(run("--help").stdout);
  });
});

describe("the bundled panel (fixtures/pilot/panel.csv)", () => {
  // the examples of dim, lm and balance's help run as written on it
  const examples = COMMANDS.filter((c) => ["dim", "lm", "balance", "power"].includes(c.name)).flatMap((c) => c.examples.map((e) => [e] as const));
  it.each(examples)("runs: %s", (example) => {
    const args = example.match(/"[^"]*"|\S+/g)!.slice(1).map((a) => a.replace(/^"|"$/g, ""));
    const r = run(...args, "--format", "json");
    expect(r.status, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(0);
  });
});

describe("flags", () => {
  it("takes choice values in any letter case (--se hc2 is --se HC2)", () => {
    const lower = run("lm", PANEL, "--formula", "puntaje_final ~ grupo", "--se", "hc2", "--format", "json");
    const upper = run("lm", PANEL, "--formula", "puntaje_final ~ grupo", "--se", "HC2", "--format", "json");
    expect(lower.status, lower.stderr).toBe(0);
    expect(lower.stdout).toBe(upper.stdout);
  });

  it("suggests the flag meant, and power's count of clusters is --n-clusters", () => {
    const typo = run("dim", PANEL, "--outcome", "puntaje_final", "--treatment", "grupo", "--clustrs", "oficina");
    expect(typo.status).toBe(2);
    expect(typo.stderr).toBe("ensayo: USAGE: unknown flag '--clustrs' for dim (did you mean --clusters?); run 'ensayo dim --help'\n");
    const old = run("power", "--design", "cluster", "--solve-for", "mde", "--clusters", "48", "--cluster-size", "10", "--icc", "0.1");
    expect(old.status).toBe(2);
    expect(old.stderr).toMatch(/did you mean --n-clusters/);
  });

  it("checks every flag before reading a file: a bad flag on a missing file is a usage error, not ENOENT", () => {
    for (const args of [
      ["lm", "nope.csv", "--formula", "y ~ x", "--se", "HC9"],
      ["dim", "nope.csv", "--outcome", "y", "--treatment", "z", "--alpha", "2"],
      ["balance", "nope.csv", "--treatment", "z"],
    ]) {
      const r = run(...args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/^ensayo: USAGE: --(se|alpha|covariates)|needs --covariates/);
    }
  });

  it("phrases the library's hints as flags, never as option names or [object Object]", () => {
    const r = run("lm", PANEL, "--formula", "puntaje_final ~ grupo", "--se", "cr2");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^ensayo: INVALID_OPTION: .*--se "CR2" needs --clusters/);
    expect(r.stderr).not.toMatch(/`seType`|`clusters`|\[object Object\]/);
    const p = run("power", "--design", "cluster", "--solve-for", "mde", "--n-clusters", "40");
    expect(p.stderr).toMatch(/--icc is required/);
  });
});

describe("--lang es", () => {
  const spanish = new Set(Object.values(FIELD_LABELS).map((l) => l.es));
  const english = new Set(Object.entries(FIELD_LABELS).flatMap(([k, l]) => (l.en === l.es ? [] : [k, l.en])));

  it.each([
    ["dim", PANEL, "--outcome", "puntaje_final", "--treatment", "grupo", "--clusters", "oficina"],
    ["lm", PANEL, "--formula", "puntaje_final ~ grupo + puntaje_base", "--clusters", "oficina"],
    ["balance", PANEL, "--treatment", "grupo", "--covariates", "edad,sexo", "--clusters", "oficina"],
    ["power", "--design", "cluster", "--solve-for", "mde", "--n-clusters", "48", "--cluster-size", "10", "--icc", "0.1"],
  ])("%s: every header is a Spanish label and every note is Spanish", (...args) => {
    const r = run(...args, "--lang", "es");
    expect(r.status, r.stderr).toBe(0);
    for (const h of header(r.stdout)) {
      expect(spanish.has(h), h).toBe(true);
      expect(english.has(h) && !spanish.has(h), h).toBe(false);
    }
    const notes = [...Object.values(PHRASES), ...Object.values(CLI_NOTES)].map((p) => p.en.split("{")[0]!.trim()).filter((s) => s.length > 4);
    for (const line of r.stderr.split("\n").filter(Boolean)) for (const en of notes) expect(line.startsWith(en), line).toBe(false);
  });

  it("read: Spanish report headers, the data's own column names kept", () => {
    const r = run("read", PANEL, "--lang", "es");
    expect(r.status).toBe(0);
    expect(header(r.stdout)).toEqual(["Columna", "Tipo", "Faltantes", "Convertidos"]);
    // the column types are Spanish words too; the data's own column names stay as read
    expect(r.stdout).toContain("| fecha_ingreso | fecha |");
    expect(r.stdout).toMatch(/\| puntaje_final \| (número|entero) \|/);
    for (const english of ["| date |", "| text |", "| integer |", "| number |"]) expect(r.stdout).not.toContain(english);
    expect(run("read", PANEL).stdout).toContain("| fecha_ingreso | date |");
    expect(r.stderr).toMatch(/filas, codificación utf-8/);
  });

  it("writes CSV for Spanish Excel: BOM, ';' and decimal commas", () => {
    const r = run("dim", PANEL, "--outcome", "puntaje_final", "--treatment", "grupo", "--lang", "es", "--format", "csv");
    expect(r.stdout.startsWith("\uFEFFTérmino;Estimación;")).toBe(true);
    expect(r.stdout.split("\r\n")[1]).toMatch(/^grupotaller;\d+,\d+;/);
  });
});

// The declared pilot on the command line: the built `dist/cli.js` (npm test builds first).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { planHash } from "../src/pilot/declare-pilot.js";

const root = new URL("..", import.meta.url).pathname;
const cli = join(root, "dist/cli.js");
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: "utf8" });
const pilot = "fixtures/pilot/";

describe("ensayo plan / assign --plan / merge / report", () => {
  const dir = mkdtempSync(join(tmpdir(), "ensayo-cli-pilot-"));

  it("writes a commented plan template that declares, in Spanish or English", () => {
    for (const lang of ["es", "en"]) {
      const out = join(dir, `plan-${lang}.json`);
      expect(run("plan", "init", "--lang", lang, "--out", out).status).toBe(0);
      const text = readFileSync(out, "utf8");
      expect(text).toMatch(/^\/\/ /);
      expect(text).toContain(lang === "es" ? "Regístrelo" : "Register it");
      const h = run("plan", "hash", out);
      expect(h.status).toBe(0);
      expect(h.stdout.trim()).toMatch(/^[0-9a-f]{64}$/);
    }
  });
  it("prints the plan hash, the same as planHash() and independent of formatting", () => {
    const h = run("plan", "hash", `${pilot}plan.json`);
    const text = readFileSync(`${pilot}plan.json`, "utf8");
    expect(h.stdout.trim()).toBe(planHash(text));
    const compact = join(dir, "compact.json");
    writeFileSync(compact, JSON.stringify(JSON.parse(text)));
    expect(run("plan", "hash", compact).stdout.trim()).toBe(h.stdout.trim());
  });
  it("assigns with the plan: the registered assignment of the bundled pilot, and a receipt with the plan hash", () => {
    const out = join(dir, "asignacion.csv");
    const a = run("assign", "--plan", `${pilot}plan.json`, `${pilot}baseline.csv`, "--out", out);
    expect(a.status).toBe(0);
    const receipt = JSON.parse(readFileSync(join(dir, "asignacion.receipt.json"), "utf8"));
    expect(receipt.planHash).toBe(planHash(readFileSync(`${pilot}plan.json`, "utf8")));
    const mine = readFileSync(out, "utf8").trim().split(/\r?\n/).slice(1).sort();
    const registered = readFileSync(`${pilot}asignacion.csv`, "utf8").trim().split(/\r?\n/).slice(1).map((l) => `${l.split(",")[0]},${l.split(",")[3]}`).sort();
    expect(mine).toEqual(registered);
  });
  it("merges by id and says where every row went", () => {
    const out = join(dir, "panel.csv");
    const m = run("merge", `${pilot}baseline.csv`, `${pilot}endline.csv`, "--id", "id", "--assignment", `${pilot}asignacion.csv`, "--out", out);
    expect(m.status).toBe(0);
    expect(m.stderr).toContain("matched 427, only in the baseline 37, only in the endline 2");
    expect(readFileSync(out, "utf8").split("\n").length).toBe(464 + 2);
  });
  it("writes the HTML report on the bundled pilot in one command, with each input file's SHA-256", () => {
    const out = join(dir, "informe.html");
    const r = run("report", "--plan", `${pilot}plan.json`, "--baseline", `${pilot}baseline.csv`, "--assignment", `${pilot}asignacion.csv`,
      "--endline", `${pilot}endline.csv`, "--lang", "es", "--out", out);
    expect(r.status).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html).toContain('<html lang="es">');
    expect(html).toContain("4,17");
    expect((html.match(/<section id=/g) ?? []).length).toBe(10);
    expect(html).toMatch(/baseline\.csv<\/td><td>[0-9a-f]{64}/);
  });
  it("speaks the report's language on the console too: Spanish deviations and es-PY numbers under --lang es", () => {
    const m = "fixtures/pilot-multiarm/";
    const args = ["report", "--plan", `${m}plan.json`, "--baseline", `${m}baseline.csv`, "--assignment", `${m}asignacion.csv`, "--endline", `${m}endline.csv`, "--out", join(dir, "multi.html")];
    const es = run(...args, "--lang", "es");
    expect(es.status).toBe(0);
    expect(es.stderr).toContain("desvío: 1 ids de la línea final no coinciden con ninguna unidad de la línea de base (M9999)");
    expect(es.stderr).toMatch(/3 resultados × 2 grupos tratados; puntaje_final \(taller\): \d+,\d{3} \(p = 0,\d{4}\); escrito /);
    expect(es.stderr).not.toMatch(/deviation|outcomes|wrote/);
    const en = run(...args, "--lang", "en");
    expect(en.stderr).toContain("deviation: 1 endline ids match no baseline unit (M9999)");
    expect(en.stderr).toMatch(/3 outcomes × 2 treated arms; puntaje_final \(taller\): \d+\.\d{3} \(p = 0\.\d{4}\); wrote /);
  });
  it("refuses a plan with an unknown estimator, naming the field, with exit status 1", () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ ...JSON.parse(readFileSync(`${pilot}plan.json`, "utf8")), estimator: "ols" }));
    const r = run("plan", "hash", bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("INVALID_PLAN");
    expect(r.stderr).toContain("`estimator`");
  });
  it("a refused plan reads as the plan file's failure, not as a call of declarePilot the user never made", () => {
    const bad = join(dir, "not-json.json");
    writeFileSync(bad, "{");
    for (const args of [["plan", "hash", bad], ["report", "--plan", bad, "--baseline", "b.csv", "--assignment", "a.csv", "--endline", "e.csv"]]) {
      const r = run(...args);
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(`ensayo: INVALID_PLAN: ${bad}: the plan is not valid JSON ${r.stderr.slice(r.stderr.indexOf("("))}`);
      expect(r.stderr).not.toContain("declarePilot");
    }
  });
  it("a missing argument or subcommand is a usage error (exit 2), in the CLI's language, with ensayo: once", () => {
    const cases: [string[], string][] = [
      [["plan", "hash"], "ensayo: USAGE: plan needs a plan file (ensayo plan hash plan.json); run 'ensayo plan --help'\n"],
      [["plan", "hash", "--lang", "es"], "ensayo: USAGE: plan necesita un archivo de plan (ensayo plan hash plan.json); ejecute 'ensayo plan --help --lang es'\n"],
      [["plan", "sign"], "ensayo: USAGE: plan takes 'init' or 'hash'; got 'sign'; run 'ensayo plan --help'\n"],
      [["plan", "sign", "--lang", "es"], "ensayo: USAGE: plan lleva 'init' o 'hash'; se recibió 'sign'; ejecute 'ensayo plan --help --lang es'\n"],
    ];
    for (const [args, line] of cases) {
      const r = run(...args);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toBe(line);
    }
  });
});

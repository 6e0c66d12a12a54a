// The command line in Spanish (issue #14 item 4): `--lang es`, ENSAYO_LANG or a Spanish locale give
// Spanish help (every command, flag and section) and Spanish error lines for what the CLI checks itself.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS, flagsOf } from "../../src/cli/commands.js";
import { FLAGS, type FlagName } from "../../src/cli/flags.js";
import { cliLang } from "../../src/cli/lang.js";

const root = new URL("../..", import.meta.url).pathname;
const cli = join(root, "dist/cli.js");
const neutral = { ...process.env, ENSAYO_LANG: "", LC_ALL: "", LC_MESSAGES: "", LANG: "C.UTF-8" };
const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: "utf8", env: { ...neutral, ...env } });
const PANEL = "fixtures/pilot/panel.csv";

describe("the language of the command line", () => {
  it("is --lang first, then ENSAYO_LANG, then LC_ALL, LC_MESSAGES and LANG, else English", () => {
    expect(cliLang(["power"], {})).toBe("en");
    expect(cliLang(["power"], { LANG: "es_PY.UTF-8" })).toBe("es");
    expect(cliLang(["power"], { LANG: "es_PY.UTF-8", LC_ALL: "en_US.UTF-8" })).toBe("en");
    expect(cliLang(["power"], { LANG: "en_US.UTF-8", LC_MESSAGES: "es_ES.UTF-8" })).toBe("es");
    expect(cliLang(["power"], { LC_ALL: "es_ES.UTF-8", ENSAYO_LANG: "en" })).toBe("en");
    expect(cliLang(["power"], { ENSAYO_LANG: "es" })).toBe("es");
    expect(cliLang(["power", "--lang", "en"], { ENSAYO_LANG: "es" })).toBe("en");
    expect(cliLang(["power", "--lang=ES"], {})).toBe("es");
    expect(cliLang(["power", "--lang", "fr"], { LANG: "es_PY.UTF-8" })).toBe("es"); // the flag check refuses fr
    expect(cliLang(["--", "--lang", "es"], {})).toBe("en"); // after --, a file name
  });

  it("gives every flag a Spanish description of its own", () => {
    for (const [name, spec] of Object.entries(FLAGS)) {
      expect(spec.es, name).not.toBe("");
      expect(spec.es, name).not.toBe(spec.help);
    }
  });
});

describe("ensayo <command> --help --lang es", () => {
  it("power: every flag has its Spanish description and no English one", () => {
    const power = COMMANDS.find((c) => c.name === "power")!;
    const text = run(["power", "--help", "--lang", "es"]).stdout;
    for (const flag of [...flagsOf(power), "version" as FlagName]) {
      const spec = FLAGS[flag];
      if (flagsOf(power).includes(flag)) expect(text, `--${flag}`).toContain(spec.es);
      expect(text, `--${flag}`).not.toContain(spec.help);
    }
    expect(text).toContain(power.summaryEs);
    expect(text).not.toContain(power.summary);
    for (const heading of ["uso: ensayo power", "\nopciones\n", "\nopciones generales\n", "\nejemplos\n", "\ncódigos de salida\n", "(obligatoria)"]) expect(text).toContain(heading);
    for (const english of ["usage:", "\nflags\n", "general flags", "examples", "exit codes", "(required)"]) expect(text).not.toContain(english);
  });

  it.each(COMMANDS.map((c) => [c.name, c] as const))("%s: the Spanish summary and every flag's Spanish line", (name, command) => {
    const r = run([name, "--help"], { ENSAYO_LANG: "es" });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(command.summaryEs);
    for (const flag of flagsOf(command)) expect(r.stdout, `--${flag}`).toContain(FLAGS[flag].es);
    if (command.flags.includes("se")) expect(r.stdout).toMatch(/^ {2}CR2 +Bell–McCaffrey con gl de Satterthwaite/m);
  });

  it("ensayo --help in a Spanish locale lists the commands in Spanish", () => {
    const r = run(["--help"], { LANG: "es_PY.UTF-8" });
    for (const c of COMMANDS) expect(r.stdout).toContain(c.summaryEs);
    expect(r.stdout).toMatch(/^comandos$/m);
  });
});

describe("the command line's own error lines in Spanish", () => {
  it("suggests the flag meant: ¿quiso decir --clusters?", () => {
    const r = run(["dim", PANEL, "--outcome", "puntaje_final", "--treatment", "grupo", "--clustrs", "oficina", "--lang", "es"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("ensayo: USAGE: opción desconocida '--clustrs' para dim (¿quiso decir --clusters?); ejecute 'ensayo dim --help --lang es'\n");
  });

  it("names power's count of clusters, values out of range, lists and choices in Spanish", () => {
    expect(run(["power", "--clusters", "4", "--lang", "es"]).stderr).toMatch(/^ensayo: USAGE: opción desconocida '--clusters' para power \(¿quiso decir --n-clusters \(en power, el número de conglomerados;/);
    expect(run(["power", "--alpha", "2"], { ENSAYO_LANG: "es" }).stderr).toMatch(/^ensayo: USAGE: --alpha debe ser mayor que 0 y menor que 1; se recibió 2;/);
    expect(run(["power", "--alpha", "0,1"], { ENSAYO_LANG: "es" }).stderr).toMatch(/--alpha debe ser un número \(con punto decimal: 0\.5\); se recibió '0,1'/);
    expect(run(["lm", PANEL, "--formula", "y ~ x", "--se", "HC4"], { LANG: "es_PY.UTF-8" }).stderr).toMatch(/--se debe ser uno de .*; se recibió 'HC4' \(¿quiso decir HC0\?\)/);
    expect(run(["balance", PANEL, "--treatment", "grupo", "--covariates", "edad,,sexo", "--lang", "es"]).stderr).toMatch(/lleva una lista separada por comas/);
  });

  it("says what is missing: a file, a required flag, an unknown command", () => {
    expect(run(["dim", "--outcome", "y", "--treatment", "z", "--lang", "es"]).stderr).toBe("ensayo: USAGE: dim necesita un archivo CSV; ejecute 'ensayo dim --help --lang es'\n");
    expect(run(["dim", PANEL, "--outcome", "y", "--lang", "es"]).stderr).toMatch(/^ensayo: USAGE: dim necesita --treatment;/);
    expect(run(["powr", "--lang", "es"]).stderr).toMatch(/^ensayo: USAGE: comando desconocido 'powr' \(¿quiso decir power\?\)/);
    const missing = run(["read", "nope.csv", "--lang", "es"]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^ensayo: INVALID_DATA: readCsvFile: no se puede leer 'nope\.csv': no existe el archivo\. Revise la ruta/);
  });

  it("stays English with --lang en even in a Spanish locale", () => {
    expect(run(["dim", PANEL, "--clustrs", "x", "--lang", "en"], { LANG: "es_PY.UTF-8" }).stderr).toMatch(/^ensayo: USAGE: unknown flag '--clustrs' for dim \(did you mean --clusters\?\); run 'ensayo dim --help'/);
  });
});

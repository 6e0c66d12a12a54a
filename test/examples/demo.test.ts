// The README's first command runs this demo; keep it true at every commit.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = new URL("../..", import.meta.url).pathname;

describe("npm run demo", () => {
  it("goes from the ministry CSVs to a report with assignment, balance, attrition and estimates", () => {
    const out = mkdtempSync(join(tmpdir(), "ensayo-demo-"));
    const stdout = execFileSync(process.execPath, ["--import", "tsx", "examples/demo.ts"], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, ENSAYO_DEMO_OUT: out },
    });
    for (const f of ["report.md", "informe.md", "assignment.csv", "assignment-receipt.json", "love-plot.svg", "power-curve.svg"]) {
      expect(existsSync(join(out, f))).toBe(true);
    }
    const report = readFileSync(join(out, "report.md"), "utf8");
    expect(report).toMatch(/parse to identical values: yes/);
    expect(report).toMatch(/receipt re-verified: ok; equals the registered assignment in asignacion\.csv: yes/);
    // difference in means (blocks region, clusters oficina): R's estimatr gives 4.304949, SE 1.437588, df 36
    expect(report).toMatch(/\| taller \| 4\.305 \| 1\.438 \| 2\.995 \| 36 \|/);
    expect(stdout).toMatch(/Wrote .*report\.md/);
    // the same report in Spanish: every table header and sentence, es-PY numbers
    const informe = readFileSync(join(out, "informe.md"), "utf8");
    expect(informe).toMatch(/\| taller \| 4,305 \| 1,438 \| 2,995 \| 36 \|/);
    expect(informe).toMatch(/dan valores idénticos: sí/);
    expect(informe).toMatch(/\| Covariable \| Nivel \| Media \(control\) \|/);
    expect(informe).toMatch(/\| -91\.022 \| -79\.324 \| 107\.094 \|/);
    const headers = informe.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| ---"));
    for (const english of ["Std. error", "p-value", "Estimate", "Mean (control)", "Response rate", "Covariate"]) {
      expect(headers.join("\n")).not.toContain(`| ${english} |`);
    }
    const receipt = JSON.parse(readFileSync(join(out, "assignment-receipt.json"), "utf8"));
    expect(receipt.rng.seed).toBe("ensayo-piloto-2026");
    // the declared pilot: the registered plan's analysis as one self-contained Spanish report
    expect(report).toMatch(/the receipt carries it: yes/);
    expect(report).toMatch(/registered analysis: Puntaje en la prueba 4\.170 \(SE 1\.170/);
    const html = readFileSync(join(out, "informe.html"), "utf8");
    expect((html.match(/<section id=/g) ?? []).length).toBe(10);
    expect(html).toContain("4,17");
  });
});

describe("the README usage example (examples/quickstart.ts)", () => {
  it("runs and prints the estimatr numbers", () => {
    const stdout = execFileSync(process.execPath, ["--import", "tsx", "examples/quickstart.ts"], { cwd: root, encoding: "utf8" });
    // estimatr::lm_robust(puntaje_final ~ taller + puntaje_base, clusters = oficina, fixed_effects = ~region)
    expect(stdout).toMatch(/4\.17038937/);
    expect(stdout).toMatch(/1\.17032940/);
  });
});

// The report in a real browser: Debian's chromium, headless (.ci/run installs it when missing).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readCsvFile } from "../../src/node.js";
import { declarePilot } from "../../src/pilot/declare-pilot.js";
import { formatLocale } from "../../src/report/locale-number.js";
import { renderReport, reportDocument } from "../../src/report/render-report.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "chromium";
const dir = new URL("../../fixtures/pilot/", import.meta.url).pathname;
const plan = JSON.parse(readFileSync(dir + "plan.json", "utf8"));
const analysis = declarePilot({ ...plan, randomizationInference: { enabled: true, draws: 200, seed: "browser-test" } }).analyze({
  baseline: readCsvFile(dir + "baseline.csv"), assignment: readCsvFile(dir + "asignacion.csv"), endline: readCsvFile(dir + "endline.csv"),
});
const work = mkdtempSync(join(tmpdir(), "ensayo-report-"));

function chromium(args: string[]): string {
  try {
    return execFileSync(CHROMIUM, ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", `--user-data-dir=${join(work, "profile")}`, ...args], {
      encoding: "utf8", timeout: 90_000, stdio: ["ignore", "pipe", "ignore"], maxBuffer: 64 * 1024 * 1024,
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") throw new Error(`this test needs Debian's chromium (apt-get install -y chromium; .ci/run installs it) or CHROMIUM_PATH`);
    throw e;
  }
}

/** URLs the page itself asked for (the browser's own background traffic has initiator "not an origin"). */
function pageRequests(netlog: string): string[] {
  const log = JSON.parse(netlog);
  const types: Record<number, string> = Object.fromEntries(Object.entries(log.constants.logEventTypes as Record<string, number>).map(([k, v]) => [v, k]));
  return (log.events as { type: number; params?: { url?: string; initiator?: string } }[])
    .filter((e) => types[e.type] === "URL_REQUEST_START_JOB" && e.params?.url && e.params.initiator !== "not an origin")
    .map((e) => e.params!.url!);
}

describe("the HTML report in headless chromium", () => {
  const file = join(work, "informe.html");
  writeFileSync(file, renderReport(analysis, { lang: "es" }));

  it("renders every numbered section and the key numbers, in es-PY format", () => {
    const dom = chromium(["--dump-dom", `file://${file}`]);
    for (const s of reportDocument(analysis, "es").sections) {
      expect(dom).toContain(`<section id="${s.id}" data-section="${s.id}">`);
      expect(dom).toContain(`${s.number}.</span> ${s.title}`);
    }
    for (const e of analysis.effects) {
      expect(dom).toContain(formatLocale(e.estimate, 2, "es"));
      expect(dom).toContain(`[${formatLocale(e.confLow, 2, "es")}; ${formatLocale(e.confHigh, 2, "es")}]`);
    }
    expect(dom).toContain(analysis.planHash);
    expect((dom.match(/<svg /g) ?? []).length).toBe(3 + analysis.randomization.distributions.length);
  });

  it("makes no network request (a control page with one external image does)", () => {
    const log = join(work, "net.json");
    chromium([`--log-net-log=${log}`, "--dump-dom", `file://${file}`]);
    expect(pageRequests(readFileSync(log, "utf8"))).toEqual([]);
    const control = join(work, "control.html");
    writeFileSync(control, '<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/x.png"></body></html>');
    const controlLog = join(work, "net-control.json");
    chromium([`--log-net-log=${controlLog}`, "--dump-dom", `file://${control}`]);
    expect(pageRequests(readFileSync(controlLog, "utf8"))).toEqual(["http://127.0.0.1:9/x.png"]);
  });

  it("prints to PDF (A4, several pages)", () => {
    const pdf = join(work, "informe.pdf");
    chromium(["--no-pdf-header-footer", `--print-to-pdf=${pdf}`, `file://${file}`]);
    const bytes = readFileSync(pdf);
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect((bytes.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBeGreaterThanOrEqual(4);
  });
});

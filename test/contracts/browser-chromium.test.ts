// The core in a real browser with no bundler: headless Chromium (Debian's `chromium`; .ci/run
// installs it) loads a page served from loopback that imports the built ES modules (dist/, built by
// `npm test` before vitest runs) through an import map, parses a CSV, assigns, estimates, and
// renders a table and an SVG. The test reads the numbers back from the page's DOM and compares
// them with the same pipeline run in Node on the same files.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url).pathname;
const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));

// The import map a page needs: ensayo's entry, and the browser ES modules of its two dependencies.
const importMap = {
  imports: {
    ensayo: "/dist/index.js",
    "zod/mini": "/node_modules/zod/mini/index.js",
    "zod/": "/node_modules/zod/",
    "csv-parse/browser/esm/sync": "/node_modules/csv-parse/dist/esm/sync.js",
  },
};

// One pipeline, run in the page and in Node: CSV text -> table -> assignment -> estimate -> power curve.
const pipeline = `(ensayo) => {
  const rows = Array.from({ length: 24 }, (_, i) => (i + 1) + ";" + ["Asunción", "Luque", "Encarnación"][i % 3] + ";" + String(50 + ((i * 7) % 13) + 0.5).replace(".", ","));
  const table = ensayo.parseCsv("id;oficina;puntaje\\n" + rows.join("\\n"));
  const assignment = ensayo.completeRa({ n: table.nRows, m: 12, seed: 2026 });
  const z = Array.from(assignment.condition, Number);
  const y = Array.from(table.columns.puntaje, (v, i) => v + 3 * z[i]);
  const fit = ensayo.differenceInMeans({ y, z }, { outcome: "y", treatment: "z" });
  const curve = ensayo.powerCurve({ plan: { solveFor: "power", design: "individual", effect: 0.4, nUnits: 100 }, vary: "nUnits", values: [50, 100, 200] });
  return {
    names: table.names, oficina: table.columns.oficina, z, coefficients: fit.coefficients, power: curve.rows,
    html: ensayo.formatTable(fit, "html"), svg: ensayo.powerCurveSvg(curve),
  };
}`;

const page = `<!doctype html>
<html lang="es"><head><meta charset="utf-8"><title>ensayo</title>
<script type="importmap">${JSON.stringify(importMap)}</script>
</head><body>
<div id="table"></div><div id="chart"></div><pre id="result"></pre><pre id="error"></pre>
<script type="module">
  import * as ensayo from "ensayo";
  try {
    const out = (${pipeline})(ensayo);
    document.getElementById("table").innerHTML = out.html;
    document.getElementById("chart").innerHTML = out.svg;
    document.getElementById("result").textContent = JSON.stringify({ ...out, html: undefined, svg: undefined });
  } catch (e) {
    document.getElementById("error").textContent = String(e && e.stack || e);
  }
</script>
<script>addEventListener("error", (e) => { document.getElementById("error").textContent += " " + e.message; }, true);</script>
</body></html>`;

const types: Record<string, string> = { ".js": "text/javascript; charset=utf-8", ".html": "text/html; charset=utf-8" };
let server: Server;
let origin = "";
let profile = "";

beforeAll(async () => {
  // Serves the page, dist/ and the two dependencies' folders; nothing else.
  server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
    const allowed = path === "/" || /^\/(dist|node_modules\/zod|node_modules\/csv-parse)\//.test(path);
    const file = path === "/" ? null : join(root, path);
    if (!allowed || (file && !existsSync(file))) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": file ? (types[extname(file)] ?? "application/octet-stream") : types[".html"]! });
    res.end(file ? readFileSync(file) : page);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  profile = mkdtempSync(join(tmpdir(), "ensayo-chromium-"));
});

afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** The page's DOM after its scripts ran, as headless Chromium serializes it. */
async function dumpDom(url: string): Promise<string> {
  if (!chromium) throw new Error("headless Chromium is not installed: apt-get install -y chromium (.ci/run does this)");
  const args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", `--user-data-dir=${profile}`, "--virtual-time-budget=30000", "--dump-dom", url];
  const { stdout } = await promisify(execFile)(chromium, args, { encoding: "utf8", maxBuffer: 32 * 1024 * 1024, timeout: 120_000 });
  return stdout;
}

/** Paths where `got` and `want` differ beyond relative tolerance `rtol` (numbers) or at all (other values). */
function closeTo(got: unknown, want: unknown, rtol: number, path = "$"): string[] {
  if (typeof want === "number" && typeof got === "number") {
    return Math.abs(got - want) <= rtol * Math.max(1, Math.abs(want)) || (Number.isNaN(got) && Number.isNaN(want)) ? [] : [`${path}: ${got} vs ${want}`];
  }
  if (want && typeof want === "object" && got && typeof got === "object") {
    const keys = new Set([...Object.keys(want), ...Object.keys(got)]);
    return [...keys].flatMap((k) => closeTo((got as Record<string, unknown>)[k], (want as Record<string, unknown>)[k], rtol, `${path}.${k}`));
  }
  return Object.is(got, want) ? [] : [`${path}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`];
}

const decode = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");

describe("the core in headless Chromium, through an import map", () => {
  it("parses a CSV, assigns, estimates and renders a table and an SVG, with the numbers Node gets", async () => {
    const dom = await dumpDom(`${origin}/`);
    const error = decode(/<pre id="error">([\s\S]*?)<\/pre>/.exec(dom)?.[1] ?? "");
    expect(error).toBe("");
    const inPage = JSON.parse(decode(/<pre id="result">([\s\S]*?)<\/pre>/.exec(dom)![1]!));
    const ensayo = await import(`${root}dist/index.js`);
    const inNode = JSON.parse(JSON.stringify({ ...new Function(`return ${pipeline}`)()(ensayo), html: undefined, svg: undefined }));
    // Parsing and assignment are exact; doubles from special functions may differ in the last bits
    // between Chromium's and Node's V8 (their Math.pow/exp/log are not required to be identical).
    expect(inPage.names).toEqual(inNode.names);
    expect(inPage.z).toEqual(inNode.z);
    expect(closeTo(inPage.coefficients, inNode.coefficients, 1e-12)).toEqual([]);
    expect(closeTo(inPage.power, inNode.power, 1e-12)).toEqual([]);
    expect(inPage.oficina.slice(0, 3)).toEqual(["Asunción", "Luque", "Encarnación"]);
    expect(inPage.z.filter((v: number) => v === 1)).toHaveLength(12);
    // the rendered table shows the estimate, rounded, in its cells
    const cells = [...(/<div id="table">([\s\S]*?)<\/div>/.exec(dom)![1]!).matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
    expect(cells[0]).toBe("z");
    expect(Number(cells[1])).toBeCloseTo(inNode.coefficients[0].estimate, 3);
    // and the chart is an SVG element in the page with one point per value of `units`
    const chart = /<div id="chart">([\s\S]*?)<\/div>/.exec(dom)![1]!;
    expect(chart).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(chart).toMatch(/<\/svg>$/);
  }, 180_000);
});

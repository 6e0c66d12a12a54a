// The browser-safety claim of the core, checked on the built file users get (`dist/index.js`, built by
// `npm test` before vitest runs) and the ES modules it imports: no Node built-ins, and the bundle (with its two
// dependencies, resolved the way a browser bundler does) runs in a fresh V8 context that has only the
// language built-ins plus TextDecoder/TextEncoder — no `process`, `Buffer`, `require`, `module`, `global`.
import { readFileSync } from "node:fs";
import vm from "node:vm";
import { build } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { completeRa, differenceInMeans, lmRobust, parseCsv } from "../../src/index.js";

const root = new URL("../../", import.meta.url).pathname;
const distFile = `${root}dist/index.js`;

/** The files of the ES module tree reachable from `entry`, and the bare specifiers they import. */
function moduleGraph(entry: string): { files: Map<string, string>; bare: Set<string> } {
  const files = new Map<string, string>();
  const bare = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    const text = readFileSync(file, "utf8");
    files.set(file, text);
    for (const m of text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']|^\s*import\s*["']([^"']+)["']/gm)) {
      const spec = (m[1] ?? m[2])!;
      if (spec.startsWith(".")) visit(new URL(spec, `file://${file}`).pathname);
      else bare.add(spec);
    }
  };
  visit(entry);
  return { files, bare };
}

describe("dist/index.js runs where there is no Node", () => {
  let graph: ReturnType<typeof moduleGraph>;
  let bundle = "";
  beforeAll(async () => {
    graph = moduleGraph(distFile);
    const out = await build({
      entryPoints: [distFile],
      bundle: true,
      platform: "browser",
      format: "iife",
      globalName: "ensayo",
      write: false,
      logLevel: "silent",
    });
    bundle = out.outputFiles[0]!.text;
  }, 60_000);

  it("imports only browser-safe ES modules of its one dependency (zod), and names no Node global", () => {
    expect(graph.files.size).toBeGreaterThan(40); // the module tree, not a bundle
    expect([...graph.bare].sort()).toEqual(["zod/mini", "zod/v4/locales/en.js"]);
    for (const [file, source] of graph.files) {
      expect(file).not.toMatch(/\/node(\.js|\/)/);
      expect(source).not.toMatch(/['"]node:/);
      expect(source).not.toMatch(/\brequire\(/);
      expect(source).not.toMatch(/(?<![\w.])process\./);
      expect(source).not.toMatch(/(?<![\w.])Buffer\b/);
      expect(source).not.toMatch(/(?<![\w.])__dirname\b|(?<![\w.])__filename\b/);
    }
  });

  it("reads CSV, estimates and randomizes inside a bare vm context, with the same answers as in Node", () => {
    const context = vm.createContext({ TextDecoder, TextEncoder });
    expect(vm.runInContext("typeof process + typeof Buffer + typeof require + typeof module + typeof global", context)).toBe(
      "undefinedundefinedundefinedundefinedundefined",
    );
    vm.runInContext(bundle, context);
    const csv = "oficina;y;z\nAsunción;3,1;0\nLuque;2,4;1\nEncarnación;5,0;0\nItauguá;4,2;1\nÑemby;6,3;0\nLimpio;5,9;1\n";
    const bytes = new TextEncoder().encode(csv);
    const inVm = JSON.parse(
      vm.runInContext(
        `(() => {
          const t = ensayo.parseCsv(${JSON.stringify(csv)});
          const b = ensayo.parseCsv(new Uint8Array([${Array.from(bytes).join(",")}]));
          const fit = ensayo.lmRobust(t, "y ~ z");
          const dim = ensayo.differenceInMeans(b, { outcome: "y", treatment: "z" });
          const ra = ensayo.completeRa({ n: 10, m: 4, seed: 7 });
          let err = null;
          try { ensayo.parseCsv(""); } catch (e) { err = [e.name, e.code]; }
          let optionMessage = null;
          try { ensayo.lmRobust(t, "y ~ z", { alpha: 5 }); } catch (e) { optionMessage = e.message; }
          return JSON.stringify({ names: t.names, y: Array.from(t.columns.y), oficina: b.columns.oficina,
            fit: fit.coefficients, dim: dim.coefficients, ra: Array.from(ra.condition), err, optionMessage });
        })()`,
        context,
      ) as string,
    );
    const t = parseCsv(csv);
    expect(inVm.names).toEqual(t.names);
    expect(inVm.y).toEqual(Array.from(t.columns.y as Float64Array));
    expect(inVm.oficina).toEqual(["Asunción", "Luque", "Encarnación", "Itauguá", "Ñemby", "Limpio"]);
    expect(inVm.fit).toEqual(JSON.parse(JSON.stringify(lmRobust(t, "y ~ z").coefficients)));
    expect(inVm.dim).toEqual(JSON.parse(JSON.stringify(differenceInMeans(t, { outcome: "y", treatment: "z" }).coefficients)));
    expect(inVm.ra).toEqual(Array.from(completeRa({ n: 10, m: 4, seed: 7 }).condition as ArrayLike<unknown>));
    expect(inVm.err).toEqual(["EnsayoError", "EMPTY_FILE"]);
    // zod/mini loads no locale: the options' messages must still be zod's English ones, not "Invalid input"
    expect(inVm.optionMessage).toMatch(/^lmRobust: `alpha`: Too big: expected number to be <1 \(got 5\)/);
  });
});

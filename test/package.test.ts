// The built package, used the way its users use it: `import` (ESM), `require` (CJS),
// both entry points, with type declarations present. `npm test` builds before this runs.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { VERSION } from "../src/version.js";

const root = new URL("..", import.meta.url).pathname;
const run = (code: string, type: "module" | "commonjs") =>
  execFileSync(process.execPath, [type === "module" ? "--input-type=module" : "--input-type=commonjs", "-e", code], {
    cwd: root,
    encoding: "utf8",
  }).trim();

describe("the built package", () => {
  it("imports as ESM from the package name", () => {
    expect(run(`import { VERSION, EnsayoError } from "ensayo"; console.log(VERSION, typeof EnsayoError)`, "module")).toBe(`${VERSION} function`);
  });
  it("requires as CommonJS from the package name", () => {
    expect(run(`const e = require("ensayo"); console.log(e.VERSION, typeof e.asTable)`, "commonjs")).toBe(`${VERSION} function`);
  });
  it("exposes ensayo/node in both formats", () => {
    expect(run(`import * as n from "ensayo/node"; console.log(typeof n.asTable)`, "module")).toBe("function");
    expect(run(`const n = require("ensayo/node"); console.log(typeof n.asTable)`, "commonjs")).toBe("function");
  });
  it("ships declarations for both formats", () => {
    for (const f of ["index.d.ts", "index.d.cts", "node.d.ts", "node.d.cts"]) expect(existsSync(`${root}dist/${f}`)).toBe(true);
  });
  it("keeps the core free of node: imports so it runs in browsers", () => {
    const core = readFileSync(`${root}dist/index.js`, "utf8");
    expect(core).not.toMatch(/from ["']node:|require\(["'](node:)?(fs|path|os|worker_threads|crypto)["']\)/);
  });
  it("requires no ES module from the CommonJS build, so it loads on every Node 20 (require(esm) needs 20.19)", () => {
    const files = readdirSync(`${root}dist`).filter((f) => f.endsWith(".cjs"));
    expect(files).toEqual(expect.arrayContaining(["index.cjs", "node.cjs"]));
    for (const f of files) {
      const code = readFileSync(`${root}dist/${f}`, "utf8");
      expect(code).not.toMatch(/require\(["'][^"']*\/esm\//);
    }
  });
  it("keeps VERSION equal to package.json", () => {
    expect(JSON.parse(readFileSync(`${root}package.json`, "utf8")).version).toBe(VERSION);
  });
});

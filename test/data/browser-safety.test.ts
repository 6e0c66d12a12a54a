// The core reader must run where there is no Node `Buffer` and no file system (browsers, Deno, workers).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url).pathname;

describe("the data layer in the browser-safe core", () => {
  it("imports nothing from node:, fs or csv-parse's Node entry points", () => {
    for (const f of readdirSync(`${root}src/data`)) {
      const src = readFileSync(`${root}src/data/${f}`, "utf8");
      expect(src, f).not.toMatch(/from ["'](node:|fs["']|path["']|csv-parse["']|csv-parse\/sync["']|csv-parse\/stream["'])/);
    }
  });

  it("parses quoted and unquoted CSV with no global Buffer", () => {
    const code = `delete globalThis.Buffer;
      const { parseCsv } = await import("./src/data/parse-csv.ts");
      const q = parseCsv('a;b\\n"x; y";2,5\\n');
      const u = parseCsv(new Uint8Array([0x72, 0x0a, 0xd1, 0x0a]));
      console.log(JSON.stringify([typeof Buffer, q.columns.a, Array.from(q.columns.b), u.columns.r]));`;
    const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { cwd: root, encoding: "utf8" });
    expect(JSON.parse(out)).toEqual(["undefined", ["x; y"], [2.5], ["Ñ"]]);
  });
});

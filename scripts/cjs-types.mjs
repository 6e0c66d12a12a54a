// Declarations for the CommonJS build: every `dist/**/*.d.ts` that tsc emitted for the ES modules,
// copied to a `.d.cts` whose relative imports name `.cjs` files. Under moduleResolution
// node16/nodenext, `require("ensayo")` then gets CommonJS-flavoured types that import each other
// (never an ES-module declaration from a CommonJS one), and the declarations stay one per module,
// so `ensayo` and `ensayo/node` share one `EnsayoError` type.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dist = new URL("../dist/", import.meta.url).pathname;
let count = 0;
for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith(".d.ts")) continue;
  const file = join(entry.parentPath ?? entry.path, entry.name);
  const text = readFileSync(file, "utf8").replace(/((?:from|import)\s*\(?\s*)(["'])(\.{1,2}\/[^"']*?)\.js\2/g, "$1$2$3.cjs$2");
  writeFileSync(file.replace(/\.d\.ts$/, ".d.cts"), text);
  count++;
}
if (count === 0) throw new Error("cjs-types: no .d.ts files in dist/ (run tsc -p tsconfig.build.json first)");

/**
 * `npm run bench`: runs every `bench/*.bench.ts` in its own process, in name order.
 * Pass names to run a subset: `npm run bench -- csv assign`.
 */
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();
console.log(`# ensayo benchmarks — node ${process.version}, ${new Date().toISOString()}`);
for (const f of files) {
  execFileSync(process.execPath, ["--import", "tsx", "--expose-gc", join(here, f)], { stdio: "inherit" });
}

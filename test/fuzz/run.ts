/**
 * `npm run test:fuzz`: the property tests again and again under fresh random fast-check seeds.
 *
 * `npm test` fixes one seed (test/setup/fast-check.ts) so CI cannot flip; this runner is where new seeds are
 * tried on purpose. Each round draws a seed, runs every test file that imports fast-check with
 * `ENSAYO_FUZZ_SEED` set, and prints the seed, the property and its counterexample for every failure, so a
 * finding can be replayed (`ENSAYO_FUZZ_SEED=<seed> npx vitest run <file>`) and turned into a fixed test.
 *
 * Environment: `ENSAYO_FUZZ_ROUNDS` (default 20) rounds, stopping early after `ENSAYO_FUZZ_MINUTES` minutes
 * (default no limit); `ENSAYO_FUZZ_FILES` a space-separated list of test files instead of every property file.
 */
import { spawnSync } from "node:child_process";
import { randomInt } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

function propertyFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...propertyFiles(path));
    else if (entry.name.endsWith(".test.ts") && /from "fast-check"/.test(readFileSync(path, "utf8"))) out.push(path);
  }
  return out.sort();
}

const rounds = Number(process.env.ENSAYO_FUZZ_ROUNDS ?? 20);
const minutes = Number(process.env.ENSAYO_FUZZ_MINUTES ?? Infinity);
const files = process.env.ENSAYO_FUZZ_FILES?.split(/\s+/).filter(Boolean) ?? propertyFiles("test");
const started = Date.now();
const findings: string[] = [];
let done = 0;
for (let round = 1; round <= rounds && Date.now() - started < minutes * 60_000; round++) {
  const seed = randomInt(2 ** 31 - 1);
  const run = spawnSync(process.execPath, ["node_modules/vitest/vitest.mjs", "run", ...files], {
    env: { ...process.env, ENSAYO_FUZZ_SEED: String(seed), FORCE_COLOR: "0", NO_COLOR: "1" },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  done++;
  const output = `${run.stdout}\n${run.stderr}`.replace(/\x1b\[[0-9;]*m/g, "");
  if (run.status === 0) {
    console.log(`round ${round}: seed ${seed} passed`);
    continue;
  }
  const failed = [...output.matchAll(/FAIL\s+(.+)$/gm)].map((m) => m[1]!.trim());
  const examples = [...output.matchAll(/Counterexample: (.+)$/gm)].map((m) => m[1]!.trim());
  const report = `round ${round}: seed ${seed} FAILED\n  ${[...new Set(failed)].join("\n  ")}\n  counterexamples: ${examples.join(" | ") || "(none printed)"}`;
  console.log(report);
  findings.push(report);
}
console.log(`\n${done} round(s) over ${files.length} property test files, ${findings.length} failing round(s).`);
process.exitCode = findings.length ? 1 : 0;

/**
 * Tiny benchmark helpers: wall time (median of repeats) and peak memory.
 * Each `bench/*.bench.ts` is a standalone script run by `bench/run.ts` in its own process,
 * so one benchmark's heap does not distort another's memory figure.
 */
import { performance } from "node:perf_hooks";

export interface BenchRow {
  name: string;
  medianMs: number;
  minMs: number;
  reps: number;
  target?: string;
  note?: string;
}

/** Run `fn` `reps` times after `warmup` runs; return median and minimum milliseconds. */
export async function measure(name: string, fn: () => unknown | Promise<unknown>, opts: { reps?: number; warmup?: number; target?: string; note?: string } = {}): Promise<BenchRow> {
  const reps = opts.reps ?? 5;
  for (let i = 0; i < (opts.warmup ?? 1); i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const row: BenchRow = { name, medianMs: times[Math.floor(reps / 2)]!, minMs: times[0]!, reps };
  if (opts.target) row.target = opts.target;
  if (opts.note) row.note = opts.note;
  return row;
}

/** Print rows as a markdown table (what docs/performance.md records). */
export function printRows(title: string, rows: BenchRow[]): void {
  console.log(`\n### ${title}\n`);
  console.log("| benchmark | median ms | min ms | reps | target | note |");
  console.log("|---|---:|---:|---:|---|---|");
  for (const r of rows) {
    console.log(`| ${r.name} | ${r.medianMs.toFixed(1)} | ${r.minMs.toFixed(1)} | ${r.reps} | ${r.target ?? ""} | ${r.note ?? ""} |`);
  }
}

/** Peak resident set size of this process so far, in MiB (Linux `ru_maxrss`). */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

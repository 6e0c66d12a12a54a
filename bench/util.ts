/**
 * Tiny benchmark helpers: wall time (median of repeats) and peak memory.
 * Each `bench/*.bench.ts` is a standalone script run by `bench/run.ts` in its own process,
 * so one benchmark's heap does not distort another's memory figure.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
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

/** Write columns of equal length as a CSV file (header = the names), for timing R on the same data. */
export function writeCsvColumns(path: string, cols: Readonly<Record<string, ArrayLike<number | string>>>): void {
  const names = Object.keys(cols);
  const n = cols[names[0]!]!.length;
  const lines: string[] = [names.join(",")];
  for (let i = 0; i < n; i++) lines.push(names.map((c) => String(cols[c]![i])).join(","));
  writeFileSync(path, lines.join("\n") + "\n");
}

/**
 * Median milliseconds of `reps` runs of the R expression `expr` (after one untimed run when `reps` > 1),
 * with estimatr loaded and the CSV at `csv` read into `d` (data.table's fread when installed, else
 * read.csv); null when Rscript or estimatr is not available or the call fails. With `report`, an R
 * expression of the last result `r` whose values are printed after the time and returned as `values`.
 */
export function timeEstimatr(csv: string, expr: string, reps = 3, report = ""): { ms: number; values: number[] } | null {
  for (const reader of ["data.table::fread", "read.csv"]) {
    try {
      const warm = reps > 1 ? `invisible(${expr}); ` : "";
      const script =
        `suppressPackageStartupMessages(library(estimatr)); d <- ${reader}("${csv}"); ${warm}` +
        `t <- replicate(${reps}, system.time(r <<- ${expr})[["elapsed"]]); ` +
        `cat(median(t)${report ? `, format(unname(${report}), digits = 17)` : ""})`;
      const out = execFileSync("Rscript", ["-e", script], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim().split(/\s+/).map(Number);
      return { ms: out[0]! * 1000, values: out.slice(1) };
    } catch {
      // try the next reader
    }
  }
  return null;
}

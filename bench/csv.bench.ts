/**
 * CSV reading: 1,000,000 rows × 10 columns (~64 MB), ensayo vs csv-parse's bare parse.
 *
 * Targets (issue 2): the whole read into a typed `Table` within 1.3× of csv-parse's bare
 * parse of the same file (same run), and peak memory under 3× the final columnar size.
 *
 * Wide file (issue #10 item 4): 100,000 columns × 1 row (1.25 MiB of text, every third column
 * text), read by `parseCsv`; memory must follow the file (each column used to reserve an
 * 8,192-slot interner up front, and the process ran out of heap).
 *
 * Each measurement runs in its own child process so peak RSS belongs to it alone.
 * The data file is generated under bench/data/ (git-ignored) when absent.
 *
 *   npm run bench -- csv            (or: node --import tsx bench/csv.bench.ts)
 *   ENSAYO_BENCH_CSV=wide npm run bench -- csv     (the wide file only)
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parse as csvParse } from "csv-parse/sync";
import { parseCsv } from "../src/data/parse-csv.js";
import type { Table } from "../src/data/table.js";
import { createRng } from "../src/internal/rng.js";
import { readCsvFile } from "../src/node/read-csv-file.js";

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = join(here, "data");
const ROWS = 1_000_000;
const files = {
  plain: join(dataDir, "csv-1m.csv"),
  ministerio: join(dataDir, "csv-1m-ministerio.csv"),
  quoted: join(dataDir, "csv-1m-quoted.csv"),
};

const REGIONS = ["Central", "Itapúa", "Concepción", "Ñeembucú", "Alto Paraná", "Caaguazú"];

function generate(): void {
  mkdirSync(dataDir, { recursive: true });
  const rng = createRng("ensayo-bench-csv-1m");
  const header = ["id", "region", "oficina", "sexo", "edad", "antiguedad", "puntaje", "tramites", "salario", "fecha"];
  const plain: string[] = [header.join(",")];
  const min: string[] = [header.join(";")];
  const quoted: string[] = [header.join(",")];
  const dots = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  for (let i = 0; i < ROWS; i++) {
    const ms = Date.UTC(1990, 0, 1) + rng.int(12_000) * 86_400_000;
    const d = new Date(ms);
    const iso = d.toISOString().slice(0, 10);
    const dmy = `${String(d.getUTCDate()).padStart(2, "0")}/${String(d.getUTCMonth() + 1).padStart(2, "0")}/${d.getUTCFullYear()}`;
    const id = `P${String(i + 1).padStart(7, "0")}`;
    const region = REGIONS[rng.int(6)]!;
    const oficina = `OF-${String(rng.int(500) + 1).padStart(3, "0")}`;
    const sexo = rng.next() < 0.5 ? "F" : "M";
    const edad = 20 + rng.int(45);
    const antig = rng.next() < 0.02 ? null : (rng.next() * 30).toFixed(1);
    const puntaje = (60 + 12 * rng.normal()).toFixed(2);
    const tramites = rng.int(80);
    const salario = 2_800_000 + rng.int(5000) * 1000;
    plain.push([id, region, oficina, sexo, edad, antig ?? "", puntaje, tramites, salario, iso].join(","));
    min.push([id, region, oficina, sexo, edad, antig === null ? "S/D" : antig.replace(".", ","), puntaje.replace(".", ","), tramites, dots(salario), dmy].join(";"));
    quoted.push([`"${id}"`, `"${region}"`, `"${oficina}"`, `"${sexo}"`, edad, antig ?? "", puntaje, tramites, salario, iso].join(","));
  }
  writeFileSync(files.plain, plain.join("\n") + "\n");
  // Ministry export: Windows-1252 bytes (every character here is Latin-1), CRLF.
  const text = min.join("\r\n") + "\r\n";
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  writeFileSync(files.ministerio, bytes);
  writeFileSync(files.quoted, quoted.join("\n") + "\n");
}

/** Bytes held by a table's columns: 8 per number; 8 per text slot plus each distinct string once. */
function columnarBytes(t: Table): number {
  let bytes = 0;
  for (const name of t.names) {
    const col = t.columns[name]!;
    if (col instanceof Float64Array) bytes += col.byteLength;
    else {
      bytes += 8 * col.length;
      const distinct = new Set(col);
      for (const s of distinct) if (s !== null) bytes += 16 + s.length * (/[^\u0000-\u00ff]/.test(s) ? 2 : 1);
    }
  }
  return bytes;
}

type Mode = "bare" | "bare-ministerio" | "bare-quoted" | "readCsvFile" | "readCsvFile-ministerio" | "readCsvFile-quoted" | "parseCsv-text" | "parseCsv-wide";

const WIDE_COLUMNS = 100_000;

/** 100,000 columns × 1 row: names `c0…`, every third value text, the others integers. */
function wideText(): string {
  const header = Array.from({ length: WIDE_COLUMNS }, (_, i) => `c${i}`).join(",");
  const row = Array.from({ length: WIDE_COLUMNS }, (_, i) => (i % 3 === 0 ? `t${i}` : String(i))).join(",");
  return `${header}\n${row}\n`;
}

/** The wide read, in its own process: wall and CPU time, peak RSS above the start (text built before). */
function childWide(): void {
  const text = wideText();
  const rssStart = process.memoryUsage().rss;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const t = parseCsv(text);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  process.stdout.write(JSON.stringify({ mode: "parseCsv-wide", ms, cpuMs: (cpu.user + cpu.system) / 1000, rows: t.nRows, cols: t.names.length, peakMiB: process.resourceUsage().maxRSS / 1024, startMiB: rssStart / 2 ** 20, textMiB: text.length / 2 ** 20 }));
}

function child(mode: Mode): void {
  if (mode === "parseCsv-wide") return childWide();
  const rssStart = process.memoryUsage().rss;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let rows = 0;
  let colBytes = 0;
  if (mode === "bare") rows = (csvParse(readFileSync(files.plain)) as unknown[]).length - 1;
  else if (mode === "bare-ministerio") rows = (csvParse(readFileSync(files.ministerio), { delimiter: ";", encoding: "latin1" }) as unknown[]).length - 1;
  else if (mode === "bare-quoted") rows = (csvParse(readFileSync(files.quoted)) as unknown[]).length - 1;
  else {
    let t: Table;
    if (mode === "readCsvFile") t = readCsvFile(files.plain);
    else if (mode === "readCsvFile-ministerio") t = readCsvFile(files.ministerio);
    else if (mode === "readCsvFile-quoted") t = readCsvFile(files.quoted);
    else t = parseCsv(readFileSync(files.plain, "utf8"));
    rows = t.nRows;
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    colBytes = columnarBytes(t);
    process.stdout.write(JSON.stringify({ mode, ms, cpuMs: (cpu.user + cpu.system) / 1000, rows, peakMiB: process.resourceUsage().maxRSS / 1024, startMiB: rssStart / 2 ** 20, colMiB: colBytes / 2 ** 20, types: t.types }));
    return;
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  process.stdout.write(JSON.stringify({ mode, ms, cpuMs: (cpu.user + cpu.system) / 1000, rows, peakMiB: process.resourceUsage().maxRSS / 1024, startMiB: rssStart / 2 ** 20 }));
}

interface Run {
  mode: Mode;
  ms: number;
  cpuMs: number;
  rows: number;
  peakMiB: number;
  startMiB: number;
  colMiB?: number;
}

function runChild(mode: Mode): Run {
  const out = execFileSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--child", mode], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out) as Run;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function main(): void {
  if (process.argv[2] === "--child") {
    child(process.argv[3] as Mode);
    return;
  }
  const reps = Number(process.env.ENSAYO_BENCH_REPS ?? 3);
  if (process.env.ENSAYO_BENCH_CSV !== "wide") mainLong(reps);
  mainWide(reps);
}

function mainWide(reps: number): void {
  const runs = Array.from({ length: reps }, () => runChild("parseCsv-wide") as Run & { cols: number; textMiB: number });
  console.log(`\n### CSV read: a wide file, ${WIDE_COLUMNS.toLocaleString("en")} columns × 1 row (parseCsv on text; node ${process.version}, ${reps} runs, median; each run in its own process)\n`);
  console.log("| file | text (MiB) | columns read | wall / CPU (ms) | peak RSS above process start (MiB) | peak RSS (MiB) |");
  console.log("|---|---:|---:|---:|---:|---:|");
  const r0 = runs[0]!;
  console.log(
    `| ${WIDE_COLUMNS.toLocaleString("en")} columns × 1 row | ${r0.textMiB.toFixed(2)} | ${r0.cols.toLocaleString("en")} | ${median(runs.map((r) => r.ms)).toFixed(0)} / ${median(runs.map((r) => r.cpuMs)).toFixed(0)} | ${median(runs.map((r) => r.peakMiB - r.startMiB)).toFixed(0)} | ${median(runs.map((r) => r.peakMiB)).toFixed(0)} |`,
  );
}

function mainLong(reps: number): void {
  if (!Object.values(files).every(existsSync)) {
    console.log("generating bench/data/csv-1m*.csv …");
    generate();
  }
  const size = (f: string) => (statSync(f).size / 2 ** 20).toFixed(1);
  console.log(`\n### CSV read: ${ROWS.toLocaleString("en")} rows × 10 columns (node ${process.version}, ${reps} runs each, median; each run in its own process)\n`);
  console.log(`files: clean ${size(files.plain)} MiB, ministry (;, decimal comma, Windows-1252, CRLF) ${size(files.ministerio)} MiB, quoted ${size(files.quoted)} MiB\n`);
  console.log("Times are wall-clock and CPU (user + system) medians; on a shared machine the CPU ratio is the steadier one.\n");
  console.log("| file | csv-parse bare parse: wall / CPU (ms) | ensayo: wall / CPU (ms) | ratio wall / CPU (target ≤ 1.3) | ensayo peak RSS (MiB) | csv-parse peak RSS (MiB) | final columns (MiB) | ensayo peak above process start / columns (target < 3) | peak RSS / columns |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
  const pairs: [string, Mode, Mode][] = [
    ["clean (readCsvFile)", "bare", "readCsvFile"],
    ["clean (parseCsv on text)", "bare", "parseCsv-text"],
    ["ministry export (readCsvFile)", "bare-ministerio", "readCsvFile-ministerio"],
    ["quoted fields (readCsvFile)", "bare-quoted", "readCsvFile-quoted"],
  ];
  const bareCache = new Map<Mode, Run[]>();
  for (const [label, bareMode, oursMode] of pairs) {
    // Interleave the two so drift in machine load hits both alike.
    const ours: Run[] = [];
    const bare: Run[] = bareCache.get(bareMode) ?? [];
    for (let r = 0; r < reps; r++) {
      if (!bareCache.has(bareMode)) bare.push(runChild(bareMode));
      ours.push(runChild(oursMode));
    }
    bareCache.set(bareMode, bare);
    const b = median(bare.map((x) => x.ms));
    const o = median(ours.map((x) => x.ms));
    const bc = median(bare.map((x) => x.cpuMs));
    const oc = median(ours.map((x) => x.cpuMs));
    const peak = median(ours.map((x) => x.peakMiB));
    const start = median(ours.map((x) => x.startMiB));
    const col = ours[0]!.colMiB!;
    console.log(
      `| ${label} | ${b.toFixed(0)} / ${bc.toFixed(0)} | ${o.toFixed(0)} / ${oc.toFixed(0)} | ${(o / b).toFixed(2)} / ${(oc / bc).toFixed(2)} | ${peak.toFixed(0)} | ${median(bare.map((x) => x.peakMiB)).toFixed(0)} | ${col.toFixed(0)} | ${((peak - start) / col).toFixed(2)} | ${(peak / col).toFixed(2)} |`,
    );
  }
}

main();

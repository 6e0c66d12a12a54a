/** Reads the reference CSVs written by fixtures/reference/lm-robust.R (no test-runner imports, so scripts can use it). */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** A small CSV reader for R's write.csv output (quoted text, no embedded commas), as columns. */
export function readRefCsv(file: string): Record<string, Float64Array | (string | null)[]> {
  const text = readFileSync(root + "fixtures/reference/data/" + file, "utf8").replace(/^\uFEFF/, "");
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const unq = (s: string) => (s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s);
  const header = lines[0]!.split(",").map(unq);
  const raw = header.map(() => [] as string[]);
  const quoted = header.map(() => false);
  for (const line of lines.slice(1)) {
    const cells = line.split(",");
    cells.forEach((c, j) => {
      if (c.startsWith('"')) quoted[j] = true;
      raw[j]!.push(unq(c));
    });
  }
  const out: Record<string, Float64Array | (string | null)[]> = {};
  header.forEach((h, j) => {
    const vals = raw[j]!;
    if (!quoted[j] && vals.every((v) => v === "" || v === "NA" || Number.isFinite(Number(v))))
      out[h] = Float64Array.from(vals, (v) => (v === "" || v === "NA" ? NaN : Number(v)));
    else out[h] = vals.map((v) => (v === "" || v === "NA" ? null : v));
  });
  return out;
}


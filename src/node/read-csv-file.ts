/**
 * `readCsvFile`: a CSV file on disk into a `Table` (Node only).
 */
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { basename } from "node:path";
import { EnsayoError } from "../errors.js";
import { decodeMixed, firstInvalidUtf8, invalidUtf8Note, lineAt, looksUtf16 } from "../data/csv-decode.js";
import { readCsv } from "../data/csv-read.js";
import { ParseCsvOptionsSchema, resolveCsvOptions, type ParseCsvOptions } from "../data/parse-csv.js";
import { parseOptions } from "../internal/options.js";
import type { Table } from "../data/table.js";
import { named } from "../internal/boundary.js";

/**
 * Read a CSV file into a columnar `Table`: the bytes are decoded (BOM, UTF-16, UTF-8, or
 * Windows-1252 line by line where they are not UTF-8) and read exactly as `parseCsv` reads them, with the file name in every
 * message and in `report.source`. Quoted fields are read by the same hand-written reader as
 * unquoted ones (csv-parse's quoting rules, malformed quoting included): one reader for every entry point.
 *
 * @param path - path of the file.
 * @param options - as for `parseCsv`; `file` defaults to the file's name.
 * @throws EnsayoError `INVALID_DATA` when the file cannot be read (with the system's reason),
 *   and every code of `parseCsv`.
 * @example
 * ```ts
 * import { readCsvFile } from "ensayo/node";
 * const base = readCsvFile("fixtures/pilot/baseline_ministerio.csv");
 * base.report.encoding; // "windows-1252"
 * base.columns.region[0]; // "Central"
 * ```
 */
export function readCsvFile(path: string, options?: ParseCsvOptions): Table {
  return named("readCsvFile", () => read(path, options));
}

function read(path: string, options: ParseCsvOptions | undefined): Table {
  const opts = resolveCsvOptions(parseOptions(ParseCsvOptionsSchema, options, "readCsvFile"), options);
  if (typeof path !== "string" || path === "") {
    throw new EnsayoError("INVALID_OPTION", `\`path\` must be a file path; got ${JSON.stringify(path)}`);
  }
  const file = opts.file ?? basename(path);
  const request = { options: { ...opts, file }, source: file };
  const sniff = opts.encoding === "auto" || opts.encoding === "utf-8" ? guard(path, file, () => sniffFile(path)) : null;
  if (sniff?.kind === "plain") {
    // Usual case first: Node decodes UTF-8 files natively, and no copy of the bytes outlives
    // the call. Text that still hides invalid bytes (U+FFFD) takes the byte path.
    const text = guard(path, file, () => readFileSync(path, "utf8"));
    if (text.indexOf("\uFFFD") < 0) return readCsv(text, { ...request, encoding: "utf-8" });
  } else if (sniff?.kind === "invalid" && opts.encoding === "auto") {
    // Not UTF-8 (an Excel export in Spanish, or a UTF-8 file with some Latin-1 lines): read natively
    // as Latin-1; decoded line by line (the bytes read again) only if it also holds valid UTF-8.
    const latin1 = guard(path, file, () => readFileSync(path, "latin1"));
    const decoded = decodeMixed(latin1, invalidUtf8Note(`${file} line ${sniff.line}, byte ${sniff.offset}`, sniff.byte), () => guard(path, file, () => readFileSync(path)));
    return readCsv(decoded.text, { ...request, encoding: decoded.encoding, notes: decoded.notes });
  }
  // The bytes are passed without a local name so they can be collected once decoded.
  return readCsv(guard(path, file, () => readFileSync(path)), { ...request, source: file });
}

const SNIFF = 1 << 20;

type Sniff = { kind: "plain" | "other" } | { kind: "invalid"; offset: number; line: number; byte: string };

/** What the first MiB says: plain UTF-8 (quoted or not), invalid UTF-8, or other (UTF-16, with or without a BOM). */
function sniffFile(path: string): Sniff {
  const fd = openSync(path, "r");
  try {
    const buf = new Uint8Array(SNIFF);
    const n = readSync(fd, buf, 0, SNIFF, 0);
    const head = buf.subarray(0, n);
    if (n >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) return { kind: "other" };
    if (looksUtf16(head) !== null) return { kind: "other" };
    const bom = n >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
    const bad = firstInvalidUtf8(head);
    // A character cut by the end of the sniffed block is not an error.
    if (bad >= 0 && !(n === SNIFF && bad >= n - 3)) {
      if (bom) return { kind: "other" };
      return { kind: "invalid", offset: bad, line: lineAt(head, bad), byte: `0x${head[bad]!.toString(16).toUpperCase().padStart(2, "0")}` };
    }
    return { kind: "plain" };
  } finally {
    closeSync(fd);
  }
}

function guard<T>(path: string, file: string, read: () => T): T {
  try {
    return read();
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new EnsayoError(
      "INVALID_DATA",
      `cannot read '${path}'` + (code === "ENOENT" ? ": no such file" : code === "EISDIR" ? ": it is a folder" : code ? ` (${code})` : ""),
      { file, cause: err, hint: "Check the path (relative paths start from the folder the program runs in)" },
    );
  }
}

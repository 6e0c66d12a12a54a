/**
 * Turning the bytes of a CSV file into text: BOM, UTF-8 validation and the
 * Windows-1252 fallback. Internal to the data layer; browser-safe (TextDecoder only).
 */
import { EnsayoError } from "../errors.js";

/** Encodings the reader accepts. `latin1` is decoded as Windows-1252, as the WHATWG Encoding Standard (and every browser) does. */
export type CsvEncoding = "auto" | "utf-8" | "latin1" | "windows-1252";

export interface Decoded {
  readonly text: string;
  /** The encoding used: `"utf-8"` or `"windows-1252"` (or `"utf-16le"`/`"utf-16be"` from a BOM). */
  readonly encoding: string;
  readonly notes: string[];
}

// Windows-1252 bytes 0x80–0x9F (the WHATWG table: undefined bytes map to the same code point).
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/**
 * Decode Windows-1252 bytes. Done by hand because Node's `TextDecoder("windows-1252")`
 * decodes 0x80–0x9F as Latin-1 control characters, unlike browsers.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 8192;
  const codes = new Uint16Array(Math.min(CHUNK, bytes.length));
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(start + CHUNK, bytes.length);
    for (let i = start; i < end; i++) {
      const b = bytes[i]!;
      codes[i - start] = b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80]! : b;
    }
    parts.push(String.fromCharCode.apply(null, codes.subarray(0, end - start) as unknown as number[]));
  }
  return parts.join("");
}

/** Byte offset of the first byte that breaks UTF-8, or -1 when the bytes are valid UTF-8. */
export function firstInvalidUtf8(bytes: Uint8Array, from = 0): number {
  const n = bytes.length;
  let i = from;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    if (i + need >= n) return i;
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 10) line++;
  return line;
}

/**
 * Decode CSV bytes. With `auto`: a BOM decides (UTF-8, UTF-16); otherwise UTF-8 when the
 * bytes are valid UTF-8, else Windows-1252 (the usual encoding of Spanish-language Excel
 * exports), noted in the report. With `utf-8`: invalid bytes are an `ENCODING` error.
 *
 * @throws EnsayoError `ENCODING` naming the byte offset and line of the first invalid byte.
 */
export function decodeBytes(bytes: Uint8Array, encoding: CsvEncoding, file: string | undefined, fn: string): Decoded {
  const notes: string[] = [];
  let start = 0;
  const hasUtf8Bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (encoding === "auto" && bytes.length >= 2) {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) {
      notes.push("a UTF-16LE byte-order mark was found and removed; decoded as UTF-16LE");
      return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "utf-16le", notes };
    }
    if (bytes[0] === 0xfe && bytes[1] === 0xff) {
      notes.push("a UTF-16BE byte-order mark was found and removed; decoded as UTF-16BE");
      return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), encoding: "utf-16be", notes };
    }
  }
  if (encoding === "latin1" || encoding === "windows-1252") {
    return { text: decodeWindows1252(bytes), encoding: "windows-1252", notes };
  }
  if (hasUtf8Bom) {
    start = 3;
    notes.push("a UTF-8 byte-order mark (BOM) was found and removed");
  }
  const body = bytes.subarray(start);
  try {
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body), encoding: "utf-8", notes };
  } catch {
    const bad = firstInvalidUtf8(body);
    const offset = (bad < 0 ? 0 : bad) + start;
    const line = lineAt(bytes, offset);
    const where = `${file ? `${file} ` : ""}line ${line}, byte ${offset}`;
    const byte = `0x${bytes[offset]!.toString(16).toUpperCase().padStart(2, "0")}`;
    if (encoding === "utf-8") {
      throw new EnsayoError("ENCODING", `${fn}: ${where}: byte ${byte} is not valid UTF-8, but \`encoding\` is "utf-8"`, {
        ...(file ? { file } : {}),
        line,
        value: byte,
        hint: 'The file was probably saved as Latin-1/Windows-1252 (as Excel does): pass `encoding: "windows-1252"`, or `encoding: "auto"` to detect it',
      });
    }
    notes.push(`the bytes are not valid UTF-8 (first at ${where}: ${byte}); decoded as Windows-1252 (Latin-1)`);
    if (hasUtf8Bom) notes.push("the file starts with a UTF-8 BOM but is not valid UTF-8: check accented values");
    return { text: decodeWindows1252(body), encoding: "windows-1252", notes };
  }
}

/**
 * Turning the bytes of a CSV file into text: BOM, UTF-16 without a BOM, UTF-8 validation and
 * the Windows-1252 fallback, line by line when a UTF-8 file holds a few Latin-1 lines.
 * Internal to the data layer; browser-safe (TextDecoder only).
 */
import { EnsayoError } from "../errors.js";

/** Encodings the reader accepts. `latin1` is decoded as Windows-1252, as the WHATWG Encoding Standard (and every browser) does. */
export type CsvEncoding = "auto" | "utf-8" | "latin1" | "windows-1252";

export interface Decoded {
  readonly text: string;
  /** The encoding used: `"utf-8"`, `"windows-1252"`, `"utf-8, windows-1252"` (line by line), `"utf-16le"` or `"utf-16be"`. */
  readonly encoding: string;
  readonly notes: string[];
}

// Windows-1252 bytes 0x80–0x9F (the WHATWG table: undefined bytes map to the same code point).
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

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

/** The note for bytes that are not valid UTF-8, naming the first invalid byte. */
export function invalidUtf8Note(where: string, byte: string): string {
  return `the bytes are not valid UTF-8 (first at ${where}: ${byte}); decoded as Windows-1252 (Latin-1)`;
}

/** Line (LF, CRLF or CR line ends) of a byte offset. */
export function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 10 || (bytes[i] === 13 && bytes[i + 1] !== 10)) line++;
  return line;
}

/**
 * UTF-16 without a byte-order mark: in the first 4 KiB, most high (or low) bytes of the 16-bit
 * units are zero, as in any Latin-script text, and the other half almost never is. Returns the
 * encoding, or null. UTF-8 and Windows-1252 text has no zero bytes.
 */
export function looksUtf16(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) zeroEven++;
    if (bytes[i + 1] === 0) zeroOdd++;
  }
  const units = n / 2;
  if (zeroOdd >= 0.3 * units && zeroEven <= 0.05 * units) return "utf-16le";
  if (zeroEven >= 0.3 * units && zeroOdd <= 0.05 * units) return "utf-16be";
  return null;
}

/** Bytes of a line that breaks UTF-8: `[start, end)` and its line number. */
export interface BadLine {
  readonly start: number;
  readonly end: number;
  readonly line: number;
}

/**
 * Lines (ended by LF, CRLF or CR) that are not valid UTF-8, and how many lines hold valid
 * non-ASCII UTF-8. A line is scanned up to its first invalid byte and then skipped.
 */
export function classifyLines(bytes: Uint8Array): { bad: BadLine[]; validNonAscii: number } {
  const n = bytes.length;
  const bad: BadLine[] = [];
  let validNonAscii = 0;
  let line = 1;
  let high = false;
  let nextLf = -1;
  let nextCr = -1;
  let i = 0;
  let lineStart = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      if (b === 10 || b === 13) {
        if (b === 13 && bytes[i] === 10) i++;
        if (high) validNonAscii++;
        high = false;
        line++;
        lineStart = i;
      }
      continue;
    }
    const len = utf8Length(bytes, i);
    if (len > 0) {
      high = true;
      i += len;
      continue;
    }
    if (nextLf < i) nextLf = bytes.indexOf(10, i) < 0 ? n : bytes.indexOf(10, i);
    if (nextCr < i) nextCr = bytes.indexOf(13, i) < 0 ? n : bytes.indexOf(13, i);
    const end = Math.min(nextLf, nextCr);
    bad.push({ start: lineStart, end, line });
    high = false;
    i = end;
  }
  if (high) validNonAscii++;
  return { bad, validNonAscii };
}

/** Length of the valid UTF-8 sequence starting with a byte ≥ 0x80 at `i`, or 0. */
function utf8Length(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
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
  } else return 0;
  if (i + need >= bytes.length) return 0;
  let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
  for (let k = 1; k <= need; k++) {
    const c = bytes[i + k];
    if (c === undefined || (c & 0xc0) !== 0x80) return 0;
    cp = (cp << 6) | (c & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return need + 1;
}

/** A byte Windows-1252 maps elsewhere (0x80–0x9F), or a UTF-8 lead byte followed by a continuation byte. */
const SUSPECT = /[\x80-\x9f]|[\xC2-\xF4][\x80-\xBF]/;
const UTF8_PAIR = /[\xC2-\xF4][\x80-\xBF]/;
/** A character in 0x80–0xBF: a C1 byte or a UTF-8 continuation byte (also ¡ ¿ º ª °, which then take the longer check). */
const CONTINUATION = /[\x80-\xBF]/;

/** Latin-1 text in JavaScript, for the browser (one character per byte, chunked for `fromCharCode`). */
export function decodeLatin1(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let start = 0; start < bytes.length; start += 8192) {
    parts.push(String.fromCharCode.apply(null, bytes.subarray(start, Math.min(start + 8192, bytes.length)) as unknown as number[]));
  }
  return parts.join("");
}

/**
 * Latin-1 text to Windows-1252: map 0x80–0x9F to the characters Windows puts there. Done by hand
 * because Node's `TextDecoder("windows-1252")` decodes 0x80–0x9F as Latin-1 control characters, unlike browsers.
 */
export function fixC1(text: string): string {
  return /[\x80-\x9f]/.test(text) ? text.replace(/[\x80-\x9f]/g, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80]!)) : text;
}

/**
 * Bytes that are not valid UTF-8, decoded line by line: when no line holds valid non-ASCII
 * UTF-8 the whole text is Windows-1252 (an Excel export in Spanish); otherwise the invalid lines
 * are Windows-1252 and the others UTF-8, and a note lists the invalid lines (never mojibake
 * silently).
 */
export function decodeMixed(whole: string, firstNote: string, getBytes: () => Uint8Array): Decoded {
  // Usual case first, in one scan of `whole` (the bytes as Latin-1): a Latin-1 file holds no valid
  // UTF-8 sequence at all (a lead byte followed by a continuation byte): Windows-1252 as a whole.
  // Both a C1 byte (0x80–0x9F) and a UTF-8 pair (whose second byte is 0x80–0xBF) hold a character
  // in 0x80–0xBF: one scan for that class settles the usual Spanish export (á é í ó ú ñ are
  // 0xC1–0xFA) without the regular-expression alternation, which cost as much again.
  if (!CONTINUATION.test(whole)) return { text: whole, encoding: "windows-1252", notes: [firstNote] };
  if (!SUSPECT.test(whole) || !UTF8_PAIR.test(whole)) return { text: fixC1(whole), encoding: "windows-1252", notes: [firstNote] };
  const bytes = getBytes();
  const { bad, validNonAscii } = classifyLines(bytes);
  if (validNonAscii === 0) return { text: fixC1(whole), encoding: "windows-1252", notes: [firstNote] };
  const utf8 = new TextDecoder("utf-8");
  const parts: string[] = [];
  let at = 0;
  for (const b of bad) {
    parts.push(utf8.decode(bytes.subarray(at, b.start)), fixC1(whole.slice(b.start, b.end)));
    at = b.end;
  }
  parts.push(utf8.decode(bytes.subarray(at)));
  const lines = bad.map((b) => b.line);
  const shown = lines.length > 20 ? `${lines.slice(0, 20).join(", ")} and ${lines.length - 20} more` : lines.join(", ");
  return {
    text: parts.join(""),
    encoding: "utf-8, windows-1252",
    notes: [`${lines.length === 1 ? "line" : "lines"} ${shown} ${lines.length === 1 ? "is" : "are"} not valid UTF-8: decoded as Windows-1252 (Latin-1); the other lines as UTF-8. Check the accented values on ${lines.length === 1 ? "that line" : "those lines"}`],
  };
}

/**
 * Decode CSV bytes. With `auto`: a BOM decides (UTF-8, UTF-16); else UTF-16 when every other
 * byte is zero; else UTF-8 when the bytes are valid UTF-8; else line by line (`decodeMixed`):
 * Windows-1252 (the usual encoding of Spanish-language Excel exports) for the lines that are not
 * UTF-8, noted in the report. With `utf-8`: invalid bytes are an `ENCODING` error.
 *
 * @throws EnsayoError `ENCODING` naming the byte offset and line of the first invalid byte.
 */
export function decodeBytes(bytes: Uint8Array, encoding: CsvEncoding, file: string | undefined): Decoded {
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
    const utf16 = hasUtf8Bom ? null : looksUtf16(bytes);
    if (utf16 !== null) {
      notes.push(`no byte-order mark, but every other byte is zero: decoded as ${utf16.toUpperCase()}`);
      return { text: new TextDecoder(utf16).decode(bytes), encoding: utf16, notes };
    }
  }
  if (encoding === "latin1" || encoding === "windows-1252") {
    return { text: fixC1(decodeLatin1(bytes)), encoding: "windows-1252", notes };
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
      throw new EnsayoError("ENCODING", `${where}: byte ${byte} is not valid UTF-8, but \`encoding\` is "utf-8"`, {
        ...(file ? { file } : {}),
        line,
        value: byte,
        hint: 'The file was probably saved as Latin-1/Windows-1252 (as Excel does): pass `encoding: "windows-1252"`, or `encoding: "auto"` to detect it',
      });
    }
    const decoded = decodeMixed(decodeLatin1(body), invalidUtf8Note(where, byte), () => body);
    notes.push(...decoded.notes);
    if (hasUtf8Bom && decoded.encoding === "windows-1252") notes.push("the file starts with a UTF-8 BOM but is not valid UTF-8: check accented values");
    return { text: decoded.text, encoding: decoded.encoding, notes };
  }
}

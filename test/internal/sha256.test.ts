import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sha256, sha256Bytes } from "../../src/internal/sha256.js";

describe("sha256", () => {
  it("matches the FIPS 180-4 test vectors", () => {
    expect(sha256("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
    expect(sha256("a".repeat(1_000_000))).toBe("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  });
  it("agrees with node:crypto on block-boundary lengths and UTF-8 text", () => {
    for (const len of [55, 56, 57, 63, 64, 65, 119, 120, 128]) {
      const s = "x".repeat(len);
      expect(sha256(s)).toBe(createHash("sha256").update(s, "utf8").digest("hex"));
    }
    const s = "Ñeembucú, Caaguazú, Alto Paraná 🇵🇾";
    expect(sha256(s)).toBe(createHash("sha256").update(s, "utf8").digest("hex"));
  });
  it("agrees with node:crypto on random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(sha256Bytes(bytes)).toBe(createHash("sha256").update(bytes).digest("hex"));
      }),
      { numRuns: 200 },
    );
  });
});

/** The id rule (docs/data.md, "Ids"): one key for comparing, a loose key for near matches, a printable form. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { idKey, looseIdKey, nearMatchGroups, nearMatchReason, showId } from "../../src/data/ids.js";

describe("idKey", () => {
  it("is the NFC form, so NFC and NFD spellings are one id, and leaves other ids untouched", () => {
    expect(idKey("Jose\u0301")).toBe("Jos\u00e9");
    expect(idKey("N\u0303andu\u0301")).toBe("Ñandú");
    for (const id of ["00123", "ab ", "AB", "Ñandú", "P-0001"]) expect(idKey(id)).toBe(id);
    expect(idKey("\u212b")).toBe("\u00c5"); // the Ångström sign is a singleton decomposition
  });
});

describe("near matches", () => {
  it("share a loose key when they differ only by leading zeros, whitespace, letter case or invisible characters", () => {
    expect(looseIdKey("00123")).toBe(looseIdKey("123"));
    expect(looseIdKey(" AB\u00a0")).toBe(looseIdKey("ab"));
    expect(looseIdKey("a\u200bb")).toBe(looseIdKey("ab"));
    expect(looseIdKey("0")).toBe("0");
    expect(looseIdKey("José")).not.toBe(looseIdKey("Jose"));
  });
  it("say why two ids look alike", () => {
    expect(nearMatchReason("00123", "123")).toBe("leading zeros");
    expect(nearMatchReason("AB ", "ab")).toBe("whitespace, letter case");
    expect(nearMatchReason("a\u200b", "a")).toBe("invisible characters");
  });
  it("group ids (distinct after NFC) that share a loose key, in input order", () => {
    expect(nearMatchGroups(["7", "a", "007", "A", "b", "Jos\u00e9", "0007"])).toEqual([["7", "007", "0007"], ["a", "A"]]);
    expect(nearMatchGroups(["P0001", "P0002", "p0001 "])).toEqual([["P0001", "p0001 "]]);
  });
});

describe("showId", () => {
  it("prints invisible differences as escapes, so two unmatched ids never print alike", () => {
    expect(showId("Jose\u0301")).toBe('"Jose\\u0301"');
    expect(showId("Jos\u00e9")).toBe('"José"');
    expect(showId("ab ")).toBe('"ab "');
    expect(showId("a\u00a0b\u200b")).toBe('"a\\u00A0b\\u200B"');
    expect(showId('x"y\n')).toBe('"x\\"y\\n"');
    const lookAlike = ["Jos\u00e9", "Jose\u0301", "ab", "ab ", "a\u200b", "a"];
    expect(new Set(lookAlike.map(showId)).size).toBe(lookAlike.length);
  });
});

describe("the id rule's guarantees", () => {
  it("idKey's shortcut is exact: every string of characters below U+0300 (checked on all pairs) is already NFC", () => {
    let changed = 0;
    for (let a = 0; a < 0x300; a++) {
      const x = String.fromCharCode(a);
      for (let b = 0; b < 0x300; b++) {
        const s = x + String.fromCharCode(b);
        if (s.normalize("NFC") !== s) changed++;
      }
    }
    expect(changed).toBe(0);
  });

  it("an id and its NFD spelling have one key, and distinct strings always print distinctly", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-composite" }), fc.string({ unit: "grapheme-composite" }), (a, b) => {
        expect(idKey(a.normalize("NFD"))).toBe(idKey(a.normalize("NFC")));
        if (a !== b) expect(showId(a)).not.toBe(showId(b));
      }),
    );
  });
});

/** Unit ids in the assignment functions follow the id rule of docs/data.md: compared after Unicode NFC normalization. */
import { describe, expect, it } from "vitest";
import { completeRa } from "../../src/assign/complete-ra.js";
import { blockRa } from "../../src/assign/block-ra.js";
import { declareRa } from "../../src/assign/declare-ra.js";
import { verifyAssignment } from "../../src/assign/verify-assignment.js";
import { thrownEnsayo } from "../helpers/errors.js";

const nfc = "Jos\u00e9";
const nfd = "Jose\u0301";

describe("assignment ids", () => {
  it("refuse an NFC and an NFD spelling of one id as a DUPLICATE_ID naming both spellings", () => {
    const e = thrownEnsayo(() => completeRa({ ids: [nfc, nfd, "x", "y"], seed: 1 }));
    expect(e.code).toBe("DUPLICATE_ID");
    expect(e.message).toContain('"Jose\\u0301"');
  });

  it("draw and hash the same assignment whichever normalization form the ids are written in, and keep the caller's spelling", () => {
    const a = completeRa({ ids: [nfc, "Ñandú", "b", "c"], seed: 4 });
    const b = completeRa({ ids: [nfd, "N\u0303andu\u0301", "b", "c"], seed: 4 });
    expect(b.condition).toEqual(a.condition);
    expect(b.receipt.resultSha256).toBe(a.receipt.resultSha256);
    expect(b.receipt.units.idsSha256).toBe(a.receipt.units.idsSha256);
    expect(b.ids).toEqual([nfd, "N\u0303andu\u0301", "b", "c"]);
    expect(verifyAssignment(a.receipt, { ids: [nfd, "N\u0303andu\u0301", "b", "c"] }).ok).toBe(true);
  });

  it("treat blocks and clusters spelled in NFC and NFD as one block or cluster", () => {
    const a = blockRa({ blocks: ["Ñeembucú", "N\u0303eembucu\u0301", "Central", "Central"], seed: 2 });
    expect(a.receipt.units.nBlocks).toBe(2);
    expect(a.receipt.counts.byBlock!["Ñeembucú"]).toEqual({ 0: 1, 1: 1 });
  });

  it("keep ids that differ by leading zeros, whitespace or case as different units, with a warning", () => {
    const d = declareRa({ ids: ["00123", "123", "ab", "ab ", "q"] });
    expect(d.n).toBe(5);
    expect(d.warnings).toEqual([
      'ids that differ only by leading zeros, whitespace, letter case or invisible characters are different units: "00123" ~ "123", "ab" ~ "ab "',
    ]);
    expect(d.conduct(1).warnings).toEqual(d.warnings);
    expect(declareRa({ ids: ["a", "b"] }).warnings).toEqual([]);
  });
});

describe("per-block amounts keyed by block label", () => {
  it("find a block whose label is written in another normalization form", () => {
    const blocks = ["Ñeembucú", "Ñeembucú", "Central", "Central"];
    const a = blockRa({ blocks, blockM: { ["N\u0303eembucu\u0301"]: 2, Central: 0 }, seed: 1 });
    expect(a.counts).toEqual([2, 2]);
    expect(a.condition.slice(0, 2)).toEqual([1, 1]);
  });
});

/** Unit ids in the assignment functions follow the id rule of docs/data.md: compared after Unicode NFC normalization. */
import { describe, expect, it } from "vitest";
import { completeRa } from "../../src/assign/complete-ra.js";
import { blockRa } from "../../src/assign/block-ra.js";
import { simpleRa } from "../../src/assign/simple-ra.js";
import { clusterRa } from "../../src/assign/cluster-ra.js";
import { blockAndClusterRa } from "../../src/assign/block-and-cluster-ra.js";
import { declareRa, type RaOptions } from "../../src/assign/declare-ra.js";
import { verifyAssignment } from "../../src/assign/verify-assignment.js";
import { thrownEnsayo } from "../helpers/errors.js";

const nfc = "Jos\u00e9";
const nfd = "Jose\u0301";

describe("assignment ids", () => {
  it("refuse an NFC and an NFD spelling of one id as a DUPLICATE_ID naming both spellings", () => {
    const e = thrownEnsayo(() => completeRa({ id: [nfc, nfd, "x", "y"], seed: 1 }));
    expect(e.code).toBe("DUPLICATE_ID");
    expect(e.message).toContain('"Jose\\u0301"');
  });

  it("draw and hash the same assignment whichever normalization form the ids are written in, and keep the caller's spelling", () => {
    const a = completeRa({ id: [nfc, "Ñandú", "b", "c"], seed: 4 });
    const b = completeRa({ id: [nfd, "N\u0303andu\u0301", "b", "c"], seed: 4 });
    expect(b.condition).toEqual(a.condition);
    expect(b.receipt.resultSha256).toBe(a.receipt.resultSha256);
    expect(b.receipt.units.idsSha256).toBe(a.receipt.units.idsSha256);
    expect(b.ids).toEqual([nfd, "N\u0303andu\u0301", "b", "c"]);
    expect(verifyAssignment(a.receipt, { id: [nfd, "N\u0303andu\u0301", "b", "c"] }).ok).toBe(true);
  });

  it("treat blocks and clusters spelled in NFC and NFD as one block or cluster", () => {
    const a = blockRa({ blocks: ["Ñeembucú", "N\u0303eembucu\u0301", "Central", "Central"], seed: 2 });
    expect(a.receipt.units.nBlocks).toBe(2);
    expect(a.receipt.counts.byBlock!["Ñeembucú"]).toEqual({ 0: 1, 1: 1 });
  });

  it("keep ids that differ by leading zeros, whitespace or case as different units, with a warning", () => {
    const d = declareRa({ id: ["00123", "123", "ab", "ab ", "q"] });
    expect(d.n).toBe(5);
    expect(d.warnings).toEqual([
      'ids that differ only by leading zeros, whitespace, letter case or invisible characters are different units: "00123" ~ "123", "ab" ~ "ab "',
    ]);
    expect(d.conduct(1).warnings).toEqual(d.warnings);
    expect(declareRa({ id: ["a", "b"] }).warnings).toEqual([]);
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

// Issue #11 item 4: the column option is `id` (as in mergePanel, riTest and the CLI's --id); `ids` is its former name.
describe("the unit-id option", () => {
  const units = [
    { code: "u1", region: "a", office: "o1" }, { code: "u2", region: "a", office: "o1" },
    { code: "u3", region: "b", office: "o2" }, { code: "u4", region: "b", office: "o2" },
  ];

  it("is `id`: labels, or with `data` the name of the id column, giving the same draw", () => {
    const fromLabels = completeRa({ id: units.map((u) => u.code), seed: 9 });
    const fromColumn = completeRa({ data: units, id: "code", seed: 9 });
    expect(fromColumn.condition).toEqual(fromLabels.condition);
    expect(fromColumn.ids).toEqual(["u1", "u2", "u3", "u4"]);
    expect(fromColumn.receipt.design.columns).toEqual({ ids: "code" }); // the receipt keeps its field name
  });

  it("refuses the former name `ids` in declareRa as INVALID_OPTION suggesting `id`", () => {
    const e = thrownEnsayo(() => declareRa({ ids: ["a", "b"] } as unknown as RaOptions));
    expect(e.code).toBe("INVALID_OPTION");
    expect(e.fn).toBe("declareRa");
    expect(e.message).toContain("unknown option `ids`");
    expect(e.hint).toMatch(/^Did you mean `id`\?/);
  });

  it("refuses `ids` in every one-call assignment function, naming the function and suggesting `id`", () => {
    const calls: [string, () => unknown][] = [
      ["simpleRa", () => simpleRa({ data: units, ids: "code", seed: 1 } as never)],
      ["completeRa", () => completeRa({ data: units, ids: "code", seed: 1 } as never)],
      ["blockRa", () => blockRa({ data: units, ids: "code", blocks: "region", seed: 1 } as never)],
      ["clusterRa", () => clusterRa({ data: units, ids: "code", clusters: "office", seed: 1 } as never)],
      ["blockAndClusterRa", () => blockAndClusterRa({ data: units, ids: "code", blocks: "region", clusters: "office", seed: 1 } as never)],
    ];
    for (const [fn, call] of calls) {
      const e = thrownEnsayo(call);
      expect([fn, e.code, e.fn]).toEqual([fn, "INVALID_OPTION", fn]);
      expect(e.hint).toMatch(/^Did you mean `id`\?/);
    }
  });

  it("refuses `ids` among verifyAssignment's units, suggesting `id`", () => {
    const a = completeRa({ data: units, id: "code", seed: 2 });
    const e = thrownEnsayo(() => verifyAssignment(a.receipt, { data: units, ids: "code" } as never));
    expect(e.code).toBe("INVALID_OPTION");
    expect(e.hint).toBe("Did you mean `id`?");
    expect(verifyAssignment(a.receipt, { id: units.map((u) => u.code) }).ok).toBe(true);
  });

  it("leaves receipts unchanged: a receipt written before the rename (with `ids: \"code\"`) verifies, and the same call with `id` writes it again", () => {
    // blockRa({ data: units, ids: "code", blocks: "region", seed: 11 }).receipt, written by ensayo at ad7d9b5 (before the rename)
    const before = JSON.parse('{"kind":"assignment_receipt","library":"ensayo","version":"0.1.0","design":{"type":"blocked","conditions":[0,1],"amounts":{},' +
      '"simple":false,"balanceAcrossBlocks":false,"columns":{"ids":"code","blocks":"region"},"rerandomize":null},"rng":{"algorithm":"seedrandom-arc4","seed":11},' +
      '"units":{"n":4,"nBlocks":2,"nClusters":null,"order":"id","idsSha256":"660422383f766d1a25aa4aa2c0fa8ef01884dfdf36a73ce237c7f640433e2695",' +
      '"blocksSha256":"9f1ed62c59fa6af5e6f830a9c4334a29c61c7ce574a0f2bd78eef6276f56fec6","clustersSha256":null},' +
      '"counts":{"byArm":{"0":2,"1":2},"byBlock":{"a":{"0":1,"1":1},"b":{"0":1,"1":1}}},"rerandomization":null,' +
      '"resultSha256":"a9e8f1c5bf0c3aa26d4b37cd16a3c88978a605fc4d852b54e91a74a7425239ba"}');
    const withRegion = units.map(({ code, region }) => ({ code, region }));
    expect(verifyAssignment(before, { data: withRegion }).ok).toBe(true);
    expect(JSON.parse(JSON.stringify(blockRa({ data: withRegion, id: "code", blocks: "region", seed: 11 }).receipt))).toEqual(before);
  });

  it("is named `id` in the messages about it", () => {
    expect(thrownEnsayo(() => completeRa({ id: "code", seed: 1 })).message).toContain("`id` is the column name 'code' but no `data` was given");
    expect(thrownEnsayo(() => completeRa({ id: ["a", "a"], seed: 1 })).message).toContain("`id` must be unique");
    expect(thrownEnsayo(() => completeRa({ id: ["a", "b"], n: 3, seed: 1 })).message).toContain("`id` has 2 units but `n` has 3");
  });
});

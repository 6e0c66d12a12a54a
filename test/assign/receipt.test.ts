/** Receipts: JSON-safe, complete, and re-runnable with verifyAssignment. */
import { describe, expect, it } from "vitest";
import { EnsayoError } from "../../src/errors.js";
import { blockRa } from "../../src/assign/block-ra.js";
import { clusterRa } from "../../src/assign/cluster-ra.js";
import { declareRa } from "../../src/assign/declare-ra.js";
import { assertAssignment, verifyAssignment } from "../../src/assign/verify-assignment.js";
import type { AssignmentReceipt } from "../../src/assign/receipt.js";
import { sha256 } from "../../src/internal/sha256.js";
import { VERSION } from "../../src/version.js";

const units = [
  { id: "A-01", region: "Central", office: "o1", x: 3.1 },
  { id: "A-02", region: "Central", office: "o1", x: 2.4 },
  { id: "A-03", region: "Central", office: "o2", x: 5.0 },
  { id: "B-01", region: "Ñeembucú", office: "o3", x: 1.2 },
  { id: "B-02", region: "Ñeembucú", office: "o3", x: 0.7 },
  { id: "B-03", region: "Ñeembucú", office: "o4", x: 4.4 },
  { id: "B-04", region: "Ñeembucú", office: "o4", x: 2.2 },
];

describe("assignment receipt", () => {
  const a = blockRa({ data: units, id: "id", blocks: "region", conditions: ["control", "taller"], seed: 20261129 });
  const receipt = JSON.parse(JSON.stringify(a.receipt)) as AssignmentReceipt;

  it("is JSON-serializable and records version, design, RNG, seed, hashes and counts", () => {
    expect(receipt.version).toBe(VERSION);
    expect(receipt.design.type).toBe("blocked");
    expect(receipt.design.conditions).toEqual(["control", "taller"]);
    expect(receipt.design.columns).toEqual({ ids: "id", blocks: "region" });
    expect(receipt.rng).toEqual({ algorithm: "seedrandom-arc4", seed: 20261129 });
    expect(receipt.units.order).toBe("id");
    expect(receipt.units.idsSha256).toBe(sha256(JSON.stringify(["A-01", "A-02", "A-03", "B-01", "B-02", "B-03", "B-04"])));
    expect(receipt.counts.byBlock!["Ñeembucú"]).toEqual({ control: 2, taller: 2 });
    const central = receipt.counts.byBlock!.Central!;
    expect(central.control! + central.taller!).toBe(3);
    const rows = units.map((u, i) => [u.id, a.condition[i]]);
    expect(receipt.resultSha256).toBe(sha256(JSON.stringify(rows)));
  });

  it("verifies against the same units, also when the file is re-sorted", () => {
    expect(verifyAssignment(receipt, { data: units })).toMatchObject({ ok: true, differences: [] });
    expect(verifyAssignment(receipt, units).ok).toBe(true); // the rows themselves
    const resorted = [...units].reverse();
    const v = verifyAssignment(receipt, { data: resorted });
    expect(v.ok).toBe(true);
    expect(v.assignment!.condition).toEqual([...a.condition].reverse());
  });

  it("says when the ids differ", () => {
    const changed = units.map((u, i) => (i === 6 ? { ...u, id: "B-05" } : u));
    const v = verifyAssignment(receipt, { data: changed });
    expect(v.ok).toBe(false);
    expect(v.differences.map((d) => d.what)).toContain("ids");
    expect(v.differences.map((d) => d.what)).toContain("result");
  });

  it("says when the blocks differ", () => {
    const changed = units.map((u, i) => (i === 2 ? { ...u, region: "Ñeembucú" } : u));
    const v = verifyAssignment(receipt, { data: changed });
    expect(v.ok).toBe(false);
    const what = v.differences.map((d) => d.what);
    expect(what).toContain("blocks");
    expect(what).not.toContain("ids");
  });

  it("says when a unit is missing", () => {
    const v = verifyAssignment(receipt, { data: units.slice(1) });
    expect(v.ok).toBe(false);
    expect(v.differences.find((d) => d.what === "n")).toMatchObject({ expected: 7, actual: 6 });
  });

  it("says when the result differs (a tampered seed) without throwing", () => {
    const tampered = { ...receipt, rng: { ...receipt.rng, seed: 1 } };
    const v = verifyAssignment(tampered, { data: units });
    expect(v.ok).toBe(false);
    const what = v.differences.map((d) => d.what);
    expect(what).toContain("result");
    expect(what.filter((w) => w !== "result" && w !== "counts")).toEqual([]);
  });

  it("reports a different library version without failing the check", () => {
    const old = { ...receipt, version: "0.0.1" };
    const v = verifyAssignment(old, { data: units });
    expect(v.ok).toBe(true);
    expect(v.differences).toHaveLength(1);
    expect(v.differences[0]).toMatchObject({ what: "version", expected: "0.0.1", actual: VERSION });
  });

  it("checks a published assignment unit by unit", () => {
    const published = units.map((u, i) => ({ ...u, arm: a.condition[i] }));
    expect(verifyAssignment(receipt, { data: published, assigned: "arm" }).ok).toBe(true);
    published[3] = { ...published[3]!, arm: published[3]!.arm === "control" ? "taller" : "control" };
    const v = verifyAssignment(receipt, { data: published, assigned: "arm" });
    expect(v.ok).toBe(false);
    const d = v.differences.find((x) => x.what === "assigned")!;
    expect(d.message).toContain("1 of 7 published conditions differ");
    expect((d.actual as { id: string }[])[0]!.id).toBe("B-01");
  });

  it("assertAssignment throws VERIFY_MISMATCH only on a real mismatch", () => {
    expect(assertAssignment(receipt, { data: units }).condition).toEqual(a.condition);
    let err: unknown;
    try { assertAssignment(receipt, { data: units.slice(1) }); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(EnsayoError);
    expect((err as EnsayoError).code).toBe("VERIFY_MISMATCH");
  });

  it("says when the design cannot be re-run and when a field is missing", () => {
    const v = verifyAssignment(receipt, { id: units.map((u) => u.id) });
    expect(v.ok).toBe(false);
    expect(v.differences.map((d) => d.what)).toContain("blocks");
    const bad = { ...receipt, design: { ...receipt.design, amounts: { m: 4 } } };
    const v2 = verifyAssignment(bad, { data: units });
    expect(v2.ok).toBe(false);
    expect(v2.differences[0]!.what).toBe("design");
    expect(v2.differences[0]!.message).toContain("block 'Central' has 3 units but `m` asks for 4");
  });

  it("verifies clustered and array-based designs", () => {
    const clusters = units.map((u) => u.office);
    const c = clusterRa({ clusters, m: 2, seed: "e" });
    expect(c.receipt.units.nClusters).toBe(4);
    expect(verifyAssignment(c.receipt, { clusters }).ok).toBe(true);
    const moved = [...clusters];
    moved[0] = "o2";
    expect(verifyAssignment(c.receipt, { clusters: moved }).differences.map((d) => d.what)).toContain("clusters");
  });

  it("records and verifies re-randomization, including its covariates", () => {
    const d = declareRa({ data: units, id: "id", prob: 0.5, rerandomize: { covariates: ["x"], criterion: "maxAbsStdDiff", threshold: 0.5 } });
    const r = d.conduct(9);
    expect(r.rerandomization!.value).toBeLessThanOrEqual(0.5);
    expect(r.receipt.rerandomization).toEqual({ criterion: "maxAbsStdDiff", value: r.rerandomization!.value, draws: r.rerandomization!.draws });
    expect(verifyAssignment(r.receipt, { data: units }).ok).toBe(true);
    const shifted = units.map((u, i) => (i === 0 ? { ...u, x: 9 } : u));
    expect(verifyAssignment(r.receipt, { data: shifted }).differences.map((x) => x.what)).toContain("covariates");
  });

  it("rejects something that is not a receipt", () => {
    expect(() => verifyAssignment({} as AssignmentReceipt, { n: 3 })).toThrow(/must be an assignment receipt/);
  });
});

describe("receipt counts with labels named like Object.prototype members", () => {
  it("keeps a block or condition called __proto__ as an ordinary key, through JSON and verifyAssignment", () => {
    const blocks = ["__proto__", "__proto__", "toString", "toString", "constructor", "constructor"];
    const a = blockRa({ blocks, conditions: ["__proto__", "b"], seed: 1 });
    const json = JSON.stringify(a.receipt.counts);
    expect(JSON.parse(json)).toEqual(JSON.parse('{"byArm":{"__proto__":3,"b":3},"byBlock":{"__proto__":{"__proto__":1,"b":1},"constructor":{"__proto__":1,"b":1},"toString":{"__proto__":1,"b":1}}}'));
    const parsed = JSON.parse(JSON.stringify(a.receipt)) as AssignmentReceipt;
    expect(verifyAssignment(parsed, { blocks }).ok).toBe(true);
    expect(({} as Record<string, unknown>).b).toBeUndefined();
  });
});

describe("per-block amounts keyed by a block called __proto__", () => {
  it("reads blockM and blockProbEach records with a __proto__ key (zod's record would drop it)", () => {
    const blocks = ["__proto__", "__proto__", "b", "b"];
    const m = blockRa({ blocks, blockM: JSON.parse('{"__proto__": 2, "b": 1}') as Record<string, number>, seed: 1 });
    expect(m.counts).toEqual([1, 3]);
    expect(Array.from(m.condition as ArrayLike<unknown>).slice(0, 2)).toEqual([1, 1]);
    const p = blockRa({ blocks, blockProbEach: JSON.parse('{"__proto__": [0, 1], "b": [0.5, 0.5]}') as Record<string, number[]>, seed: 1 });
    expect(Array.from(p.condition as ArrayLike<unknown>).slice(0, 2)).toEqual([1, 1]);
    expect(() => blockRa({ blocks, blockProb: JSON.parse('{"__proto__": 2, "b": 0.5}') as Record<string, number>, seed: 1 })).toThrow(
      expect.objectContaining({ code: "INVALID_OPTION", message: expect.stringContaining("block '__proto__'") }),
    );
  });
});

/** verifyAssignment checks every field a receipt states, and refuses malformed receipts with an EnsayoError. */
import { describe, expect, it } from "vitest";
import { blockAndClusterRa } from "../../src/assign/block-and-cluster-ra.js";
import { blockRa } from "../../src/assign/block-ra.js";
import { declareRa } from "../../src/assign/declare-ra.js";
import { verifyAssignment } from "../../src/assign/verify-assignment.js";
import type { AssignmentReceipt } from "../../src/assign/receipt.js";
import { thrownEnsayo } from "../helpers/errors.js";

const units = Array.from({ length: 12 }, (_, i) => ({
  id: `U-${String(i + 1).padStart(2, "0")}`,
  region: i < 6 ? "Central" : "Ñeembucú",
  office: `o${Math.floor(i / 3)}`,
  x: ((i * 7) % 5) + i / 10,
}));

/** A deep copy of `receipt` with the value at `path` replaced. */
function edit(receipt: AssignmentReceipt, path: string, value: unknown): AssignmentReceipt {
  const copy = JSON.parse(JSON.stringify(receipt)) as Record<string, unknown>;
  const keys = path.split(".");
  let cur = copy;
  for (const k of keys.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
  cur[keys[keys.length - 1]!] = value;
  return copy as unknown as AssignmentReceipt;
}

describe("verifyAssignment certifies every field of the receipt", () => {
  const bc = JSON.parse(JSON.stringify(blockAndClusterRa({ data: units, id: "id", blocks: "region", clusters: "office", seed: 7 }).receipt)) as AssignmentReceipt;
  const rr = JSON.parse(JSON.stringify(declareRa({ data: units, id: "id", blocks: "region", rerandomize: { covariates: ["x"], criterion: "maxAbsStdDiff", threshold: 0.6 } }).conduct(3).receipt)) as AssignmentReceipt;

  it("verifies the untouched receipts", () => {
    expect(verifyAssignment(bc, { data: units })).toMatchObject({ ok: true, differences: [] });
    expect(verifyAssignment(rr, { data: units })).toMatchObject({ ok: true, differences: [] });
  });

  const edits: [string, () => AssignmentReceipt, string][] = [
    ["design.type", () => edit(bc, "design.type", "blocked"), "design"],
    ["units.nBlocks", () => edit(bc, "units.nBlocks", 3), "units"],
    ["units.nClusters", () => edit(bc, "units.nClusters", 5), "units"],
    ["units.order", () => edit(bc, "units.order", "input"), "units"],
    ["rng.algorithm", () => edit(bc, "rng.algorithm", "mersenne-twister"), "rng"],
    ["library", () => edit(bc, "library", "randomizr"), "library"],
    ["rerandomization (value)", () => edit(rr, "rerandomization.value", 0.01), "rerandomization"],
    ["rerandomization (draws)", () => edit(rr, "rerandomization.draws", 1000), "rerandomization"],
    ["rerandomization (criterion)", () => edit(rr, "rerandomization.criterion", "mahalanobis"), "rerandomization"],
    ["rerandomization (added to a design without it)", () => edit(bc, "rerandomization", { criterion: "mahalanobis", value: 0.1, draws: 4 }), "rerandomization"],
    ["rerandomization (removed)", () => edit(rr, "rerandomization", null), "rerandomization"],
    ["design.rerandomize.threshold", () => edit(rr, "design.rerandomize.threshold", 0.01), "result"],
    ["a field ensayo does not write", () => edit(bc, "certifiedBy", "the minister"), "receipt"],
    ["a field ensayo does not write, inside units", () => edit(bc, "units.audited", true), "receipt"],
  ];
  for (const [name, make, what] of edits) {
    it(`does not verify a receipt whose ${name} was edited`, () => {
      const v = verifyAssignment(make(), { data: units });
      expect(v.ok).toBe(false);
      expect(v.differences.map((d) => d.what)).toContain(what);
    });
  }

  it("names the edited field and both values", () => {
    const v = verifyAssignment(edit(bc, "units.nBlocks", 3), { data: units });
    expect(v.differences).toContainEqual(expect.objectContaining({ what: "units", field: "units.nBlocks", expected: 3, actual: 2 }));
  });

  it("does not certify the column names (they only say where to read the units)", () => {
    const v = verifyAssignment(bc, {
      id: units.map((u) => u.id), blocks: units.map((u) => u.region), clusters: units.map((u) => u.office),
    });
    expect(v.ok).toBe(true);
  });
});

describe("verifyAssignment refuses a malformed receipt with an EnsayoError", () => {
  const receipt = JSON.parse(JSON.stringify(blockRa({ data: units, id: "id", blocks: "region", seed: 1 }).receipt)) as Record<string, unknown>;
  const without = (key: string) => Object.fromEntries(Object.entries(receipt).filter(([k]) => k !== key)) as unknown as AssignmentReceipt;

  for (const key of ["design", "units", "rng", "counts", "resultSha256"]) {
    it(`throws INVALID_OPTION naming \`${key}\` when the receipt has no ${key}`, () => {
      const e = thrownEnsayo(() => verifyAssignment(without(key), { data: units }));
      expect(e.code).toBe("INVALID_OPTION");
      expect(e.message).toContain(key);
    });
  }
  it("throws INVALID_OPTION when a field has the wrong type", () => {
    const bad = { ...receipt, design: { ...(receipt.design as object), conditions: "control,taller" } } as unknown as AssignmentReceipt;
    const e = thrownEnsayo(() => verifyAssignment(bad, { data: units }));
    expect(e.code).toBe("INVALID_OPTION");
    expect(e.message).toContain("design.conditions");
  });
  it("throws INVALID_OPTION for missing or null units", () => {
    expect(thrownEnsayo(() => verifyAssignment(receipt as unknown as AssignmentReceipt, null as never)).code).toBe("INVALID_OPTION");
    expect(thrownEnsayo(() => verifyAssignment(receipt as unknown as AssignmentReceipt, undefined as never)).code).toBe("INVALID_OPTION");
    expect(thrownEnsayo(() => verifyAssignment(receipt as unknown as AssignmentReceipt, 5 as never)).code).toBe("INVALID_OPTION");
  });
  it("throws INVALID_OPTION for null, an array or a string instead of a receipt", () => {
    for (const r of [null, [], "receipt", 3]) expect(thrownEnsayo(() => verifyAssignment(r as never, { data: units })).code).toBe("INVALID_OPTION");
  });
});

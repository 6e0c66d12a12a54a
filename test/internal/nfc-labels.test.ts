// Issue #10 item 9, beyond ids: a cluster, block or factor level spelled in NFC in some rows and in NFD in
// others ("José" = "Jose\u0301") is one cluster, one block, one level, in the estimators and in balance.
import { describe, expect, it } from "vitest";
import { balanceTable, differenceInMeans, lmRobust } from "../../src/index.js";
import { factorize, factorizeText } from "../../src/internal/factor.js";

const NFC = "Jos\u00e9";
const NFD = "Jose\u0301";
const n = 24;
const office = Array.from({ length: n }, (_, i) => ["Ana", NFC, "Luis", "Eva", "Ñu", "Zoe"][Math.floor(i / 4)]!);
const mixed = office.map((o, i) => (o === NFC && i % 2 ? NFD : o));
const t = Array.from({ length: n }, (_, i) => (Math.floor(i / 4) % 2));
const y = Array.from({ length: n }, (_, i) => ((i * 7) % 11) + t[i]! * 2);
const x = Array.from({ length: n }, (_, i) => (i * 5) % 7);

describe("labels are compared after NFC normalization", () => {
  it("factorize codes NFC and NFD spellings as one level, named in NFC", () => {
    const f = factorize([NFC, NFD, "a"]);
    expect(f.levels).toEqual([NFC, "a"]); // code-point order, as R sorts in the C locale
    expect(Array.from(f.codes)).toEqual([0, 0, 1]);
  });
  it("factorizeText and factorize with given levels match every spelling to its NFC level, repeated spellings included", () => {
    const labels = [NFD, "b", NFC, null, NFD, "b", NFC];
    const f = factorizeText(labels);
    expect(f.levels).toEqual([NFC, "b"]);
    expect(Array.from(f.codes)).toEqual([0, 1, 0, -1, 0, 1, 0]);
    expect(Array.from(f.counts)).toEqual([4, 2]);
    const given = factorize(labels, ["b", NFD]); // levels given in NFD still take the NFC spellings
    expect(Array.from(given.codes)).toEqual([1, 0, 1, -1, 1, 0, 1]);
    expect(Array.from(given.counts)).toEqual([2, 4]);
  });
  it("lmRobust, differenceInMeans and balanceTable count one cluster for both spellings", () => {
    const same = { y, t, x, office };
    const spelt = { y, t, x, office: mixed };
    const a = lmRobust(same, "y ~ t + x", { clusters: "office" });
    const b = lmRobust(spelt, "y ~ t + x", { clusters: "office" });
    expect(b.nClusters).toBe(6);
    expect(b.coefficients).toEqual(a.coefficients);
    const da = differenceInMeans(same, { outcome: "y", treatment: "t", clusters: "office" });
    const db = differenceInMeans(spelt, { outcome: "y", treatment: "t", clusters: "office" });
    expect(db.coefficients).toEqual(da.coefficients);
    const ba = balanceTable(same, { treatment: "t", covariates: ["x"], clusters: "office" });
    const bb = balanceTable(spelt, { treatment: "t", covariates: ["x"], clusters: "office" });
    expect(bb.rows).toEqual(ba.rows);
  });
});

/**
 * Golden assignments: PINNED outputs of ensayo itself (not reference values). The same seed and the
 * same units must give the same assignment on every platform and in every future version; if one of
 * these changes, a published assignment could no longer be reproduced — do not update them casually.
 */
import { describe, expect, it } from "vitest";
import { declareRa, type RaOptions } from "../../src/assign/declare-ra.js";
import type { Seed } from "../../src/internal/rng.js";

const GOLDEN: [string, RaOptions, Seed, unknown[], string][] = [
  ["complete, n = 12, prob = .33", { n: 12, prob: 0.33 }, 20261129, [0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0],
    "8fd8156f71406d66025fecb3d31bbae1473aebca3f14cd8d9f0e6988865c7336"],
  ["blocked, three named arms", { blocks: ["Central", "Central", "Central", "Itapúa", "Itapúa", "Ñeembucú", "Ñeembucú", "Ñeembucú", "Ñeembucú"], conditions: ["control", "taller", "mentoria"] }, "pilot-2026",
    ["mentoria", "control", "taller", "taller", "mentoria", "control", "control", "mentoria", "taller"],
    "d3529e325da47396ba0c53acc0896cb9005cec14156bd59d56f168b4164aa6e9"],
  ["clustered, m = 2 clusters", { clusters: ["e1", "e1", "e2", "e3", "e3", "e4", "e5", "e5"], m: 2 }, 7, [0, 0, 1, 0, 0, 0, 1, 1],
    "4a460b8796e75a546032b9e530bbc00d25efceccca9f7455682d09a667f5502f"],
  ["simple, three arms", { n: 10, probEach: [0.2, 0.3, 0.5], simple: true }, 42, ["T1", "T1", "T3", "T2", "T3", "T3", "T3", "T3", "T2", "T2"],
    "a284c86879c137a93a09ca5b596e9c9019ba7c379ec55857901102fa4cb84aed"],
  ["blocked, balanceAcrossBlocks", { blocks: ["a", "a", "a", "b", "b", "b", "c", "c", "c", "d"], balanceAcrossBlocks: true }, 3, [0, 1, 0, 1, 1, 0, 1, 0, 1, 0],
    "8e2b3c82029e42bbe613801bbadd9a9990d052b1d3ab04e67fa72080ae6d6a39"],
  ["blocked with ids", { id: ["u9", "u3", "u1", "u7", "u5", "u2"], blocks: ["x", "x", "y", "y", "x", "y"] }, "ids", [0, 1, 1, 1, 0, 0],
    "16805a359387e77ea2cb2e8a50d8fc994f63f4d6fd6fbdbfc2017cdc5f346b7a"],
];

describe("golden assignments (pinned: same seed, same units, same arms forever)", () => {
  for (const [name, options, seed, condition, hash] of GOLDEN) {
    it(name, () => {
      const a = declareRa(options).conduct(seed);
      expect(a.condition).toEqual(condition);
      expect(a.receipt.resultSha256).toBe(hash);
    });
  }
  it("treats the seed 42 and the seed '42' alike", () => {
    const d = declareRa({ n: 20 });
    expect(d.conduct(42).arm).toEqual(d.conduct("42").arm);
    expect(d.conduct(42).arm).not.toEqual(d.conduct(43).arm);
  });
});

describe("the examples in docs/assignment.md (pinned outputs)", () => {
  it("gives the documented outputs", async () => {
    const { simpleRa } = await import("../../src/assign/simple-ra.js");
    const { completeRa } = await import("../../src/assign/complete-ra.js");
    const { blockRa } = await import("../../src/assign/block-ra.js");
    const { clusterRa } = await import("../../src/assign/cluster-ra.js");
    expect(simpleRa({ n: 8, prob: 0.5, seed: 3 }).condition).toEqual([1, 1, 0, 1, 0, 0, 0, 1]);
    expect(completeRa({ n: 10, m: 4, seed: 7 }).counts).toEqual([6, 4]);
    expect(completeRa({ n: 10, prob: 0.33, seed: 1 }).counts).toEqual([7, 3]);
    expect(blockRa({ blocks: ["Central", "Central", "Central", "Ñeembucú", "Ñeembucú"], conditions: ["control", "taller"], seed: 2026 }).condition)
      .toEqual(["control", "taller", "taller", "taller", "control"]);
    expect(clusterRa({ clusters: ["OF-1", "OF-1", "OF-2", "OF-3", "OF-3", "OF-4"], m: 2, seed: 5 }).condition).toEqual([0, 0, 1, 0, 0, 1]);
  });
});

/**
 * Golden assignments: PINNED outputs of ensayo itself (not reference values). The same seed and the
 * same units must give the same assignment on every platform and in every future version; if one of
 * these changes, a published assignment could no longer be reproduced — do not update them casually.
 */
import { describe, expect, it } from "vitest";
import { declareRa, type RaOptions } from "../../src/assign/declare-ra.js";
import type { Seed } from "../../src/internal/rng.js";

const GOLDEN: [string, RaOptions, Seed, unknown[], string][] = [
  ["complete, n = 12, prob = .33", { n: 12, prob: 0.33 }, 20261129, [1, 0, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0],
    "8921d30e0a7a1a637a90674904a572987145223ee861fd7c550f3718bfdf7b80"],
  ["blocked, three named arms", { blocks: ["Central", "Central", "Central", "Itapúa", "Itapúa", "Ñeembucú", "Ñeembucú", "Ñeembucú", "Ñeembucú"], conditions: ["control", "taller", "mentoria"] }, "pilot-2026",
    ["control", "mentoria", "taller", "control", "taller", "mentoria", "taller", "control", "mentoria"],
    "0302672071fefb18a374daa6b129b3e37739e4c87837ab15319e40df651df2fe"],
  ["clustered, m = 2 clusters", { clusters: ["e1", "e1", "e2", "e3", "e3", "e4", "e5", "e5"], m: 2 }, 7, [0, 0, 0, 1, 1, 0, 1, 1],
    "0e8027b5ace9fc92dcb0d13a082db651037d62fffa67880041740ac213615908"],
  ["simple, three arms", { n: 10, probEach: [0.2, 0.3, 0.5], simple: true }, 42, ["T1", "T1", "T3", "T2", "T3", "T3", "T3", "T3", "T2", "T2"],
    "a284c86879c137a93a09ca5b596e9c9019ba7c379ec55857901102fa4cb84aed"],
  ["blocked, balanceAcrossBlocks", { blocks: ["a", "a", "a", "b", "b", "b", "c", "c", "c", "d"], balanceAcrossBlocks: true }, 3, [1, 1, 0, 0, 0, 1, 0, 0, 1, 1],
    "48bf9f3a0e14ed85a312eb37712eacc2af84cccd265c614eeebff761c3ff9bb9"],
  ["blocked with ids", { ids: ["u9", "u3", "u1", "u7", "u5", "u2"], blocks: ["x", "x", "y", "y", "x", "y"] }, "ids", [0, 1, 0, 0, 0, 1],
    "35e23d57a38e069188342d9764737125ad27e8e709d294ce27989a1d5dd5e734"],
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

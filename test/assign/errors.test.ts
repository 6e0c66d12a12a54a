/** Bad input: every error code thrown by the assignment area, with its message. Nothing is assigned. */
import { describe, expect, it } from "vitest";
import { blockAndClusterRa } from "../../src/assign/block-and-cluster-ra.js";
import { blockRa } from "../../src/assign/block-ra.js";
import { clusterRa } from "../../src/assign/cluster-ra.js";
import { completeRa } from "../../src/assign/complete-ra.js";
import { declareRa, type RaOptions } from "../../src/assign/declare-ra.js";
import { simpleRa } from "../../src/assign/simple-ra.js";
import { assignmentRows } from "../../src/assign/assignment-rows.js";
import { assignmentSummary } from "../../src/assign/assignment-summary.js";
import { conditionProbabilities } from "../../src/assign/condition-probabilities.js";
import { thrownEnsayo as thrown } from "../helpers/errors.js";


describe("assignment input errors", () => {
  it("completeRa throws INFEASIBLE_DESIGN when m is larger than n", () => {
    const e = thrown(() => completeRa({ n: 5, m: 6, seed: 1 }));
    expect(e.code).toBe("INFEASIBLE_DESIGN");
    expect(e.message).toContain("completeRa: the design has 5 units but `m` asks for 6");
  });
  it("blockRa names the block that is smaller than m", () => {
    const e = thrown(() => blockRa({ blocks: ["Central", "Central", "Ñeembucú"], m: 2, seed: 1 }));
    expect(e.code).toBe("INFEASIBLE_DESIGN");
    expect(e.message).toContain("blockRa: block 'Ñeembucú' has 1 unit but `m` asks for 2");
  });
  it("blockRa names the block whose blockM exceeds its size", () => {
    const e = thrown(() => blockRa({ blocks: ["A", "A", "B"], blockM: { A: 1, B: 2 }, seed: 1 }));
    expect(e.code).toBe("INFEASIBLE_DESIGN");
    expect(e.message).toContain("block 'B' has 1 unit but `blockM` asks for 2");
  });
  it("blockRa names the block whose blockMEach does not add up", () => {
    const e = thrown(() => blockRa({ blocks: ["A", "A", "B"], blockMEach: [[1, 1], [1, 1]], seed: 1 }));
    expect(e.code).toBe("INFEASIBLE_DESIGN");
    expect(e.message).toContain("block 'B' has 1 unit but `blockMEach` asks for 1 + 1 = 2");
  });
  it("throws INVALID_OPTION for a probability outside [0, 1]", () => {
    const e = thrown(() => declareRa({ n: 4, prob: 1.2 }));
    expect(e.code).toBe("INVALID_OPTION");
    expect(e.message).toContain("`prob` must be a probability between 0 and 1; got 1.2");
  });
  it("throws INVALID_OPTION for probEach that does not sum to 1", () => {
    const e = thrown(() => declareRa({ n: 4, probEach: [0.5, 0.3, 0.3] }));
    expect(e.code).toBe("INVALID_OPTION");
    expect(e.message).toMatch(/`probEach` must sum to 1; got \[0.5, 0.3, 0.3\], which sums to 1.1/);
  });
  it("throws INVALID_OPTION for both m and prob", () => {
    const e = thrown(() => declareRa({ n: 4, m: 2, prob: 0.5 } as unknown as RaOptions));
    expect(e.code).toBe("INVALID_OPTION");
    expect(e.message).toContain("give only one of");
    expect(e.message).toContain("got `m` and `prob`");
  });
  it("throws INVALID_OPTION for a non-integer m and for m with three arms", () => {
    expect(thrown(() => declareRa({ n: 4, m: 1.5 })).message).toContain("`m` must be a whole number");
    const e = thrown(() => declareRa({ n: 6, m: 2, numArms: 3 }));
    expect(e.code).toBe("INVALID_OPTION");
    expect(e.message).toContain("`m` is for two arms, but there are 3");
  });
  it("throws INFEASIBLE_DESIGN when mEach does not add up to n", () => {
    const e = thrown(() => declareRa({ n: 5, mEach: [2, 2] }));
    expect(e.code).toBe("INFEASIBLE_DESIGN");
    expect(e.message).toContain("the design has 5 units but `mEach` asks for 2 + 2 = 4");
  });
  it("throws NONNESTED_CLUSTERS naming the cluster and both blocks", () => {
    const e = thrown(() => blockAndClusterRa({ blocks: ["A", "A", "B", "B"], clusters: ["e1", "e2", "e2", "e3"], seed: 1 }));
    expect(e.code).toBe("NONNESTED_CLUSTERS");
    expect(e.message).toContain("cluster 'e2' spans two blocks ('A' and 'B')");
  });
  it("throws DUPLICATE_ID listing the repeated ids", () => {
    const e = thrown(() => completeRa({ id: ["a", "b", "a", "c"], seed: 1 }));
    expect(e.code).toBe("DUPLICATE_ID");
    expect(e.message).toContain("'a' appears more than once");
  });
  it("throws MISSING_VALUE for a missing id, block or cluster", () => {
    expect(thrown(() => completeRa({ id: ["a", null, "c"], seed: 1 })).code).toBe("MISSING_VALUE");
    const e = thrown(() => blockRa({ blocks: ["A", "", "B"], seed: 1 }));
    expect(e.code).toBe("MISSING_VALUE");
    expect(e.message).toContain("`blocks` is missing for unit 2");
    expect(thrown(() => clusterRa({ clusters: ["e1", NaN as unknown as number], seed: 1 })).code).toBe("MISSING_VALUE");
  });
  it("throws MISSING_VALUE naming the column when a block cell of data is empty", () => {
    const e = thrown(() => blockRa({ data: [{ region: "A" }, { region: null }], blocks: "region", seed: 1 }));
    expect(e.code).toBe("MISSING_VALUE");
    expect(e.column).toBe("region");
  });
  it("throws MISSING_COLUMN for a block column that is not in the data", () => {
    const e = thrown(() => blockRa({ data: [{ region: "A" }], blocks: "regoin", seed: 1 }));
    expect(e.code).toBe("MISSING_COLUMN");
    expect(e.message).toContain("did you mean 'region'");
  });
  it("throws LENGTH_MISMATCH when arrays disagree with n", () => {
    const e = thrown(() => declareRa({ n: 3, blocks: ["A", "B"] }));
    expect(e.code).toBe("LENGTH_MISMATCH");
  });
  it("throws INVALID_OPTION for unknown options, missing units, repeated conditions and bad numArms", () => {
    expect(thrown(() => declareRa({ n: 3, probs: 0.5 } as unknown as RaOptions)).code).toBe("INVALID_OPTION");
    expect(thrown(() => declareRa({} as RaOptions)).message).toContain("say which units to assign");
    expect(thrown(() => declareRa({ n: 4, conditions: ["a", "a"] })).message).toContain("`conditions` must be unique");
    expect(thrown(() => declareRa({ n: 4, numArms: 3, conditions: ["a", "b"] })).message).toContain("`numArms` is 3 but `conditions` names 2 arms");
    expect(thrown(() => declareRa({ n: 4, probEach: [0.5, 0.5], conditions: ["a", "b", "c"] })).message).toContain("`probEach` has 2 entries");
  });
  it("refuses per-block amounts without blocks and blocks with simple", () => {
    expect(thrown(() => declareRa({ n: 4, blockM: [1] })).message).toContain("no `blocks` were given");
    expect(thrown(() => declareRa({ blocks: ["a", "b"], simple: true })).message).toContain("`simple: true` cannot be combined with `blocks`");
    expect(thrown(() => declareRa({ n: 4, m: 2, simple: true })).message).toContain("takes only `prob` or `probEach`");
    expect(thrown(() => declareRa({ n: 4, balanceAcrossBlocks: true })).message).toContain("`balanceAcrossBlocks` needs `blocks`");
  });
  it("checks blockProb records name every block and only known blocks", () => {
    expect(thrown(() => declareRa({ blocks: ["a", "b"], blockProb: { a: 0.5 } })).message).toContain("no entry for block 'b'");
    expect(thrown(() => declareRa({ blocks: ["a", "b"], blockProb: { a: 0.5, b: 0.5, c: 0.5 } })).message).toContain("names block 'c'");
    expect(thrown(() => declareRa({ blocks: ["a", "b"], blockProb: [0.5] })).message).toContain("one entry per block (2");
  });
  it("wrappers require their unit fields and a seed", () => {
    expect(thrown(() => blockRa({ n: 4, seed: 1 })).message).toContain("blockRa: `blocks` is required");
    expect(thrown(() => clusterRa({ n: 4, seed: 1 })).message).toContain("clusterRa: `clusters` is required");
    expect(thrown(() => completeRa({ blocks: ["a"], seed: 1 })).message).toContain("completeRa: does not take `blocks`");
    expect(thrown(() => simpleRa({ n: 4 } as never)).message).toContain("`seed` must be a number or a string");
  });
  it("throws INFEASIBLE_DESIGN when re-randomization never meets its threshold", () => {
    const e = thrown(() => declareRa({ n: 6, rerandomize: { covariates: { x: [1, 2, 3, 4, 5, 60] }, criterion: "maxAbsStdDiff", threshold: 1e-6, maxDraws: 50 } }).conduct(1));
    expect(e.code).toBe("INFEASIBLE_DESIGN");
    expect(e.message).toContain("no draw in `rerandomize.maxDraws` = 50");
  });
  it("refuses a constant covariate and collinear covariates for re-randomization", () => {
    expect(thrown(() => declareRa({ n: 4, rerandomize: { covariates: { x: [1, 1, 1, 1] }, criterion: "maxAbsStdDiff", threshold: 1 } })).message).toContain("covariate 'x' is constant");
    expect(thrown(() => declareRa({ n: 4, rerandomize: { covariates: { x: [1, 2, 3, 4], y: [2, 4, 6, 8] }, criterion: "mahalanobis", threshold: 1 } })).message).toContain("collinear");
  });
});

describe("RaOptions type", () => {
  it("rejects two amounts at compile time (checked by tsc) and at run time", () => {
    // @ts-expect-error — `m` and `prob` are alternatives: the exclusive union refuses both
    const both: RaOptions = { n: 4, m: 2, prob: 0.5 };
    expect(() => declareRa(both)).toThrow(/give only one of/);
    const one: RaOptions = { n: 4, probEach: [0.5, 0.5] };
    expect(declareRa(one).n).toBe(4);
  });
  it("conditionProbabilities, assignmentRows and assignmentSummary refuse what is not a design or an assignment with INVALID_DATA, not a TypeError", () => {
    const design = declareRa({ n: 4, m: 2 });
    const assignment = design.conduct(1);
    const cases: [() => unknown, RegExp][] = [
      [() => conditionProbabilities(design, 42 as never), /^conditionProbabilities: `assignment` must be an assignment from design\.conduct\(seed\) or an Int32Array/],
      [() => conditionProbabilities(null as never, assignment), /^conditionProbabilities: `design` must be a design from declareRa/],
      [() => assignmentRows({} as never, assignment), /^assignmentRows: `design` must be a design from declareRa/],
      [() => assignmentRows(design, {} as never), /^assignmentRows: `assignment` must be an assignment from design\.conduct\(seed\)/],
      [() => assignmentSummary({} as never, {} as never), /^assignmentSummary: `design` must be a design from declareRa/],
      [() => assignmentSummary(design, null as never), /^assignmentSummary: `assignment` must be an assignment/],
    ];
    for (const [call, message] of cases) {
      const e = thrown(call);
      expect(e.code).toBe("INVALID_DATA");
      expect(e.message).toMatch(message);
    }
    expect(assignmentRows(design, assignment)).toHaveLength(4);
    expect(conditionProbabilities(design, assignment.arm)).toEqual(new Float64Array([0.5, 0.5, 0.5, 0.5]));
  });
});

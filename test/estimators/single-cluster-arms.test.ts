// With one cluster per arm the clustered standard error is 0 because no arm has a second cluster to vary
// against, not because the outcome is constant (issue #10 item 12): the warning must give that reason.
import { describe, expect, it } from "vitest";
import { differenceInMeans } from "../../src/estimators/difference-in-means.js";
import { lmRobust } from "../../src/estimators/lm-robust.js";

const oneClusterPerArm = { y: [1, 3, 2, 6, 8, 7], z: [0, 0, 0, 1, 1, 1], cl: ["a", "a", "a", "b", "b", "b"] };
const wrongReason = /does not vary within|outcome is constant|residuals are all 0/;

describe("a clustered fit with a single cluster in an arm says so, and not that the outcome is constant", () => {
  it("differenceInMeans names both conditions when each has a single cluster, and gives that as why the SE is 0", () => {
    const r = differenceInMeans(oneClusterPerArm, { outcome: "y", treatment: "z", clusters: "cl" });
    expect(r.coefficients[0]!.stdError).toBe(0);
    expect(r.warnings.some((w) => wrongReason.test(w))).toBe(false);
    expect(r.warnings.some((w) => /'0'/.test(w) && /'1'/.test(w) && /single cluster/.test(w) && /standard error/.test(w))).toBe(true);
  });
  it("differenceInMeans still says the outcome does not vary when that is the reason", () => {
    const r = differenceInMeans({ ...oneClusterPerArm, y: [2, 2, 2, 2, 2, 2], cl: ["a", "c", "a", "b", "d", "b"] }, { outcome: "y", treatment: "z", clusters: "cl" });
    expect(r.warnings.some((w) => /does not vary within/.test(w))).toBe(true);
  });
  it("lmRobust with clusters gives the cluster reason for a zero standard error, not a perfect fit", () => {
    const r = lmRobust(oneClusterPerArm, "y ~ z", { clusters: "cl" });
    expect(r.coefficients[1]!.stdError).toBe(0);
    expect(r.warnings.some((w) => wrongReason.test(w))).toBe(false);
    expect(r.warnings.some((w) => /'z'/.test(w) && /cluster/.test(w))).toBe(true);
  });
});

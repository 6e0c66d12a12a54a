/**
 * Keeps docs/power.md honest: the pilot-planning numbers it quotes and the committed power-curve
 * SVG are recomputed here (the numbers are ensayo's own outputs, checked for drift; their
 * correctness is tested against R in reference.test.ts).
 * Set UPDATE_DOCS=1 to rewrite docs/power-pilot-curve.svg.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { planTrial } from "../../src/power/plan-trial.js";
import { powerCurve } from "../../src/power/power-curve.js";
import { powerCurveSvg } from "../../src/power/power-curve-svg.js";

const pilot = { design: "cluster", nClusters: 48, clusterSize: 464 / 48, clusterSizeCv: 0.43, icc: 0.1, sd: 13, nBlocks: 6 } as const;

export function pilotCurveSvg(): string {
  const { nClusters: _j, ...perOffice } = pilot;
  const curves = [0.05, 0.1, 0.2].map((icc) =>
    powerCurve({
      plan: { ...perOffice, icc, baselineCorrelation: 0.7, r2Cluster: 0, effect: 4 },
      vary: "nClusters",
      from: 12,
      to: 120,
      points: 109,
      label: `ICC ${icc}`,
    }),
  );
  return powerCurveSvg(curves, { title: "Power to detect +4 points, by number of offices", xLabel: "Offices (about 9.7 officials each)" });
}

describe("docs/power.md (pilot planning)", () => {
  it("quotes the numbers planTrial gives", () => {
    const r = (o: object) => planTrial({ solveFor: "mde", ...pilot, ...o } as never);
    expect(r({}).mde).toBeCloseTo(4.95, 2);
    expect(r({}).df).toBe(41);
    expect(r({ clusterSizeCv: 0 }).mde).toBeCloseTo(4.73, 2);
    expect(r({ baselineCorrelation: 0.7, r2Cluster: 0 }).mde).toBeCloseTo(4.39, 2);
    const t = r({ baselineCorrelation: 0.7, r2Cluster: 0, takeUp: { treatment: 0.75, control: 0.05 }, responseRate: { treatment: 0.94, control: 0.91 } });
    expect(t.mdeItt).toBeCloseTo(4.44, 2);
    expect(t.mde).toBeCloseTo(6.34, 2);
    expect(planTrial({ solveFor: "power", ...pilot, baselineCorrelation: 0.7, r2Cluster: 0, effect: 4 }).power).toBeCloseTo(0.724, 3);
  });
  it("the committed power-curve SVG is what the documented code draws", () => {
    const path = new URL("../../docs/power-pilot-curve.svg", import.meta.url);
    const svg = pilotCurveSvg();
    if (process.env.UPDATE_DOCS) writeFileSync(path, svg);
    expect(readFileSync(path, "utf8")).toBe(svg);
  });
});

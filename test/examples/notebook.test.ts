// examples/pilot.ipynb runs in Jupyter's TypeScript kernel (tslab) non-interactively, its numbers are the
// library's, and its committed outputs are what a fresh run prints. Needs jupyter nbconvert and tslab
// (.ci/run installs both) and the built dist/ (npm test builds first).
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- a plain .mjs script (also run from the command line), without type declarations
import { runNotebook } from "../../scripts/run-notebook.mjs";
import * as E from "../../src/index.js";
import { readCsvFile } from "../../src/node.js";

const at = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));

interface Cell { cell_type: string; source: string | string[]; outputs?: unknown[] }
const text = (s: string | string[]) => (Array.isArray(s) ? s.join("") : s);

describe("examples/pilot.ipynb", () => {
  it("runs in the tslab kernel; its key numbers equal the library's; its committed outputs equal a fresh run's", () => {
    if (!existsSync(at("dist/index.cjs"))) throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
    if (!existsSync("/usr/local/share/jupyter/kernels/tslab") && !existsSync("/usr/share/jupyter/kernels/tslab"))
      throw new Error("the tslab kernel is not installed: npm i -g tslab && tslab install --python=/usr/bin/python3 (.ci/run does this)");
    const fresh = runNotebook() as { cells: Cell[] };
    const committed = JSON.parse(readFileSync(at("examples/pilot.ipynb"), "utf8")) as { cells: Cell[] };

    // no cell failed
    for (const c of fresh.cells) for (const o of c.outputs ?? []) expect((o as { output_type: string }).output_type).not.toBe("error");
    const code = (nb: { cells: Cell[] }) => nb.cells.filter((c) => c.cell_type === "code");
    expect(code(committed).map((c) => text(c.source))).toEqual(code(fresh).map((c) => text(c.source)));
    expect(code(committed).map((c) => c.outputs)).toEqual(code(fresh).map((c) => c.outputs));

    const last = code(fresh).at(-1)!.outputs![0] as { text: string | string[] };
    const shown = JSON.parse(text(last.text));
    const baseline = readCsvFile(at("fixtures/pilot/baseline.csv"));
    const panel = readCsvFile(at("fixtures/pilot/panel.csv"));
    const plan = E.planTrial({
      solveFor: "mde", design: "cluster", nClusters: 48, clusterSize: 10, clusterSizeCv: 0.35, icc: 0.1,
      nBlocks: 6, sd: 12, baselineCorrelation: 0.6, power: 0.8, responseRate: 0.92,
    });
    const a = E.blockAndClusterRa({ data: baseline, id: "id", blocks: "region", clusters: "oficina", conditions: ["control", "taller"], seed: "ensayo-piloto-2026" });
    const bal = E.balanceTable(panel, { treatment: "grupo", control: "control", covariates: ["sexo", "edad", "antiguedad", "puntaje_base"], blocks: "region", clusters: "oficina" });
    const dim = E.differenceInMeans(panel, { outcome: "puntaje_final", treatment: "grupo", blocks: "region", clusters: "oficina" });
    const fit = E.lmRobust(panel, "puntaje_final ~ grupo + puntaje_base", { clusters: "oficina", fixedEffects: "region" });
    expect(shown).toEqual({
      mde: plan.mde,
      counts: a.counts,
      resultSha256: a.receipt.resultSha256,
      jointP: bal.joint[0]!.pValue,
      dim: dim.coefficients[0]!.estimate,
      dimSe: dim.coefficients[0]!.stdError,
      lm: fit.coefficients.find((r) => r.term === "grupotaller")!.estimate,
    });
    // R's estimatr on this file: difference_in_means(blocks = region, clusters = oficina) = 4.304949, SE 1.437588 (fixtures/pilot/README.md)
    expect(Math.abs(shown.dim - 4.304949)).toBeLessThan(5e-7);
  }, 240_000);
});

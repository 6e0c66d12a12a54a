import { describe, expect, it } from "vitest";
import { powerCurve } from "../../src/power/power-curve.js";
import { powerCurveSvg } from "../../src/power/power-curve-svg.js";

const plan = { design: "cluster", nClusters: 48, clusterSize: 9.7, icc: 0.1, sd: 13, effect: 4 } as const;
const byClusters = powerCurve({ plan, vary: "nClusters", from: 1000, to: 3000, points: 5 });
const byEffect = powerCurve({ plan, vary: "effect", from: 0.5, to: 2.5, points: 5 });
const texts = (svg: string) => [...svg.matchAll(/<(text|title)\b[^>]*>([^<]*)</g)].map((m) => m[2]!);

describe("powerCurveSvg's language", () => {
  it("writes Spanish default texts and es-PY numbers with lang: 'es'", () => {
    const t = texts(powerCurveSvg([byEffect, { ...byEffect, label: null }], { lang: "es" }));
    expect(t).toEqual(expect.arrayContaining(["Potencia según efecto", "Efecto", "Potencia", "potencia 0,8", "0,2", "1,0", "0,5", "2,5", "curva 2"]));
    expect(t.filter((x) => /Power|Effect|curve|\d\.\d/.test(x))).toEqual([]);
  });
  it("groups thousands with a dot in Spanish and writes the x label of the varied quantity", () => {
    const t = texts(powerCurveSvg(byClusters, { lang: "es" }));
    expect(t).toEqual(expect.arrayContaining(["Conglomerados", "1.000", "3.000"]));
  });
  it("keeps English, with shortest decimals and no grouping, as the default", () => {
    const t = texts(powerCurveSvg(byClusters));
    expect(t).toEqual(expect.arrayContaining(["Clusters", "Power", "power 0.8", "0.2", "1", "1000", "3000"]));
    expect(powerCurveSvg(byClusters, { lang: "en" })).toBe(powerCurveSvg(byClusters));
  });
  it("writes given labels as given", () => {
    const t = texts(powerCurveSvg(byEffect, { lang: "es", title: "Mi título", xLabel: "Puntos", yLabel: "Prob." }));
    expect(t).toEqual(expect.arrayContaining(["Mi título", "Puntos", "Prob."]));
  });
});

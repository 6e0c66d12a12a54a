import { describe, expect, it } from "vitest";
import { lovePlotSvg } from "../../src/report/love-plot.js";
import { errorCode } from "../helpers/errors.js";

const rows = [
  { term: "edad", arm: "taller", stdDiff: 0.05 },
  { term: "region: Ñeembucú", arm: "taller", stdDiff: -0.23 },
  { term: "<b>x</b>", arm: "taller", stdDiff: NaN },
];

function circles(svg: string): { cx: number; fill: string }[] {
  return [...svg.matchAll(/<circle cx="([\d.]+)" cy="[\d.]+" r="[\d.]+" fill="([^"]+)"/g)].map((m) => ({ cx: Number(m[1]), fill: m[2]! }));
}

describe("lovePlotSvg", () => {
  it("returns a standalone SVG with one dot per finite standardized difference and escaped labels", () => {
    const svg = lovePlotSvg({ rows });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    expect(circles(svg)).toHaveLength(2);
    expect(svg).toContain("region: Ñeembucú");
    expect(svg).toContain("&lt;b&gt;x&lt;/b&gt;");
    expect(svg).not.toContain("<b>x</b>");
    expect(svg).toContain("n/a");
  });

  it("draws the zero line and dashed ±threshold lines symmetric about zero, dots on the right side", () => {
    const svg = lovePlotSvg({ rows }, { threshold: 0.1 });
    const dashed = [...svg.matchAll(/<line x1="([\d.]+)"[^>]*stroke-dasharray/g)].map((m) => Number(m[1]));
    expect(dashed).toHaveLength(2);
    const zero = [...svg.matchAll(/<line x1="([\d.]+)" y1="44" x2="\1"[^>]*stroke="#333"/g)].map((m) => Number(m[1]))[0]!;
    expect(zero - dashed[0]!).toBeCloseTo(dashed[1]! - zero, 1);
    const [a, b] = circles(svg);
    expect(a!.cx).toBeGreaterThan(zero); // 0.05 to the right of 0
    expect(a!.cx).toBeLessThan(dashed[1]!); // inside +0.1
    expect(b!.cx).toBeLessThan(dashed[0]!); // −0.23 beyond −0.1
    expect(a!.fill).not.toBe("#ffffff"); // inside: filled
    expect(b!.fill).toBe("#ffffff"); // beyond the threshold: hollow
  });

  it("uses one marker shape per arm with a legend when there are several arms, and Spanish text", () => {
    const svg = lovePlotSvg({ rows: [...rows, { term: "edad", arm: "mentoría", stdDiff: 0.12 }] }, { lang: "es" });
    expect(svg).toContain("Diferencias estandarizadas");
    expect(svg).toMatch(/<rect x="[\d.]+" y="[\d.]+" width="9" height="9"/); // square marker for arm 2
    expect(svg).toContain(">mentoría</text>");
  });

  it("throws INVALID_DATA without rows and INVALID_OPTION for a bad threshold", () => {
    expect(errorCode(() => lovePlotSvg({ rows: [] }))).toBe("INVALID_DATA");
    expect(errorCode(() => lovePlotSvg({ rows }, { threshold: -1 }))).toBe("INVALID_OPTION");
  });
});

describe("lovePlotSvg with characters XML cannot hold", () => {
  it("replaces C0 control characters and lone surrogates in labels with U+FFFD, so the SVG stays well-formed", () => {
    const svg = lovePlotSvg({ rows: [{ term: "bad\u0001ctl\u001f", arm: "t\uD800", stdDiff: 0.2 }] });
    // eslint-disable-next-line no-control-regex
    expect(svg).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    expect(svg).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(svg).toContain("bad\uFFFDctl\uFFFD");
  });
});

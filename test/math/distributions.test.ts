import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  lgamma,
  pbeta,
  pchisq,
  pchisqNoncentral,
  pf,
  pfNoncentral,
  pgamma,
  pnorm,
  pt,
  ptNoncentral,
  qbeta,
  qchisq,
  qf,
  qgamma,
  qnorm,
  qt,
  qtNoncentral,
} from "../../src/math/distributions.js";
import { decode, evaluate, loadReference, relError, type ReferenceCase } from "./reference-cases.js";

const ref = loadReference();

/** The CDF that inverts each quantile case, with ensayo's own (R-equal) CDFs. */
function roundTripCdf(c: ReferenceCase, q: number): number {
  const a = c.input.args.map(decode);
  const lt = c.input.lowerTail;
  switch (c.input.fn) {
    case "qt": return pt(q, a[1], lt);
    case "qchisq": return pchisq(q, a[1], lt);
    case "qf": return pf(q, a[1], a[2], lt);
    case "qbeta": return pbeta(q, a[1], a[2], lt);
    default: throw new Error(`no round trip for ${c.input.fn}`);
  }
}

describe("distributions match R (fixtures/reference/distributions.json)", () => {
  it("the reference table is R's and large", () => {
    expect(ref.rVersion).toMatch(/^R version 4\./);
    expect(ref.cases.length).toBeGreaterThan(1000);
    const fns = new Set(ref.cases.map((c) => c.input.fn));
    for (const f of ["pnorm", "qnorm", "pt", "qt", "ptNoncentral", "qtNoncentral", "pf", "qf", "pfNoncentral", "pchisq", "qchisq"]) {
      expect(fns.has(f)).toBe(true);
    }
  });

  // one test per function keeps the report readable; every case is asserted
  const byFn = new Map<string, ReferenceCase[]>();
  for (const c of ref.cases) {
    const list = byFn.get(c.input.fn) ?? [];
    list.push(c);
    byFn.set(c.input.fn, list);
  }
  for (const [fn, cases] of byFn) {
    it(`${fn}: ${cases.length} cases within each case's rtol (1e-10 unless noted)`, () => {
      const failures: string[] = [];
      for (const c of cases) {
        const got = evaluate(c);
        const expected = decode(c.expected);
        const extra = c as ReferenceCase & { roundTrip?: boolean; atol?: number };
        if (extra.roundTrip) {
          // R's quantile is inexact here (see rtolReason): check ensayo's by the CDF
          const p = decode(c.input.args[0]);
          const back = roundTripCdf(c, got);
          const ok = got === expected || Math.abs(back / p - 1) <= 1e-10;
          if (!ok) failures.push(`${c.id} ${c.call}: got ${got}, CDF(got) = ${back}, want ${p}`);
          continue;
        }
        const atol = extra.atol ?? 0;
        const ok =
          relError(got, expected) <= c.rtol ||
          (Number.isFinite(expected) && Math.abs(got - expected) <= atol + c.rtol * Math.abs(expected));
        if (!ok) failures.push(`${c.id} ${c.call}: got ${got}, R ${expected}, rel ${relError(got, expected)}`);
      }
      expect(failures).toEqual([]);
    });
  }

  it("every loosened tolerance carries a written reason", () => {
    for (const c of ref.cases) {
      if (c.rtol > 1e-10) expect(c.rtolReason, c.id).toBeTruthy();
    }
  });
});

describe("far tails are computed directly, not as 1 - p", () => {
  it("upper tails far below machine epsilon keep their relative accuracy", () => {
    // values independent of the implementation: closed forms
    // pt(x, 1) is the Cauchy: upper tail = atan(1/x)/pi
    const x = 1e12;
    expect(relError(pt(x, 1, false), Math.atan(1 / x) / Math.PI)).toBeLessThan(1e-13);
    // pt(x, 2): upper tail = (1 - x/sqrt(2 + x^2))/2 = 1/(sqrt(2+x^2)(sqrt(2+x^2)+x))
    const y = 1e8;
    const s = Math.sqrt(2 + y * y);
    expect(relError(pt(y, 2, false), 1 / (s * (s + y)))).toBeLessThan(1e-13);
    // chi-square with 2 df: upper tail = exp(-x/2)
    expect(relError(pchisq(1300, 2, false), Math.exp(-650))).toBeLessThan(1e-12);
    // F(2, 2): upper tail = 1/(1 + x)
    expect(relError(pf(1e20, 2, 2, false), 1 / (1 + 1e20))).toBeLessThan(1e-13);
    // normal: p-values of 1e-20 and 1e-300 are not rounded to 0
    expect(pnorm(9.262340089798408, 0, 1, false)).toBeGreaterThan(9.99e-21);
    expect(pnorm(-37, 0, 1, true)).toBeGreaterThan(0);
  });

  it("lower + upper = 1 where both are moderate", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -4, max: 4, noNaN: true }),
        fc.double({ min: 0.5, max: 1e4, noNaN: true }),
        fc.double({ min: 0.5, max: 200, noNaN: true }),
        (x, df, df2) => {
          const pairs: [number, number][] = [
            [pt(x, df), pt(x, df, false)],
            [pnorm(x), pnorm(x, 0, 1, false)],
            [pchisq(Math.abs(x) * 3, df), pchisq(Math.abs(x) * 3, df, false)],
            [pf(Math.abs(x), df, df2), pf(Math.abs(x), df, df2, false)],
          ];
          for (const [lo, up] of pairs) expect(Math.abs(lo + up - 1)).toBeLessThan(1e-14);
        },
      ),
      { numRuns: 200, seed: 20261129 },
    );
  });
});

describe("quantiles invert the distribution functions", () => {
  const tail = fc.oneof(fc.double({ min: 1e-300, max: 0.999999, noNaN: true }), fc.double({ min: 1e-12, max: 0.5, noNaN: true }));
  const df = fc.oneof(fc.double({ min: 0.3, max: 50, noNaN: true }), fc.double({ min: 50, max: 2e5, noNaN: true }));

  it("pt(qt(p)) = p, both tails", () => {
    fc.assert(
      fc.property(tail, df, fc.boolean(), (p, n, lt) => {
        const q = qt(p, n, lt);
        if (!Number.isFinite(q)) return; // beyond the largest double (df < 1, p ~ 1e-300)
        expect(relError(pt(q, n, lt), p)).toBeLessThan(1e-11);
      }),
      { numRuns: 300, seed: 1 },
    );
  });

  it("pchisq(qchisq(p)) = p and pf(qf(p)) = p", () => {
    fc.assert(
      fc.property(tail, df, df, fc.boolean(), (p, n1, n2raw, lt) => {
        const n2 = Math.min(n2raw, 4e5);
        const c = qchisq(p, n1, lt);
        if (c > 0 && Number.isFinite(c)) expect(relError(pchisq(c, n1, lt), p)).toBeLessThan(1e-11);
        const f = qf(p, n1, n2, lt);
        if (f > 0 && Number.isFinite(f)) expect(relError(pf(f, n1, n2, lt), p)).toBeLessThan(1e-11);
      }),
      { numRuns: 200, seed: 2 },
    );
  });

  it("pnorm(qnorm(p)) = p and pbeta(qbeta(p)) = p", () => {
    fc.assert(
      fc.property(tail, fc.double({ min: 0.2, max: 500, noNaN: true }), fc.double({ min: 0.2, max: 500, noNaN: true }), fc.boolean(), (p, a, b, lt) => {
        // conditioning: a 1-ulp change in q moves p by about q² · 1.1e-16 (q ≈ 37 at 1e-300)
        expect(relError(pnorm(qnorm(p, 0, 1, lt), 0, 1, lt), p)).toBeLessThan(1e-12);
        const x = qbeta(p, a, b, lt);
        // a double near 1 carries 1 - x only to EPS absolute, which moves the upper
        // tail by about b·EPS/(1 - x) relative: check where that is below 1e-11
        if (x > 0 && 1 - x > 1e11 * b * Number.EPSILON) expect(relError(pbeta(x, a, b, lt), p)).toBeLessThan(1e-10);
      }),
      { numRuns: 200, seed: 3 },
    );
  });

  it("ptNoncentral(qtNoncentral(p)) = p to R's bisection accuracy", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.double({ min: 1, max: 300, noNaN: true }), fc.double({ min: -5, max: 8, noNaN: true }), (p, n, ncp) => {
        const q = qtNoncentral(p, n, ncp);
        expect(Math.abs(ptNoncentral(q, n, ncp) - p)).toBeLessThan(1e-9);
      }),
      { numRuns: 60, seed: 4 },
    );
  });
});

describe("monotonicity", () => {
  it("CDFs are non-decreasing in x", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -30, max: 30, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.double({ min: 0.5, max: 1e5, noNaN: true }),
        (x, h, n) => {
          const x2 = x + h;
          expect(pt(x2, n)).toBeGreaterThanOrEqual(pt(x, n));
          expect(pt(x2, n, false)).toBeLessThanOrEqual(pt(x, n, false));
          expect(pnorm(x2)).toBeGreaterThanOrEqual(pnorm(x));
          const ax = Math.abs(x);
          expect(pchisq(ax + h, n)).toBeGreaterThanOrEqual(pchisq(ax, n));
          expect(pf(ax + h, 3, n)).toBeGreaterThanOrEqual(pf(ax, 3, n));
          expect(ptNoncentral(x2, Math.min(n, 1000), 1.5)).toBeGreaterThanOrEqual(ptNoncentral(x, Math.min(n, 1000), 1.5) - 1e-12);
        },
      ),
      { numRuns: 200, seed: 5 },
    );
  });
});

describe("edge cases (as R)", () => {
  it("NaN in gives NaN out", () => {
    for (const v of [pnorm(NaN), qnorm(NaN), pt(NaN, 3), pt(1, NaN), qt(NaN, 3), ptNoncentral(NaN, 3, 1), qtNoncentral(0.5, NaN, 1),
      pf(1, NaN, 2), qf(0.5, 2, NaN), pfNoncentral(1, 2, 3, NaN), pchisq(NaN, 2), qchisq(0.3, NaN), pchisqNoncentral(1, 2, NaN),
      pbeta(0.5, NaN, 1), qbeta(0.5, 1, NaN), pgamma(NaN, 1), qgamma(0.5, NaN), lgamma(NaN)]) {
      expect(v).toBeNaN();
    }
  });
  it("invalid parameters give NaN", () => {
    expect(pt(1, 0)).toBeNaN();
    expect(pt(1, -1)).toBeNaN();
    expect(qt(1.5, 3)).toBeNaN();
    expect(qt(-0.1, 3)).toBeNaN();
    expect(pf(1, 0, 3)).toBeNaN();
    expect(pfNoncentral(1, 2, 3, -1)).toBeNaN();
    expect(pfNoncentral(1, Infinity, Infinity, 1)).toBeNaN();
    expect(pchisq(1, -1)).toBeNaN();
    expect(pnorm(1, 0, -1)).toBeNaN();
    expect(qnorm(2)).toBeNaN();
  });
  it("p = 0 and p = 1 give the ends of the support; x = ±Inf gives 0 or 1", () => {
    expect(qt(0, 5)).toBe(-Infinity);
    expect(qt(1, 5)).toBe(Infinity);
    expect(qt(0, 5, false)).toBe(Infinity);
    expect(qchisq(0, 3)).toBe(0);
    expect(qchisq(1, 3)).toBe(Infinity);
    expect(qf(0, 3, 4)).toBe(0);
    expect(qf(1, 3, 4)).toBe(Infinity);
    expect(qtNoncentral(1, 5, 2)).toBe(Infinity);
    expect(qbeta(1, 2, 3)).toBe(1);
    expect(pt(Infinity, 3)).toBe(1);
    expect(pt(-Infinity, 3)).toBe(0);
    expect(ptNoncentral(Infinity, 3, 2, false)).toBe(0);
    expect(pf(Infinity, 3, 4)).toBe(1);
    expect(pchisq(Infinity, 3, false)).toBe(0);
    expect(pfNoncentral(0, 3, 4, 2)).toBe(0);
  });
  it("infinite df give the normal / chi-square limits; huge df are continuous with them", () => {
    expect(pt(1.3, Infinity)).toBe(pnorm(1.3));
    expect(qt(0.975, Infinity)).toBe(qnorm(0.975));
    expect(relError(pt(1.3, 1e12), pnorm(1.3))).toBeLessThan(1e-11);
    expect(relError(qt(0.975, 1e12), qnorm(0.975))).toBeLessThan(1e-11);
    expect(pf(2, 3, Infinity)).toBe(pchisq(6, 3));
    expect(qtNoncentral(0.3, Infinity, 2)).toBe(qnorm(0.3, 2));
  });
  it("ncp = 0 reduces to the central distributions", () => {
    expect(ptNoncentral(1.7, 9.5, 0)).toBe(pt(1.7, 9.5));
    expect(qtNoncentral(0.9, 9.5, 0)).toBe(qt(0.9, 9.5));
    expect(relError(pfNoncentral(1.7, 3, 9.5, 0), pf(1.7, 3, 9.5))).toBeLessThan(1e-9);
    expect(pchisqNoncentral(2, 3, 0)).toBe(pchisq(2, 3));
  });
  it("pwr's published powers come out (ANCHORS: pwr.t.test, pwr.f2.test)", () => {
    // pwr.t.test(n = 64, d = 0.5): df = 126, ncp = sqrt(32) * 0.5, both tails
    const q = qt(0.975, 126);
    const ncp = Math.sqrt(32) * 0.5;
    const power = ptNoncentral(q, 126, ncp, false) + ptNoncentral(-q, 126, ncp, true);
    expect(power).toBeCloseTo(0.8014596, 7);
    // pwr.f2.test(u = 3, v = 100, f2 = 0.1): lambda = f2 (u + v + 1)
    const f = qf(0.95, 3, 100);
    expect(pfNoncentral(f, 3, 100, 0.1 * 104, false)).toBeCloseTo(0.7611138, 7);
  });
});

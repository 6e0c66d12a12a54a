/**
 * Root finding for the power solvers (internal to `src/power`).
 *
 * Brent's method (Brent 1973, "Algorithms for Minimization without Derivatives",
 * ch. 4 — the algorithm behind R's `uniroot`), run to full double precision:
 * it stops when the bracket is narrower than `4·ε·|x| + tol` (ε = 2.2e-16), so a
 * solved `n`, `d` or `h` is accurate to about 1e-14 relative, where pwr's own
 * `uniroot` default (tol ≈ 1.2e-4) can leave it off by ~1e-5.
 */

const EPS = 2.220446049250313e-16;

/** Result of a root search. */
export interface RootResult {
  /** The root. */
  readonly root: number;
  /** f at the root. */
  readonly fRoot: number;
  /** Iterations used. */
  readonly iterations: number;
}

/** Signals that `f(lo)` and `f(hi)` have the same sign; carries both values for the message. */
export class NoBracketError extends Error {
  constructor(
    readonly lo: number,
    readonly hi: number,
    readonly fLo: number,
    readonly fHi: number,
  ) {
    super(`no sign change of f on [${lo}, ${hi}]: f(lo) = ${fLo}, f(hi) = ${fHi}`);
    this.name = "NoBracketError";
  }
}

/**
 * Find x in [lo, hi] with f(x) = 0 by Brent's method; f(lo) and f(hi) must differ in sign.
 *
 * @param tol - absolute tolerance added to the relative one (default 0: full precision)
 * @throws NoBracketError when f does not change sign on [lo, hi]
 */
export function brentRoot(f: (x: number) => number, lo: number, hi: number, tol = 0, maxIter = 1000): RootResult {
  let a = lo;
  let b = hi;
  let fa = f(a);
  let fb = f(b);
  if (fa === 0) return { root: a, fRoot: 0, iterations: 0 };
  if (fb === 0) return { root: b, fRoot: 0, iterations: 0 };
  if (!(fa * fb < 0)) throw new NoBracketError(lo, hi, fa, fb);
  let c = a;
  let fc = fa;
  for (let iter = 1; iter <= maxIter; iter++) {
    const prevStep = b - a;
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b; b = c; c = a;
      fa = fb; fb = fc; fc = fa;
    }
    const tolAct = 2 * EPS * Math.abs(b) + tol / 2;
    let step = (c - b) / 2;
    if (Math.abs(step) <= tolAct || fb === 0) return { root: b, fRoot: fb, iterations: iter };
    if (Math.abs(prevStep) >= tolAct && Math.abs(fa) > Math.abs(fb)) {
      // interpolation: secant (two distinct points) or inverse quadratic (three)
      const cb = c - b;
      let p: number;
      let q: number;
      if (a === c) {
        const t1 = fb / fa;
        p = cb * t1;
        q = 1 - t1;
      } else {
        const qa = fa / fc;
        const t1 = fb / fc;
        const t2 = fb / fa;
        p = t2 * (cb * qa * (qa - t1) - (b - a) * (t1 - 1));
        q = (qa - 1) * (t1 - 1) * (t2 - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (p < 0.75 * cb * q - Math.abs(tolAct * q) / 2 && p < Math.abs((prevStep * q) / 2)) step = p / q;
    }
    if (Math.abs(step) < tolAct) step = step > 0 ? tolAct : -tolAct;
    a = b;
    fa = fb;
    b += step;
    fb = f(b);
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
    }
  }
  return { root: b, fRoot: fb, iterations: maxIter };
}

/**
 * A power calculation as the generic solver sees it (statsmodels' `Power.solve_power`): the power
 * as a function of every parameter, and the search range of each parameter that can be solved for.
 * Each power function of this folder declares one; {@link solveUnknown} does the rest.
 */
export interface PowerModel<P extends string> {
  /** Power at the given parameters (all of them given). */
  power(values: Readonly<Record<P, number>>): number;
  /** Search range [lo, hi] of each parameter that may be the unknown (`power` is never searched). */
  readonly ranges: { readonly [K in P]?: readonly [number, number] };
}

/** Raised by {@link solveUnknown} when the target power lies outside the power over the search range. */
export class UnreachablePowerError extends Error {
  constructor(
    readonly parameter: string,
    readonly lo: number,
    readonly hi: number,
    readonly powerLo: number,
    readonly powerHi: number,
  ) {
    super(`no ${parameter} in [${lo}, ${hi}] reaches the target power: power is ${powerLo} at ${lo} and ${powerHi} at ${hi}`);
    this.name = "UnreachablePowerError";
  }
}

/**
 * Fill in the one unknown of `values`: the power itself (evaluated), or the parameter whose power
 * equals `values.power`, found by {@link brentRoot} over the model's range for it.
 *
 * @throws UnreachablePowerError when the target power is not bracketed by the range.
 * @example
 * ```ts
 * const z: PowerModel<"n" | "power"> = { power: (v) => pnorm(0.3 * Math.sqrt(v.n) - 1.645), ranges: { n: [1, 1e6] } };
 * solveUnknown(z, { n: NaN, power: 0.8 }, "n").n; // 68.7
 * ```
 */
export function solveUnknown<P extends string>(model: PowerModel<P | "power">, values: Readonly<Record<P | "power", number>>, unknown: P | "power"): Record<P | "power", number> {
  const out = { ...values } as Record<P | "power", number>;
  if (unknown === "power") {
    out.power = model.power(values);
    return out;
  }
  const range = model.ranges[unknown];
  if (!range) throw new Error(`internal: the power model has no search range for ${unknown}`);
  const [lo, hi] = range;
  const target = values.power;
  const at = (x: number) => {
    out[unknown] = x;
    return model.power(out);
  };
  try {
    const root = brentRoot((x) => at(x) - target, lo, hi).root;
    out[unknown] = root;
    return out;
  } catch (e) {
    if (e instanceof NoBracketError) throw new UnreachablePowerError(unknown, lo, hi, e.fLo + target, e.fHi + target);
    throw e;
  }
}

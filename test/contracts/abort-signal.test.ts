// Long in-process runs take `signal?: AbortSignal` and stop with ABORTED when it fires (issue #10 item 5):
// diagnoseDesign, balanceTable's randomization p-value and declareRa's (re-randomized) draws.
import { describe, expect, it } from "vitest";
import { balanceTable, declareRa, diagnoseDesign, EnsayoError } from "../../src/index.js";

function thrown(f: () => unknown): EnsayoError {
  try {
    f();
  } catch (e) {
    if (e instanceof EnsayoError) return e;
    throw e;
  }
  throw new Error("expected an EnsayoError");
}

/** A signal that reads as aborted from its `after`-th look on: a run stopped in the middle, deterministically. */
function abortsAfter(after: number): AbortSignal & { looks: number } {
  const s = { looks: 0, reason: "test", addEventListener() {}, removeEventListener() {}, throwIfAborted() {}, onabort: null, dispatchEvent: () => true };
  Object.defineProperty(s, "aborted", { get: () => ++s.looks > after });
  return s as unknown as AbortSignal & { looks: number };
}
function aborted(): AbortSignal {
  const c = new AbortController();
  c.abort(new Error("stop"));
  return c.signal;
}

const n = 40;
const units = { id: Array.from({ length: n }, (_, i) => i + 1), x: Array.from({ length: n }, (_, i) => ((i * 7) % 13) / 3) };
const sim = (signal?: AbortSignal, onProgress?: (d: number, t: number) => void) => ({
  units,
  design: declareRa({ n, m: n / 2 }),
  potentialOutcomes: (u: Record<string, unknown>, z: unknown) => Number(u.x) + Number(z),
  sims: 200,
  seed: 1,
  ...(signal ? { signal } : {}),
  ...(onProgress ? { onProgress } : {}),
});

describe("diagnoseDesign stops when its signal is aborted", () => {
  it("throws ABORTED at once with an aborted signal", () => {
    expect(thrown(() => diagnoseDesign(sim(aborted()))).code).toBe("ABORTED");
  });
  it("throws ABORTED in the middle of the run, saying how many simulations were done", () => {
    const c = new AbortController();
    let calls = 0;
    const e = thrown(() => diagnoseDesign(sim(c.signal, (done) => (++calls, done >= 20 && c.abort()))));
    expect(e.code).toBe("ABORTED");
    expect(e.message).toMatch(/of 200 simulations/);
    expect(calls).toBeLessThan(200);
  });
  it("runs to the end with a signal that is never aborted", () => {
    expect(diagnoseDesign(sim(new AbortController().signal)).sims).toBe(200);
  });
});

describe("balanceTable's randomization p-value stops when its signal is aborted", () => {
  const data = { ...units, z: Array.from({ length: n }, (_, i) => i % 2) };
  it("throws ABORTED in the middle of the permutations", () => {
    const signal = abortsAfter(30);
    const e = thrown(() => balanceTable(data, { treatment: "z", covariates: ["x"], design: declareRa({ n, m: n / 2 }), permutations: 500, signal } as never));
    expect(e.code).toBe("ABORTED");
    expect(signal.looks).toBeLessThan(500);
  });
  it("is not consulted without a design (no long loop)", () => {
    expect(balanceTable(data, { treatment: "z", covariates: ["x"], signal: aborted() } as never).kind).toBe("balanceTable");
  });
});

describe("declareRa's draws stop when its signal is aborted", () => {
  const x = Array.from({ length: n }, (_, i) => Math.sqrt(i + 2)); // no two halves have exactly equal means
  it("a re-randomization that would search 10⁷ draws stops with ABORTED", () => {
    const signal = abortsAfter(1000);
    const d = declareRa({ n, m: n / 2, rerandomize: { covariates: { x }, criterion: "maxAbsStdDiff", threshold: 1e-9, maxDraws: 10_000_000 }, signal } as never);
    const e = thrown(() => d.conduct(1));
    expect(e.code).toBe("ABORTED");
    expect(signal.looks).toBeLessThan(2000);
  });
  it("permutations stop with ABORTED", () => {
    const d = declareRa({ n, m: n / 2, signal: aborted() } as never);
    expect(thrown(() => d.permutations(1000, 1)).code).toBe("ABORTED");
  });
});

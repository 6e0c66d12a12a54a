// Cross-cutting contracts of every public function that takes data (the project brief's "Bad input" rules):
// (a) the caller's data is never mutated (deep-frozen input works and is unchanged);
// (b) columns named `__proto__`, `constructor`, `toString`, `hasOwnProperty` are ordinary columns and pollute nothing;
// (c) a missing value in any role is counted in the result, never silently dropped;
// (d) degenerate data (empty, one arm, one cluster, one block, constant outcome) gives a typed EnsayoError
//     or a NaN with a warning — never a bare NaN, `undefined` or a TypeError.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import {
  EnsayoError,
  assignmentRows,
  assignmentSummary,
  attritionReport,
  balanceTable,
  blockAndClusterRa,
  blockRa,
  clusterRa,
  completeRa,
  conditionProbabilities,
  declareRa,
  diagnoseDesign,
  differenceInMeans,
  formatTable,
  horvitzThompson,
  ivRobust,
  leeBounds,
  lmLin,
  lmRobust,
  makeTable,
  mergePanel,
  simpleRa,
  verifyAssignment,
} from "../../src/index.js";

// ── helpers ───────────────────────────────────────────────────────────────

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === "object" && !ArrayBuffer.isView(v)) {
    for (const k of Reflect.ownKeys(v)) deepFreeze((v as Record<PropertyKey, unknown>)[k]);
    Object.freeze(v);
  }
  return v;
}

/** A JSON-safe snapshot (NaN and typed arrays kept apart from null and plain arrays). */
function snap(v: unknown): string {
  return JSON.stringify(v, (_k, x) =>
    typeof x === "number" && !Number.isFinite(x) ? `#${x}` : ArrayBuffer.isView(x) ? { typed: Array.from(x as Float64Array) } : x,
  );
}

/** Records whose keys may include `__proto__` as an own property (as JSON.parse makes them). */
function rowsWithKeys(cols: Record<string, readonly unknown[]>): Record<string, unknown>[] {
  const names = Object.keys(cols);
  const n = cols[names[0]!]!.length;
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const r: Record<string, unknown> = {};
    for (const k of names) Object.defineProperty(r, k, { value: cols[k]![i], enumerable: true, writable: true, configurable: true });
    out.push(r);
  }
  return out;
}

/** A column object whose keys may include `__proto__` as an own property. */
function columnsWithKeys(cols: Record<string, readonly unknown[]>): Record<string, unknown[]> {
  const o: Record<string, unknown[]> = {};
  for (const k of Object.keys(cols)) Object.defineProperty(o, k, { value: [...cols[k]!], enumerable: true, writable: true, configurable: true });
  return o;
}

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("expected a throw");
}

/** The call throws an EnsayoError with this code, a message naming `fn`, and no TypeError underneath. */
function expectEnsayo(f: () => unknown, code: string, fn: string, contains?: string): void {
  const e = thrown(f);
  expect(e, String(e)).toBeInstanceOf(EnsayoError);
  expect((e as EnsayoError).code).toBe(code);
  expect((e as EnsayoError).message.startsWith(`${fn}: `), (e as EnsayoError).message).toBe(true);
  if (contains) expect((e as EnsayoError).message).toContain(contains);
}

/** Every number in the coefficient rows is a number (never undefined); a NaN comes with a warning or an `aliased` flag. */
function expectNoBareNaN(result: { coefficients?: readonly object[]; rows?: readonly object[]; warnings: readonly string[] }): void {
  const rows = (result.coefficients ?? result.rows ?? []) as Record<string, unknown>[];
  for (const r of rows) {
    for (const [k, v] of Object.entries(r)) {
      expect(v, k).not.toBeUndefined();
      if (typeof v === "number" && Number.isNaN(v)) {
        expect(r.aliased === true || result.warnings.length > 0, `${k} is NaN in ${snap(r)} with no warning`).toBe(true);
      }
    }
  }
}

function expectPrototypesClean(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(typeof Object.prototype.toString).toBe("function");
  expect(typeof Object.prototype.hasOwnProperty).toBe("function");
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  expect(Object.prototype.constructor).toBe(Object);
}

afterEach(expectPrototypesClean);

// A small pilot: 16 units in 4 offices (clusters) in 2 regions (blocks); offices assigned whole.
const pilot = {
  id: ["u01", "u02", "u03", "u04", "u05", "u06", "u07", "u08", "u09", "u10", "u11", "u12", "u13", "u14", "u15", "u16"],
  y: [3.1, 2.4, 5.0, 4.2, 6.3, 5.9, 7.7, 6.1, 4.4, 8.0, 3.3, 4.1, 5.5, 6.8, 2.9, 7.2],
  z: [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1],
  d: [0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1, 1, 1],
  x: [1, 2, 3, 4, 5, 6, 7, 8, 9, 3, 2, 5, 4, 6, 1, 7],
  office: ["A", "A", "B", "B", "C", "C", "D", "D", "E", "E", "F", "F", "G", "G", "H", "H"],
  region: ["N", "N", "N", "N", "N", "N", "N", "N", "S", "S", "S", "S", "S", "S", "S", "S"],
  p: new Array<number>(16).fill(0.5),
};
const endline = {
  id: ["u01", "u02", "u03", "u05", "u06", "u07", "u08", "u09", "u10", "u11", "u12", "u14", "u15", "u16"],
  score: [10, 12, 11, 14, 15, 13, 16, 9, 12, 15, 14, 11, 13, 16],
};

/** Every data-taking public function, as (name, call on `data`) pairs over the pilot's column names. */
type Call = (data: unknown) => unknown;
const calls: [string, Call][] = [
  ["lmRobust", (d) => lmRobust(d as never, "y ~ z + x", { clusters: "office" })],
  ["lmRobust fixedEffects", (d) => lmRobust(d as never, "y ~ z", { fixedEffects: "region" })],
  ["lmLin", (d) => lmLin(d as never, { outcome: "y", treatment: "z", covariates: ["x"] })],
  ["ivRobust", (d) => ivRobust(d as never, "y ~ d + x | z + x", { clusters: "office" })],
  ["differenceInMeans", (d) => differenceInMeans(d as never, { outcome: "y", treatment: "z", blocks: "region" })],
  ["differenceInMeans clusters", (d) => differenceInMeans(d as never, { outcome: "y", treatment: "z", clusters: "office" })],
  ["horvitzThompson", (d) => horvitzThompson(d as never, { outcome: "y", treatment: "z", treatedProbabilities: "p" })],
  ["balanceTable", (d) => balanceTable(d as never, { treatment: "z", covariates: ["x", "region"], clusters: "office" })],
  ["leeBounds", (d) => leeBounds(d as never, { outcome: "y", treatment: "z" })],
  ["attritionReport", (d) => attritionReport(d as never, deepFreeze(rowsWithKeys(endline)) as never, { id: "id", treatment: "z", covariates: ["x"], outcome: "score" })],
  ["mergePanel", (d) => mergePanel(d as never, deepFreeze(rowsWithKeys(endline)) as never, { id: "id" })],
  ["declareRa data", (d) => declareRa({ data: d as never, blocks: "region", clusters: "office", prob: 0.5 }).probabilities()],
  ["blockRa data", (d) => blockRa({ data: d as never, blocks: "region", seed: 3 })],
  ["clusterRa data", (d) => clusterRa({ data: d as never, clusters: "office", seed: 3 })],
  ["blockAndClusterRa data", (d) => blockAndClusterRa({ data: d as never, blocks: "region", clusters: "office", seed: 3 })],
  ["formatTable", (d) => formatTable(d as never, "markdown")],
];

// ── (a) the caller's data is never mutated ────────────────────────────────

describe("no public function mutates the caller's data", () => {
  const shapes: [string, () => unknown][] = [
    ["deep-frozen records", () => rowsWithKeys(pilot)],
    ["deep-frozen column object", () => columnsWithKeys(pilot)],
  ];
  for (const [shape, make] of shapes) {
    for (const [name, call] of calls) {
      if (name === "formatTable" && shape !== "deep-frozen records") continue; // formatTable takes rows only
      it(`${name} accepts ${shape}, leaves them unchanged and gives the same answer as on unfrozen data`, () => {
        const free = make();
        const frozen = deepFreeze(make());
        const before = snap(frozen);
        const a = call(free);
        const b = call(frozen);
        expect(snap(frozen)).toBe(before);
        expect(snap(free)).toBe(before);
        expect(snap(b)).toBe(snap(a));
      });
    }
  }

  it("a Table passed in keeps its columns and report (its Float64Arrays are not written to)", () => {
    const t = makeTable({ y: Float64Array.from(pilot.y), z: Float64Array.from(pilot.z), x: Float64Array.from(pilot.x), office: [...pilot.office], region: [...pilot.region], id: [...pilot.id], d: Float64Array.from(pilot.d), p: Float64Array.from(pilot.p) });
    const before = snap(t);
    for (const [name, call] of calls) {
      if (name === "formatTable") continue;
      call(t);
      expect(snap(t), name).toBe(before);
    }
  });

  it("receipts and designs: verifyAssignment, assignmentRows, assignmentSummary, conditionProbabilities take frozen inputs", () => {
    const units = deepFreeze(rowsWithKeys({ id: pilot.id, region: pilot.region }));
    const a = blockRa({ data: units, id: "id", blocks: "region", seed: 3 });
    const receipt = deepFreeze(JSON.parse(JSON.stringify(a.receipt)) as typeof a.receipt);
    const before = snap(receipt) + snap(units);
    expect(verifyAssignment(receipt, { data: units }).ok).toBe(true);
    const d = declareRa({ data: units, id: "id", blocks: "region" });
    expect(assignmentRows(d, a)).toHaveLength(16);
    expect(assignmentSummary(d, a).length).toBeGreaterThan(0);
    expect(conditionProbabilities(d, a)).toHaveLength(16);
    expect(snap(receipt) + snap(units)).toBe(before);
  });

  it("options objects are not mutated either (frozen options work)", () => {
    const opts = deepFreeze({ outcome: "y", treatment: "z", covariates: ["x"] });
    lmLin(pilot, opts);
    const bopts = deepFreeze({ treatment: "z", covariates: ["x", "region"], clusters: "office", threshold: { stdDiff: 0.2 } });
    balanceTable(pilot, bopts);
    const ra = deepFreeze({ blocks: [...pilot.region], conditions: ["control", "taller"], seed: 1 });
    blockRa(ra);
    expect(snap(opts) + snap(bopts) + snap(ra)).toBe(
      snap({ outcome: "y", treatment: "z", covariates: ["x"] }) +
        snap({ treatment: "z", covariates: ["x", "region"], clusters: "office", threshold: { stdDiff: 0.2 } }) +
        snap({ blocks: pilot.region, conditions: ["control", "taller"], seed: 1 }),
    );
  });

  it("property: random frozen data give the same lmRobust, differenceInMeans and balanceTable as their copies", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.double({ min: -10, max: 10, noNaN: true })), { minLength: 4, maxLength: 30 }),
        (pairs) => {
          const z = pairs.map((_, i) => i % 2);
          const cols = { y: pairs.map((p) => p[0]), x: pairs.map((p) => p[1]), z };
          const frozen = deepFreeze(rowsWithKeys(cols));
          const before = snap(frozen);
          const copy = rowsWithKeys(cols);
          expect(snap(lmRobust(frozen, "y ~ z + x"))).toBe(snap(lmRobust(copy, "y ~ z + x")));
          expect(snap(differenceInMeans(frozen, { outcome: "y", treatment: "z" }))).toBe(snap(differenceInMeans(copy, { outcome: "y", treatment: "z" })));
          expect(snap(balanceTable(frozen, { treatment: "z", covariates: ["x"] }))).toBe(snap(balanceTable(copy, { treatment: "z", covariates: ["x"] })));
          expect(snap(frozen)).toBe(before);
        },
      ),
      { numRuns: 25, seed: 20261129 },
    );
  });
});

// ── (b) hostile column names ──────────────────────────────────────────────

describe("columns named __proto__, constructor, toString, hasOwnProperty are ordinary columns", () => {
  // the pilot with its roles renamed: outcome __proto__, treatment constructor, covariate toString, cluster hasOwnProperty
  const renamed = {
    ["__proto__"]: pilot.y, // computed key: an own property, not the prototype
    constructor: pilot.z,
    toString: pilot.x,
    hasOwnProperty: pilot.office,
    valueOf: pilot.region,
    d: pilot.d,
    id: pilot.id,
  } as const;
  const plain = { y: pilot.y, z: pilot.z, x: pilot.x, office: pilot.office, region: pilot.region, d: pilot.d, id: pilot.id };
  const inputs: [string, () => unknown][] = [
    ["records", () => rowsWithKeys(renamed)],
    ["columns", () => columnsWithKeys(renamed)],
    ["JSON records", () => JSON.parse(JSON.stringify(rowsWithKeys(renamed)))],
  ];
  const strip = (v: unknown) => snap(v).replace(/`/g, "").replace(/__proto__|constructor|toString|hasOwnProperty|valueOf/g, (m) => ({ ["__proto__"]: "y", constructor: "z", toString: "x", hasOwnProperty: "office", valueOf: "region" })[m]!);

  for (const [shape, make] of inputs) {
    it(`estimators read hostile names from ${shape} exactly as ordinary ones`, () => {
      const data = make();
      expect(strip(lmRobust(data as never, "`__proto__` ~ constructor + toString", { clusters: "hasOwnProperty" }))).toBe(
        strip(lmRobust(plain, "y ~ z + x", { clusters: "office" })),
      );
      expect(strip(lmRobust(data as never, "`__proto__` ~ constructor", { fixedEffects: "valueOf" }))).toBe(strip(lmRobust(plain, "y ~ z", { fixedEffects: "region" })));
      expect(strip(lmLin(data as never, { outcome: "__proto__", treatment: "constructor", covariates: ["toString"] }))).toBe(
        strip(lmLin(plain, { outcome: "y", treatment: "z", covariates: ["x"] })),
      );
      expect(strip(ivRobust(data as never, "`__proto__` ~ d | constructor", { clusters: "hasOwnProperty" }))).toBe(
        strip(ivRobust(plain, "y ~ d | z", { clusters: "office" })),
      );
      expect(strip(differenceInMeans(data as never, { outcome: "__proto__", treatment: "constructor", blocks: "valueOf" }))).toBe(
        strip(differenceInMeans(plain, { outcome: "y", treatment: "z", blocks: "region" })),
      );
      expect(strip(differenceInMeans(data as never, { outcome: "__proto__", treatment: "constructor", clusters: "hasOwnProperty" }))).toBe(
        strip(differenceInMeans(plain, { outcome: "y", treatment: "z", clusters: "office" })),
      );
      expect(strip(horvitzThompson(data as never, { outcome: "__proto__", treatment: "constructor", clusters: "hasOwnProperty", treatedProbabilities: 0.5 }))).toBe(
        strip(horvitzThompson(plain, { outcome: "y", treatment: "z", clusters: "office", treatedProbabilities: 0.5 })),
      );
      expect(strip(leeBounds(data as never, { outcome: "__proto__", treatment: "constructor" }))).toBe(strip(leeBounds(plain, { outcome: "y", treatment: "z" })));
    });

    it(`balance, attrition, merge and assignment read hostile names from ${shape}`, () => {
      const data = make();
      expect(strip(balanceTable(data as never, { treatment: "constructor", covariates: ["toString", "valueOf", "__proto__"], clusters: "hasOwnProperty" }))).toBe(
        strip(balanceTable(plain, { treatment: "z", covariates: ["x", "region", "y"], clusters: "office" })),
      );
      const end = rowsWithKeys({ id: endline.id, ["__proto__"]: endline.score });
      const endPlain = { id: endline.id, score: endline.score };
      const att = attritionReport(data as never, end, { id: "id", treatment: "constructor", covariates: ["toString"], outcome: "__proto___final" });
      const attPlain = attritionReport(plain, endPlain, { id: "id", treatment: "z", covariates: ["x"], outcome: "score" });
      expect(att.leeBounds[0]!.lowerBound).toBe(attPlain.leeBounds[0]!.lowerBound);
      expect(att.counts).toEqual(attPlain.counts);
      const merged = mergePanel(data as never, end, { id: "id" });
      expect(merged.table.names).toContain("__proto___base");
      expect(merged.table.names).toContain("__proto___final");
      expect(Array.from(merged.table.columns["__proto___base"] as Float64Array)).toEqual(pilot.y);
      expect(Object.getPrototypeOf(merged.table.columns)).toBeNull();
      const byProto = mergePanel(columnsWithKeys({ ["__proto__"]: pilot.id, a: pilot.x }), columnsWithKeys({ ["__proto__"]: endline.id, b: endline.score }), { id: "__proto__" });
      expect(byProto.counts.matched).toBe(14);
      expect(byProto.unmatchedBaseline).toEqual(["u04", "u13"]);
      const a = blockAndClusterRa({ data: data as never, blocks: "valueOf", clusters: "hasOwnProperty", seed: 5 });
      const b = blockAndClusterRa({ data: plain, blocks: "region", clusters: "office", seed: 5 });
      expect(Array.from(a.condition as ArrayLike<unknown>)).toEqual(Array.from(b.condition as ArrayLike<unknown>));
    });
  }

  it("unit labels named like Object.prototype members are ordinary blocks and clusters", () => {
    const hostile = ["__proto__", "__proto__", "constructor", "constructor", "toString", "toString", "hasOwnProperty", "hasOwnProperty"];
    const plainL = ["a", "a", "b", "b", "c", "c", "d", "d"];
    expect(blockRa({ blocks: hostile, seed: 1 }).counts).toEqual(blockRa({ blocks: plainL, seed: 1 }).counts);
    const c = clusterRa({ clusters: hostile, seed: 1 });
    expect(c.counts.reduce((s, v) => s + v, 0)).toBe(8);
    const arm = Array.from(c.condition as ArrayLike<unknown>);
    for (let i = 0; i < 8; i += 2) expect(arm[i]).toBe(arm[i + 1]);
    const dim = differenceInMeans({ y: pilot.y.slice(0, 8), z: [0, 0, 1, 1, 0, 0, 1, 1], cl: hostile }, { outcome: "y", treatment: "z", clusters: "cl" });
    expect(dim.nObs).toBe(8);
    const bal = balanceTable({ z: [0, 1, 0, 1, 0, 1, 0, 1], g: hostile }, { treatment: "z", covariates: ["g"] });
    expect(bal.rows.map((r) => r.level)).toEqual(["__proto__", "constructor", "hasOwnProperty", "toString"]);
  });

  it("formatTable renders rows with hostile keys", () => {
    const rows = JSON.parse('[{"__proto__": 1.5, "constructor": "a", "toString": 2, "hasOwnProperty": true}]') as object[];
    expect(formatTable(rows, "csv")).toBe("__proto__,constructor,toString,hasOwnProperty\r\n1.5,a,2,yes\r\n");
    expect(formatTable(rows, "html")).toContain("<th>__proto__</th><th>constructor</th><th>toString</th><th>hasOwnProperty</th>");
  });
});

// ── (c) missing values are counted ───────────────────────────────────────

describe("a missing value in any role is counted, never silently dropped", () => {
  const withMissing = (col: keyof typeof pilot, row = 2) => {
    const c = columnsWithKeys(pilot) as Record<string, unknown[]>;
    c[col]![row] = null;
    return c;
  };
  const dropCases: [string, keyof typeof pilot, (d: never) => { nObs: number; dropped: { total: number; byColumn: Readonly<Record<string, number>> } }][] = [];
  for (const role of ["y", "z", "x", "office"] as const) dropCases.push([`lmRobust (${role})`, role, (d) => lmRobust(d, "y ~ z + x", { clusters: "office" })]);
  dropCases.push(["lmRobust fixedEffects (region)", "region", (d) => lmRobust(d, "y ~ z", { fixedEffects: "region" })]);
  for (const role of ["y", "z", "x"] as const) dropCases.push([`lmLin (${role})`, role, (d) => lmLin(d, { outcome: "y", treatment: "z", covariates: ["x"] })]);
  for (const role of ["y", "z", "d", "office"] as const) dropCases.push([`ivRobust (${role})`, role, (d) => ivRobust(d, "y ~ d | z", { clusters: "office" })]);
  for (const role of ["y", "z", "office"] as const) dropCases.push([`differenceInMeans (${role})`, role, (d) => differenceInMeans(d, { outcome: "y", treatment: "z", clusters: "office" })]);
  dropCases.push(["differenceInMeans (region)", "region", (d) => differenceInMeans(d, { outcome: "y", treatment: "z", blocks: "region" })]);
  for (const role of ["y", "z", "region"] as const) dropCases.push([`horvitzThompson (${role})`, role, (d) => horvitzThompson(d, { outcome: "y", treatment: "z", blocks: "region", treatedProbabilities: 0.5 })]);
  dropCases.push(["horvitzThompson (probabilities)", "p", (d) => horvitzThompson(d, { outcome: "y", treatment: "z", treatedProbabilities: "p" })]);

  for (const [name, col, call] of dropCases) {
    it(`${name}: nObs + dropped.total is every row, and the column is named`, () => {
      const r = call(withMissing(col, col === "office" || col === "region" ? 0 : 2) as never);
      expect(r.dropped.total).toBe(1);
      expect(r.nObs + r.dropped.total).toBe(16);
      expect(r.dropped.byColumn).toEqual({ [col === "p" ? "treatedProbabilities" : col]: 1 });
    });
  }

  it("differenceInMeans with clusters drops the row missing its cluster and counts it", () => {
    const r = differenceInMeans(withMissing("office", 0) as never, { outcome: "y", treatment: "z", clusters: "office" });
    expect(r.dropped.byColumn).toEqual({ office: 1 });
  });

  it("balanceTable counts missing covariates per arm and units missing the treatment or cluster in nDropped", () => {
    const y = balanceTable(withMissing("x") as never, { treatment: "z", covariates: ["x"], clusters: "office" });
    expect(y.nDropped).toBe(0);
    expect(y.rows[0]!.missingControl + y.rows[0]!.missingTreatment).toBe(1);
    expect(y.rows[0]!.nControl + y.rows[0]!.nTreatment).toBe(15);
    expect(y.joint[0]!.nObs + y.joint[0]!.nDropped).toBe(16);
    for (const col of ["z", "office"] as const) {
      const r = balanceTable(withMissing(col, 0) as never, { treatment: "z", covariates: ["x"], clusters: "office" });
      expect(r.nDropped, col).toBe(1);
      expect(r.nObs, col).toBe(15);
      expect(r.warnings.some((w) => w.includes("1 unit(s) left out")), col).toBe(true);
    }
    const b = balanceTable(withMissing("region", 0) as never, { treatment: "z", covariates: ["x"], blocks: "region" });
    expect(b.nDropped).toBe(1);
  });

  it("leeBounds treats a missing outcome as non-response and counts a missing treatment in nDropped", () => {
    const y = leeBounds(withMissing("y") as never, { outcome: "y", treatment: "z" });
    expect(y.nControl + y.nTreatment).toBe(16);
    expect(y.respondedControl + y.respondedTreatment).toBe(15);
    const z = leeBounds(withMissing("z") as never, { outcome: "y", treatment: "z" });
    expect(z.nDropped).toBe(1);
    expect(z.nControl + z.nTreatment + z.nDropped).toBe(16);
    expect(z.warnings.join(" ")).toContain("missing treatment");
  });

  it("mergePanel and attritionReport count every baseline and endline unit", () => {
    const m = mergePanel(pilot, endline, { id: "id" });
    expect(m.counts).toEqual({ baseline: 16, endline: 14, matched: 14, onlyBaseline: 2, onlyEndline: 0 });
    expect(m.table.nRows).toBe(16);
    const a = attritionReport(pilot, { id: [...endline.id, "zz99"], score: [...endline.score, 1] }, { id: "id", treatment: "z", outcome: "score" });
    expect(a.counts.onlyEndline).toBe(1);
    expect(a.unmatchedEndline).toEqual(["zz99"]);
    expect(a.responseRates.reduce((s, r) => s + r.nUnits, 0)).toBe(16);
  });

  it("attritionReport's join errors name attritionReport, not mergePanel", () => {
    const dupBase = { id: [...pilot.id, pilot.id[0]!], z: [...pilot.z, pilot.z[0]!] };
    const cases: [() => unknown, string][] = [
      [() => attritionReport(dupBase, endline, { id: "id", treatment: "z", outcome: "score" }), "DUPLICATE_ID"],
      [() => attritionReport({ id: [...pilot.id.slice(0, -1), null], z: pilot.z }, endline, { id: "id", treatment: "z", outcome: "score" }), "MISSING_VALUE"],
      [() => attritionReport({ ...pilot, codigo: pilot.id }, { codigo: endline.id, score: endline.score }, { id: "id", treatment: "z", outcome: "score" }), "MISSING_COLUMN"],
    ];
    for (const [f, code] of cases) {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(EnsayoError);
      expect((err as EnsayoError).code).toBe(code);
      expect((err as EnsayoError).message).toMatch(/^attritionReport:/);
    }
  });

  it("assignment refuses a missing block or cluster with MISSING_VALUE naming the unit", () => {
    expectEnsayo(() => blockRa({ blocks: ["a", null, "b", "b"] as never, seed: 1 }), "MISSING_VALUE", "blockRa", "unit 2");
    expectEnsayo(() => clusterRa({ clusters: ["a", null, "b", "b"] as never, seed: 1 }), "MISSING_VALUE", "clusterRa", "unit 2");
    expectEnsayo(() => blockRa({ data: withMissing("region", 1) as never, blocks: "region", seed: 1 }), "MISSING_VALUE", "blockRa");
  });
});

// ── (d) degenerate data ───────────────────────────────────────────────────

describe("degenerate data give a typed EnsayoError or NaN with a warning", () => {
  const empty = { y: [], z: [], d: [], x: [], c: [], b: [] };
  it("empty data: every estimator throws NOT_ESTIMABLE (or ONE_ARM) naming itself", () => {
    expectEnsayo(() => lmRobust(empty, "y ~ z"), "NOT_ESTIMABLE", "lmRobust");
    expectEnsayo(() => lmLin(empty, { outcome: "y", treatment: "z", covariates: ["x"] }), "NOT_ESTIMABLE", "lmLin");
    expectEnsayo(() => ivRobust(empty, "y ~ d | z"), "NOT_ESTIMABLE", "ivRobust");
    expectEnsayo(() => differenceInMeans(empty, { outcome: "y", treatment: "z" }), "NOT_ESTIMABLE", "differenceInMeans");
    expectEnsayo(() => horvitzThompson(empty, { outcome: "y", treatment: "z", treatedProbabilities: 0.5 }), "NOT_ESTIMABLE", "horvitzThompson");
    expectEnsayo(() => balanceTable(empty, { treatment: "z", covariates: ["x"] }), "NOT_ESTIMABLE", "balanceTable", "0 rows");
    expectEnsayo(() => leeBounds(empty, { outcome: "y", treatment: "z" }), "ONE_ARM", "leeBounds", "no value");
    expectEnsayo(() => attritionReport({ id: [], z: [] }, { id: [] }, { id: "id", treatment: "z" }), "NOT_ESTIMABLE", "attritionReport");
  });

  it("empty rows (no columns at all) name the missing column", () => {
    expectEnsayo(() => lmRobust([], "y ~ z"), "MISSING_COLUMN", "lmRobust", "'y'");
    expectEnsayo(() => differenceInMeans([], { outcome: "y", treatment: "z" }), "MISSING_COLUMN", "differenceInMeans");
    expectEnsayo(() => balanceTable([], { treatment: "z", covariates: ["x"] }), "MISSING_COLUMN", "balanceTable");
  });

  it("an unknown column is MISSING_COLUMN with the column named, for every estimator", () => {
    expectEnsayo(() => lmRobust(pilot, "y ~ zz"), "MISSING_COLUMN", "lmRobust", "zz");
    expectEnsayo(() => lmLin(pilot, { outcome: "y", treatment: "zz", covariates: ["x"] }), "MISSING_COLUMN", "lmLin", "zz");
    expectEnsayo(() => ivRobust(pilot, "y ~ d | zz"), "MISSING_COLUMN", "ivRobust", "zz");
    expectEnsayo(() => differenceInMeans(pilot, { outcome: "yy", treatment: "z" }), "MISSING_COLUMN", "differenceInMeans", "yy");
    expectEnsayo(() => horvitzThompson(pilot, { outcome: "y", treatment: "z", clusters: "ofice", treatedProbabilities: 0.5 }), "MISSING_COLUMN", "horvitzThompson", "ofice");
    expectEnsayo(() => balanceTable(pilot, { treatment: "z", covariates: ["edad"] }), "MISSING_COLUMN", "balanceTable", "edad");
    expectEnsayo(() => leeBounds(pilot, { outcome: "puntaje", treatment: "z" }), "MISSING_COLUMN", "leeBounds", "puntaje");
    expectEnsayo(() => mergePanel(pilot, endline, { id: "ID" }), "MISSING_COLUMN", "mergePanel", "ID");
  });

  it("all units in one arm: ONE_ARM, or an aliased (flagged) NaN with a warning for the regressions", () => {
    const one = { y: pilot.y, z: new Array<number>(16).fill(1), d: new Array<number>(16).fill(1), x: pilot.x, office: pilot.office };
    expectEnsayo(() => differenceInMeans(one, { outcome: "y", treatment: "z" }), "ONE_ARM", "differenceInMeans");
    expectEnsayo(() => lmLin(one, { outcome: "y", treatment: "z", covariates: ["x"] }), "ONE_ARM", "lmLin");
    expectEnsayo(() => balanceTable(one, { treatment: "z", covariates: ["x"] }), "ONE_ARM", "balanceTable");
    expectEnsayo(() => leeBounds(one, { outcome: "y", treatment: "z" }), "ONE_ARM", "leeBounds");
    const lm = lmRobust(one, "y ~ z");
    expect(lm.coefficients[1]!.aliased).toBe(true);
    expect(lm.warnings.join(" ")).toContain("z");
    expectNoBareNaN(lm);
  });

  it("a single cluster: TOO_FEW_CLUSTERS (or, when the arm varies within it, TREATMENT_VARIES_IN_CLUSTER)", () => {
    const one = { ...pilot, office: new Array<string>(16).fill("A") };
    expectEnsayo(() => lmRobust(one, "y ~ z", { clusters: "office" }), "TOO_FEW_CLUSTERS", "lmRobust");
    expectEnsayo(() => ivRobust(one, "y ~ d | z", { clusters: "office" }), "TOO_FEW_CLUSTERS", "ivRobust");
    expectEnsayo(() => lmLin(one, { outcome: "y", treatment: "z", covariates: ["x"], clusters: "office" }), "TOO_FEW_CLUSTERS", "lmLin");
    expectEnsayo(() => balanceTable(one, { treatment: "z", covariates: ["x"], clusters: "office" }), "TOO_FEW_CLUSTERS", "balanceTable");
    expectEnsayo(() => differenceInMeans(one, { outcome: "y", treatment: "z", clusters: "office" }), "TREATMENT_VARIES_IN_CLUSTER", "differenceInMeans");
    expectEnsayo(() => horvitzThompson(one, { outcome: "y", treatment: "z", clusters: "office", treatedProbabilities: 0.5 }), "TREATMENT_VARIES_IN_CLUSTER", "horvitzThompson");
  });

  it("a single block: the blocked estimators still answer, with finite numbers", () => {
    const one = { ...pilot, region: new Array<string>(16).fill("N") };
    const dim = differenceInMeans(one, { outcome: "y", treatment: "z", blocks: "region" });
    const plainDim = differenceInMeans(pilot, { outcome: "y", treatment: "z" });
    expect(dim.coefficients[0]!.estimate).toBeCloseTo(plainDim.coefficients[0]!.estimate, 12);
    expectNoBareNaN(dim);
    const ht = horvitzThompson(one, { outcome: "y", treatment: "z", blocks: "region", treatedProbabilities: 0.5 });
    expect(Number.isFinite(ht.coefficients[0]!.stdError)).toBe(true);
    const fe = lmRobust(one, "y ~ z", { fixedEffects: "region" });
    expect(fe.coefficients.find((c) => c.term === "z")!.estimate).toBeCloseTo(plainDim.coefficients[0]!.estimate, 10);
    const bal = balanceTable(one, { treatment: "z", covariates: ["x"], blocks: "region" });
    expectNoBareNaN(bal);
    const ra = blockRa({ blocks: one.region, seed: 2 });
    expect(ra.counts).toEqual([8, 8]);
  });

  it("a constant covariate in balanceTable: NaN statistics come with warnings", () => {
    const bal = balanceTable({ z: pilot.z, x: new Array<number>(16).fill(3) }, { treatment: "z", covariates: ["x"] });
    expect(bal.rows[0]!.stdDiff).toBeNaN();
    expectNoBareNaN(bal);
  });

  it("constant outcome in leeBounds and horvitzThompson: finite, zero-width answers", () => {
    const y = [1, 1, 1, 1, null, 1, 1, 1];
    const lee = leeBounds({ y, z: [0, 1, 0, 1, 0, 1, 0, 1] }, { outcome: "y", treatment: "z" });
    expect([lee.lowerBound, lee.upperBound]).toEqual([0, 0]);
    const ht = horvitzThompson({ y: new Array<number>(8).fill(2), z: [0, 1, 0, 1, 0, 1, 0, 1] }, { outcome: "y", treatment: "z", treatedProbabilities: 0.5 });
    expect(ht.coefficients[0]!.estimate).toBe(0);
    expectNoBareNaN(ht);
  });

  it("assignment with zero units or impossible amounts is a typed refusal", () => {
    expectEnsayo(() => completeRa({ n: 0, seed: 1 }), "INVALID_OPTION", "completeRa");
    expectEnsayo(() => completeRa({ n: 4, m: 5, seed: 1 }), "INFEASIBLE_DESIGN", "completeRa");
    expectEnsayo(() => simpleRa({ n: 4, prob: 1.5, seed: 1 }), "INVALID_OPTION", "simpleRa");
    expectEnsayo(() => blockRa({ blocks: [], seed: 1 }), "INVALID_OPTION", "blockRa");
  });

  it("formatTable: an empty row list renders a header-only table, a non-table is INVALID_DATA", () => {
    expect(typeof formatTable([], "csv")).toBe("string");
    expectEnsayo(() => formatTable(42 as never, "markdown"), "INVALID_DATA", "formatTable");
    expectEnsayo(() => formatTable([], "pdf" as never), "INVALID_OPTION", "formatTable");
  });

  it("diagnoseDesign with a potential outcome that is not a number refuses with INVALID_OPTION", () => {
    const units = deepFreeze({ office: [...pilot.office] });
    const design = declareRa({ clusters: pilot.office, prob: 0.5 });
    expectEnsayo(
      () => diagnoseDesign({ units, design, clusters: "office", sims: 2, seed: 1, potentialOutcomes: () => Number.NaN }),
      "INVALID_OPTION",
      "diagnoseDesign",
    );
    const ok = diagnoseDesign({ units, design, clusters: "office", sims: 4, seed: 1, potentialOutcomes: (_u, z, rng) => Number(z) + rng.normal() });
    expect(ok.diagnosands.length).toBeGreaterThan(0);
    expect(units.office).toEqual(pilot.office);
  });
});

describe("TSDoc of the data helpers and VERSION", () => {
  it("every one carries an @example", () => {
    const src = (f: string) => readFileSync(new URL(`../../src/${f}`, import.meta.url), "utf8");
    const doc = (text: string, decl: string): string => {
      const at = text.indexOf(decl);
      expect(at, decl).toBeGreaterThan(0);
      const end = text.lastIndexOf("*/", at);
      const start = text.lastIndexOf("/**", end);
      expect(text.slice(end + 2, at).trim(), `${decl} directly follows its TSDoc`).toBe("");
      return text.slice(start, end);
    };
    const table = src("data/table.ts");
    const columns = src("data/columns.ts");
    for (const [text, decl] of [
      [table, "export function asTable("],
      [table, "export function isTable("],
      [table, "export function makeTable("],
      [columns, "export function getColumn("],
      [columns, "export function numericColumn("],
      [columns, "export function labelColumn("],
      [src("data/parse-csv.ts"), "export const DEFAULT_MISSING"],
      [src("version.ts"), "export const VERSION"],
    ] as const)
      expect(doc(text, decl), decl).toMatch(/@example[\s\S]*\/\/ /);
  });
});

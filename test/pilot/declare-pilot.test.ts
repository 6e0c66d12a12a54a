import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readCsvFile } from "../../src/node.js";
import { canonicalJson } from "../../src/pilot/canonical-json.js";
import { declarePilot, planHash } from "../../src/pilot/declare-pilot.js";
import { sha256 } from "../../src/internal/sha256.js";
import { errorCode, thrownEnsayo } from "../helpers/errors.js";

const dir = new URL("../../fixtures/pilot/", import.meta.url).pathname;
const text = readFileSync(dir + "plan.json", "utf8");
const plan = JSON.parse(text);

/** The same object with its keys in reverse order, recursively. */
function reversed(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reversed);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)]));
  return v;
}

describe("canonicalJson", () => {
  it("sorts keys by code unit, drops whitespace and writes numbers in their shortest form", () => {
    expect(canonicalJson({ b: 1.0, a: [0.5, "x", null, true], é: -0, Z: 1e21 })).toBe('{"Z":1e+21,"a":[0.5,"x",null,true],"b":1,"é":0}');
  });
  it("refuses values JSON cannot hold, naming the field", () => {
    const e = thrownEnsayo(() => canonicalJson({ alpha: NaN }));
    expect(e.code).toBe("INVALID_PLAN");
    expect(e.message).toContain("plan.alpha");
  });
});

describe("planHash", () => {
  it("is the SHA-256 of the canonical plan and does not depend on key order or whitespace", () => {
    const p = declarePilot(plan);
    expect(p.planHash).toBe(sha256(p.canonical));
    expect(planHash(text)).toBe(p.planHash);
    expect(planHash(JSON.stringify(plan))).toBe(p.planHash);
    expect(planHash(JSON.stringify(reversed(plan), null, 7))).toBe(p.planHash);
  });
  it("does not depend on whether a default is written out", () => {
    const { alpha: _alpha, lang: _lang, ...rest } = plan;
    expect(planHash({ ...rest })).toBe(planHash({ ...rest, alpha: 0.05, lang: "es" }));
  });
  it("changes when any registered choice changes", () => {
    const h = planHash(plan);
    expect(planHash({ ...plan, alpha: 0.1 })).not.toBe(h);
    expect(planHash({ ...plan, covariates: [] })).not.toBe(h);
    expect(planHash({ ...plan, design: { ...plan.design, seed: "otra" } })).not.toBe(h);
  });
});

describe("declarePilot", () => {
  it("detects a plan edited after its hash was registered (PLAN_CHANGED)", () => {
    const registered = planHash(plan);
    expect(declarePilot(plan, { registeredHash: registered }).planHash).toBe(registered);
    const e = thrownEnsayo(() => declarePilot({ ...plan, covariates: ["edad"] }, { registeredHash: registered }));
    expect(e.code).toBe("PLAN_CHANGED");
  });
  it("refuses an unknown multiplicity method, naming the field and the accepted methods", () => {
    const bad = { ...plan, families: [{ ...plan.families[0], multiplicity: "sidak" }] };
    const e = thrownEnsayo(() => declarePilot(bad));
    expect(e.code).toBe("INVALID_PLAN");
    expect(e.message).toContain("`families.0.multiplicity`");
    expect(e.message).toContain("'holm'");
    expect(e.message).toContain("'sidak'");
  });
  it("refuses an unknown estimator, naming the field", () => {
    const e = thrownEnsayo(() => declarePilot({ ...plan, estimator: "ols" }));
    expect(e.code).toBe("INVALID_PLAN");
    expect(e.message).toContain("`estimator`");
    expect(e.message).toContain("'lmLin'");
  });
  it("lists every failing field at once, unknown fields included", () => {
    const e = thrownEnsayo(() => declarePilot({ ...plan, alpha: 2, extra: 1, design: { ...plan.design, seed: undefined } }));
    expect(e.message).toContain("`alpha`");
    expect(e.message).toContain("`extra`");
    expect(e.message).toContain("`design.seed` is required");
    expect(e.issues!.length).toBe(3);
  });
  it("refuses incoherent plans: a repeated outcome, costs for an unknown arm, lmLin without covariates", () => {
    const e = thrownEnsayo(() => declarePilot({
      ...plan, estimator: "lmLin", covariates: [],
      families: [{ name: "a", outcomes: [{ column: "y" }, { column: "y" }] }],
      costs: { currency: "PYG", perUnit: { control: 0, tratamiento: 1 } },
    }));
    expect(e.code).toBe("INVALID_PLAN");
    expect(e.message).toContain("repeats outcome 'y'");
    expect(e.message).toContain("`costs.perUnit.tratamiento`");
    expect(e.message).toContain("lmLin");
  });
  it("refuses text that is not JSON", () => {
    expect(errorCode(() => declarePilot("{ id: "))).toBe("INVALID_PLAN");
  });
  it("lists every missing column the plan names at once, with its plan field", () => {
    const pilot = declarePilot({ ...plan, covariates: ["puntaje_base", "edad_x"], subgroups: ["genero"] });
    const e = thrownEnsayo(() => pilot.assign(readCsvFile(dir + "baseline.csv")));
    expect(e.code).toBe("MISSING_COLUMN");
    expect(e.message).toContain("'edad_x' (plan field `covariates.1`)");
    expect(e.message).toContain("'genero' (plan field `subgroups.0`)");
    expect(e.issues!.length).toBe(2);
  });
});

describe("pilot.assign", () => {
  it("reproduces the registered assignment of the bundled pilot and records the plan hash in the receipt", () => {
    const pilot = declarePilot(plan);
    const a = pilot.assign(readCsvFile(dir + "baseline_ministerio.csv", { locale: "es-PY" }));
    expect(a.receipt.planHash).toBe(pilot.planHash);
    const registered = readCsvFile(dir + "asignacion.csv");
    const arm = new Map((registered.columns.id as string[]).map((id, i) => [id, (registered.columns.grupo as string[])[i]]));
    expect(a.rows.every((r) => arm.get(r.id!) === r.grupo)).toBe(true);
    expect({ ...a.counts }).toEqual({ control: 206, taller: 258 });
    expect(JSON.parse(JSON.stringify(a))).toEqual(structuredClone(a));
  });
});

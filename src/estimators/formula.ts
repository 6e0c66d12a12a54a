/**
 * R-style model formulas: `y ~ x1 + x2`, `:`, `*`, parentheses, `- 1` / `+ 0`,
 * and `|` separating regressors from instruments (`y ~ d + x | z + x`).
 */
import { EnsayoError } from "../errors.js";
import { named } from "../internal/boundary.js";

/** The right-hand side of a formula (one part between `~`/`|` separators), expanded into terms. */
export interface RhsSpec {
  /** Terms in R's order (by degree, then by first appearance); each term lists variable names in formula order. */
  readonly terms: readonly (readonly string[])[];
  /** Whether the model has an intercept (`- 1` and `+ 0` remove it). */
  readonly intercept: boolean;
}

/** A parsed formula. */
export interface FormulaSpec {
  /** The formula text as given. */
  readonly text: string;
  /** Outcome variable name, or null for a one-sided formula (`~ x`). */
  readonly outcome: string | null;
  /** Right-hand parts: one for `y ~ x`, two for `y ~ d | z`. */
  readonly parts: readonly RhsSpec[];
  /** Every variable named on the right, in order of first appearance. */
  readonly variables: readonly string[];
}

type Tok = { t: "name" | "num" | "op"; v: string; pos: number };

function fail(text: string, pos: number, what: string): never {
  const caret = `${text}\n${" ".repeat(Math.max(0, pos))}^`;
  throw new EnsayoError("FORMULA_PARSE", `formula '${text}': ${what} at character ${pos + 1}\n${caret}`, {
    column: String(pos + 1),
    value: text,
    hint: "Write formulas as in R, e.g. 'y ~ z + x1 + x2', 'y ~ z * x', 'y ~ z - 1'",
  });
}

function tokenize(text: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const isStart = (c: string) => /[\p{L}_.]/u.test(c);
  const isPart = (c: string) => /[\p{L}\p{N}_.]/u.test(c);
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if ("~+-*:()|".includes(c)) {
      toks.push({ t: "op", v: c, pos: i });
      i++;
      continue;
    }
    if (c === "`") {
      const end = text.indexOf("`", i + 1);
      if (end < 0) fail(text, i, "unclosed backtick");
      if (end === i + 1) fail(text, i, "empty name");
      toks.push({ t: "name", v: text.slice(i + 1, end), pos: i });
      i = end + 1;
      continue;
    }
    if (/[0-9]/.test(c)) {
      let j = i;
      while (j < text.length && /[0-9.]/.test(text[j]!)) j++;
      if (j < text.length && isPart(text[j]!)) fail(text, i, `a name cannot start with a digit`);
      toks.push({ t: "num", v: text.slice(i, j), pos: i });
      i = j;
      continue;
    }
    if (isStart(c)) {
      let j = i;
      while (j < text.length && isPart(text[j]!)) j++;
      toks.push({ t: "name", v: text.slice(i, j), pos: i });
      i = j;
      continue;
    }
    fail(text, i, `unexpected character '${c}'`);
  }
  return toks;
}

/** A term list under construction: terms as sets of variable names, intercept flag. */
interface TermSet {
  terms: string[][];
  /** null: not said; true: `+ 1`; false: `+ 0` / `- 1`. */
  intercept: boolean | null;
}

/**
 * Parse an R-style formula.
 *
 * @throws EnsayoError `FORMULA_PARSE` naming the character where parsing failed.
 * @example
 * ```ts
 * parseFormula("y ~ z * x - 1").parts[0]; // { terms: [["z"], ["x"], ["z", "x"]], intercept: false }
 * ```
 */
export function parseFormula(text: string): FormulaSpec {
  return named("parseFormula", () => parseFormulaCore(text));
}

/** {@link parseFormula} without the function name on its errors (internal callers' errors name their own public function). */
export function parseFormulaCore(text: string): FormulaSpec {
  if (typeof text !== "string") throw new EnsayoError("FORMULA_PARSE", `formula must be a string, got ${typeof text}`);
  const toks = tokenize(text);
  let k = 0;
  const peek = () => toks[k];
  const endPos = text.length;
  const order: string[] = [];
  const see = (v: string) => {
    if (!order.includes(v)) order.push(v);
  };

  let outcome: string | null = null;
  const tildeIdx = toks.findIndex((t) => t.t === "op" && t.v === "~");
  if (tildeIdx < 0) fail(text, text.length, "a formula needs '~' (as in 'y ~ x')");
  if (tildeIdx === 1 && toks[0]!.t === "name") {
    outcome = toks[0]!.v;
    k = 2;
  } else if (tildeIdx === 0) {
    k = 1;
  } else {
    fail(text, toks[tildeIdx > 1 ? 1 : 0]!.pos, "the left side must be a single column name");
  }
  if (outcome !== null) see(outcome);

  function atom(): TermSet {
    const tok = peek();
    if (!tok) fail(text, endPos, "expected a term after the operator");
    if (tok.t === "name") {
      k++;
      see(tok.v);
      return { terms: [[tok.v]], intercept: null };
    }
    if (tok.t === "num") {
      k++;
      if (tok.v === "1") return { terms: [], intercept: true };
      if (tok.v === "0") return { terms: [], intercept: false };
      fail(text, tok.pos, `only 0 or 1 can stand as a number in a formula, not '${tok.v}'`);
    }
    if (tok.v === "(") {
      k++;
      const inner = sum();
      const close = peek();
      if (!close || close.v !== ")") fail(text, close ? close.pos : endPos, "expected ')'");
      k++;
      return inner;
    }
    if (tok.v === "-") fail(text, tok.pos, "a leading '-' is only allowed as '- 1', '- 0' or '- term' after a term");
    fail(text, tok.pos, `unexpected '${tok.v}'`);
  }

  function interact(a: TermSet, b: TermSet): TermSet {
    const out: string[][] = [];
    for (const ta of a.terms) for (const tb of b.terms) addTerm(out, [...ta, ...tb]);
    return { terms: out, intercept: null };
  }

  function colon(): TermSet {
    let left = atom();
    while (peek()?.t === "op" && peek()!.v === ":") {
      k++;
      left = interact(left, atom());
    }
    return left;
  }

  function star(): TermSet {
    let left = colon();
    while (peek()?.t === "op" && peek()!.v === "*") {
      k++;
      const right = colon();
      const terms: string[][] = [];
      for (const t of left.terms) addTerm(terms, t);
      for (const t of right.terms) addTerm(terms, t);
      for (const t of interact(left, right).terms) addTerm(terms, t);
      left = { terms, intercept: null };
    }
    return left;
  }

  function sum(): TermSet {
    const acc: TermSet = { terms: [], intercept: null };
    let sign = 1;
    const first = peek();
    if (first && first.t === "op" && first.v === "-") {
      k++;
      sign = -1;
    }
    for (;;) {
      const part = star();
      if (sign > 0) {
        for (const t of part.terms) addTerm(acc.terms, t);
        if (part.intercept !== null) acc.intercept = part.intercept;
      } else {
        for (const t of part.terms) removeTerm(acc.terms, t);
        if (part.intercept !== null) acc.intercept = !part.intercept;
      }
      const tok = peek();
      if (tok && tok.t === "op" && (tok.v === "+" || tok.v === "-")) {
        k++;
        sign = tok.v === "+" ? 1 : -1;
        continue;
      }
      return acc;
    }
  }

  const parts: RhsSpec[] = [];
  for (;;) {
    const set = sum();
    parts.push({ terms: orderTerms(set.terms, order), intercept: set.intercept ?? true });
    const tok = peek();
    if (!tok) break;
    if (tok.t === "op" && tok.v === "|") {
      k++;
      continue;
    }
    fail(text, tok.pos, `unexpected '${tok.v}'`);
  }
  const variables = order.filter((v) => v !== outcome || parts.some((p) => p.terms.some((t) => t.includes(v))));
  return { text, outcome, parts, variables };
}

function sameTerm(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v) => b.includes(v));
}

function addTerm(list: string[][], t: string[]): void {
  const uniq = [...new Set(t)];
  if (!list.some((u) => sameTerm(u, uniq))) list.push(uniq);
}

function removeTerm(list: string[][], t: string[]): void {
  const uniq = [...new Set(t)];
  const i = list.findIndex((u) => sameTerm(u, uniq));
  if (i >= 0) list.splice(i, 1);
}

/** R's term order: by degree, then by first appearance; variables inside a term in formula order. */
function orderTerms(terms: string[][], order: readonly string[]): string[][] {
  const sorted = terms.map((t) => [...t].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
  return sorted
    .map((t, i) => ({ t, i }))
    .sort((a, b) => a.t.length - b.t.length || a.i - b.i)
    .map((x) => x.t);
}

/**
 * The one prototype every result shares: display methods only, no state, so results stay plain data.
 * Kept tiny and free of labels so a bundle of one function (e.g. `powerTTest`) stays small; the full
 * renderers (labels in English and Spanish, HTML tables) are registered by src/report/display.ts when
 * it is loaded (it is, whenever `ensayo` is imported whole, or `summary`/`toHTML` are used).
 */

/** How results are rendered: set by display.ts; until then a plain field list. */
interface Renderers {
  text(result: object, lang: "en" | "es"): string;
  html(result: object, options?: { readonly lang?: "en" | "es"; readonly maxRows?: number }): string;
}

function plainText(result: object): string {
  const r = result as Record<string, unknown>;
  const lines = [String(r.kind ?? "result")];
  for (const [k, v] of Object.entries(r)) {
    if (k === "kind" || v === null || typeof v === "object" || typeof v === "function") continue;
    lines.push(`  ${k}: ${typeof v === "number" && !Number.isInteger(v) ? Number(v.toPrecision(4)) : String(v)}`);
  }
  return lines.join("\n");
}

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const renderers: Renderers = {
  text: plainText,
  html: (result) => `<pre>${escape(plainText(result))}</pre>`,
};

/** @internal Called once by src/report/display.ts with the full renderers. */
export function registerRenderers(full: Renderers): void {
  renderers.text = full.text;
  renderers.html = full.html;
}

const method = (value: unknown) => ({ value, writable: true, configurable: true });

/** The shared prototype of results. Inherits Object.prototype (so results still count as plain objects). */
export const resultProto: object = Object.create(Object.prototype, {
  toString: method(function toString(this: object, lang: "en" | "es" = "en"): string {
    return renderers.text(this, lang);
  }),
  toHTML: method(function toHTML(this: object, options?: { readonly lang?: "en" | "es"; readonly maxRows?: number }): string {
    return renderers.html(this, options);
  }),
  toJSON: method(function toJSON(this: object): Record<string, unknown> {
    return { ...this };
  }),
  [Symbol.for("nodejs.util.inspect.custom")]: method(function inspect(this: object): string {
    return renderers.text(this, "en");
  }),
  [Symbol.for("Jupyter.display")]: method(function display(this: object): Record<string, string> {
    return { "text/html": renderers.html(this), "text/plain": renderers.text(this, "en") };
  }),
});

/**
 * Give a result its display methods (`toString`, `toHTML`, `toJSON`, Node's inspect and Jupyter's
 * display) by setting its prototype; its own fields are untouched, so it stays plain data.
 * A frozen object gets a frozen copy instead.
 *
 * @example
 * ```ts
 * const r = withDisplay({ kind: "powerTTest", n: 50, d: 0.5, power: 0.6968934 });
 * Object.keys(r); // ["kind", "n", "d", "power"]
 * ```
 */
export function withDisplay<T extends object>(result: T): T {
  if (Object.getPrototypeOf(result) === resultProto) return result;
  if (Object.isExtensible(result)) return Object.setPrototypeOf(result, resultProto) as T;
  const copy = Object.create(resultProto, Object.getOwnPropertyDescriptors(result)) as T;
  return Object.isFrozen(result) ? Object.freeze(copy) : copy;
}

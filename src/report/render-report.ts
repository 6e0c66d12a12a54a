/**
 * `renderReport`: one self-contained document (HTML with inline SVG and print CSS, or Markdown) from a pilot analysis.
 */
import * as z from "zod/mini";
import { parseOptions } from "../internal/options.js";
import { EnsayoError } from "../errors.js";
import { canonicalJson } from "../pilot/canonical-json.js";
import type { PilotAnalysis } from "../pilot/pilot-analyze.js";
import { escapeHtml } from "./format-table.js";
import type { ReportBlock, ReportDocument, ReportSection } from "./report-model.js";
import { attritionSection, balanceSection, designSection, flowSection, fmt, summarySection } from "./report-sections.js";
import { effectsSection, multiplicitySection, randomizationSection, reproducibilitySection, robustnessSection } from "./report-sections-results.js";
import { reportText } from "./report-text.js";
import { REPORT_CSS } from "./report-style.js";
import { named } from "../internal/boundary.js";

const Schema = z.strictObject({
  /** Language; default the plan's `lang`. */
  lang: z.optional(z.enum(["es", "en"])),
  /** `"html"` (default): one self-contained file; `"md"`: Markdown without the plots. */
  format: z._default(z.enum(["html", "md"]), "html"),
  /** Title; default the plan's title, or "Pilot evaluation report". */
  title: z.optional(z.string()),
});

/** Options of {@link renderReport}. */
export type RenderReportOptions = z.input<typeof Schema>;

/** The section ids, in order (stable anchors: `#summary` … `#reproducibility`). */
export const REPORT_SECTIONS = ["summary", "design", "flow", "balance", "attrition", "effects", "randomization", "multiplicity", "robustness", "reproducibility"] as const;

/**
 * Build the report's document model (sections of blocks) from an analysis.
 *
 * @throws EnsayoError `INVALID_DATA` when `a` is not a `pilot.analyze` result.
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * const pilot = declarePilot(readFileSync("fixtures/pilot/plan.json", "utf8"));
 * const analysis = pilot.analyze({ baseline: readCsvFile("fixtures/pilot/baseline.csv"),
 *   assignment: readCsvFile("fixtures/pilot/asignacion.csv"), endline: readCsvFile("fixtures/pilot/endline.csv") });
 * reportDocument(analysis, "es").sections.map((s) => s.title).slice(0, 3); // ["Resumen", "Diseño", "Muestra y flujo"]
 * ```
 */
export function reportDocument(a: PilotAnalysis, lang: "es" | "en", title?: string): ReportDocument {
  return named("reportDocument", () => {
    checkAnalysis(a);
    return reportDocumentCore(a, lang, title);
  });
}

/** Refuse what is not a `pilot.analyze` result (a report has nothing to read from anything else). */
function checkAnalysis(a: unknown): asserts a is PilotAnalysis {
  if (!a || (a as { kind?: string }).kind !== "pilotAnalysis") {
    throw new EnsayoError("INVALID_DATA", "pass the result of `pilot.analyze(...)`", { hint: "const analysis = declarePilot(plan).analyze({ baseline, assignment, endline })" });
  }
}

/** {@link reportDocument} without the function name on its errors (internal callers' errors name their own public function). */
function reportDocumentCore(a: PilotAnalysis, lang: "es" | "en", title?: string): ReportDocument {
  const t = reportText(lang);
  const f = fmt(lang, t);
  const build: Record<(typeof REPORT_SECTIONS)[number], () => ReportBlock[]> = {
    summary: () => summarySection(a, f),
    design: () => designSection(a, f),
    flow: () => flowSection(a, f),
    balance: () => balanceSection(a, f),
    attrition: () => attritionSection(a, f),
    effects: () => effectsSection(a, f),
    randomization: () => randomizationSection(a, f),
    multiplicity: () => multiplicitySection(a, f),
    robustness: () => robustnessSection(a, f),
    reproducibility: () => reproducibilitySection(a, f, canonicalJson(a.plan)),
  };
  const sections: ReportSection[] = REPORT_SECTIONS.map((id, i) => ({ id, number: i + 1, title: t.sections[id], blocks: build[id]() }));
  return {
    lang,
    title: title ?? (a.plan.title || t.reportTitle),
    subtitle: `${t.generated} ${a.version} · ${t.planHash.replace(" (SHA-256)", "")} ${a.planHash.slice(0, 16)}…`,
    sections,
  };
}

/**
 * Render a pilot analysis as one self-contained report: numbered sections (summary, design, sample and flow,
 * balance, attrition, effects, randomization inference, multiplicity, robustness, reproducibility), numbers in
 * the language's format (es: `4,31`, `1.234`), a methods paragraph written from the plan, and in HTML inline SVG
 * plots (coefficient plot, love plot, power curve, randomization distributions) with print CSS. No script, no
 * network request: the file can be mailed, archived and printed to PDF as is.
 *
 * @throws EnsayoError `INVALID_DATA` when `analysis` is not a `pilot.analyze` result; `INVALID_OPTION` for bad options.
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * const pilot = declarePilot(readFileSync("fixtures/pilot/plan.json", "utf8"));
 * const [baseline, assignment, endline] = ["baseline", "asignacion", "endline"].map((f) => readCsvFile(`fixtures/pilot/${f}.csv`));
 * const html = renderReport(pilot.analyze({ baseline: baseline!, assignment: assignment!, endline: endline! }), { lang: "es", format: "html" });
 * html.startsWith('<!DOCTYPE html>\n<html lang="es">'); // true
 * ```
 */
export function renderReport(analysis: PilotAnalysis, options: RenderReportOptions = {}): string {
  return named("renderReport", () => renderReportCore(analysis, options));
}

/** {@link renderReport} without the function name on its errors. */
function renderReportCore(analysis: PilotAnalysis, options: RenderReportOptions = {}): string {
  checkAnalysis(analysis);
  const o = parseOptions(Schema, options, "renderReport");
  const doc = reportDocumentCore(analysis, o.lang ?? analysis.plan.lang, o.title);
  return o.format === "md" ? toMarkdown(doc) : toHtml(doc);
}

function toHtml(doc: ReportDocument): string {
  const t = reportText(doc.lang);
  const toc = doc.sections.map((s) => `<li><a href="#${s.id}">${s.number}. ${escapeHtml(s.title)}</a></li>`).join("");
  const body = doc.sections.map((s) =>
    `<section id="${s.id}" data-section="${s.id}">\n<h2><span class="num">${s.number}.</span> ${escapeHtml(s.title)}</h2>\n${s.blocks.map(blockHtml).join("\n")}\n</section>`).join("\n");
  return `<!DOCTYPE html>
<html lang="${doc.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(doc.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header><h1>${escapeHtml(doc.title)}</h1><p class="subtitle">${escapeHtml(doc.subtitle)}</p>
<nav><h2 class="toc">${escapeHtml(t.toc)}</h2><ol>${toc}</ol></nav></header>
<main>
${body}
</main>
</body>
</html>
`;
}

function blockHtml(b: ReportBlock): string {
  switch (b.type) {
    case "p":
      return `<p${b.className ? ` class="${b.className}"` : ""}>${escapeHtml(b.text)}</p>`;
    case "h":
      return `<h3>${escapeHtml(b.text)}</h3>`;
    case "list":
      return `<ul>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</ul>`;
    case "pre":
      return `<pre>${escapeHtml(b.text)}</pre>`;
    case "svg":
      return `<figure>${b.svg}<figcaption>${escapeHtml(b.caption)}</figcaption></figure>`;
    case "table": {
      const head = b.head.map((h, j) => `<th${b.numeric[j] ? ' class="n"' : ""}>${escapeHtml(h)}</th>`).join("");
      const rows = b.rows.map((r) => `<tr>${r.map((c, j) => `<td${b.numeric[j] ? ' class="n"' : ""}>${escapeHtml(c)}</td>`).join("")}</tr>`).join("\n");
      return `<div class="table"><table${b.id ? ` id="t-${b.id}"` : ""}><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table></div>`;
    }
  }
}

function toMarkdown(doc: ReportDocument): string {
  const out = [`# ${doc.title}`, "", `_${doc.subtitle}_`, ""];
  for (const s of doc.sections) {
    out.push(`## ${s.number}. ${s.title}`, "");
    for (const b of s.blocks) out.push(blockMd(b), "");
  }
  return out.join("\n");
}

function blockMd(b: ReportBlock): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
  switch (b.type) {
    case "p":
      return b.text;
    case "h":
      return `### ${b.text}`;
    case "list":
      return b.items.map((i) => `- ${i}`).join("\n");
    case "pre":
      return "```\n" + b.text + "\n```";
    case "svg":
      return `_[${b.caption}]_`;
    case "table":
      return [
        `| ${b.head.map(cell).join(" | ")} |`,
        `| ${b.numeric.map((n) => (n ? "---:" : "---")).join(" | ")} |`,
        ...b.rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
      ].join("\n");
  }
}

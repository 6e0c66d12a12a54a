/**
 * The report as a small document model (sections of blocks), rendered to HTML or Markdown.
 * Keeping the structure apart from the markup lets one test check both formats and both languages.
 */

/** A block of a section. */
export type ReportBlock =
  | { readonly type: "p"; readonly text: string; readonly className?: string }
  | { readonly type: "h"; readonly text: string }
  | { readonly type: "table"; readonly id?: string; readonly head: readonly string[]; readonly rows: readonly (readonly string[])[]; readonly numeric: readonly boolean[] }
  | { readonly type: "svg"; readonly svg: string; readonly caption: string }
  | { readonly type: "list"; readonly items: readonly string[] }
  | { readonly type: "pre"; readonly text: string };

/** A numbered section. */
export interface ReportSection {
  readonly id: string;
  readonly number: number;
  readonly title: string;
  readonly blocks: readonly ReportBlock[];
}

/** The whole report. */
export interface ReportDocument {
  readonly lang: "es" | "en";
  readonly title: string;
  readonly subtitle: string;
  readonly sections: readonly ReportSection[];
}

/** A table block from rows of cells; `numeric` marks right-aligned columns (default: all but the first). */
export function table(head: readonly string[], rows: readonly (readonly string[])[], numeric?: readonly boolean[], id?: string): ReportBlock {
  return { type: "table", head, rows, numeric: numeric ?? head.map((_, i) => i > 0), ...(id ? { id } : {}) };
}

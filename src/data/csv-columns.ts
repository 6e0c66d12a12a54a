/**
 * The columns of one CSV read: the `Sink` the tokenizers fill (header names, one
 * `ColumnBuilder` per column, the line of every row, the blank lines skipped), and the
 * finished, typed columns with the notes that explain them. Internal to the data layer.
 */
import { EnsayoError, showValue } from "../errors.js";
import { describeWhere, listLines, type CellIssue, type ResolvedCsvOptions } from "./csv-options.js";
import { ambiguityText, ColumnBuilder, type ReadContext } from "./csv-infer.js";
import { checkHeader, type Origin, type schemaFields } from "./csv-schema.js";
import type { Sink } from "./csv-tokenize.js";
import { nullRecord, type Column, type ColumnType } from "./table.js";

/** The `Sink` of a read: header names, one `ColumnBuilder` per column, each row's line, the blank lines skipped. */
export class ColumnSet implements Sink {
  names: string[] = [];
  renamed: { from: string; to: string }[] = [];
  builders: ColumnBuilder[] = [];
  nCols = 0;
  nRows = 0;
  headerLine = 0;
  rowLines: Int32Array;
  readonly blankLines: number[] = [];
  nBlank = 0;

  constructor(
    private capacity: number,
    private readonly ctx: ReadContext,
    private readonly options: ResolvedCsvOptions,
    private readonly schema: ReturnType<typeof schemaFields>,
    private readonly origin: Origin,
    private readonly delimiter: string,
  ) {
    this.rowLines = new Int32Array(capacity);
  }

  header(fields: string[], line: number): void {
    this.headerLine = line;
    ({ names: this.names, renamed: this.renamed } = cleanHeader(fields));
    this.nCols = this.names.length;
    checkHeader(this.names, this.schema, this.options.types, line, this.origin);
    const types = this.options.types;
    const own = (o: object | undefined, k: string) => o !== undefined && Object.prototype.hasOwnProperty.call(o, k);
    this.builders = this.names.map((name, i) => {
      // Own keys only: a header `constructor` or `__proto__` must not read Object.prototype members.
      const forced = own(types, name) ? types![name] : own(this.schema?.fields, name) ? this.schema!.fields[name]!.type : undefined;
      return new ColumnBuilder(name, i, forced, this.capacity, this.ctx);
    });
  }

  field(f: number, s: string, a: number, b: number): void {
    this.builders[f]!.add(this.nRows, s, a, b);
  }

  endRow(nFields: number, line: number): void {
    if (nFields !== this.nCols) throw this.raggedRow(nFields, line);
    if (this.nRows >= this.rowLines.length) {
      const next = new Int32Array(Math.max(this.rowLines.length * 2, this.nRows + 1));
      next.set(this.rowLines);
      this.rowLines = next;
    }
    this.rowLines[this.nRows] = line;
    this.nRows++;
    if (this.nRows >= this.capacity) {
      // Only possible if the text was changed under us; keep going safely.
      this.capacity *= 2;
      for (const b of this.builders) b.grow(this.capacity);
    }
  }

  blank(line: number): void {
    this.nBlank++;
    if (this.blankLines.length < 10) this.blankLines.push(line);
  }

  private raggedRow(nFields: number, line: number): EnsayoError {
    const { file, where } = this.origin;
    const d = this.delimiter === "\t" ? "\\t" : this.delimiter;
    return new EnsayoError("RAGGED_ROW", `${where} line ${line} has ${nFields} ${nFields === 1 ? "field" : "fields"} but the header (line ${this.headerLine}) has ${this.nCols}`, {
      ...(file ? { file } : {}),
      line,
      value: nFields,
      issues: [{ line, expected: this.nCols, got: nFields }],
      hint:
        nFields > this.nCols
          ? `A value on that line probably contains the delimiter '${d}': wrap it in quotes, or check the \`delimiter\` option`
          : "A value is missing on that line: leave an empty field between delimiters for missing values",
    });
  }

  /**
   * After the first pass: number columns whose thousands dot stayed ambiguous become text.
   * Returns every column to read again as text, with a note saying why for each.
   */
  demoted(notes: string[]): ColumnBuilder[] {
    const out: ColumnBuilder[] = [];
    for (const b of this.builders) {
      b.settleThousands();
      const d = b.demotedAt;
      if (d === null) continue;
      out.push(b);
      const where = `${describeWhere(this.origin.file, this.rowLines[d.row]!, b.name)} holds ${showValue(d.value)}`;
      if (d.reason === "beyond-2^53") {
        notes.push(`column '${b.name}' was read as text: ${where}, an integer beyond 2^53 that a number (a double) cannot hold exactly, so ids stay distinct; give \`types\` to read it as text explicitly`);
      } else if (d.reason === "ambiguous-thousands") {
        notes.push(
          `column '${b.name}' was read as text: ${where}, which ${ambiguityText(d.value)}, and no value in the column settles it; ` +
            'pass `decimal: "."` for decimal points, or `thousands: "."` (or `locale: "es-PY"`) for thousands dots',
        );
      } else {
        notes.push(`column '${b.name}' was read as text: ${where}, which is not ${d.was}` + (d.was === "a number" ? "; give a `schema` or `types` to require numbers" : ""));
      }
      b.startTextPass();
    }
    return out;
  }

  /** The finished columns, their notes, and the cells that did not fit a forced type. */
  finish(notes: string[]): Finished {
    const out: Finished = { columns: nullRecord(), types: nullRecord(), missing: nullRecord(), coerced: nullRecord(), badNumbers: [], nBadNumbers: 0, typeIssues: [], nTypeIssues: 0 };
    for (const b of this.builders) {
      const empty = b.empty;
      const reason = b.textReason(this.nRows);
      const { column, type } = b.finish(this.nRows);
      out.columns[b.name] = column;
      out.types[b.name] = type;
      out.missing[b.name] = b.missing;
      out.coerced[b.name] = b.coerced;
      const numeric = b.forced === "number" || b.forced === "integer";
      if (numeric) out.nBadNumbers += b.nBad;
      else out.nTypeIssues += b.nBad;
      for (const cell of b.bad) {
        const kind = b.forced === "integer" ? "a whole number" : b.forced === "date" ? "a date (dd/mm/yyyy or yyyy-mm-dd)" : b.forced === "boolean" ? "true/false (sí/no, 1/0)" : "a number";
        const message = cell.why !== undefined ? `${showValue(cell.value)} ${cell.why}` : `${showValue(cell.value)} is not ${kind}`;
        (numeric ? out.badNumbers : out.typeIssues).push({ line: this.rowLines[cell.row]!, column: b.name, value: cell.value, message });
      }
      if (empty && b.forced === undefined) notes.push(`column '${b.name}' has no values (every cell is missing); read as text`);
      if (reason !== null) {
        const code = /^0\d+$/.test(reason.value) ? ", a code with a leading zero" : ", which is not a number";
        notes.push(
          `column '${b.name}' was read as text: ${describeWhere(this.origin.file, this.rowLines[reason.row]!, b.name)} holds ${showValue(reason.value)}${code}, though ${reason.typed} of its ${reason.of} values are ${reason.what}; ` +
            "add the code to `missing`, or give `types` to require numbers",
        );
      }
    }
    if (this.nBlank > 0) {
      notes.push(`${this.nBlank} blank or whitespace-only ${this.nBlank === 1 ? "line was" : "lines were"} skipped (${this.nBlank === 1 ? "line" : "lines"} ${listLines(this.blankLines, this.nBlank)})`);
    }
    return out;
  }
}

/** Typed columns and the cells that did not fit a forced type. */
export interface Finished {
  readonly columns: Record<string, Column>;
  readonly types: Record<string, ColumnType>;
  readonly missing: Record<string, number>;
  readonly coerced: Record<string, number>;
  readonly badNumbers: CellIssue[];
  nBadNumbers: number;
  readonly typeIssues: CellIssue[];
  nTypeIssues: number;
}

/** Header names trimmed, blanks filled (`V3`), repeats made unique (`x_2`); every change listed. */
function cleanHeader(raw: readonly string[]): { names: string[]; renamed: { from: string; to: string }[] } {
  const names: string[] = [];
  const renamed: { from: string; to: string }[] = [];
  const taken = new Set<string>();
  const base = raw.map((h, i) => (h.trim() === "" ? `V${i + 1}` : h.trim()));
  for (const b of base) taken.add(b);
  const used = new Set<string>();
  base.forEach((b, i) => {
    let name = b;
    if (used.has(name)) {
      let k = 2;
      while (used.has(`${b}_${k}`) || taken.has(`${b}_${k}`)) k++;
      name = `${b}_${k}`;
    }
    used.add(name);
    names.push(name);
    if (name !== raw[i]) renamed.push({ from: raw[i]!, to: name });
  });
  return { names, renamed };
}

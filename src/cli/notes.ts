/**
 * The notes the command line writes on stderr (design, n, warnings…), in English and Spanish. Kept
 * out of the core's label dictionary (src/report/labels.ts) so browser bundles do not carry them.
 */
import { fillPhrase, type Label, type Lang } from "../report/labels.js";

const L = (en: string, es: string): Label => ({ en, es });

/** Sentences of the command line, with `{name}` placeholders. */
export const CLI_NOTES = Object.freeze({
  warning: L("warning: {text}", "advertencia: {text}"),
  readNote: L("{source}: {rows} rows, encoding {encoding}, delimiter '{delimiter}'", "{source}: {rows} filas, codificación {encoding}, delimitador '{delimiter}'"),
  renamedHeader: L("renamed header '{from}' → '{to}'", "encabezado renombrado '{from}' → '{to}'"),
  assigned: L("assigned {n} units: {counts}", "{n} unidades asignadas: {counts}"),
  receiptAt: L("receipt {path}", "comprobante {path}"),
  verifyOk: L("ok: the data and seed reproduce the receipt exactly", "ok: los datos y la semilla reproducen el comprobante exactamente"),
  verifyDiffers: L("DIFFERS:", "DIFIERE:"),
  dimNote: L("design: {design}; n = {n}", "diseño: {design}; n = {n}"),
  lmNote: L("{se} standard errors; n = {n}{clusters}; {dropped} rows dropped for missing values", "errores estándar {se}; n = {n}{clusters}; {dropped} filas excluidas por valores faltantes"),
  lmClusters: L(", {n} clusters", ", {n} conglomerados"),
  jointTest: L("joint test ({arm}): F = {F}, p = {p}", "prueba conjunta ({arm}): F = {F}, p = {p}"),
  // column names of the `read` report
  column: L("Column", "Columna"),
  columnType: L("Type", "Tipo"),
  missing: L("Missing", "Faltantes"),
  coerced: L("Coerced", "Convertidos"),
  row: L("Row", "Fila"),
});

/** The id of a note in {@link CLI_NOTES}. */
export type CliNoteId = keyof typeof CLI_NOTES;

/**
 * A note of the command line in `lang`, with its placeholders filled in.
 *
 * @example
 * ```ts
 * cliNote("dimNote", "es", { design: "Por conglomerados", n: 427 }); // "diseño: Por conglomerados; n = 427"
 * ```
 */
export function cliNote(id: CliNoteId, lang: Lang, vars: Readonly<Record<string, string | number>> = {}): string {
  return fillPhrase(CLI_NOTES[id], lang, vars);
}

/**
 * ensayo — evaluate randomized pilots: data, assignment, power, estimators, balance.
 *
 * The browser-safe core: nothing here imports `fs` or any `node:` module.
 * File helpers live in `ensayo/node`. Every export is listed by name, by area.
 *
 * @packageDocumentation
 */

// ── errors ────────────────────────────────────────────────────────────────
export { EnsayoError } from "./errors.js";
export type { EnsayoErrorCode, EnsayoErrorDetails } from "./errors.js";
export { VERSION } from "./version.js";

// ── data ──────────────────────────────────────────────────────────────────
export { asTable, makeTable, isTable } from "./data/table.js";
export type { Table, Column, ColumnType, DataInput, DataReport } from "./data/table.js";
export { getColumn, numericColumn, labelColumn } from "./data/columns.js";

// ── random numbers ───────────────────────────────────────────────────────
export { createRng } from "./internal/rng.js";
export type { Rng, Seed } from "./internal/rng.js";

// ── math (distributions) ─────────────────────────────────────────────────

// ── assignment ───────────────────────────────────────────────────────────

// ── power ────────────────────────────────────────────────────────────────

// ── estimators ───────────────────────────────────────────────────────────

// ── balance and attrition ────────────────────────────────────────────────

// ── reports and formatting ───────────────────────────────────────────────

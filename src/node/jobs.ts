/**
 * The jobs the main thread sends to ensayo's workers (`worker-main.ts`) and what they send back.
 */
import { EnsayoError } from "../errors.js";
import type { Seed } from "../internal/rng.js";
import type { ChunkMessages, DiagnoseShared } from "./diagnose-share.js";
import type { RiShared } from "./ri-share.js";

/** Answer at once (measures a worker's start-up). */
export interface PingJob {
  type: "ping";
}

/** Load a riTest spec (the reply comes with `ri-run`). */
export interface RiLoadJob {
  type: "ri-load";
  url: string;
  exportName: string;
}

/**
 * riTest's inputs themselves, so the worker need not import the spec module (and the package's ES build
 * with it): the data, the options without the design, and the design's declaration, which the worker
 * declares again; `probe`, one draw of the main thread's design, confirms it is the same design.
 */
export interface RiInputsJob {
  type: "ri-inputs";
  url: string;
  exportName: string;
  data: unknown;
  options: Record<string, unknown>;
  declaration: Record<string, unknown> | null;
  probe: Int32Array | null;
}

/** The seed of the probe draw of {@link RiInputsJob}. */
export const PROBE_SEED = "ensayo-parallel-probe";

/** Evaluate chunks of the loaded riTest. */
export interface RiRunJob {
  type: "ri-run";
  shared: RiShared;
  every: number;
}

/** Run chunks of a diagnoseDesign. */
export interface DiagnoseJob {
  type: "diagnose";
  url: string;
  exportName: string;
  seed: Seed;
  alpha: number;
  every: number;
  shared: DiagnoseShared;
}

/** What a diagnose worker returns besides the shared results. */
export interface DiagnoseWorkerResult {
  messages: ChunkMessages;
  conditions: readonly (string | number)[];
  c1: number;
  c2: number;
}

/**
 * riTestParallel's check of a spec, on the main thread and in a worker that imports it.
 *
 * @throws EnsayoError `INVALID_OPTION` when the spec is not `{ data, options }` or its options hold `onProgress` or `signal`.
 * @example
 * ```ts
 * checkRiSpec({ data: { y: [1, 2] }, options: { outcome: "y" } }); // passes
 * checkRiSpec({ data: {} });
 * // EnsayoError INVALID_OPTION: the spec must be `{ data, options }` (riTest's arguments)
 * ```
 */
export function checkRiSpec(spec: { data?: unknown; options?: unknown } | null | undefined): void {
  if (!spec || typeof spec !== "object" || spec.data === undefined || typeof spec.options !== "object" || spec.options === null) {
    throw new EnsayoError("INVALID_OPTION", "the spec must be `{ data, options }` (riTest's arguments)");
  }
  if ("onProgress" in spec.options || "signal" in spec.options) {
    throw new EnsayoError("INVALID_OPTION", "give `onProgress` and `signal` to riTestParallel itself, not in the spec's options");
  }
}


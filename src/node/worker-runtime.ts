/**
 * How ensayo's parallel runners find the user's spec module: its URL, this module's own file, and
 * importing one export of it (in the main thread and in every worker). The workers themselves are in
 * `worker-pool.ts`, a run's bookkeeping in `shared-run.ts`.
 */
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { EnsayoError } from "../errors.js";

/** This module's own file (ESM or CommonJS build, or the TypeScript source). */
export function moduleFile(metaUrl: string | undefined): string {
  if (typeof __filename === "string" && __filename) return __filename;
  return fileURLToPath(metaUrl!);
}

/** A `file:` URL for a module given as a path (relative to the current directory) or URL. */
export function moduleUrl(m: string | URL): string {
  if (m instanceof URL) return m.href;
  if (m.startsWith("file:")) return m;
  return pathToFileURL(isAbsolute(m) ? m : resolve(m)).href;
}

/**
 * Import the user's module and read its export `name` (calling it when it is a function).
 * A TypeScript module is imported through tsx (registered on first need).
 *
 * @throws EnsayoError `INVALID_OPTION` when the module cannot be imported or lacks the export.
 */
export async function loadExport<T>(url: string, name: string): Promise<T> {
  let mod: Record<string, unknown>;
  try {
    if (/\.[cm]?tsx?$/.test(new URL(url).pathname)) await registerTsx();
    mod = (await import(url)) as Record<string, unknown>;
  } catch (e) {
    throw new EnsayoError("INVALID_OPTION", `could not import \`spec.module\` ${url}: ${(e as Error).message}`, { value: url, cause: e });
  }
  if (!(name in mod)) {
    throw new EnsayoError("INVALID_OPTION", `module ${url} has no export '${name}' (exports: ${Object.keys(mod).join(", ")})`, {
      value: name,
      hint: "Set `spec.export` to the name of the export holding the spec",
    });
  }
  const value = mod[name];
  return (typeof value === "function" ? await (value as () => T | Promise<T>)() : value) as T;
}

let tsxRegistered = false;
async function registerTsx(): Promise<void> {
  if (tsxRegistered) return;
  const specifier = "tsx/esm/api";
  const { register } = (await import(specifier)) as { register: () => void };
  register();
  tsxRegistered = true;
}

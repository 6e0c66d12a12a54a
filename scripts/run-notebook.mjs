#!/usr/bin/env node
// Execute examples/pilot.ipynb with the TypeScript kernel (tslab) the way a user runs it: from a folder
// where `ensayo` is installed. A scratch folder gets node_modules/ensayo -> this repository (built dist/)
// and fixtures/ -> this repository's fixtures, so the notebook's `../fixtures/pilot/*.csv` paths hold.
//   node scripts/run-notebook.mjs [output.ipynb]     (default: rewrite examples/pilot.ipynb with fresh outputs)
// Needs: jupyter nbconvert (Debian: jupyter-nbconvert python3-ipykernel), `npm i -g tslab`, `tslab install`.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const python = process.env.ENSAYO_JUPYTER_PYTHON ?? "/usr/bin/python3";

/** Run the notebook; returns the executed notebook's JSON (execution timestamps removed). */
export function runNotebook(notebook = join(root, "examples", "pilot.ipynb")) {
  const scratch = mkdtempSync(join(tmpdir(), "ensayo-notebook-"));
  try {
    mkdirSync(join(scratch, "examples"));
    mkdirSync(join(scratch, "node_modules"));
    symlinkSync(root, join(scratch, "node_modules", "ensayo"), "dir");
    symlinkSync(join(root, "fixtures"), join(scratch, "fixtures"), "dir");
    copyFileSync(notebook, join(scratch, "examples", "pilot.ipynb"));
    execFileSync(python, ["-m", "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=300",
      "pilot.ipynb", "--output", "executed.ipynb"], { cwd: join(scratch, "examples"), stdio: ["ignore", "pipe", "pipe"] });
    const nb = JSON.parse(readFileSync(join(scratch, "examples", "executed.ipynb"), "utf8"));
    for (const cell of nb.cells) delete cell.metadata.execution;
    return nb;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ?? join(root, "examples", "pilot.ipynb");
  writeFileSync(out, `${JSON.stringify(runNotebook(), null, 1)}\n`);
  console.log(`Wrote ${out}`);
}

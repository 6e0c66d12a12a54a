// Extract every ```ts block of docs/*.md into .tmp/docs-blocks/, one runnable file each (see test/docs/).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Every ```ts block of the Markdown files in docs/: { file, line, code }. */
export function docBlocks() {
  const out = [];
  for (const f of readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).sort()) {
    const lines = readFileSync(join(root, "docs", f), "utf8").split("\n");
    for (let i = 0; i < lines.length; i++) {
      if (/^```ts\s*$/.test(lines[i])) {
        const start = i + 1;
        let j = start;
        while (j < lines.length && !/^```\s*$/.test(lines[j])) j++;
        out.push({ file: `docs/${f}`, line: start + 1, code: lines.slice(start, j).join("\n") });
        i = j;
      }
    }
  }
  return out;
}

/**
 * The block as a script: lines `expr; // → value` check that `expr` shows `value` (numbers to the digits
 * written; JSON-like values exactly), and a failed check exits non-zero naming the Markdown line.
 */
export function runnable(block) {
  const lines = block.code.split("\n");
  // `// EnsayoError CODE: …` right under a one-line statement: that statement must throw with that code
  for (let k = 1; k < lines.length; k++) {
    const t = /^\s*\/\/\s*(?:→\s*)?EnsayoError ([A-Z_]+)/.exec(lines[k]);
    if (t && /;\s*$/.test(lines[k - 1]) && !/^\s*\/\//.test(lines[k - 1])) {
      lines[k - 1] = `__throws(() => { ${lines[k - 1].replace(/^\s*(const|let)\s+/, "")} }, "${t[1]}", ${block.line + k - 1});`;
    }
  }
  const body = lines.map((l, k) => {
    if (l.startsWith("__throws(")) return l;
    const m = /^(\s*)(?:console\.log\((.*)\)|([^/]*?));?\s*\/\/\s*(?:→\s*)?(.+)$/.exec(l);
    if (!m) return l;
    const expr = (m[2] ?? m[3] ?? "").trim();
    const value = /^(-?\d+(?:\.\d+)?(?:e-?\d+)?|"[^"]*"|true|false|null|\[[^\]…]*\])(?=\s|$|;)/.exec(m[4].trim());
    if (!expr || !value || /^(const|let|var|import|export|return|if|for|while)\b|[{(,]$/.test(expr)) return l;
    return `${m[1]}__check((${expr}), ${JSON.stringify(value[1])}, ${block.line + k});`;
  });
  return body.join("\n");
}

const CHECK_MODULE = join(root, "test", "docs", "doc-check.ts");
const checkHeader = (file) =>
  `import { check as __c, throws as __t } from ${JSON.stringify(CHECK_MODULE)};\n` +
  `const __check = (a: unknown, s: string, l: number) => __c(a, s, l, ${JSON.stringify(file)});\n` +
  `const __throws = (r: () => unknown, c: string, l: number) => __t(r, c, l, ${JSON.stringify(file)});`;

/** All blocks of one page as one program (a page's blocks continue each other); imports merged at the top. */
export function pagePrograms() {
  const pages = new Map();
  for (const b of docBlocks()) pages.set(b.file, [...(pages.get(b.file) ?? []), b]);
  return [...pages].map(([file, blocks]) => {
    const imports = new Map();
    const bodies = blocks.map((b) => {
      const code = runnable(b).replace(/^import\s+(type\s+)?\{([^}]*)\}\s+from\s+"([^"]+)";?/gm, (_all, type, names, from) => {
        const set = imports.get(from) ?? new Set();
        for (const n of names.split(",").map((x) => x.trim()).filter(Boolean)) set.add(type ? `type ${n.replace(/^type\s+/, "")}` : n);
        imports.set(from, set);
        return "";
      });
      return `// ── ${b.file}:${b.line}\n${code}`;
    });
    const head = [...imports].map(([from, names]) => `import { ${[...names].join(", ")} } from "${from}";`).join("\n");
    return { file, program: `${head}\n${checkHeader(file)}\n${bodies.join("\n")}\nexport {};\n` };
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = join(root, ".tmp", "docs-blocks");
  mkdirSync(dir, { recursive: true });
  for (const p of pagePrograms()) {
    const name = `${p.file.replace(/[/.]/g, "_")}.ts`;
    writeFileSync(join(dir, name), p.program);
    console.log(name);
  }
}

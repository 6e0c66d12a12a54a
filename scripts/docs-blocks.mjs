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
  // `stmt; // throws CODE: …` on one line, and `throw new X(…);` examples: the statement must throw (that code)
  for (let k = 0; k < lines.length; k++) {
    const t = /^(\s*)(?!\/\/)(.*;)\s*\/\/\s*(?:→\s*)?throws\s+([A-Z_]+)\b/.exec(lines[k]);
    if (t) lines[k] = `${t[1]}__throws(() => { ${t[2].replace(/^(const|let)\s+/, "")} }, "${t[3]}", ${block.line + k});`;
    else if (/^\s*throw new \w+\(.*\);/.test(lines[k])) lines[k] = `__throws(() => { ${lines[k].replace(/\/\/.*$/, "").trim()} }, "", ${block.line + k});`;
  }
  const body = lines.map((l, k) => {
    if (l.startsWith("__throws(")) return l;
    const m = /^(\s*)(?:console\.log\((.*)\)|([^/]*?));?\s*\/\/\s*(?:→\s*)?(.+)$/.exec(l);
    if (!m) return l;
    const expr = (m[2] ?? m[3] ?? "").trim();
    const shown = m[4].trim();
    // `{ key: value, … }` closed on the line: each scalar field shown is checked (test/docs/doc-check.ts)
    const object = shown.startsWith("{") ? closedObject(shown) : null;
    const value = object !== null ? [object, object] : /^(-?\d+(?:\.\d+)?(?:e-?\d+)?|"[^"]*"|true|false|null|\[[^[\]…{]*\])(?=\s|$|;|:|,)/.exec(shown);
    const alternatives = value !== null && /^\s*or\b/.test(shown.slice(value[1].length));
    // `const row = expr; // { … }`: the object shown is the new name's value
    const declared = object !== null ? /^(?:const|let)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*[^;]+;?$/.exec(expr) : null;
    if (declared && !alternatives) return `${l}\n${m[1]}__check((${declared[1]}), ${JSON.stringify(value[1])}, ${block.line + k});`;
    if (alternatives || !expr || !value || /^(const|let|var|import|export|return|if|for|while)\b|[{(,]$/.test(expr)) return l;
    return `${m[1]}__check((${expr}), ${JSON.stringify(value[1])}, ${block.line + k});`;
  });
  return body.join("\n");
}

/** The `{ … }` that opens `text`, when its braces close on the same line (quotes respected); else null. */
function closedObject(text) {
  let depth = 0;
  let quote = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "{" || c === "[") depth++;
    else if ((c === "}" || c === "]") && --depth === 0) return text.slice(0, i + 1);
  }
  return null;
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

/** Every ```ts block of a TSDoc `@example` in src/: { file, line, code } (the ` * ` prefixes removed). */
export function tsdocExamples() {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(join(root, dir), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith(".ts")) {
        const lines = readFileSync(join(root, rel), "utf8").split("\n");
        for (let i = 0; i < lines.length; i++) {
          if (!/^\s*\*\s*@example/.test(lines[i])) continue;
          let j = i + 1;
          while (j < lines.length && !/^\s*\*\s*```ts\s*$/.test(lines[j]) && !/^\s*\*\s*@|\*\//.test(lines[j])) j++;
          if (j >= lines.length || !/```ts/.test(lines[j])) continue;
          const start = j + 1;
          let k = start;
          while (k < lines.length && !/^\s*\*\s*```\s*$/.test(lines[k])) k++;
          const code = lines.slice(start, k).map((l) => l.replace(/^\s*\* ?/, "")).join("\n");
          out.push({ file: rel, line: start + 1, code });
          i = k;
        }
      }
    }
  };
  walk("src");
  return out;
}

/**
 * One TSDoc example as a program: every export of `ensayo/node` and of the example's own module
 * (for internal helpers) is in scope, as the example assumes; output comments are checked.
 */
export function tsdocProgram(example, exportedNames, moduleNames) {
  const own = moduleNames.filter((n) => !exportedNames.includes(n));
  const imports = [
    `import { ${exportedNames.join(", ")} } from "ensayo/node";`,
    own.length ? `import { ${own.join(", ")} } from ${JSON.stringify(join(root, example.file))};` : "",
  ].join("\n");
  const code = runnable(example).replace(/^import\s+[^;]*from\s+"[^"]+";?\s*$/gm, "");
  return `${imports}\n${checkHeader(`${example.file}`)}\n${code}\nexport {};\n`;
}

/**
 * All TSDoc examples as one program: each in its own block with every export of `ensayo/node`, of its
 * own module and zod/mini's `z` in scope. It prints JSON `{ ran, placeholders, failures }`: an example that uses a name it
 * never defines (`data`, `fit`: a ReferenceError) or a file of the reader's it does not create
 * ("Cannot find module") is a placeholder; any other error, or a shown output
 * the code does not give, is a failure.
 */
export function tsdocSuite(exportedNames, moduleNamesOf) {
  const examples = tsdocExamples();
  const files = [...new Set(examples.map((e) => e.file))];
  const head = [
    `import { ${exportedNames.join(", ")} } from "ensayo/node";`,
    // the options schemas' examples build zod/mini schemas, as the modules they document do
    `import * as z from "zod/mini";`,
    // an internal module's example builds errors its own module recognizes: the source's EnsayoError, not dist's copy
    `import * as __errors from ${JSON.stringify(join(root, "src/errors.ts"))};`,
    ...files.map((f, i) => `import * as __m${i} from ${JSON.stringify(join(root, f))};`),
    `import { check as __c, throws as __t } from ${JSON.stringify(CHECK_MODULE)};`,
    `const __ran: string[] = [], __placeholders: string[] = [], __failures: string[] = [];`,
  ];
  const blocks = examples.map((e) => {
    const where = `${e.file}:${e.line}`;
    const own = moduleNamesOf(e.file).filter((n) => !exportedNames.includes(n));
    // imports of a sibling module (`import { x } from "./other.js"`) and of Node's (`node:fs`) are loaded;
    // the package's and zod's names are in scope already
    const load = (from) => (from.startsWith(".") ? join(root, dirname(e.file), from).replace(/\.js$/, ".ts") : from);
    const code = runnable(e).replace(/^import\s+([^;]*?)\s+from\s+"([^"]+)";?\s*$/gm, (_all, names, from) =>
      /^(\.|node:)/.test(from) ? `const ${names.replace(/\bas\b/g, ":")} = await import(${JSON.stringify(load(from))});` : "");
    return `{
  ${own.length ? `const { ${own.join(", ")} } = __m${files.indexOf(e.file)};` : ""}
  ${own.length && /\bEnsayoError\b/.test(code) ? "const { EnsayoError } = __errors;" : ""}
  const __check = (a: unknown, s: string, l: number) => __c(a, s, l, ${JSON.stringify(e.file)});
  const __throws = (r: () => unknown, c: string, l: number) => __t(r, c, l, ${JSON.stringify(e.file)});
  const __before = process.exitCode;
  try {
${code}
    if (process.exitCode !== __before) { __failures.push(${JSON.stringify(where)}); process.exitCode = __before; } else __ran.push(${JSON.stringify(where)});
  } catch (__e) {
    if (__e instanceof ReferenceError || /Cannot find module/.test(String(__e))) __placeholders.push(\`${where}: \${__e.message}\`);
    else __failures.push(\`${where}: \${String(__e)}\`);
  }
}`;
  });
  return `${head.join("\n")}\n${blocks.join("\n")}\nconsole.log(JSON.stringify({ ran: __ran, placeholders: __placeholders, failures: __failures }));\nexport {};\n`;
}

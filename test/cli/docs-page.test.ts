import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { COMMANDS, flagsOf } from "../../src/cli/commands.js";
import { cliDocsPage } from "../../src/cli/docs-page.js";

const page = readFileSync(new URL("../../docs/cli.md", import.meta.url), "utf8");
const pageEs = readFileSync(new URL("../../docs/cli.es.md", import.meta.url), "utf8");

describe("docs/cli.md", () => {
  it("is current: it equals what scripts/cli-docs.ts writes from the command and flag tables", () => {
    expect(page).toBe(cliDocsPage());
  });
  it("has a current Spanish twin, docs/cli.es.md, with every command's Spanish help", () => {
    expect(pageEs).toBe(cliDocsPage("es"));
    for (const c of COMMANDS) expect(pageEs).toContain(c.summaryEs.slice(1));
  });

  it("has a section for every command listing every flag it takes", () => {
    for (const c of COMMANDS) {
      const section = page.split(`## \`ensayo ${c.name}\``)[1]!.split("\n## ")[0]!;
      for (const flag of flagsOf(c)) expect(section, `${c.name} --${flag}`).toMatch(new RegExp(`--${flag}\\b`));
    }
  });
});

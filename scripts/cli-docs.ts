// Writes docs/cli.md and docs/cli.es.md from the command line's own tables: npx tsx scripts/cli-docs.ts
import { writeFileSync } from "node:fs";
import { cliDocsPage } from "../src/cli/docs-page.js";

writeFileSync(new URL("../docs/cli.md", import.meta.url), cliDocsPage());
writeFileSync(new URL("../docs/cli.es.md", import.meta.url), cliDocsPage("es"));

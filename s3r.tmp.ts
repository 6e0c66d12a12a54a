import { readFileSync, writeFileSync } from "node:fs";
import { readCsvFile } from "./src/node.js";
import { declarePilot } from "./src/pilot/declare-pilot.js";
import { renderReport } from "./src/report/render-report.js";
const dir = "fixtures/pilot-multiarm/";
const plan = JSON.parse(readFileSync(dir + "plan.json", "utf8"));
const a = declarePilot(plan).analyze({ baseline: readCsvFile(dir+"baseline.csv"), assignment: readCsvFile(dir+"asignacion.csv"), endline: readCsvFile(dir+"endline.csv") });
writeFileSync("/tmp/s3-es.md", renderReport(a, { lang: "es", format: "md" }));
writeFileSync("/tmp/s3-es.html", renderReport(a, { lang: "es" }));

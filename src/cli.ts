/**
 * The `ensayo` command line, for scripted analyses.
 */
import { VERSION } from "./version.js";

const args = process.argv.slice(2);
if (args[0] === "--version" || args[0] === "-v") {
  console.log(VERSION);
} else {
  console.log(`ensayo ${VERSION}\nusage: ensayo --version`);
}

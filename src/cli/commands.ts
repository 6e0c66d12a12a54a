/**
 * The commands of `ensayo`, in the order `ensayo --help` lists them. A new command is one more
 * `Command` object here (see src/cli/command.ts).
 */
import { balanceCommand, dimCommand, lmCommand } from "./analysis-commands.js";
import type { Command } from "./command.js";
import { assignCommand, readCommand, verifyCommand } from "./data-commands.js";
import { GENERAL_FLAGS, READING_FLAGS, type FlagName } from "./flags.js";
import { mergeCommand, planCommand, reportCommand } from "./pilot-commands.js";
import { powerCommand } from "./power-command.js";

/** Every command, by name. */
export const COMMANDS: readonly Command[] = [readCommand, assignCommand, verifyCommand, dimCommand, lmCommand, balanceCommand, powerCommand, planCommand, mergeCommand, reportCommand];

/** Every flag a command takes: its own, the reading flags when it reads a CSV, and the general ones. */
export function flagsOf(command: Command): FlagName[] {
  return [...command.flags, ...(command.readsCsv ? READING_FLAGS : []), ...GENERAL_FLAGS];
}

/** The command called `name`, if any. */
export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}

import { commandWords } from '../triage/planning-kit.js';
import type { Command, CommandContext } from './command.js';
import { renderHelp } from './help.js';
import { planCommand } from './plan.js';
import { reviewCommand } from './review.js';

/** Every verb, one line each; `help` lists them in this order. */
export const COMMANDS: readonly Command[] = [
  planCommand,
  reviewCommand,
  {
    verb: 'help',
    usage: 'help',
    summary: 'This list of commands and the configuration file.',
    run: async (ctx) => helpReply(ctx),
  },
];

/** The help reply; with `unknown`, it first says that verb is not a command. */
export function helpReply(ctx: Pick<CommandContext, 'word' | 'kit'>, unknown?: string): string {
  // The verb is user text: shown short and without anything HTML could read.
  const shown = unknown?.replace(/[<>&]/g, '').slice(0, 40);
  return renderHelp({ word: ctx.word, words: commandWords(ctx.kit), entries: COMMANDS, unknown: shown });
}

/** The command for a verb; an unknown verb is answered with help. */
export function resolveCommand(verb: string): { command: Command; unknown?: string } {
  const command = COMMANDS.find((c) => c.verb === verb);
  if (command) return { command };
  return { command: { ...COMMANDS.find((c) => c.verb === 'help')!, run: async (ctx) => helpReply(ctx, verb) }, unknown: verb };
}

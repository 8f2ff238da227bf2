import type { Command } from '../command.js';
import { agentPrompt } from '../../agents/prompt.js';

const USAGE = `localhooks prompt

Prints a short context for coding agents (Claude Code, Cursor, Codex, Cline …): how to run, test and inspect a
Codehooks app with localhooks, and the MCP tools of localhooks mcp. Append it to the file your agent reads:

  localhooks prompt >> AGENTS.md      (or CLAUDE.md)`;

export const promptCommand: Command = {
  name: 'prompt',
  summary: 'print a context for coding agents (localhooks prompt >> AGENTS.md)',
  usage: USAGE,
  run: async (args) => {
    if (args.length) {
      console.error(`localhooks prompt takes no arguments, got ${args.join(' ')}\n\n${USAGE}`);
      return 1;
    }
    process.stdout.write(agentPrompt());
    return 0;
  },
};

import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { CliUsageError, defaultIo, type CliIo } from '../../queue/admin-client.js';
import { clientFor, printJson, reportError, SERVER_HELP, SERVER_OPTIONS } from '../data/common.js';

const USAGE = `localhooks reset [--yes] [options]

Deletes all data of a running localhooks server: every collection, key-value entry, queue item,
workflow instance and stored file (snapshots are kept). The server keeps running. Asks first unless
--yes is given (a script must give it). To wipe the data folder of a stopped server: localhooks dev --reset.

Options:
  -y, --yes           do not ask
${SERVER_HELP}`;

export async function runReset(args: string[], io: CliIo, ask: (question: string) => Promise<string> = askTerminal): Promise<number> {
  try {
    const { values } = parseArgs({ args, strict: true, options: { ...SERVER_OPTIONS, yes: { type: 'boolean', short: 'y' } } });
    const client = clientFor(values, io);
    if (!values.yes) {
      if (!io.isTTY) throw new CliUsageError('this deletes all data; add --yes to confirm');
      const answer = await ask(`Delete all data of the server at ${client.origin}? Type yes: `);
      if (answer.trim().toLowerCase() !== 'yes') {
        io.err('Not reset.\n');
        return 1;
      }
    }
    const r = await client.send<{ reset: boolean }>('POST', '/reset');
    if (values.json) printJson(io, r);
    else io.out('All data deleted.\n');
    return 0;
  } catch (err) {
    return reportError(io, 'reset', err);
  }
}

async function askTerminal(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

export const resetCommand: Command = {
  name: 'reset',
  summary: 'delete all data of the running server (asks first; --yes for scripts)',
  usage: USAGE,
  run: (args) => runReset(args, defaultIo()),
};

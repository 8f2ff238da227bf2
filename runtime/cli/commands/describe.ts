import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { describeServer, renderDescription } from '../../agents/describe.js';
import { CliUsageError, defaultIo, type CliIo } from '../../queue/admin-client.js';
import { clientFor, printJson, reportError, SERVER_HELP, SERVER_OPTIONS } from '../data/common.js';

const USAGE = `localhooks describe [options]

One screen about a running localhooks server, for a newcomer or a coding agent: its URLs (app, dashboard, admin
API and its OpenAPI document), versions, entry file and build state, data folder, the app's manifest (routes,
workers, channels), cron jobs with their next runs, workflows with instance counts, collections with document
counts, queues, and the offline LLM's mode.

Options:
${SERVER_HELP}

Examples:
  localhooks describe
  localhooks describe --json > app.json`;

export async function runDescribe(args: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: { ...SERVER_OPTIONS } });
    if (positionals.length) throw new CliUsageError(`describe takes no arguments, got ${positionals.join(' ')}\n\n${USAGE}`);
    const d = await describeServer(clientFor(values, io));
    if (values.json) printJson(io, d);
    else io.out(renderDescription(d));
    return 0;
  } catch (err) {
    return reportError(io, 'describe', err);
  }
}

export const describeCommand: Command = {
  name: 'describe',
  summary: "one screen about a running server: URLs, manifest, collections, queues, jobs, workflows, LLM mode, versions",
  usage: USAGE,
  run: (args) => runDescribe(args, defaultIo()),
};

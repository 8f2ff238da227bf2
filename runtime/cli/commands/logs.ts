import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { CliUsageError, defaultIo, type CliIo } from '../../queue/admin-client.js';
import type { LogEntry } from '../../logs/log-buffer.js';
import { clientFor, reportError, SERVER_OPTIONS } from '../data/common.js';

const USAGE = `localhooks logs [-f] [options]

Prints the last lines of a running localhooks server's log (its own lines and the app's console);
with --follow, keeps printing new lines until Ctrl+C. The server keeps the last 1000 lines.

Options:
  -f, --follow        keep printing new lines
  -n, --tail <n>      lines to start with (default: 100)
      --json          one JSON object a line: {seq, time, level, text}
  -p, --port <n>      port of the server (default: $LOCALHOOKS_PORT, $PORT or 8080)
      --url <url>     address of the server instead of --port`;

const line = (e: LogEntry, json: boolean): string => (json ? `${JSON.stringify(e)}\n` : `${new Date(e.time).toISOString().slice(11, 23)} ${e.level.padEnd(5)} ${e.text}\n`);

export async function runLogs(args: string[], io: CliIo, stop?: AbortSignal): Promise<number> {
  try {
    const { values } = parseArgs({ args, strict: true, options: { ...SERVER_OPTIONS, follow: { type: 'boolean', short: 'f' }, tail: { type: 'string', short: 'n' } } });
    const tail = values.tail ?? '100';
    if (!/^\d+$/.test(tail)) throw new CliUsageError(`--tail: expected a number of lines, got ${tail}`);
    const client = clientFor(values, io);
    if (!values.follow) {
      const { entries } = await client.get<{ entries: LogEntry[] }>(`/logs?tail=${tail}`);
      for (const e of entries) io.out(line(e, values.json === true));
      return 0;
    }
    const interrupt = new AbortController();
    const onSigint = (): void => interrupt.abort();
    process.once('SIGINT', onSigint);
    stop?.addEventListener('abort', onSigint, { once: true });
    try {
      for await (const { event, data } of client.events(`/logs/stream?tail=${tail}`, interrupt.signal)) {
        if (event === 'log') io.out(line(data as LogEntry, values.json === true));
      }
    } finally {
      process.off('SIGINT', onSigint);
    }
    return 0;
  } catch (err) {
    return reportError(io, 'logs', err);
  }
}

export const logsCommand: Command = {
  name: 'logs',
  summary: "print the server's log (its own lines and the app's console); -f to follow",
  usage: USAGE,
  run: (args) => runLogs(args, defaultIo()),
};

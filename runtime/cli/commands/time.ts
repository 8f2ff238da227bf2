import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { CliUsageError, defaultIo, type CliIo } from '../../queue/admin-client.js';
import type { ClockStatus, TimeTravel } from '../../time/types.js';
import { clientFor, printJson, reportError, SERVER_HELP, SERVER_OPTIONS } from '../data/common.js';
import { renderTable } from '../data/table.js';

const USAGE = `localhooks time [advance <duration> | set <time> | reset] [options]

The clock of a running localhooks dev server: what time it is there and what is due next (key-value
expiries, cron runs, runAt items, retries, lease and workflow step timeouts). Moving it runs everything
that becomes due on the way, in time order, and lists what ran. The app's own Date follows the clock.
The offset lasts until reset or a restart (localhooks dev --clock starts the clock elsewhere).

  time                       the server clock and the next things due
  time advance <duration>    move forward: 90s, 10m, 2h, 1h30m, 3d, 1w
  time set <time>            jump to an ISO time (2026-05-01T09:00:00Z); backward runs nothing
  time reset                 back to the real time

Options:
  -n, --limit <n>     due things to list (default: 20)
${SERVER_HELP}

Examples:
  localhooks time advance 25h
  localhooks time set 2026-12-24T18:00:00Z`;

const when = (iso: string) => iso.replace('T', ' ').replace(/\.000Z$/, 'Z').replace(/\.\d+Z$/, 'Z');

function renderStatus(s: ClockStatus): string {
  const offset = s.offsetMs === null ? 'a frozen test clock' : s.offsetMs === 0 ? 'real time' : `${s.offsetMs > 0 ? '+' : '-'}${duration(Math.abs(s.offsetMs))} from real time`;
  const head = `Server clock: ${when(s.now)} (${offset})\n`;
  if (s.due.length === 0) return `${head}Nothing is due.\n`;
  return `${head}\nNext due:\n${renderTable(['at', 'kind', 'what'], s.due.map((d) => [when(d.at), d.kind, d.what]))}`;
}

export function renderTravel(t: TimeTravel): string {
  const moved = Date.parse(t.to) - Date.parse(t.from);
  const head = `Clock moved ${when(t.from)} → ${when(t.to)} (${moved >= 0 ? '+' : '-'}${duration(Math.abs(moved))})\n`;
  if (t.ran.length === 0) return `${head}Nothing was due.\n`;
  const rows = t.ran.map((r) => [when(r.at), r.kind, r.what, r.error ? `${r.outcome}: ${r.error}` : r.outcome]);
  const more = t.omitted ? `… and ${t.omitted} more\n` : '';
  return `${head}\nRan (${t.ran.length + t.omitted}):\n${renderTable(['at', 'kind', 'what', 'outcome'], rows)}${more}`;
}

function duration(ms: number): string {
  const units: [string, number][] = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]];
  const parts: string[] = [];
  let left = Math.round(ms / 1000) * 1000;
  for (const [u, n] of units) {
    if (left >= n) {
      parts.push(`${Math.floor(left / n)}${u}`);
      left %= n;
    }
  }
  return parts.join('') || '0s';
}

export async function runTime(args: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: { ...SERVER_OPTIONS, limit: { type: 'string', short: 'n' } } });
    const client = clientFor(values, io);
    const [sub, ...rest] = positionals;
    const travel = async (path: string, body?: unknown) => {
      const t = await client.send<TimeTravel>('POST', path, body);
      if (values.json) printJson(io, t);
      else io.out(renderTravel(t));
      return 0;
    };
    if (sub === undefined) {
      const limit = values.limit ?? '20';
      const s = await client.get<ClockStatus>(`/clock?limit=${encodeURIComponent(limit)}`);
      if (values.json) printJson(io, s);
      else io.out(renderStatus(s));
      return 0;
    }
    if (sub === 'advance' && rest.length === 1) return await travel('/clock/advance', { by: /^\d+$/.test(rest[0]!) ? Number(rest[0]) : rest[0] });
    if (sub === 'set' && rest.length === 1) return await travel('/clock/set', { to: rest[0] });
    if (sub === 'reset' && rest.length === 0) return await travel('/clock/reset');
    throw new CliUsageError(`expected time, time advance <duration>, time set <time> or time reset\n\n${USAGE}`);
  } catch (err) {
    return reportError(io, 'time', err);
  }
}

export const timeCommand: Command = {
  name: 'time',
  summary: 'the server clock and what is due; time advance 2h | set <iso> | reset',
  usage: USAGE,
  run: (args) => runTime(args, defaultIo()),
};

import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { callAdmin, CliUsageError, defaultIo, reportCliError, resolveServer, showOnceOrFollow, type CliIo } from '../../queue/admin-client.js';
import type { DeadLetter, TopicStatus } from '../../queue/types.js';
import { renderLiveHeader } from '../../workflow/render.js';

const USAGE = `localhooks queue-status [options]

Shows the queues of a running localhooks server, like \`coho queue-status\`: per topic the items waiting,
scheduled (runAt), being processed (leased), failed and waiting for a retry, done, and dead-lettered,
with the worker's concurrency.

Options:
  -f, --follow        refresh every 2 s until Ctrl+C
      --dead          list the dead letters (payload, attempts, last error) instead
      --topic <t>     with --dead: only this topic
      --format <f>    text | compact | json (default: text)
  -p, --port <n>      port of the server (default: $LOCALHOOKS_PORT, $PORT or 8080)
      --url <url>     address of the server instead of --port

Examples:
  localhooks queue-status --follow
  localhooks queue-status --dead --topic mail`;

const COLUMNS = ['workers', 'waiting', 'scheduled', 'leased', 'failed', 'done', 'dead'] as const;

export function renderQueueTable(topics: TopicStatus[]): string {
  if (topics.length === 0) return 'Queue Status\n============\n\nNo queues yet.\n';
  const cell = (t: TopicStatus, c: (typeof COLUMNS)[number]): string => (c === 'workers' ? (t.workers === null ? '-' : String(t.workers)) : String(t[c]));
  const topicWidth = Math.max(5, ...topics.map((t) => t.topic.length));
  const widths = COLUMNS.map((c) => Math.max(c.length, ...topics.map((t) => cell(t, c).length)));
  const line = (first: string, cells: string[]): string => [first.padEnd(topicWidth), ...cells.map((c, i) => c.padStart(widths[i]!))].join('  ');
  const sum = (k: Exclude<(typeof COLUMNS)[number], 'workers'>): number => topics.reduce((n, t) => n + t[k], 0);
  const rows = [
    'Queue Status',
    '============',
    '',
    line('topic', [...COLUMNS]),
    line('-'.repeat(topicWidth), widths.map((w) => '-'.repeat(w))),
    ...topics.map((t) => line(t.topic, COLUMNS.map((c) => cell(t, c)))),
    '',
    `Total: ${topics.length} topic(s), ${sum('waiting')} waiting, ${sum('scheduled')} scheduled, ${sum('leased')} leased, ${sum('failed')} failed, ${sum('done')} done, ${sum('dead')} dead`,
  ];
  if (topics.some((t) => t.workers === null && t.waiting > 0)) rows.push('Topics with workers "-" have no worker registered: their items wait.');
  if (sum('dead') > 0) rows.push('See the dead letters with: localhooks queue-status --dead');
  return rows.join('\n') + '\n';
}

function renderCompact(topics: TopicStatus[]): string {
  return topics.map((t) => `${t.topic} workers=${t.workers ?? '-'} waiting=${t.waiting} scheduled=${t.scheduled} leased=${t.leased} failed=${t.failed} done=${t.done} dead=${t.dead}`).join('\n') + '\n';
}

export function renderDeadLetters(items: DeadLetter[]): string {
  if (items.length === 0) return 'No dead letters.\n';
  const blocks = items.map((d) => {
    const payload = JSON.stringify(d.payload);
    return [
      `${d._id}  ${d.topic}  attempts ${d.attempts}  dead since ${d.deadAt}`,
      `  error:   ${d.lastError?.message ?? '(none)'}`,
      `  payload: ${payload.length > 200 ? payload.slice(0, 200) + '…' : payload}`,
    ].join('\n');
  });
  return `Dead letters (${items.length})\n\n${blocks.join('\n\n')}\n`;
}

export async function runQueueStatus(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      follow: { type: 'boolean', short: 'f' },
      dead: { type: 'boolean' },
      topic: { type: 'string' },
      format: { type: 'string', default: 'text' },
      port: { type: 'string', short: 'p' },
      url: { type: 'string' },
    },
  });
  try {
    const format = values.format;
    if (format !== 'text' && format !== 'json' && format !== 'compact') throw new CliUsageError(`--format: expected text, compact or json, got ${format}`);
    const origin = resolveServer(values, io.env);
    const render = async (): Promise<string> => {
      if (values.dead) {
        const q = values.topic ? `?topic=${encodeURIComponent(values.topic)}` : '';
        const { deadLetters } = await callAdmin<{ deadLetters: DeadLetter[] }>(io, origin, `/queues/dead${q}`);
        return format === 'json' ? `${JSON.stringify(deadLetters, null, values.follow ? 0 : 2)}\n` : renderDeadLetters(deadLetters);
      }
      const { topics } = await callAdmin<{ topics: TopicStatus[] }>(io, origin, '/queues');
      if (format === 'json') return `${JSON.stringify(topics, null, values.follow ? 0 : 2)}\n`;
      return format === 'compact' ? renderCompact(topics) : renderQueueTable(topics);
    };
    return await showOnceOrFollow(io, values.follow === true, render, format === 'text' ? (now) => renderLiveHeader('Queue Status', now, 2) : null);
  } catch (err) {
    return reportCliError(io, 'queue-status', err);
  }
}

export const queueStatusCommand: Command = {
  name: 'queue-status',
  summary: 'show queue depths, workers, retries and dead letters, optionally live',
  usage: USAGE,
  run: (args) => runQueueStatus(args, defaultIo()),
};

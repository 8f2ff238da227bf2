import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { callAdmin, CliUsageError, defaultIo, reportCliError, resolveServer, type CliIo } from '../../queue/admin-client.js';
import type { CronJobStatus, TriggerResult } from '../../cron/index.js';

const USAGE = `localhooks jobs [run <index|expression>] [options]

Lists the cron jobs (app.job) of a running localhooks server with their next run, or runs one now.
Times are UTC, as on the platform.

Options:
      --format <f>    text | json (default: text)
  -p, --port <n>      port of the server (default: $LOCALHOOKS_PORT, $PORT or 8080)
      --url <url>     address of the server instead of --port

Examples:
  localhooks jobs
  localhooks jobs run 1
  localhooks jobs run "*/5 * * * *"`;

/** A manual run answers when the job finished; a job may legitimately take minutes. */
const RUN_TIMEOUT_MS = 10 * 60_000;

const when = (iso: string | null): string => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '-');

export function renderJobs(jobs: CronJobStatus[]): string {
  if (jobs.length === 0) return 'No cron jobs (the app defines none with app.job).\n';
  const rows = jobs.map((j) => [
    String(j.index),
    j.expr,
    j.invalid ? '-' : when(j.nextRun),
    when(j.lastRun),
    j.invalid ? `invalid: ${j.invalid}` : j.running ? 'running' : j.lastError ? `failed: ${j.lastError.message}` : j.lastRun ? 'ok' : 'idle',
  ]);
  const head = ['#', 'expression', 'next run', 'last run', 'status'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

export async function runJobs(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      port: { type: 'string', short: 'p' },
      url: { type: 'string' },
    },
  });
  try {
    if (values.format !== 'text' && values.format !== 'json') throw new CliUsageError(`--format: expected text or json, got ${values.format}`);
    const origin = resolveServer(values, io.env);
    const json = values.format === 'json';
    if (positionals.length === 0) {
      const { jobs } = await callAdmin<{ jobs: CronJobStatus[] }>(io, origin, '/jobs');
      io.out(json ? `${JSON.stringify(jobs, null, 2)}\n` : renderJobs(jobs));
      return 0;
    }
    const [sub, ...rest] = positionals;
    if (sub !== 'run' || rest.length === 0) throw new CliUsageError(`expected "run <index|expression>"\n\n${USAGE}`);
    const ref = rest.join(' ');
    const result = await callAdmin<TriggerResult>(io, origin, `/jobs/${encodeURIComponent(ref)}/run`, 'POST', RUN_TIMEOUT_MS);
    if (json) io.out(`${JSON.stringify(result, null, 2)}\n`);
    else if (result.status === 'ok') io.out(`Job #${result.index} '${result.expr}' ran in ${result.durationMs} ms\n`);
    else if (result.status === 'failed') io.out(`Job #${result.index} '${result.expr}' failed after ${result.durationMs} ms: ${result.error.message}\n`);
    else io.out(`Job #${result.index} '${result.expr}' not run: ${result.reason}\n`);
    return result.status === 'ok' ? 0 : 1;
  } catch (err) {
    return reportCliError(io, 'jobs', err);
  }
}

export const jobsCommand: Command = {
  name: 'jobs',
  summary: 'list cron jobs with their next run, or run one now (jobs run <index|expr>)',
  usage: USAGE,
  run: (args) => runJobs(args, defaultIo()),
};

import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { callAdmin, CliUsageError, defaultIo, reportCliError, resolveServer, showOnceOrFollow, type CliIo } from '../../queue/admin-client.js';
import { renderLiveHeader, renderWorkflowReport, type WorkflowStatusReport } from '../../workflow/index.js';

const USAGE = `localhooks workflow-status [options]

Reports the workflow instances of a running localhooks server, like \`coho workflow-status\`: total
instances, the workflow's steps in order, and how many instances are at each step (a completed instance
counts under its last step). One report per workflow name.

Options:
  -f, --follow        refresh every 2 s until Ctrl+C
      --active        only instances that have not completed
      --format <f>    text | json (default: text)
  -p, --port <n>      port of the server (default: $LOCALHOOKS_PORT, $PORT or 8080)
      --url <url>     address of the server instead of --port, e.g. http://127.0.0.1:3000

Examples:
  localhooks workflow-status
  localhooks workflow-status --follow
  localhooks workflow-status --format json > workflow-status.json`;

export async function runWorkflowStatus(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      follow: { type: 'boolean', short: 'f' },
      active: { type: 'boolean' },
      format: { type: 'string', default: 'text' },
      port: { type: 'string', short: 'p' },
      url: { type: 'string' },
    },
  });
  try {
    if (values.format !== 'text' && values.format !== 'json') throw new CliUsageError(`--format: expected text or json, got ${values.format}`);
    const origin = resolveServer(values, io.env);
    const json = values.format === 'json';
    const render = async (): Promise<string> => {
      const report = await callAdmin<WorkflowStatusReport>(io, origin, `/workflows/status${values.active ? '?active=true' : ''}`);
      if (!json) return renderWorkflowReport(report);
      return values.follow ? `${JSON.stringify(report)}\n` : `${JSON.stringify(report, null, 2)}\n`;
    };
    return await showOnceOrFollow(io, values.follow === true, render, json ? null : (now) => renderLiveHeader('Workflow Status', now, 2));
  } catch (err) {
    return reportCliError(io, 'workflow-status', err);
  }
}

export const workflowStatusCommand: Command = {
  name: 'workflow-status',
  summary: 'show where workflow instances are (per step), optionally live',
  usage: USAGE,
  run: (args) => runWorkflowStatus(args, defaultIo()),
};

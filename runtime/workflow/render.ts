import type { WorkflowReport, WorkflowStatusReport } from './report.js';

/** Columns are at least this wide, and four wider than their step name, like `coho workflow-status`. */
const MIN_COLUMN = 12;
const COLUMN_PAD = 4;
/** The rule above and below the live header. */
export const LIVE_RULE = '━'.repeat(66);

/** The text report in the layout of `coho workflow-status` (one block per workflow name). */
export function renderWorkflowReport(report: WorkflowStatusReport): string {
  if (report.workflows.length === 0) return ['Workflow Report', '===============', '', 'No workflow instances found.', ''].join('\n');
  const titled = report.workflows.length > 1;
  return report.workflows.map((wf) => renderOne(wf, titled)).join('\n');
}

function renderOne(wf: WorkflowReport, titled: boolean): string {
  const title = titled ? `Workflow Report: ${wf.workflowName}` : 'Workflow Report';
  const widths = wf.steps.map((s) => Math.max(MIN_COLUMN, s.length + COLUMN_PAD));
  const row = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join(' ').trimEnd();
  return [
    title,
    '='.repeat(title.length),
    '',
    `Total workflow instances: ${wf.totalInstances}`,
    `Unique steps: ${wf.uniqueSteps}`,
    '',
    `Workflow Structure (${wf.steps.length} steps):`,
    ...wf.steps.map((s, i) => `${i + 1}. ${s}`),
    '',
    'Current State Distribution:',
    row(wf.steps),
    widths.map((w) => '-'.repeat(w)).join(' '),
    row(wf.steps.map((s) => String(wf.distribution[s] ?? 0))),
    '',
  ].join('\n');
}

/** The header `--follow` prints above each refresh. */
export function renderLiveHeader(title: string, now: Date, intervalSeconds: number): string {
  const time = [now.getHours(), now.getMinutes(), now.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
  return [LIVE_RULE, `${title} (Live) - Press Ctrl+C to exit`, `Last updated: ${time} | Next update in ${intervalSeconds}s`, LIVE_RULE, ''].join('\n');
}

import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { ActionButton, Badge, Empty, ErrorBox, fmtDateTime, fmtMs, PageHead, Section, useAsync } from '../ui/common.js';
import { html } from '../ui/html.js';

interface Job {
  index: number;
  expr: string;
  nextRun: string | null;
  running: boolean;
  lastRun: string | null;
  lastDurationMs: number | null;
  lastError: { message: string } | null;
  runs: number;
  skipped: number;
  invalid: string | null;
}

type RunResult = { index: number; status: 'ok' | 'failed' | 'skipped'; durationMs?: number; error?: { message: string }; reason?: string };

export function JobsView() {
  const jobs = useAsync(() => api<{ jobs: Job[] }>('jobs'));
  const [results, setResults] = useState<Record<number, RunResult>>({});
  const run = async (j: Job) => {
    const r = await api<RunResult>(`jobs/${j.index}/run`, { method: 'POST' });
    setResults((old) => ({ ...old, [j.index]: r }));
    jobs.reload();
  };
  return html`
    <${PageHead} title="Jobs" sub="Cron jobs from app.job(), with their next runs (UTC, as on the platform) and last result." actions=${html`<button class="btn" type="button" onClick=${jobs.reload}>Refresh</button>`} />
    <${ErrorBox} error=${jobs.error} />
    <${Section} title="Cron jobs">
      ${jobs.data && jobs.data.jobs.length === 0 ? html`<${Empty}>The app defines no cron jobs (app.job).<//>` : null}
      ${jobs.data && jobs.data.jobs.length
        ? html`<div class="tbl-wrap"><table class="tbl stack" aria-label="Cron jobs">
            <thead><tr><th>#</th><th>Schedule</th><th>Next run</th><th>Last run</th><th>Result</th><th>Runs</th><th><span class="sr-only">Actions</span></th></tr></thead>
            <tbody>${jobs.data.jobs.map((j) => {
              const r = results[j.index];
              return html`<tr data-job=${j.index}>
                <td data-label="Job">${j.index}</td>
                <td class="mono nowrap">${j.expr}</td>
                <td data-label="Next run">${j.invalid ? html`<${Badge} kind="bad">invalid<//> ${j.invalid}` : fmtDateTime(j.nextRun)}</td>
                <td data-label="Last run">${fmtDateTime(j.lastRun)}${j.lastDurationMs !== null ? html` <span class="muted small">(${fmtMs(j.lastDurationMs)})</span>` : null}</td>
                <td data-label="Result" data-job-result>${j.running ? html`<${Badge} kind="info">running<//>` : j.lastError ? html`<${Badge} kind="bad">failed<//> ${j.lastError.message}` : j.lastRun ? html`<${Badge} kind="ok">ok<//>` : html`<span class="muted">not run yet</span>`}
                  ${r ? html`<div class="small">Run now: ${r.status}${r.durationMs !== undefined ? ` in ${fmtMs(r.durationMs)}` : ''}${r.reason ? ` (${r.reason})` : ''}</div>` : null}</td>
                <td data-label="Runs">${j.runs}${j.skipped ? html` <span class="muted small">(${j.skipped} skipped)</span>` : null}</td>
                <td class="end"><${ActionButton} onClick=${() => run(j)} disabled=${j.running || j.invalid !== null} label=${`Run job ${j.index} now`}>Run now<//></td>
              </tr>`;
            })}</tbody></table></div>`
        : null}
    <//>
  `;
}

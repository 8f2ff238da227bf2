import { useMemo, useState } from 'preact/hooks';
import { api, q } from '../api.js';
import { throttle, useLive } from '../live.js';
import { go, href, type Route } from '../router.js';
import { Empty, ErrorBox, fmtDateTime, PageHead, Section, StateBadge, useAsync } from '../ui/common.js';
import { html } from '../ui/html.js';
import { InstanceView } from './workflow-instance.js';

interface InstanceSummary {
  _id: string;
  workflowName: string | null;
  state: string;
  nextStep: string | null;
  previousStep: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  lastError: unknown;
}

interface Report {
  totalInstances: number;
  workflows: { workflowName: string; totalInstances: number; steps: string[]; distribution: Record<string, number>; completed: number; active: number; cancelled: number; withErrors: number }[];
}

const STATES = ['running', 'waiting', 'failed', 'cancelled', 'done'];
const PAGE = 100;

export function WorkflowsView({ route }: { route: Route }) {
  if (route.parts[0]) return html`<${InstanceView} key=${route.parts[0]} id=${route.parts[0]} />`;
  return html`<${InstanceList} />`;
}

function InstanceList() {
  const [workflow, setWorkflow] = useState('');
  const [state, setState] = useState('');
  const [offset, setOffset] = useState(0);
  const report = useAsync(() => api<Report>('workflows/status'));
  const list = useAsync(() => api<{ instances: InstanceSummary[]; more: boolean }>(`workflows/instances${q({ workflow, state, limit: PAGE, offset, order: 'newest' })}`), [workflow, state, offset]);
  const waiting = useAsync(() => api<{ waiting: { instanceId: string; workflowName: string; step: string; resumeUrl: string }[] }>('workflows/resume-urls'));
  const refresh = useMemo(() => throttle(() => {
    report.reload();
    list.reload();
    waiting.reload();
  }, 700), []);
  useLive('workflow', refresh);
  const r = report.data;
  return html`
    <${PageHead} title="Workflows" sub="Instances of the app’s workflows, live. Open one for its step timeline, state diffs, rerun and resume URL." />
    <${ErrorBox} error=${report.error ?? list.error} />
    ${r && r.workflows.length
      ? html`<div class="grid two">${r.workflows.map(
          (w) => html`<${Section} title=${w.workflowName} actions=${html`<button class="btn small" type="button" onClick=${() => { setWorkflow(w.workflowName); setOffset(0); }}>Show instances</button>`}>
            <div class="stat-row">
              <div class="stat"><b>${w.totalInstances}</b><span>instances</span></div>
              <div class="stat"><b>${w.active}</b><span>active</span></div>
              <div class="stat"><b>${w.completed}</b><span>completed</span></div>
              <div class="stat"><b>${w.withErrors}</b><span>with errors</span></div>
            </div>
            <h3>Where instances are</h3>
            <div class="steps-line">${w.steps.map((s, i) => html`${i ? html`<span class="arrow">→</span>` : null}<span class="chip">${s} <b>${w.distribution[s] ?? 0}</b></span>`)}</div>
          <//>`,
        )}</div>`
      : null}
    ${waiting.data?.waiting.length
      ? html`<${Section} title=${`Waiting for input (${waiting.data.waiting.length})`}>
          <ul class="plain">${waiting.data.waiting.slice(0, 20).map((w) => html`<li><a href=${href('workflows', w.instanceId)} class="mono">${w.instanceId}</a> ${w.workflowName} at <code>${w.step}</code> · resume URL on its page</li>`)}</ul>
        <//>`
      : null}
    <${Section}
      title="Instances"
      actions=${html`
        <label><span class="sr-only">Workflow</span><select aria-label="Workflow" value=${workflow} onChange=${(e: Event) => { setWorkflow((e.target as HTMLSelectElement).value); setOffset(0); }}><option value="">All workflows</option>${(r?.workflows ?? []).map((w) => html`<option>${w.workflowName}</option>`)}</select></label>
        <label><span class="sr-only">State</span><select aria-label="State" value=${state} onChange=${(e: Event) => { setState((e.target as HTMLSelectElement).value); setOffset(0); }}><option value="">Any state</option>${STATES.map((s) => html`<option>${s}</option>`)}</select></label>`}
    >
      ${list.data && list.data.instances.length === 0 ? html`<${Empty}>No instances${workflow || state ? ' match' : ' yet'}.<//>` : null}
      ${list.data && list.data.instances.length
        ? html`<div class="tbl-wrap"><table class="tbl stack" aria-label="Workflow instances">
            <thead><tr><th>Instance</th><th>Workflow</th><th>State</th><th>Step</th><th>Started</th><th>Updated</th></tr></thead>
            <tbody>${list.data.instances.map(
              (i) => html`<tr data-instance=${i._id} data-state=${i.state}>
                <td><a class="mono" href=${href('workflows', i._id)}>${i._id}</a></td>
                <td>${i.workflowName ?? '–'}</td>
                <td><${StateBadge} state=${i.state} /></td>
                <td class="mono" data-label="Step">${i.nextStep ?? i.previousStep ?? '–'}</td>
                <td data-label="Started">${fmtDateTime(i.createdAt)}</td>
                <td data-label="Updated">${fmtDateTime(i.updatedAt)}</td>
              </tr>`,
            )}</tbody></table></div>
            <div class="actions" style=${{ marginTop: '8px' }}>
              <button class="btn small" type="button" disabled=${offset === 0} onClick=${() => setOffset(Math.max(0, offset - PAGE))}>Newer</button>
              <button class="btn small" type="button" disabled=${!list.data.more} onClick=${() => setOffset(offset + PAGE)}>Older</button>
              <span class="muted small">${offset + 1}–${offset + list.data.instances.length}</span>
            </div>`
        : null}
    <//>
  `;
}

export const openInstance = (id: string) => go('workflows', id);

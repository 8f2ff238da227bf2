import { useMemo, useRef } from 'preact/hooks';
import { api, q } from '../api.js';
import { throttle, useLive } from '../live.js';
import { ActionButton, Empty, ErrorBox, fmtDateTime, PageHead, Section, useAsync } from '../ui/common.js';
import { html } from '../ui/html.js';
import { JsonView } from '../ui/json.js';

interface Topic {
  topic: string;
  waiting: number;
  scheduled: number;
  leased: number;
  failed: number;
  done: number;
  dead: number;
  workers: number | null;
}

interface Dead {
  _id: string;
  topic: string;
  attempts: number;
  payload: unknown;
  lastError?: { message?: string; stack?: string } | null;
  enqueuedAt?: string | null;
  deadAt?: string | null;
}

export function QueuesView() {
  const topics = useAsync(() => api<{ topics: Topic[] }>('queues'));
  const dead = useAsync(() => api<{ deadLetters: Dead[] }>('queues/dead'));
  const last = useRef('');
  const refresh = useMemo(() => throttle(() => { topics.reload(); dead.reload(); }, 1000), []);
  // The stats tick carries the totals: reload the lists only when they moved.
  useLive('stats', (s: { queues: unknown }) => {
    const k = JSON.stringify(s.queues);
    if (k !== last.current) {
      last.current = k;
      refresh();
    }
  });
  const retry = async (id?: string) => {
    await api(id ? `queues/dead/${encodeURIComponent(id)}/retry` : 'queues/dead/retry', { method: 'POST' });
    refresh();
  };
  const discard = async (id?: string) => {
    await api(id ? `queues/dead/${encodeURIComponent(id)}` : `queues/dead${q({})}`, { method: 'DELETE' });
    refresh();
  };
  const t = topics.data?.topics ?? [];
  const d = dead.data?.deadLetters ?? [];
  return html`
    <${PageHead} title="Queues" sub="Per topic: items waiting, scheduled, running, failed (backing off), done and dead. Dead letters can be retried or discarded." />
    <${ErrorBox} error=${topics.error ?? dead.error} />
    <${Section} title="Topics">
      ${t.length === 0 ? html`<${Empty}>No queue topics yet.<//>` : html`<div class="tbl-wrap"><table class="tbl stack" aria-label="Topics">
        <thead><tr><th>Topic</th><th>Waiting</th><th>Scheduled</th><th>Running</th><th>Failed</th><th>Done</th><th>Dead</th><th>Workers</th></tr></thead>
        <tbody>${t.map((x) => html`<tr data-topic=${x.topic}><td class="mono">${x.topic}</td><td data-label="Waiting">${x.waiting}</td><td data-label="Scheduled">${x.scheduled}</td><td data-label="Running">${x.leased}</td><td data-label="Failed">${x.failed}</td><td data-label="Done">${x.done}</td><td data-label="Dead" data-dead=${x.dead}>${x.dead ? html`<span class="badge bad">${x.dead}</span>` : 0}</td><td data-label="Workers">${x.workers ?? '–'}</td></tr>`)}</tbody>
      </table></div>`}
    <//>
    <${Section} title=${`Dead letters (${d.length})`} actions=${d.length ? html`<${ActionButton} onClick=${() => retry()}>Retry all<//><${ActionButton} kind="danger" onClick=${() => discard()}>Discard all<//>` : null}>
      ${d.length === 0 ? html`<${Empty}>No dead letters: every item that ran out of retries shows up here with its error.<//>` : null}
      ${d.map((x) => {
        const err = x.lastError;
        return html`<div class="step-card" style=${{ marginBottom: '8px' }} data-dead-letter=${x._id}>
          <div class="step-head"><span class="name">${x.topic}</span><span class="times">${x.attempts} attempts · dead since ${fmtDateTime(x.deadAt ?? null)} · <code>${x._id}</code></span>
            <span class="actions" style=${{ marginLeft: 'auto' }}><${ActionButton} label=${`Retry ${x._id}`} onClick=${() => retry(x._id)}>Retry<//><${ActionButton} kind="danger" label=${`Discard ${x._id}`} onClick=${() => discard(x._id)}>Discard<//></span></div>
          ${err?.message ? html`<div class="error-box">${err.message}</div>` : null}
          <details><summary>Payload</summary><${JsonView} value=${x.payload} /></details>
          ${err?.stack ? html`<details><summary>Stack</summary><pre class="raw">${err.stack}</pre></details>` : null}
        </div>`;
      })}
    <//>
  `;
}

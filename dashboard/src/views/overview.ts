import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { useLive } from '../live.js';
import { href } from '../router.js';
import { Chart } from '../ui/chart.js';
import { Empty, ErrorBox, fmtDateTime, PageHead, Section, StateBadge, useAsync } from '../ui/common.js';
import { html } from '../ui/html.js';

export interface Overview {
  version: string;
  url: string;
  space: string;
  entry: string | null;
  dataDir: string;
  sdk: { version: string; source: string } | null;
  build: { status: string; generation: number; at: number | null; error: string | null };
  manifest: {
    routes: string[];
    auth: string[];
    workers: { topic: string; workers?: number; timeout?: number }[];
    jobs: string[];
    workflows: { name: string; steps: string[] }[];
    realtime: string[];
    hasStartup: boolean;
  } | null;
  apiDocs: string[];
}

interface Series {
  requests: { t: number[]; rate: number[]; avgMs: number[]; p95Ms: number[]; errors: number[] };
  queues: { t: number[]; waiting: number[]; leased: number[]; dead: number[] };
  /** The span every chart shows, ending at the newest point of either series. */
  windowSeconds: number;
}

/** Keep the charts' windows bounded while live points arrive. */
const MAX_POINTS = 600;
const push = (a: number[], v: number) => (a.length >= MAX_POINTS ? [...a.slice(1), v] : [...a, v]);

export function OverviewView() {
  const ov = useAsync(() => api<Overview>('overview'));
  const [series, setSeries] = useState<Series | null>(null);
  useAsync(() => api<Series>('overview/series').then(setSeries));
  useLive('build', () => ov.reload());
  useLive('stats', (s: { requests: { t: number; rate: number; avgMs: number; p95Ms: number }; queues: { t: number; waiting: number; leased: number; dead: number } }) => {
    setSeries((old) => {
      if (!old) return old;
      const r = old.requests;
      const last = r.t.at(-1) ?? 0;
      const requests = s.requests.t > last ? { t: push(r.t, s.requests.t), rate: push(r.rate, s.requests.rate), avgMs: push(r.avgMs, s.requests.avgMs), p95Ms: push(r.p95Ms, s.requests.p95Ms), errors: r.errors } : r;
      const qd = old.queues;
      // The server's seconds, like the request series, so the charts' windows line up.
      const now = s.queues.t;
      const queues = now - (qd.t.at(-1) ?? 0) >= 5 ? { t: push(qd.t, now), waiting: push(qd.waiting, s.queues.waiting), leased: push(qd.leased, s.queues.leased), dead: push(qd.dead, s.queues.dead) } : qd;
      return { ...old, requests, queues };
    });
  });
  const o = ov.data;
  if (!o) return html`<${PageHead} title="Overview" /><${ErrorBox} error=${ov.error} />${ov.loading ? html`<${Empty}>Loading…<//>` : null}`;
  const m = o.manifest;
  const end = series ? Math.max(series.requests.t.at(-1) ?? 0, series.queues.t.at(-1) ?? 0) : 0;
  const range: [number, number] = series ? [end - series.windowSeconds, end] : [0, 1];
  return html`
    <${PageHead}
      title="Overview"
      sub=${html`<a href=${o.url}>${o.url}</a> · localhooks ${o.version}${o.sdk ? ` · codehooks-js ${o.sdk.version}` : ''}${o.entry ? ` · ${o.entry}` : ''}`}
      actions=${html`<span data-build=${o.build.status}><${StateBadge} state=${o.build.status} /></span><span class="muted small">generation ${o.build.generation}${o.build.at ? ` · ${fmtDateTime(o.build.at)}` : ''}</span>`}
    />
    ${o.build.error
      ? html`<${Section} title="Last build error"><p class="muted small">${o.build.status === 'error' && o.build.generation > 0 ? 'The previous version keeps serving until the error is fixed.' : 'The app is not serving until it builds.'}</p><pre class="frame">${o.build.error}</pre><//>`
      : null}
    <div class="grid three" data-ready="overview">
      ${series
        ? html`
            <section class="card"><div class="card-body"><${Chart} title="Requests per second" unit="req/s" range=${range} t=${series.requests.t} lines=${[{ label: 'requests', values: series.requests.rate, color: '--c1' }]} /></div></section>
            <section class="card"><div class="card-body"><${Chart} title="Latency" unit="ms" range=${range} t=${series.requests.t} lines=${[{ label: 'avg', values: series.requests.avgMs, color: '--c3' }, { label: 'p95', values: series.requests.p95Ms, color: '--c2' }]} /></div></section>
            <section class="card"><div class="card-body"><${Chart} title="Queue depth" unit="items" range=${range} t=${series.queues.t} lines=${[{ label: 'waiting', values: series.queues.waiting, color: '--c1' }, { label: 'running', values: series.queues.leased, color: '--c3' }, { label: 'dead', values: series.queues.dead, color: '--c2' }]} /></div></section>`
        : html`<${Empty}>Loading charts…<//>`}
    </div>
    ${m
      ? html`<div class="grid two">
          <${Section} title=${`Routes (${m.routes.length})`}>
            ${m.routes.length ? html`<ul class="plain mono">${m.routes.map((r) => html`<li>${r}</li>`)}</ul>` : html`<p class="muted">No routes.</p>`}
            ${m.auth.length ? html`<h3>Auth hooks</h3><ul class="plain mono">${m.auth.map((r) => html`<li>${r}</li>`)}</ul>` : null}
          <//>
          <div class="grid">
            <${Section} title=${`Workflows (${m.workflows.length})`} actions=${html`<a href=${href('workflows')}>Instances</a>`}>
              ${m.workflows.length
                ? m.workflows.map((w) => html`<div><b>${w.name}</b><div class="steps-line">${w.steps.map((s, i) => html`${i ? html`<span class="arrow">→</span>` : null}<span class="chip">${s}</span>`)}</div></div>`)
                : html`<p class="muted">No workflows.</p>`}
            <//>
            <${Section} title="Workers, jobs, channels">
              <dl class="kv">
                <dt>Queue workers</dt><dd class="mono">${m.workers.length ? m.workers.map((w) => w.topic).join(', ') : '–'}</dd>
                <dt>Cron jobs</dt><dd class="mono">${m.jobs.length ? html`<a href=${href('jobs')}>${m.jobs.join(', ')}</a>` : '–'}</dd>
                <dt>Realtime</dt><dd class="mono">${m.realtime.length ? m.realtime.join(', ') : '–'}</dd>
                <dt>Start-up hook</dt><dd>${m.hasStartup ? 'yes' : 'no'}</dd>
                <dt>API docs</dt><dd>${o.apiDocs.length ? o.apiDocs.map((p) => html`<a href=${p} target="_blank" rel="noopener">${p}</a> `) : html`<span class="muted">none (the app calls no <code>app.openapi()</code>)</span>`}</dd>
                <dt>Data folder</dt><dd class="mono small">${o.dataDir}</dd>
              </dl>
            <//>
          </div>
        </div>`
      : html`<${Empty}>The app is not serving yet: no manifest.<//>`}
  `;
}

import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, q } from '../api.js';
import { useLive } from '../live.js';
import { go, href, type Route } from '../router.js';
import { Badge, Empty, ErrorBox, fmtBytes, fmtMs, fmtTime, PageHead, statusKind, useAsync } from '../ui/common.js';
import { html } from '../ui/html.js';
import { RequestDetail } from './request-detail.js';
import { WebhookComposer } from './webhook-send.js';

export interface RequestSummary {
  id: number;
  time: string;
  method: string;
  url: string;
  path: string;
  status: number | null;
  ms: number | null;
  bodySize: number;
  bodyTruncated: boolean;
  responseSize: number;
  contentType: string | null;
  replayOf: number | null;
  error: { code: string; message: string } | null;
}

/** Entries the list holds while live ones arrive; older ones are a click on "older" away. */
const LIST_MAX = 500;

export function RequestsView({ route }: { route: Route }) {
  const [items, setItems] = useState<RequestSummary[]>([]);
  const [more, setMore] = useState(false);
  const [filter, setFilter] = useState('');
  const first = useAsync(() => api<{ requests: RequestSummary[]; more: boolean; capacity: number }>(`requests${q({ limit: 200 })}`));
  useEffect(() => {
    if (first.data) {
      setItems(first.data.requests);
      setMore(first.data.more);
    }
  }, [first.data]);
  useLive('request', (r: RequestSummary) => setItems((old) => [r, ...old.filter((x) => x.id !== r.id)].slice(0, LIST_MAX)));
  const older = async () => {
    const last = items.at(-1);
    const page = await api<{ requests: RequestSummary[]; more: boolean }>(`requests${q({ limit: 200, before: last?.id })}`);
    setItems((old) => [...old, ...page.requests]);
    setMore(page.more);
  };
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    return f ? items.filter((r) => `${r.method} ${r.url} ${r.status ?? ''}`.toLowerCase().includes(f)) : items;
  }, [items, filter]);
  const sel = route.parts[0];
  const selected = sel && sel !== 'send' ? Number(sel) : null;
  const listCard = useRef<HTMLElement>(null);
  const detailBox = useRef<HTMLDivElement>(null);
  // Stacked (narrow) the detail sits below the list, out of sight: bring it up once it has drawn.
  const reveal = useCallback(() => {
    const box = detailBox.current;
    const list = listCard.current;
    if (box && list && box.getBoundingClientRect().top >= list.getBoundingClientRect().bottom) box.scrollIntoView({ block: 'start' });
  }, []);
  return html`
    <${PageHead}
      title="Requests"
      sub=${`Every request the app received, newest first (the inbox keeps the last ${(first.data?.capacity ?? 1000).toLocaleString("en")}).`}
      actions=${html`<a class="btn primary" href=${href('requests', 'send')}>Send a provider webhook</a>
        <button class="btn" type="button" onClick=${async () => { await api('requests', { method: 'DELETE' }); setItems([]); go('requests'); }}>Clear</button>`}
    />
    <${ErrorBox} error=${first.error} />
    <div class="split">
      <section class="card" aria-label="Request list" ref=${listCard}>
        <div class="card-head"><input type="search" placeholder="Filter: method, path, status" aria-label="Filter requests" value=${filter} onInput=${(e: Event) => setFilter((e.target as HTMLInputElement).value)} style=${{ flex: 1 }} /></div>
        <div class="list" role="list">
          ${shown.length === 0 ? html`<${Empty}>${first.loading ? 'Loading…' : 'No requests yet. Call one of the app’s routes, or send a webhook.'}<//>` : null}
          ${shown.map(
            (r) => html`<a role="listitem" class="list-item" href=${href('requests', r.id)} aria-current=${r.id === selected ? 'true' : undefined} data-request=${r.id}>
              <span class="method">${r.method}</span>
              <span class="path" title=${r.url}>${r.url}</span>
              <${Badge} kind=${statusKind(r.status)}>${r.status ?? '…'}<//>
              <span class="meta">#${r.id} · ${fmtTime(r.time)} · ${fmtMs(r.ms)} · ${fmtBytes(r.bodySize)}${r.bodyTruncated ? ' (truncated)' : ''}${r.replayOf ? ` · resend of #${r.replayOf}` : ''}${r.error ? ` · ${r.error.code}` : ''}</span>
            </a>`,
          )}
          ${more ? html`<div class="empty"><button class="btn" type="button" onClick=${older}>Older requests</button></div>` : null}
        </div>
      </section>
      <div ref=${detailBox}>
        ${sel === 'send' ? html`<${WebhookComposer} />` : selected ? html`<${RequestDetail} key=${selected} id=${selected} onShown=${reveal} />` : html`<${Empty}>Pick a request to see its headers, raw body and the app’s answer; replay it, or edit and resend it.<//>`}
      </div>
    </div>
  `;
}

import { useMemo } from 'preact/hooks';
import { api } from '../api.js';
import { throttle, useLive } from '../live.js';
import { href, type Route } from '../router.js';
import { Empty, ErrorBox, PageHead, useAsync } from '../ui/common.js';
import { html } from '../ui/html.js';
import { CollectionPane } from './data-collection.js';
import { KvPane } from './data-kv.js';

export interface CollectionInfo {
  name: string;
  count: number;
  indexes: string[];
  schema: unknown;
  cap?: number;
}

/** The route segment for the key-value store (no collection can be named so: `~` is not a valid start). */
export const KV = '~kv';

export function DataView({ route }: { route: Route }) {
  const cols = useAsync(() => api<{ collections: CollectionInfo[] }>('collections'));
  const refresh = useMemo(() => throttle(() => cols.reload(), 1000), []);
  useLive('data', refresh);
  const sel = route.parts[0] ?? null;
  const list = cols.data?.collections ?? [];
  const current = list.find((c) => c.name === sel) ?? null;
  return html`
    <${PageHead} title="Data" sub="Collections and key-value pairs in the app's datastore: query in the platform's query language, edit documents, manage indexes and schemas." />
    <${ErrorBox} error=${cols.error} />
    <div class="split data-split">
      <section class="card" aria-label="Collections">
        <div class="card-head"><h2>Collections</h2><span class="muted small">${list.length}</span></div>
        <div class="list" role="list">
          ${list.length === 0 && !cols.loading ? html`<${Empty}>No collections yet.<//>` : null}
          ${list.map(
            (c) => html`<a role="listitem" class="list-item simple" href=${href('data', c.name)} aria-current=${c.name === sel ? 'true' : undefined} data-collection=${c.name}>
              <span class="mono">${c.name}</span><span class="badge">${c.count}</span>
              <span class="meta">${c.indexes.length ? `indexes: ${c.indexes.join(', ')}` : 'no indexes'}${c.schema ? ' · schema' : ''}</span>
            </a>`,
          )}
          <a role="listitem" class="list-item simple" href=${href('data', KV)} aria-current=${sel === KV ? 'true' : undefined} data-collection=${KV}>
            <span>Key-value store</span><span></span><span class="meta">keys by keyspace, with their TTL</span>
          </a>
        </div>
      </section>
      <div>
        ${sel === KV
          ? html`<${KvPane} />`
          : current
            ? html`<${CollectionPane} key=${current.name} info=${current} onChanged=${cols.reload} />`
            : sel && cols.data
              ? html`<${Empty}>No collection "${sel}".<//>`
              : html`<${Empty}>Pick a collection to query and edit its documents.<//>`}
      </div>
    </div>
  `;
}

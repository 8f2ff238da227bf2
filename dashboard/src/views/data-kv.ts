import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, q } from '../api.js';
import { throttle, useLive } from '../live.js';
import { ActionButton, Empty, ErrorBox, useAsync } from '../ui/common.js';
import { html } from '../ui/html.js';

interface KvItem {
  key: string;
  value: unknown;
  expiresAt: string | null;
  ttlMs: number | null;
}

const enc = encodeURIComponent;

/** Time left, counting down each second from the expiry the server reported. */
function ttlLeft(expiresAt: string | null, now: number, skew: number): string {
  if (!expiresAt) return 'no TTL';
  const ms = Date.parse(expiresAt) - (now + skew);
  if (ms <= 0) return 'expired';
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** The default keyspace is always offered, even before it holds a key. */
const withDefault = (list: { keyspace: string; count: number }[]) => (list.some((k) => k.keyspace === '') ? list : [{ keyspace: '', count: 0 }, ...list]);

export function KvPane() {
  const spaces = useAsync(() => api<{ keyspaces: { keyspace: string; count: number }[] }>('kv/keyspaces'));
  const [keyspace, setKeyspace] = useState('');
  const [prefix, setPrefix] = useState('');
  const items = useAsync(() => api<{ items: KvItem[]; more: boolean }>(`kv${q({ keyspace, prefix, limit: 200 })}`), [keyspace, prefix]);
  const [now, setNow] = useState(Date.now());
  // The server's clock may be moved (time travel): count down on its time, not the browser's.
  const skew = useAsync(() => api<{ now: string }>('clock').then((c) => Date.parse(c.now) - Date.now()).catch(() => 0));
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const refresh = useMemo(() => throttle(() => { items.reload(); spaces.reload(); }, 1000), []);
  useLive('data', (d: { kv: boolean }) => d.kv && refresh());
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [ttl, setTtl] = useState('');
  const set = async () => {
    await api(`kv/keys/${enc(key)}${q({ keyspace })}`, { method: 'PUT', body: { value, ...(ttl ? { ttl: Number(ttl) * 1000 } : {}) } });
    setKey('');
    setValue('');
    items.reload();
  };
  const list = items.data?.items ?? [];
  return html`<section class="card" aria-label="Key-value store">
    <header class="card-head"><h2>Key-value</h2>
      <div class="actions">
        <label><span class="sr-only">Keyspace</span><select aria-label="Keyspace" value=${keyspace} onChange=${(e: Event) => setKeyspace((e.target as HTMLSelectElement).value)}>
          ${withDefault(spaces.data?.keyspaces ?? []).map((k) => html`<option value=${k.keyspace}>${k.keyspace || '(default keyspace)'} · ${k.count}</option>`)}
        </select></label>
        <input type="search" aria-label="Key prefix" placeholder="key prefix" value=${prefix} onInput=${(e: Event) => setPrefix((e.target as HTMLInputElement).value)} />
      </div>
    </header>
    <div class="card-body">
      <${ErrorBox} error=${items.error} />
      ${list.length === 0 && !items.loading ? html`<${Empty}>No keys${prefix ? ` starting with "${prefix}"` : ''}.<//>` : null}
      ${list.length
        ? html`<div class="tbl-wrap"><table class="tbl stack" aria-label="Keys"><thead><tr><th>Key</th><th>Value</th><th>TTL left</th><th><span class="sr-only">Actions</span></th></tr></thead>
            <tbody>${list.map(
              (i) => html`<tr data-key=${i.key}>
                <td class="mono">${i.key}</td>
                <td class="mono small wrap">${typeof i.value === 'string' ? i.value : JSON.stringify(i.value)}</td>
                <td class="nowrap" data-label="TTL left" data-ttl>${ttlLeft(i.expiresAt, now, skew.data ?? 0)}</td>
                <td class="end"><${ActionButton} kind="danger" label=${`Delete ${i.key}`} onClick=${async () => { await api(`kv/keys/${enc(i.key)}${q({ keyspace })}`, { method: 'DELETE' }); items.reload(); }}>Delete<//></td>
              </tr>`,
            )}</tbody></table></div>`
        : null}
      <h3>Set a key</h3>
      <div class="form-row">
        <label class="field grow">Key<input type="text" value=${key} onInput=${(e: Event) => setKey((e.target as HTMLInputElement).value)} /></label>
        <label class="field grow">Value (text)<input type="text" value=${value} onInput=${(e: Event) => setValue((e.target as HTMLInputElement).value)} /></label>
        <label class="field">TTL (s)<input type="number" min="1" value=${ttl} onInput=${(e: Event) => setTtl((e.target as HTMLInputElement).value)} size="6" /></label>
        <${ActionButton} kind="primary" onClick=${set} disabled=${!key}>Set<//>
      </div>
    </div>
  </section>`;
}

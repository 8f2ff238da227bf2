import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { href } from '../router.js';
import { ActionButton, Badge, Empty, ErrorBox, fmtBytes, fmtDateTime, fmtMs, statusKind, useAsync } from '../ui/common.js';
import { lineDiff } from '../ui/diff.js';
import { html } from '../ui/html.js';
import { JsonView, tryJson } from '../ui/json.js';
import type { RequestSummary } from './requests.js';

interface BodyView {
  base64: string;
  text: string | null;
}

interface Detail extends RequestSummary {
  headers: Record<string, string | string[]>;
  body: BodyView | null;
  response: { status: number | null; headers: Record<string, string | string[]>; body: BodyView | null; size: number; truncated: boolean; streamed: boolean };
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[]>;
  body: BodyView | null;
  entry: RequestSummary | null;
}

export function Headers({ headers }: { headers: Record<string, string | string[]> }) {
  const rows = Object.entries(headers);
  if (rows.length === 0) return html`<p class="muted small">No headers.</p>`;
  return html`<div class="tbl-wrap"><table class="tbl"><tbody>${rows.map(([k, v]) => html`<tr><th scope="row" class="mono">${k}</th><td class="mono">${Array.isArray(v) ? v.join(', ') : v}</td></tr>`)}</tbody></table></div>`;
}

/** The raw bytes as text (or base64 when binary) beside the pretty JSON when the body parses. */
export function BodyPanes({ body, label }: { body: BodyView | null; label: string }) {
  if (!body || (body.text === '' && body.base64 === '')) return html`<p class="muted small">No body.</p>`;
  const json = tryJson(body.text);
  return html`<div class=${json.ok ? 'body-views' : ''}>
    <div><h3>Raw ${body.text === null ? '(binary, base64)' : ''}</h3><pre class="raw wrap" aria-label=${`${label} raw body`}>${body.text ?? body.base64}</pre></div>
    ${json.ok ? html`<div><h3>JSON</h3><${JsonView} value=${json.value} /></div>` : null}
  </div>`;
}

const headerLines = (h: Record<string, string | string[]>) => Object.entries(h).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : v}`).join('\n');

function parseHeaderLines(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const i = line.indexOf(':');
    if (i <= 0) throw new Error(`Header line without "name: value": ${line}`);
    out[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return out;
}

/** `onShown` runs once the request has loaded and drawn. */
export function RequestDetail({ id, onShown }: { id: number; onShown?: () => void }) {
  const d = useAsync(() => api<Detail>(`requests/${id}`), [id]);
  const loaded = d.data !== null;
  useEffect(() => void (loaded && onShown?.()), [loaded]);
  const [tab, setTab] = useState<'request' | 'response' | 'compare'>('request');
  const [editing, setEditing] = useState(false);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const e = d.data;
  if (!e) return html`<${ErrorBox} error=${d.error} />${d.loading ? html`<${Empty}>Loading…<//>` : null}`;
  const replay = async () => {
    setAnswer(await api<Answer>(`requests/${id}/replay`, { method: 'POST', body: {} }));
    setTab('compare');
  };
  const tabs = [['request', 'Request'], ['response', 'Response'], ...(answer ? [['compare', 'Compare']] : [])] as [typeof tab, string][];
  return html`<section class="card" aria-label=${`Request ${id}`} data-detail=${id}>
    <header class="card-head">
      <div>
        <h2><span class="method">${e.method}</span> <span class="mono">${e.url}</span></h2>
        <div class="muted small">#${e.id} · ${fmtDateTime(e.time)} · ${fmtMs(e.ms)} · ${fmtBytes(e.bodySize)} body${e.bodyTruncated ? ' (stored truncated)' : ''}${e.replayOf ? html` · resend of <a href=${href('requests', e.replayOf)}>#${e.replayOf}</a>` : null}</div>
      </div>
      <div class="actions">
        <${Badge} kind=${statusKind(e.status)}>${e.status ?? 'no answer'}<//>
        <${ActionButton} onClick=${replay} disabled=${e.bodyTruncated}>Replay<//>
        <button class="btn" type="button" aria-expanded=${editing} onClick=${() => setEditing(!editing)}>Edit & resend</button>
      </div>
    </header>
    <div class="card-body">
      ${e.error ? html`<div class="error-box"><code>${e.error.code}</code> ${e.error.message}</div>` : null}
      ${editing ? html`<${EditForm} entry=${e} onSent=${(a: Answer) => { setAnswer(a); setTab('compare'); }} />` : null}
      <div class="tabs" role="tablist">
        ${tabs.map(([k, label]) => html`<button type="button" role="tab" aria-selected=${tab === k} onClick=${() => setTab(k)}>${label}</button>`)}
      </div>
      ${tab === 'request' ? html`<h3>Headers</h3><${Headers} headers=${e.headers} /><${BodyPanes} body=${e.body} label="Request" />` : null}
      ${tab === 'response'
        ? html`<p><${Badge} kind=${statusKind(e.response.status)}>${e.response.status ?? '–'}<//> ${e.response.streamed ? html`<span class="muted small">streamed answer: only its head is kept</span>` : html`<span class="muted small">${fmtBytes(e.response.size)}${e.response.truncated ? ' (stored truncated)' : ''}</span>`}</p>
            <h3>Headers</h3><${Headers} headers=${e.response.headers} /><${BodyPanes} body=${e.response.body} label="Response" />`
        : null}
      ${tab === 'compare' && answer ? html`<${Compare} first=${{ status: e.response.status, body: e.response.body }} second=${answer} />` : null}
    </div>
  </section>`;
}

function EditForm({ entry, onSent }: { entry: Detail; onSent: (a: Answer) => void }) {
  const [method, setMethod] = useState(entry.method);
  const [url, setUrl] = useState(entry.url);
  const [headers, setHeaders] = useState(headerLines(entry.headers));
  const binary = entry.body !== null && entry.body.text === null;
  const [body, setBody] = useState(binary ? (entry.body?.base64 ?? '') : (entry.body?.text ?? ''));
  const send = async () => {
    const payload = { method, url, headers: parseHeaderLines(headers), ...(binary ? { bodyBase64: body } : { body }) };
    onSent(await api<Answer>(`requests/${entry.id}/resend`, { method: 'POST', body: payload }));
  };
  return html`<div class="dialog" aria-label="Edit and resend">
    <div class="form-row">
      <label class="field">Method<select value=${method} onChange=${(e: Event) => setMethod((e.target as HTMLSelectElement).value)}>${['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'].map((m) => html`<option>${m}</option>`)}</select></label>
      <label class="field grow">URL<input type="text" value=${url} onInput=${(e: Event) => setUrl((e.target as HTMLInputElement).value)} /></label>
    </div>
    <label class="field">Headers (one "name: value" a line; masked values left as shown are sent as stored)<textarea rows="6" value=${headers} onInput=${(e: Event) => setHeaders((e.target as HTMLTextAreaElement).value)}></textarea></label>
    <label class="field">Body ${binary ? '(base64)' : '(sent as UTF-8, byte for byte)'}<textarea rows="10" name="body" value=${body} onInput=${(e: Event) => setBody((e.target as HTMLTextAreaElement).value)}></textarea></label>
    <div class="actions" style=${{ marginTop: '8px' }}><${ActionButton} kind="primary" onClick=${send}>Send<//></div>
  </div>`;
}

function Compare({ first, second }: { first: { status: number | null; body: BodyView | null }; second: Answer }) {
  const text = (b: BodyView | null) => {
    const j = tryJson(b?.text);
    return j.ok ? JSON.stringify(j.value, null, 2) : (b?.text ?? b?.base64 ?? '');
  };
  const lines = lineDiff(text(first.body), text(second.body));
  return html`<div class="compare" data-compare>
    <div><h3>Stored answer <${Badge} kind=${statusKind(first.status)}>${first.status ?? '–'}<//></h3><pre class="raw wrap">${text(first.body)}</pre></div>
    <div><h3>New answer <${Badge} kind=${statusKind(second.status)}>${second.status}<//> ${second.entry ? html`<a href=${href('requests', second.entry.id)}>#${second.entry.id}</a>` : null}</h3><pre class="raw wrap" data-new-status=${second.status}>${text(second.body)}</pre></div>
  </div>
  <h3>Difference</h3>
  <pre class="linediff" aria-label="Line difference">${lines.map((l) => html`<span class=${l.kind}>${l.kind === 'add' ? '+ ' : l.kind === 'del' ? '- ' : '  '}${l.text}</span>`)}</pre>`;
}

import { useMemo, useState } from 'preact/hooks';
import { api, ApiError, q } from '../api.js';
import { throttle, useLive } from '../live.js';
import { ActionButton, Empty, ErrorBox, Section, useAsync } from '../ui/common.js';
import { html } from '../ui/html.js';
import { JsonView } from '../ui/json.js';
import type { CollectionInfo } from './data.js';

type Doc = Record<string, unknown> & { _id: string };
const PAGES = [20, 50, 100, 500];

const enc = encodeURIComponent;
const preview = (d: Doc) => {
  const s = JSON.stringify(Object.fromEntries(Object.entries(d).filter(([k]) => k !== '_id')));
  return s.length > 160 ? `${s.slice(0, 160)}…` : s;
};

export function CollectionPane({ info, onChanged }: { info: CollectionInfo; onChanged: () => void }) {
  const [tab, setTab] = useState<'docs' | 'indexes' | 'schema'>('docs');
  return html`<section class="card" aria-label=${`Collection ${info.name}`}>
    <header class="card-head"><h2 class="mono">${info.name}</h2><span class="muted small">${info.count} documents</span></header>
    <div class="card-body">
      <div class="tabs" role="tablist">
        ${(
          [
            ['docs', 'Documents'],
            ['indexes', `Indexes (${info.indexes.length})`],
            ['schema', info.schema ? 'Schema' : 'Schema (none)'],
          ] as const
        ).map(([k, l]) => html`<button type="button" role="tab" aria-selected=${tab === k} onClick=${() => setTab(k)}>${l}</button>`)}
      </div>
      ${tab === 'docs' ? html`<${Documents} name=${info.name} onChanged=${onChanged} />` : null}
      ${tab === 'indexes' ? html`<${Indexes} info=${info} onChanged=${onChanged} />` : null}
      ${tab === 'schema' ? html`<${Schema} info=${info} onChanged=${onChanged} />` : null}
    </div>
  </section>`;
}

function Documents({ name, onChanged }: { name: string; onChanged: () => void }) {
  const [query, setQuery] = useState('{}');
  const [sort, setSort] = useState('');
  const [limit, setLimit] = useState(20);
  const [offset, setOffset] = useState(0);
  const [run, setRun] = useState({ query: '{}', sort: '' });
  const [editing, setEditing] = useState<Doc | 'new' | null>(null);
  const docs = useAsync(() => api<{ items: Doc[]; more: boolean }>(`collections/${enc(name)}/docs${q({ q: run.query, sort: run.sort, limit, offset })}`), [name, run, limit, offset]);
  const refresh = useMemo(() => throttle(() => docs.reload(), 1000), []);
  useLive('data', (d: { collection: string | null }) => d.collection === name && refresh());
  const submit = (e: Event) => {
    e.preventDefault();
    setOffset(0);
    setRun({ query: query.trim() || '{}', sort: sort.trim() });
  };
  // useAsync keeps the last answer on a failure; those rows answered another query, so show none.
  const items = docs.error ? [] : (docs.data?.items ?? []);
  return html`
    <form onSubmit=${submit} aria-label="Query">
      <div class="form-row"><label class="field grow">Query, in the platform's query language<input type="text" name="query" class="mono" value=${query} onInput=${(e: Event) => setQuery((e.target as HTMLInputElement).value)} placeholder='{"status": "open", "n": {"$gt": 3}}' /></label></div>
      <div class="form-row">
      <label class="field">Sort<input type="text" name="sort" value=${sort} onInput=${(e: Event) => setSort((e.target as HTMLInputElement).value)} placeholder="-createdAt,name" size="14" /></label>
      <label class="field">Page<select value=${limit} onChange=${(e: Event) => { setLimit(Number((e.target as HTMLSelectElement).value)); setOffset(0); }}>${PAGES.map((n) => html`<option value=${n}>${n}</option>`)}</select></label>
      <button class="btn primary" type="submit">Run</button>
      <button class="btn" type="button" onClick=${() => setEditing('new')}>New document</button>
      </div>
    </form>
    <${ErrorBox} error=${docs.error} />
    ${editing ? html`<${DocEditor} key=${editing === 'new' ? 'new' : editing._id} name=${name} doc=${editing === 'new' ? null : editing} onDone=${() => { setEditing(null); docs.reload(); onChanged(); }} onCancel=${() => setEditing(null)} />` : null}
    ${items.length === 0 && !docs.loading && !docs.error ? html`<${Empty}>No documents match.<//>` : null}
    ${items.length
      ? html`<div class="tbl-wrap"><table class="tbl stack" aria-label="Documents">
          <thead><tr><th>_id</th><th>Fields</th></tr></thead>
          <tbody>${items.map(
            (d) => html`<tr data-doc=${d._id} class=${editing !== 'new' && editing?._id === d._id ? 'sel' : ''}>
              <td><button type="button" class="btn small mono" onClick=${() => setEditing(d)} aria-label=${`Edit ${d._id}`}>${d._id}</button></td>
              <td class="mono small wrap">${preview(d)}</td>
            </tr>`,
          )}</tbody></table></div>
          <div class="actions" style=${{ marginTop: '8px' }}>
            <button class="btn small" type="button" disabled=${offset === 0} onClick=${() => setOffset(Math.max(0, offset - limit))}>Previous</button>
            <button class="btn small" type="button" disabled=${!docs.data?.more} onClick=${() => setOffset(offset + limit)}>Next</button>
            <span class="muted small">${offset + 1}–${offset + items.length}</span>
          </div>`
      : null}
  `;
}

interface SchemaIssue {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** A JSON editor for one document: parse errors as you type, the schema's errors inline after a save. */
function DocEditor({ name, doc, onDone, onCancel }: { name: string; doc: Doc | null; onDone: () => void; onCancel: () => void }) {
  const body = doc ? Object.fromEntries(Object.entries(doc).filter(([k]) => k !== '_id')) : {};
  const [text, setText] = useState(JSON.stringify(body, null, 2));
  const [issues, setIssues] = useState<SchemaIssue[] | null>(null);
  let parsed: unknown = null;
  let parseError: string | null = null;
  try {
    parsed = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) parseError = 'A document is a JSON object.';
  } catch (e) {
    parseError = (e as Error).message;
  }
  const save = async () => {
    setIssues(null);
    try {
      if (doc) await api(`collections/${enc(name)}/docs/${enc(doc._id)}`, { method: 'PUT', body: parsed });
      else await api(`collections/${enc(name)}/docs`, { method: 'POST', body: parsed });
      onDone();
    } catch (e) {
      const se = e instanceof ApiError ? e.body?.schemaError : null;
      // The schema's errors are listed under the editor; other errors show under the button.
      if (Array.isArray(se)) setIssues(se as SchemaIssue[]);
      else throw e;
    }
  };
  const remove = async () => {
    await api(`collections/${enc(name)}/docs/${enc(doc!._id)}`, { method: 'DELETE' });
    onDone();
  };
  return html`<div class="dialog" aria-label=${doc ? `Edit ${doc._id}` : 'New document'} data-editor>
    <h3>${doc ? html`Edit <code>${doc._id}</code>` : 'New document'}</h3>
    <textarea rows=${Math.min(24, Math.max(6, text.split('\n').length + 1))} name="doc" aria-invalid=${parseError ? 'true' : 'false'} value=${text} onInput=${(e: Event) => setText((e.target as HTMLTextAreaElement).value)}></textarea>
    ${parseError ? html`<div class="error-box" role="alert">Not valid JSON: ${parseError}</div>` : null}
    ${issues?.length
      ? html`<ul class="schema-issues" role="alert" aria-label="Schema errors">${issues.map((i) => html`<li><code>${i.instancePath || '(document)'}</code> ${i.message}${i.params && 'missingProperty' in i.params ? html` <code>${String(i.params.missingProperty)}</code>` : null}</li>`)}</ul>`
      : null}
    <div class="actions" style=${{ marginTop: '8px' }}>
      <${ActionButton} kind="primary" onClick=${save} disabled=${parseError !== null}>${doc ? 'Save' : 'Insert'}<//>
      ${doc ? html`<${ActionButton} kind="danger" onClick=${remove}>Delete<//>` : null}
      <button class="btn" type="button" onClick=${onCancel}>Cancel</button>
    </div>
  </div>`;
}

function Indexes({ info, onChanged }: { info: CollectionInfo; onChanged: () => void }) {
  const [field, setField] = useState('');
  const add = async () => {
    await api(`collections/${enc(info.name)}/indexes`, { method: 'POST', body: { fields: field } });
    setField('');
    onChanged();
  };
  return html`
    ${info.indexes.length ? html`<ul class="plain">${info.indexes.map((f) => html`<li class="url-box"><code>${f}</code><${ActionButton} kind="danger" onClick=${async () => { await api(`collections/${enc(info.name)}/indexes/${enc(f)}`, { method: 'DELETE' }); onChanged(); }} label=${`Remove index ${f}`}>Remove<//></li>`)}</ul>` : html`<p class="muted">No indexes: queries scan the collection.</p>`}
    <div class="form-row" style=${{ marginTop: '10px' }}>
      <label class="field grow">Field to index<input type="text" value=${field} onInput=${(e: Event) => setField((e.target as HTMLInputElement).value)} placeholder="createdAt" /></label>
      <${ActionButton} onClick=${add} disabled=${!field.trim()}>Create index<//>
    </div>`;
}

function Schema({ info, onChanged }: { info: CollectionInfo; onChanged: () => void }) {
  const [text, setText] = useState(info.schema ? JSON.stringify(info.schema, null, 2) : '{\n  "type": "object",\n  "properties": {},\n  "required": []\n}');
  const save = async () => {
    await api(`collections/${enc(info.name)}/schema`, { method: 'PUT', body: JSON.parse(text) });
    onChanged();
  };
  return html`
    ${info.schema ? html`<${Section} title="Current schema"><${JsonView} value=${info.schema} /><//>` : html`<p class="muted">No schema: any document is accepted.</p>`}
    <label class="field" style=${{ marginTop: '10px' }}>JSON schema<textarea rows="10" value=${text} onInput=${(e: Event) => setText((e.target as HTMLTextAreaElement).value)}></textarea></label>
    <div class="actions" style=${{ marginTop: '8px' }}>
      <${ActionButton} kind="primary" onClick=${save}>Set schema<//>
      ${info.schema ? html`<${ActionButton} kind="danger" onClick=${async () => { await api(`collections/${enc(info.name)}/schema`, { method: 'DELETE' }); onChanged(); }}>Remove schema<//>` : null}
    </div>`;
}

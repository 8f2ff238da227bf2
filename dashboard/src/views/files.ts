import { useState } from 'preact/hooks';
import { api, API, ApiError, q } from '../api.js';
import { ActionButton, Empty, ErrorBox, fmtBytes, fmtDateTime, PageHead, Section, useAsync } from '../ui/common.js';
import { html } from '../ui/html.js';

interface FileInfo {
  path: string;
  size: number;
  date: string;
  _id?: string;
}

const fileUrl = (p: string) => `${API}/files${p.split('/').map(encodeURIComponent).join('/')}`;

export function FilesView() {
  const [dir, setDir] = useState('');
  const files = useAsync(() => api<{ files: FileInfo[] }>(`files${q({ path: dir || undefined })}`), [dir]);
  const [target, setTarget] = useState('/');
  const [chosen, setChosen] = useState<File | null>(null);
  const upload = async () => {
    const path = target.endsWith('/') ? `${target}${chosen!.name}` : target;
    // The bytes go as they are; the header marks the page's own call, as the admin API requires for writes.
    const res = await fetch(fileUrl(path.startsWith('/') ? path : `/${path}`), { method: 'PUT', headers: { 'x-localhooks-client': 'dashboard', 'content-type': 'application/octet-stream' }, body: chosen });
    if (!res.ok) {
      const b = (await res.json().catch(() => null)) as { error?: string; code?: string } | null;
      throw new ApiError(b?.error ?? `${res.status}`, res.status, b?.code ?? null, b);
    }
    files.reload();
  };
  const list = files.data?.files ?? [];
  return html`
    <${PageHead} title="Files" sub="The app's file store (filestore API and app.static): browse, download, upload, delete." />
    <${ErrorBox} error=${files.error} />
    <${Section} title=${`Files (${list.length})`} actions=${html`<input type="search" aria-label="Folder" placeholder="/static" value=${dir} onInput=${(e: Event) => setDir((e.target as HTMLInputElement).value)} />`}>
      ${list.length === 0 && !files.loading ? html`<${Empty}>No files${dir ? ` under ${dir}` : ''}.<//>` : null}
      ${list.length
        ? html`<div class="tbl-wrap"><table class="tbl stack" aria-label="Files"><thead><tr><th>Path</th><th>Size</th><th>Modified</th><th><span class="sr-only">Actions</span></th></tr></thead>
            <tbody>${list.map((f) => html`<tr data-file=${f.path}><td class="mono"><a href=${fileUrl(f.path)} download>${f.path}</a></td><td data-label="Size">${fmtBytes(f.size)}</td><td data-label="Modified">${fmtDateTime(f.date)}</td>
              <td class="end"><${ActionButton} kind="danger" label=${`Delete ${f.path}`} onClick=${async () => { await api(`/.localhooks/api/files${f.path.split('/').map(encodeURIComponent).join('/')}`, { method: 'DELETE' }); files.reload(); }}>Delete<//></td></tr>`)}</tbody></table></div>`
        : null}
      <h3>Upload</h3>
      <div class="form-row">
        <label class="field">File<input type="file" onChange=${(e: Event) => setChosen((e.target as HTMLInputElement).files?.[0] ?? null)} /></label>
        <label class="field grow">To path (a folder ending in / keeps the file's name)<input type="text" value=${target} onInput=${(e: Event) => setTarget((e.target as HTMLInputElement).value)} /></label>
        <${ActionButton} kind="primary" onClick=${upload} disabled=${!chosen}>Upload<//>
      </div>
    <//>
  `;
}

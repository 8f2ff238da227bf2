import { api } from '../api.js';
import { Empty, ErrorBox, PageHead, Section, useAsync } from '../ui/common.js';
import { html } from '../ui/html.js';
import type { Overview } from './overview.js';

export function ApiDocsView() {
  const ov = useAsync(() => api<Overview>('overview'));
  const docs = ov.data?.apiDocs ?? [];
  return html`
    <${PageHead} title="API docs" sub="The app's own OpenAPI page (app.openapi()): the real SDK's Swagger UI, with its script and styles served by localhooks so it works offline." />
    <${ErrorBox} error=${ov.error} />
    <${Section} title="The app's OpenAPI">
      ${docs.length
        ? html`<ul class="plain">${docs.map((p) => html`<li><a href=${p} target="_blank" rel="noopener">${p}</a> ${p.endsWith('.json') ? html`<span class="muted small">the spec</span>` : html`<span class="muted small">Swagger UI</span>`}</li>`)}</ul>`
        : html`<${Empty}>The app does not call <code>app.openapi()</code>. Add it to get a Swagger page of its routes:
            <pre class="raw">app.openapi({ info: { title: 'My API', version: '1.0.0' } });</pre><//>`}
    <//>
    <${Section} title="localhooks' admin API">
      <p class="muted small">What this dashboard, the CLI and <code>localhooks mcp</code> call, described as OpenAPI 3.1 (docs/agents.md).</p>
      <ul class="plain"><li><a href="/.localhooks/api/openapi.json" target="_blank" rel="noopener">/.localhooks/api/openapi.json</a> <span class="muted small">the spec</span></li></ul>
    <//>
  `;
}

import { api } from '../api.js';
import { Empty, ErrorBox, PageHead, Section, useAsync } from '../ui/common.js';
import { html } from '../ui/html.js';

export function EnvView() {
  const env = useAsync(() => api<{ source: string; variables: Record<string, string> }>('env'));
  const rows = Object.entries(env.data?.variables ?? {});
  return html`
    <${PageHead} title="Environment" sub="What the app's .env sets. Values are masked: long ones keep their last four characters so two keys can be told apart." />
    <${ErrorBox} error=${env.error} />
    <${Section} title=${`.env (${rows.length})`}>
      ${rows.length === 0 ? html`<${Empty}>The app has no .env, or it sets nothing.<//>` : html`<table class="tbl"><thead><tr><th>Name</th><th>Value</th></tr></thead><tbody>${rows.map(([k, v]) => html`<tr><td class="mono">${k}</td><td class="mono">${v}</td></tr>`)}</tbody></table>`}
    <//>
  `;
}

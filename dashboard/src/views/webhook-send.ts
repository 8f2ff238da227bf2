import { useEffect, useState } from 'preact/hooks';
import { api, q } from '../api.js';
import { href } from '../router.js';
import { ActionButton, Badge, ErrorBox, statusKind, useAsync } from '../ui/common.js';
import { html } from '../ui/html.js';
import { tryJson } from '../ui/json.js';
import type { Overview } from './overview.js';
import { BodyPanes, Headers } from './request-detail.js';

interface Provider {
  id: string;
  name: string;
  events: string[];
  secretEnv: string[];
  secretLabel: string;
  secretFound: string | null;
  docs: string;
}

interface Sent {
  delivery: { url: string; signed: boolean; secretSource: string | null; note: string | null; headers: Record<string, string> };
  response: { status: number; headers: Record<string, string | string[]>; body: { base64: string; text: string | null } | null };
  entryId: number | null;
}

/** Routes a webhook could go to: the app's POST (and catch-all) routes. */
const postRoutes = (o: Overview | null) => (o?.manifest?.routes ?? []).filter((r) => r.startsWith('POST ') || r.startsWith('* ')).map((r) => r.slice(r.indexOf(' ') + 1)).filter((p) => !p.startsWith('{'));

export function WebhookComposer() {
  const providers = useAsync(() => api<{ providers: Provider[]; discordPublicKey: string }>('webhooks'));
  const ov = useAsync(() => api<Overview>('overview'));
  const [provider, setProvider] = useState('github');
  const [event, setEvent] = useState('issues.opened');
  const [to, setTo] = useState('');
  const [body, setBody] = useState('');
  const [sent, setSent] = useState<Sent | null>(null);
  const [sampleErr, setSampleErr] = useState<unknown>(null);
  const p = providers.data?.providers.find((x) => x.id === provider);
  // A route like /hooks/:provider most likely wants the provider's name there.
  const routes = postRoutes(ov.data).map((r) => r.replace(':provider', provider));
  useEffect(() => {
    if (!to && routes.length) setTo(routes.find((r) => /webhook|hook/i.test(r)) ?? routes[0]!);
  }, [routes.join()]);
  useEffect(() => {
    if (/\/hooks\/[a-z]+$/.test(to)) setTo(to.replace(/[a-z]+$/, provider));
  }, [provider]);
  useEffect(() => {
    setSampleErr(null);
    api<{ body: string }>(`webhooks/sample${q({ provider, event })}`).then((s) => setBody(s.body), setSampleErr);
  }, [provider, event]);
  const pick = (id: string) => {
    setProvider(id);
    setEvent(providers.data?.providers.find((x) => x.id === id)?.events[0] ?? '');
  };
  const json = tryJson(body);
  const send = async () => setSent(await api<Sent>('webhooks/send', { method: 'POST', body: { provider, event, to, body } }));
  return html`<section class="card" aria-label="Send a provider webhook">
    <header class="card-head"><h2>Send a provider webhook</h2>${p ? html`<a class="small" href=${p.docs} target="_blank" rel="noopener">How ${p.name} signs</a>` : null}</header>
    <div class="card-body">
      <${ErrorBox} error=${providers.error} />
      <div class="form-row">
        <label class="field">Provider<select name="provider" value=${provider} onChange=${(e: Event) => pick((e.target as HTMLSelectElement).value)}>${(providers.data?.providers ?? []).map((x) => html`<option value=${x.id}>${x.name}</option>`)}</select></label>
        <label class="field">Event<select name="event" value=${event} onChange=${(e: Event) => setEvent((e.target as HTMLSelectElement).value)}>${(p?.events ?? []).map((x) => html`<option>${x}</option>`)}</select></label>
        <label class="field grow">Post to route
          <input type="text" name="to" list="lh-post-routes" value=${to} placeholder="/webhook" onInput=${(e: Event) => setTo((e.target as HTMLInputElement).value)} />
          <datalist id="lh-post-routes">${routes.map((r) => html`<option value=${r} />`)}</datalist>
        </label>
      </div>
      <p class="small">${p
        ? provider === 'discord'
          ? html`Signed with localhooks' own Ed25519 key pair; the app verifies with <code>DISCORD_PUBLIC_KEY=${providers.data?.discordPublicKey}</code>.`
          : p.secretFound
            ? html`<${Badge} kind="ok">signed<//> with <code>${p.secretFound}</code> from the app's .env, as ${p.name} signs.`
            : html`<${Badge} kind="warn">unsigned<//> .env sets none of <code>${p.secretEnv.join(', ')}</code> (the ${p.name} ${p.secretLabel}).`
        : null}</p>
      <label class="field"><span>Payload (editable; sent byte for byte) ${json.ok ? '' : html`<span class="badge warn">not JSON</span>`}</span>
        <textarea rows="14" name="payload" value=${body} onInput=${(e: Event) => setBody((e.target as HTMLTextAreaElement).value)}></textarea>
      </label>
      <${ErrorBox} error=${sampleErr} />
      <div class="actions" style=${{ marginTop: '8px' }}><${ActionButton} kind="primary" onClick=${send} disabled=${!to}>Send ${event}<//></div>
      ${sent
        ? html`<div class="dialog" data-sent-status=${sent.response.status}>
            <p><${Badge} kind=${statusKind(sent.response.status)}>${sent.response.status}<//> POST <code>${sent.delivery.url}</code> ${sent.entryId ? html`· <a href=${href('requests', sent.entryId)}>open #${sent.entryId} in the inbox</a>` : null}</p>
            ${sent.delivery.note ? html`<div class="note-box">${sent.delivery.note}</div>` : null}
            <h3>Sent headers</h3><${Headers} headers=${sent.delivery.headers} />
            <h3>Answer</h3><${BodyPanes} body=${sent.response.body} label="Answer" />
          </div>`
        : null}
    </div>
  </section>`;
}

import type { FastifyInstance } from 'fastify';
import { ADMIN_API } from '../admin/prefix.js';
import { bodyView } from '../inbox/inbox.routes.js';
import type { RequestInbox } from '../inbox/inbox.js';
import { maskHeaders } from '../inbox/mask.js';
import { sendThroughGateway } from '../inbox/replay.js';
import { PROVIDERS, providerOf, sampleOf, type WebhookComposer } from './compose.js';
import { WebhookError } from './errors.js';
import { any, bool, list, nullable, obj, record, routeSchema, str } from '../admin/schema.js';

export interface WebhookRouteSources {
  composer: WebhookComposer;
  inbox: RequestInbox | null;
  env(): Record<string, string>;
  now(): number;
  origin(): string;
  space: string;
}

interface SendBody {
  provider?: unknown;
  event?: unknown;
  to?: unknown;
  body?: unknown;
  secret?: unknown;
}

/** `/dev/x` stays; `/x` gets the space prefix, as a provider configured with the app's URL would send it. */
export function targetUrl(to: string, space: string): string {
  if (!to.startsWith('/') || to.startsWith('//') || /\s/.test(to)) throw new WebhookError('LH_WEBHOOK_BAD_REQUEST', `"to" must be the app route to post to, like /webhook/summarize, got ${JSON.stringify(to)}`);
  return to === `/${space}` || to.startsWith(`/${space}/`) ? to : `/${space}${to}`;
}

const SCHEMAS = {
  providers: routeSchema({ tag: 'webhooks', summary: 'Webhook providers, their events and the .env secret each would sign with', reply: obj({ providers: list(obj({ id: str(), name: str(), events: list(str()), secretEnv: any(), secretFound: any(), contentType: str() })), discordPublicKey: any() }) }),
  sample: routeSchema({ tag: 'webhooks', summary: 'A sample payload for a provider\'s event', query: { provider: str('stripe, github, …'), event: str() }, required: ['provider'], reply: obj({ provider: str(), contentType: str(), body: str('the payload, as sent') }) }),
  send: routeSchema({
    tag: 'webhooks',
    summary: 'Compose a provider-signed webhook and post it to an app route (it shows in the request inbox)',
    body: obj({ provider: str('stripe, github, …'), event: str('like payment_intent.succeeded'), to: str('the app route, like /webhook/stripe'), body: str('the payload (default: a sample)'), secret: str('default: the provider\'s secret from .env') }, ['body', 'secret']),
    reply: obj({ delivery: obj({ url: str(), signed: bool(), headers: record(), body: str() }), response: obj({ status: any(), headers: record(), body: any() }), entryId: nullable(any()) }),
  }),
};

/**
 * `GET /webhooks` (providers, events, which `.env` secret each would use), `GET /webhooks/sample?provider&event`,
 * `POST /webhooks/send` `{provider, event, to, body?, secret?}`: composes the delivery, signs it and posts it to
 * the app through the server's own port (so it shows in the inbox), answering with what was sent and the reply.
 */
export function registerWebhookRoutes(app: FastifyInstance, s: WebhookRouteSources): void {
  app.get(`${ADMIN_API}/webhooks`, { schema: SCHEMAS.providers }, async () => {
    const found = s.composer.secretNames(s.env());
    return {
      providers: Object.values(PROVIDERS).map((p) => ({ id: p.id, name: p.name, events: Object.keys(p.events), secretEnv: p.secretEnv, secretLabel: p.secretLabel, secretFound: found[p.id], contentType: p.contentType, docs: p.docs })),
      discordPublicKey: await s.composer.discordPublicKey(),
    };
  });
  app.get<{ Querystring: { provider?: string; event?: string } }>(`${ADMIN_API}/webhooks/sample`, { schema: SCHEMAS.sample }, async (req) => {
    const p = providerOf(String(req.query.provider ?? ''));
    return { provider: p.id, event: req.query.event, contentType: p.contentType, body: JSON.stringify(sampleOf(p, String(req.query.event ?? ''), s.now()), null, 2) };
  });
  app.post<{ Body: unknown }>(`${ADMIN_API}/webhooks/send`, { schema: SCHEMAS.send }, async (req) => {
    const b = parse(req.body);
    if (typeof b.provider !== 'string' || typeof b.event !== 'string' || b.event === '') throw new WebhookError('LH_WEBHOOK_BAD_REQUEST', 'the body must be {"provider", "event", "to", "body"?, "secret"?} with strings');
    if (typeof b.to !== 'string') throw new WebhookError('LH_WEBHOOK_BAD_REQUEST', '"to" (the app route to post to, like /webhook/summarize) is required');
    if (b.body !== undefined && typeof b.body !== 'string') throw new WebhookError('LH_WEBHOOK_BAD_REQUEST', '"body" must be the payload as a string (sent byte-exact)');
    if (b.secret !== undefined && typeof b.secret !== 'string') throw new WebhookError('LH_WEBHOOK_BAD_REQUEST', '"secret" must be a string');
    const url = targetUrl(b.to, s.space);
    const d = await s.composer.compose({ provider: b.provider, event: b.event, body: b.body === undefined ? undefined : Buffer.from(b.body, 'utf8'), secret: b.secret, env: s.env(), now: s.now() });
    const sent = await sendThroughGateway(s.origin(), { method: 'POST', url, headers: d.headers, body: d.body }, s.inbox, null);
    const secrets = Object.values(s.env());
    return {
      delivery: { provider: d.provider, event: d.event, url, signed: d.signed, secretSource: d.secretSource, note: d.note, headers: maskHeaders(d.headers, secrets), body: d.body.toString('utf8') },
      response: { status: sent.status, headers: maskHeaders(sent.headers, secrets), body: bodyView(sent.body) },
      entryId: sent.entry?.id ?? null,
    };
  });
}

function parse(body: unknown): SendBody {
  let v = body;
  if (Buffer.isBuffer(body)) {
    try {
      v = JSON.parse(body.toString('utf8'));
    } catch {
      throw new WebhookError('LH_WEBHOOK_BAD_REQUEST', 'the body must be JSON: {"provider", "event", "to", "body"?, "secret"?}');
    }
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new WebhookError('LH_WEBHOOK_BAD_REQUEST', 'the body must be a JSON object: {"provider", "event", "to", "body"?, "secret"?}');
  return v as SendBody;
}

import type { FastifyInstance } from 'fastify';
import { ADMIN_API } from '../admin/prefix.js';
import { InboxError } from './errors.js';
import type { RequestInbox } from './inbox.js';
import { isMaskedFormOf, maskHeaders } from './mask.js';
import { sendThroughGateway, type SentResult } from './replay.js';
import type { HeaderMap, InboxEntry } from './types.js';
import { any, bool, int, list, nullable, obj, record, routeSchema, str } from '../admin/schema.js';

export interface InboxRouteSources {
  inbox: RequestInbox;
  /** Where the server listens (`http://127.0.0.1:8080`), for replays. */
  origin(): string;
  /** The app's `.env` values, masked wherever they appear in shown headers. */
  secrets(): Iterable<string>;
}

/** The list's page size when none is asked for; the view pages further with `before`. */
const DEFAULT_LIMIT = 200;

export function summarize(e: InboxEntry) {
  return {
    id: e.id,
    time: new Date(e.time).toISOString(),
    method: e.method,
    url: e.url,
    path: e.path,
    status: e.status,
    ms: e.ms,
    bodySize: e.bodySize,
    bodyTruncated: e.bodyTruncated,
    responseSize: e.responseSize,
    contentType: header(e.headers, 'content-type') ?? null,
    replayOf: e.replayOf,
    error: e.error,
  };
}

/** A body as the view shows it: base64 always (byte-exact), the text when it is UTF-8. */
export function bodyView(bytes: Uint8Array | null) {
  if (bytes === null) return null;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let text: string | null = null;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    // binary: base64 only
  }
  return { base64: buf.toString('base64'), text };
}

function detail(e: InboxEntry, secrets: Iterable<string>) {
  return {
    ...summarize(e),
    headers: maskHeaders(e.headers, secrets),
    body: bodyView(e.body),
    response: { status: e.status, headers: maskHeaders(e.responseHeaders, secrets), body: bodyView(e.responseBody), size: e.responseSize, truncated: e.responseTruncated, streamed: e.status !== null && e.responseBody === null },
  };
}

const header = (h: HeaderMap, name: string) => {
  const v = h[name];
  return Array.isArray(v) ? v.join(', ') : v;
};

interface ResendBody {
  method?: unknown;
  url?: unknown;
  headers?: unknown;
  body?: unknown;
  bodyBase64?: unknown;
}

const ID = { id: str('the request\'s number in the inbox') };
const SENT = obj({ status: int(), headers: record(), body: any(), entry: nullable(record()) });
const INBOX_SCHEMAS = {
  list: routeSchema({ tag: 'requests', summary: 'Requests that reached the app, newest first', query: { limit: int('default 50'), before: int('requests older than this id') }, reply: obj({ requests: list(record()), more: bool(), capacity: int(), bodyLimit: int() }) }),
  get: routeSchema({ tag: 'requests', summary: 'One request with its headers (credentials masked), body and answer', params: ID, reply: record() }),
  clear: routeSchema({ tag: 'requests', summary: 'Empty the inbox', reply: obj({ cleared: bool() }) }),
  replay: routeSchema({ tag: 'requests', summary: 'Send a stored request to the app again, byte-exact', params: ID, reply: SENT }),
  resend: routeSchema({ tag: 'requests', summary: 'Send a stored request again with edits', params: ID, body: obj({ method: str(), url: str(), headers: record(), body: str('UTF-8 text'), bodyBase64: str() }, ['method', 'url', 'headers', 'body', 'bodyBase64']), reply: SENT }),
};

/**
 * `GET /requests[?limit&before]` (newest first), `GET /requests/:id`, `POST /requests/:id/replay` (the stored
 * request again, byte-exact), `POST /requests/:id/resend` (edited: `{method, url, headers, body | bodyBase64}`),
 * `DELETE /requests`. Replays and resends go through the server's own port and land in the inbox too.
 */
export function registerInboxRoutes(app: FastifyInstance, s: InboxRouteSources): void {
  const find = (raw: string) => {
    const e = /^\d+$/.test(raw) ? s.inbox.get(Number(raw)) : undefined;
    if (!e) throw new InboxError('LH_INBOX_NOT_FOUND', `no request ${JSON.stringify(raw)} in the inbox (it keeps the last ${s.inbox.capacity})`);
    return e;
  };
  const answer = (r: SentResult) => ({
    status: r.status,
    headers: maskHeaders(r.headers, s.secrets()),
    body: bodyView(r.body),
    entry: r.entry ? summarize(r.entry) : null,
  });

  app.get<{ Querystring: { limit?: string; before?: string } }>(`${ADMIN_API}/requests`, { schema: INBOX_SCHEMAS.list }, async (req) => {
    const limit = req.query.limit === undefined ? DEFAULT_LIMIT : Number(req.query.limit);
    const before = req.query.before === undefined ? Infinity : Number(req.query.before);
    if (!Number.isInteger(limit) || limit < 1) throw new InboxError('LH_INBOX_BAD_REQUEST', `limit must be a whole number ≥ 1, got ${JSON.stringify(req.query.limit)}`);
    if (Number.isNaN(before)) throw new InboxError('LH_INBOX_BAD_REQUEST', `before must be a request id, got ${JSON.stringify(req.query.before)}`);
    const all = s.inbox.list().filter((e) => e.id < before);
    return { requests: all.slice(0, limit).map(summarize), more: all.length > limit, capacity: s.inbox.capacity, bodyLimit: s.inbox.bodyLimit };
  });
  app.get<{ Params: { id: string } }>(`${ADMIN_API}/requests/:id`, { schema: INBOX_SCHEMAS.get }, async (req) => detail(find(req.params.id), s.secrets()));
  app.delete(`${ADMIN_API}/requests`, { schema: INBOX_SCHEMAS.clear }, async () => {
    await s.inbox.clear();
    return { cleared: true };
  });
  app.post<{ Params: { id: string } }>(`${ADMIN_API}/requests/:id/replay`, { schema: INBOX_SCHEMAS.replay }, async (req) => {
    const e = find(req.params.id);
    if (e.bodyTruncated) throw new InboxError('LH_INBOX_TRUNCATED', `request ${e.id}'s body was stored truncated (${e.bodySize} bytes, ${s.inbox.bodyLimit} kept): edit and resend it instead`);
    return answer(await sendThroughGateway(s.origin(), { method: e.method, url: e.url, headers: e.headers, body: e.body }, s.inbox, e.id));
  });
  app.post<{ Params: { id: string }; Body: ResendBody }>(`${ADMIN_API}/requests/:id/resend`, { schema: INBOX_SCHEMAS.resend }, async (req) => {
    const e = find(req.params.id);
    const b = parseJsonBody(req.body);
    const method = b.method === undefined ? e.method : checkMethod(b.method);
    const url = b.url === undefined ? e.url : checkUrl(b.url);
    const headers = b.headers === undefined ? e.headers : unmask(checkHeaders(b.headers), e.headers, s.secrets());
    let body: Uint8Array = e.body;
    if (typeof b.body === 'string') body = Buffer.from(b.body, 'utf8');
    else if (typeof b.bodyBase64 === 'string') body = Buffer.from(b.bodyBase64, 'base64');
    else if (b.body !== undefined || b.bodyBase64 !== undefined) throw new InboxError('LH_INBOX_BAD_REQUEST', 'body must be a string (UTF-8 text) and bodyBase64 a base64 string');
    return answer(await sendThroughGateway(s.origin(), { method, url, headers, body }, s.inbox, e.id));
  });
}

function parseJsonBody(body: unknown): ResendBody {
  if (body === undefined || body === null) return {};
  let v = body;
  if (Buffer.isBuffer(body)) {
    if (body.byteLength === 0) return {};
    try {
      v = JSON.parse(body.toString('utf8'));
    } catch {
      throw new InboxError('LH_INBOX_BAD_REQUEST', 'the resend body must be JSON: {method?, url?, headers?, body? | bodyBase64?}');
    }
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new InboxError('LH_INBOX_BAD_REQUEST', 'the resend body must be a JSON object: {method?, url?, headers?, body? | bodyBase64?}');
  return v as ResendBody;
}

function checkMethod(v: unknown): string {
  if (typeof v !== 'string' || !/^[A-Za-z]{1,20}$/.test(v)) throw new InboxError('LH_INBOX_BAD_REQUEST', `method must be an HTTP method like POST, got ${JSON.stringify(v)}`);
  return v.toUpperCase();
}

function checkUrl(v: unknown): string {
  if (typeof v !== 'string' || !v.startsWith('/') || v.startsWith('//') || /[\s]/.test(v)) throw new InboxError('LH_INBOX_BAD_REQUEST', `url must be a path starting with / (like /dev/webhook?x=1), got ${JSON.stringify(v)}`);
  return v;
}

function checkHeaders(v: unknown): Record<string, string> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new InboxError('LH_INBOX_BAD_REQUEST', 'headers must be an object of name → string value');
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(k)) throw new InboxError('LH_INBOX_BAD_REQUEST', `${JSON.stringify(k)} is not a valid header name`);
    if (typeof x !== 'string' || /[\r\n]/.test(x)) throw new InboxError('LH_INBOX_BAD_REQUEST', `header ${k} must be a one-line string`);
    out[k.toLowerCase()] = x;
  }
  return out;
}

/** The view shows credential headers masked: a value sent back unedited means "the stored one". */
function unmask(edited: Record<string, string>, stored: HeaderMap, secrets: Iterable<string>): HeaderMap {
  const out: HeaderMap = {};
  const list = [...secrets];
  for (const [k, v] of Object.entries(edited)) {
    const orig = header(stored, k);
    out[k] = orig !== undefined && isMaskedFormOf(v, orig, k, list) ? stored[k] : v;
  }
  return out;
}

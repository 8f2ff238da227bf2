import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';
import type { RunnerHost } from '../runner/host.js';
import type { GatewayRequest } from '../runner/protocol.js';
import type { Runner } from '../runner/runner.js';
import type { RealtimeService } from '../realtime/index.js';
import { isJsonBody, parseBody } from './body.js';
import { gatewayError, sendError } from './errors.js';
import type { RawHandler } from './index.js';
import { bodyless, readBody, type BodySpool, type SpooledBody } from './request-body.js';
import { Deadlines, Exchange, type ExchangeContext } from './exchange.js';
import type { AppCors } from './origin-policy.js';
import { hideHostPaths, redactSecrets } from './redact.js';
import type { RequestTap } from '../inbox/inbox.js';

export interface GatewayOptions {
  space: string;
  host: RunnerHost;
  /** Empty: API-key auth is off and every request counts as authenticated. */
  apiKeys: string[];
  /** Which web pages may call the app's routes. */
  cors: AppCors;
  timeoutMs: number;
  logger: Logger;
  /** The app folder: error bodies name paths inside it only. */
  appDir: string;
  /** Values never printed in the request log: the `.env` values (they change on reload). */
  secrets(): Iterable<string>;
  /** Why the app is not serving (build error), for the 503 body. */
  notReadyReason(): string;
  /** While the first build and load are under way: settles when they end (served or failed). Null after. */
  starting?(): Promise<void> | null;
  /** Serves the event stream when the app answers with `x-realtime-connect` (RT-08). */
  realtime?: RealtimeService;
  /** The request inbox (and the dashboard's charts): told of each request and the app's answer. */
  inbox?: RequestTap;
  /** Where large uploads are spooled instead of held in memory; without it every body is read into memory. */
  spool?: BodySpool;
}

/** Allowed in CORS preflight, as the platform's clients send them (ROUTE-15). */
const CORS_ALLOW_HEADERS = 'content-type, x-apikey, x-api-key, authorization, x-requested-with';
const CORS_ALLOW_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD';
/** Log levels at which the per-request line is not printed (and not even built). */
const QUIET = new Set(['warn', 'error', 'silent']);
/** Refused origins are named once each in the log (with the flag that allows them), up to this many. */
const MAX_HINTED_ORIGINS = 100;

type Headers = Record<string, string>;

interface GatewayContext extends ExchangeContext {
  prefix: string;
}

/**
 * App traffic: `/<space>/*` (and, per AMB 1, the same routes without the space segment) forwarded to the
 * serving coderunner, with the raw body kept byte-exact and the runner's answer streamed back.
 */
export function createGateway(opts: GatewayOptions): RawHandler {
  const log = (req: IncomingMessage, res: ServerResponse, started: number) => {
    if (QUIET.has(opts.logger.level)) return;
    const url = redactSecrets(req.url ?? '/', [...opts.apiKeys, ...opts.secrets()]);
    opts.logger.info(`${req.method} ${url} ${res.statusCode} ${(performance.now() - started).toFixed(1)}ms`);
  };
  const hinted = new Set<string>();
  const fail = (res: ServerResponse, err: unknown, cors: Headers) => {
    // A client told when to come back retries instead of failing (the app is starting, or its build failed).
    const retry: Headers = (err as { code?: string } | null)?.code === 'LH_APP_NOT_READY' ? { 'retry-after': String(RETRY_AFTER_S) } : {};
    const { status, body } = sendError(res, err, { ...cors, ...retry });
    if (status >= 500 && body.code === 'LH_INTERNAL') opts.logger.error('request failed inside localhooks:', err);
  };
  const spool = opts.spool;
  const ctx: GatewayContext = {
    prefix: `/${opts.space}`,
    host: opts.host,
    timeoutMs: opts.timeoutMs,
    deadlines: new Deadlines(opts.timeoutMs),
    realtime: opts.realtime,
    fail,
    // A spooled body is deleted once the answer is under way: the coderunner opened the file when it took the request.
    release: spool ? (ex) => void (ex.request.bodyFile && spool.discard(ex.request.bodyFile)) : undefined,
    appError: (message) => opts.logger.error(message),
  };

  return (req, res) => {
    if (!QUIET.has(opts.logger.level)) {
      const started = performance.now();
      res.once('finish', () => log(req, res, started));
    }
    const method = req.method ?? 'GET';
    const access = opts.cors.decide(method, req.headers);
    if ('refused' in access) {
      const key = req.headers.origin ?? req.headers.referer ?? 'cross-site';
      if (hinted.size < MAX_HINTED_ORIGINS && !hinted.has(key)) {
        hinted.add(key);
        opts.logger.warn(access.refused.message);
      }
      req.resume();
      return fail(res, access.refused, { connection: 'close' });
    }
    const cors = access.headers;
    if (method === 'OPTIONS' && req.headers['access-control-request-method']) {
      res.writeHead(204, {
        ...cors,
        'access-control-allow-methods': CORS_ALLOW_METHODS,
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? CORS_ALLOW_HEADERS,
        'access-control-max-age': '86400',
      });
      res.end();
      return;
    }
    const badPath = pathRefusal(req.url ?? '/');
    if (badPath) {
      req.resume();
      return fail(res, badPath, { ...cors, connection: 'close' });
    }
    // Most requests carry no body: they go on in this turn, without a promise for the body.
    if (bodyless(req)) {
      req.resume();
      return start(req, res, EMPTY, null, cors, ctx, opts);
    }
    readBody(req, opts.spool ?? null).then(
      (body) => (Buffer.isBuffer(body) ? start(req, res, body, null, cors, ctx, opts) : start(req, res, EMPTY, body, cors, ctx, opts)),
      (err) => fail(res, err, { ...cors, connection: 'close' }),
    );
  };
}

const EMPTY = Buffer.alloc(0);

/** Builds the runner's request and sends it to the serving runner (or waits for one while the app starts). */
function start(req: IncomingMessage, res: ServerResponse, raw: Buffer, file: SpooledBody | null, cors: Headers, ctx: GatewayContext, opts: GatewayOptions): void {
  let request: GatewayRequest;
  try {
    request = toRunnerRequest(req, raw, ctx.prefix, opts);
  } catch (err) {
    if (file) void opts.spool?.discard(file);
    return ctx.fail(res, err, cors);
  }
  if (file) request.bodyFile = { path: file.path, size: file.size };
  const ex = new Exchange(ctx, req, res, request, cors, opts.inbox?.open(request), isJsonBody(request.headers['content-type'] as string | undefined, raw));
  const current = opts.host.current;
  // A runner being replaced (stuck) may still take it: what it never started is sent again to the new one.
  if (current && !current.exited) return ex.send(current);
  opts.host
    .acquire()
    .then((runner) => runner ?? whenStarted(opts))
    .then((runner) => {
      if (!runner) throw gatewayError('LH_APP_NOT_READY', hideHostPaths(opts.notReadyReason(), opts.appDir));
      ex.send(runner);
    })
    .catch((err) => ex.fail(err));
}

function toRunnerRequest(req: IncomingMessage, raw: Buffer, prefix: string, opts: GatewayOptions): GatewayRequest {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  let apiPath = path;
  if (path === prefix || path.startsWith(prefix + '/')) apiPath = path.slice(prefix.length) || '/';
  const headers = req.headers;
  const ip = req.socket.remoteAddress ?? '';
  headers['x-real-ip'] ??= ip;
  headers['x-forwarded-for'] ??= ip;
  return {
    method: req.method ?? 'GET',
    apiPath,
    originalUrl: url,
    headers,
    ip,
    body: raw.byteLength === 0 ? {} : parseBody(headers['content-type'], raw),
    rawBody: raw,
    authenticated: checkApiKey(headers, opts.apiKeys),
  };
}

/** Seconds a client is told to wait before it asks again while the app cannot serve. */
const RETRY_AFTER_S = 1;

/**
 * A request that arrives while the first build runs is held (up to the handler timeout) and served by the app
 * once it loaded, so a script that starts the server and calls it at once is answered, not refused.
 */
async function whenStarted(opts: GatewayOptions): Promise<Runner | null> {
  const starting = opts.starting?.();
  if (!starting) return null;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((r) => (timer = setTimeout(r, opts.timeoutMs)));
  await Promise.race([starting, timeout]).finally(() => clearTimeout(timer));
  return opts.host.acquire();
}

/**
 * Route parameters are decoded from the path, so a path that does not decode (a malformed percent-escape, or
 * bytes that are not UTF-8) is refused before routing, as the platform's router does. Query strings are kept
 * lenient, as there: an escape that does not decode reaches the app as written.
 */
function pathRefusal(url: string) {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  if (!path.includes('%')) return null;
  try {
    decodeURIComponent(path);
    return null;
  } catch {
    return gatewayError('LH_BAD_URL', `The path ${JSON.stringify(path)} has a malformed percent-escape or is not valid UTF-8 once decoded (write % as %25)`);
  }
}

function checkApiKey(h: IncomingMessage['headers'], keys: string[]): boolean {
  if (keys.length === 0) return true;
  const bearer = typeof h.authorization === 'string' && /^bearer /i.test(h.authorization) ? h.authorization.slice(7).trim() : undefined;
  // A bearer token that is not one of the keys is a JWT for the app's own auth hooks to check (no JWKS here).
  if (bearer !== undefined && keys.includes(bearer)) return true;
  const presented = (h['x-apikey'] ?? h['x-api-key']) as string | undefined;
  if (presented === undefined) return false;
  if (keys.includes(String(presented))) return true;
  throw gatewayError('LH_AUTH_INVALID_KEY', 'Unauthorized: the API key is not valid');
}

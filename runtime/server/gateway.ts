import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';
import type { RunnerHost } from '../runner/host.js';
import type { RunnerRequest } from '../runner/protocol.js';
import type { Runner } from '../runner/runner.js';
import type { RealtimeService } from '../realtime/index.js';
import { REALTIME_CONNECT_HEADER } from '../../sdk/contract/realtime.js';
import { isJsonBody, parseBody, parseQuery } from './body.js';
import { gatewayError, sendError } from './errors.js';
import type { RawHandler } from './index.js';
import { readBody, type BodySpool, type SpooledBody } from './request-body.js';
import type { AppCors } from './origin-policy.js';
import { hideHostPaths, redactSecrets } from './redact.js';
import { offlineSwaggerAssets } from './swagger-assets.js';
import type { RequestTap, TapHandle } from '../inbox/inbox.js';

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

/**
 * App traffic: `/<space>/*` (and, per AMB 1, the same routes without the space segment) forwarded to the
 * serving coderunner, with the raw body kept byte-exact and the runner's answer streamed back.
 */
export function createGateway(opts: GatewayOptions): RawHandler {
  const prefix = `/${opts.space}`;
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

  return (req, res) => {
    const started = performance.now();
    if (!QUIET.has(opts.logger.level)) res.once('finish', () => log(req, res, started));
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
    readBody(req, opts.spool ?? null).then(
      (body) => {
        if (Buffer.isBuffer(body)) return handle(req, res, body, null, prefix, cors, opts);
        // The coderunner opened the file when it took the request; the answer is under way or done.
        return handle(req, res, EMPTY, body, prefix, cors, opts).finally(() => opts.spool?.discard(body));
      },
      (err) => fail(res, err, { ...cors, connection: 'close' }),
    ).catch((err) => fail(res, err, cors));
  };
}

const EMPTY = Buffer.alloc(0);

async function handle(req: IncomingMessage, res: ServerResponse, raw: Buffer, file: SpooledBody | null, prefix: string, cors: Headers, opts: GatewayOptions): Promise<void> {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  let apiPath = path;
  if (path === prefix || path.startsWith(prefix + '/')) apiPath = path.slice(prefix.length) || '/';
  const headers = req.headers;
  const ip = req.socket.remoteAddress ?? '';
  headers['x-real-ip'] ??= ip;
  headers['x-forwarded-for'] ??= ip;
  const request: RunnerRequest = {
    method: req.method ?? 'GET',
    path,
    apiPath,
    originalUrl: url,
    query: q === -1 ? {} : parseQuery(url.slice(q + 1)),
    headers,
    hostname: hostnameOf(headers.host),
    ip,
    body: parseBody(headers['content-type'], raw),
    rawBody: raw,
    authenticated: checkApiKey(headers, opts.apiKeys),
  };
  if (file) request.bodyFile = { path: file.path, size: file.size };
  const tap = opts.inbox?.open(request);
  try {
    const runner = (await opts.host.acquire()) ?? (await whenStarted(opts));
    if (!runner) throw gatewayError('LH_APP_NOT_READY', hideHostPaths(opts.notReadyReason(), opts.appDir));
    await forward(runner, request, req, res, cors, opts, tap);
  } catch (err) {
    tap?.failed(err);
    throw err;
  }
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

/** `req.hostname` as the app sees it: the Host header without its port, as sent. */
function hostnameOf(host: string | undefined): string {
  if (!host) return 'localhost';
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.indexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
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

function forward(runner: Runner, request: RunnerRequest, req: IncomingMessage, res: ServerResponse, cors: Headers, opts: GatewayOptions, tap: TapHandle | undefined, attempt = 0): Promise<void> {
  return new Promise((resolve, reject) => {
    let streaming = false;
    let settled = false;
    const settle = () => {
      settled = true;
      clearTimeout(timer);
    };
    // The runner's answer is written straight to the socket: headers and a small body go out in one write.
    const id = runner.request(request, {
      whole: (status, headers, body) => {
        if (settled) return;
        settle();
        res.off('close', onClose);
        const channel = headers[REALTIME_CONNECT_HEADER];
        if (typeof channel === 'string' && status === 200 && opts.realtime) {
          tap?.answer(status, headers, null);
          opts.realtime.connect({ channel, apiPath: request.apiPath, req, res, headers: { ...cors } }).then(resolve, reject);
          return;
        }
        addCors(headers, cors);
        body = offlineSwaggerAssets(headers, body);
        // A 304 describes the file the client has: no length of its own (RFC 9110 8.6).
        if (status !== 304 && status !== 204) headers['content-length'] = String(body.byteLength);
        tap?.answer(status, headers, body);
        res.writeHead(status, headers);
        res.end(request.method === 'HEAD' ? undefined : Buffer.from(body.buffer, body.byteOffset, body.byteLength));
        resolve();
      },
      head: (status, headers) => {
        if (settled) return;
        // A streamed answer may last long (SSE, a large download): the timeout only guards the first byte.
        settle();
        addCors(headers, cors);
        tap?.answer(status, headers, null);
        res.writeHead(status, headers);
        streaming = true;
        resolve();
      },
      chunk: (chunk) => {
        // Acknowledged once the socket took it: the coderunner sends more only then (backpressure).
        const ack = () => runner.ack(id, chunk.byteLength);
        if (streaming && !res.destroyed) res.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength), ack);
        else ack();
      },
      end: () => {
        res.off('close', onClose);
        if (streaming) res.end();
      },
      abort: (reason) => {
        res.off('close', onClose);
        if (streaming) return void res.destroy(new Error(reason));
        if (settled) return;
        settle();
        reject(gatewayError('LH_INTERNAL', reason));
      },
      lost: (reason, neverStarted) => {
        res.off('close', onClose);
        if (streaming) return void res.destroy(new Error(reason));
        if (settled) return;
        settle();
        if (neverStarted && attempt === 0) {
          // Queued behind a handler that blocked the old runner: it never ran, so the new runner takes it.
          resolve(
            opts.host.acquire().then((next) => {
              if (!next || next === runner) throw gatewayError('LH_RUNNER_LOST', `The coderunner stopped before handling this request: ${reason}`);
              return forward(next, request, req, res, cors, opts, tap, 1);
            }),
          );
          return;
        }
        reject(gatewayError('LH_RUNNER_LOST', `The coderunner stopped while handling this request: ${reason}`));
      },
    }, isJsonBody(request.headers['content-type'] as string | undefined, request.rawBody));
    // The client went away before the answer, or during a streamed one: the coderunner stops sending it.
    const onClose = () => {
      if (res.writableFinished) return;
      if (!settled) {
        settle();
        resolve();
      }
      runner.forget(id);
    };
    res.on('close', onClose);
    const timer = setTimeout(() => {
      if (settled) return;
      settle();
      res.off('close', onClose);
      runner.forget(id);
      void opts.host.checkHealth(runner);
      reject(gatewayError('LH_HANDLER_TIMEOUT', `The handler for ${request.method} ${request.apiPath} did not answer within ${opts.timeoutMs} ms`));
    }, opts.timeoutMs);
  });
}

/** The app's own CORS headers win; ours fill in what it left out. */
function addCors(headers: Record<string, string | string[]>, cors: Headers): void {
  for (const k in cors) headers[k] ??= cors[k]!;
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { isIP, type AddressInfo } from 'node:net';
import { HEALTH_PATH } from '../admin/health.js';
import { ADMIN_API, ADMIN_PREFIX } from '../admin/prefix.js';
import { LocalhooksError } from '../errors.js';
import type { Logger } from '../logger.js';
import { onClientError } from './client-error.js';
import { errorResponse, gatewayError, rawErrorResponse, sendError } from './errors.js';
import { hostnameOf, type HostCheck } from './host-check.js';
import { adminRefusal } from './origin-policy.js';
import { COHO_PREFIX, cohoRefusal, isCohoAdminPath } from '../coho/gate.js';

/**
 * Largest request body accepted. The platform documents none; its MongoDB example allows 10 MB (ROUTE-16)
 * and apps stream uploads through `req.pipe`, so leave room above that.
 */
export const BODY_LIMIT = 64 * 1024 * 1024;
/** nginx's default request-line buffer (8 KiB), the limit most hosted APIs sit behind: a longer URL gets a 414. */
export const MAX_URL_LENGTH = 8 * 1024;
/** Node's default for the request line plus headers; past it the parser refuses with a 431. */
export const MAX_HEADER_BYTES = 16 * 1024;
/** Distinct refusals explained in the log before it goes quiet about them. */
const MAX_EXPLAINED = 100;
/** A client that has not sent its headers by then is gone or holding a socket on purpose (slowloris): 408. */
export const HEADERS_TIMEOUT_MS = 20_000;
/** Idle keep-alive sockets are closed after this: longer than clients keep them (undici 4 s, browsers 60 s or less). */
export const KEEP_ALIVE_TIMEOUT_MS = 72_000;
/** The whole request, body included; generous for a 64 MiB upload over a slow tunnel, finite for a stalled one. */
export const REQUEST_TIMEOUT_MS = 120_000;

export interface HttpLimits {
  maxUrlLength: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
}

export type RawHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface HttpServer {
  /** Node's HTTP server: every request arrives here. */
  server: Server;
  /**
   * The fastify instance serving `/.localhooks/*` (admin API, dashboard, offline LLM) and the coho CLI's calls,
   * with its routes: built on the first such request (or call) and reused. App traffic never needs it.
   */
  emulator(): Promise<FastifyInstance>;
  /** Takes every other request (the app's traffic) straight from Node's HTTP server. */
  setAppHandler(handler: RawHandler): void;
  /** Registers the emulator's routes on its fastify instance when it is built. */
  setEmulatorRoutes(register: (fastify: FastifyInstance) => Promise<void>): void;
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

export interface HttpServerOptions {
  logger: Logger;
  /** The Host header check every request passes first (app and admin alike). */
  hosts: HostCheck;
  /** Tests shorten the timeouts. */
  limits?: Partial<HttpLimits>;
  /** `LOCALHOOKS_ADMIN_OPEN`: the admin API also answers names other than localhost (Docker). */
  adminOpen?: boolean;
  /** `GET /.localhooks/api/health`, answered without building the emulator while it is not built yet. */
  health?: () => unknown;
}

/**
 * One HTTP server, two paths. App requests skip fastify: per request it would cost more main-thread time than
 * everything else the gateway does. Emulator endpoints live on fastify under the reserved prefix; fastify and
 * those routes are loaded on first use, so a server nobody inspects starts sooner and holds less memory. Every
 * request first passes the Host check and the URL limit; emulator requests also the admin origin rules.
 */
export function createHttpServer(options: HttpServerOptions): HttpServer {
  const { logger, hosts } = options;
  const limits: HttpLimits = { maxUrlLength: MAX_URL_LENGTH, headersTimeoutMs: HEADERS_TIMEOUT_MS, requestTimeoutMs: REQUEST_TIMEOUT_MS, ...options.limits };
  const headersTimeout = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  let appHandler: RawHandler | null = null;
  // Each kind of refusal is explained in the log once (with the flag that lifts it), not on every request.
  const explained = new Set<string>();
  const refuse = (req: IncomingMessage, res: ServerResponse, err: LocalhooksError) => {
    req.resume();
    const key = err.code === 'LH_URL_TOO_LONG' ? err.code : `${err.code} ${req.headers.host} ${req.headers.origin}`;
    if (explained.size < MAX_EXPLAINED && !explained.has(key)) {
      explained.add(key);
      // The path only: a query string may carry a token.
      logger.warn(`${req.method} ${(req.url ?? '/').split('?')[0]!.slice(0, 200)} refused: ${err.message}`);
    }
    sendError(res, err, { connection: 'close' });
  };
  const emulator = lazyEmulator(logger);
  const toEmulator = (req: IncomingMessage, res: ServerResponse) => {
    if (emulator.routing) return emulator.routing(req, res);
    if (options.health && isHealthProbe(req)) return sendJson(res, 200, options.health());
    emulator.get().then(
      () => emulator.routing!(req, res),
      (err: unknown) => {
        logger.error(`${req.method} ${req.url} failed inside localhooks:`, err);
        req.resume();
        sendError(res, gatewayError('LH_INTERNAL', `The localhooks admin API failed to start: ${(err as Error).message}`));
      },
    );
  };
  const server = createServer(
    {
      maxHeaderSize: MAX_HEADER_BYTES,
      // Checked below, so that the answer is JSON with a code like every other refusal.
      requireHostHeader: false,
      headersTimeout,
      requestTimeout: limits.requestTimeoutMs,
      // How often Node looks for expired requests; a quarter of the shortest timeout keeps them close to exact.
      connectionsCheckingInterval: Math.max(25, Math.min(30_000, Math.floor(headersTimeout / 4))),
    },
    (req, res) => {
      // The coho CLI's `/<space>/_A_D_M_*` calls go to the admin API, with its rules and the CLI's own Host.
      if (isCohoAdminPath(req.url ?? '/')) {
        const refusedAdm = hostRequired(req) ?? urlRefusal(req.url!, limits.maxUrlLength) ?? cohoRefusal(req, { hosts, adminOpen: options.adminOpen });
        if (refusedAdm) return void refuse(req, res, refusedAdm);
        req.url = COHO_PREFIX + req.url;
        return void toEmulator(req, res);
      }
      const refused = hostRequired(req) ?? hosts.refuse(req.headers.host) ?? urlRefusal(req.url ?? '/', limits.maxUrlLength);
      if (refused) return void refuse(req, res, refused);
      const admin = isAdminUrl(req.url!);
      if (admin) {
        const notAllowed = adminRefusal(req.method ?? 'GET', req.headers) ?? (options.adminOpen ? null : tunnelRefusal(req));
        if (notAllowed) return void refuse(req, res, notAllowed);
      }
      if (appHandler && !admin) appHandler(req, res);
      else toEmulator(req, res);
    },
  );
  // fastify's keep-alive default (72 s); Node's 5 s would close idle sockets while a client on a busy machine
  // still reuses them (ECONNRESET on its next request).
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.on('clientError', onClientError(logger, { maxHeaderBytes: MAX_HEADER_BYTES, ...limits }));
  // localhooks is no proxy; without a listener Node would drop the socket without a word.
  server.on('connect', (_req, socket) => {
    socket.end(rawErrorResponse(gatewayError('LH_BAD_REQUEST', 'CONNECT is not supported: localhooks is not a proxy')));
  });
  return {
    server,
    emulator: emulator.get,
    setAppHandler: (h) => void (appHandler = h),
    setEmulatorRoutes: (register) => void (emulator.register = register),
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      }),
    async close() {
      const closed = new Promise<void>((r) => server.close(() => r()));
      // Keep-alive sockets and open streams (realtime, the dashboard's feed) would hold the close forever.
      server.closeAllConnections();
      await emulator.close();
      await closed;
    },
  };
}

/** The fastify instance for the emulator's endpoints, created on first use (fastify and its plugins load then). */
function lazyEmulator(logger: Logger) {
  let building: Promise<FastifyInstance> | null = null;
  let closed = false;
  const state = {
    register: null as ((fastify: FastifyInstance) => Promise<void>) | null,
    routing: null as RawHandler | null,
    get: (): Promise<FastifyInstance> =>
      // After close nothing is built again: an instance made then would never be closed.
      closed && !building ? Promise.reject(new Error('The localhooks server is closed')) : (building ??= buildEmulator(logger, state.register).then(
        (fastify) => {
          state.routing = (req, res) => fastify.routing(req, res);
          return fastify;
        },
        (err: unknown) => {
          // The next request tries again (and reports the error again) rather than a broken instance staying.
          building = null;
          throw err;
        },
      )),
    async close() {
      if (closed) return;
      closed = true;
      const fastify = await building?.catch(() => null);
      await fastify?.close();
    },
  };
  return state;
}

async function buildEmulator(logger: Logger, register: ((fastify: FastifyInstance) => Promise<void>) | null): Promise<FastifyInstance> {
  const { default: Fastify } = await import('fastify');
  const fastify = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT,
    // Requests reach it from the server above through `routing`; this one never listens.
    serverFactory: () => createServer(),
  });
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body));
  fastify.setErrorHandler((err, request, reply) => {
    const { status, body } = errorResponse(err);
    if (status >= 500) logger.error(`${request.method} ${request.url} failed inside localhooks:`, err);
    return reply.code(status).send(body);
  });
  await register?.(fastify);
  await fastify.ready();
  return fastify;
}

function isHealthProbe(req: IncomingMessage): boolean {
  const url = req.url!;
  return req.method === 'GET' && url.startsWith(HEALTH_PATH) && (url.length === HEALTH_PATH.length || url[HEALTH_PATH.length] === '?');
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * A name served through `--allowed-host` (a tunnel, a Docker service) reaches the app, not the admin API: a tunnel
 * connects from 127.0.0.1, so the loopback-address rule alone would let anyone with its URL in.
 */
function tunnelRefusal(req: IncomingMessage) {
  const host = req.headers.host;
  if (host === undefined || req.url!.startsWith(`${ADMIN_API}/health`)) return null;
  const name = hostnameOf(host);
  if (name === 'localhost' || name.endsWith('.localhost') || name === '[::1]' || (isIP(name) === 4 && name.startsWith('127.'))) return null;
  return new LocalhooksError('LH_ADMIN_FORBIDDEN', `The localhooks admin API answers localhost only, not requests for ${name} (set LOCALHOOKS_ADMIN_OPEN=1 to open it)`, { status: 403 });
}

/** Under the reserved prefix, or the prefix alone (`/.localhooks`, which redirects to the dashboard). */
function isAdminUrl(url: string): boolean {
  if (!url.startsWith(ADMIN_PREFIX)) return false;
  const next = url[ADMIN_PREFIX.length];
  return next === undefined || next === '/' || next === '?';
}

function hostRequired(req: IncomingMessage) {
  if (req.headers.host !== undefined || req.httpVersionMinor === 0) return null;
  return gatewayError('LH_BAD_REQUEST', 'An HTTP/1.1 request needs a Host header');
}

function urlRefusal(url: string, max: number) {
  if (url.length <= max) return null;
  return gatewayError('LH_URL_TOO_LONG', `The URL is ${url.length} characters long; the limit is ${max} (send large queries in a POST body)`);
}

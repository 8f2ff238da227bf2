import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { isIP } from 'node:net';
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
  /** Serves `/.localhooks/*`: the admin API, health and the offline LLM endpoint. */
  fastify: FastifyInstance;
  /** Takes every other request (the app's traffic) straight from Node's HTTP server. */
  setAppHandler(handler: RawHandler): void;
}

export interface HttpServerOptions {
  logger: Logger;
  /** The Host header check every request passes first (app and admin alike). */
  hosts: HostCheck;
  /** Tests shorten the timeouts. */
  limits?: Partial<HttpLimits>;
  /** `LOCALHOOKS_ADMIN_OPEN`: the admin API also answers names other than localhost (Docker). */
  adminOpen?: boolean;
}

/**
 * One HTTP server, two paths. App requests skip fastify: per request it would cost more main-thread time than
 * everything else the gateway does. Emulator endpoints live on fastify under the reserved prefix. Every
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
  const clientError = onClientError(logger, { maxHeaderBytes: MAX_HEADER_BYTES, ...limits });
  const fastify = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT,
    forceCloseConnections: true,
    clientErrorHandler: clientError,
    serverFactory: (handler) => {
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
            return void handler(req, res);
          }
          const refused = hostRequired(req) ?? hosts.refuse(req.headers.host) ?? urlRefusal(req.url ?? '/', limits.maxUrlLength);
          if (refused) return void refuse(req, res, refused);
          const admin = req.url!.startsWith(ADMIN_PREFIX + '/');
          if (admin) {
            const notAllowed = adminRefusal(req.method ?? 'GET', req.headers) ?? (options.adminOpen ? null : tunnelRefusal(req));
            if (notAllowed) return void refuse(req, res, notAllowed);
          }
          if (appHandler && !admin) appHandler(req, res);
          else handler(req, res);
        },
      );
      // fastify's keep-alive default (72 s) is not applied to a serverFactory server; Node's 5 s would close idle
      // sockets while a client on a busy machine still reuses them (ECONNRESET on its next request).
      server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
      // localhooks is no proxy; without a listener Node would drop the socket without a word.
      server.on('connect', (_req, socket) => {
        socket.end(rawErrorResponse(gatewayError('LH_BAD_REQUEST', 'CONNECT is not supported: localhooks is not a proxy')));
      });
      return server;
    },
  });
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body));
  fastify.setErrorHandler((err, request, reply) => {
    const { status, body } = errorResponse(err);
    if (status >= 500) logger.error(`${request.method} ${request.url} failed inside localhooks:`, err);
    return reply.code(status).send(body);
  });
  return { fastify, setAppHandler: (h) => void (appHandler = h) };
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

function hostRequired(req: IncomingMessage) {
  if (req.headers.host !== undefined || req.httpVersionMinor === 0) return null;
  return gatewayError('LH_BAD_REQUEST', 'An HTTP/1.1 request needs a Host header');
}

function urlRefusal(url: string, max: number) {
  if (url.length <= max) return null;
  return gatewayError('LH_URL_TOO_LONG', `The URL is ${url.length} characters long; the limit is ${max} (send large queries in a POST body)`);
}

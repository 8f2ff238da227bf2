import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RunnerHost } from '../runner/host.js';
import type { RunnerRequest } from '../runner/protocol.js';
import type { Runner } from '../runner/runner.js';
import { parseBody, searchToObject } from './body.js';
import { gatewayError } from './errors.js';

export interface GatewayOptions {
  space: string;
  host: RunnerHost;
  /** Empty: API-key auth is off and every request counts as authenticated. */
  apiKeys: string[];
  timeoutMs: number;
  /** Why the app is not serving (build error), for the 503 body. */
  notReadyReason(): string;
}

/** Allowed in CORS preflight, as the platform's clients send them (ROUTE-15). */
const CORS_ALLOW_HEADERS = 'content-type, x-apikey, x-api-key, authorization, x-requested-with';
const CORS_ALLOW_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD';

/**
 * App traffic: `/<space>/*` (and, per AMB 1, the same routes without the space segment) forwarded to the
 * serving coderunner, with the raw body kept byte-exact and the runner's answer streamed back.
 */
export function registerGateway(fastify: FastifyInstance, opts: GatewayOptions): void {
  const prefix = `/${opts.space}`;

  // Callback-style hooks: an async hook costs a promise on every request.
  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
      reply
        .code(204)
        .header('access-control-allow-origin', request.headers.origin ?? '*')
        .header('access-control-allow-methods', CORS_ALLOW_METHODS)
        .header('access-control-allow-headers', request.headers['access-control-request-headers'] ?? CORS_ALLOW_HEADERS)
        .header('access-control-max-age', '86400')
        .header('vary', 'origin')
        .send();
      return;
    }
    done();
  });

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const url = request.raw.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const search = q === -1 ? '' : url.slice(q + 1);
    let apiPath = path;
    if (path === prefix || path.startsWith(prefix + '/')) apiPath = path.slice(prefix.length) || '/';

    const authenticated = checkApiKey(request, opts.apiKeys);
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const body = parseBody(request.headers['content-type'], raw);
    const headers = request.headers;
    headers['x-real-ip'] ??= request.ip;
    headers['x-forwarded-for'] ??= request.ip;

    const req: RunnerRequest = {
      method: request.method,
      path,
      apiPath,
      originalUrl: url,
      query: searchToObject(new URLSearchParams(search)),
      headers,
      hostname: request.hostname,
      ip: request.ip,
      body,
      rawBody: raw,
      authenticated,
    };
    const runner = await opts.host.acquire();
    if (!runner) throw gatewayError('LH_APP_NOT_READY', opts.notReadyReason());
    return forward(runner, req, request, reply, opts);
  };

  fastify.all('/', handler);
  fastify.all('/*', handler);
}

function checkApiKey(request: FastifyRequest, keys: string[]): boolean {
  if (keys.length === 0) return true;
  const h = request.headers;
  const bearer = typeof h.authorization === 'string' && /^bearer /i.test(h.authorization) ? h.authorization.slice(7).trim() : undefined;
  const presented = (h['x-apikey'] ?? h['x-api-key'] ?? bearer) as string | undefined;
  if (presented === undefined) return false;
  if (keys.includes(String(presented))) return true;
  throw gatewayError('LH_AUTH_INVALID_KEY', 'Unauthorized: the API key is not valid');
}

function forward(runner: Runner, req: RunnerRequest, request: FastifyRequest, reply: FastifyReply, opts: GatewayOptions, attempt = 0): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let streaming = false;
    let settled = false;
    const done = (fn: () => unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.raw.off('close', onClose);
      resolve(fn());
    };
    const cors = request.headers.origin ?? '*';
    // The runner's answer is written straight to the socket: headers and a small body go out in one write.
    const id = runner.request(req, {
      whole: (status, headers, body) =>
        done(() => {
          reply.hijack();
          const raw = reply.raw;
          headers['access-control-allow-origin'] ??= cors;
          headers['content-length'] = String(body.byteLength);
          raw.writeHead(status, headers);
          raw.end(request.method === 'HEAD' ? undefined : Buffer.from(body.buffer, body.byteOffset, body.byteLength));
          return reply;
        }),
      head: (status, headers) => {
        // A streamed answer may last long (SSE): the timeout only guards the first byte.
        clearTimeout(timer);
        done(() => {
          reply.hijack();
          headers['access-control-allow-origin'] ??= cors;
          reply.raw.writeHead(status, headers);
          streaming = true;
          return reply;
        });
      },
      chunk: (chunk) => {
        if (streaming) reply.raw.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      },
      end: () => {
        if (!streaming) return;
        reply.raw.end();
      },
      lost: (reason, neverStarted) => {
        if (streaming) return void reply.raw.destroy(new Error(reason));
        settled = true;
        clearTimeout(timer);
        request.raw.off('close', onClose);
        if (neverStarted && attempt === 0) {
          // Queued behind a handler that blocked the old runner: it never ran, so the new runner takes it.
          resolve(
            opts.host.acquire().then((next) => {
              if (!next || next === runner) throw gatewayError('LH_RUNNER_LOST', `The coderunner stopped before handling this request: ${reason}`);
              return forward(next, req, request, reply, opts, 1);
            }),
          );
          return;
        }
        reject(gatewayError('LH_RUNNER_LOST', `The coderunner stopped while handling this request: ${reason}`));
      },
    });
    const onClose = () => {
      if (!settled && request.raw.destroyed) runner.forget(id);
    };
    request.raw.on('close', onClose);
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      runner.forget(id);
      void opts.host.checkHealth(runner);
      reject(gatewayError('LH_HANDLER_TIMEOUT', `The handler for ${req.method} ${req.apiPath} did not answer within ${opts.timeoutMs} ms`));
    }, opts.timeoutMs);
  });
}

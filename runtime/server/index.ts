import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { ADMIN_PREFIX } from '../admin/prefix.js';
import type { Logger } from '../logger.js';
import { errorResponse } from './errors.js';

/**
 * Largest request body accepted. The platform documents none; its MongoDB example allows 10 MB (ROUTE-16)
 * and apps stream uploads through `req.pipe`, so leave room above that.
 */
export const BODY_LIMIT = 64 * 1024 * 1024;

export type RawHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface HttpServer {
  /** Serves `/.localhooks/*`: the admin API, health and the offline LLM endpoint. */
  fastify: FastifyInstance;
  /** Takes every other request (the app's traffic) straight from Node's HTTP server. */
  setAppHandler(handler: RawHandler): void;
}

/**
 * One HTTP server, two paths. App requests skip fastify: per request it would cost more main-thread time than
 * everything else the gateway does. Emulator endpoints live on fastify under the reserved prefix.
 */
export function createHttpServer(logger: Logger): HttpServer {
  let appHandler: RawHandler | null = null;
  const fastify = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT,
    forceCloseConnections: true,
    serverFactory: (handler) =>
      createServer((req, res) => {
        if (appHandler && !req.url?.startsWith(ADMIN_PREFIX + '/')) appHandler(req, res);
        else handler(req, res);
      }),
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

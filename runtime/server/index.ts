import Fastify, { type FastifyInstance } from 'fastify';
import { isLocalhooksError } from '../errors.js';
import type { Logger } from '../logger.js';

/**
 * Largest request body accepted. The platform documents none; its MongoDB example allows 10 MB (ROUTE-16)
 * and apps stream uploads through `req.pipe`, so leave room above that.
 */
export const BODY_LIMIT = 64 * 1024 * 1024;

/** Log levels at which the per-request line is not printed (and not even built). */
const QUIET = new Set(['warn', 'error', 'silent']);

/**
 * The fastify instance every part registers on. Bodies are read as raw buffers (parsed later, so the exact
 * bytes stay available), and errors become HTTP responses here, in one place.
 */
export function createHttpServer(logger: Logger): FastifyInstance {
  const fastify = Fastify({ logger: false, bodyLimit: BODY_LIMIT, forceCloseConnections: true, });
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body));

  fastify.setErrorHandler((err, request, reply) => {
    if (isLocalhooksError(err)) return reply.code(err.status).send(err.toJSON());
    const e = err as { statusCode?: number; code?: string; message: string };
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send({ error: `Request body is larger than ${BODY_LIMIT} bytes`, code: 'LH_BODY_TOO_LARGE' });
    }
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      return reply.code(e.statusCode).send({ error: e.message, code: 'LH_BAD_REQUEST' });
    }
    logger.error(`${request.method} ${request.url} failed inside localhooks:`, err);
    return reply.code(500).send({ error: e.message, code: 'LH_INTERNAL' });
  });

  fastify.addHook('onResponse', (request, reply, done) => {
    if (!QUIET.has(logger.level) && !request.url.startsWith('/.localhooks/')) {
      logger.info(`${request.method} ${request.url} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms`);
    }
    done();
  });
  return fastify;
}

import type { FastifyInstance } from 'fastify';
import { ADMIN_API } from '../admin/prefix.js';
import type { DeadLetter, TopicStatus } from './types.js';

export interface QueueRouteSources {
  broker: { status(): TopicStatus[]; deadLetters(topic?: string): DeadLetter[] };
}

/**
 * `GET /.localhooks/api/queues` → `{topics: TopicStatus[]}` and
 * `GET /.localhooks/api/queues/dead[?topic=t]` → `{deadLetters: DeadLetter[]}`.
 */
export function registerQueueRoutes(app: FastifyInstance, sources: QueueRouteSources): void {
  app.get(`${ADMIN_API}/queues`, async () => ({ topics: sources.broker.status() }));
  app.get<{ Querystring: { topic?: string } }>(`${ADMIN_API}/queues/dead`, async (req) => ({
    deadLetters: sources.broker.deadLetters(typeof req.query.topic === 'string' && req.query.topic !== '' ? req.query.topic : undefined),
  }));
}

import type { FastifyInstance } from 'fastify';
import { ADMIN_API } from '../admin/prefix.js';
import { AdminError } from '../admin/errors.js';
import { page, stringParam } from '../admin/request.js';
import type { QueueBroker } from './broker.js';
import type { QueueRecord } from './types.js';
import { any, enumOf, int, list, nullable, obj, PAGE_QUERY, PAGE_REPLY, routeSchema, str } from '../admin/schema.js';

export interface QueueRouteSources {
  broker: Pick<QueueBroker, 'status' | 'deadLetters' | 'records' | 'retryDead' | 'discardDead'>;
  /** Done records still kept on disk (the last ones of each topic), read on demand. */
  doneRecords?(): Promise<QueueRecord[]>;
  now?(): number;
}

const STATES = ['waiting', 'scheduled', 'leased', 'failed', 'dead', 'done'] as const;
type ItemState = (typeof STATES)[number];

type Q = { Querystring: Record<string, unknown> };

const TOPIC_QUERY = { topic: str('one queue topic (worker name); all when absent') };
const ITEM = obj({ _id: str(), topic: str(), state: str(), attempts: int(), enqueuedAt: nullable(str()), runAt: nullable(str()), dueAt: nullable(str()), leaseUntil: nullable(str()), finishedAt: nullable(str()), lastError: any(), payload: any() });
const SCHEMAS = {
  status: routeSchema({ tag: 'queues', summary: 'Every queue topic with its counts (waiting, scheduled, leased, failed, dead, done) and worker settings', reply: obj({ topics: list(obj({ topic: str() })) }) }),
  dead: routeSchema({ tag: 'queues', summary: 'Dead letters (items that ran out of retries) with their last error', query: TOPIC_QUERY, reply: obj({ deadLetters: list(obj({ _id: str(), topic: str() })) }) }),
  items: routeSchema({ tag: 'queues', summary: 'Queue items by state and topic', query: { state: enumOf(STATES), ...TOPIC_QUERY, ...PAGE_QUERY }, reply: obj({ items: list(ITEM), ...PAGE_REPLY }) }),
  retryOne: routeSchema({ tag: 'queues', summary: 'Send one dead letter back to its queue', params: { id: str('the dead item\'s _id') }, reply: obj({ retried: int() }) }),
  retryAll: routeSchema({ tag: 'queues', summary: 'Send every dead letter (of a topic) back to its queue', query: TOPIC_QUERY, reply: obj({ retried: int() }) }),
  discardOne: routeSchema({ tag: 'queues', summary: 'Discard one dead letter', params: { id: str() }, reply: obj({ discarded: int() }) }),
  discardAll: routeSchema({ tag: 'queues', summary: 'Discard every dead letter (of a topic)', query: TOPIC_QUERY, reply: obj({ discarded: int() }) }),
};

/**
 * `GET /.localhooks/api/queues` → `{topics: TopicStatus[]}`;
 * `GET /.localhooks/api/queues/dead[?topic=t]` → `{deadLetters: DeadLetter[]}` (with their error);
 * `GET /.localhooks/api/queues/items?state=&topic=&limit=&offset=` → `{items, more}`, states waiting, scheduled
 * (a runAt time ahead), leased, failed (backing off), dead, done;
 * `POST /queues/dead/:id/retry`, `POST /queues/dead/retry[?topic=]` → `{retried}`;
 * `DELETE /queues/dead/:id`, `DELETE /queues/dead[?topic=]` → `{discarded}`.
 */
export function registerQueueRoutes(app: FastifyInstance, sources: QueueRouteSources): void {
  const topicOf = (q: Record<string, unknown>) => {
    const t = stringParam(q.topic, 'topic');
    return t === '' ? undefined : t;
  };
  app.get(`${ADMIN_API}/queues`, { schema: SCHEMAS.status }, async () => ({ topics: sources.broker.status() }));
  app.get<Q>(`${ADMIN_API}/queues/dead`, { schema: SCHEMAS.dead }, async (req) => ({ deadLetters: sources.broker.deadLetters(topicOf(req.query)) }));
  app.get<Q>(`${ADMIN_API}/queues/items`, { schema: SCHEMAS.items }, async (req) => {
    const state = stringParam(req.query.state, 'state');
    if (state !== undefined && !(STATES as readonly string[]).includes(state)) {
      throw new AdminError('LH_ADMIN_BAD_REQUEST', `state must be one of ${STATES.join(', ')}, got "${state}"`);
    }
    const topic = topicOf(req.query);
    const { limit, offset } = page(req.query);
    const now = sources.now?.() ?? Date.now();
    const records = state === 'done' ? ((await sources.doneRecords?.()) ?? []) : sources.broker.records();
    const chosen = records
      .filter((r) => (topic === undefined || r.topic === topic) && (state === undefined || stateOf(r, now) === state))
      .sort((a, b) => a.seq - b.seq);
    return { items: chosen.slice(offset, offset + limit).map((r) => view(r, now)), offset, limit, more: chosen.length > offset + limit };
  });
  app.post<{ Params: { id: string } }>(`${ADMIN_API}/queues/dead/:id/retry`, { schema: SCHEMAS.retryOne }, async (req) => ({ retried: sources.broker.retryDead({ id: req.params.id }) }));
  app.post<Q>(`${ADMIN_API}/queues/dead/retry`, { schema: SCHEMAS.retryAll }, async (req) => ({ retried: sources.broker.retryDead({ topic: topicOf(req.query) }) }));
  app.delete<{ Params: { id: string } }>(`${ADMIN_API}/queues/dead/:id`, { schema: SCHEMAS.discardOne }, async (req) => ({ discarded: sources.broker.discardDead({ id: req.params.id }) }));
  app.delete<Q>(`${ADMIN_API}/queues/dead`, { schema: SCHEMAS.discardAll }, async (req) => ({ discarded: sources.broker.discardDead({ topic: topicOf(req.query) }) }));
}

function stateOf(r: QueueRecord, now: number): ItemState {
  return r.state === 'waiting' && r.dueAt !== undefined && r.dueAt > now ? 'scheduled' : r.state;
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

function view(r: QueueRecord, now: number) {
  return {
    _id: r._id,
    topic: r.topic,
    state: stateOf(r, now),
    attempts: r.attempts,
    enqueuedAt: iso(r.enqueuedAt),
    runAt: iso(r.runAt),
    dueAt: iso(r.dueAt),
    leaseUntil: iso(r.leaseUntil),
    finishedAt: iso(r.finishedAt),
    lastError: r.lastError ?? null,
    payload: r.payload,
  };
}

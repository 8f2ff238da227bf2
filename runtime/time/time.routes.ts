import type { FastifyInstance } from 'fastify';
import { ADMIN_API } from '../admin/prefix.js';
import { intParam, jsonBody } from '../admin/request.js';
import type { TimeService } from './index.js';
import { bool, int, list, nullable, obj, oneOf, routeSchema, str } from '../admin/schema.js';

const STATUS = obj({ now: str(), real: str(), offsetMs: nullable(int('ms ahead of real time')), mode: str(), movable: bool(), due: list(obj({ at: str(), kind: str(), what: str() })) });
const MOVED = obj({ from: str(), to: str(), ran: list(obj({ at: str(), kind: str(), what: str(), outcome: str() })), omitted: int() });
const SCHEMAS = {
  status: routeSchema({ tag: 'clock', summary: 'The clock and what is due next (TTL expiry, cron, runAt, retries)', query: { limit: int('due things listed: 0..1000, default 20') }, reply: STATUS }),
  advance: routeSchema({ tag: 'clock', summary: 'Move the clock ahead, running what falls due on the way', body: obj({ by: oneOf(str('a duration: 90s, 2h, 1d'), int('ms')) }), reply: MOVED }),
  set: routeSchema({ tag: 'clock', summary: 'Set the clock to a time (forward only runs what falls due)', body: obj({ to: oneOf(str('an ISO time'), int('epoch ms')) }), reply: MOVED }),
  reset: routeSchema({ tag: 'clock', summary: 'Back to real time', reply: MOVED }),
};

/**
 * The clock:
 *   GET  /clock[?limit=20]     → {now, real, offsetMs, mode, movable, due: [{at, kind, what}]}
 *   POST /clock/advance {by}   → {from, to, ran: [{at, kind, what, outcome, error?}], omitted}   (by: '2h', ms)
 *   POST /clock/set {to}       → the same (to: ISO time or epoch ms)
 *   POST /clock/reset          → the same, back to real time
 */
export function registerTimeRoutes(app: FastifyInstance, sources: { time: TimeService }): void {
  const field = (req: Parameters<typeof jsonBody>[0], name: string): unknown => {
    const body = jsonBody(req);
    return body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  };
  app.get<{ Querystring: Record<string, unknown> }>(`${ADMIN_API}/clock`, { schema: SCHEMAS.status }, async (req) => sources.time.status(intParam(req.query.limit, 'limit', { min: 0, max: 1000, def: 20 })));
  app.post(`${ADMIN_API}/clock/advance`, { schema: SCHEMAS.advance }, async (req) => sources.time.advance(field(req, 'by')));
  app.post(`${ADMIN_API}/clock/set`, { schema: SCHEMAS.set }, async (req) => sources.time.set(field(req, 'to')));
  app.post(`${ADMIN_API}/clock/reset`, { schema: SCHEMAS.reset }, async () => sources.time.reset());
}

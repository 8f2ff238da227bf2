import type { FastifyInstance } from 'fastify';
import { ADMIN_API } from '../admin/prefix.js';
import { intParam, jsonBody } from '../admin/request.js';
import type { TimeService } from './index.js';

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
  app.get<{ Querystring: Record<string, unknown> }>(`${ADMIN_API}/clock`, async (req) => sources.time.status(intParam(req.query.limit, 'limit', { min: 0, max: 1000, def: 20 })));
  app.post(`${ADMIN_API}/clock/advance`, async (req) => sources.time.advance(field(req, 'by')));
  app.post(`${ADMIN_API}/clock/set`, async (req) => sources.time.set(field(req, 'to')));
  app.post(`${ADMIN_API}/clock/reset`, async () => sources.time.reset());
}

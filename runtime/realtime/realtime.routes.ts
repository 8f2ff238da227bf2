import type { FastifyInstance } from 'fastify';
import { ADMIN_API } from '../admin/prefix.js';
import type { RealtimeService } from './index.js';
import { int, list, obj, routeSchema, str } from '../admin/schema.js';

const STATUS = routeSchema({ tag: 'realtime', summary: 'Realtime channels with their connected clients', reply: obj({ channels: list(obj({ channel: str(), clients: int(), delivered: int(), dropped: int() })) }) });

/** `GET /.localhooks/api/realtime` → `{channels: [{channel, clients, delivered, dropped}]}`: who is connected now. */
export function registerRealtimeRoutes(app: FastifyInstance, sources: { realtime: Pick<RealtimeService, 'status'> }): void {
  app.get(`${ADMIN_API}/realtime`, { schema: STATUS }, async () => ({ channels: sources.realtime.status() }));
}

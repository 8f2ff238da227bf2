import type { FastifyInstance } from 'fastify';
import { ADMIN_API } from '../admin/prefix.js';
import type { RealtimeService } from './index.js';

/** `GET /.localhooks/api/realtime` → `{channels: [{channel, clients, delivered, dropped}]}`: who is connected now. */
export function registerRealtimeRoutes(app: FastifyInstance, sources: { realtime: Pick<RealtimeService, 'status'> }): void {
  app.get(`${ADMIN_API}/realtime`, async () => ({ channels: sources.realtime.status() }));
}

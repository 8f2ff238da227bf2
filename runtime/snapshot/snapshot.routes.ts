import type { FastifyInstance } from 'fastify';
import { ADMIN_API } from '../admin/prefix.js';
import { objectBody } from '../admin/request.js';
import type { SnapshotService } from './index.js';

/**
 * Snapshots and reset:
 *   GET    /snapshots                  → {snapshots: [{name, createdAt, clock, keys, bytes}]}
 *   POST   /snapshots {name}           → 201 the new snapshot
 *   POST   /snapshots/:name/restore    → the snapshot restored
 *   DELETE /snapshots/:name            → {removed: name}
 *   POST   /reset                      → {reset: true}: every collection, key, queue item, workflow and file gone
 */
export function registerSnapshotRoutes(app: FastifyInstance, sources: { snapshots: SnapshotService }): void {
  const s = sources.snapshots;
  app.get(`${ADMIN_API}/snapshots`, async () => ({ snapshots: await s.list() }));
  app.post(`${ADMIN_API}/snapshots`, async (req, reply) => reply.code(201).send(await s.save(objectBody(req, 'POST /snapshots ({"name": "…"})').name as string)));
  app.post<{ Params: { name: string } }>(`${ADMIN_API}/snapshots/:name/restore`, async (req) => s.restore(req.params.name));
  app.delete<{ Params: { name: string } }>(`${ADMIN_API}/snapshots/:name`, async (req) => {
    await s.remove(req.params.name);
    return { removed: req.params.name };
  });
  app.post(`${ADMIN_API}/reset`, async () => {
    await s.reset();
    return { reset: true };
  });
}

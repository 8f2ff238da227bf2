import type { FastifyInstance } from 'fastify';
import { ADMIN_API } from '../admin/prefix.js';
import { objectBody } from '../admin/request.js';
import type { SnapshotService } from './index.js';
import { bool, int, list, obj, routeSchema, str } from '../admin/schema.js';

const SNAPSHOT = obj({ name: str(), createdAt: str('real time it was taken'), clock: str('the server clock then'), keys: int(), bytes: int() });
const SCHEMAS = {
  list: routeSchema({ tag: 'snapshots', summary: 'Saved snapshots of the data folder', reply: obj({ snapshots: list(SNAPSHOT) }) }),
  save: routeSchema({ tag: 'snapshots', summary: 'Save a snapshot of every collection, key, queue item, workflow and file', body: obj({ name: str('letters, digits, - and _') }), status: 201, reply: SNAPSHOT }),
  restore: routeSchema({ tag: 'snapshots', summary: 'Restore a snapshot (the data as it was then)', params: { name: str() }, reply: SNAPSHOT }),
  remove: routeSchema({ tag: 'snapshots', summary: 'Delete a snapshot', params: { name: str() }, reply: obj({ removed: str() }) }),
  reset: routeSchema({ tag: 'snapshots', summary: 'Delete all data: every collection, key, queue item, workflow and file', reply: obj({ reset: bool() }) }),
};

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
  app.get(`${ADMIN_API}/snapshots`, { schema: SCHEMAS.list }, async () => ({ snapshots: await s.list() }));
  app.post(`${ADMIN_API}/snapshots`, { schema: SCHEMAS.save }, async (req, reply) => reply.code(201).send(await s.save(objectBody(req, 'POST /snapshots ({"name": "…"})').name as string)));
  app.post<{ Params: { name: string } }>(`${ADMIN_API}/snapshots/:name/restore`, { schema: SCHEMAS.restore }, async (req) => s.restore(req.params.name));
  app.delete<{ Params: { name: string } }>(`${ADMIN_API}/snapshots/:name`, { schema: SCHEMAS.remove }, async (req) => {
    await s.remove(req.params.name);
    return { removed: req.params.name };
  });
  app.post(`${ADMIN_API}/reset`, { schema: SCHEMAS.reset }, async () => {
    await s.reset();
    return { reset: true };
  });
}

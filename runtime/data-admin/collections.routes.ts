import type { FastifyInstance } from 'fastify';
import { ADMIN_API } from '../admin/prefix.js';
import { AdminError } from '../admin/errors.js';
import { objectBody } from '../admin/request.js';
import { requireCollection, type DataRouteSources } from './sources.js';

type Named = { Params: { name: string } };

/**
 * Collections with their counts, indexes and schemas:
 *   GET    /collections                      → {collections: [{name, count, createdAt, indexes, cap?, schema}]}
 *   POST   /collections {name, cap?, schema?} → 201 {collection, created}
 *   GET    /collections/:name                → one of the above
 *   DELETE /collections/:name                → {collection, dropped}
 *   GET|POST /collections/:name/indexes {fields}, DELETE /collections/:name/indexes/:field → {indexes}
 *   GET|PUT|DELETE /collections/:name/schema
 */
export function registerCollectionRoutes(app: FastifyInstance, s: DataRouteSources): void {
  const describe = async (name?: string) => {
    const infos = await s.datastore.listCollections();
    const chosen = name === undefined ? infos : infos.filter((c) => c.name === name);
    return Promise.all(chosen.map(async ({ hasSchema, ...info }) => ({ ...info, schema: hasSchema ? await s.conn.getSchema(info.name) : null })));
  };
  app.get(`${ADMIN_API}/collections`, async () => ({ collections: await describe() }));
  app.post(`${ADMIN_API}/collections`, async (req, reply) => {
    const { name, ...options } = objectBody(req, 'POST /collections');
    if (typeof name !== 'string') throw new AdminError('LH_ADMIN_BAD_REQUEST', 'POST /collections: expected {"name": "<collection>", "cap"?, "schema"?}');
    const created = await s.conn.createCollection(name, options);
    return reply.code(created.created ? 201 : 200).send(created);
  });
  app.get<Named>(`${ADMIN_API}/collections/:name`, async (req) => {
    const [info] = await describe(requireCollection(s, req.params.name));
    return info;
  });
  app.delete<Named>(`${ADMIN_API}/collections/:name`, async (req) => s.conn.dropCollection(requireCollection(s, req.params.name)));

  app.get<Named>(`${ADMIN_API}/collections/:name/indexes`, async (req) => {
    const [info] = await describe(requireCollection(s, req.params.name));
    return { collection: req.params.name, indexes: info?.indexes ?? [] };
  });
  app.post<Named>(`${ADMIN_API}/collections/:name/indexes`, async (req) => {
    const { fields } = objectBody(req, 'POST /collections/:name/indexes');
    if (fields === undefined) throw new AdminError('LH_ADMIN_BAD_REQUEST', 'expected {"fields": "field" or ["a", "b"]}');
    return { collection: req.params.name, indexes: await s.conn.createIndex(req.params.name, fields as string[]) };
  });
  app.delete<{ Params: { name: string; field: string } }>(`${ADMIN_API}/collections/:name/indexes/:field`, async (req) => {
    const coll = requireCollection(s, req.params.name);
    return { collection: coll, indexes: await s.conn.removeIndex(coll, req.params.field) };
  });

  app.get<Named>(`${ADMIN_API}/collections/:name/schema`, async (req) => ({ collection: req.params.name, schema: await s.conn.getSchema(requireCollection(s, req.params.name)) }));
  app.put<Named>(`${ADMIN_API}/collections/:name/schema`, async (req) => s.conn.setSchema(req.params.name, objectBody(req, 'PUT /collections/:name/schema (a JSON schema)')));
  app.delete<Named>(`${ADMIN_API}/collections/:name/schema`, async (req) => s.conn.removeSchema(requireCollection(s, req.params.name)));
}

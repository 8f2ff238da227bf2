import type { FastifyInstance } from 'fastify';
import { ADMIN_API } from '../admin/prefix.js';
import { AdminError } from '../admin/errors.js';
import { objectBody } from '../admin/request.js';
import { requireCollection, type DataRouteSources } from './sources.js';
import { any, bool, int, list, nullable, obj, oneOf, record, routeSchema, str } from '../admin/schema.js';

type Named = { Params: { name: string } };

const NAME = { name: str('the collection') };
const INFO = obj({ name: str(), count: int(), indexes: list(str()), schema: nullable(record('its JSON schema')) });
const INDEXES = obj({ collection: str(), indexes: list(str()) });
const SCHEMA_REPLY = obj({ collection: str(), schema: nullable(record()) }, ['schema']);
const SCHEMAS = {
  list: routeSchema({ tag: 'data', summary: 'Collections with their counts, indexes and schemas', reply: obj({ collections: list(INFO) }) }),
  create: routeSchema({ tag: 'data', summary: 'Create a collection (capped, with a schema, if asked)', body: obj({ name: str(), cap: int('keep at most this many documents'), schema: record() }, ['cap', 'schema']), status: 201, reply: obj({ collection: str(), created: bool() }) }),
  get: routeSchema({ tag: 'data', summary: 'One collection with its count, indexes and schema', params: NAME, reply: INFO }),
  drop: routeSchema({ tag: 'data', summary: 'Drop a collection and its documents', params: NAME, reply: obj({ collection: str(), dropped: any() }) }),
  indexes: routeSchema({ tag: 'data', summary: 'A collection\'s indexed fields', params: NAME, reply: INDEXES }),
  addIndex: routeSchema({ tag: 'data', summary: 'Index one or more fields', params: NAME, body: obj({ fields: oneOf(str(), list(str())) }), reply: INDEXES }),
  removeIndex: routeSchema({ tag: 'data', summary: 'Remove a field\'s index', params: { ...NAME, field: str() }, reply: INDEXES }),
  getSchema: routeSchema({ tag: 'data', summary: 'A collection\'s JSON schema (null: none)', params: NAME, reply: SCHEMA_REPLY }),
  setSchema: routeSchema({ tag: 'data', summary: 'Set a collection\'s JSON schema (inserts and updates are checked against it)', params: NAME, body: record('a JSON schema'), reply: record() }),
  removeSchema: routeSchema({ tag: 'data', summary: 'Remove a collection\'s JSON schema', params: NAME, reply: record() }),
};

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
  app.get(`${ADMIN_API}/collections`, { schema: SCHEMAS.list }, async () => ({ collections: await describe() }));
  app.post(`${ADMIN_API}/collections`, { schema: SCHEMAS.create }, async (req, reply) => {
    const { name, ...options } = objectBody(req, 'POST /collections');
    if (typeof name !== 'string') throw new AdminError('LH_ADMIN_BAD_REQUEST', 'POST /collections: expected {"name": "<collection>", "cap"?, "schema"?}');
    const created = await s.conn.createCollection(name, options);
    return reply.code(created.created ? 201 : 200).send(created);
  });
  app.get<Named>(`${ADMIN_API}/collections/:name`, { schema: SCHEMAS.get }, async (req) => {
    const [info] = await describe(requireCollection(s, req.params.name));
    return info;
  });
  app.delete<Named>(`${ADMIN_API}/collections/:name`, { schema: SCHEMAS.drop }, async (req) => s.conn.dropCollection(requireCollection(s, req.params.name)));

  app.get<Named>(`${ADMIN_API}/collections/:name/indexes`, { schema: SCHEMAS.indexes }, async (req) => {
    const [info] = await describe(requireCollection(s, req.params.name));
    return { collection: req.params.name, indexes: info?.indexes ?? [] };
  });
  app.post<Named>(`${ADMIN_API}/collections/:name/indexes`, { schema: SCHEMAS.addIndex }, async (req) => {
    const { fields } = objectBody(req, 'POST /collections/:name/indexes');
    if (fields === undefined) throw new AdminError('LH_ADMIN_BAD_REQUEST', 'expected {"fields": "field" or ["a", "b"]}');
    return { collection: req.params.name, indexes: await s.conn.createIndex(req.params.name, fields as string[]) };
  });
  app.delete<{ Params: { name: string; field: string } }>(`${ADMIN_API}/collections/:name/indexes/:field`, { schema: SCHEMAS.removeIndex }, async (req) => {
    const coll = requireCollection(s, req.params.name);
    return { collection: coll, indexes: await s.conn.removeIndex(coll, req.params.field) };
  });

  app.get<Named>(`${ADMIN_API}/collections/:name/schema`, { schema: SCHEMAS.getSchema }, async (req) => ({ collection: req.params.name, schema: await s.conn.getSchema(requireCollection(s, req.params.name)) }));
  app.put<Named>(`${ADMIN_API}/collections/:name/schema`, { schema: SCHEMAS.setSchema }, async (req) => s.conn.setSchema(req.params.name, objectBody(req, 'PUT /collections/:name/schema (a JSON schema)')));
  app.delete<Named>(`${ADMIN_API}/collections/:name/schema`, { schema: SCHEMAS.removeSchema }, async (req) => s.conn.removeSchema(requireCollection(s, req.params.name)));
}

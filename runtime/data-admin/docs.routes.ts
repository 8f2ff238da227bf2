import type { FastifyInstance } from 'fastify';
import { ADMIN_API } from '../admin/prefix.js';
import { AdminError } from '../admin/errors.js';
import { jsonBody, jsonParam, objectBody, page } from '../admin/request.js';
import type { FindOptions } from '../../sdk/contract/values.js';
import { requireCollection, type DataRouteSources } from './sources.js';
import { any, int, list, obj, oneOf, PAGE_QUERY, PAGE_REPLY, record, routeSchema, str } from '../admin/schema.js';

type Named = { Params: { name: string }; Querystring: Record<string, unknown> };
type OneDoc = { Params: { name: string; id: string } };

/** What a query names, from the query string or a POST body: the platform's query language, sort, fields, page. */
interface QuerySpec {
  query?: unknown;
  sort?: unknown;
  fields?: unknown;
  limit?: unknown;
  offset?: unknown;
}

/** `sort`/`fields` as text (`-createdAt,name`, `name,email`) or JSON; the datastore reads both spellings. */
function textOrJson(value: unknown, name: string): unknown {
  if (typeof value === 'string' && /^\s*[[{]/.test(value)) return jsonParam(value, name);
  return value === '' ? undefined : value;
}

const NAME = { name: str('the collection') };
const ONE = { ...NAME, id: str('the document\'s _id') };
const QUERY = record('a query in the platform\'s query language, like {"status": "open", "n": {"$gt": 2}}; {} matches every document');
const SORT_FIELDS = { sort: str('-createdAt,name or JSON {"createdAt": -1}'), fields: str('name,email or JSON {"name": 1}') };
const DOC = record('a document, with its _id');
const PAGE_OF_DOCS = obj({ collection: str(), items: list(DOC), ...PAGE_REPLY });
const SCHEMAS = {
  find: routeSchema({ tag: 'data', summary: 'Query documents', params: NAME, query: { q: str('the query as JSON'), ...SORT_FIELDS, ...PAGE_QUERY }, reply: PAGE_OF_DOCS }),
  query: routeSchema({ tag: 'data', summary: 'Query documents (the query in the body, for long queries)', params: NAME, body: obj({ query: QUERY, sort: any(), fields: any(), limit: int(), offset: int() }, ['query', 'sort', 'fields', 'limit', 'offset']), reply: PAGE_OF_DOCS }),
  count: routeSchema({ tag: 'data', summary: 'Count the documents a query matches', params: NAME, query: { q: str('the query as JSON') }, reply: obj({ collection: str(), count: int() }) }),
  insert: routeSchema({ tag: 'data', summary: 'Insert a document or an array of documents', params: NAME, body: oneOf(DOC, list(DOC)), status: 201, reply: oneOf(DOC, list(DOC)) }),
  get: routeSchema({ tag: 'data', summary: 'One document by _id', params: ONE, reply: DOC }),
  update: routeSchema({ tag: 'data', summary: 'Update one document (fields to set, or update operators like $inc)', params: ONE, body: record(), reply: DOC }),
  replace: routeSchema({ tag: 'data', summary: 'Replace one document', params: ONE, body: record(), reply: DOC }),
  remove: routeSchema({ tag: 'data', summary: 'Delete one document', params: ONE, reply: obj({ _id: str() }) }),
  updateMany: routeSchema({ tag: 'data', summary: 'Update every document a query matches', params: NAME, body: obj({ query: QUERY, update: record('fields or update operators') }), reply: obj({ collection: str(), count: int() }) }),
  removeMany: routeSchema({ tag: 'data', summary: 'Delete every document a query matches', params: NAME, body: obj({ query: QUERY }), reply: obj({ collection: str(), count: int() }) }),
};

/**
 * Documents, through the same calls an app makes:
 *   GET  /collections/:name/docs?q={…}&sort=-a,b&fields=a,b&limit=100&offset=0 → {items, offset, limit, more}
 *   POST /collections/:name/query {query, sort, fields, limit, offset}      (the same, for long queries)
 *   GET  /collections/:name/count?q={…}                                       → {count}
 *   POST /collections/:name/docs (a document or an array)                      → 201 the stored document(s)
 *   GET|PATCH|PUT|DELETE /collections/:name/docs/:id                           → one document / {_id}
 *   PATCH  /collections/:name/docs {query, update}                             → {count}
 *   DELETE /collections/:name/docs {query}                                     → {count}
 */
export function registerDocRoutes(app: FastifyInstance, s: DataRouteSources): void {
  const run = async (name: string, spec: QuerySpec) => {
    const coll = requireCollection(s, name);
    const { limit, offset } = page(spec);
    // The datastore validates sort and fields (LH_DB_INVALID_QUERY names what is wrong).
    const options = { sort: spec.sort, hints: spec.fields === undefined ? undefined : { $fields: spec.fields }, limit: limit + 1, offset } as FindOptions;
    const items = await s.conn.getMany(coll, (spec.query ?? {}) as Record<string, unknown>, options).toArray();
    return { collection: coll, items: items.slice(0, limit), offset, limit, more: items.length > limit };
  };
  app.get<Named>(`${ADMIN_API}/collections/:name/docs`, { schema: SCHEMAS.find }, async (req) => {
    const q = req.query;
    return run(req.params.name, { query: jsonParam(q.q, 'q'), sort: textOrJson(q.sort, 'sort'), fields: textOrJson(q.fields, 'fields'), limit: q.limit, offset: q.offset });
  });
  app.post<Named>(`${ADMIN_API}/collections/:name/query`, { schema: SCHEMAS.query }, async (req) => run(req.params.name, objectBody(req, 'POST /collections/:name/query') as QuerySpec));
  app.get<Named>(`${ADMIN_API}/collections/:name/count`, { schema: SCHEMAS.count }, async (req) => {
    const coll = requireCollection(s, req.params.name);
    return { collection: coll, ...(await s.conn.count(coll, (jsonParam(req.query.q, 'q') ?? {}) as Record<string, unknown>)) };
  });

  app.post<Named>(`${ADMIN_API}/collections/:name/docs`, { schema: SCHEMAS.insert }, async (req, reply) => {
    const body = jsonBody(req);
    if (body === undefined) throw new AdminError('LH_ADMIN_BAD_REQUEST', 'POST /collections/:name/docs: expected a JSON document or an array of documents');
    return reply.code(201).send(await s.conn.insertOne(req.params.name, body as Record<string, unknown>));
  });
  app.get<OneDoc>(`${ADMIN_API}/collections/:name/docs/:id`, { schema: SCHEMAS.get }, async (req) => s.conn.getOne(requireCollection(s, req.params.name), req.params.id));
  app.patch<OneDoc>(`${ADMIN_API}/collections/:name/docs/:id`, { schema: SCHEMAS.update }, async (req) => {
    const coll = requireCollection(s, req.params.name);
    const doc = await s.conn.updateOne(coll, req.params.id, objectBody(req, 'PATCH /collections/:name/docs/:id (fields or update operators)'));
    return doc ?? notFound(coll, req.params.id);
  });
  app.put<OneDoc>(`${ADMIN_API}/collections/:name/docs/:id`, { schema: SCHEMAS.replace }, async (req) => {
    const coll = requireCollection(s, req.params.name);
    const doc = await s.conn.replaceOne(coll, req.params.id, objectBody(req, 'PUT /collections/:name/docs/:id (the new document)'));
    return doc ?? notFound(coll, req.params.id);
  });
  app.delete<OneDoc>(`${ADMIN_API}/collections/:name/docs/:id`, { schema: SCHEMAS.remove }, async (req) => s.conn.removeOne(requireCollection(s, req.params.name), req.params.id));

  app.patch<Named>(`${ADMIN_API}/collections/:name/docs`, { schema: SCHEMAS.updateMany }, async (req) => {
    const coll = requireCollection(s, req.params.name);
    const { query, update } = objectBody(req, 'PATCH /collections/:name/docs');
    if (query === undefined || update === undefined) throw new AdminError('LH_ADMIN_BAD_REQUEST', 'PATCH /collections/:name/docs: expected {"query": {…}, "update": {…}} ({} matches every document)');
    return { collection: coll, ...(await s.conn.updateMany(coll, query as Record<string, unknown>, update as Record<string, unknown>)) };
  });
  app.delete<Named>(`${ADMIN_API}/collections/:name/docs`, { schema: SCHEMAS.removeMany }, async (req) => {
    const coll = requireCollection(s, req.params.name);
    const { query } = objectBody(req, 'DELETE /collections/:name/docs');
    if (query === undefined) throw new AdminError('LH_ADMIN_BAD_REQUEST', 'DELETE /collections/:name/docs: expected {"query": {…}} ({} deletes every document)');
    return { collection: coll, ...(await s.conn.removeMany(coll, query as Record<string, unknown>)) };
  });
}

function notFound(coll: string, id: string): never {
  throw new AdminError('LH_ADMIN_NOT_FOUND', `Document not found in collection "${coll}" (_id "${id}")`);
}

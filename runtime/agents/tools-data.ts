import { AgentError } from './errors.js';
import { queryString, seg, type Tool } from './tool.js';

const collection = { type: 'string', minLength: 1, description: 'the collection name' };
const filter = { type: 'object', description: 'a query in the platform\'s language, like {"status": "open", "n": {"$gt": 2}}; {} matches all' };
const keyspace = { type: 'string', description: 'the keyspace; the default one when absent' };

const listCollections: Tool = {
  name: 'list_collections',
  description: 'Collections with their document counts, indexes and schemas.',
  input: { type: 'object', properties: {} },
  run: (_args, ctx) => ctx.admin.get('/collections'),
};

const queryDocuments: Tool = {
  name: 'query_documents',
  description: 'Find documents in a collection with a query, sort, field list and page (at most 1000 a page).',
  input: {
    type: 'object',
    required: ['collection'],
    properties: {
      collection,
      filter,
      sort: { type: ['object', 'string'], description: '{"createdAt": -1} or "-createdAt,name"' },
      fields: { type: ['object', 'string'], description: '{"name": 1} or "name,email"' },
      limit: { type: 'integer', minimum: 1, maximum: 1000, description: 'default 20' },
      offset: { type: 'integer', minimum: 0 },
    },
  },
  run: (a, ctx) => ctx.admin.send('POST', `/collections/${seg(a.collection)}/query`, { query: a.filter ?? {}, sort: a.sort, fields: a.fields, limit: a.limit ?? 20, offset: a.offset }),
};

const insertDocuments: Tool = {
  name: 'insert_documents',
  description: 'Insert one document (`document`) or several (`documents`) into a collection; answers with them as stored, _id included.',
  input: {
    type: 'object',
    required: ['collection'],
    properties: { collection, document: { type: 'object' }, documents: { type: 'array', items: { type: 'object' }, minItems: 1 } },
  },
  run(a, ctx) {
    if ((a.document === undefined) === (a.documents === undefined)) throw new AgentError('LH_MCP_BAD_INPUT', 'insert_documents: invalid input: give exactly one of "document" or "documents"');
    return ctx.admin.send('POST', `/collections/${seg(a.collection)}/docs`, a.document ?? a.documents);
  },
};

const updateDocuments: Tool = {
  name: 'update_documents',
  description: 'Update one document by `id`, or every document matching `filter`, with fields to set or update operators ($set, $inc, $push …).',
  input: {
    type: 'object',
    required: ['collection', 'update'],
    properties: { collection, id: { type: 'string', minLength: 1 }, filter, update: { type: 'object', minProperties: 1 } },
  },
  run(a, ctx) {
    if ((a.id === undefined) === (a.filter === undefined)) throw new AgentError('LH_MCP_BAD_INPUT', 'update_documents: invalid input: give exactly one of "id" or "filter" ({} updates every document)');
    const base = `/collections/${seg(a.collection)}/docs`;
    return a.id !== undefined ? ctx.admin.send('PATCH', `${base}/${seg(a.id)}`, a.update) : ctx.admin.send('PATCH', base, { query: a.filter, update: a.update });
  },
};

const deleteDocuments: Tool = {
  name: 'delete_documents',
  description: 'Delete one document by `id`, or every document matching `filter` ({} deletes all of the collection).',
  input: { type: 'object', required: ['collection'], properties: { collection, id: { type: 'string', minLength: 1 }, filter } },
  run(a, ctx) {
    if ((a.id === undefined) === (a.filter === undefined)) throw new AgentError('LH_MCP_BAD_INPUT', 'delete_documents: invalid input: give exactly one of "id" or "filter"');
    const base = `/collections/${seg(a.collection)}/docs`;
    return a.id !== undefined ? ctx.admin.send('DELETE', `${base}/${seg(a.id)}`) : ctx.admin.send('DELETE', base, { query: a.filter });
  },
};

const keyPath = (key: unknown) => `/kv/keys/${String(key).split('/').map(seg).join('/')}`;

const kvGet: Tool = {
  name: 'kv_get',
  description: 'One key-value entry with its value and the time left before it expires.',
  input: { type: 'object', required: ['key'], properties: { key: { type: 'string', minLength: 1 }, keyspace } },
  run: (a, ctx) => ctx.admin.get(`${keyPath(a.key)}${queryString({ keyspace: a.keyspace })}`),
};

const kvSet: Tool = {
  name: 'kv_set',
  description: 'Set a key to a value (a string, or JSON stored as the app would store it), with a TTL in milliseconds if given.',
  input: { type: 'object', required: ['key', 'value'], properties: { key: { type: 'string', minLength: 1 }, value: {}, ttl: { type: 'integer', minimum: 1 }, keyspace } },
  run: (a, ctx) => ctx.admin.send('PUT', `${keyPath(a.key)}${queryString({ keyspace: a.keyspace })}`, { value: a.value, ttl: a.ttl }),
};

const kvList: Tool = {
  name: 'kv_list',
  description: 'Key-value entries of a keyspace by key prefix, with their TTL.',
  input: { type: 'object', properties: { prefix: { type: 'string' }, keyspace, limit: { type: 'integer', minimum: 1, maximum: 1000 }, offset: { type: 'integer', minimum: 0 } } },
  run: (a, ctx) => ctx.admin.get(`/kv${queryString({ prefix: a.prefix, keyspace: a.keyspace, limit: a.limit ?? 50, offset: a.offset })}`),
};

export const DATA_TOOLS: Tool[] = [listCollections, queryDocuments, insertDocuments, updateDocuments, deleteDocuments, kvGet, kvSet, kvList];

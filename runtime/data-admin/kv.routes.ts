import type { FastifyInstance } from 'fastify';
import { ADMIN_API } from '../admin/prefix.js';
import type { KvEntry } from '../datastore/index.js';
import { AdminError } from '../admin/errors.js';
import { objectBody, page, stringParam } from '../admin/request.js';
import type { DataRouteSources } from './sources.js';
import { any, bool, int, list, nullable, obj, PAGE_QUERY, PAGE_REPLY, routeSchema, str } from '../admin/schema.js';

type Q = { Querystring: Record<string, unknown> };
type Key = Q & { Params: { '*': string } };

const KEYSPACE = { keyspace: str('the keyspace; the default one when absent') };
const KEY = { '*': str('the key') };
const ENTRY = obj({ keyspace: str(), key: str(), value: any(), expiresAt: nullable(str()), ttlMs: nullable(int('ms left before it expires')) });
const SCHEMAS = {
  keyspaces: routeSchema({ tag: 'kv', summary: 'Keyspaces with their key counts (\'\' is the default keyspace)', reply: obj({ keyspaces: list(obj({ keyspace: str(), count: int() })) }) }),
  list: routeSchema({ tag: 'kv', summary: 'Entries of a keyspace by key prefix, with their TTL', query: { ...KEYSPACE, prefix: str('keys starting with this'), ...PAGE_QUERY }, reply: obj({ keyspace: str(), items: list(ENTRY), ...PAGE_REPLY }) }),
  get: routeSchema({ tag: 'kv', summary: 'One entry', params: KEY, query: KEYSPACE, reply: ENTRY }),
  set: routeSchema({ tag: 'kv', summary: 'Set a key, with a TTL in ms if given', params: KEY, query: KEYSPACE, body: obj({ value: any('a string, or JSON stored as the app would'), ttl: nullable(int('ms')) }, ['ttl']), reply: ENTRY }),
  remove: routeSchema({ tag: 'kv', summary: 'Delete a key', params: KEY, query: KEYSPACE, reply: obj({ deleted: bool() }) }),
  removeMany: routeSchema({ tag: 'kv', summary: 'Delete every key with a prefix (prefix= with nothing after it: every key)', query: { ...KEYSPACE, prefix: str() }, required: ['prefix'], reply: obj({ count: int() }) }),
};

/**
 * Key-value by keyspace and prefix, with the TTL left:
 *   GET    /kv/keyspaces                            → {keyspaces: [{keyspace, count}]}  ('' is the default)
 *   GET    /kv?keyspace=&prefix=&limit=&offset=     → {keyspace, items: [{key, value, expiresAt, ttlMs}], more}
 *   GET    /kv/keys/<key>?keyspace=                 → {keyspace, key, value, expiresAt, ttlMs}
 *   PUT    /kv/keys/<key>?keyspace= {value, ttl?}   → the entry as stored
 *   DELETE /kv/keys/<key>?keyspace=                 → {deleted}
 *   DELETE /kv?prefix=<p>&keyspace=                 → {count}  (prefix= with nothing after it: every key)
 */
export function registerKvRoutes(app: FastifyInstance, s: DataRouteSources): void {
  const view = (e: KvEntry) => ({ keyspace: e.keyspace, key: e.key, value: e.value, expiresAt: e.expiresAt === undefined ? null : new Date(e.expiresAt).toISOString(), ttlMs: e.expiresAt === undefined ? null : Math.max(0, e.expiresAt - s.now()) });
  const keyspaceOf = (q: Record<string, unknown>) => stringParam(q.keyspace, 'keyspace') ?? '';
  const keyOf = (req: { params: { '*': string } }) => {
    const key = req.params['*'];
    if (!key) throw new AdminError('LH_ADMIN_BAD_REQUEST', 'expected a key after /kv/keys/');
    return key;
  };

  app.get(`${ADMIN_API}/kv/keyspaces`, { schema: SCHEMAS.keyspaces }, async () => {
    const keyspaces = [];
    for (const keyspace of await s.datastore.kv.keyspaces()) {
      let count = 0;
      for await (const _ of s.datastore.kv.entries(keyspace, '')) count++;
      keyspaces.push({ keyspace, count });
    }
    return { keyspaces };
  });
  app.get<Q>(`${ADMIN_API}/kv`, { schema: SCHEMAS.list }, async (req) => {
    const keyspace = keyspaceOf(req.query);
    const { limit, offset } = page(req.query);
    const items = [];
    let seen = 0;
    let more = false;
    for await (const e of s.datastore.kv.entries(keyspace, stringParam(req.query.prefix, 'prefix') ?? '')) {
      if (seen++ < offset) continue;
      if (items.length === limit) {
        more = true;
        break;
      }
      items.push(view(e));
    }
    return { keyspace, items, offset, limit, more };
  });
  app.get<Key>(`${ADMIN_API}/kv/keys/*`, { schema: SCHEMAS.get }, async (req) => {
    const keyspace = keyspaceOf(req.query);
    const e = await s.datastore.kv.entry(keyspace, keyOf(req));
    if (!e) throw new AdminError('LH_ADMIN_NOT_FOUND', `no key "${keyOf(req)}" in ${keyspace ? `keyspace "${keyspace}"` : 'the default keyspace'}`);
    return view(e);
  });
  app.put<Key>(`${ADMIN_API}/kv/keys/*`, { schema: SCHEMAS.set }, async (req) => {
    const keyspace = keyspaceOf(req.query);
    const body = objectBody(req, 'PUT /kv/keys/<key> ({"value": …, "ttl"?: ms})');
    if (!('value' in body)) throw new AdminError('LH_ADMIN_BAD_REQUEST', 'PUT /kv/keys/<key>: expected {"value": …, "ttl"?: milliseconds}');
    const key = keyOf(req);
    await s.conn.set(key, body.value, { keyspace, ...(body.ttl === undefined || body.ttl === null ? {} : { ttl: body.ttl as number }) });
    const e = await s.datastore.kv.entry(keyspace, key);
    return e ? view(e) : { keyspace, key, value: null, expiresAt: null, ttlMs: null };
  });
  app.delete<Key>(`${ADMIN_API}/kv/keys/*`, { schema: SCHEMAS.remove }, async (req) => ({ deleted: (await s.conn.del(keyOf(req), { keyspace: keyspaceOf(req.query) })) !== null }));
  app.delete<Q>(`${ADMIN_API}/kv`, { schema: SCHEMAS.removeMany }, async (req) => {
    const prefix = stringParam(req.query.prefix, 'prefix');
    if (prefix === undefined) throw new AdminError('LH_ADMIN_BAD_REQUEST', 'DELETE /kv needs ?prefix=<p> (prefix= with nothing after it deletes every key of the keyspace)');
    return s.conn.delAll(prefix, { keyspace: keyspaceOf(req.query) });
  });
}

import type { FastifyInstance } from 'fastify';
import { AdminError } from '../admin/errors.js';
import { objectBody, stringParam } from '../admin/request.js';
import { COHO_PREFIX } from './gate.js';
import type { CohoSources } from './sources.js';

type Space = { Params: { space: string }; Querystring: Record<string, unknown> };

/**
 * `coho set` builds `?keyspace=<k>?ttl=undefined` when it has a keyspace and no TTL: the second `?` ends up
 * inside the keyspace value, so it is cut off here.
 */
function keyspaceOf(q: Record<string, unknown>): { keyspace: string; ttl?: number } {
  const raw = stringParam(q.keyspace, 'keyspace') ?? '';
  const [keyspace, tail] = raw.split('?ttl=');
  const ttlText = stringParam(q.ttl, 'ttl') ?? tail;
  const ttl = ttlText === undefined || ttlText === 'undefined' || ttlText === '' ? undefined : Number(ttlText);
  if (ttl !== undefined && (!Number.isFinite(ttl) || ttl <= 0)) throw new AdminError('LH_ADMIN_BAD_REQUEST', `ttl must be a positive number of milliseconds, got ${ttlText}`);
  return { keyspace: keyspace!, ...(ttl !== undefined ? { ttl } : {}) };
}

/**
 * `_A_D_M_keys` (`coho get|set|del`): GET `?key=<key or prefix*>` → `{key, value}` or an array of them;
 * POST `{key, value}` → `{key, value}`; DELETE `{key}` → `{key}`. `_A_D_M_indexes` (`coho createindex|removeindex`):
 * POST/DELETE `{collection, index: [fields]}`; creating answers progress messages as `coho` reads them.
 */
export function registerCohoKeyRoutes(app: FastifyInstance, s: CohoSources): void {
  app.get<Space>(`${COHO_PREFIX}/:space/_A_D_M_keys`, async (req) => {
    const { keyspace } = keyspaceOf(req.query);
    const key = stringParam(req.query.key, 'key') ?? '*';
    if (key.endsWith('*')) {
      const out: { key: string; value: string }[] = [];
      for await (const e of s.datastore.kv.entries(keyspace, key.slice(0, -1))) out.push({ key: e.key, value: e.value });
      return out;
    }
    const e = await s.datastore.kv.entry(keyspace, key);
    if (!e) throw new AdminError('LH_ADMIN_NOT_FOUND', `no key "${key}"${keyspace ? ` in keyspace "${keyspace}"` : ''}`);
    return { key: e.key, value: e.value };
  });
  app.post<Space>(`${COHO_PREFIX}/:space/_A_D_M_keys`, async (req) => {
    const { key, value } = objectBody(req, '_A_D_M_keys');
    const o = keyspaceOf(req.query);
    if (typeof key !== 'string' || value === undefined) throw new AdminError('LH_ADMIN_BAD_REQUEST', 'expected {"key": "…", "value": …}');
    return { key, value: await s.conn.set(key, value, o) };
  });
  app.delete<Space>(`${COHO_PREFIX}/:space/_A_D_M_keys`, async (req) => {
    const { key } = objectBody(req, '_A_D_M_keys');
    if (typeof key !== 'string') throw new AdminError('LH_ADMIN_BAD_REQUEST', 'expected {"key": "…"}');
    await s.conn.del(key, { keyspace: keyspaceOf(req.query).keyspace });
    return { key };
  });

  const indexBody = (body: Record<string, unknown>) => {
    const { collection, index } = body;
    if (typeof collection !== 'string' || index === undefined) throw new AdminError('LH_ADMIN_BAD_REQUEST', 'expected {"collection": "…", "index": ["field", …]}');
    return { collection, fields: (Array.isArray(index) ? index : [index]).map(String) };
  };
  app.post(`${COHO_PREFIX}/:space/_A_D_M_indexes`, async (req, reply) => {
    const { collection, fields } = indexBody(objectBody(req, '_A_D_M_indexes'));
    const { count } = await s.conn.count(collection);
    const indexes = await s.conn.createIndex(collection, fields);
    // `coho createindex` parses each body chunk as one JSON message: one write per message.
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    for (const field of fields) await write(res, { field, count });
    for (const field of fields) await write(res, { field, processed: count });
    await write(res, { finished: true, collection, indexes });
    res.end();
  });
  app.delete(`${COHO_PREFIX}/:space/_A_D_M_indexes`, async (req) => {
    const { collection, fields } = indexBody(objectBody(req, '_A_D_M_indexes'));
    return { collection, removed: fields, indexes: await s.conn.removeIndex(collection, fields) };
  });
}

/** One chunk, flushed before the next is written. */
function write(res: NodeJS.WritableStream, message: unknown): Promise<void> {
  return new Promise((resolve) => {
    res.write(JSON.stringify(message), () => setImmediate(resolve));
  });
}

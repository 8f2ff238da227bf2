// The data half of the admin API: collections, documents, key-value, import/export; bad input → 4xx naming the
// problem, with nothing changed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../../../runtime/testing.js';
import { FIXTURES } from '../../helpers/app-server.js';
import { api } from '../../helpers/admin-api.js';

let server: TestServer;
const call = <T = any>(method: string, path: string, body?: unknown) => api<T>(server.origin, method, path, body);

before(async () => {
  server = await startTestServer({ appDir: join(FIXTURES, 'data-app'), startTime: '2026-03-01T10:00:00Z' });
});
after(() => server.stop());

test('admin collections: list with counts, indexes and schema; one; create; drop', async () => {
  await server.db.insertOne('people', [{ name: 'Ann', age: 31 }, { name: 'Bob', age: 40 }]);
  await server.db.createIndex('people', 'name');
  await server.db.setSchema('people', { type: 'object', properties: { name: { type: 'string' } } });
  const list = await call('GET', '/collections');
  assert.equal(list.status, 200);
  const people = list.body.collections.find((c: { name: string }) => c.name === 'people');
  assert.equal(people.count, 2);
  assert.deepEqual(people.indexes, ['name']);
  assert.deepEqual(people.schema, { type: 'object', properties: { name: { type: 'string' } } });
  const one = await call('GET', '/collections/people');
  assert.equal(one.body.name, 'people');

  const created = await call('POST', '/collections', { name: 'empty', cap: 10 });
  assert.equal(created.status, 201);
  assert.deepEqual(created.body, { collection: 'empty', created: true });
  assert.equal((await call('GET', '/collections/empty')).body.cap, 10);
  assert.deepEqual((await call('DELETE', '/collections/empty')).body, { collection: 'empty', dropped: true });
  assert.equal((await call('GET', '/collections/empty')).status, 404);
});

test('admin collections: unknown collection → 404 naming it and the ones there are; bad bodies → 400', async () => {
  const unknown = await call('GET', '/collections/nope/docs');
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.code, 'LH_ADMIN_UNKNOWN_COLLECTION');
  assert.match(unknown.body.error, /no collection "nope" \(collections: .*"people"/);
  for (const path of ['/collections/nope', '/collections/nope/count', '/collections/nope/schema', '/collections/nope/export']) {
    assert.equal((await call('GET', path)).status, 404, path);
  }
  const noName = await call('POST', '/collections', { cap: 3 });
  assert.equal(noName.status, 400);
  assert.equal(noName.body.code, 'LH_ADMIN_BAD_REQUEST');
  const notJson = await call('POST', '/collections', '{"name": ');
  assert.equal(notJson.status, 400);
  assert.match(notJson.body.error, /not JSON/);
  const badName = await call('POST', '/collections', { name: 'a\u0000b' });
  assert.equal(badName.status, 400);
  assert.equal(badName.body.code, 'LH_DB_INVALID_COLLECTION');
  assert.ok(!(await server.db.count('a\u0000b').catch(() => null)), 'nothing was created');
});

test('admin indexes and schema: add, remove, refuse bad fields and invalid schemas without changing them', async () => {
  assert.deepEqual((await call('POST', '/collections/people/indexes', { fields: ['age'] })).body.indexes, ['name', 'age']);
  assert.deepEqual((await call('GET', '/collections/people/indexes')).body.indexes, ['name', 'age']);
  const bad = await call('POST', '/collections/people/indexes', { fields: ['$bad'] });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.code, 'LH_DB_INVALID_INDEX');
  assert.equal((await call('POST', '/collections/people/indexes', {})).status, 400);
  assert.deepEqual((await call('DELETE', '/collections/people/indexes/age')).body.indexes, ['name']);

  const schema = { type: 'object', properties: { name: { type: 'string' }, age: { type: 'number' } }, required: ['name'] };
  assert.equal((await call('PUT', '/collections/people/schema', schema)).status, 200);
  assert.deepEqual((await call('GET', '/collections/people/schema')).body.schema, schema);
  const invalid = await call('PUT', '/collections/people/schema', { type: 'no-such-type' });
  assert.equal(invalid.status, 400);
  assert.equal(invalid.body.code, 'LH_DB_INVALID_SCHEMA');
  assert.deepEqual((await call('GET', '/collections/people/schema')).body.schema, schema, 'the old schema stays');
  assert.equal((await call('PUT', '/collections/people/schema', [1])).status, 400);
});

test('admin documents: query with the query language, sort, fields and paging', async () => {
  await server.db.insertOne('orders', Array.from({ length: 25 }, (_, i) => ({ n: i, status: i % 2 ? 'open' : 'closed', total: i * 10 })));
  const q = encodeURIComponent(JSON.stringify({ status: 'open', total: { $gte: 100 } }));
  const page1 = await call('GET', `/collections/orders/docs?q=${q}&sort=-total&fields=n,total&limit=3`);
  assert.equal(page1.status, 200);
  assert.deepEqual(page1.body.items.map((d: { n: number }) => d.n), [23, 21, 19]);
  assert.deepEqual(Object.keys(page1.body.items[0]).sort(), ['_id', 'n', 'total']);
  assert.equal(page1.body.more, true);
  const page2 = await call('GET', `/collections/orders/docs?q=${q}&sort=-total&limit=3&offset=6`);
  assert.deepEqual(page2.body.items.map((d: { n: number }) => d.n), [11]);
  assert.equal(page2.body.more, false);
  const posted = await call('POST', '/collections/orders/query', { query: { n: { $in: [1, 2] } }, sort: { n: -1 } });
  assert.deepEqual(posted.body.items.map((d: { n: number }) => d.n), [2, 1]);
  assert.deepEqual((await call('GET', `/collections/orders/count?q=${q}`)).body, { collection: 'orders', count: 7 });
  assert.equal((await call('GET', '/collections/orders/docs')).body.items.length, 25, 'default page is 100');
});

test('admin documents: malformed query, unknown operator, oversized page → 400 naming the problem', async () => {
  const notJson = await call('GET', '/collections/orders/docs?q={status:open}');
  assert.equal(notJson.status, 400);
  assert.equal(notJson.body.code, 'LH_ADMIN_BAD_REQUEST');
  assert.match(notJson.body.error, /q is not JSON/);
  const badOp = await call('GET', `/collections/orders/docs?q=${encodeURIComponent('{"n":{"$where":"1"}}')}`);
  assert.equal(badOp.status, 400);
  assert.equal(badOp.body.code, 'LH_DB_INVALID_QUERY');
  assert.match(badOp.body.error, /\$where/);
  const big = await call('GET', '/collections/orders/docs?limit=5000');
  assert.equal(big.status, 400);
  assert.equal(big.body.code, 'LH_ADMIN_PAGE_TOO_LARGE');
  assert.match(big.body.error, /5000.*1000/);
  assert.equal((await call('GET', '/collections/orders/docs?limit=abc')).body.code, 'LH_ADMIN_BAD_REQUEST');
  assert.equal((await call('GET', '/collections/orders/docs?offset=-1')).status, 400);
  assert.equal((await call('GET', '/collections/orders/docs?sort=%7B%22n%22%3A5%7D')).body.code, 'LH_DB_INVALID_QUERY');
});

test('admin documents: insert, get, patch, replace, delete one; 404 for a missing one', async () => {
  const ins = await call('POST', '/collections/notes/docs', { _id: 'n1', text: 'hello', tags: ['a'] });
  assert.equal(ins.status, 201);
  assert.equal(ins.body._id, 'n1');
  const many = await call('POST', '/collections/notes/docs', [{ text: 'x' }, { text: 'y' }]);
  assert.equal(many.body.length, 2);
  assert.equal((await call('GET', '/collections/notes/docs/n1')).body.text, 'hello');
  const patched = await call('PATCH', '/collections/notes/docs/n1', { $push: { tags: 'b' }, seen: true });
  assert.deepEqual(patched.body, { _id: 'n1', text: 'hello', tags: ['a', 'b'], seen: true });
  const replaced = await call('PUT', '/collections/notes/docs/n1', { text: 'new' });
  assert.deepEqual(replaced.body, { _id: 'n1', text: 'new' });
  assert.deepEqual((await call('DELETE', '/collections/notes/docs/n1')).body, { _id: 'n1' });
  for (const [method, body] of [['GET'], ['PATCH', { a: 1 }], ['PUT', { a: 1 }], ['DELETE']] as const) {
    const r = await call(method, '/collections/notes/docs/n1', body);
    assert.equal(r.status, 404, method);
    assert.match(r.body.error, /not found.*n1/i);
  }
  assert.equal((await call('POST', '/collections/notes/docs')).status, 400);
  assert.equal((await call('PATCH', '/collections/notes/docs/x', [1])).status, 400);
});

test('admin documents: a schema violation or a bad update changes nothing', async () => {
  const before = (await server.db.count('people')).count;
  const bad = await call('POST', '/collections/people/docs', [{ name: 'Cy' }, { name: 42 }]);
  assert.equal(bad.status, 400);
  assert.equal(bad.body.code, 'LH_DB_SCHEMA');
  assert.ok(Array.isArray(bad.body.schemaError));
  assert.equal((await server.db.count('people')).count, before, 'neither document was written');
  const [ann] = await server.db.getMany('people', { name: 'Ann' }).toArray();
  const badUpdate = await call('PATCH', `/collections/people/docs/${ann!._id}`, { $inc: { name: 1 } });
  assert.equal(badUpdate.status, 400);
  assert.equal(badUpdate.body.code, 'LH_DB_INVALID_UPDATE');
  assert.equal((await server.db.getOne('people', ann!._id as string)).name, 'Ann');
});

test('admin documents: patch and delete by query; the query must be given', async () => {
  const patched = await call('PATCH', '/collections/orders/docs', { query: { status: 'open' }, update: { $set: { flagged: true } } });
  assert.deepEqual(patched.body, { collection: 'orders', count: 12 });
  assert.equal((await server.db.count('orders', { flagged: true })).count, 12);
  assert.equal((await call('PATCH', '/collections/orders/docs', { update: { a: 1 } })).status, 400);
  const noQuery = await call('DELETE', '/collections/orders/docs', {});
  assert.equal(noQuery.status, 400);
  assert.match(noQuery.body.error, /query/);
  assert.equal((await server.db.count('orders')).count, 25, 'nothing was deleted');
  assert.deepEqual((await call('DELETE', '/collections/orders/docs', { query: { status: 'closed' } })).body, { collection: 'orders', count: 13 });
  assert.equal((await server.db.count('orders')).count, 12);
});

test('admin key-value: keyspaces, prefix listing with the TTL left, get, set, delete, delete by prefix', async () => {
  await server.db.set('summary:a', 'A', { ttl: 60_000 });
  await server.db.set('summary:b', 'B');
  await server.db.set('other', 'O');
  await server.db.set('s1', 'x', { keyspace: 'sessions' });
  const spaces = await call('GET', '/kv/keyspaces');
  assert.deepEqual(spaces.body.keyspaces, [{ keyspace: '', count: 3 }, { keyspace: 'sessions', count: 1 }]);
  const list = await call('GET', '/kv?prefix=summary:');
  assert.deepEqual(list.body.items.map((e: { key: string }) => e.key), ['summary:a', 'summary:b']);
  assert.equal(list.body.items[0].ttlMs, 60_000);
  assert.equal(list.body.items[0].expiresAt, '2026-03-01T10:01:00.000Z');
  assert.equal(list.body.items[1].ttlMs, null);
  await server.clock.advance('20s');
  assert.equal((await call('GET', '/kv/keys/summary%3Aa')).body.ttlMs, 40_000);
  assert.equal((await call('GET', '/kv?keyspace=sessions')).body.items[0].key, 's1');

  const set = await call('PUT', '/kv/keys/a%2Fb?keyspace=sessions', { value: 'v', ttl: 1000 });
  assert.deepEqual({ key: set.body.key, value: set.body.value, ttlMs: set.body.ttlMs }, { key: 'a/b', value: 'v', ttlMs: 1000 });
  assert.equal(await server.db.get('a/b', { keyspace: 'sessions' }), 'v');
  assert.deepEqual((await call('DELETE', '/kv/keys/a%2Fb?keyspace=sessions')).body, { deleted: true });
  assert.deepEqual((await call('DELETE', '/kv/keys/a%2Fb?keyspace=sessions')).body, { deleted: false });
  const missing = await call('GET', '/kv/keys/nope');
  assert.equal(missing.status, 404);
  assert.match(missing.body.error, /no key "nope" in the default keyspace/);

  const badTtl = await call('PUT', '/kv/keys/k', { value: 'v', ttl: -5 });
  assert.equal(badTtl.status, 400);
  assert.equal(badTtl.body.code, 'LH_KV_INVALID_OPTIONS');
  assert.equal(await server.db.get('k'), null, 'nothing was set');
  assert.equal((await call('PUT', '/kv/keys/k', { ttl: 5 })).status, 400);
  const noPrefix = await call('DELETE', '/kv');
  assert.equal(noPrefix.status, 400);
  assert.match(noPrefix.body.error, /prefix/);
  assert.deepEqual((await call('DELETE', '/kv?prefix=summary:')).body, { count: 2 });
  assert.equal((await call('GET', '/kv?limit=2000')).body.code, 'LH_ADMIN_PAGE_TOO_LARGE');
});

test('admin transfer: export streams JSON Lines; validate names the bad documents; import upserts by _id', async () => {
  await server.db.insertOne('books', [{ _id: 'b1', title: 'One' }, { _id: 'b2', title: 'Two' }]);
  const res = await fetch(`${server.origin}/.localhooks/api/collections/books/export`);
  assert.match(res.headers.get('content-type') ?? '', /ndjson/);
  const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines, [{ _id: 'b1', title: 'One' }, { _id: 'b2', title: 'Two' }]);

  const schema = { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] };
  const v = await call('POST', '/collections/books/validate', { docs: [{ title: 'ok' }, { nope: 1 }, 'text', { _id: 5, title: 'x' }], schema });
  assert.deepEqual(v.body.problems.map((p: { index: number; code: string }) => [p.index, p.code]), [[1, 'LH_DB_SCHEMA'], [2, 'LH_DB_INVALID_DOCUMENT'], [3, 'LH_DB_INVALID_ID']]);
  assert.equal((await call('POST', '/collections/books/validate', { docs: [], schema: { type: 'nonsense' } })).body.code, 'LH_DB_INVALID_SCHEMA');

  const first = await call('POST', '/collections/books/import', { docs: [{ _id: 'b2', title: 'Two, again' }, { _id: 'b3', title: 'Three' }] });
  assert.deepEqual(first.body, { inserted: 1, replaced: 1 });
  const again = await call('POST', '/collections/books/import', { docs: [{ _id: 'b2', title: 'Two, again' }, { _id: 'b3', title: 'Three' }] });
  assert.deepEqual(again.body, { inserted: 0, replaced: 2 });
  assert.deepEqual(await server.db.getMany('books').toArray(), [{ _id: 'b1', title: 'One' }, { _id: 'b2', title: 'Two, again' }, { _id: 'b3', title: 'Three' }]);
  const dup = await call('POST', '/collections/books/import', { docs: [{ _id: 'b9', title: 'a' }, { _id: 'b9', title: 'b' }] });
  assert.equal(dup.status, 409);
  assert.equal((await server.db.count('books')).count, 3, 'a refused batch writes nothing');
  assert.equal((await call('POST', '/collections/books/import', { docs: 'x' })).status, 400);
  assert.match((await call('POST', '/collections/books/import', { docs: new Array(10_001).fill({}) })).body.error, /at most 10000/);

  await server.db.set('keep', 'me', { ttl: 3_600_000 });
  const kvLines = (await (await fetch(`${server.origin}/.localhooks/api/kv/export`)).text()).trim().split('\n').map((l) => JSON.parse(l));
  const keep = kvLines.find((e: { key: string }) => e.key === 'keep');
  assert.equal(keep.expiresAt, server.clock.now().getTime() + 3_600_000);
  await server.db.del('keep');
  const imported = await call('POST', '/kv/import', { entries: [keep, { key: 'gone', value: 'x', expiresAt: 1 }] });
  assert.deepEqual(imported.body, { written: 1 }, 'an entry already expired is skipped');
  assert.equal((await call('GET', '/kv/keys/keep')).body.expiresAt, new Date(keep.expiresAt).toISOString());
  assert.equal((await call('POST', '/kv/import', { entries: [{ key: 1, value: 'x' }] })).status, 400);
});

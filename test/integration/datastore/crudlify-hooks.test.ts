import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { postJson, startFixture, type TestApp } from '../../helpers/app-server.js';

type Doc = Record<string, any>;
let app: TestApp;
before(async () => {
  app = await startFixture('crud-hooks-app');
});
after(() => app?.close());

const send = (method: string, body?: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
const meta = async () => (await app.json<Doc>('/meta')).body;

test('CRUD-01/CRUD-15/LOCAL-10 crudlify(schemaMap, {prefix}) resolves its hooks later, registers routes at once, leaves schema and options in settings', async () => {
  const m = await meta();
  assert.equal(m.isPromise, true);
  assert.deepEqual(Object.keys(m.schema), ['orders', 'notes']);
  assert.equal(m.schema.orders.required[0], 'item');
  assert.equal(m.options.prefix, '/api');
  // LOCAL-10: with prefix '/api' the API lives at http://localhost:<port>/dev/api/*.
  assert.equal(new URL(`${app.base}/api/notes`).pathname, '/dev/api/notes');
  assert.equal((await app.json('/api/notes', postJson({ a: 1 }))).status, 201);
  assert.equal((await app.json('/notes', postJson({ a: 1 }))).status, 404, 'only under the prefix');
});

test('CRUD-02/CRUD-16 AMB 35 the eight routes under the prefix (_byquery at /:collection/_byquery), in the SDK’s order, reach the datastore', async () => {
  const routes = app.lh.manifest()!.routes.filter((r) => r.includes('/api/'));
  assert.deepEqual(routes, [
    'POST /api/:collection',
    'GET /api/:collection',
    'GET /api/:collection/:ID',
    'PUT /api/:collection/:ID',
    'PATCH /api/:collection/_byquery',
    'PATCH /api/:collection/:ID',
    'DELETE /api/:collection/_byquery',
    'DELETE /api/:collection/:ID',
  ]);
  const made = (await app.json<Doc>('/api/notes', postJson({ text: 'one', tag: 't' }))).body;
  await app.json('/api/notes', postJson({ text: 'other', tag: 't' }));
  assert.equal((await app.json<Doc>(`/api/notes/${made._id}`)).body.text, 'one');
  assert.equal((await app.json<Doc>(`/api/notes/${made._id}`, send('PUT', { text: 'two', tag: 't' }))).body.text, 'two');
  assert.equal((await app.json<Doc>(`/api/notes/${made._id}`, send('PATCH', { more: true }))).body.more, true);
  const q = encodeURIComponent(JSON.stringify({ tag: 't' }));
  assert.equal((await app.json<Doc>(`/api/notes/_byquery?q=${q}`, send('PATCH', { $set: { bulk: 1 } }))).body.count, 2);
  assert.equal((await app.json<Doc>(`/api/notes/${made._id}`, send('DELETE'))).status, 200);
  assert.equal((await app.json<Doc>(`/api/notes/_byquery?q=${q}`, send('DELETE'))).body.count, 1);
  assert.deepEqual((await app.json('/api/notes?tag=t')).body, []);
});

test('CRUD-06 GET list: a JSON array streamed from getMany; a query that does not parse is a 400 with text', async () => {
  await app.json('/api/orders', postJson({ item: 'pen', qty: 2 }));
  const list = await app.json<Doc[]>('/api/orders?item=pen');
  assert.equal(list.status, 200);
  assert.match(list.headers.get('content-type') ?? '', /^application\/json/);
  assert.deepEqual(list.body.map((d) => d.qty), [2]);
  const bad = await app.json('/api/orders?q=%7Bnot-json');
  assert.equal(bad.status, 400);
  assert.equal(typeof bad.body, 'string');
});

test('CRUD-14 event hooks: before hooks may change the data, afterPOST sees the stored doc, a throw fails the request; no after hooks for PUT/PATCH/DELETE', async () => {
  const created = await app.json<Doc>('/api/orders', postJson({ item: 'cup', qty: 1 }));
  assert.equal(created.status, 201);
  assert.equal(created.body.stamped, 'beforePOST');
  assert.deepEqual((await meta()).afterPOST, created.body);
  const id = created.body._id;
  assert.equal((await app.json<Doc>(`/api/orders/${id}`, send('PUT', { item: 'mug', qty: 1 }))).body.stamped, 'beforePUT');
  assert.equal((await app.json<Doc>(`/api/orders/${id}`, send('PATCH', { qty: 3 }))).body.stamped, 'beforePATCH');
  assert.equal((await app.json(`/api/orders/${id}`, send('DELETE'))).status, 200);
  assert.equal((await meta()).beforeDELETE, id);
  const refused = await app.json('/api/orders', postJson({ item: 'forbidden' }));
  assert.equal(refused.status, 400);
  assert.deepEqual((await app.json<Doc[]>('/api/orders?item=forbidden')).body, [], 'nothing stored');
  assert.deepEqual((await meta()).missingAfterHooks, []);
});

test('CRUD-17 app.crudlify() with no schema map: CRUD on any collection, open without --apikey, behind the key with one', async () => {
  const open = await startFixture('crud-open-app');
  try {
    const r = await open.json<Doc>('/anything', postJson({ a: 1 }));
    assert.equal(r.status, 201);
    assert.deepEqual((await open.json<Doc[]>('/anything')).body.map((d) => d.a), [1]);
  } finally {
    await open.close();
  }
  const keyed = await startFixture('crud-open-app', { apiKeys: ['k-crud'] });
  try {
    assert.equal((await keyed.json('/anything', postJson({ a: 1 }))).status, 401);
    assert.equal((await keyed.json('/anything', postJson({ a: 1 }, { 'x-apikey': 'k-crud' }))).status, 201);
  } finally {
    await keyed.close();
  }
});

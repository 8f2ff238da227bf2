import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDir, startFixture, postJson, type TestApp } from '../../helpers/app-server.js';

let app: TestApp;
before(async () => {
  app = await startFixture('crud-app');
});
after(() => app?.close());

type Doc = { _id: string; name: string; age?: number; email?: string };
const q = (o: unknown) => encodeURIComponent(JSON.stringify(o));
const send = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

test('CRUD-05 crudlify POST: creates and validates against the JSON schema', async () => {
  for (const c of [{ name: 'Ann', age: 31 }, { name: 'Bob', age: 22 }, { name: 'Cid', age: 45 }, { name: 'Dee', age: 22 }]) {
    const r = await app.json<Doc>('/customers', postJson(c));
    assert.equal(r.status, 201);
    assert.match(r.body._id, /^[0-9a-f]{24}$/);
  }
  const bad = await app.json('/customers', postJson({ age: 3, email: 'not-an-email' }));
  assert.equal(bad.status, 400);
  const unknown = await app.json('/unlisted', postJson({ x: 1 }));
  assert.equal(unknown.status, 400);
});

test('CRUD-10 crudlify GET list: ?q=…&h=… with sort and projection', async () => {
  const r = await app.json<Doc[]>(`/customers?q=${q({ age: { $gt: 21 } })}&h=${q({ sort: { age: -1, name: 1 }, $fields: { name: 1 } })}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.map((d) => d.name), ['Cid', 'Ann', 'Bob', 'Dee']);
  assert.equal(r.body[0]!.age, undefined);
});

test('CRUD-11 crudlify GET list: plain parameters (equality, ranges, sort, limit)', async () => {
  assert.deepEqual((await app.json<Doc[]>('/customers?age=22&sort=name')).body.map((d) => d.name), ['Bob', 'Dee']);
  assert.deepEqual((await app.json<Doc[]>('/customers?age>30&sort=-age')).body.map((d) => d.name), ['Cid', 'Ann']);
  assert.deepEqual((await app.json<Doc[]>('/customers?sort=name&limit=2&offset=1')).body.map((d) => d.name), ['Bob', 'Cid']);
});

test('CRUD-07/08/09 crudlify GET one, PUT, PATCH by id', async () => {
  const [ann] = (await app.json<Doc[]>('/customers?name=Ann')).body;
  assert.ok(ann);
  assert.equal((await app.json<Doc>(`/customers/${ann._id}`)).body.name, 'Ann');
  const put = await app.json<Doc>(`/customers/${ann._id}`, send('PUT', { name: 'Ann B', age: 32 }));
  assert.equal(put.status, 200);
  assert.deepEqual(put.body, { _id: ann._id, name: 'Ann B', age: 32 });
  const patch = await app.json<Doc>(`/customers/${ann._id}`, send('PATCH', { email: 'ann@example.com' }));
  assert.deepEqual(patch.body, { _id: ann._id, name: 'Ann B', age: 32, email: 'ann@example.com' });
  assert.equal((await app.json(`/customers/000000000000000000000000`)).status, 404);
});

test('CRUD-13 crudlify PATCH and DELETE _byquery, DELETE by id', async () => {
  const patched = await app.json<{ count: number }>(`/customers/_byquery?q=${q({ age: 22 })}`, send('PATCH', { $set: { group: 'young' } }));
  assert.equal(patched.status, 200);
  assert.equal(patched.body.count, 2);
  const [cid] = (await app.json<Doc[]>('/customers?name=Cid')).body;
  assert.equal((await app.json(`/customers/${cid!._id}`, { method: 'DELETE' })).status, 200);
  const removed = await app.json<{ count: number }>(`/customers/_byquery?q=${q({ group: 'young' })}`, { method: 'DELETE' });
  assert.equal(removed.body.count, 2);
  assert.deepEqual((await app.json<Doc[]>('/customers')).body.map((d) => d.name), ['Ann B']);
});

test('KV-05 incr: 100 parallel HTTP requests end at exactly 100', async () => {
  const values = await Promise.all(Array.from({ length: 100 }, () => app.json<{ value: number }>('/counter', { method: 'POST' })));
  assert.deepEqual(values.map((v) => v.body.value).sort((a, b) => a - b), Array.from({ length: 100 }, (_, i) => i + 1));
});

test('DB durability: data survives a restart of the server on the same data folder', async () => {
  const dir = app.dir;
  await app.lh.close();
  const again = await startDir(dir);
  try {
    assert.deepEqual((await again.json<Doc[]>('/customers')).body.map((d) => d.name), ['Ann B']);
    assert.equal((await again.json<{ value: number }>('/counter', { method: 'POST' })).body.value, 101);
  } finally {
    await again.close();
  }
});

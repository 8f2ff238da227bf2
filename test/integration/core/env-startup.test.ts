import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFixture, type TestApp } from '../../helpers/app-server.js';

let app: TestApp;
before(async () => {
  app = await startFixture('core-app');
});
after(() => app?.close());

test('ENV-01/ENV-03 .env: every variable reaches process.env as plain text, quoted, commented and multi-line values too', async () => {
  assert.deepEqual((await app.json('/env')).body, { greeting: 'hello # not a comment', quoted: 'single $x', multi: 'line1\nline2' });
});

test('CONTRACT-14 startup hook: ran before the app served', async () => {
  assert.deepEqual((await app.json('/startup')).body, { startedAt: true });
});

test('CONTRACT-27 internalFetch: apigateway-service:8888 reaches this server', async () => {
  assert.deepEqual((await app.json('/fetch-internal')).body, { message: 'hello', version: 1 });
});

test('DB-01 Datastore.open: the DB global works from a route (KV incr, insert, stream)', async () => {
  assert.deepEqual((await app.json('/db/count')).body, { visits: 1 });
  assert.deepEqual((await app.json('/db/count')).body, { visits: 2 });
  const created = await app.json('/db/items', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"a"}' });
  assert.equal(created.status, 201);
  const list = await app.json('/db/items');
  assert.deepEqual((list.body as { name: string }[]).map((d) => d.name), ['a']);
});

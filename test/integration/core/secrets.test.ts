import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFixture, type TestApp } from '../../helpers/app-server.js';

const SECRET = 's3cret-value-for-tests';
let app: TestApp;
before(async () => {
  app = await startFixture('core-app', { logLevel: 'debug' });
});
after(() => app?.close());

test('ENV-02 secrets: .env values never appear in the log, the banner lists names only', async () => {
  await app.json('/hello');
  await app.json('/env');
  const log = app.logs.text();
  assert.match(log, /env {8}\.env sets WEBHOOK_SECRET, GREETING, QUOTED, MULTI/);
  assert.ok(!log.includes(SECRET), 'a .env value was printed');
});

test('ENV-02 secrets: the admin API shows .env names with masked values', async () => {
  const res = await fetch(`http://127.0.0.1:${app.lh.port}/.localhooks/api/env`);
  const body = (await res.json()) as { variables: Record<string, string> };
  assert.equal(body.variables.WEBHOOK_SECRET, '****ests');
  assert.ok(!JSON.stringify(body).includes(SECRET));
});

test('admin: the health endpoint reports version, generation and SDK', async () => {
  const res = await fetch(`http://127.0.0.1:${app.lh.port}/.localhooks/api/health`);
  const body = (await res.json()) as Record<string, unknown>;
  assert.equal(body.status, 'ok');
  assert.equal(body.generation, 1);
  assert.deepEqual(body.sdk, { version: '1.4.3', source: 'localhooks' });
});

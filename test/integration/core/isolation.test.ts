import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DEFAULT_TIMEOUT_MS } from '../../../runtime/app.js';
import { startFixture, waitFor, type TestApp } from '../../helpers/app-server.js';

let app: TestApp;
before(async () => {
  app = await startFixture('core-app', { timeoutMs: 1500 });
});
after(() => app?.close());

test('ROUTE-13 throw: 500 JSON with the message, stack in the log', async () => {
  const r = await app.json('/fail/throw');
  assert.equal(r.status, 500);
  assert.deepEqual(r.body, { error: 'handler exploded' });
  await waitFor(() => app.logs.text().includes('handler exploded'), { what: 'stack in log' });
  assert.ok(app.logs.text().includes(`${join(app.dir, 'index.js')}:`), 'the stack names the real file');
});

test('ROUTE-13 rejection: async handler failure is a 500', async () => {
  const r = await app.json('/fail/reject');
  assert.equal(r.status, 500);
  assert.deepEqual(r.body, { error: 'async handler exploded' });
});

test('CONTRACT-30 unhandled rejection: logged with its stack, never fatal', async () => {
  assert.deepEqual((await app.json('/fail/unhandled')).body, { stillAlive: true });
  await waitFor(() => app.logs.text().includes('nobody catches me'), { what: 'unhandled rejection log' });
  assert.equal((await app.json('/hello')).status, 200);
});

test('ROUTE-14/AMB 4 timeout: a handler that never answers gets a 504 after --timeout (default 30 s)', async () => {
  assert.equal(DEFAULT_TIMEOUT_MS, 30_000);
  const r = await app.json('/fail/never');
  assert.equal(r.status, 504);
  assert.equal((r.body as { code: string }).code, 'LH_HANDLER_TIMEOUT');
  assert.equal((await app.json('/hello')).status, 200);
});

test('isolation: a sync infinite loop gets a 5xx, the runner is replaced, the very next request works', async () => {
  const gen = app.lh.host.generation;
  const r = await app.json('/fail/loop');
  assert.ok(r.status >= 500, `status ${r.status}`);
  // Sent at once: it queues behind the blocked handler and is handed to the replacement runner.
  assert.deepEqual((await app.json('/hello')).body, { message: 'hello', version: 1 });
  assert.ok(app.lh.host.generation > gen);
});

test('isolation: a handler that exits its thread gets a 5xx, later requests work', async () => {
  const r = await app.json('/fail/exit');
  assert.ok(r.status >= 500, `status ${r.status}`);
  assert.deepEqual((await app.json('/hello')).body, { message: 'hello', version: 1 });
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFixture, type TestApp } from '../../helpers/app-server.js';

let app: TestApp;
before(async () => {
  app = await startFixture('core-app');
});
after(() => app?.close());

test('MW-01/MW-02/MW-05 order: global, then path middleware, then the route chain', async () => {
  const r = await app.json('/mw/chain');
  assert.deepEqual(r.body, { order: ['global', 'path', 'route1', 'route2'], fromMiddleware: 'yes' });
  assert.equal(r.headers.get('x-global-mw'), '1');
});

test('REQ-13 middleware changes to req reach later functions', async () => {
  assert.equal(((await app.json('/mw/chain')).body as { fromMiddleware: string }).fromMiddleware, 'yes');
});

test('MW-03 regex middleware: runs for matching paths only', async () => {
  assert.equal((await app.fetch('/rx-mw')).headers.get('x-regex-mw'), '1');
  assert.equal((await app.fetch('/hello')).headers.get('x-regex-mw'), null);
});

test('MW-06 next(err): stops the chain with an error response', async () => {
  const r = await app.json('/mw/next-error');
  assert.equal(r.status, 500);
  assert.deepEqual(r.body, { error: 'refused by middleware' });
});

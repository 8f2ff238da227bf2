import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFixture, type TestApp } from '../../helpers/app-server.js';

let app: TestApp;
before(async () => {
  app = await startFixture('core-app');
});
after(() => app?.close());

test('LOCAL-01 hello: GET /dev/hello answers from the app', async () => {
  const r = await app.json('/hello');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { message: 'hello', version: 1 });
});

test('LOCAL-01 root: GET /dev hits app.get("/")', async () => {
  const res = await fetch(app.base);
  assert.equal(await res.text(), 'root');
});

test('ROUTE-05 params: :name segments are captured and decoded', async () => {
  const r = await app.json('/users/a%20b/books/42');
  assert.deepEqual(r.body, { id: 'a b', book: '42' });
});

test('ROUTE-06 wildcard: trailing * matches any remainder, inner * one segment', async () => {
  assert.deepEqual((await app.json('/files/a/b/c.txt')).body, { wildcard: '/files/a/b/c.txt' });
  assert.deepEqual((await app.json('/one/x/inbox')).body, { segment: true });
  assert.equal((await app.json('/one/x/y/inbox')).status, 404);
});

test('ROUTE-07 regex: RegExp routes match the api path', async () => {
  assert.deepEqual((await app.json('/foo')).body, { regex: '/foo' });
  assert.deepEqual((await app.json('/bar')).body, { regex: '/bar' });
  assert.equal((await app.json('/baz')).status, 404);
});

test('ROUTE-11/AMB 3 order: the first registered match wins, a param route before a literal one included', async () => {
  assert.deepEqual((await app.json('/first/literal')).body, { which: 'param' });
});

test('ROUTE-03 app.all: any method reaches the route', async () => {
  for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
    const r = await app.json('/echo-any', { method });
    assert.equal((r.body as { method: string }).method, method);
  }
});

test('ROUTE-04 trailing slash: one trailing slash is tolerated', async () => {
  assert.equal((await app.json('/hello/')).status, 200);
  assert.equal((await app.json('/hello/x')).status, 404);
});

test('ROUTE-12 unknown route: 404 JSON naming the path', async () => {
  const r = await app.json('/nope');
  assert.equal(r.status, 404);
  assert.match((r.body as { error: string }).error, /GET \/nope/);
});

test('ROUTE-01 URL layout: http://localhost:<port>/<space>/<route>; the space segment is cut before matching', async () => {
  assert.equal(app.base, `http://localhost:${app.lh.port}/dev`);
  assert.deepEqual((await app.json('/hello?x=1')).body, { message: 'hello', version: 1 });
  const renamed = await startFixture('hello-app', { space: 'prod' });
  try {
    assert.equal(renamed.base, `http://localhost:${renamed.lh.port}/prod`);
    assert.equal((await renamed.json('/hello')).status, 200);
    assert.equal((await fetch(`http://localhost:${renamed.lh.port}/dev/hello`)).status, 404, 'only the configured space is cut');
  } finally {
    await renamed.close();
  }
});

test('ROUTE-02 no space segment: routes also answer without /dev (AMB 1)', async () => {
  const res = await fetch(`http://127.0.0.1:${app.lh.port}/hello`);
  assert.deepEqual(await res.json(), { message: 'hello', version: 1 });
});

test('ROUTE-15/AMB 5 CORS: preflight answered with the requested headers, responses echo the Origin', async () => {
  // A front-end dev server on another loopback port (foreign origins: test/integration/security).
  const pre = await app.fetch('/hello', {
    method: 'OPTIONS',
    headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-apikey' },
  });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get('access-control-allow-origin'), 'http://localhost:5173');
  assert.match(pre.headers.get('access-control-allow-headers') ?? '', /x-apikey/);
  const res = await app.fetch('/hello', { headers: { origin: 'http://localhost:5173' } });
  assert.equal(res.headers.get('access-control-allow-origin'), 'http://localhost:5173');
});

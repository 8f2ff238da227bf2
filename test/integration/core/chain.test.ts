import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFixture, type TestApp } from '../../helpers/app-server.js';

const KEY = 'k-chain';
let app: TestApp;
before(async () => {
  // With a key configured, auth hooks decide for requests that carry none.
  app = await startFixture('chain-app', { apiKeys: [KEY] });
});
after(() => app?.close());

const get = (path: string) => app.json(path, { headers: { 'x-apikey': KEY } });

test('ROUTE-09 route chain: functions run in order, next() moves on, the last one still gets a callable next', async () => {
  assert.deepEqual((await get('/chain')).body, { seen: ['a', 'b', 'c'], lastNext: 'function' });
});

test('ROUTE-10 same method and path twice: the second handler answers, from the first one’s position', async () => {
  // Registered before `/dup/:any`, so it wins over the param route registered between the two.
  assert.deepEqual((await get('/dup/x')).body, { which: 'second' });
  assert.deepEqual((await get('/dup/y')).body, { which: 'param' });
});

test('MW-04 useRoute: a path or RegExp entry runs where it matches; other argument types are ignored', async () => {
  assert.equal((await get('/ur/a')).headers.get('x-use-route'), 'path');
  assert.equal((await get('/urx')).headers.get('x-use-route'), 'regex');
  assert.equal((await get('/bare')).headers.get('x-use-route'), null, 'the numeric entry was never added');
});

test('MW-07 a middleware entry without a function is skipped', async () => {
  const r = await get('/bare');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { bare: true });
  assert.equal(r.headers.get('x-global'), '1', 'the chain around it still runs');
});

test('MW-08 async middleware: awaited before the route; a rejection is a 500 and the route never runs', async () => {
  assert.deepEqual((await get('/async/a')).body, { viaAsync: true });
  const r = await get('/async-fail');
  assert.equal(r.status, 500);
  assert.deepEqual(r.body, { error: 'async middleware failed' });
  assert.deepEqual((await get('/async/a')).body, { viaAsync: true }, 'the server keeps serving');
});

test('MW-09 global middleware runs only for requests that match a route; a 404 runs none (AMB 11)', async () => {
  const runs = async () => ((await get('/global-runs')).body as { globalRuns: number }).globalRuns;
  const before = await runs();
  const miss = await get('/no/such/route');
  assert.equal(miss.status, 404);
  assert.equal(miss.headers.get('x-global'), null);
  assert.equal(await runs(), before + 1, 'only the /global-runs request itself ran it');
});

test('AUTH-03 the same auth path registered twice: the second hook list is the one that runs', async () => {
  const r = await app.json('/twice');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { open: true });
});

test('AUTH-08 changes an auth hook makes to req reach the route handler (AMB 15)', async () => {
  assert.deepEqual((await app.json('/who')).body, { user: { id: 'u1', via: 'auth hook' } });
  assert.deepEqual((await get('/who')).body, { user: null }, 'a valid key skips the hook');
});

test('CONTRACT-16 chain order: auth hook (only without credentials), then global and path middleware in order, then the route', async () => {
  assert.deepEqual((await app.json('/trail')).body, { trail: ['auth', 'global', 'path', 'route'] });
  assert.deepEqual((await get('/trail')).body, { trail: ['global', 'path', 'route'] }, 'a valid key skips the auth hook');
});

test('AMB 14 several auth patterns match: the first registered hook decides', async () => {
  assert.deepEqual((await app.json('/first-wins/x')).body, { open: true });
});

test('AMB 10 next(err) status: err.status when it is 4xx/5xx, else 500; 401 when an auth hook passes an error', async () => {
  const teapot = await get('/next-status');
  assert.deepEqual([teapot.status, (teapot.body as { error: string }).error], [418, 'teapot']);
  assert.equal((await get('/next-bad-status')).status, 500);
  assert.equal((await app.json('/refuse-by-next')).status, 401);
});

test('RES-11 res.render: the configured engine renders a view read from the app folder, sent as HTML', async () => {
  const res = await app.fetch('/page?name=%3Cb%3E', { headers: { 'x-apikey': KEY } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
  assert.equal(await res.text(), '<!doctype html>\n<h1>Hello &#60;b&#62;</h1>\n');
});

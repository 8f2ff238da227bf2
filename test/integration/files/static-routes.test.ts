import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFixture, waitFor, type TestApp } from '../../helpers/app-server.js';

let app: TestApp;
before(async () => {
  app = await startFixture('static-app');
});
after(() => app?.close());

const text = async (path: string) => {
  const res = await app.fetch(path);
  return { status: res.status, body: await res.text(), headers: res.headers };
};

test('ST-06 the SDK’s static regex: dotted folders and names with spaces do not match it; /wwwx matches route /www', async () => {
  const served = await text('/www/v1/app.js');
  assert.deepEqual([served.status, served.body], [200, 'www v1 app\n']);
  assert.deepEqual(JSON.parse((await text('/www/v1.2/app.js')).body), { answeredBy: 'route' });
  // With a space in the name no static route matches: the answer is the gateway's 404, not the SDK's.
  const spaced = await app.json<{ code: string }>('/www/my%20file.js');
  assert.deepEqual([spaced.status, spaced.body.code], [404, 'LH_ROUTE_NOT_FOUND']);
  const prefix = await text('/wwwx');
  assert.equal(prefix.status, 404);
  assert.match(prefix.body, /^No file here: /, 'the static route took it, not the /wwwx route');
});

test('ST-07 app.static route "/": matches almost every path, so only API routes registered before it answer', async () => {
  assert.deepEqual(JSON.parse((await text('/api/early')).body), { early: true });
  const site = await text('/style.css');
  assert.deepEqual([site.status, site.body], [200, 'body { }\n']);
  assert.match(site.headers.get('content-type') ?? '', /^text\/css/);
  const late = await text('/api/late');
  assert.equal(late.status, 404);
  assert.match(late.body, /^No file here: /);
});

test('ST-08 app.static hook: runs before the file is served and can set headers', async () => {
  const res = await text('/www/index.html');
  assert.equal(res.body, 'www index\n');
  assert.equal(res.headers.get('cache-control'), 'public, max-age=3600');
  assert.equal((await text('/style.css')).headers.get('cache-control'), null, 'only on its own route');
});

test('FS-06 readFileAsBuffer: resolves a Buffer; for a missing file the rejection is logged and the server goes on', async () => {
  assert.equal((await app.json('/blob', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'blob bytes ✓' })).status, 200);
  assert.deepEqual((await app.json('/blob')).body, { isBuffer: true, text: 'blob bytes ✓' });
  assert.deepEqual((await app.json('/blob-missing')).body, { started: true });
  await waitFor(() => /missing\.bin/.test(app.logs.text()), { what: 'the unhandled rejection in the log' });
  assert.ok(!app.logs.text().includes('settled after all'));
  assert.deepEqual((await app.json('/api/early')).body, { early: true });
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFixture, type TestApp } from '../../helpers/app-server.js';

const KEY = 'k-sdk-auth';
let app: TestApp;
before(async () => {
  app = await startFixture('sdk-auth-app', { apiKeys: [KEY] });
});
after(() => app?.close());

test('AUTH-07 the SDK’s own auth hooks: static and storage files with a known type, the OpenAPI spec and UI are public; the API is not', async () => {
  const status = (path: string, init?: RequestInit) => app.fetch(path, init).then(async (r) => (await r.arrayBuffer(), r.status));
  const up = await app.fetch('/upload?name=/media/clip.txt', { method: 'POST', headers: { 'x-apikey': KEY, 'content-type': 'application/octet-stream' }, body: 'stored bytes' });
  assert.equal(up.status, 200, await up.text());
  assert.equal(await status('/secret'), 401);
  assert.equal(await status('/www/index.html'), 200);
  assert.equal(await status('/media/clip.txt'), 200);
  assert.equal(await status('/openapi.json'), 200);
  assert.equal(await status('/docs'), 200);
  // No MIME type and no notFound: the SDK's hook refuses, so the file is not served without a key.
  assert.equal(await status('/www/README'), 401);
  assert.equal(await status('/www/README', { headers: { 'x-apikey': KEY } }), 200);
});

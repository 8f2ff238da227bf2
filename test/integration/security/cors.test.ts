import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestApp } from '../../helpers/app-server.js';
import { counts, send, startSecurityApp } from './security-app.js';

let app: TestApp;
let port: number;
before(async () => {
  app = await startSecurityApp();
  port = app.lh.port;
});
after(() => app?.close());

test('cors: pages on loopback origins (any port) read app routes, with credentials', async () => {
  for (const origin of ['http://localhost:5173', 'http://127.0.0.1:3000', 'http://[::1]:4200', 'http://shop.localhost:8081', `http://localhost:${port}`]) {
    const res = await send(port, '/dev/id/7', { headers: { origin } });
    assert.equal(res.status, 200, origin);
    assert.equal(res.headers['access-control-allow-origin'], origin);
    assert.equal(res.headers['access-control-allow-credentials'], 'true');
    assert.equal(res.headers.vary, 'origin');
  }
  const pre = await send(port, '/dev/secret', {
    method: 'OPTIONS',
    headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers['access-control-allow-origin'], 'http://localhost:5173');
});

test('cors: another site is refused with 403 LH_CORS_FORBIDDEN naming --cors; its writes never run', async () => {
  const before = await counts(app);
  const res = await send(port, '/dev/secret', { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'text/plain' }, body: 'x' });
  assert.equal(res.status, 403);
  assert.equal(res.json.code, 'LH_CORS_FORBIDDEN');
  assert.match(res.json.error!, /--cors https:\/\/evil\.example/);
  assert.equal(res.headers['access-control-allow-origin'], undefined);
  const pre = await send(port, '/dev/secret', { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'PUT' } });
  assert.equal(pre.status, 403);
  assert.equal(pre.headers['access-control-allow-origin'], undefined);
  // An <img> probe: no Origin, but the browser says cross-site.
  const img = await send(port, '/dev/visit', { headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'image' } });
  assert.equal(img.status, 403);
  assert.equal(img.json.code, 'LH_CORS_FORBIDDEN');
  const form = await send(port, '/dev/secret', { method: 'POST', headers: { origin: 'null', 'content-type': 'application/x-www-form-urlencoded' }, body: 'secret=x' });
  assert.equal(form.status, 403);
  assert.deepEqual(await counts(app), before);
  assert.match(app.logs.text(), /Origin https:\/\/evil\.example may not call this app/);
});

test('cors: --cors adds a site, --cors * any, and both are named in the banner', async () => {
  const listed = await startSecurityApp({ storage: 'memory', cors: ['https://app.example'] });
  const any = await startSecurityApp({ storage: 'memory', cors: ['*'] });
  try {
    const ok = await send(listed.lh.port, '/dev/id/1', { headers: { origin: 'https://app.example' } });
    assert.equal(ok.headers['access-control-allow-origin'], 'https://app.example');
    assert.equal((await send(listed.lh.port, '/dev/id/1', { headers: { origin: 'https://other.example' } })).json.code, 'LH_CORS_FORBIDDEN');
    assert.match(listed.logs.text(), /cors {7}pages on localhost, 127\.0\.0\.1, \[::1\] \(any port\), https:\/\/app\.example; other sites refused/);
    const anyRes = await send(any.lh.port, '/dev/id/1', { headers: { origin: 'https://other.example' } });
    assert.equal(anyRes.status, 200);
    assert.equal(anyRes.headers['access-control-allow-origin'], 'https://other.example');
    assert.equal(anyRes.headers['access-control-allow-credentials'], undefined);
    assert.match(any.logs.text(), /cors {7}any origin \(--cors \*\)/);
  } finally {
    await Promise.all([listed.close(), any.close()]);
  }
});

test('cors: with --apikey any origin is answered as on the platform, and the key still decides', async () => {
  const keyed = await startSecurityApp({ storage: 'memory', apiKeys: ['k-123456'] });
  try {
    const denied = await send(keyed.lh.port, '/dev/id/1', { headers: { origin: 'https://evil.example' } });
    assert.equal(denied.status, 401);
    assert.equal(denied.json.code, 'LH_AUTH_REQUIRED');
    const ok = await send(keyed.lh.port, '/dev/id/1', { headers: { origin: 'https://evil.example', 'x-apikey': 'k-123456' } });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers['access-control-allow-origin'], 'https://evil.example');
    assert.match(keyed.logs.text(), /cors {7}any origin \(API key required, as on Codehooks\)/);
  } finally {
    await keyed.close();
  }
  assert.match(app.logs.text(), /cors {7}pages on localhost, 127\.0\.0\.1, \[::1\] \(any port\); other sites refused \(--cors <origin> to add one\)/);
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestApp } from '../../helpers/app-server.js';
import { counts, rawExchange, send, startSecurityApp } from './security-app.js';

let app: TestApp;
let port: number;
before(async () => {
  app = await startSecurityApp({ allowedHosts: ['my-box.ts.net', '.trycloudflare.com'] });
  port = app.lh.port;
});
after(() => app?.close());

test('host check: localhost, *.localhost, IP addresses and --allowed-host names are served (app and admin)', async () => {
  for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `app.localhost:${port}`, `192.168.1.20:${port}`, 'my-box.ts.net', 'abc.trycloudflare.com']) {
    assert.equal((await send(port, '/dev/id/1', { host })).status, 200, host);
    assert.equal((await send(port, '/.localhooks/api/health', { host })).status, 200, host);
  }
});

test('host check: a rebound name gets 403 LH_HOST_NOT_ALLOWED naming --allowed-host, on app routes and the admin API', async () => {
  for (const path of ['/dev/secret', '/.localhooks/api/env', '/.localhooks/api/health', '/.localhooks/llm/v1/models']) {
    const res = await send(port, path, { host: `evil.example:${port}` });
    assert.equal(res.status, 403, path);
    assert.equal(res.json.code, 'LH_HOST_NOT_ALLOWED');
    assert.match(res.json.error!, /--allowed-host evil\.example/);
    assert.equal(res.headers['access-control-allow-origin'], undefined);
  }
  const post = await send(port, '/dev/secret', { method: 'POST', host: 'evil.example', headers: { 'content-type': 'application/json' }, body: '{"secret":"stolen"}' });
  assert.equal(post.status, 403);
  assert.equal((await counts(app)).secret, null, 'the refused write did not run');
  assert.match(app.logs.text(), /refused: Host "evil\.example" is not served/);
});

test('host check: a name served with --allowed-host (a tunnel) reaches app routes, not the admin API', async () => {
  assert.equal((await send(port, '/dev/secret', { host: 'my-box.ts.net' })).status, 200);
  const admin = await send(port, '/.localhooks/api/env', { host: 'my-box.ts.net' });
  assert.equal(admin.status, 403);
  assert.equal(admin.json.code, 'LH_ADMIN_FORBIDDEN');
  assert.match(admin.json.error!, /LOCALHOOKS_ADMIN_OPEN=1/);
  const opened = await startSecurityApp({ storage: 'memory', allowedHosts: ['my-box.ts.net'], adminOpen: true });
  try {
    assert.equal((await send(opened.lh.port, '/.localhooks/api/env', { host: 'my-box.ts.net' })).status, 200);
  } finally {
    await opened.close();
  }
});

test('host check: an HTTP/1.1 request without Host is 400 LH_BAD_REQUEST; HTTP/1.0 without one is served', async () => {
  const res = await send(port, '/dev/id/1', { host: null });
  assert.equal(res.status, 400);
  assert.equal(res.json.code, 'LH_BAD_REQUEST');
  const old = await rawExchange(port, 'GET /dev/id/1 HTTP/1.0\r\n\r\n');
  assert.equal(old.status, 200);
});

test('host check: binding 0.0.0.0 keeps the check; --host adds its own name', async () => {
  const open = await startSecurityApp({ host: '0.0.0.0', storage: 'memory' });
  try {
    assert.equal((await send(open.lh.port, '/dev/id/1', { host: 'evil.example' })).json.code, 'LH_HOST_NOT_ALLOWED');
    assert.equal((await send(open.lh.port, '/dev/id/1')).status, 200);
  } finally {
    await open.close();
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminRefusal, createAppCors, isLoopbackOrigin, parseCorsOrigin } from '../../../runtime/server/origin-policy.js';
import { createHostCheck } from '../../../runtime/server/host-check.js';

const HOST = 'localhost:8080';

test('host check: localhost, *.localhost and IP addresses are served, other names get LH_HOST_NOT_ALLOWED naming the flag', () => {
  const check = createHostCheck();
  for (const h of ['localhost', 'localhost:8080', 'LOCALHOST.:8080', 'app.localhost:3000', '127.0.0.1:8080', '[::1]:8080', '10.1.2.3', undefined]) {
    assert.equal(check.refuse(h), null, `${h} should be served`);
  }
  for (const h of ['evil.example', 'evil.example:8080', 'localhost.evil.example', '127.0.0.1.nip.io', 'localhost-evil', '[::1].evil']) {
    const err = check.refuse(h);
    assert.equal(err?.code, 'LH_HOST_NOT_ALLOWED', `${h} should be refused`);
    assert.equal(err?.status, 403);
    assert.match(err!.message, /--allowed-host/);
  }
});

test('host check: --allowed-host names, .domain suffixes, the --host address and * widen it', () => {
  const check = createHostCheck({ allowed: ['my-box.ts.net', '.trycloudflare.com'], listenHost: 'devbox.lan' });
  assert.equal(check.refuse('my-box.ts.net'), null);
  assert.equal(check.refuse('MY-BOX.ts.net:443'), null);
  assert.equal(check.refuse('abc.trycloudflare.com'), null);
  assert.equal(check.refuse('trycloudflare.com'), null);
  assert.equal(check.refuse('devbox.lan:8080'), null);
  assert.equal(check.refuse('other.ts.net')?.code, 'LH_HOST_NOT_ALLOWED');
  assert.equal(check.describe(), 'localhost, *.localhost, IP addresses, my-box.ts.net, devbox.lan, *.trycloudflare.com');
  assert.equal(createHostCheck({ allowed: ['*'] }).refuse('anything.example'), null);
  // Binding every interface keeps the check.
  assert.equal(createHostCheck({ listenHost: '0.0.0.0' }).refuse('evil.example')?.code, 'LH_HOST_NOT_ALLOWED');
});

test('cors: loopback origins on any port are allowed with credentials; others refused with LH_CORS_FORBIDDEN', () => {
  const cors = createAppCors();
  for (const o of ['http://localhost:5173', 'http://127.0.0.1:3000', 'http://[::1]:8081', 'https://app.localhost', 'http://127.0.0.2']) {
    assert.ok(isLoopbackOrigin(o), o);
    assert.deepEqual(cors.decide('GET', { origin: o, host: HOST }), {
      headers: { 'access-control-allow-origin': o, 'access-control-allow-credentials': 'true', vary: 'origin' },
    });
  }
  for (const o of ['https://evil.example', 'http://localhost.evil.example', 'null', 'file://', 'http://10.0.0.1:8080']) {
    const d = cors.decide('POST', { origin: o, host: HOST });
    assert.ok('refused' in d, o);
    assert.equal(d.refused.code, 'LH_CORS_FORBIDDEN');
    assert.match(d.refused.message, /--cors/);
  }
  // Same origin as the server (a page the app serves through a tunnel name) is always allowed.
  assert.ok('headers' in cors.decide('POST', { origin: 'https://my-box.ts.net', host: 'my-box.ts.net' }));
});

test('cors: requests without Origin are refused only when the browser says they are cross-site (img, script), not links', () => {
  const cors = createAppCors();
  assert.ok('headers' in cors.decide('GET', { host: HOST }), 'curl');
  assert.ok('headers' in cors.decide('GET', { host: HOST, 'sec-fetch-site': 'same-site' }));
  assert.ok('headers' in cors.decide('GET', { host: HOST, 'sec-fetch-site': 'none' }));
  const img = cors.decide('GET', { host: HOST, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'image' });
  assert.ok('refused' in img && img.refused.code === 'LH_CORS_FORBIDDEN');
  const fromLocalPage = cors.decide('GET', { host: HOST, 'sec-fetch-site': 'cross-site', 'sec-fetch-dest': 'image', referer: 'http://127.0.0.1:5173/page' });
  assert.ok('headers' in fromLocalPage);
  const link = cors.decide('GET', { host: HOST, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' });
  assert.ok('headers' in link);
  const framed = cors.decide('GET', { host: HOST, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'iframe' });
  assert.ok('refused' in framed);
});

test('cors: --cors adds origins, * allows any (without credentials), --apikey behaves as the platform', () => {
  const listed = createAppCors({ origins: ['https://app.example'] });
  assert.equal((listed.decide('GET', { origin: 'https://app.example', host: HOST }) as { headers: Record<string, string> }).headers['access-control-allow-origin'], 'https://app.example');
  assert.ok('refused' in listed.decide('GET', { origin: 'https://other.example', host: HOST }));
  assert.match(listed.describe(), /localhost.*https:\/\/app\.example/);
  const any = createAppCors({ origins: ['*'] });
  assert.deepEqual(any.decide('GET', { origin: 'https://x.example', host: HOST }), { headers: { 'access-control-allow-origin': 'https://x.example', vary: 'origin' } });
  assert.ok('headers' in any.decide('GET', { host: HOST, 'sec-fetch-site': 'cross-site' }));
  assert.equal(any.describe(), 'any origin (--cors *)');
  const keyed = createAppCors({ apiKeys: true });
  assert.ok('headers' in keyed.decide('POST', { origin: 'https://x.example', host: HOST }));
  assert.equal(keyed.describe(), 'any origin (API key required, as on Codehooks)');
});

test('cors: --cors values are origins, null or *', () => {
  assert.equal(parseCorsOrigin('https://App.Example/'), 'https://app.example');
  assert.equal(parseCorsOrigin('http://localhost:5173'), 'http://localhost:5173');
  assert.equal(parseCorsOrigin('*'), '*');
  assert.equal(parseCorsOrigin('null'), 'null');
  for (const bad of ['app.example', 'https://app.example/path', 'ftp://x', 'https://a.example?x=1', '']) {
    const r = parseCorsOrigin(bad);
    assert.equal(typeof r, 'object', bad);
    assert.match((r as { error: string }).error, /--cors expects an origin/);
  }
});

test('admin: same-origin or origin-less only; state-changing calls need JSON or x-localhooks-client', () => {
  assert.equal(adminRefusal('GET', { host: HOST }), null);
  assert.equal(adminRefusal('GET', { host: HOST, origin: 'http://localhost:8080', 'sec-fetch-site': 'same-origin' }), null);
  assert.equal(adminRefusal('GET', { host: HOST, 'sec-fetch-site': 'none' }), null);
  assert.equal(adminRefusal('GET', { host: HOST, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' }), null);
  assert.equal(adminRefusal('GET', { host: HOST, origin: 'http://localhost:5173' })?.code, 'LH_ADMIN_CROSS_ORIGIN');
  assert.equal(adminRefusal('GET', { host: HOST, 'sec-fetch-site': 'same-site' })?.code, 'LH_ADMIN_CROSS_ORIGIN');
  assert.equal(adminRefusal('GET', { host: HOST, 'sec-fetch-site': 'cross-site', 'sec-fetch-dest': 'image' })?.code, 'LH_ADMIN_CROSS_ORIGIN');
  assert.equal(adminRefusal('POST', { host: HOST })?.code, 'LH_ADMIN_CSRF');
  assert.equal(adminRefusal('POST', { host: HOST, 'content-type': 'application/x-www-form-urlencoded' })?.code, 'LH_ADMIN_CSRF');
  assert.equal(adminRefusal('POST', { host: HOST, 'content-type': 'text/plain' })?.code, 'LH_ADMIN_CSRF');
  assert.equal(adminRefusal('POST', { host: HOST, 'content-type': 'application/json; charset=utf-8' }), null);
  assert.equal(adminRefusal('DELETE', { host: HOST, 'x-localhooks-client': 'cli' }), null);
});

test('host check and CORS: a decision remembered for the last Host or Origin never carries over to another one', () => {
  const check = createHostCheck();
  // Interleaved, so that each refused name comes right after an allowed one was remembered.
  for (let i = 0; i < 3; i++) {
    assert.equal(check.refuse('localhost:8080'), null);
    assert.equal(check.refuse('evil.example:8080')?.code, 'LH_HOST_NOT_ALLOWED');
    assert.equal(check.refuse('localhost:8080'), null);
    assert.equal(check.refuse('localhost.evil.example')?.code, 'LH_HOST_NOT_ALLOWED');
  }
  const cors = createAppCors();
  const decide = (origin: string, host = HOST) => cors.decide('GET', { origin, host });
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(decide('http://localhost:5173'), { headers: { 'access-control-allow-origin': 'http://localhost:5173', 'access-control-allow-credentials': 'true', vary: 'origin' } });
    assert.equal('refused' in decide('https://evil.example'), true);
    // Same origin as the Host: allowed for that Host only.
    assert.equal('headers' in decide('http://devbox.lan:8080', 'devbox.lan:8080'), true);
    assert.equal('refused' in decide('http://devbox.lan:8080', 'other.lan:8080'), true);
    assert.equal('refused' in decide('http://devbox.lan:8080', undefined as unknown as string), true);
  }
});

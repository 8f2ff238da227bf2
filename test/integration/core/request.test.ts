import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { postJson, startFixture, type TestApp } from '../../helpers/app-server.js';

let app: TestApp;
before(async () => {
  app = await startFixture('core-app');
});
after(() => app?.close());

test('REQ-01…10/AMB 7 echo: req carries headers, query, path, apiPath, originalUrl, params, body, method, hostname', async () => {
  const r = await app.json('/echo?size=small&tag=a&tag=b', { headers: { 'X-Custom': 'Yes' } });
  const req = r.body as Record<string, any>;
  assert.equal(req.headers['x-custom'], 'Yes');
  assert.deepEqual(req.query, { size: 'small', tag: ['a', 'b'] });
  assert.equal(req.path, '/dev/echo');
  assert.equal(req.apiPath, '/echo');
  assert.equal(req.originalUrl, '/dev/echo?size=small&tag=a&tag=b');
  assert.deepEqual(req.params, {});
  assert.deepEqual(req.body, {});
  assert.equal(req.method, 'GET');
  assert.equal(req.hostname, 'localhost');
});

test('REQ-12 res.json(req): serialises the JSON-safe keys only', async () => {
  const req = (await app.json('/echo')).body as Record<string, unknown>;
  assert.deepEqual(Object.keys(req).sort(), ['apiPath', 'body', 'headers', 'hostname', 'method', 'originalUrl', 'params', 'path', 'query']);
});

test('REQ-14 extras: x-real-ip and x-forwarded-for are present', async () => {
  const req = (await app.json('/echo')).body as { headers: Record<string, string> };
  assert.match(req.headers['x-real-ip']!, /127\.0\.0\.1/);
  assert.ok(req.headers['x-forwarded-for']);
});

test('REQ-05 rawBody: HMAC of the exact bytes verifies for unusual spacing and unicode', async () => {
  const body = '{ "a" :1,\n\t"text":"héllo — 世界 🎉",   "n": 1.50 }';
  const sig = createHmac('sha256', 's3cret-value-for-tests').update(Buffer.from(body, 'utf8')).digest('hex');
  const r = await app.json('/hmac', { method: 'POST', headers: { 'content-type': 'application/json', 'x-signature': sig }, body });
  assert.deepEqual(r.body, { valid: true, parsed: { a: 1, text: 'héllo — 世界 🎉', n: 1.5 } });
  const bad = await app.json('/hmac', { method: 'POST', headers: { 'content-type': 'application/json', 'x-signature': 'x' }, body });
  assert.equal((bad.body as { valid: boolean }).valid, false);
});

test('REQ-04 urlencoded: parsed into an object of strings, rawBody kept', async () => {
  const r = await app.json('/form', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1&b=two+words&c=%C3%A9' });
  assert.deepEqual(r.body, { body: { a: '1', b: 'two words', c: 'é' }, raw: 'a=1&b=two+words&c=%C3%A9' });
});

test('REQ-04 text: text bodies arrive as strings', async () => {
  const r = await app.json('/text', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'plain words' });
  assert.deepEqual(r.body, { body: 'plain words' });
});

test('REQ-11 binary: octet-stream bodies stream through req.on', async () => {
  const bytes = randomBytes(200_000);
  const r = await app.json('/upload', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
  assert.deepEqual(r.body, { bytes: bytes.length, sha: createHash('sha256').update(bytes).digest('hex') });
});

test('REQ-15/AMB 38 malformed JSON: 400 naming the problem, the route does not run, server keeps serving', async () => {
  const r = await app.json('/hmac', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' });
  assert.equal(r.status, 400);
  assert.match((r.body as { error: string }).error, /Malformed JSON/);
  assert.equal((r.body as { code: string }).code, 'LH_BAD_JSON');
  assert.equal((await app.json('/hello')).status, 200);
});

test('REQ-04 empty JSON body: body is {}', async () => {
  const r = await app.json('/echo-any', { method: 'POST', headers: { 'content-type': 'application/json' } });
  assert.deepEqual(r.body, { method: 'POST', body: {} });
});

test('ROUTE-16 body size: a 12 MB JSON body is accepted', async () => {
  const big = { data: 'x'.repeat(12 * 1024 * 1024) };
  const r = await app.json('/echo-any', postJson(big));
  assert.equal(r.status, 200);
  assert.equal((r.body as { body: { data: string } }).body.data.length, big.data.length);
});

test('ROUTE-17 query: built from the URL, repeated keys become arrays, brackets are not parsed (AMB 6)', async () => {
  const r = await app.json('/echo?tag=a&tag=b&a[b]=1&list[]=x&list[]=y&q=two+words%21&empty=');
  assert.deepEqual((r.body as { query: unknown }).query, { tag: ['a', 'b'], 'a[b]': '1', 'list[]': ['x', 'y'], q: 'two words!', empty: '' });
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFixture, type TestApp } from '../../helpers/app-server.js';

let app: TestApp;
before(async () => {
  app = await startFixture('core-app', { apiKeys: ['key-123'] });
});
after(() => app?.close());

test('AUTH-05/AMB 13 no key, no hook: 401 JSON {error, code}', async () => {
  const r = await app.json('/private');
  assert.equal(r.status, 401);
  assert.equal((r.body as { code: string }).code, 'LH_AUTH_REQUIRED');
  assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
  assert.equal(typeof (r.body as { error: unknown }).error, 'string');
});

test('AUTH-01 valid x-apikey: allowed', async () => {
  assert.equal((await app.json('/private', { headers: { 'x-apikey': 'key-123' } })).status, 200);
});

test('AUTH-09/AMB 16 x-api-key spelling and Bearer key are accepted too', async () => {
  assert.equal((await app.json('/private', { headers: { 'x-api-key': 'key-123' } })).status, 200);
  assert.equal((await app.json('/private', { headers: { authorization: 'Bearer key-123' } })).status, 200);
});

test('AUTH-05 invalid key: 401 even where an auth hook would open the path', async () => {
  const r = await app.json('/public/info', { headers: { 'x-apikey': 'wrong' } });
  assert.equal(r.status, 401);
  assert.equal((r.body as { code: string }).code, 'LH_AUTH_INVALID_KEY');
});

test('AUTH-04 auth hook: /public/* is open without a key', async () => {
  assert.deepEqual((await app.json('/public/info')).body, { public: true });
});

test('AUTH-04 auth hook: refuses by answering itself, allows with next()', async () => {
  assert.equal((await app.json('/guarded')).status, 403);
  assert.deepEqual((await app.json('/guarded', { headers: { 'x-pass': 'letmein' } })).body, { guarded: true });
});

test('AUTH-01 a bearer token that is no key (a JWT) goes to the auth hooks', async () => {
  assert.deepEqual((await app.json('/public/info', { headers: { authorization: 'Bearer eyJhbGciOi.jwt.sig' } })).body, { public: true });
  assert.equal((await app.json('/private', { headers: { authorization: 'Bearer eyJhbGciOi.jwt.sig' } })).status, 401);
});

test('AUTH-04 a valid key skips auth hooks', async () => {
  assert.deepEqual((await app.json('/guarded', { headers: { 'x-apikey': 'key-123' } })).body, { guarded: true });
});

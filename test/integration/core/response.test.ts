import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFixture, type TestApp } from '../../helpers/app-server.js';

let app: TestApp;
before(async () => {
  app = await startFixture('core-app');
});
after(() => app?.close());

test('RES-01 status: chains into json', async () => {
  const r = await app.json('/res/status');
  assert.equal(r.status, 201);
  assert.deepEqual(r.body, { created: true });
  assert.match(r.headers.get('content-type') ?? '', /application\/json/);
});

test('RES-02…04 headers: set, headers(), setHeader arrays, removeHeader', async () => {
  const res = await app.fetch('/res/headers');
  assert.equal(res.headers.get('x-one'), '1');
  assert.equal(res.headers.get('x-two'), '2');
  assert.equal(res.headers.get('x-three'), null);
  assert.deepEqual(res.headers.getSetCookie(), ['a=1', 'b=2']);
  assert.equal(await res.text(), 'headers');
});

test('RES-08 write: chunks stream and end', async () => {
  const res = await app.fetch('/res/stream');
  assert.equal(await res.text(), 'part1,part2,end');
});

test('RES-08 binary: write with buffer encoding keeps bytes', async () => {
  const res = await app.fetch('/res/binary');
  assert.deepEqual([...new Uint8Array(await res.arrayBuffer())], [0, 1, 2, 255]);
});

test('RES-09 redirect: 302 by default, explicit 301', async () => {
  const a = await app.fetch('/res/redirect', { redirect: 'manual' });
  assert.equal(a.status, 302);
  assert.equal(a.headers.get('location'), '/dev/hello');
  const b = await app.fetch('/res/redirect301', { redirect: 'manual' });
  assert.equal(b.status, 301);
});

test('RES-13 unbound: status and end work detached from res', async () => {
  const res = await app.fetch('/res/unbound');
  assert.equal(res.status, 202);
});

test('RES-12 double finish: later sends are silent no-ops', async () => {
  const res = await app.fetch('/res/twice');
  assert.equal(await res.text(), 'first');
  assert.ok(!app.logs.text().includes('/res/twice failed'));
});

test('RES-10 writable: a Node Writable streams into the response', async () => {
  assert.equal(await (await app.fetch('/res/writable')).text(), 'via writable');
});

test('RES-07 end(object): objects are sent as JSON', async () => {
  assert.deepEqual((await app.json('/res/object-end')).body, { as: 'json' });
});

test('RES-15 empty status: status(401) then end() gives an empty 401', async () => {
  const res = await app.fetch('/res/empty401');
  assert.equal(res.status, 401);
  assert.equal(await res.text(), '');
});

test('RES-06 send(Error): errors are sent with their message, not {}', async () => {
  assert.deepEqual((await app.json('/res/error-object')).body, { error: 'boom object', name: 'Error' });
});

test('RES-14 res.next: exists inside a chain', async () => {
  assert.deepEqual((await app.json('/mw/alias')).body, { hasNext: 'function' });
});

test('AMB 9 default content types: send(string) is text/html, end(string) text/plain, both UTF-8', async () => {
  assert.equal((await app.fetch('/')).headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal((await app.fetch('/res/headers')).headers.get('content-type'), 'text/plain; charset=utf-8');
});

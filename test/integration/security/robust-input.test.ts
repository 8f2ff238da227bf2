import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { TestApp } from '../../helpers/app-server.js';
import { BODY_LIMIT } from '../../../runtime/server/index.js';
import { rawExchange, send, startSecurityApp } from './security-app.js';

let app: TestApp;
let port: number;
before(async () => {
  // The real limits: 50–64 MB bodies must not meet a test-sized request timeout on a busy machine.
  app = await startSecurityApp();
  port = app.lh.port;
});
after(() => app?.close());

function expectCode(res: { status: number; text: string }, status: number, code: string): void {
  assert.equal(res.status, status, res.text);
  assert.match(res.text, new RegExp(`"code":"${code}"`), res.text);
}

test('input: malformed percent-escapes in the path (route parameters) → 400 LH_BAD_URL, not 500', async () => {
  for (const path of ['/dev/id/%E0%A4%A', '/dev/id/%C3%28', '/dev/id/%ZZ', '/dev/crud/items/%', '/id/%E0%A4%A', '/dev/%E0%A4%A']) {
    const res = await send(port, path);
    assert.equal(res.status, 400, path);
    assert.equal(res.json.code, 'LH_BAD_URL');
    assert.match(res.json.error!, /percent-escape/);
  }
  // Valid escapes decode; query strings keep an undecodable escape as written, as the platform does.
  assert.deepEqual((await send(port, '/dev/id/caf%C3%A9?a=%E0%A4%A&b=%ZZ')).json, { id: 'café', query: { a: '%E0%A4%A', b: '%ZZ' } });
});

test('input: an over-long URL → 414 LH_URL_TOO_LONG; over-long headers → 431 LH_HEADERS_TOO_LARGE', async () => {
  const long = await send(port, `/dev/id/${'a'.repeat(9000)}`);
  assert.equal(long.status, 414);
  assert.equal(long.json.code, 'LH_URL_TOO_LONG');
  const admin = await send(port, `/.localhooks/api/health?${'a'.repeat(9000)}`);
  assert.equal(admin.json.code, 'LH_URL_TOO_LONG');
  expectCode(await rawExchange(port, `GET /dev/id/1 HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`), 431, 'LH_HEADERS_TOO_LARGE');
});

test('input: a JSON body that is not UTF-8 → 400 LH_BAD_JSON; broken JSON → 400 LH_BAD_JSON', async () => {
  const bad = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]);
  const res = await send(port, '/dev/echo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: bad });
  assert.equal(res.status, 400);
  assert.equal(res.json.code, 'LH_BAD_JSON');
  assert.match(res.json.error!, /UTF-8/);
  assert.equal((await send(port, '/dev/echo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' })).json.code, 'LH_BAD_JSON');
});

test('input: bodies over the limit → 413 LH_BODY_TOO_LARGE, announced or streamed', async () => {
  const announced = await rawExchange(port, `POST /dev/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${BODY_LIMIT + 1}\r\n\r\n{`);
  expectCode(announced, 413, 'LH_BODY_TOO_LARGE');
  const streamed = await new Promise<{ status: number; text: string }>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('close', () => resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1] ?? 0), text }));
    socket.on('error', () => {});
    socket.write('POST /dev/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n');
    const data = Buffer.alloc(1024 * 1024, 'a');
    const chunk = Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')]);
    let sent = 0;
    const pump = () => {
      while (sent <= BODY_LIMIT && !socket.destroyed) {
        sent += data.length;
        if (!socket.write(chunk)) return void socket.once('drain', pump);
      }
    };
    pump();
  });
  expectCode(streamed, 413, 'LH_BODY_TOO_LARGE');
});

test('input: bytes that are not HTTP, CONNECT and conflicting lengths → 400 LH_BAD_REQUEST', async () => {
  expectCode(await rawExchange(port, '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 tls hello\r\n\r\n'), 400, 'LH_BAD_REQUEST');
  expectCode(await rawExchange(port, 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n'), 400, 'LH_BAD_REQUEST');
  expectCode(await rawExchange(port, 'POST /dev/echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'), 400, 'LH_BAD_REQUEST');
});

test('input: a 50 MB body the workflow engine stores → 413 LH_DB_TOO_LARGE raised in the runner, not a 500 without code', async () => {
  const body = JSON.stringify({ text: 'x'.repeat(50 * 1024 * 1024) });
  const res = await fetch(`${app.base}/flow`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const answer = (await res.json()) as { error: string; code: string };
  assert.equal(res.status, 413);
  assert.equal(answer.code, 'LH_DB_TOO_LARGE');
  assert.match(answer.error, /"workflowdata" is larger than 16777216 bytes/);
});

test('input: __proto__ in a query string never reaches Object.prototype in the coderunner, crudlify included', async () => {
  for (const path of ['/dev/crud/items?__proto__=aaaa', '/dev/crud/items?__proto__[polluted]=1', '/dev/crud/items/_byquery?__proto__=bbbb&x=1', '/dev/id/1?%5F%5Fproto%5F%5F=cccc']) {
    const res = await send(port, path);
    assert.ok(res.status < 500, `${path}: ${res.status} ${res.text}`);
  }
  assert.deepEqual((await send(port, '/dev/id/1?__proto__=x&a=1')).json, { id: '1', query: { a: '1' } });
  assert.deepEqual((await send(port, '/dev/prototype')).json, { added: [] });
});

test('input: after all of the above the server still answers', async () => {
  assert.equal((await send(port, '/dev/id/ok')).status, 200);
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestApp } from '../../helpers/app-server.js';
import { rawExchange, send, startSecurityApp } from './security-app.js';

let app: TestApp;
let port: number;
before(async () => {
  // Short slow-client timeouts so that the test waits a fraction of a second, not the real 20 s / 120 s; this
  // server gets no large bodies, which would meet the same short timeout on a busy machine.
  app = await startSecurityApp({ httpLimits: { headersTimeoutMs: 300, requestTimeoutMs: 600 } });
  port = app.lh.port;
});
after(() => app?.close());

function expectCode(res: { status: number; text: string }, status: number, code: string): void {
  assert.equal(res.status, status, res.text);
  assert.match(res.text, new RegExp(`"code":"${code}"`), res.text);
}

test('input: slow clients (headers or body not sent in time) → 408 LH_REQUEST_TIMEOUT and the socket is closed', async () => {
  expectCode(await rawExchange(port, 'GET /dev/id/1 HTTP/1.1\r\nHost: localhost\r\n', { timeoutMs: 5_000 }), 408, 'LH_REQUEST_TIMEOUT');
  const body = await rawExchange(port, 'POST /dev/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nab', { timeoutMs: 5_000 });
  expectCode(body, 408, 'LH_REQUEST_TIMEOUT');
});

test('input: after slow clients the server still answers', async () => {
  assert.equal((await send(port, '/dev/id/ok')).status, 200);
});

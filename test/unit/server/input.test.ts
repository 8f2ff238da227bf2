import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBody, parseQuery } from '../../../runtime/server/body.js';
import { errorResponse, rawErrorResponse, gatewayError } from '../../../runtime/server/errors.js';
import { hideHostPaths, redactSecrets } from '../../../runtime/server/redact.js';
import { LocalhooksError } from '../../../runtime/errors.js';

test('query: repeated keys become arrays, + is a space, undecodable escapes are kept as written', () => {
  assert.deepEqual(parseQuery('a=1&a=2&a=3&b=x+y&c=%E0%A4%A&d=100%&e'), { a: ['1', '2', '3'], b: 'x y', c: '%E0%A4%A', d: '100%', e: '' });
  // `__proto__` is dropped (as Express's parser does): a merge of the query into an object must not reach Object.prototype.
  const q = parseQuery('__proto__=x&a=1&__proto__=y&%5F%5Fproto%5F%5F=z');
  assert.deepEqual(Object.getPrototypeOf(q), Object.prototype);
  assert.deepEqual(Object.keys(q), ['a']);
  assert.equal(Object.hasOwn(q, '__proto__'), false);
});

test('body: JSON that is not UTF-8 is LH_BAD_JSON, not replacement characters', () => {
  assert.throws(() => parseBody('application/json', Buffer.from([0x22, 0xc3, 0x28, 0x22])), (e: LocalhooksError) => e.code === 'LH_BAD_JSON' && e.status === 400 && /UTF-8/.test(e.message));
  assert.deepEqual(parseBody('application/json', Buffer.from('{"a":"é"}')), { a: 'é' });
  assert.deepEqual(parseBody('application/x-www-form-urlencoded', Buffer.from('a=%ZZ&b=2')), { a: '%ZZ', b: '2' });
});

test('errors: one function turns errors into responses, also errors that crossed from the coderunner', () => {
  assert.deepEqual(errorResponse(gatewayError('LH_URL_TOO_LONG', 'long')), { status: 414, body: { error: 'long', code: 'LH_URL_TOO_LONG' } });
  const crossed = Object.assign(new Error('Document is larger than 16777216 bytes'), { code: 'LH_DB_TOO_LARGE', status: 413 });
  assert.deepEqual(errorResponse(crossed, 'app'), { status: 413, body: { error: crossed.message, code: 'LH_DB_TOO_LARGE' } });
  assert.deepEqual(errorResponse(new Error('boom'), 'app'), { status: 500, body: { error: 'boom' } });
  assert.deepEqual(errorResponse(new Error('boom')), { status: 500, body: { error: 'boom', code: 'LH_INTERNAL' } });
  assert.deepEqual(errorResponse({ statusCode: 400, message: 'bad' }), { status: 400, body: { error: 'bad', code: 'LH_BAD_REQUEST' } });
  const raw = rawErrorResponse(gatewayError('LH_REQUEST_TIMEOUT', 'slow'));
  assert.match(raw, /^HTTP\/1\.1 408 Request Timeout\r\n/);
  assert.ok(raw.endsWith('{"error":"slow","code":"LH_REQUEST_TIMEOUT"}'));
});

test('redact: .env values, API keys and token parameters are masked in log lines', () => {
  const line = redactSecrets('/dev/x?apikey=k-123456&token=abc&q=my%20long%20secret&s=sk-live-999999', ['my long secret', 'sk-live-999999', 'dev']);
  assert.equal(line, '/dev/x?apikey=****&token=****&q=****&s=****');
  assert.equal(redactSecrets('/dev/dev?x=1', ['dev']), '/dev/dev?x=1', 'short values are not masked');
});

test('redact: a stack in an error body keeps frames in the app folder only, relative', () => {
  const stack = [
    'TypeError: boom at load /work/app/index.js',
    '    at file:///work/app/index.js:3:9',
    '    at Worker.load (/opt/localhooks/dist/runtime/runner/worker.js:40:3)',
    '    at node:internal/modules/esm/module_job:1:1',
  ].join('\n');
  const out = hideHostPaths(stack, '/work/app', '/opt/localhooks');
  assert.equal(out, ['TypeError: boom at load ./index.js', '    at ./index.js:3:9', '    (2 frames outside the app folder left out)'].join('\n'));
  assert.ok(!hideHostPaths('failed in /opt/localhooks/dist/x.js', '/work/app', '/opt/localhooks').includes('/opt/'));
});

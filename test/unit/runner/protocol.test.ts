import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addMissing, decodeRequest, encodeRequest, flatHeaders, headerMap, headerOf, requestJson, setHeader, type FlatHeaders, type GatewayRequest } from '../../../runtime/runner/protocol.js';

test('flat headers: what the gateway adds to an answer keeps what the app set, as the object form did', () => {
  const h: FlatHeaders = flatHeaders({ 'content-type': 'text/html', vary: 'accept', 'set-cookie': ['a=1', 'b=2'] });
  assert.deepEqual(h, ['content-type', 'text/html', 'vary', 'accept', 'set-cookie', ['a=1', 'b=2']]);
  addMissing(h, { vary: 'origin', 'access-control-allow-origin': '*' });
  assert.equal(headerOf(h, 'vary'), 'accept', "the app's own value stays");
  assert.equal(headerOf(h, 'access-control-allow-origin'), '*');
  setHeader(h, 'content-length', '5');
  setHeader(h, 'content-length', '7');
  assert.equal(headerOf(h, 'content-length'), '7');
  assert.equal(h.filter((x) => x === 'content-length').length, 1, 'replaced, not repeated');
  assert.equal(headerOf(h, 'etag'), undefined);
  assert.deepEqual(headerMap(h), { 'content-type': 'text/html', vary: 'accept', 'set-cookie': ['a=1', 'b=2'], 'access-control-allow-origin': '*', 'content-length': '7' });
});

test('flat headers: a field named __proto__ stays a field of the shown object', () => {
  const shown = headerMap(['__proto__', 'x', 'a', 'b']);
  assert.equal(Object.getPrototypeOf(shown), Object.prototype);
  assert.deepEqual(Object.keys(shown), ['__proto__', 'a']);
  assert.equal(JSON.stringify(shown), '{"__proto__":"x","a":"b"}');
});

test('flat headers: fields inherited from a polluted Object.prototype are never sent', () => {
  const proto = Object.prototype as Record<string, unknown>;
  proto['0'] = '\u0000';
  proto['x-evil'] = 'yes';
  try {
    const h = flatHeaders({ 'content-type': 'text/plain' });
    addMissing(h, { vary: 'origin' });
    assert.deepEqual(h, ['content-type', 'text/plain', 'vary', 'origin']);
  } finally {
    delete proto['0'];
    delete proto['x-evil'];
  }
});

test('requests: the coderunner derives path, query and hostname from the URL and Host the main thread sent', () => {
  const sent = (originalUrl: string, host: string | undefined, body = Buffer.alloc(0)): GatewayRequest => ({
    method: 'POST', apiPath: '/x', originalUrl, headers: host === undefined ? {} : { host }, ip: '127.0.0.1', body: body.byteLength ? { a: 1 } : {}, rawBody: body, authenticated: true,
  });
  const a = decodeRequest(encodeRequest(sent('/dev/x?q=1&q=2&s=a+b&bad=100%&__proto__=p', 'Example.test:8080'), false));
  assert.deepEqual([a.path, a.query, a.hostname], ['/dev/x', { q: ['1', '2'], s: 'a b', bad: '100%' }, 'Example.test']);
  assert.equal(Object.getPrototypeOf(a.query), Object.prototype);
  const b = decodeRequest(encodeRequest(sent('/dev/x', '[::1]:8080', Buffer.from('{"a":1}')), true));
  assert.deepEqual([b.path, b.query, b.hostname, b.body], ['/dev/x', {}, '[::1]', { a: 1 }]);
  assert.equal(decodeRequest(encodeRequest(sent('/', undefined), false)).hostname, 'localhost');
  assert.deepEqual(Object.keys(JSON.parse(requestJson(sent('/dev/x?q=1', 'h')))), ['method', 'apiPath', 'originalUrl', 'headers', 'ip', 'authenticated']);
});

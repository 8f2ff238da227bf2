import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addMissing, flatHeaders, headerMap, headerOf, setHeader, type FlatHeaders } from '../../../runtime/runner/protocol.js';

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

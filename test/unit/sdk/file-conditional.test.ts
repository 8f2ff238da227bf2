import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideFileAnswer, etagOf, parseRange, type ServedFile } from '../../../sdk/files/conditional.js';

const mtimeMs = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
const file: ServedFile = { size: 1000, mtimeMs, etag: etagOf(1000, BigInt(mtimeMs) * 1_000_000n) };
const lastModified = new Date(mtimeMs).toUTCString();

test('conditional: etag changes with size and nanosecond mtime; a plain GET streams with validators', () => {
  assert.notEqual(etagOf(1000, 1n), etagOf(1000, 2n));
  assert.notEqual(etagOf(1000, 1n), etagOf(1001, 1n));
  assert.match(file.etag, /^"[0-9a-f]+-3e8"$/);
  assert.deepEqual(decideFileAnswer('GET', 200, {}, file), {
    kind: 'stream',
    headers: { etag: file.etag, 'last-modified': lastModified, 'accept-ranges': 'bytes' },
  });
});

test('conditional: If-None-Match (list, weak, *) → 304; a stale tag streams', () => {
  for (const inm of [file.etag, `"x", ${file.etag}`, `W/${file.etag}`, '*']) {
    const a = decideFileAnswer('GET', 200, { 'if-none-match': inm }, file);
    assert.equal(a.kind, 'empty', inm);
    assert.equal(a.kind === 'empty' && a.status, 304);
  }
  assert.equal(decideFileAnswer('GET', 200, { 'if-none-match': '"old"' }, file).kind, 'stream');
  // If-None-Match wins over If-Modified-Since.
  assert.equal(decideFileAnswer('GET', 200, { 'if-none-match': '"old"', 'if-modified-since': lastModified }, file).kind, 'stream');
});

test('conditional: If-Modified-Since at or after the second of the mtime → 304; before, or unparseable → stream', () => {
  assert.equal(decideFileAnswer('GET', 200, { 'if-modified-since': lastModified }, file).kind, 'empty');
  assert.equal(decideFileAnswer('GET', 200, { 'if-modified-since': new Date(mtimeMs - 2000).toUTCString() }, file).kind, 'stream');
  assert.equal(decideFileAnswer('GET', 200, { 'if-modified-since': 'yesterday' }, file).kind, 'stream');
});

test('conditional: HEAD gets the length and validators without a body; a 404 page gets no validators', () => {
  assert.deepEqual(decideFileAnswer('HEAD', 200, {}, file), {
    kind: 'head',
    headers: { etag: file.etag, 'last-modified': lastModified, 'accept-ranges': 'bytes', 'content-length': '1000' },
  });
  assert.deepEqual(decideFileAnswer('HEAD', 404, {}, file), { kind: 'head', headers: { 'content-length': '1000' } });
  assert.deepEqual(decideFileAnswer('GET', 404, { 'if-none-match': file.etag, range: 'bytes=0-1' }, file), { kind: 'stream', headers: {} });
  assert.deepEqual(decideFileAnswer('POST', 200, { 'if-none-match': file.etag, range: 'bytes=0-1' }, file), { kind: 'stream', headers: {} });
});

test('conditional: Range → 206 with content-range; unsatisfiable → 416; If-Range must match strongly', () => {
  const r = decideFileAnswer('GET', 200, { range: 'bytes=10-19' }, file);
  assert.equal(r.kind, 'range');
  if (r.kind !== 'range') return;
  assert.deepEqual([r.start, r.end, r.headers['content-range'], r.headers['content-length']], [10, 19, 'bytes 10-19/1000', '10']);
  const tail = decideFileAnswer('GET', 200, { range: 'bytes=-100' }, file);
  assert.equal(tail.kind === 'range' && tail.headers['content-range'], 'bytes 900-999/1000');
  const bad = decideFileAnswer('GET', 200, { range: 'bytes=5000-' }, file);
  assert.deepEqual(bad.kind === 'empty' && [bad.status, bad.headers['content-range']], [416, 'bytes */1000']);
  assert.equal(decideFileAnswer('GET', 200, { range: 'bytes=0-1', 'if-range': file.etag }, file).kind, 'range');
  assert.equal(decideFileAnswer('GET', 200, { range: 'bytes=0-1', 'if-range': lastModified }, file).kind, 'range');
  assert.equal(decideFileAnswer('GET', 200, { range: 'bytes=0-1', 'if-range': '"other"' }, file).kind, 'stream');
  assert.equal(decideFileAnswer('GET', 200, { range: 'bytes=0-1', 'if-range': `W/${file.etag}` }, file).kind, 'stream');
  assert.equal(decideFileAnswer('HEAD', 200, { range: 'bytes=0-1' }, file).kind, 'head');
});

test('conditional: an ETag the app set itself is compared instead of ours and not replaced', () => {
  const a = decideFileAnswer('GET', 200, { 'if-none-match': '"app-v2"' }, file, '"app-v2"');
  assert.equal(a.kind, 'empty');
  const b = decideFileAnswer('GET', 200, {}, file, '"app-v2"');
  assert.equal(b.kind === 'stream' && b.headers.etag, undefined);
});

test('parseRange: one range of each form; several or malformed ranges serve the whole file', () => {
  assert.deepEqual(parseRange('bytes=0-0', 10), { start: 0, end: 0 });
  assert.deepEqual(parseRange('bytes=5-', 10), { start: 5, end: 9 });
  assert.deepEqual(parseRange('bytes=5-100', 10), { start: 5, end: 9 });
  assert.deepEqual(parseRange('bytes=-3', 10), { start: 7, end: 9 });
  assert.deepEqual(parseRange('bytes=-30', 10), { start: 0, end: 9 });
  assert.equal(parseRange('bytes=10-', 10), 'unsatisfiable');
  assert.equal(parseRange('bytes=-0', 10), 'unsatisfiable');
  assert.equal(parseRange('bytes=0-', 0), 'unsatisfiable');
  for (const v of ['bytes=0-1,3-4', 'items=0-1', 'bytes=5-2', 'bytes=-', 'bytes=a-b']) assert.equal(parseRange(v, 10), 'ignore', v);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../../runtime/clock.js';
import { createMemoryLogger } from '../../../runtime/logger.js';
import { RequestInbox, REPLAY_HEADER } from '../../../runtime/inbox/inbox.js';
import { maskHeaders } from '../../../runtime/inbox/mask.js';
import { openStore } from '../../../runtime/storage/index.js';
import type { RunnerRequest } from '../../../runtime/runner/protocol.js';

const req = (url: string, body = '', headers: Record<string, string> = {}): RunnerRequest =>
  ({ method: 'POST', path: url, apiPath: url, originalUrl: url, query: {}, headers: { ...headers }, hostname: 'localhost', ip: '127.0.0.1', body: null, rawBody: Buffer.from(body), authenticated: true }) as RunnerRequest;

test('inbox: a ring of the newest requests; bodies over the limit truncated; the replay marker taken off', async () => {
  const store = await openStore({ backend: 'memory' });
  const seen: number[] = [];
  const inbox = await RequestInbox.open({ store, clock: new FakeClock(0), logger: createMemoryLogger('debug'), options: { capacity: 3, bodyLimit: 4 }, onFinished: (e) => seen.push(e.id) });
  for (let i = 1; i <= 5; i++) inbox.open(req(`/r${i}`, 'abcdefgh')).answer(200, { 'content-type': 'text/plain' }, new TextEncoder().encode('0123456789'));
  assert.deepEqual(inbox.list().map((e) => e.url), ['/r5', '/r4', '/r3']);
  assert.deepEqual(seen, [1, 2, 3, 4, 5]);
  const e = inbox.get(5)!;
  assert.deepEqual([e.bodySize, e.bodyTruncated, Buffer.from(e.body).toString()], [8, true, 'abcd']);
  assert.deepEqual([e.responseSize, e.responseTruncated, Buffer.from(e.responseBody!).toString()], [10, true, '0123']);
  assert.equal(inbox.get(1), undefined);
  const headers = { [REPLAY_HEADER]: '5.nonce1' };
  const waiting = inbox.expect('nonce1');
  const r = req('/again', '', headers);
  const h = inbox.open(r);
  assert.equal(r.headers[REPLAY_HEADER], undefined, 'the app never sees the marker');
  h.failed(Object.assign(new Error('too slow'), { code: 'LH_HANDLER_TIMEOUT', status: 504 }));
  const replay = await waiting;
  assert.deepEqual([replay.replayOf, replay.status, replay.error?.code], [5, 504, 'LH_HANDLER_TIMEOUT']);
  await inbox.close();
});

test('inbox: credential headers and .env values are masked for display', () => {
  const shown = maskHeaders({ authorization: 'Bearer abcdefghijklmnopqrstuvwxyz', 'x-hub-signature-256': 'sha256=00', 'x-signature-timestamp': '1700000000', 'x-note': 'key is supersecretvalue here', accept: '*/*' }, ['supersecretvalue', 'no']);
  assert.deepEqual(shown, { authorization: '****wxyz', 'x-hub-signature-256': '****', 'x-signature-timestamp': '1700000000', 'x-note': 'key is **** here', accept: '*/*' });
});

test('inbox: an answered entry reads back byte-exact (kept as flat strings) and survives a reopen', async () => {
  const store = await openStore({ backend: 'memory' });
  const opts = { store, clock: new FakeClock(0), logger: createMemoryLogger('debug') };
  const inbox = await RequestInbox.open(opts);
  const binary = Uint8Array.from([0, 0xff, 0xc3, 0x28, 0x80, 10]);
  const r = req('/dev/upload?x=1', '', { 'content-type': 'application/octet-stream', 'set-cookie-ish': 'a' });
  r.rawBody = binary;
  r.apiPath = '/upload';
  const h = inbox.open(r);
  const inFlight = inbox.get(1)!;
  assert.equal(inFlight.status, null);
  assert.equal(inFlight.url, '/dev/upload?x=1');
  h.answer(201, { 'content-type': 'image/png', 'set-cookie': ['a=1', 'b=2'] }, Uint8Array.from([0x89, 0x50, 0xfe, 0]));
  const e = inbox.get(1)!;
  assert.deepEqual([e.method, e.url, e.path, e.status], ['POST', '/dev/upload?x=1', '/upload', 201]);
  assert.deepEqual(e.headers, { 'content-type': 'application/octet-stream', 'set-cookie-ish': 'a' });
  assert.deepEqual([...e.body], [...binary]);
  assert.deepEqual(e.responseHeaders, { 'content-type': 'image/png', 'set-cookie': ['a=1', 'b=2'] });
  assert.deepEqual([...e.responseBody!], [0x89, 0x50, 0xfe, 0]);
  await inbox.close();
  const again = await RequestInbox.open(opts);
  const back = again.get(1)!;
  assert.deepEqual([back.url, back.status, [...back.body], [...back.responseBody!]], ['/dev/upload?x=1', 201, [...binary], [0x89, 0x50, 0xfe, 0]]);
  assert.deepEqual(back.responseHeaders, { 'content-type': 'image/png', 'set-cookie': ['a=1', 'b=2'] });
  await again.close();
});

test('inbox: the store keeps the newest requests of a burst larger than the ring; one still in flight is not written', async () => {
  const store = await openStore({ backend: 'memory' });
  const opts = { store, clock: new FakeClock(0), logger: createMemoryLogger('debug'), options: { capacity: 3 } };
  const inbox = await RequestInbox.open(opts);
  for (let i = 1; i <= 7; i++) inbox.open(req(`/r${i}`)).answer(200, {}, new Uint8Array(0));
  inbox.open(req('/pending'));
  await inbox.close();
  const again = await RequestInbox.open(opts);
  assert.deepEqual(again.list().map((e) => [e.id, e.url]), [[7, '/r7'], [6, '/r6'], [5, '/r5']]);
  await again.close();
});

test('inbox: large entries stay on the heap, a late answer never overwrites a newer entry, an overwritten one is not written', async () => {
  const store = await openStore({ backend: 'memory' });
  const opts = { store, clock: new FakeClock(0), logger: createMemoryLogger('debug'), options: { capacity: 2 } };
  const inbox = await RequestInbox.open(opts);
  const big = 'x'.repeat(5000);
  inbox.open(req('/big', big)).answer(200, {}, new TextEncoder().encode(big));
  const first = inbox.get(1)!;
  assert.equal(Buffer.from(first.body).toString(), big);
  const late = inbox.open(req('/late'));
  inbox.open(req('/r3')).answer(200, { 'x-n': '3' }, new TextEncoder().encode('three'));
  inbox.open(req('/r4')).answer(200, {}, new Uint8Array(0));
  late.answer(200, { 'x-n': 'late' }, new TextEncoder().encode('late'));
  const r3 = inbox.get(3)!;
  assert.deepEqual([r3.url, r3.responseHeaders, Buffer.from(r3.responseBody!).toString()], ['/r3', { 'x-n': '3' }, 'three']);
  // Entry 1 left the ring; entry 3 took its slot. A reference kept from before reads as gone, never as entry 3.
  assert.equal((first as { readable?: boolean }).readable, true, 'a heap entry stays readable');
  assert.deepEqual(inbox.list().map((e) => [e.url, e.responseHeaders]), [['/r4', {}], ['/r3', { 'x-n': '3' }]]);
  await inbox.close();
});

test('inbox: an entry whose slot a newer one took reads as gone, never as the newer one', async () => {
  const store = await openStore({ backend: 'memory' });
  const inbox = await RequestInbox.open({ store, clock: new FakeClock(0), logger: createMemoryLogger('debug'), options: { capacity: 2 } });
  inbox.open(req('/one', 'a')).answer(200, {}, new TextEncoder().encode('1'));
  const one = inbox.get(1)!;
  assert.equal(one.url, '/one');
  inbox.open(req('/two')).answer(200, {}, new Uint8Array(0));
  inbox.open(req('/three', 'c')).answer(200, {}, new TextEncoder().encode('3'));
  assert.equal((one as { readable?: boolean }).readable, false);
  assert.deepEqual([one.headers, one.body.byteLength], [{}, 0]);
  assert.deepEqual(inbox.list().map((e) => e.url), ['/three', '/two']);
  await inbox.close();
});

test('inbox: answers given as name, value pairs (the gateway) read back as objects, in the arena, on the heap and after a reopen', async () => {
  const store = await openStore({ backend: 'memory' });
  const opts = { store, clock: new FakeClock(0), logger: createMemoryLogger('debug') };
  const inbox = await RequestInbox.open(opts);
  const flat = ['content-type', 'application/json', 'set-cookie', ['a=1', 'b=2'], 'vary', 'origin'];
  const shown = { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'], vary: 'origin' };
  inbox.open(req('/small', '{}')).answer(200, flat, new TextEncoder().encode('{"ok":true}'));
  // Multi-byte characters in the request: the arena's size bound counts UTF-16 units, the bytes are UTF-8.
  inbox.open(req('/héllo-✓', '', { 'x-note': 'ünïcödé ✓✓✓' })).answer(201, flat, new TextEncoder().encode('ok'));
  const big = 'x'.repeat(5000);
  inbox.open(req('/big', big)).answer(200, flat, new TextEncoder().encode(big));
  const [b, u, s] = inbox.list();
  assert.deepEqual([s!.url, s!.responseHeaders, Buffer.from(s!.responseBody!).toString()], ['/small', shown, '{"ok":true}']);
  assert.deepEqual([u!.url, u!.headers, u!.status, u!.responseHeaders], ['/héllo-✓', { 'x-note': 'ünïcödé ✓✓✓' }, 201, shown]);
  assert.deepEqual([b!.url, b!.responseHeaders, Buffer.from(b!.body).toString()], ['/big', shown, big]);
  await inbox.close();
  const again = await RequestInbox.open(opts);
  assert.deepEqual(again.list().map((e) => [e.url, e.responseHeaders]), [['/big', shown], ['/héllo-✓', shown], ['/small', shown]]);
  await again.close();
});
